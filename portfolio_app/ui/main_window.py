"""The main window: a page list on the left (the wallet first), menus, the status bar.

Behaviour lives in the controllers (:mod:`.wallet_controller`, :mod:`.details_controller`,
:mod:`.import_controller`), layout in the ``*_view`` modules; every rule in the
:class:`~portfolio_app.services.portfolio.Portfolio` facade, which is the one door to the
profile.  Each controller gets only the services it needs, and every database read runs
through the task :class:`Runner`, so the window never waits on the disk.

Other pages (qualifications, skills, export, settings) arrive through :meth:`add_page` and
:meth:`add_menu_action`, from ``portfolio_app.ui.pages.install_pages(window)`` when that
module exists.
"""

from __future__ import annotations

import gc
import importlib
import importlib.util
import logging
from collections.abc import Sequence
from pathlib import Path
from types import TracebackType
from typing import Protocol

from PySide6.QtCore import QMimeData, Qt
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QDragEnterEvent,
    QDropEvent,
    QGuiApplication,
    QKeySequence,
)
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMenu,
    QMessageBox,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QWidget,
)

from portfolio_app.errors import PortfolioError
from portfolio_app.identity.results import KeysStatus
from portfolio_app.logfile import log_hint
from portfolio_app.services.importing import ImportReport
from portfolio_app.services.portfolio import Portfolio
from portfolio_app.services.results import RemovedCredential
from portfolio_app.ui.details_controller import DetailsController
from portfolio_app.ui.import_controller import FILE_FILTER, ImportController
from portfolio_app.ui.lab_machine import offer_backup
from portfolio_app.ui.live import POLL_MS, ChangeWatcher
from portfolio_app.ui.tasks import Runner, TaskControl, TaskResult, ThreadPoolRunner
from portfolio_app.ui.wallet_controller import WalletController
from portfolio_app.ui.wallet_model import WalletTableModel
from portfolio_app.ui.wallet_strings import tr_wallet
from portfolio_app.ui.wallet_view import WalletView

__all__ = ["FILE_FILTER", "MainWindow", "Reporter"]

log = logging.getLogger(__name__)

PAGES_MODULE = "portfolio_app.ui.pages"
MENU_ORDER = ("file", "edit", "view", "tools", "help")


_frozen = False


def _freeze_what_was_loaded() -> None:
    """Once per process, before the first window reads the wallet: move every object alive
    now (modules, classes, Qt and SQLAlchemy's tables: hundreds of thousands, all kept until
    the app quits) out of the cyclic collector's sight (``gc.freeze``).

    Why: building 10,000 wallet rows triggers a full collection, which walked all of those
    again on the worker, holding the interpreter lock: 0.1-0.3 s of the first second, with
    the window waiting for its rows and its first paint.  Objects made later are collected
    as before; only what was already loaded (and never becomes garbage) is left alone.
    """
    global _frozen  # noqa: PLW0603 - once per process
    if not _frozen:
        _frozen = True
        gc.freeze()


class Reporter(Protocol):
    def report(self, exc: BaseException, tb: TracebackType | None = None) -> None: ...


class MainWindow(QMainWindow):
    def __init__(
        self,
        portfolio: Portfolio,
        runner: Runner | None = None,
        reporter: Reporter | None = None,
        *,
        live_interval_ms: int = POLL_MS,
    ) -> None:
        """``reporter`` receives unexpected errors from background tasks (the shell's
        :class:`~portfolio_app.ui.shell.ErrorReporter`: log file + one sentence)."""
        super().__init__()
        _freeze_what_was_loaded()
        self.services = portfolio
        self.offer_backup_on_close = False
        self._runner: Runner = runner or ThreadPoolRunner()
        self._reporter = reporter
        self.last_portfolio_check: list[str] = []  # the last "Check a portfolio" report
        self.pending_undo: RemovedCredential | None = None
        self.setWindowTitle(self.tr("Learner Portfolio"))
        self.setObjectName("main-window")
        self.resize(1180, 720)
        self.setAcceptDrops(True)

        self.wallet = WalletController(portfolio, self._runner, self)
        self.wallet.reload()  # the worker reads while the rest of the window is built
        self.details = DetailsController(portfolio, self._runner, self)
        self.importer = ImportController(portfolio, self._runner, self, self)

        # -- pages --------------------------------------------------------------------------
        self.nav = QListWidget()
        self.nav.setObjectName("page-list")
        self.nav.setAccessibleName(self.tr("Pages"))
        self.nav.setMaximumWidth(240)
        self.nav.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.nav.setSpacing(2)
        self.stack = QStackedWidget()
        self._page_keys: list[str] = []
        self.nav.currentRowChanged.connect(self.stack.setCurrentIndex)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.wallet.view)
        self.splitter.addWidget(self.details.view)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setSizes([700, 460])
        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.nav)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self.add_page("wallet", self.tr("Wallet"), self.splitter)

        # -- actions ------------------------------------------------------------------------
        self._menus: dict[str, QMenu] = {}
        titles = {
            "file": self.tr("&File"),
            "edit": self.tr("&Edit"),
            "view": self.tr("&View"),
            "tools": self.tr("&Tools"),
            "help": self.tr("&Help"),
        }
        for key in MENU_ORDER:
            self._menus[key] = self.menuBar().addMenu(titles[key])
        self._menu_titles = titles

        self.import_files_action = self._action(
            self.tr("Import files…"), self._choose_files, QKeySequence.StandardKey.Open
        )
        self.import_folder_action = self._action(
            self.tr("Import folder…"), self._choose_folder, QKeySequence("Ctrl+Shift+O")
        )
        self.paste_action = self._action(
            self.tr("Paste a credential"), self.paste, QKeySequence.StandardKey.Paste
        )
        self.paste_action.setToolTip(
            self.tr("Import a credential's JSON or JWT from the clipboard")
        )
        self.check_pdf_action = self._action(
            self.tr("Check a portfolio…"), self._choose_portfolio_pdf
        )
        self.check_pdf_action.setToolTip(
            self.tr(
                "Check a received portfolio PDF: its signature, the learner's statement and "
                "every credential inside"
            )
        )
        self.quit_action = self._action(self.tr("Quit"), self.close, QKeySequence.StandardKey.Quit)
        for action in (self.import_files_action, self.import_folder_action, self.paste_action):
            self.add_menu_action("file", action)
        self._menus["file"].addSeparator()
        self.add_menu_action("file", self.check_pdf_action)
        self._menus["file"].addSeparator()
        self.add_menu_action("file", self.quit_action)

        self.undo_action = self._action(
            self.tr("Undo remove"), self.undo_remove, QKeySequence.StandardKey.Undo
        )
        self.undo_action.setEnabled(False)
        self.reverify_action = self._action(
            self.tr("Re-verify"),
            lambda: self.details.reverify(online=False),
            QKeySequence("Ctrl+R"),
        )
        self.online_action = self._action(
            self.tr("Check online"), lambda: self.details.reverify(online=True)
        )
        self.save_action = self._action(
            self.tr("Save original…"), self.details.save_original, QKeySequence.StandardKey.Save
        )
        self.remove_action = self._action(
            self.tr("Remove"), self.details.remove, QKeySequence.StandardKey.Delete
        )
        self.remove_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        for action in (
            self.undo_action,
            self.reverify_action,
            self.online_action,
            self.save_action,
            self.remove_action,
        ):
            self.add_menu_action("edit", action)
        self.wallet.view.table.addAction(self.remove_action)
        for view in (self.wallet.view.table, self.wallet.view.grid):
            for action in (self.reverify_action, self.online_action, self.save_action):
                view.addAction(action)
        self.wallet.view.grid.addAction(self.remove_action)

        self.find_action = self._action(
            self.tr("Search the wallet"), self._focus_search, QKeySequence.StandardKey.Find
        )
        self.grid_action = self._action(
            self.tr("Show as grid"), self.wallet.view.mode_button.toggle, QKeySequence("Ctrl+G")
        )
        self.reload_action = self._action(
            self.tr("Reload"), self.wallet.reload, QKeySequence.StandardKey.Refresh
        )
        for action in (self.find_action, self.grid_action, self.reload_action):
            self.add_menu_action("view", action)

        toolbar = self.addToolBar(self.tr("Wallet"))
        toolbar.setObjectName("wallet-toolbar")
        toolbar.addAction(self.import_files_action)
        toolbar.addAction(self.import_folder_action)
        toolbar.addAction(self.paste_action)

        self.keys_label = QLabel(self.tr("Keys: checking…"))
        self.keys_label.setAccessibleName(self.tr("How your keys are protected"))
        self.undo_button = QPushButton(self.tr("Undo"))
        self.undo_button.setAccessibleName(self.tr("Undo the removal"))
        self.undo_button.clicked.connect(self.undo_remove)
        self.undo_button.hide()
        self.statusBar().addPermanentWidget(self.undo_button)
        self.statusBar().addPermanentWidget(self.keys_label)
        self.statusBar().showMessage(self.tr("Profile: %1").replace("%1", str(portfolio.data_dir)))

        # -- wiring -------------------------------------------------------------------------
        wallet, details, importer = self.wallet, self.details, self.importer
        wallet.view.samples_button.clicked.connect(importer.import_samples)
        wallet.view.import_button.clicked.connect(self._choose_files)
        wallet.selected.connect(lambda cid: details.show(None if cid < 0 else cid))
        wallet.activated.connect(self._open_details)
        wallet.failed.connect(lambda exc: self._task_failed(self.tr("Reading the wallet"), exc))
        details.changed.connect(wallet.reload)
        details.message.connect(self.statusBar().showMessage)
        details.removed.connect(self._removed)
        details.restored.connect(self._restored)
        details.failed.connect(lambda exc: self._task_failed(self.tr("Learner Portfolio"), exc))
        importer.running.connect(self._set_importing)
        importer.message.connect(self.statusBar().showMessage)
        importer.finished.connect(lambda _report: wallet.reload())
        importer.failed.connect(lambda exc: self._task_failed(self.tr("Import failed"), exc))
        self.watcher = ChangeWatcher(portfolio.database_path, self._runner, live_interval_ms, self)
        self.watcher.changed.connect(wallet.reload)

        # The keychain probe can take a while: it starts once the wallet is on screen.
        self._keys_pending = True
        wallet.loaded.connect(self._check_keys)
        if wallet.loads:  # a synchronous runner has filled it already
            self._check_keys()
        self.watcher.take_baseline()
        if live_interval_ms > 0:
            self.watcher.start()
        self._install_pages()

    # -- the contract with other pages ------------------------------------------------------

    def add_page(self, key: str, title: str, widget: QWidget) -> None:
        """Add a page to the left-hand list (in order; "wallet" is first)."""
        if key in self._page_keys:
            raise ValueError(f"a page {key!r} is already in the window")
        widget.setAccessibleName(title)
        self._page_keys.append(key)
        self.stack.addWidget(widget)
        item = QListWidgetItem(title)
        item.setData(Qt.ItemDataRole.UserRole, key)
        self.nav.addItem(item)
        # Wide enough for the longest title (translations are longer), never clipped.
        widest = max(
            self.nav.fontMetrics().horizontalAdvance(self.nav.item(i).text())
            for i in range(self.nav.count())
        )
        self.nav.setFixedWidth(min(240, widest + 32))
        if self.nav.currentRow() < 0:
            self.nav.setCurrentRow(0)

    def show_page(self, key: str) -> None:
        self.nav.setCurrentRow(self._page_keys.index(key))

    @property
    def page_keys(self) -> tuple[str, ...]:
        return tuple(self._page_keys)

    @property
    def runner(self) -> Runner:
        """The task runner the pages use for their database reads and long work."""
        return self._runner

    def add_menu_action(self, menu: str, action: QAction) -> None:
        """Add an action to "file", "view", "tools" or "help" (created when missing)."""
        if menu not in self._menus:
            self._menus[menu] = self.menuBar().addMenu(self._menu_titles.get(menu, menu.title()))
        self._menus[menu].addAction(action)
        if action.parent() is None:
            action.setParent(self)

    def menu(self, key: str) -> QMenu:
        return self._menus[key]

    def _install_pages(self) -> None:
        """The other pages; one that fails to build costs that page, never the window."""
        if importlib.util.find_spec(PAGES_MODULE) is None:
            return
        try:
            module = importlib.import_module(PAGES_MODULE)
            module.install_pages(self)
        except Exception as exc:  # reported with the log path; the window stays
            log.exception("the window's other pages could not be added")
            if self._reporter is not None:
                self._reporter.report(exc)
            else:
                self.statusBar().showMessage(
                    self.tr("Some pages could not be shown (%1).").replace("%1", log_hint())
                )

    # -- compatibility with the first window's names ----------------------------------------

    @property
    def model(self) -> WalletTableModel:
        return self.wallet.model

    @property
    def proxy(self) -> WalletTableModel:
        """What the views show (filtered and sorted): the model itself, see wallet_model."""
        return self.wallet.model

    @property
    def search(self) -> object:
        return self.wallet.view.search

    @property
    def pages(self) -> QStackedWidget:
        """The wallet's empty state (0) and list (1)."""
        return self.wallet.view.pages

    @property
    def samples_button(self) -> QPushButton:
        return self.wallet.view.samples_button

    @property
    def wallet_view(self) -> WalletView:
        return self.wallet.view

    @property
    def last_report(self) -> ImportReport | None:
        return self.importer.last_report

    @property
    def busy(self) -> bool:
        """Something is still running: an import, a wallet read or a details action."""
        return self.importer.busy or self.wallet.loading or self.details.busy

    def refresh(self) -> None:
        self.wallet.reload()

    # -- actions ----------------------------------------------------------------------------

    def _action(
        self,
        text: str,
        slot: object,
        shortcut: QKeySequence | QKeySequence.StandardKey | None = None,
    ) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(shortcut)
        action.triggered.connect(slot)
        return action

    def _focus_search(self) -> None:
        self.show_page("wallet")
        self.wallet.view.search.setFocus()
        self.wallet.view.search.selectAll()

    def _open_details(self, credential_id: int) -> None:
        self.details.show(credential_id)
        self.details.view.setFocus()

    def _removed(self, removed: object) -> None:
        if not isinstance(removed, RemovedCredential):
            return
        self.pending_undo = removed
        self.undo_action.setEnabled(True)
        self.undo_button.show()
        self.statusBar().showMessage(
            self.tr("Removed “%1”. Undo with Ctrl+Z.").replace("%1", removed.title)
        )

    def undo_remove(self) -> None:
        removed, self.pending_undo = self.pending_undo, None
        self.undo_action.setEnabled(False)
        self.undo_button.hide()
        if removed is not None:
            self.details.undo_remove(removed)

    def _restored(self, credential_id: int) -> None:
        self.wallet.reload(then_select=credential_id)

    # -- importing --------------------------------------------------------------------------

    def _choose_files(self) -> None:
        names, _ = QFileDialog.getOpenFileNames(
            self, self.tr("Import credentials"), "", tr_wallet(FILE_FILTER)
        )
        if names:
            self.import_paths([Path(n) for n in names])

    def _choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self, self.tr("Import every credential in a folder")
        )
        if folder:
            self.import_paths([Path(folder)])

    def import_samples(self) -> None:
        self.importer.import_samples()

    def import_paths(self, paths: Sequence[Path]) -> None:
        """Start importing in the background; the summary arrives when it is done."""
        self.importer.import_paths(paths)

    def paste(self) -> None:
        """Ctrl+V: import what the clipboard holds (files, or a credential's JSON / JWT)."""
        self.import_mime(QGuiApplication.clipboard().mimeData())

    def import_mime(self, mime: QMimeData | None) -> None:
        if mime is None:
            return
        paths = [Path(u.toLocalFile()) for u in mime.urls() if u.isLocalFile()]
        if paths:
            self.import_paths(paths)
        elif mime.hasText():
            self.importer.import_text(mime.text())

    def _set_importing(self, importing: bool) -> None:
        for action in (self.import_files_action, self.import_folder_action, self.paste_action):
            action.setEnabled(not importing)
        self.wallet.view.samples_button.setEnabled(not importing)
        self.wallet.view.import_button.setEnabled(not importing)

    # -- checking a received portfolio -----------------------------------------------------

    def _choose_portfolio_pdf(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Check a portfolio"),
            "",
            self.tr("Portfolio PDF (*.pdf);;All files (*)"),
        )
        if name:
            self.check_portfolio(Path(name))

    def check_portfolio(self, path: Path) -> None:
        """Check a portfolio PDF in the background; the report arrives in a dialog."""
        self.check_pdf_action.setEnabled(False)
        self.statusBar().showMessage(self.tr("Checking %1…").replace("%1", path.name))
        portfolio = self.services

        def work(_control: TaskControl) -> list[str]:
            from portfolio_app.services.export import NotAPortfolio  # noqa: PLC0415

            try:
                report = portfolio.check_portfolio_pdf(path)
            except NotAPortfolio as exc:
                raise PortfolioError(f"{path.name}: {exc}") from None
            return report.lines(path.name)

        self._runner.start(work, self._portfolio_checked)

    def _portfolio_checked(self, result: TaskResult[list[str]]) -> None:
        self.check_pdf_action.setEnabled(True)
        if result.error is not None:
            self.statusBar().showMessage(self.tr("The portfolio could not be checked"))
            self._task_failed(self.tr("Check a portfolio"), result.error)
            return
        lines = result.value or []
        self.last_portfolio_check = lines
        headline = lines[0] if lines else ""
        self.statusBar().showMessage(headline)
        holds = headline.endswith(": everything holds")
        box = QMessageBox(
            QMessageBox.Icon.Information if holds else QMessageBox.Icon.Warning,
            self.tr("Check a portfolio"),
            headline,
            parent=self,
        )
        box.setInformativeText("\n".join(line.strip() for line in lines[1:4]))
        box.setDetailedText("\n".join(lines))
        box.open()

    # -- status -----------------------------------------------------------------------------

    def _check_keys(self, _count: int = 0) -> None:
        if not self._keys_pending:
            return
        self._keys_pending = False
        portfolio = self.services
        self._runner.start(lambda _control: portfolio.keys_status(), self._show_keys_status)

    def _show_keys_status(self, result: TaskResult[KeysStatus]) -> None:
        """Say plainly how the learner's private keys are protected (or why not securely)."""
        status = result.value
        if status is None:
            self.keys_label.setText(self.tr("Keys: status unknown"))
            self.keys_label.setToolTip(str(result.error))
            return
        protection = status.protection.replace("_", " ")
        if not status.exists:
            text = self.tr("No identity yet; keys would be protected by: %1")
        elif status.secure and status.usable:
            text = self.tr("Keys: %1 (secure)")
        elif not status.secure:
            text = self.tr("Keys: %1 (NOT secure)")
        else:
            text = self.tr("Keys: %1 (locked)")
        self.keys_label.setText(text.replace("%1", protection))
        details = [status.reason, *status.problems]
        if status.did:
            details.insert(0, status.did)
        self.keys_label.setToolTip("\n".join(d for d in details if d))

    def _task_failed(self, title: str, error: BaseException) -> None:
        """An expected error is its own sentence; anything else goes to the log first."""
        if isinstance(error, PortfolioError):
            QMessageBox.critical(self, title, str(error))
        elif self._reporter is not None:
            self._reporter.report(error)
        else:
            QMessageBox.critical(
                self,
                title,
                self.tr("Something unexpected went wrong (%1).").replace("%1", log_hint()),
            )

    # -- drag and drop ----------------------------------------------------------------------

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        mime = event.mimeData()
        if mime.hasUrls() or mime.hasText():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        self.import_mime(event.mimeData())
        event.acceptProposedAction()

    def closeEvent(self, event: QCloseEvent) -> None:
        # On a machine that wipes profiles at logoff, offer an encrypted backup first (the
        # shell turns this on for the learner's window; windows made by tests leave it off).
        if self.offer_backup_on_close and not offer_backup(self, self.services):
            event.ignore()
            return
        self.watcher.stop()
        super().closeEvent(event)
