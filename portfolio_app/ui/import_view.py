"""The import summary's layout: counts on top, and every refusal *listed in the summary itself*
with its reason (a learner should not have to find "Show Details" to learn what went wrong)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QVBoxLayout,
    QWidget,
)


class ImportSummaryView(QDialog):
    """Imported / already held / refused, then the refused files one per line with why."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("import-summary")
        self.setWindowTitle(self.tr("Import finished"))
        self.setMinimumWidth(520)
        self.headline = QLabel()
        self.headline.setTextFormat(Qt.TextFormat.PlainText)
        self.headline.setWordWrap(True)
        self.headline.setAccessibleName(self.tr("Import result"))
        self.refused_label = QLabel(self.tr("Not imported, and why:"))
        self.refused = QListWidget()
        self.refused.setObjectName("import-refused")
        self.refused.setAccessibleName(self.tr("Files not imported, with the reason"))
        self.refused.setWordWrap(True)
        self.refused.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.held_label = QLabel(self.tr("Already in your wallet:"))
        self.held = QListWidget()
        self.held.setAccessibleName(self.tr("Files already in the wallet"))
        self.held.setMaximumHeight(96)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        self.buttons.accepted.connect(self.accept)
        layout = QVBoxLayout(self)
        for widget in (
            self.headline,
            self.refused_label,
            self.refused,
            self.held_label,
            self.held,
            self.buttons,
        ):
            layout.addWidget(widget)
