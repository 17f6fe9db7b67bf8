"""The export wizard: choose credentials (or everything for one qualification), contact
details, what to include; then the signed PDF is made in a private temporary folder and shown
inside the app (QtPdf) *before* it is saved anywhere; then save it, copy the LinkedIn fields,
or check a portfolio someone sent.

Making the PDF re-verifies every chosen credential and signs, so it runs through the runner.
The keys are opened with the keychain when they live there; a passphrase is asked for only when
the keys need one (again, saying so, when it was wrong), and keys are created on the spot for a
learner who has none yet.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtPdf import QPdfDocument
from PySide6.QtWidgets import QFileDialog, QListWidgetItem, QWidget, QWizard

from portfolio_app.fsutil import PUBLIC_MODE, atomic_write
from portfolio_app.identity.errors import NoIdentity, PassphraseRequired, WrongPassphrase
from portfolio_app.identity.kdf import KdfLimits
from portfolio_app.services import pages_facade
from portfolio_app.services.export import ExportRequest
from portfolio_app.services.portfolio import Portfolio
from portfolio_app.ui.export_view import ChoosePage, ContactPage, IncludePage, PreviewPage, SavePage
from portfolio_app.ui.pages import (
    AskSecret,
    ask_new_secret,
    ask_secret,
    explain,
    status_text,
    translate,
)
from portfolio_app.ui.tasks import Runner, TaskControl, TaskResult

if TYPE_CHECKING:
    from portfolio_app.services.export import ExportResult
    from portfolio_app.services.results import Report

#: ``choose(parent, suggested) -> where to save, or None``.
ChooseSave = Callable[[QWidget, Path], Path | None]
PAGE_CHOOSE, PAGE_CONTACT, PAGE_INCLUDE, PAGE_PREVIEW, PAGE_SAVE = range(5)


def choose_save_path(parent: QWidget, suggested: Path) -> Path | None:
    name, _ = QFileDialog.getSaveFileName(
        parent,
        translate("pages", "Save the portfolio"),
        str(suggested),
        translate("pages", "PDF (*.pdf)"),
    )
    if not name:
        return None
    path = Path(name)
    return path if path.suffix.lower() == ".pdf" else path.with_name(path.name + ".pdf")


class ExportWizard(QWizard):
    def __init__(
        self,
        portfolio: Portfolio,
        runner: Runner,
        *,
        ask: AskSecret = ask_secret,
        ask_new: AskSecret = ask_new_secret,
        choose_save: ChooseSave = choose_save_path,
        check_portfolio: Callable[[], None] | None = None,
        kdf_limits: KdfLimits | None = None,
        clock: Callable[[], datetime] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._portfolio = portfolio
        self._runner = runner
        self._ask = ask
        self._ask_new = ask_new
        self._choose_save = choose_save
        self._limits = kdf_limits
        self._clock = clock
        self._work_dir = Path(tempfile.mkdtemp(prefix="portfolio-export-"))
        self._passphrase: str | None = None
        self.result_: ExportResult | None = None
        self.saved_to: Path | None = None
        self.setWindowTitle(self.tr("Export a portfolio"))
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.resize(760, 640)

        self.choose = ChoosePage()
        self.contact = ContactPage()
        self.include = IncludePage()
        self.preview = PreviewPage()
        self.save_page = SavePage()
        for number, page in enumerate(
            (self.choose, self.contact, self.include, self.preview, self.save_page)
        ):
            self.setPage(number, page)

        self.choose.scope.addItem(self.tr("The credentials I tick below"), None)
        self.choose.scope.currentIndexChanged.connect(self._scope_changed)
        self.choose.credentials.itemChanged.connect(lambda _item: self._selection_changed())
        self.choose.select_all.clicked.connect(lambda: self._tick_all(True))
        self.choose.select_none.clicked.connect(lambda: self._tick_all(False))
        self.choose.complete_check = self._has_choice
        self.preview.retry.clicked.connect(self.make_pdf)
        self.save_page.save.clicked.connect(self._save_clicked)
        self.save_page.copy.clicked.connect(self._copy_linkedin)
        self.save_page.check.setEnabled(check_portfolio is not None)
        if check_portfolio is not None:
            self.save_page.check.clicked.connect(check_portfolio)
        self.currentIdChanged.connect(self._page_changed)
        self.finished.connect(lambda _code: self._clean_up())
        self._load()

    # -- step 1 and 2: what, who ----------------------------------------------------------------

    def _load(self) -> None:
        portfolio = self._portfolio

        def work(_c: TaskControl) -> tuple[list[pages_facade.Choice], list[Report], str]:
            return (
                pages_facade.export_choices(portfolio),
                pages_facade.qualification_reports(portfolio),
                pages_facade.learner_name(portfolio),
            )

        self._runner.start(work, self._loaded)

    def _loaded(
        self, result: TaskResult[tuple[list[pages_facade.Choice], list[Report], str]]
    ) -> None:
        if result.error is not None or result.value is None:
            self.choose.count.setText(_error_text(result.error))
            return
        choices, reports, name = result.value
        items = self.choose.credentials
        items.blockSignals(True)
        for choice in choices:
            marker = "" if choice.status == "verified" else self.tr(" — not verified")
            item = QListWidgetItem(
                f"#{choice.id}  {choice.title} — {choice.issuer} "
                f"({status_text(choice.status)}){marker}"
            )
            item.setData(Qt.ItemDataRole.UserRole, choice.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            verified = choice.status == "verified"
            item.setCheckState(Qt.CheckState.Checked if verified else Qt.CheckState.Unchecked)
            items.addItem(item)
        items.blockSignals(False)
        for report in reports:
            if report.progress.root.counted:
                self.choose.scope.addItem(
                    self.tr("Everything that counts for: {name}").format(name=report.progress.name),
                    report.progress.qualification_id,
                )
        if not self.contact.name.text():
            self.contact.name.setText(name)
        if not self.contact.contact.toPlainText() and self._portfolio.learner_emails:
            self.contact.contact.setPlainText(self._portfolio.learner_emails[0])
        self._selection_changed()

    def _tick_all(self, on: bool) -> None:
        state = Qt.CheckState.Checked if on else Qt.CheckState.Unchecked
        for row in range(self.choose.credentials.count()):
            self.choose.credentials.item(row).setCheckState(state)

    def chosen_ids(self) -> tuple[int, ...]:
        items = self.choose.credentials
        return tuple(
            int(items.item(row).data(Qt.ItemDataRole.UserRole))
            for row in range(items.count())
            if items.item(row).checkState() is Qt.CheckState.Checked
        )

    def _scope_changed(self, _index: int) -> None:
        self.choose.credentials.setEnabled(self.choose.scope.currentData() is None)
        self._selection_changed()

    def _selection_changed(self) -> None:
        qualification = self.choose.scope.currentData()
        if qualification is None:
            self.choose.count.setText(
                self.tr("{count} chosen").format(count=len(self.chosen_ids()))
            )
        else:
            self.choose.count.setText(self.tr("Everything that counts for it, verified now"))
        self.choose.completeChanged.emit()

    def _has_choice(self) -> bool:
        return self.choose.scope.currentData() is not None or bool(self.chosen_ids())

    def request(self) -> ExportRequest:
        qualification = self.choose.scope.currentData()
        contact = tuple(
            line.strip() for line in self.contact.contact.toPlainText().splitlines() if line.strip()
        )
        return ExportRequest(
            out=self._work_dir / "portfolio.pdf",
            ids=() if qualification else self.chosen_ids(),
            qualification=str(qualification) if qualification else None,
            include_unverified=self.include.include_unverified.isChecked(),
            name=self.contact.name.text().strip() or None,
            contact=contact,
            presentation=self.include.presentation.isChecked(),
            linkedin=self.include.linkedin.isChecked(),
        )

    # -- step 4: make, sign and show the PDF ------------------------------------------------------

    def _page_changed(self, page_id: int) -> None:
        if page_id == PAGE_PREVIEW:
            self.make_pdf()
        elif page_id == PAGE_SAVE:
            self._fill_save_page()

    def make_pdf(self) -> None:
        self.preview.ready = False
        self.preview.completeChanged.emit()
        self.preview.retry.hide()
        self.preview.document.close()
        self.preview.status.setText(self.tr("Checking every credential and signing…"))
        portfolio, request = self._portfolio, self.request()
        passphrase, clock = self._passphrase, self._clock

        def work(_c: TaskControl) -> ExportResult:
            return portfolio.export(request, passphrase=passphrase, clock=clock)

        self._runner.start(work, self._made)

    def _made(self, result: TaskResult[ExportResult]) -> None:
        error = result.error
        if isinstance(error, PassphraseRequired | WrongPassphrase):
            label = (
                self.tr("That passphrase did not open your keys. Passphrase:")
                if isinstance(error, WrongPassphrase)
                else self.tr("Your passphrase, to sign the portfolio:")
            )
            passphrase = self._ask(self, self.tr("Sign the portfolio"), label)
            if passphrase is None:
                self._stopped(self.tr("Not signed: the passphrase was not given."))
                return
            self._passphrase = passphrase
            self.make_pdf()
            return
        if isinstance(error, NoIdentity):
            self._create_keys(None)
            return
        if error is not None or result.value is None:
            self._stopped(_error_text(error))
            return
        self.result_ = exported = result.value
        self.preview.document.load(str(exported.pdf))
        left_out = len(exported.left_out)
        text = self.tr("Signed. Credentials inside: {count}; size: {size} KB.").format(
            count=len(exported.included), size=max(1, exported.size // 1024)
        )
        if left_out:
            text += " " + self.tr("Left out because not verified: {count}.").format(count=left_out)
        self.preview.status.setText(text)
        self.preview.ready = self.preview.document.status() is QPdfDocument.Status.Ready
        self.preview.completeChanged.emit()

    def _create_keys(self, passphrase: str | None) -> None:
        name = self.contact.name.text().strip() or "Learner"
        portfolio, limits = self._portfolio, self._limits
        self.preview.status.setText(self.tr("Creating your signing keys…"))

        def work(_c: TaskControl) -> str:
            return pages_facade.create_identity(portfolio, name, passphrase, limits=limits).did

        def done(result: TaskResult[str]) -> None:
            if isinstance(result.error, PassphraseRequired) and passphrase is None:
                chosen = self._ask_new(
                    self,
                    self.tr("Create signing keys"),
                    self.tr(
                        "You have no signing keys yet. Choose a passphrase to protect them "
                        "(at least 12 characters):"
                    ),
                )
                if chosen is None:
                    self._stopped(self.tr("Not signed: no signing keys were created."))
                    return
                self._passphrase = chosen
                self._create_keys(chosen)
                return
            if result.error is not None:
                self._stopped(_error_text(result.error))
                return
            self.make_pdf()

        self._runner.start(work, done)

    def _stopped(self, text: str) -> None:
        self.preview.status.setText(text)
        self.preview.retry.show()

    # -- step 5: save, LinkedIn, check ------------------------------------------------------------

    def _fill_save_page(self) -> None:
        exported = self.result_
        text = ""
        if exported is not None:
            for path in exported.files:
                if path.name.endswith("-linkedin.txt"):
                    text = path.read_text(encoding="utf-8")
        self.save_page.linkedin.setPlainText(text)
        for widget in (self.save_page.linkedin, self.save_page.linkedin_note, self.save_page.copy):
            widget.setVisible(bool(text))

    def _save_clicked(self) -> None:
        self.save()  # not connected directly: clicked(bool) would arrive as ``target``

    def save(self, target: Path | None = None) -> None:
        """Copy the previewed, signed PDF (and the extras) to where the learner chooses."""
        exported = self.result_
        if exported is None:
            return
        target = target or self._choose_save(self, Path.home() / "portfolio.pdf")
        if target is None:
            return

        def work(_c: TaskControl) -> Path:
            for path in exported.files:
                suffix = path.name[len(exported.pdf.stem) :]
                dest = target if path == exported.pdf else target.with_name(target.stem + suffix)
                atomic_write(dest, path.read_bytes(), mode=PUBLIC_MODE)
            return target

        self._runner.start(work, self._saved)

    def _saved(self, result: TaskResult[Path]) -> None:
        if result.error is not None or result.value is None:
            self.save_page.saved.setText(_error_text(result.error))
            return
        self.saved_to = result.value
        self.save_page.saved.setText(self.tr("Saved to {path}").format(path=result.value))

    def _copy_linkedin(self) -> None:
        QGuiApplication.clipboard().setText(self.save_page.linkedin.toPlainText())

    def _clean_up(self) -> None:
        self.preview.document.close()
        shutil.rmtree(self._work_dir, ignore_errors=True)


def _error_text(error: BaseException | None) -> str:
    kind = type(error).__name__ if error is not None else "no result"
    text = translate("pages", "Something unexpected went wrong ({kind}); nothing was saved.")
    return explain(error, text.format(kind=kind))
