"""The GUI's outer shell: which profile to open, one window per profile, no crash ever.

* :func:`open_profile` turns every :class:`~portfolio_app.errors.ProfileError` (read-only is
  fine and only noted; missing, another user's, in use by a command) into a dialog that says
  why and offers to choose another profile folder.
* :class:`SingleInstance` keeps one window per profile: a second start on the same profile
  asks the first window (over a local socket named after the profile path) to come to the
  front, then exits.
* :class:`ErrorReporter` is the GUI's top-level handler (``sys.excepthook`` while the Qt loop
  runs): an unexpected exception in a slot or a task is written with its traceback to the
  log file and the learner sees one sentence naming that file, never a crash.
"""

from __future__ import annotations

import hashlib
import logging
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QObject, QThread
from PySide6.QtNetwork import QLocalServer, QLocalSocket
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QWidget

from portfolio_app.errors import PortfolioError, ProfileError
from portfolio_app.logfile import current_log_path, set_log_path
from portfolio_app.paths import default_data_dir, user_log_dir
from portfolio_app.services.portfolio import Portfolio

log = logging.getLogger(__name__)

LOG_NAME = "portfolio.log"
_ACTIVATE = b"activate\n"

#: ``ask(message) -> another folder or None``: shown when a profile cannot be opened.
AskFolder = Callable[[str], Path | None]
#: ``show(title, sentence)``: how an error reaches the learner (a dialog; a stub in tests).
ShowError = Callable[[str, str], None]


# -- which profile -----------------------------------------------------------------------------


def ask_for_another_folder(message: str) -> Path | None:
    """The dialog: the reason, then "Choose another folder…" or "Quit"."""
    box = QMessageBox(QMessageBox.Icon.Warning, "Cannot open this profile", message)
    choose = box.addButton("Choose another folder…", QMessageBox.ButtonRole.AcceptRole)
    box.addButton("Quit", QMessageBox.ButtonRole.RejectRole)
    box.exec()
    if box.clickedButton() is not choose:
        return None
    folder = QFileDialog.getExistingDirectory(None, "Choose a profile folder")
    return Path(folder) if folder else None


def open_profile(data_dir: Path, ask: AskFolder = ask_for_another_folder) -> Portfolio | None:
    """Open the profile in ``data_dir``, or in a folder the learner picks instead.

    ``None`` when the learner gives up.  Errors that are not about the folder (a newer app's
    database, say) also offer another folder: it is the one thing the learner can do here.
    """
    while True:
        try:
            return Portfolio(data_dir, lock_per_write=True)
        except ProfileError as exc:
            message = str(exc)
        except PortfolioError as exc:
            message = f"{data_dir}: {exc}"
        chosen = ask(message)
        if chosen is None:
            return None
        data_dir = chosen


# -- one window per profile --------------------------------------------------------------------


def instance_name(data_dir: Path) -> str:
    """The local-socket name for a profile: a hash of its resolved path (no path characters)."""
    digest = hashlib.sha256(str(data_dir.resolve()).encode("utf-8")).hexdigest()[:24]
    return f"learner-portfolio-{digest}"


class SingleInstance(QObject):
    """First window on a profile: listen.  Later ones: ask the first to show itself."""

    def __init__(self, data_dir: Path, on_activate: Callable[[], None] | None = None) -> None:
        super().__init__()
        self.name = instance_name(data_dir)
        self.on_activate = on_activate
        self._server: QLocalServer | None = None

    def activate_running(self, timeout_ms: int = 500) -> bool:
        """True when another window holds this profile and was asked to come forward."""
        socket = QLocalSocket()
        socket.connectToServer(self.name)
        if not socket.waitForConnected(timeout_ms):
            return False
        socket.write(_ACTIVATE)
        socket.waitForBytesWritten(timeout_ms)
        socket.disconnectFromServer()
        return True

    def listen(self) -> bool:
        """Become the window for this profile.  Call only while holding the profile lock: the
        lock guarantees no live window owns the name, so a stale socket file may be removed."""
        QLocalServer.removeServer(self.name)
        server = QLocalServer(self)
        server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        if not server.listen(self.name):
            log.info("single-instance server not started: %s", server.errorString())
            return False
        server.newConnection.connect(self._accept)
        self._server = server
        return True

    def close(self) -> None:
        if self._server is not None:
            self._server.close()
            self._server = None

    def _accept(self) -> None:
        assert self._server is not None
        while (socket := self._server.nextPendingConnection()) is not None:
            socket.disconnected.connect(socket.deleteLater)
            if self.on_activate is not None:
                self.on_activate()


def bring_to_front(window: QWidget) -> None:
    window.showNormal()
    window.raise_()
    window.activateWindow()


# -- no crash, ever ----------------------------------------------------------------------------


def gui_log_path(portfolio: Portfolio) -> Path:
    """The profile's ``portfolio.log``, or the per-user log folder for a read-only profile."""
    if not portfolio.read_only:
        return portfolio.data_dir / LOG_NAME
    return user_log_dir() / LOG_NAME


def show_error_dialog(title: str, sentence: str) -> None:
    """A modal dialog, or stderr when no dialog can be shown (the app is shutting down, or
    the error came from a thread other than the GUI thread)."""
    app = QApplication.instance()
    if app is None or app.thread() is not QThread.currentThread() or app.closingDown():
        print(f"portfolio: {sentence}", file=sys.stderr)
        return
    QMessageBox.critical(QApplication.activeWindow(), title, sentence)


class ErrorReporter:
    """``sys.excepthook`` for the Qt loop: log the traceback, show one sentence, carry on."""

    def __init__(self, show: ShowError = show_error_dialog) -> None:
        self.show = show
        self._previous = sys.excepthook
        self._handler: logging.Handler | None = None

    def install(self, log_path: Path | None) -> None:
        """Start reporting; calling it again moves the log (e.g. once the profile is open)."""
        self._detach_log()
        set_log_path(self._attach_log(log_path))
        if sys.excepthook is not self.hook:
            self._previous = sys.excepthook
            sys.excepthook = self.hook

    def uninstall(self) -> None:
        if sys.excepthook is self.hook:
            sys.excepthook = self._previous
        self._detach_log()

    def _detach_log(self) -> None:
        if self._handler is not None:
            logging.getLogger("portfolio_app").removeHandler(self._handler)
            self._handler.close()
            self._handler = None

    def hook(
        self,
        exc_type: type[BaseException],
        exc: BaseException,
        tb: TracebackType | None,
    ) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            QApplication.quit()
            return
        self.report(exc, tb)

    def report(self, exc: BaseException, tb: TracebackType | None = None) -> None:
        """Say what went wrong: an expected error as itself, anything else via the log."""
        if isinstance(exc, PortfolioError):
            self.show("Learner Portfolio", str(exc))
            return
        text = "".join(traceback.format_exception(type(exc), exc, tb or exc.__traceback__))
        log.error("unexpected error in the window:\n%s", text)
        path = current_log_path()
        where = f"the details were written to {path}" if path else "no log file could be written"
        self.show(
            "Something went wrong",
            f"Something unexpected went wrong ({type(exc).__name__}); your portfolio is "
            f"unchanged and the window stays open — {where}.",
        )

    def _attach_log(self, path: Path | None) -> Path | None:
        for candidate in (path, user_log_dir() / LOG_NAME):
            if candidate is None:
                continue
            try:
                candidate.parent.mkdir(parents=True, exist_ok=True)
                handler = logging.FileHandler(candidate, encoding="utf-8", delay=False)
            except OSError:
                continue
            handler.setLevel(logging.WARNING)
            handler.setFormatter(
                logging.Formatter("%(asctime)s %(levelname)s %(name)s %(message)s")
            )
            logging.getLogger("portfolio_app").addHandler(handler)
            self._handler = handler
            return candidate
        return None


# -- start -------------------------------------------------------------------------------------


def start() -> int:
    """The GUI's main: profile, single instance, error reporter, main window, event loop."""
    from portfolio_app.config import startup_notices  # noqa: PLC0415
    from portfolio_app.ui.lab_machine import show_startup_notices  # noqa: PLC0415
    from portfolio_app.ui.main_window import MainWindow  # noqa: PLC0415 - after QApplication

    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    app.setApplicationName("Learner Portfolio")
    app.setOrganizationName("LearnerPortfolio")
    reporter = ErrorReporter()
    reporter.install(None)  # the per-user log until a profile is open
    data_dir = default_data_dir()
    instance = SingleInstance(data_dir)
    if instance.activate_running():
        print(
            f"portfolio: a Learner Portfolio window already shows {data_dir}; it was brought "
            "to the front",
            file=sys.stderr,
        )
        reporter.uninstall()
        return 0
    portfolio = open_profile(data_dir)
    if portfolio is None:
        reporter.uninstall()
        return 1
    if portfolio.data_dir != data_dir:
        instance = SingleInstance(portfolio.data_dir)
    reporter.install(gui_log_path(portfolio))
    from portfolio_app.services.pages_facade import language  # noqa: PLC0415
    from portfolio_app.ui.i18n import install_translations  # noqa: PLC0415

    install_translations(language(portfolio))  # before any window text is made
    try:
        with portfolio:
            window = MainWindow(portfolio, reporter=reporter)
            instance.on_activate = lambda: bring_to_front(window)
            instance.listen()
            if portfolio.read_only:
                window.statusBar().showMessage(
                    "This profile is read-only: you can look, verify and back up, not change it."
                )
            window.offer_backup_on_close = True
            window.show()
            show_startup_notices(window, startup_notices(portfolio.data_dir))
            return int(app.exec())
    finally:
        instance.close()
        reporter.uninstall()
