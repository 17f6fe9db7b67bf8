"""The window as a learner uses it (issue 14): drop files, filter, open a credential's details
with every check, re-verify, remove and undo, paste, follow the command line, and read every
refusal in the import summary itself.

Offscreen Qt; modal dialogs are stubbed; work runs through ``SynchronousRunner`` unless the
test is about the background.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent, QGuiApplication
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

from portfolio_app import cli
from portfolio_app.services.importing import ImportStatus
from portfolio_app.services.pages_facade import set_welcomed
from portfolio_app.services.portfolio import Portfolio
from portfolio_app.ui.main_window import MainWindow
from portfolio_app.ui.tasks import SynchronousRunner
from portfolio_app.ui.wallet_model import COL_TITLE, STATUS_ROLE

BASIC = "dcc-obv3-vc2-eddsa-didkey-basic.json"
ALUMNI = "w3c-vcdieddsa-eddsa-rdfc-2022-signed.json"
EXPIRED = "dcc-obv3-vc1-ed25519-didkey-expired.json"
HOSTED = "1edtech-ob2-baked-hosted.png"


def _window(qtbot: QtBot, portfolio: Portfolio) -> MainWindow:
    set_welcomed(portfolio)  # the first-run welcome has its own tests; here it would take focus
    window = MainWindow(portfolio, SynchronousRunner(), live_interval_ms=0)
    qtbot.addWidget(window)
    return window


def _drop(window: MainWindow, paths: list[Path]) -> None:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    event = QDropEvent(
        QPointF(10, 10),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    window.dropEvent(event)


def _titles(window: MainWindow) -> list[str]:
    model = window.wallet.model
    return [str(model.index(r, COL_TITLE).data()) for r in range(model.rowCount())]


def _select(window: MainWindow, title: str) -> int:
    model = window.wallet.model
    for row in range(model.rowCount()):
        if model.index(row, COL_TITLE).data() == title:
            window.wallet.view.table.selectRow(row)
            return model.row_at(row).id
    raise AssertionError(f"{title!r} is not in the wallet: {_titles(window)}")


def _checks(window: MainWindow) -> dict[str, tuple[str, str, list[str]]]:
    """check name → (outcome, why, [what the learner can do])"""
    from portfolio_app.ui.details_controller import NAME_ROLE, OUTCOME_ROLE

    tree = window.details.view.checks
    found = {}
    for i in range(tree.topLevelItemCount()):
        item = tree.topLevelItem(i)
        children = {
            item.child(c).data(0, NAME_ROLE): item.child(c).text(0)
            for c in range(item.childCount())
        }
        advice = [children["advice"]] if "advice" in children else []
        found[item.data(0, NAME_ROLE)] = (item.data(0, OUTCOME_ROLE), children["why"], advice)
    return found


def test_dropped_files_and_folders_are_imported_and_listed(
    qtbot: QtBot, tmp_path: Path, public_fixtures: Path
) -> None:
    folder = tmp_path / "badges"
    folder.mkdir()
    shutil.copy(public_fixtures / ALUMNI, folder)
    with Portfolio(tmp_path / "p") as portfolio:
        window = _window(qtbot, portfolio)
        assert window.pages.currentIndex() == 0, "an empty wallet greets first"
        _drop(window, [public_fixtures / BASIC, folder])
        report = window.last_report
        assert report is not None and report.count(ImportStatus.IMPORTED) == 2
        assert window.pages.currentIndex() == 1
        assert sorted(_titles(window)) == ["Alumni Credential", "Teamwork"]
        assert "2 imported" in window.statusBar().currentMessage()


def test_typing_filters_after_a_pause_and_the_status_filter_narrows(
    qtbot: QtBot, tmp_path: Path, public_fixtures: Path
) -> None:
    with Portfolio(tmp_path) as portfolio:
        window = _window(qtbot, portfolio)
        window.import_paths([public_fixtures / n for n in (BASIC, ALUMNI, EXPIRED)])
        assert window.wallet.model.rowCount() == 3

        qtbot.keyClicks(window.wallet.view.search, "ALUM")
        assert window.wallet.model.rowCount() == 3, "no filtering on every keystroke"
        qtbot.waitUntil(lambda: window.wallet.model.rowCount() == 1, timeout=2000)
        assert _titles(window) == ["Alumni Credential"]
        assert "1 of 3" in window.wallet.view.count_label.text()

        window.wallet.view.search.clear()
        window.wallet.apply_filter()
        statuses = window.wallet.view.status_filter
        statuses.setCurrentIndex(statuses.findData("expired"))
        model = window.wallet.model
        assert model.rowCount() == 1
        assert model.index(0, 0).data(STATUS_ROLE) == "expired"
        shown = str(model.index(0, 4).data())
        assert shown.endswith("expired") and not shown.startswith("expired"), (
            "a symbol as well as the word: never colour alone"
        )


def test_details_show_every_check_the_issuer_standing_and_what_to_do(
    qtbot: QtBot, tmp_path: Path, public_fixtures: Path
) -> None:
    with Portfolio(tmp_path) as portfolio:
        window = _window(qtbot, portfolio)
        window.import_paths([public_fixtures / BASIC, public_fixtures / HOSTED])
        credential_id = _select(window, "Teamwork")
        details = window.details.details
        assert details is not None and details.row.id == credential_id
        view = window.details.view
        assert "verified" in view.status.text()
        assert view.last_verified.text().startswith("Last verified on 20")
        assert view.issuer_standing.text().startswith("Self-described issuer")
        checks = _checks(window)
        assert checks["signature"][0] == "passed"
        assert checks["signature"][1], "the engine's reason is shown"
        fields = {
            view.fields.itemAt(r, view.fields.ItemRole.LabelRole).widget().text()
            for r in range(view.fields.rowCount())
        }
        assert {"Issuer", "Format", "Issued"} <= fields
        assert view.renditions.count() == 1

        # A hosted OB 2.0 badge offline: the hosted copy could not be fetched, and the pane
        # says what the learner can do about it.
        _select(window, _only_other_title(window, "Teamwork"))
        not_done = {n: c for n, c in _checks(window).items() if c[0] == "not_checked"}
        assert not_done, "an offline hosted badge has checks that could not be done"
        for name, (_result, _why, advice) in not_done.items():
            assert advice and advice[0].startswith("What you can do: "), name
        assert any("online" in c[2][0] or "trust bundle" in c[2][0] for c in not_done.values())
        assert not view.online_button.isVisible(), "no Check online while the network is off"


def _only_other_title(window: MainWindow, title: str) -> str:
    (other,) = [t for t in _titles(window) if t != title]
    return other


def test_reverify_adds_a_verdict_and_check_online_appears_only_when_allowed(
    qtbot: QtBot, tmp_path: Path, public_fixtures: Path
) -> None:
    with Portfolio(tmp_path) as portfolio:
        window = _window(qtbot, portfolio)
        window.import_paths([public_fixtures / BASIC])
        credential_id = _select(window, "Teamwork")
        assert len(portfolio.verdict_history(credential_id)) == 1
        qtbot.mouseClick(window.details.view.reverify_button, Qt.MouseButton.LeftButton)
        assert len(portfolio.verdict_history(credential_id)) == 2
        assert window.details.details is not None
        assert window.details.details.row.status == "verified"
        assert window.statusBar().currentMessage() == "Re-verified"
        assert not window.details.view.online_button.isEnabled()

        portfolio.network_allowed = True
        window.details.show(credential_id)
        assert window.details.network_allowed
        assert window.details.view.online_button.isEnabled()


def test_remove_and_undo_bring_the_credential_back_selected(
    qtbot: QtBot, tmp_path: Path, public_fixtures: Path
) -> None:
    with Portfolio(tmp_path) as portfolio:
        window = _window(qtbot, portfolio)
        window.import_paths([public_fixtures / BASIC, public_fixtures / ALUMNI])
        _select(window, "Teamwork")
        qtbot.mouseClick(window.details.view.remove_button, Qt.MouseButton.LeftButton)
        assert _titles(window) == ["Alumni Credential"]
        assert "Removed “Teamwork”" in window.statusBar().currentMessage()
        assert window.undo_action.isEnabled() and window.undo_button.isVisibleTo(window)

        window.undo_action.trigger()
        assert sorted(_titles(window)) == ["Alumni Credential", "Teamwork"]
        details = window.details.details
        assert details is not None and details.row.title == "Teamwork"
        assert window.wallet.selected_id == details.row.id
        assert not window.undo_action.isEnabled()


def test_refusals_are_listed_in_the_summary_itself(
    qtbot: QtBot, tmp_path: Path, public_fixtures: Path
) -> None:
    bad = tmp_path / "broken.png"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n")
    with Portfolio(tmp_path / "p") as portfolio:
        window = _window(qtbot, portfolio)
        window.import_paths([public_fixtures / BASIC, bad, public_fixtures / BASIC])
        summary = window.importer.summary
        assert summary is not None and summary.isVisible()
        refused = [summary.refused.item(i).text() for i in range(summary.refused.count())]
        assert len(refused) == 1 and refused[0].startswith("broken.png: ")
        assert len(refused[0]) > len("broken.png: ") + 10, "the reason, not just the name"
        assert summary.refused.isVisibleTo(summary), "listed, not behind Show Details"
        assert "1 refused" in summary.headline.text()


def test_pasting_a_credential_imports_it_and_an_address_is_explained(
    qtbot: QtBot, tmp_path: Path, public_fixtures: Path
) -> None:
    with Portfolio(tmp_path) as portfolio:
        window = _window(qtbot, portfolio)
        clipboard = QGuiApplication.clipboard()
        clipboard.setText(" https://example.org/badges/1 ")
        window.paste_action.trigger()
        assert portfolio.wallet_rows() == []
        assert "web address" in window.statusBar().currentMessage()

        clipboard.setText((public_fixtures / BASIC).read_text(encoding="utf-8"))
        window.paste_action.trigger()
        assert _titles(window) == ["Teamwork"]
        _select(window, "Teamwork")
        details = window.details.details
        assert details is not None and details.original_name == "pasted.json"


def test_the_window_follows_an_import_made_by_the_command_line(
    qtbot: QtBot, tmp_path: Path, public_fixtures: Path
) -> None:
    """The watcher looks at the database header's change counter, not the table."""
    with Portfolio(tmp_path) as portfolio:
        window = _window(qtbot, portfolio)
        assert _titles(window) == []
        window.watcher.poll()
        assert window.wallet.loads == 1, "nothing changed: no reload"

        code = cli.main(
            ["--data-dir", str(tmp_path), "import", str(public_fixtures / BASIC)], out=_Sink()
        )
        assert code == 0
        window.watcher.poll()
        assert _titles(window) == ["Teamwork"]
        assert window.wallet.loads == 2
        window.watcher.poll()
        assert window.wallet.loads == 2, "one reload per change"


def _qt_internal(widget: QWidget) -> bool:
    """Parts Qt builds inside its own widgets (a combo box's popup list, a line edit's clear
    button, the table's corner button, the menu bar's overflow button)."""
    if widget.objectName().startswith("qt_"):
        return True
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QComboBox | QLineEdit):
            return True
        if type(parent).__name__ == "QComboBoxPrivateContainer":
            return True
        parent = parent.parentWidget()
    return False


class _Sink:
    def write(self, _text: str) -> int:
        return 0

    def flush(self) -> None:
        return None


def test_every_control_has_an_accessible_name_and_actions_have_shortcuts(
    qtbot: QtBot, tmp_path: Path, public_fixtures: Path
) -> None:
    with Portfolio(tmp_path) as portfolio:
        window = _window(qtbot, portfolio)
        window.import_paths([public_fixtures / BASIC])
        _select(window, "Teamwork")
        unnamed = []
        for widget in window.findChildren(QWidget):
            if not isinstance(widget, QAbstractButton | QLineEdit | QComboBox | QAbstractItemView):
                continue
            if isinstance(widget, QHeaderView):
                continue  # a table's header: its sections are named by the model
            if _qt_internal(widget):
                continue
            text = widget.accessibleName() or (
                widget.text() if isinstance(widget, QAbstractButton) else ""
            )
            if not text and widget.objectName() not in {"qt_toolbar_ext_button"}:
                parent = widget.parent()
                unnamed.append(
                    f"{type(widget).__name__} {widget.objectName()!r} in "
                    f"{type(parent).__name__} {parent.objectName() if parent else ''!r}"
                )
        assert unnamed == [], "\n".join(unnamed)
        for action in (
            window.import_files_action,
            window.paste_action,
            window.reverify_action,
            window.remove_action,
            window.undo_action,
            window.find_action,
        ):
            assert not action.shortcut().isEmpty(), action.text()


def test_other_pages_and_menu_actions_join_the_window(qtbot: QtBot, tmp_path: Path) -> None:
    from PySide6.QtGui import QAction

    with Portfolio(tmp_path) as portfolio:
        window = _window(qtbot, portfolio)
        assert window.page_keys[0] == "wallet"
        page = QLabel("Another page")
        window.add_page("another", "Another page", page)
        window.show_page("another")
        assert window.stack.currentWidget() is page
        action = QAction("Settings…")
        window.add_menu_action("tools", action)
        assert action in window.menu("tools").actions()
        window.add_menu_action("extras", QAction("Something"))
        assert window.menu("extras").title() == "Extras"
        with pytest.raises(ValueError, match="already"):
            window.add_page("wallet", "Wallet", QLabel())
        assert window.services is portfolio


@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # PySide6 marks this constructor
def test_drag_enter_accepts_files_and_text(qtbot: QtBot, tmp_path: Path) -> None:
    from PySide6.QtGui import QDragEnterEvent

    with Portfolio(tmp_path) as portfolio:
        window = _window(qtbot, portfolio)
        mime = QMimeData()
        mime.setUrls([QUrl.fromLocalFile(str(tmp_path / "x.json"))])
        event = QDragEnterEvent(
            QPoint(5, 5),
            Qt.DropAction.CopyAction,
            mime,
            Qt.MouseButton.LeftButton,
            Qt.KeyboardModifier.NoModifier,
        )
        window.dragEnterEvent(event)
        assert event.isAccepted()


def test_the_grid_shows_badge_pictures_loaded_for_the_tiles_on_screen(
    qtbot: QtBot, tmp_path: Path, public_fixtures: Path
) -> None:
    baked = "1edtech-obv3-baked-embeddedproof.png"
    with Portfolio(tmp_path) as portfolio:
        window = _window(qtbot, portfolio)
        window.import_paths([public_fixtures / baked, public_fixtures / BASIC])
        window.grid_action.trigger()
        view = window.wallet.view
        assert view.current_view() is view.grid
        assert view.mode_button.text() == "Table"
        grid = view.grid_model
        by_name = {}
        for row in range(grid.rowCount()):
            index = grid.index(row, 0)
            by_name[window.wallet.model.row_at(row).container] = index
            assert "\n" in str(index.data()), "title, then the status on its own line"
        png, json_tile = by_name["png"], by_name["json"]
        images = window.wallet.images
        png.data(Qt.ItemDataRole.DecorationRole)  # painting a tile asks for its picture
        json_tile.data(Qt.ItemDataRole.DecorationRole)
        png_id = window.wallet.model.row_at(png.row()).id
        json_id = window.wallet.model.row_at(json_tile.row()).id
        qtbot.waitUntil(lambda: images.has_picture(png_id), timeout=3000)
        icon = png.data(Qt.ItemDataRole.DecorationRole)
        assert icon.cacheKey() != images.placeholder.cacheKey()
        assert not icon.pixmap(72, 72).isNull()
        assert not images.has_picture(json_id), "a JSON credential has no picture"
        placeholder = images.placeholder.cacheKey()
        assert json_tile.data(Qt.ItemDataRole.DecorationRole).cacheKey() == placeholder


def test_a_page_that_fails_to_build_costs_that_page_not_the_window(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import portfolio_app.ui.main_window as main_window

    reported: list[BaseException] = []

    class Reporter:
        def report(self, exc: BaseException, tb: object = None) -> None:
            reported.append(exc)

    class Broken:
        @staticmethod
        def install_pages(_window: object) -> None:
            raise RuntimeError("a page's bug")

    monkeypatch.setattr(main_window.importlib.util, "find_spec", lambda _name: object())
    monkeypatch.setattr(main_window.importlib, "import_module", lambda _name: Broken)
    with Portfolio(tmp_path) as portfolio:
        window = MainWindow(portfolio, SynchronousRunner(), reporter=Reporter(), live_interval_ms=0)
        qtbot.addWidget(window)
        assert window.page_keys == ("wallet",)
        assert [type(e) for e in reported] == [RuntimeError]


def test_save_original_writes_the_file_byte_for_byte_and_never_over_another(
    qtbot: QtBot, tmp_path: Path, public_fixtures: Path
) -> None:
    source = public_fixtures / BASIC
    target = tmp_path / "out" / "mine.json"
    target.parent.mkdir()
    with Portfolio(tmp_path / "p") as portfolio:
        window = _window(qtbot, portfolio)
        window.import_paths([source])
        _select(window, "Teamwork")
        asked: list[str] = []

        def choose(_parent: object, suggested: str) -> Path:
            asked.append(suggested)
            return target

        window.details.choose_save_path = choose  # type: ignore[assignment]
        window.save_action.trigger()
        assert asked == [BASIC], "the original's own name is offered"
        assert target.read_bytes() == source.read_bytes()
        assert str(target) in window.statusBar().currentMessage()

        target.write_bytes(b"something else")
        failures: list[BaseException] = []
        window.details.failed.disconnect()
        window.details.failed.connect(failures.append)
        window.save_action.trigger()
        assert target.read_bytes() == b"something else", "an existing file is never replaced"
        assert failures and "exist" in str(failures[0])


def test_delete_in_the_table_removes_and_ctrl_z_puts_back(
    qtbot: QtBot, tmp_path: Path, public_fixtures: Path
) -> None:
    with Portfolio(tmp_path) as portfolio:
        window = _window(qtbot, portfolio)
        window.show()
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow, timeout=3000)  # shortcuts need an active window
        window.import_paths([public_fixtures / BASIC])
        _select(window, "Teamwork")
        table = window.wallet.view.table
        table.setFocus()
        qtbot.waitUntil(table.hasFocus, timeout=3000)
        qtbot.keyClick(table, Qt.Key.Key_Delete)
        assert _titles(window) == []
        qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
        assert _titles(window) == ["Teamwork"]


def test_the_learner_adds_and_removes_their_own_tags_and_fields_from_the_details(
    qtbot: QtBot, tmp_path: Path, public_fixtures: Path
) -> None:
    from portfolio_app.ui.learner_edit_view import LearnerAnswers

    with Portfolio(tmp_path) as portfolio:
        window = _window(qtbot, portfolio)
        window.import_paths([public_fixtures / BASIC])
        credential_id = _select(window, "Teamwork")
        asked: list[tuple[str, ...]] = []
        answers = [
            LearnerAnswers(("acme-application", "teamwork"), None, None, "for ACME"),
            LearnerAnswers(("teamwork",), None, None, None),
        ]

        def ask(_parent: object, _title: str, tags: tuple[str, ...]) -> LearnerAnswers:
            asked.append(tags)
            return answers.pop(0)

        window.details.ask_learner_edit = ask  # type: ignore[assignment]
        window.details.view.edit_button.click()
        details = portfolio.details(credential_id)
        assert details.learner_tags == ("acme-application", "teamwork")
        assert window.details.view.learner_box.isVisibleTo(window)
        box = window.details.view.learner_box
        assert any("acme-application" in label.text() for label in box.findChildren(QLabel))
        window.details.view.edit_button.click()
        assert asked[1] == ("acme-application", "teamwork"), "the current tags are offered"
        assert portfolio.details(credential_id).learner_tags == ("teamwork",)
        shown = portfolio.details(credential_id)
        assert shown.row.title == "Teamwork", "what the original says is unchanged"


def test_the_first_run_welcome_write_does_not_reload_the_wallet_but_others_still_do(
    qtbot: QtBot, tmp_path: Path, public_fixtures: Path
) -> None:
    """The window's own "welcomed" setting is one commit it already knows about: the
    watcher does not read the wallet again for it (on 10,000 credentials that was a second
    full read a second after the window showed).  A commit by someone else in the same
    moment still reloads."""
    from portfolio_app.ui import welcome_dialog

    with Portfolio(tmp_path) as portfolio:
        portfolio.import_paths([public_fixtures / BASIC])
        window = MainWindow(portfolio, SynchronousRunner(), live_interval_ms=0)
        qtbot.addWidget(window)
        assert window.wallet.loads == 1
        welcome_dialog.maybe_welcome(window)  # writes "welcomed" (a filled wallet: no dialog)
        window.watcher.poll()
        assert window.wallet.loads == 1, "our own write alone: no reload"

        portfolio.repo.set_setting("ui.welcomed", False)  # as if never welcomed, once more
        window.watcher.poll()
        assert window.wallet.loads == 2  # (that commit was not the window's)
        real_set = welcome_dialog.pages_facade.set_welcomed

        def also_someone_else(p: Portfolio) -> None:
            real_set(p)
            p.repo.set_setting("test.someone_else", 1)  # a second commit in the same moment

        with pytest.MonkeyPatch.context() as m:
            m.setattr(welcome_dialog.pages_facade, "set_welcomed", also_someone_else)
            welcome_dialog.maybe_welcome(window)
        window.watcher.poll()
        assert window.wallet.loads == 3, "a second commit in between is still followed"
