"""The details pane's layout: image, title and status, the checks one by one, fields, the
learner's own entries (marked as theirs), renditions and the actions.

Layout only; :class:`~portfolio_app.ui.details_controller.DetailsController` fills it.  Text is
plain (``Qt.TextFormat.PlainText``) wherever it comes from a credential, so a hostile badge
cannot inject markup or links into the window.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QStackedWidget,
    QTreeWidget,
    QVBoxLayout,
    QWidget,
)

NOTHING_PAGE, DETAILS_PAGE = 0, 1
IMAGE_SIZE = 128


def _plain(text: str = "", *, name: str = "") -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    label.setTextInteractionFlags(
        Qt.TextInteractionFlag.TextSelectableByMouse
        | Qt.TextInteractionFlag.TextSelectableByKeyboard
    )
    if name:
        label.setAccessibleName(name)
    return label


class DetailsView(QWidget):
    """Everything about one credential, in a scrollable column."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("details-view")
        self.setMinimumWidth(320)

        self.image = QLabel()
        self.image.setFixedSize(IMAGE_SIZE, IMAGE_SIZE)
        self.image.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.image.setAccessibleName(self.tr("Badge image"))
        self.title = _plain(name=self.tr("Credential title"))
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.title.setFont(font)
        self.status = _plain(name=self.tr("Verification status"))
        self.status.setObjectName("details-status")
        self.issuer_standing = _plain(name=self.tr("Issuer standing"))
        self.last_verified = _plain(name=self.tr("Last verified"))
        self.summary = _plain(name=self.tr("Verification summary"))
        heading = QVBoxLayout()
        for widget in (self.title, self.status, self.issuer_standing, self.last_verified):
            heading.addWidget(widget)
        heading.addStretch()
        top = QHBoxLayout()
        top.addWidget(self.image, 0, Qt.AlignmentFlag.AlignTop)
        top.addLayout(heading, 1)

        self.reverify_button = QPushButton(self.tr("Re-verify"))
        self.reverify_button.setAccessibleName(self.tr("Re-verify this credential"))
        self.online_button = QPushButton(self.tr("Check online"))
        self.online_button.setAccessibleName(
            self.tr("Check this credential online (fetches what is missing)")
        )
        self.save_button = QPushButton(self.tr("Save original…"))
        self.save_button.setAccessibleName(self.tr("Save the original file"))
        self.remove_button = QPushButton(self.tr("Remove"))
        self.remove_button.setAccessibleName(self.tr("Remove from the wallet (can be undone)"))
        self.edit_button = QPushButton(self.tr("Your tags and notes…"))
        self.edit_button.setAccessibleName(
            self.tr("Add your own tags and fields (kept apart, marked as entered by you)")
        )
        actions = QHBoxLayout()
        for button in (
            self.reverify_button,
            self.online_button,
            self.save_button,
            self.edit_button,
            self.remove_button,
        ):
            actions.addWidget(button)
        actions.addStretch()

        self.checks = QTreeWidget()
        self.checks.setObjectName("details-checks")
        self.checks.setAccessibleName(self.tr("Verification checks"))
        # One column: each check is a line ("✔ signature: passed") with its reason and, for
        # a check that could not be done, what the learner can do, wrapped beneath it.
        self.checks.setColumnCount(1)
        self.checks.setHeaderHidden(True)
        self.checks.setRootIsDecorated(True)
        self.checks.setWordWrap(True)
        self.checks.setUniformRowHeights(False)
        self.checks.setMinimumHeight(200)
        self.checks.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        checks_box = QGroupBox(self.tr("Checks"))
        checks_layout = QVBoxLayout(checks_box)
        checks_layout.addWidget(self.summary)
        checks_layout.addWidget(self.checks)

        self.description = _plain(name=self.tr("Description"))
        self.fields = QFormLayout()
        self.fields.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        fields_box = QGroupBox(self.tr("What the credential says"))
        fields_layout = QVBoxLayout(fields_box)
        fields_layout.addWidget(self.description)
        fields_layout.addLayout(self.fields)

        self.learner = QFormLayout()
        self.learner_box = QGroupBox(self.tr("What you added (learner-entered, not checked)"))
        self.learner_box.setLayout(self.learner)

        self.renditions = QListWidget()
        self.renditions.setAccessibleName(self.tr("Originals of this credential"))
        self.renditions.setMaximumHeight(96)
        renditions_box = QGroupBox(self.tr("Originals"))
        QVBoxLayout(renditions_box).addWidget(self.renditions)

        column = QWidget()
        body = QVBoxLayout(column)
        body.addLayout(top)
        body.addLayout(actions)
        body.addWidget(checks_box)
        body.addWidget(fields_box)
        body.addWidget(self.learner_box)
        body.addWidget(renditions_box)
        body.addStretch()
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(column)

        self.nothing = QLabel(self.tr("Choose a credential to see its details and every check."))
        self.nothing.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.nothing.setWordWrap(True)
        self.nothing.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

        self.pages = QStackedWidget()
        self.pages.addWidget(self.nothing)
        self.pages.addWidget(scroll)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.pages)

    @staticmethod
    def clear_form(form: QFormLayout) -> None:
        while form.rowCount():
            form.removeRow(0)

    @staticmethod
    def add_row(form: QFormLayout, label: str, value: str) -> None:
        shown = _plain(value, name=label)
        # A long id (did:key:z6Mk…) must not widen the pane: it is cut at the edge, and the
        # whole value stays selectable and in the tooltip.
        shown.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        shown.setToolTip(value)
        form.addRow(label, shown)
