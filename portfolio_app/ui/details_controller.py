"""The details pane's behaviour: load one credential off the GUI thread, show every check
with its reason and what the learner can do, re-verify, check online, save, remove.

It needs only :class:`DetailsServices` (a handful of the facade's methods) and a runner.
Dialogs are reached through :attr:`DetailsController.choose_save_path` so tests can stub it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Protocol

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QFileDialog, QTreeWidgetItem, QWidget

from portfolio_app.services.originals import LearnerEdit
from portfolio_app.services.results import CheckLine, CredentialDetails, RemovedCredential
from portfolio_app.ui.details_view import DETAILS_PAGE, IMAGE_SIZE, NOTHING_PAGE, DetailsView
from portfolio_app.ui.learner_edit_view import LearnerAnswers, ask_learner_edit
from portfolio_app.ui.tasks import Runner, TaskControl, TaskResult
from portfolio_app.ui.wallet_model import status_explanation, status_text
from portfolio_app.ui.wallet_strings import tr_wallet

OUTCOME_SYMBOLS = {"passed": "✔", "failed": "✖", "not_checked": "?"}
#: On each check's line: its machine name and outcome (tests and assistive tools read them).
NAME_ROLE = Qt.ItemDataRole.UserRole + 1
OUTCOME_ROLE = Qt.ItemDataRole.UserRole + 2


class DetailsServices(Protocol):
    def details(self, credential_id: int) -> CredentialDetails: ...

    def reverify_one(self, credential_id: int, *, online: bool = False) -> object: ...

    def remove(self, credential_id: int) -> RemovedCredential: ...

    def undo_remove(self, removed: RemovedCredential) -> int | None: ...

    def save_originals(
        self, credential_id: int, dest: Path, *, every: bool = False, force: bool = False
    ) -> list[Path]: ...

    def edit(self, credential_id: int, change: LearnerEdit) -> object: ...

    @property
    def network_allowed(self) -> bool: ...


def ask_save_path(parent: QWidget, suggested: str) -> Path | None:
    name, _ = QFileDialog.getSaveFileName(
        parent,
        QCoreApplication.translate("DetailsController", "Save the original"),
        suggested,
        QCoreApplication.translate("DetailsController", "All files (*)"),
    )
    return Path(name) if name else None


class DetailsController(QObject):
    """Drives a :class:`DetailsView` for the credential the wallet has chosen."""

    #: Something in the wallet changed (re-verified, removed, restored): reload the list.
    changed = Signal()
    #: One line for the status bar.
    message = Signal(str)
    #: A credential was removed; the window offers Undo.
    removed = Signal(object)
    #: A removed credential came back under this id.
    restored = Signal(int)
    #: A task failed (the exception), for the window's error reporting.
    failed = Signal(object)

    def __init__(
        self, services: DetailsServices, runner: Runner, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._services = services
        self._runner = runner
        self.view = DetailsView()
        self.details: CredentialDetails | None = None
        self.network_allowed = False
        self._wanted: int | None = None
        self._busy = False
        #: ``(parent, suggested name) -> path or None``; a dialog, or a stub in tests.
        self.choose_save_path: Callable[[QWidget, str], Path | None] = ask_save_path
        self.ask_learner_edit: Callable[[QWidget, str, tuple[str, ...]], LearnerAnswers | None] = (
            ask_learner_edit
        )
        view = self.view
        view.reverify_button.clicked.connect(lambda: self.reverify(online=False))
        view.online_button.clicked.connect(lambda: self.reverify(online=True))
        view.save_button.clicked.connect(self.save_original)
        view.remove_button.clicked.connect(self.remove)
        view.edit_button.clicked.connect(self.edit_learner_facts)
        self._set_actions()

    # -- showing -----------------------------------------------------------------------------

    def show(self, credential_id: int | None) -> None:
        """Show a credential (read in the background), or the "choose one" hint for None."""
        self._wanted = credential_id
        if credential_id is None:
            self.details = None
            self.view.pages.setCurrentIndex(NOTHING_PAGE)
            self._set_actions()
            return
        services = self._services

        def work(_control: TaskControl) -> tuple[CredentialDetails, bool]:
            return services.details(credential_id), services.network_allowed

        self._runner.start(work, lambda result: self._loaded(credential_id, result))

    def _loaded(
        self, credential_id: int, result: TaskResult[tuple[CredentialDetails, bool]]
    ) -> None:
        if credential_id != self._wanted:
            return  # the learner has moved on
        if result.error is not None or result.value is None:
            self.details = None
            self.view.pages.setCurrentIndex(NOTHING_PAGE)
            self._set_actions()
            if result.error is not None:
                self.failed.emit(result.error)
            return
        self.details, self.network_allowed = result.value
        self._fill(self.details)
        self.view.pages.setCurrentIndex(DETAILS_PAGE)
        self._set_actions()

    def _fill(self, details: CredentialDetails) -> None:
        view = self.view
        row = details.row
        view.title.setText(row.title)
        view.status.setText(status_text(row.status) + " — " + status_explanation(row.status))
        view.status.setAccessibleDescription(status_explanation(row.status))
        view.issuer_standing.setText(self._standing(details.issuer_standing))
        view.last_verified.setText(
            self.tr("Last verified on %1").replace(
                "%1", details.last_verified.strftime("%Y-%m-%d %H:%M")
            )
            if details.last_verified
            else self.tr("Not verified yet")
        )
        view.summary.setText(details.summary)
        self._show_image(details)
        view.checks.clear()
        for check in details.checks:
            view.checks.addTopLevelItem(self._check_item(check))
        view.checks.expandAll()

        view.description.setText(details.description)
        view.description.setVisible(bool(details.description))
        view.clear_form(view.fields)
        for label, value in details.fields:
            view.add_row(view.fields, tr_wallet(label), value)
        if details.skills:
            view.add_row(view.fields, self.tr("Skills"), "\n".join(details.skills))
        if details.credits:
            view.add_row(view.fields, self.tr("Credits"), ", ".join(details.credits))
        if details.evidence:
            view.add_row(view.fields, self.tr("Evidence"), "\n".join(details.evidence))
        if row.tags:
            own = [t for t in row.tags if t not in details.learner_tags]
            if own:
                view.add_row(view.fields, self.tr("Tags"), ", ".join(own))

        view.clear_form(view.learner)
        if details.learner_tags:
            view.add_row(view.learner, self.tr("Your tags"), ", ".join(details.learner_tags))
        for label, value in details.learner:
            view.add_row(view.learner, tr_wallet(label), value)
        view.learner_box.setVisible(bool(details.learner or details.learner_tags))

        view.renditions.clear()
        for rendition in details.renditions:
            shown = self.tr(" (shown)") if rendition.shown else ""
            view.renditions.addItem(
                f"{rendition.file_name}: {rendition.format}, {status_text(rendition.status)}{shown}"
            )

    def _standing(self, standing: str) -> str:
        if not standing:
            return self.tr("Issuer: not checked against a registry")
        if standing == "self-described issuer":
            return self.tr(
                "Self-described issuer: the issuer names itself; no registry you hold lists it"
            )
        return self.tr("Recognised issuer: %1").replace(
            "%1", standing.removeprefix("recognised issuer: ")
        )

    def _check_item(self, check: CheckLine) -> QTreeWidgetItem:
        outcome = tr_wallet(check.outcome.replace("_", " "))
        symbol = OUTCOME_SYMBOLS.get(check.outcome, "○")
        item = QTreeWidgetItem([f"{symbol} {check.name}: {outcome}"])
        item.setData(0, NAME_ROLE, check.name)
        item.setData(0, OUTCOME_ROLE, check.outcome)
        detail = check.detail
        if check.as_of is not None:
            detail += " " + self.tr("(as of %1)").replace("%1", check.as_of.date().isoformat())
        why = QTreeWidgetItem([detail])
        why.setData(0, NAME_ROLE, "why")
        item.addChild(why)
        if check.advice:
            what = self.tr("What you can do: %1").replace("%1", tr_wallet(check.advice))
            advice = QTreeWidgetItem([what])
            advice.setData(0, NAME_ROLE, "advice")
            item.addChild(advice)
        return item

    def _show_image(self, details: CredentialDetails) -> None:
        label = self.view.image
        pixmap = QPixmap()
        if details.image is not None and pixmap.loadFromData(
            details.image, "SVG" if details.image_kind == "svg" else None
        ):
            ratio = label.devicePixelRatioF()  # crisp on high-DPI screens
            side = int(IMAGE_SIZE * ratio)
            scaled = pixmap.scaled(
                side,
                side,
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
            scaled.setDevicePixelRatio(ratio)
            label.setPixmap(scaled)
            label.setText("")
        else:
            label.setPixmap(QPixmap())
            label.setText(status_text(details.row.status))

    def _set_actions(self) -> None:
        chosen = self.details is not None and not self._busy
        view = self.view
        view.reverify_button.setEnabled(chosen)
        view.save_button.setEnabled(chosen)
        view.remove_button.setEnabled(chosen)
        view.edit_button.setEnabled(chosen)
        view.online_button.setVisible(self.network_allowed)
        view.online_button.setEnabled(chosen and self.network_allowed)

    # -- actions -----------------------------------------------------------------------------

    def reverify(self, *, online: bool = False) -> None:
        """Re-check the shown credential now; its new verdict joins its history."""
        if self.details is None or self._busy or (online and not self.network_allowed):
            return
        credential_id = self.details.row.id
        services = self._services
        self._start_busy(
            self.tr("Checking online…") if online else self.tr("Re-verifying…"),
            lambda _c: services.reverify_one(credential_id, online=online),
            lambda _value: self._after_change(credential_id, self.tr("Re-verified")),
        )

    def save_original(self) -> None:
        if self.details is None or self._busy:
            return
        details = self.details
        target = self.choose_save_path(self.view, details.original_name)
        if target is None:
            return
        services = self._services

        def done(value: object) -> None:
            paths = value if isinstance(value, list) else []
            names = ", ".join(str(p) for p in paths)
            self.message.emit(self.tr("Saved the original as %1").replace("%1", names))

        self._start_busy(
            self.tr("Saving…"),
            lambda _c: services.save_originals(details.row.id, target),
            done,
        )

    def edit_learner_facts(self) -> None:
        """The learner's own tags and fields (``portfolio edit`` in the window)."""
        if self.details is None or self._busy:
            return
        details = self.details
        answers = self.ask_learner_edit(self.view, details.row.title, details.learner_tags)
        if answers is None:
            return
        before = set(details.learner_tags)
        change = LearnerEdit(
            add_tags=tuple(t for t in answers.tags if t not in before),
            remove_tags=tuple(t for t in details.learner_tags if t not in answers.tags),
            issuer_name=answers.issuer_name,
            achievement_name=answers.achievement_name,
            note=answers.note,
        )
        credential_id, services = details.row.id, self._services
        self._start_busy(
            self.tr("Saving…"),
            lambda _c: services.edit(credential_id, change),
            lambda _v: self._after_change(credential_id, self.tr("Saved what you added")),
        )

    def remove(self) -> None:
        """Remove the shown credential; the window offers Undo."""
        if self.details is None or self._busy:
            return
        credential_id = self.details.row.id
        services = self._services

        def done(value: object) -> None:
            self.show(None)
            self.changed.emit()
            self.removed.emit(value)

        self._start_busy(self.tr("Removing…"), lambda _c: services.remove(credential_id), done)

    def undo_remove(self, removed: RemovedCredential) -> None:
        services = self._services

        def done(value: object) -> None:
            if isinstance(value, int):
                self.restored.emit(value)  # the window reloads and chooses it
                self.message.emit(self.tr("Put back “%1”").replace("%1", removed.title))
            else:
                self.changed.emit()
                self.message.emit(self.tr("It is already in the wallet again"))

        self._start_busy(
            self.tr("Putting it back…"), lambda _c: services.undo_remove(removed), done
        )

    def _after_change(self, credential_id: int, text: str) -> None:
        self.message.emit(text)
        self.changed.emit()
        if self._wanted == credential_id:
            self.show(credential_id)

    def _start_busy(
        self,
        text: str,
        work: Callable[[TaskControl], object],
        then: Callable[[object], None],
    ) -> None:
        self._busy = True
        self._set_actions()
        self.message.emit(text)

        def finished(result: TaskResult[object]) -> None:
            self._busy = False
            self._set_actions()
            if result.error is not None:
                self.failed.emit(result.error)
                return
            then(result.value)

        self._runner.start(work, finished)

    @property
    def busy(self) -> bool:
        return self._busy
