"""Layout of the Settings page: identity and keys, emails, trust bundles, network, data
location, language."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QScrollArea,
    QTreeWidget,
    QVBoxLayout,
    QWidget,
)


def _wrapping(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class SettingsView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # -- identity
        self.name = QLineEdit()
        self.name.setPlaceholderText(self.tr("Your name as exports show it"))
        self.name.setAccessibleName(self.tr("Learner name"))
        self.save_name = QPushButton(self.tr("Save name"))
        self.keys = _wrapping(self.tr("Keys: checking…"))
        self.keys.setAccessibleName(self.tr("How your keys are protected"))
        self.create_keys = QPushButton(self.tr("Create signing keys…"))
        self.change_passphrase = QPushButton(self.tr("Change passphrase…"))
        identity = QGroupBox(self.tr("You"))
        form = QFormLayout(identity)
        name_row = QHBoxLayout()
        name_row.addWidget(self.name, 1)
        name_row.addWidget(self.save_name)
        form.addRow(self.tr("Name:"), name_row)
        form.addRow(self.tr("Keys:"), self.keys)
        key_buttons = QHBoxLayout()
        key_buttons.addWidget(self.create_keys)
        key_buttons.addWidget(self.change_passphrase)
        key_buttons.addStretch()
        form.addRow("", key_buttons)

        # -- emails
        self.emails = QListWidget()
        self.emails.setAccessibleName(self.tr("Your email addresses"))
        self.emails.setMaximumHeight(90)
        self.new_email = QLineEdit()
        self.new_email.setPlaceholderText(self.tr("name@example.org"))
        self.new_email.setAccessibleName(self.tr("Email address to add"))
        self.add_email = QPushButton(self.tr("Add"))
        self.remove_email = QPushButton(self.tr("Remove"))
        emails = QGroupBox(self.tr("Email addresses"))
        grid = QGridLayout(emails)
        grid.addWidget(
            _wrapping(self.tr("Badges addressed to a hidden email are matched against these.")),
            0,
            0,
            1,
            3,
        )
        grid.addWidget(self.emails, 1, 0, 1, 3)
        grid.addWidget(self.new_email, 2, 0)
        grid.addWidget(self.add_email, 2, 1)
        grid.addWidget(self.remove_email, 2, 2)

        # -- trust
        self.trust = QTreeWidget()
        self.trust.setAccessibleName(self.tr("Trust bundles"))
        self.trust.setHeaderLabels([self.tr("Bundle"), self.tr("Items"), self.tr("As of")])
        self.trust.setRootIsDecorated(False)
        self.trust.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.trust.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.import_trust = QPushButton(self.tr("Import a trust bundle…"))
        self.remove_trust = QPushButton(self.tr("Remove bundle"))
        trust = QGroupBox(self.tr("Trust bundles"))
        trust_layout = QVBoxLayout(trust)
        trust_layout.addWidget(
            _wrapping(
                self.tr(
                    "Issuer documents and registries from a career centre or employer, so "
                    "credentials can be verified offline."
                )
            )
        )
        trust_layout.addWidget(self.trust)
        trust_buttons = QHBoxLayout()
        trust_buttons.addWidget(self.import_trust)
        trust_buttons.addWidget(self.remove_trust)
        trust_buttons.addStretch()
        trust_layout.addLayout(trust_buttons)

        # -- network, data, language
        self.network = QCheckBox(self.tr("Allow checking credentials online when I ask"))
        self.data_dir = _wrapping()
        self.data_dir.setAccessibleName(self.tr("Data location"))
        self.open_data_dir = QPushButton(self.tr("Open folder"))
        self.language = QComboBox()
        self.language.setAccessibleName(self.tr("Language"))
        self.language_note = _wrapping(self.tr("A new language applies when the app next starts."))
        general = QGroupBox(self.tr("This computer"))
        general_form = QFormLayout(general)
        general_form.addRow(self.tr("Network:"), self.network)
        data_row = QHBoxLayout()
        data_row.addWidget(self.data_dir, 1)
        data_row.addWidget(self.open_data_dir)
        general_form.addRow(self.tr("Data location:"), data_row)
        self.language.setMinimumWidth(220)
        language_row = QHBoxLayout()
        language_row.addWidget(self.language)
        language_row.addWidget(self.language_note, 1)
        general_form.addRow(self.tr("Language:"), language_row)

        self.status = _wrapping()
        content = QWidget()
        grid_layout = QGridLayout(content)
        grid_layout.setContentsMargins(12, 12, 12, 12)
        grid_layout.setHorizontalSpacing(12)
        grid_layout.setVerticalSpacing(10)
        grid_layout.addWidget(QLabel(self.tr("<h2>Settings</h2>")), 0, 0, 1, 2)
        grid_layout.addWidget(identity, 1, 0)
        grid_layout.addWidget(trust, 1, 1, 2, 1)
        grid_layout.addWidget(emails, 2, 0)
        grid_layout.addWidget(general, 3, 0, 1, 2)
        grid_layout.addWidget(self.status, 4, 0, 1, 2)
        grid_layout.setColumnStretch(0, 1)
        grid_layout.setColumnStretch(1, 1)
        grid_layout.setRowStretch(5, 1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(content)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
