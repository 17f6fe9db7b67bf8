"""Qualifications: progress towards each one, what counted, what is missing, the shortest way
to finish and what expires soon; and adding the learner's own definition file.

The engine already explains every node in a sentence; this page only lays the tree out.
Progress is computed off the GUI thread (it reads every credential) and again each time the
page is shown, so it follows imports made since.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QFileDialog, QTreeWidgetItem, QVBoxLayout, QWidget

from portfolio_app.pathways.results import ProgressNode
from portfolio_app.services import pages_facade
from portfolio_app.services.portfolio import Portfolio
from portfolio_app.ui.pages import explain, tell, translate
from portfolio_app.ui.qualifications_view import QualificationsView
from portfolio_app.ui.tasks import Runner, TaskControl, TaskResult

#: ``choose() -> a definition file or None``: a file dialog; a stub in tests.
ChooseFile = Callable[[QWidget], Path | None]

if TYPE_CHECKING:
    from portfolio_app.services.results import Report


def choose_definition_file(parent: QWidget) -> Path | None:
    name, _ = QFileDialog.getOpenFileName(
        parent,
        translate("pages", "Add a qualification definition"),
        "",
        translate("pages", "Qualification definitions (*.json);;All files (*)"),
    )
    return Path(name) if name else None


class QualificationsPage(QWidget):
    """Controller: loads reports through the runner and fills the view."""

    def __init__(
        self,
        portfolio: Portfolio,
        runner: Runner,
        choose_file: ChooseFile = choose_definition_file,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._portfolio = portfolio
        self._runner = runner
        self._choose_file = choose_file
        self._loading = False
        self.reports: list[Report] = []
        self.view = QualificationsView(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)
        self.view.refresh_button.clicked.connect(self.refresh)
        self.view.add_button.clicked.connect(self.add_definition)
        self.view.add_button.setEnabled(not portfolio.read_only)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.refresh()

    # -- loading ------------------------------------------------------------------------------

    def refresh(self) -> None:
        if self._loading:
            return
        self._loading = True
        self.view.status.setText(self.tr("Calculating progress…"))
        self.view.refresh_button.setEnabled(False)
        portfolio = self._portfolio
        self._runner.start(
            lambda _control: pages_facade.qualification_reports(portfolio), self._loaded
        )

    def _loaded(self, result: TaskResult[list[Report]]) -> None:
        self._loading = False
        self.view.refresh_button.setEnabled(True)
        if result.error is not None:
            self.view.status.setText(self._error_text(result.error))
            return
        self.show_reports(result.value or [])

    @staticmethod
    def _error_text(error: BaseException) -> str:
        fallback = translate("pages", "Progress could not be calculated ({kind}).")
        return explain(error, fallback.format(kind=type(error).__name__))

    def show_reports(self, reports: list[Report]) -> None:
        self.reports = reports
        tree = self.view.tree
        tree.clear()
        done = sum(1 for r in reports if r.progress.satisfied)
        if not reports:
            self.view.status.setText(
                self.tr("No qualifications yet: add a definition file to track your progress.")
            )
            return
        self.view.status.setText(
            self.tr(
                "{done} of {total} qualifications complete. Only verified credentials count."
            ).format(done=done, total=len(reports))
        )
        for report in reports:
            self._add_report(report)

    def _add_report(self, report: Report) -> None:
        q = report.entry.qualification
        p = report.progress
        if p.satisfied:
            bar = self.tr("Complete")
        else:
            bar = self.tr("{percent}% — in progress").format(percent=f"{p.percent:.0f}")
        detail = q.awarding_body + (f" · {q.level}" if q.level else "")
        if q.example:
            detail += self.tr(" · example definition")
        if report.entry.source == "user":
            detail += self.tr(" · your own definition")
        top = self.view.add_qualification(q.name, p.percent, bar, detail)
        requirements = self.view.add_row(top, self.tr("Requirements"), "", p.root.explanation)
        self._add_node(requirements, p.root)
        requirements.setExpanded(True)
        for note in p.notes:
            self.view.add_row(top, self.tr("Note"), "", note)
        for miss in report.advice.near_misses:
            self.view.add_row(
                top, self.tr("Near miss: {what}").format(what=miss.requirement), "", miss.advice
            )
        c = report.completion
        if not p.satisfied:
            shortest = self.view.add_row(top, self.tr("Shortest way to finish"), "", c.explanation)
            earn = report.advice.earn if report.advice.verify else c.additions
            for target in earn or ():
                credits = f"{target.credits:g} {target.unit or ''}" if target.credits else ""
                self.view.add_row(
                    shortest,
                    self.tr("Earn: {title}").format(title=target.title),
                    credits.strip(),
                    "",
                )
            for item in report.advice.verify:
                self.view.add_row(
                    shortest,
                    self.tr("Verify: #{id} {title}").format(id=item.holding_id, title=item.title),
                    item.reason,
                    item.how,
                )
            shortest.setExpanded(True)
        if c.expiring_soonest:
            expiring = self.view.add_row(top, self.tr("Expiring soon"), "", "")
            for e in c.expiring_soonest:
                self.view.add_row(
                    expiring,
                    f"#{e.holding_id} {e.title}",
                    e.expires.isoformat(),
                    self.tr("expires on {date}").format(date=e.expires.isoformat()),
                )

    def _add_node(self, parent: QTreeWidgetItem, node: ProgressNode) -> None:
        for child in node.children:
            if child.satisfied:
                mark, state = "✓", self.tr("met")
            elif child.kind == "match" and child.needed == 0 and child.counted:
                mark, state = "+", self.tr("counts")
            elif child.kind == "match":
                mark, state = "○", self.tr("not yet")
            else:
                mark, state = "○", self.tr("{percent}%").format(percent=f"{child.percent:.0f}")
            if child.unit is not None and child.credits_needed:
                state = f"{child.credits or 0:g}/{child.credits_needed:g} {child.unit}"
            item = self.view.add_row(parent, f"{mark} {child.title}", state, child.explanation)
            if child.counted:
                counted = ", ".join(f"#{i}" for i in child.counted)
                item.setToolTip(COUNTED_COLUMN, self.tr("Counted: {ids}").format(ids=counted))
            for missing in child.missing:
                if missing != child.title:  # a single course's title says it already
                    self.view.add_row(item, self.tr("Missing"), "", missing)
            self._add_node(item, child)
            item.setExpanded(not child.satisfied)

    # -- the learner's own definitions --------------------------------------------------------

    def add_definition(self) -> None:
        path = self._choose_file(self)
        if path is None:
            return
        portfolio = self._portfolio

        def work(_control: TaskControl) -> str:
            return pages_facade.add_definition_file(portfolio, path).name

        self._runner.start(work, self._added)

    def _added(self, result: TaskResult[str]) -> None:
        if result.error is not None:
            tell(self, self.tr("Definition not added"), self._error_text(result.error))
            return
        self.view.status.setText(self.tr("Added “{name}”.").format(name=result.value))
        self.refresh()


COUNTED_COLUMN = 1
