"""The first window: the wallet list, Import actions, and a friendly empty state.

Behaviour only; every rule lives in :class:`portfolio_app.services.portfolio.Portfolio`.
Imports run through a :class:`Runner` so the window stays responsive and can be cancelled.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from types import TracebackType
from typing import Protocol

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtGui import QAction, QDragEnterEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QStackedWidget,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from portfolio_app.errors import PortfolioError
from portfolio_app.identity.results import KeysStatus
from portfolio_app.logfile import log_hint
from portfolio_app.services.importing import ImportReport, ImportStatus
from portfolio_app.services.portfolio import Portfolio
from portfolio_app.ui.tasks import Runner, TaskControl, TaskResult, ThreadPoolRunner
from portfolio_app.ui.wallet_model import COL_DATE, COL_TITLE, WalletTableModel


class Reporter(Protocol):
    def report(self, exc: BaseException, tb: TracebackType | None = None) -> None: ...


FILE_FILTER = "Credentials (*.png *.svg *.json *.jsonld *.jwt *.jws *.pdf);;All files (*)"


class MainWindow(QMainWindow):
    def __init__(
        self,
        portfolio: Portfolio,
        runner: Runner | None = None,
        reporter: Reporter | None = None,
    ) -> None:
        """``reporter`` receives unexpected errors from background tasks (the shell's
        :class:`~portfolio_app.ui.shell.ErrorReporter`: log file + one sentence)."""
        super().__init__()
        self._portfolio = portfolio
        self._runner: Runner = runner or ThreadPoolRunner()
        self._reporter = reporter
        self._task: TaskControl | None = None
        self._import_running = False
        self.last_report: ImportReport | None = None
        self.last_portfolio_check: list[str] = []  # the last "Check a portfolio" report
        self.setWindowTitle("Learner Portfolio")
        self.resize(960, 600)
        self.setAcceptDrops(True)

        self.model = WalletTableModel()
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.proxy.setFilterKeyColumn(-1)

        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(COL_DATE, Qt.SortOrder.DescendingOrder)  # newest first
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(
            COL_TITLE, QHeaderView.ResizeMode.Stretch
        )
        self.table.verticalHeader().hide()

        self.search = QLineEdit(placeholderText="Filter by title, issuer, format…")
        self.search.textChanged.connect(self.proxy.setFilterFixedString)

        wallet_page = QWidget()
        wallet_layout = QVBoxLayout(wallet_page)
        wallet_layout.addWidget(self.search)
        wallet_layout.addWidget(self.table)

        self.samples_button = QPushButton("Add sample credentials")
        self.samples_button.clicked.connect(self.import_samples)
        empty_page = QWidget()
        empty_layout = QVBoxLayout(empty_page)
        empty_layout.addStretch()
        intro = QLabel(
            "<h2>Your wallet is empty</h2>"
            "<p>Import badges and certificates you have earned (PNG or SVG badges, JSON, JWT, "
            "PDF certificates), or drop files here.</p>"
            "<p>Not sure where to start? Add a few real public sample credentials to see how "
            "verification works.</p>"
        )
        intro.setWordWrap(True)
        intro.setAlignment(Qt.AlignmentFlag.AlignCenter)
        empty_layout.addWidget(intro)
        empty_layout.addWidget(self.samples_button, alignment=Qt.AlignmentFlag.AlignCenter)
        empty_layout.addStretch()

        self.pages = QStackedWidget()
        self.pages.addWidget(empty_page)
        self.pages.addWidget(wallet_page)
        # Minimal page/menu contract for ui/pages.py (G1 owns the full version).
        self.services = portfolio
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.pages, "Wallet")
        self.setCentralWidget(self.tabs)
        self._page_keys: dict[str, QWidget] = {"wallet": self.pages}

        self.import_files_action = QAction("Import files…", self)
        self.import_files_action.setShortcut(QKeySequence.StandardKey.Open)
        self.import_files_action.triggered.connect(self._choose_files)
        self.import_folder_action = QAction("Import folder…", self)
        self.import_folder_action.triggered.connect(self._choose_folder)
        toolbar = self.addToolBar("Wallet")
        toolbar.setObjectName("wallet-toolbar")
        toolbar.addAction(self.import_files_action)
        toolbar.addAction(self.import_folder_action)
        self.check_pdf_action = QAction("Check a portfolio…", self)
        self.check_pdf_action.setToolTip(
            "Check a received portfolio PDF: its signature, the learner's statement and every "
            "credential inside"
        )
        self.check_pdf_action.triggered.connect(self._choose_portfolio_pdf)
        file_menu = self.menuBar().addMenu("&File")
        self._menus = {"file": file_menu}
        file_menu.addAction(self.import_files_action)
        file_menu.addAction(self.import_folder_action)
        file_menu.addSeparator()
        file_menu.addAction(self.check_pdf_action)

        self.keys_label = QLabel("Keys: checking…")
        self.statusBar().addPermanentWidget(self.keys_label)
        self.statusBar().showMessage(f"Profile: {portfolio.data_dir}")
        self.refresh()
        self._runner.start(lambda _control: portfolio.keys_status(), self._show_keys_status)
        from portfolio_app.ui.pages import install_pages  # noqa: PLC0415 - pages import this

        install_pages(self)

    # -- pages and menus (the contract ui/pages.py uses) -----------------------------------

    @property
    def runner(self) -> Runner:
        return self._runner

    def add_page(self, key: str, title: str, widget: QWidget) -> None:
        self._page_keys[key] = widget
        self.tabs.addTab(widget, title)

    def show_page(self, key: str) -> None:
        self.tabs.setCurrentWidget(self._page_keys[key])

    def add_menu_action(self, menu: str, action: QAction) -> None:
        if menu not in self._menus:
            titles = {"view": "&View", "tools": "&Tools", "help": "&Help"}
            self._menus[menu] = self.menuBar().addMenu(titles.get(menu, menu.title()))
        self._menus[menu].addAction(action)

    # -- state -----------------------------------------------------------------------------

    def refresh(self) -> None:
        rows = self._portfolio.credentials()
        self.model.set_credentials(rows)
        self.pages.setCurrentIndex(1 if rows else 0)

    @property
    def busy(self) -> bool:
        return self._task is not None

    def _show_keys_status(self, result: TaskResult[KeysStatus]) -> None:
        """Say plainly how the learner's private keys are protected (or why not securely)."""
        status = result.value
        if status is None:
            self.keys_label.setText("Keys: status unknown")
            self.keys_label.setToolTip(str(result.error))
            return
        protection = status.protection.replace("_", " ")
        if not status.exists:
            text = f"No identity yet; keys would be protected by: {protection}"
        elif status.secure and status.usable:
            text = f"Keys: {protection} (secure)"
        else:
            text = (
                f"Keys: {protection} (NOT secure)"
                if not status.secure
                else (f"Keys: {protection} (locked)")
            )
        self.keys_label.setText(text)
        details = [status.reason, *status.problems]
        if status.did:
            details.insert(0, status.did)
        self.keys_label.setToolTip("\n".join(d for d in details if d))

    # -- importing -------------------------------------------------------------------------

    def _choose_files(self) -> None:
        names, _ = QFileDialog.getOpenFileNames(self, "Import credentials", "", FILE_FILTER)
        if names:
            self.import_paths([Path(n) for n in names])

    def _choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Import every credential in a folder")
        if folder:
            self.import_paths([Path(folder)])

    def import_samples(self) -> None:
        self.import_paths(self._portfolio.sample_paths())

    def import_paths(self, paths: Sequence[Path]) -> None:
        """Start importing in the background; the result arrives in :meth:`_import_done`."""
        if self.busy:
            return
        self._set_importing(True)
        self.progress = QProgressDialog("Importing…", "Cancel", 0, 0, self)
        self.progress.setWindowTitle("Import")
        self.progress.setWindowModality(Qt.WindowModality.WindowModal)
        self.progress.setMinimumDuration(300)
        portfolio, chosen = self._portfolio, list(paths)

        def work(control: TaskControl) -> ImportReport:
            return portfolio.import_paths(
                chosen,
                progress=lambda done, total, path: control.progress(done, total, path.name),
                cancelled=control.cancelled,
            )

        self._import_running = True
        task = self._runner.start(work, self._import_done, self._import_progress)
        if self._import_running:  # a synchronous runner has already called _import_done
            self._task = task
            self.progress.canceled.connect(task.cancel)

    def _import_progress(self, done: int, total: int, label: str) -> None:
        self.progress.setMaximum(total)
        self.progress.setValue(done)
        self.progress.setLabelText(f"Importing {label} ({done} of {total})")

    def _import_done(self, result: TaskResult[ImportReport]) -> None:
        self._import_running = False
        self._task = None
        self.progress.reset()
        self._set_importing(False)
        self.refresh()
        if result.error is not None:
            self._task_failed("Import failed", result.error)
            return
        report = result.value
        assert report is not None
        self.last_report = report
        message = (
            f"{report.count(ImportStatus.IMPORTED)} imported, "
            f"{report.count(ImportStatus.DUPLICATE)} already held, "
            f"{report.count(ImportStatus.REJECTED)} refused"
        )
        if report.cancelled:
            message += " (cancelled)"
        self.statusBar().showMessage(message)
        refused = [o.line for o in report.outcomes if o.status is ImportStatus.REJECTED]
        if refused:
            box = QMessageBox(
                QMessageBox.Icon.Warning, "Some files were not imported", message, parent=self
            )
            box.setDetailedText("\n".join(refused))
            box.open()

    # -- checking a received portfolio -----------------------------------------------------

    def _choose_portfolio_pdf(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, "Check a portfolio", "", "Portfolio PDF (*.pdf);;All files (*)"
        )
        if name:
            self.check_portfolio(Path(name))

    def check_portfolio(self, path: Path) -> None:
        """Check a portfolio PDF in the background; the report arrives in a dialog."""
        self.check_pdf_action.setEnabled(False)
        self.statusBar().showMessage(f"Checking {path.name}…")
        portfolio = self._portfolio

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
            self.statusBar().showMessage("The portfolio could not be checked")
            self._task_failed("Check a portfolio", result.error)
            return
        lines = result.value or []
        self.last_portfolio_check = lines
        headline = lines[0] if lines else ""
        self.statusBar().showMessage(headline)
        holds = headline.endswith(": everything holds")
        box = QMessageBox(
            QMessageBox.Icon.Information if holds else QMessageBox.Icon.Warning,
            "Check a portfolio",
            headline,
            parent=self,
        )
        box.setInformativeText("\n".join(line.strip() for line in lines[1:4]))
        box.setDetailedText("\n".join(lines))
        box.open()

    def _task_failed(self, title: str, error: BaseException) -> None:
        """An expected error is its own sentence; anything else goes to the log first."""
        if isinstance(error, PortfolioError):
            QMessageBox.critical(self, title, str(error))
        elif self._reporter is not None:
            self._reporter.report(error)
        else:
            QMessageBox.critical(self, title, f"Something unexpected went wrong ({log_hint()}).")

    def _set_importing(self, importing: bool) -> None:
        self.import_files_action.setEnabled(not importing)
        self.import_folder_action.setEnabled(not importing)
        self.samples_button.setEnabled(not importing)

    # -- drag and drop ---------------------------------------------------------------------

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            self.import_paths(paths)
