"""Layout of the Qualifications page: the catalogue as an expandable tree with progress bars.

Only widgets and their arrangement; :mod:`.qualifications_page` fills them and reacts.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

COL_NAME, COL_PROGRESS, COL_DETAIL = range(3)


class QualificationsView(QWidget):
    """Heading, a one-line status, the tree, and the page's two buttons."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.heading = QLabel(self.tr("<h2>Qualifications</h2>"))
        self.status = QLabel(self.tr("Loading…"))
        self.status.setWordWrap(True)
        self.add_button = QPushButton(self.tr("Add a definition file…"))
        self.add_button.setAccessibleName(self.tr("Add your own qualification definition file"))
        self.refresh_button = QPushButton(self.tr("Recalculate"))
        self.refresh_button.setAccessibleName(self.tr("Recalculate progress"))

        self.tree = QTreeWidget()
        self.tree.setAccessibleName(self.tr("Qualifications and their requirements"))
        self.tree.setColumnCount(3)
        self.tree.setHeaderLabels(
            [self.tr("Qualification / requirement"), self.tr("Progress"), self.tr("Details")]
        )
        self.tree.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.tree.setWordWrap(True)
        self.tree.setUniformRowHeights(False)
        self.tree.setAlternatingRowColors(True)
        header = self.tree.header()
        header.setSectionResizeMode(COL_NAME, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(COL_PROGRESS, QHeaderView.ResizeMode.Fixed)
        header.setSectionResizeMode(COL_DETAIL, QHeaderView.ResizeMode.Stretch)
        header.resizeSection(COL_NAME, 460)
        header.resizeSection(COL_PROGRESS, 170)

        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        buttons.addWidget(self.refresh_button)
        buttons.addWidget(self.add_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 12)
        layout.setSpacing(8)
        layout.addWidget(self.heading)
        layout.addLayout(buttons)
        layout.addWidget(self.tree, 1)

    def add_qualification(
        self, name: str, percent: float, bar_text: str, detail: str
    ) -> QTreeWidgetItem:
        """A top-level row whose progress is a real bar (with its number as text)."""
        item = QTreeWidgetItem([name, "", detail])
        font = QFont(item.font(COL_NAME))
        font.setBold(True)
        item.setFont(COL_NAME, font)
        item.setToolTip(COL_NAME, name)
        item.setToolTip(COL_DETAIL, detail)
        self.tree.addTopLevelItem(item)
        bar = QProgressBar()
        bar.setRange(0, 100)
        bar.setValue(round(percent))
        bar.setFormat(bar_text)
        bar.setTextVisible(True)
        bar.setAlignment(Qt.AlignmentFlag.AlignCenter)
        bar.setAccessibleName(f"{name}: {bar_text}")
        self.tree.setItemWidget(item, COL_PROGRESS, bar)
        return item

    @staticmethod
    def add_row(parent: QTreeWidgetItem, name: str, progress: str, detail: str) -> QTreeWidgetItem:
        item = QTreeWidgetItem([name, progress, detail])
        item.setToolTip(COL_NAME, name)
        item.setToolTip(COL_DETAIL, detail)
        parent.addChild(item)
        return item
