"""The window's second half: Qualifications, Skills and Settings pages, the export wizard and
the first-run welcome, added to the main window through its small page/menu contract
(``add_page``, ``add_menu_action``, ``services``, ``runner``).

Also the few dialogs every page shares, so each is written once: :func:`tell` (a message that
does not block), :func:`ask_secret` and :func:`ask_new_secret` (passphrases; tests pass stubs).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QInputDialog, QLineEdit, QMessageBox, QWidget

from portfolio_app.errors import PortfolioError

if TYPE_CHECKING:
    from portfolio_app.ui.main_window import MainWindow

translate = QCoreApplication.translate  # lupdate reads translate("pages", "…") calls

#: ``ask(parent, title, label) -> text or None`` (None: the learner cancelled).
AskSecret = Callable[[QWidget, str, str], str | None]


def status_text(status: str) -> str:
    """A verdict status in the interface language (the stored value is the English word)."""
    words = {
        "verified": translate("pages", "verified"),
        "tampered": translate("pages", "tampered"),
        "expired": translate("pages", "expired"),
        "not_yet_valid": translate("pages", "not yet valid"),
        "revoked": translate("pages", "revoked"),
        "unverifiable": translate("pages", "unverifiable"),
        "malformed": translate("pages", "malformed"),
        "unsupported": translate("pages", "unsupported"),
        "not checked": translate("pages", "not checked"),
    }
    return words.get(status, status.replace("_", " "))


def explain(error: BaseException | None, fallback: str) -> str:
    """The sentence a page shows for a failed task.

    An expected error is its own sentence.  Anything else is a bug: it goes to
    ``sys.excepthook`` — in the app the shell's ErrorReporter, which writes the traceback to
    the log file and names that file in a dialog — and the page says ``fallback``.
    """
    if isinstance(error, PortfolioError):
        return str(error)
    if error is not None:
        sys.excepthook(type(error), error, error.__traceback__)
    return fallback


def tell(parent: QWidget, title: str, text: str, *, warning: bool = True) -> QMessageBox:
    """A message box that does not block the caller (so tests and background callbacks go on)."""
    icon = QMessageBox.Icon.Warning if warning else QMessageBox.Icon.Information
    box = QMessageBox(icon, title, text, parent=parent)
    box.open()
    return box


def ask_secret(parent: QWidget, title: str, label: str) -> str | None:
    text, ok = QInputDialog.getText(parent, title, label, QLineEdit.EchoMode.Password)
    return text if ok else None


def ask_new_secret(parent: QWidget, title: str, label: str) -> str | None:
    """Ask twice; a mismatch says so and asks again (Cancel gives up)."""
    while True:
        first = ask_secret(parent, title, label)
        if first is None:
            return None
        second = ask_secret(parent, title, translate("pages", "Type the same passphrase again:"))
        if second is None:
            return None
        if first == second:
            return first
        differ = translate("pages", "The two passphrases differ; please try again.")
        QMessageBox.warning(parent, title, differ)


class _FirstShow(QObject):
    """Calls ``then`` once, after the window is first shown (the welcome must have a parent
    on screen; tests that never show the window never see it)."""

    def __init__(self, window: QWidget, then: Callable[[], None]) -> None:
        super().__init__(window)
        self._then = then
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Show:
            cast(QWidget, watched).removeEventFilter(self)
            QTimer.singleShot(0, self._then)
        return False


def install_pages(window: MainWindow) -> None:
    """Add the pages and their actions to ``window``."""
    from portfolio_app.ui.qualifications_page import QualificationsPage  # noqa: PLC0415
    from portfolio_app.ui.settings_page import SettingsPage  # noqa: PLC0415
    from portfolio_app.ui.skills_page import SkillsPage  # noqa: PLC0415
    from portfolio_app.ui.welcome_dialog import maybe_welcome, show_welcome  # noqa: PLC0415

    services, runner = window.services, window.runner
    pages = {
        "qualifications": (
            translate("pages", "Qualifications"),
            QualificationsPage(services, runner),
        ),
        "skills": (translate("pages", "Skills"), SkillsPage(services, runner)),
        "settings": (translate("pages", "Settings"), SettingsPage(services, runner)),
    }
    for number, (key, (title, widget)) in enumerate(pages.items(), start=2):
        widget.setObjectName(f"page-{key}")
        window.add_page(key, title, widget)
        go = QAction(title, window)
        go.setShortcut(QKeySequence(f"Ctrl+{number}"))
        go.triggered.connect(lambda _checked=False, k=key: window.show_page(k))
        window.add_menu_action("view", go)

    def open_wizard() -> None:
        # Loaded on first use: the export machinery (PDF signing) is a second and a half of
        # imports that a window with 10,000 credentials should not pay before it shows them.
        from portfolio_app.ui.export_wizard import ExportWizard  # noqa: PLC0415

        wizard = ExportWizard(
            services,
            runner,
            check_portfolio=window.check_pdf_action.trigger,
            parent=window,
        )
        window.export_wizard = wizard  # type: ignore[attr-defined]
        wizard.open()

    export = QAction(translate("pages", "Export a portfolio PDF…"), window)
    export.setShortcut(QKeySequence("Ctrl+E"))
    export.setToolTip(
        translate("pages", "Choose credentials, preview the signed PDF, then save it")
    )
    export.triggered.connect(open_wizard)
    export.setEnabled(not services.read_only)
    window.add_menu_action("file", export)
    window.export_action = export  # type: ignore[attr-defined]

    welcome = QAction(translate("pages", "Welcome…"), window)
    welcome.triggered.connect(lambda: show_welcome(window))
    window.add_menu_action("help", welcome)
    _FirstShow(window, lambda: maybe_welcome(window))
