"""Importing from the window: dropped files and folders, the file dialogs, and the clipboard
(a credential's JSON or compact JWT pasted as text), off the GUI thread with progress and
Cancel, ending in a summary that lists every refusal with its reason.

Needs only :class:`ImportServices` and a runner.
"""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from portfolio_app.errors import PortfolioError
from portfolio_app.services.importing import (
    CancelCheck,
    ImportReport,
    ImportStatus,
    ProgressCallback,
)
from portfolio_app.ui.import_view import ImportSummaryView
from portfolio_app.ui.tasks import Runner, TaskControl, TaskResult

FILE_FILTER = "Credentials (*.png *.svg *.json *.jsonld *.jwt *.jws *.pdf *.xml);;All files (*)"
#: Pasted text larger than this is refused before anything is written (the import's own cap
#: applies after).
MAX_PASTE_CHARS = 2_000_000


class ImportServices(Protocol):
    def import_paths(
        self,
        paths: Sequence[Path],
        *,
        progress: ProgressCallback | None = None,
        cancelled: CancelCheck | None = None,
    ) -> ImportReport: ...

    def sample_paths(self) -> list[Path]: ...


class NothingToPaste(PortfolioError):
    """The clipboard holds nothing that could be a credential."""


def _tr(text: str) -> str:
    return QCoreApplication.translate("ImportController", text)


def pasted_file_name(text: str) -> str:
    """The name a pasted credential is stored under: ``pasted.json`` or ``pasted.jwt``.

    Raises :class:`NothingToPaste` with what to do for an address or anything else."""
    stripped = text.strip()
    if not stripped:
        raise NothingToPaste(_tr("The clipboard is empty: copy a credential's JSON or JWT first."))
    if len(stripped) > MAX_PASTE_CHARS:
        raise NothingToPaste(_tr("The pasted text is too large to be a credential."))
    if stripped.startswith(("{", "[")):
        return "pasted.json"
    if stripped.count(".") == 2 and " " not in stripped and "\n" not in stripped:
        return "pasted.jwt"
    if stripped.startswith(("http://", "https://")):
        raise NothingToPaste(
            _tr(
                "The clipboard holds a web address, not a credential: this app does not fetch "
                "credentials from the web; download the badge or its JSON and drop the file "
                "here."
            )
        )
    raise NothingToPaste(
        _tr("The clipboard does not hold a credential (expected its JSON or a compact JWT).")
    )


class ImportController(QObject):
    """Runs imports for the window; one at a time."""

    #: The import finished (the report); the wallet should reload.
    finished = Signal(object)
    #: True while an import runs (the window disables its import actions).
    running = Signal(bool)
    #: One line for the status bar.
    message = Signal(str)
    #: A task failed (the exception), for the window's error reporting.
    failed = Signal(object)

    def __init__(
        self,
        services: ImportServices,
        runner: Runner,
        parent_widget: QWidget,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._services = services
        self._runner = runner
        self._parent = parent_widget
        self._task: TaskControl | None = None
        self._running = False
        self.last_report: ImportReport | None = None
        self.summary: ImportSummaryView | None = None
        self.progress: QProgressDialog | None = None

    @property
    def busy(self) -> bool:
        return self._running

    def import_samples(self) -> None:
        self.import_paths(self._services.sample_paths())

    def import_text(self, text: str) -> None:
        """Import a credential pasted as text, under the name ``pasted.json`` / ``pasted.jwt``."""
        try:
            name = pasted_file_name(text)
        except NothingToPaste as exc:  # the status bar says what to do; no dialog to dismiss
            self.message.emit(str(exc))
            return
        data = text.strip().encode("utf-8")

        def work(control: TaskControl) -> ImportReport:
            with tempfile.TemporaryDirectory(prefix="portfolio-paste-") as folder:
                path = Path(folder) / name
                path.write_bytes(data)
                return self._import(control, [path])

        self._start(work)

    def import_paths(self, paths: Sequence[Path]) -> None:
        """Start importing in the background; the summary arrives when it is done."""
        chosen = list(paths)
        if chosen:
            self._start(lambda control: self._import(control, chosen))

    def _import(self, control: TaskControl, paths: list[Path]) -> ImportReport:
        return self._services.import_paths(
            paths,
            progress=lambda done, total, path: control.progress(done, total, path.name),
            cancelled=control.cancelled,
        )

    def _start(self, work: object) -> None:
        if self._running:
            self.message.emit(self.tr("An import is already running"))
            return
        self._running = True
        self.running.emit(True)
        progress = QProgressDialog(self.tr("Importing…"), self.tr("Cancel"), 0, 0, self._parent)
        progress.setWindowTitle(self.tr("Import"))
        progress.setAccessibleName(self.tr("Import progress"))
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(300)
        self.progress = progress
        task = self._runner.start(work, self._done, self._progress)  # type: ignore[arg-type]
        if self._running:  # a synchronous runner has already called _done
            self._task = task
            progress.canceled.connect(task.cancel)

    def cancel(self) -> None:
        if self._task is not None:
            self._task.cancel()

    def _progress(self, done: int, total: int, label: str) -> None:
        progress = self.progress
        if progress is None:
            return
        # Label first: a window-modal dialog's setValue() runs the event loop, in which the
        # import may finish and this dialog be retired.
        progress.setLabelText(
            self.tr("Importing %1 (%2 of %3)")
            .replace("%1", label)
            .replace("%2", str(done))
            .replace("%3", str(total))
        )
        progress.setMaximum(total)
        progress.setValue(done)

    def _done(self, result: TaskResult[ImportReport]) -> None:
        self._running = False
        self._task = None
        if self.progress is not None:
            self.progress.reset()
            self.progress.deleteLater()
            self.progress = None
        self.running.emit(False)
        if result.error is not None:
            self.failed.emit(result.error)
            self.finished.emit(None)
            return
        report = result.value
        assert report is not None
        self.last_report = report
        self.message.emit(self.headline(report))
        self.finished.emit(report)
        self._show_summary(report)

    def headline(self, report: ImportReport) -> str:
        text = (
            self.tr("%1 imported, %2 already held, %3 refused")
            .replace("%1", str(report.count(ImportStatus.IMPORTED)))
            .replace("%2", str(report.count(ImportStatus.DUPLICATE)))
            .replace("%3", str(report.count(ImportStatus.REJECTED)))
        )
        if report.cancelled:
            text += self.tr(" (cancelled)")
        return text

    def _show_summary(self, report: ImportReport) -> None:
        """A dialog only when there is something to read beyond the status bar's line."""
        refused = [o.line for o in report.outcomes if o.status is ImportStatus.REJECTED]
        held = [o.line for o in report.outcomes if o.status is ImportStatus.DUPLICATE]
        if not refused and not held:
            return
        if self.summary is not None:
            self.summary.close()
            self.summary.deleteLater()
        view = ImportSummaryView(self._parent)
        view.headline.setText(self.headline(report))
        view.refused.addItems(refused)
        view.refused.setVisible(bool(refused))
        view.refused_label.setVisible(bool(refused))
        view.held.addItems(held)
        view.held.setVisible(bool(held))
        view.held_label.setVisible(bool(held))
        self.summary = view
        view.open()
