"""Layout of the Skills page: every skill across the wallet with the credentials behind it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

COL_SKILL, COL_FRAMEWORK, COL_COUNT, COL_UNVERIFIED, COL_IDS = range(5)


class SkillsView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.heading = QLabel(self.tr("<h2>Skills</h2>"))
        self.status = QLabel(self.tr("Loading…"))
        self.status.setWordWrap(True)
        self.include_unverified = QCheckBox(self.tr("Include credentials that are not verified"))
        self.include_unverified.setChecked(True)
        self.include_unverified.setAccessibleName(self.tr("Include unverified credentials"))
        self.table = QTableWidget(0, 5)
        self.table.setAccessibleName(self.tr("Skills across all credentials"))
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Skill"),
                self.tr("Framework · code"),
                self.tr("Credentials"),
                self.tr("Not verified"),
                self.tr("Backed by"),
            ]
        )
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setSortIndicator(COL_SKILL, Qt.SortOrder.AscendingOrder)
        self.table.verticalHeader().setDefaultSectionSize(26)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(COL_SKILL, QHeaderView.ResizeMode.Stretch)
        for column in (COL_FRAMEWORK, COL_COUNT, COL_UNVERIFIED, COL_IDS):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)

        top = QHBoxLayout()
        top.addWidget(self.status, 1)
        top.addWidget(self.include_unverified)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 12)
        layout.setSpacing(8)
        layout.addWidget(self.heading)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
