"""The first window, as a newcomer meets it: empty wallet, samples, import, cancel."""

from __future__ import annotations

from pathlib import Path

from _identity_support import use_keyring  # noqa: F401 - a fixture
from pytestqt.qtbot import QtBot

from portfolio_app.services.importing import ImportStatus
from portfolio_app.services.portfolio import Portfolio
from portfolio_app.ui.main_window import MainWindow
from portfolio_app.ui.tasks import SynchronousRunner, TaskControl, TaskResult, ThreadPoolRunner
from portfolio_app.ui.wallet_model import COL_FORMAT, COL_ISSUER, COL_STATUS, COL_TITLE


def _cell(window: MainWindow, row: int, column: int) -> str:
    return str(window.proxy.index(row, column).data())


def test_empty_profile_offers_samples_that_import_off_the_gui_thread(
    qtbot: QtBot, tmp_path: Path
) -> None:
    with Portfolio(tmp_path) as portfolio:
        runner = ThreadPoolRunner()
        window = MainWindow(portfolio, runner)
        qtbot.addWidget(window)
        assert window.pages.currentIndex() == 0, "empty state first"
        assert window.samples_button.isEnabled()

        qtbot.mouseClick(window.samples_button, _left())
        assert window.busy
        qtbot.waitUntil(lambda: not window.busy, timeout=30_000)

        assert window.pages.currentIndex() == 1
        assert window.model.rowCount() == len(portfolio.sample_paths())
        titles = {_cell(window, r, COL_TITLE) for r in range(window.proxy.rowCount())}
        assert "Teamwork" in titles
        # Each status is a symbol and a word (never a colour alone): compare the words.
        statuses = {
            _cell(window, r, COL_STATUS).split(" ", 1)[1] for r in range(window.proxy.rowCount())
        }
        assert {"verified", "expired", "unverifiable"} <= statuses
        assert "imported" in window.statusBar().currentMessage()


def test_import_reports_refusals_and_filter_narrows_the_list(
    qtbot: QtBot, tmp_path: Path, public_fixtures: Path
) -> None:
    with Portfolio(tmp_path / "p") as portfolio:
        window = MainWindow(portfolio, SynchronousRunner())
        qtbot.addWidget(window)
        bad = tmp_path / "broken.png"
        bad.write_bytes(b"\x89PNG\r\n\x1a\n")
        window.import_paths(
            [
                public_fixtures / "dcc-obv3-vc2-eddsa-didkey-basic.json",
                public_fixtures / "w3c-vcdieddsa-eddsa-rdfc-2022-signed.json",
                bad,
            ]
        )
        report = window.last_report
        assert report is not None
        assert report.count(ImportStatus.IMPORTED) == 2
        (refused,) = [o for o in report.outcomes if o.status is ImportStatus.REJECTED]
        assert refused.line.startswith("broken.png: ")
        assert "1 refused" in window.statusBar().currentMessage()

        window.search.setText("alumni")
        window.wallet.apply_filter()  # what the debounce timer does after a pause in typing
        assert window.proxy.rowCount() == 1
        assert _cell(window, 0, COL_TITLE) == "Alumni Credential"
        assert _cell(window, 0, COL_FORMAT) == "vc"
        window.search.setText("")
        window.wallet.apply_filter()
        issuers = {_cell(window, r, COL_ISSUER) for r in range(window.proxy.rowCount())}
        assert "Example Corp" in issuers


class _CancelFirst:
    """A runner that lets the test press Cancel before the work starts."""

    def start(self, work, on_done, on_progress=None):  # type: ignore[no-untyped-def]
        control = TaskControl(on_progress or (lambda *_: None))
        control.cancel()
        on_done(TaskResult(work(control), None))
        return control


def test_cancel_keeps_the_wallet_consistent(
    qtbot: QtBot, tmp_path: Path, public_fixtures: Path
) -> None:
    with Portfolio(tmp_path) as portfolio:
        window = MainWindow(portfolio, _CancelFirst())
        qtbot.addWidget(window)
        window.import_paths([public_fixtures])
        report = window.last_report
        assert report is not None and report.cancelled
        assert report.count(ImportStatus.IMPORTED) == 0
        assert "cancelled" in window.statusBar().currentMessage()
        assert portfolio.credentials() == []
        assert window.import_files_action.isEnabled(), "actions come back after cancel"


def _left():  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt

    return Qt.MouseButton.LeftButton


def test_window_says_how_the_keys_are_protected(
    qtbot: QtBot,
    tmp_path: Path,
    use_keyring,  # type: ignore[no-untyped-def]  # noqa: F811
) -> None:
    """Real (default) Argon2 limits here: weak test limits are rightly reported as not secure."""
    from keyring.backends import fail

    from portfolio_app.identity.service import create_identity

    use_keyring(fail.Keyring())  # a lab machine: no usable OS keychain
    with Portfolio(tmp_path) as portfolio:
        window = MainWindow(portfolio, SynchronousRunner())
        qtbot.addWidget(window)
        assert window.keys_label.text().startswith("No identity yet")
        assert "passphrase" in window.keys_label.text()

        create_identity(tmp_path, name="Ada", passphrase="a long lab passphrase")
        again = MainWindow(portfolio, SynchronousRunner())
        qtbot.addWidget(again)
        assert "passphrase" in again.keys_label.text()
        assert again.keys_label.text().endswith("(secure)")
        assert "did:key:z6Mk" in again.keys_label.toolTip()
