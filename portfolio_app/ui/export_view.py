"""Layout of the export wizard's pages: choose, contact details, what to include, preview and
sign, save (then LinkedIn fields and "Check a portfolio").  Behaviour is in
:mod:`.export_wizard`."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)


def _note(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    return label


class ChoosePage(QWizardPage):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Choose what goes in"))
        self.setSubTitle(
            self.tr("Tick credentials, or take everything that counts for one qualification.")
        )
        self.scope = QComboBox()
        self.scope.setAccessibleName(self.tr("What to export"))
        self.credentials = QListWidget()
        self.credentials.setAccessibleName(self.tr("Credentials to export"))
        self.select_all = QPushButton(self.tr("Select all"))
        self.select_none = QPushButton(self.tr("Select none"))
        self.count = _note()
        buttons = QHBoxLayout()
        buttons.addWidget(self.count, 1)
        buttons.addWidget(self.select_all)
        buttons.addWidget(self.select_none)
        layout = QVBoxLayout(self)
        layout.addWidget(self.scope)
        layout.addWidget(self.credentials, 1)
        layout.addLayout(buttons)
        self.complete_check: Callable[[], bool] = lambda: True

    def isComplete(self) -> bool:
        return self.complete_check()


class ContactPage(QWizardPage):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Your details"))
        self.setSubTitle(self.tr("What the first page of the portfolio says about you."))
        self.name = QLineEdit()
        self.name.setAccessibleName(self.tr("Your name"))
        self.contact = QPlainTextEdit()
        self.contact.setAccessibleName(self.tr("Contact details, one per line"))
        self.contact.setPlaceholderText(self.tr("email, phone or web page — one per line"))
        self.contact.setTabChangesFocus(True)
        form = QFormLayout(self)
        form.addRow(self.tr("Name:"), self.name)
        form.addRow(self.tr("Contact details:"), self.contact)


class IncludePage(QWizardPage):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("What to include"))
        self.setSubTitle(self.tr("Every credential is checked again when the PDF is made."))
        self.include_unverified = QCheckBox(
            self.tr("Also include credentials that are not verified (marked NOT VERIFIED)")
        )
        self.presentation = QCheckBox(
            self.tr("Also save the signed statement (JSON) beside the PDF")
        )
        self.linkedin = QCheckBox(self.tr("Prepare the fields for LinkedIn"))
        self.linkedin.setChecked(True)
        layout = QVBoxLayout(self)
        for box in (self.include_unverified, self.presentation, self.linkedin):
            layout.addWidget(box)
        layout.addStretch()


class PreviewPage(QWizardPage):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Preview and sign"))
        self.setSubTitle(
            self.tr("The PDF below is signed with your key; nothing is saved until the next step.")
        )
        self.status = _note(self.tr("Preparing…"))
        self.retry = QPushButton(self.tr("Try again"))
        self.retry.hide()
        self.document = QPdfDocument(self)
        self.pdf = QPdfView(self)
        self.pdf.setAccessibleName(self.tr("Preview of the portfolio PDF"))
        self.pdf.setPageMode(QPdfView.PageMode.MultiPage)
        self.pdf.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.pdf.setDocument(self.document)
        row = QHBoxLayout()
        row.addWidget(self.status, 1)
        row.addWidget(self.retry, alignment=Qt.AlignmentFlag.AlignRight)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.pdf, 1)
        self.ready = False

    def isComplete(self) -> bool:
        return self.ready


class SavePage(QWizardPage):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Save, share and check"))
        self.setSubTitle(self.tr("Save the PDF you saw, then add your credentials to LinkedIn."))
        self.save = QPushButton(self.tr("Save the PDF…"))
        self.saved = _note(self.tr("Not saved yet."))
        self.linkedin_note = _note(self.tr("For LinkedIn's “Add licence or certification” form:"))
        self.linkedin = QPlainTextEdit()
        self.linkedin.setReadOnly(True)
        self.linkedin.setAccessibleName(self.tr("LinkedIn fields"))
        self.copy = QPushButton(self.tr("Copy"))
        self.check = QPushButton(self.tr("Check a portfolio…"))
        self.check.setToolTip(self.tr("Check a portfolio PDF someone sent you"))
        top = QHBoxLayout()
        top.addWidget(self.save)
        top.addWidget(self.saved, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.copy)
        bottom.addStretch()
        bottom.addWidget(self.check)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.linkedin_note)
        layout.addWidget(self.linkedin, 1)
        layout.addLayout(bottom)
