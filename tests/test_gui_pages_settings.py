"""Settings, as a learner changes them: each change is saved at once and still there when the
profile is opened again; the passphrase change re-seals the keys; trust bundles come and go;
and the first-run welcome imports the samples."""

from __future__ import annotations

from pathlib import Path

import pytest
from _identity_support import use_keyring  # noqa: F401 - a fixture
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot
from test_trust_store_cli import bundle

from portfolio_app.identity import kdf
from portfolio_app.identity.errors import WrongPassphrase
from portfolio_app.identity.service import create_identity, load_signing_keys
from portfolio_app.services import pages_facade
from portfolio_app.services.portfolio import Portfolio
from portfolio_app.ui.main_window import MainWindow
from portfolio_app.ui.settings_page import SettingsPage
from portfolio_app.ui.tasks import SynchronousRunner
from portfolio_app.ui.welcome_dialog import maybe_welcome

OLD, NEW = "the old passphrase, quite long", "the new passphrase, longer still"


@pytest.fixture(autouse=True)
def _no_keychain(use_keyring) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    from keyring.backends import fail

    use_keyring(fail.Keyring())


def answers(*values: str | None):  # type: ignore[no-untyped-def]
    queue = list(values)

    def ask(_parent: QWidget, _title: str, _label: str) -> str | None:
        return queue.pop(0) if queue else None

    return ask


def test_settings_are_saved_as_they_are_changed_and_persist(
    qtbot: QtBot, tmp_path: Path
) -> None:
    data_dir = tmp_path / "p"
    with Portfolio(data_dir) as portfolio:
        page = SettingsPage(portfolio, SynchronousRunner())
        qtbot.addWidget(page)
        page.show()
        v = page.view
        assert v.data_dir.text() == str(data_dir)

        v.name.setText("  Ada Learner ")
        qtbot.mouseClick(v.save_name, Qt.MouseButton.LeftButton)
        v.new_email.setText("ada@example.org")
        qtbot.mouseClick(v.add_email, Qt.MouseButton.LeftButton)
        v.new_email.setText("ada@work.example")
        qtbot.keyClick(v.new_email, Qt.Key.Key_Return)
        assert [v.emails.item(i).text() for i in range(v.emails.count())] == [
            "ada@example.org", "ada@work.example"]
        v.emails.setCurrentRow(0)
        qtbot.mouseClick(v.remove_email, Qt.MouseButton.LeftButton)
        v.network.setChecked(True)
        v.language.setCurrentIndex(v.language.findData("de"))
        assert "next starts" in v.status.text()

        v.new_email.setText("not an address")
        qtbot.mouseClick(v.add_email, Qt.MouseButton.LeftButton)
        assert "not an email address" in v.status.text()

    with Portfolio(data_dir) as reopened:
        assert pages_facade.learner_name(reopened) == "Ada Learner"
        assert reopened.learner_emails == ("ada@work.example",)
        assert reopened.network_allowed is True
        assert pages_facade.language(reopened) == "de"
        page = SettingsPage(reopened, SynchronousRunner())
        qtbot.addWidget(page)
        page.show()
        assert page.view.network.isChecked()
        assert page.view.language.currentData() == "de"


def test_trust_bundles_are_listed_imported_and_removed(qtbot: QtBot, tmp_path: Path) -> None:
    folder = bundle(tmp_path / "career-centre")
    with Portfolio(tmp_path / "p") as portfolio:
        page = SettingsPage(portfolio, SynchronousRunner(), choose_folder=lambda _p: folder)
        qtbot.addWidget(page)
        page.show()
        assert page.view.trust.topLevelItemCount() == 0
        page.view.import_trust.click()
        assert page.view.trust.topLevelItemCount() == 1
        row = page.view.trust.topLevelItem(0)
        assert row.text(0) == "career-centre"
        assert int(row.text(1)) >= 4
        assert row.text(2)[:4] == "2026" and len(row.text(2)) == 10  # the newest item's date
        page.view.trust.setCurrentItem(row)
        page.view.remove_trust.click()
        assert page.view.trust.topLevelItemCount() == 0
        assert portfolio.trust_items() == []


def test_passphrase_change_reseals_the_keys(qtbot: QtBot, tmp_path: Path) -> None:
    data_dir = tmp_path / "p"
    create_identity(data_dir, name="Ada", passphrase=OLD, protection="passphrase",
                    limits=kdf.TEST_LIMITS)
    with Portfolio(data_dir) as portfolio:
        page = SettingsPage(portfolio, SynchronousRunner(), ask=answers(OLD),
                            ask_new=answers(NEW), kdf_limits=kdf.TEST_LIMITS)
        qtbot.addWidget(page)
        page.show()
        assert page.view.change_passphrase.isVisibleTo(page)
        assert not page.view.create_keys.isVisibleTo(page)
        assert "passphrase" in page.view.keys.text()
        page.view.change_passphrase.click()
        assert "Passphrase changed" in page.view.status.text()
    assert load_signing_keys(data_dir, passphrase=NEW).did
    with pytest.raises(WrongPassphrase):
        load_signing_keys(data_dir, passphrase=OLD)


def test_a_wrong_current_passphrase_changes_nothing(qtbot: QtBot, tmp_path: Path) -> None:
    data_dir = tmp_path / "p"
    create_identity(data_dir, name="Ada", passphrase=OLD, protection="passphrase",
                    limits=kdf.TEST_LIMITS)
    with Portfolio(data_dir) as portfolio:
        page = SettingsPage(portfolio, SynchronousRunner(), ask=answers("guess, guess, guess"),
                            ask_new=answers(NEW), kdf_limits=kdf.TEST_LIMITS)
        qtbot.addWidget(page)
        page.show()
        page.view.change_passphrase.click()
        assert "passphrase" in page.view.status.text().lower()
        assert "changed" not in page.view.status.text()
    assert load_signing_keys(data_dir, passphrase=OLD).did


def test_keys_can_be_created_from_settings(qtbot: QtBot, tmp_path: Path) -> None:
    with Portfolio(tmp_path / "p") as portfolio:
        page = SettingsPage(portfolio, SynchronousRunner(), ask_new=answers(NEW),
                            kdf_limits=kdf.TEST_LIMITS)
        qtbot.addWidget(page)
        page.show()
        assert page.view.create_keys.isVisibleTo(page)
        page.view.name.setText("Ada Learner")
        page.view.create_keys.click()
        assert "created" in page.view.status.text()
        assert portfolio.keys_status().name == "Ada Learner"
        assert page.view.change_passphrase.isVisibleTo(page)
    assert load_signing_keys(tmp_path / "p", passphrase=NEW).did


def test_first_run_welcome_imports_the_samples_once(qtbot: QtBot, tmp_path: Path) -> None:
    with Portfolio(tmp_path / "p") as portfolio:
        window = MainWindow(portfolio, SynchronousRunner())
        qtbot.addWidget(window)
        maybe_welcome(window)
        dialog = window.welcome  # type: ignore[attr-defined]
        assert dialog.isVisible()
        qtbot.mouseClick(dialog.samples, Qt.MouseButton.LeftButton)
        assert not dialog.isVisible()
        assert len(portfolio.credentials()) == len(portfolio.sample_paths())
        assert window.pages.currentIndex() == 1, "the wallet now shows them"

        del window.welcome  # type: ignore[attr-defined]
        maybe_welcome(window)
        assert not hasattr(window, "welcome"), "the welcome is shown once per profile"


def test_install_pages_adds_the_pages_and_keyboard_shortcuts(qtbot: QtBot, tmp_path: Path) -> None:
    from PySide6.QtGui import QKeySequence

    from portfolio_app.ui.export_wizard import ExportWizard

    with Portfolio(tmp_path / "p") as portfolio:
        window = MainWindow(portfolio, SynchronousRunner())
        qtbot.addWidget(window)
        titles = [window.nav.item(i).text() for i in range(window.nav.count())]
        assert titles[1:] == ["Qualifications", "Skills", "Settings"]
        menus = {a.text(): a for a in window.menuBar().actions()}
        view = {a.text(): a for a in menus["&View"].menu().actions()}
        pages = ("Qualifications", "Skills", "Settings")
        shortcuts = {name: view[name].shortcut() for name in pages}
        assert shortcuts == {"Qualifications": QKeySequence("Ctrl+2"),
                             "Skills": QKeySequence("Ctrl+3"), "Settings": QKeySequence("Ctrl+4")}
        view["Settings"].trigger()
        assert window.stack.currentWidget().objectName() == "page-settings"
        export = window.export_action  # type: ignore[attr-defined]
        assert export.shortcut() == QKeySequence("Ctrl+E")
        export.trigger()
        wizard = window.export_wizard  # type: ignore[attr-defined]
        assert isinstance(wizard, ExportWizard) and wizard.isVisible()
        wizard.reject()


def test_welcome_is_not_offered_on_a_filled_wallet_and_never_reads_it_whole(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A profile filled from the command line is not welcomed as empty, and asking costs one
    probe: building every credential (seconds on 10,000) stalled the wallet's first paints."""
    with Portfolio(tmp_path / "p") as portfolio:
        assert pages_facade.wallet_is_empty(portfolio)
        portfolio.import_paths(portfolio.sample_paths()[:1])
        assert not pages_facade.wallet_is_empty(portfolio)

        def whole_wallet() -> None:
            raise AssertionError("the welcome read every credential")

        monkeypatch.setattr(portfolio, "credentials", whole_wallet)
        monkeypatch.setattr(portfolio.repo, "list_credentials", whole_wallet)
        window = MainWindow(portfolio, SynchronousRunner())
        qtbot.addWidget(window)
        maybe_welcome(window)
        assert not hasattr(window, "welcome"), "a wallet with a credential is not welcomed"
        assert pages_facade.welcomed(portfolio), "and the question is not asked again"

        asked: list[str] = []  # a task's exception is not raised here: record instead
        monkeypatch.setattr(portfolio.repo, "set_setting", lambda *a: asked.append("write"))
        monkeypatch.setattr(pages_facade, "wallet_is_empty", lambda _p: asked.append("probe"))
        maybe_welcome(window)  # the next start: one settings read, no write, no probe
        assert asked == [], "a welcomed profile is neither probed nor written at start"
        assert not hasattr(window, "welcome")
