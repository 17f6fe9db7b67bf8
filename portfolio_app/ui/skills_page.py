"""Skills: the alignments of every credential grouped into one list, with the evidence.

Loaded off the GUI thread each time the page is shown (it reads every credential).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QTableWidgetItem, QVBoxLayout, QWidget

from portfolio_app.pathways.skills import Skill
from portfolio_app.services.portfolio import Portfolio
from portfolio_app.ui.pages import explain
from portfolio_app.ui.skills_view import (
    COL_COUNT,
    COL_FRAMEWORK,
    COL_IDS,
    COL_SKILL,
    COL_UNVERIFIED,
    SkillsView,
)
from portfolio_app.ui.tasks import Runner, TaskResult


class SkillsPage(QWidget):
    def __init__(self, portfolio: Portfolio, runner: Runner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._portfolio = portfolio
        self._runner = runner
        self._loading = False
        self.skills: list[Skill] = []
        self.view = SkillsView(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)
        self.view.include_unverified.toggled.connect(lambda _on: self.refresh())

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.refresh()

    def refresh(self) -> None:
        if self._loading:
            return
        self._loading = True
        include = self.view.include_unverified.isChecked()
        portfolio = self._portfolio
        self._runner.start(
            lambda _control: portfolio.skills(include_unverified=include), self._loaded
        )

    def _loaded(self, result: TaskResult[list[Skill]]) -> None:
        self._loading = False
        if result.error is not None:
            error = result.error
            fallback = self.tr("Skills could not be read ({kind}).")
            self.view.status.setText(explain(error, fallback.format(kind=type(error).__name__)))
            return
        self.show_skills(result.value or [])

    def show_skills(self, skills: list[Skill]) -> None:
        self.skills = skills
        table = self.view.table
        table.setSortingEnabled(False)
        table.setRowCount(len(skills))
        for row, skill in enumerate(skills):
            where = " · ".join(x for x in (skill.framework, skill.code) if x)
            ids = ", ".join(f"#{i}" for i in skill.holding_ids)
            cells = {
                COL_SKILL: QTableWidgetItem(skill.name),
                COL_FRAMEWORK: QTableWidgetItem(where or (skill.url or "")),
                COL_COUNT: _number(len(skill.holding_ids)),
                COL_UNVERIFIED: _number(len(skill.unverified_ids)),
                COL_IDS: QTableWidgetItem(ids),
            }
            if skill.url:
                cells[COL_SKILL].setToolTip(skill.url)
            for column, item in cells.items():
                table.setItem(row, column, item)
        table.setSortingEnabled(True)
        if skills:
            self.view.status.setText(
                self.tr("{count} skills across your credentials.").format(count=len(skills))
            )
        else:
            self.view.status.setText(
                self.tr("No skills yet: credentials that name skills or standards list them here.")
            )


def _number(value: int) -> QTableWidgetItem:
    """A cell that sorts as a number, not as text."""
    item = QTableWidgetItem()
    item.setData(Qt.ItemDataRole.DisplayRole, value)
    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return item
