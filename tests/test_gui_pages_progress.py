"""Qualifications and skills pages, as a learner uses them: add a definition file, see the
progress bar, open the requirement tree, read what is missing; see skills across the wallet."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from export_support import make_profile
from PySide6.QtWidgets import QProgressBar, QTreeWidgetItem
from pytestqt.qtbot import QtBot

from portfolio_app.pathways.skills import Skill
from portfolio_app.services.portfolio import Portfolio
from portfolio_app.ui.qualifications_page import QualificationsPage
from portfolio_app.ui.qualifications_view import COL_DETAIL, COL_NAME, COL_PROGRESS
from portfolio_app.ui.skills_page import SkillsPage
from portfolio_app.ui.skills_view import COL_COUNT, COL_SKILL, COL_UNVERIFIED
from portfolio_app.ui.tasks import SynchronousRunner

DEFINITION = {
    "id": "career-centre.data-basics",
    "name": "Data Basics Certificate",
    "awarding_body": "Career Centre",
    "requirements": {
        "type": "all",
        "label": "Certificate",
        "children": [
            {"type": "match", "label": "Analysis course", "achievement_id":
             "https://college.example/a/2"},
            {"type": "match", "label": "Society course", "achievement_id":
             "https://college.example/a/1"},
            {"type": "match", "label": "Capstone project", "achievement_id":
             "https://college.example/a/77"},
        ],
    },
}


@pytest.fixture(scope="module")
def built_profile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_profile(tmp_path_factory.mktemp("progress"))


@pytest.fixture
def profile(built_profile: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "profile"
    shutil.copytree(built_profile, copy)
    return copy


def _children(item: QTreeWidgetItem) -> list[QTreeWidgetItem]:
    return [item.child(i) for i in range(item.childCount())]


def _find(item: QTreeWidgetItem, prefix: str) -> QTreeWidgetItem:
    for child in _children(item):
        if child.text(COL_NAME).startswith(prefix):
            return child
    raise AssertionError(f"no row starting {prefix!r} under {item.text(COL_NAME)!r}: "
                         f"{[c.text(COL_NAME) for c in _children(item)]}")


def test_own_definition_shows_progress_what_counted_and_the_way_to_finish(
    qtbot: QtBot, profile: Path, tmp_path: Path
) -> None:
    definition = tmp_path / "data-basics.json"
    definition.write_text(json.dumps(DEFINITION))
    with Portfolio(profile) as portfolio:
        page = QualificationsPage(portfolio, SynchronousRunner(), choose_file=lambda _p: definition)
        qtbot.addWidget(page)
        page.show()  # showing the page calculates progress
        catalogue = page.view.tree.topLevelItemCount()
        assert catalogue >= 1, "the bundled catalogue is listed"

        qtbot.mouseClick(page.view.add_button, _left())

        tree = page.view.tree
        assert tree.topLevelItemCount() == catalogue + 1
        (mine,) = [tree.topLevelItem(i) for i in range(tree.topLevelItemCount())
                   if tree.topLevelItem(i).text(COL_NAME) == "Data Basics Certificate"]
        bar = tree.itemWidget(mine, COL_PROGRESS)
        assert isinstance(bar, QProgressBar)
        assert bar.value() == 67  # two of three courses held and verified
        assert bar.text() == "67% — in progress"
        assert "your own definition" in mine.text(COL_DETAIL)

        requirements = _find(mine, "Requirements")
        met = [c for c in _children(requirements) if c.text(COL_NAME).startswith("✓")]
        assert {c.text(COL_NAME) for c in met} == {"✓ Analysis course", "✓ Society course"}
        capstone = _find(requirements, "○ Capstone project")
        assert capstone.text(COL_PROGRESS) == "not yet"

        shortest = _find(mine, "Shortest way to finish")
        assert [c.text(COL_NAME) for c in _children(shortest)] == ["Earn: Capstone project"]
        assert page.view.status.text().startswith("0 of ")  # recalculated after adding


def test_a_broken_definition_is_refused_with_its_file_name_and_nothing_changes(
    qtbot: QtBot, profile: Path, tmp_path: Path
) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text('{"id": "x", "name": "No requirements"}')
    with Portfolio(profile) as portfolio:
        page = QualificationsPage(portfolio, SynchronousRunner(), choose_file=lambda _p: broken)
        qtbot.addWidget(page)
        page.show()
        before = page.view.tree.topLevelItemCount()
        page.add_definition()
        assert page.view.tree.topLevelItemCount() == before
        assert portfolio.qualification_store.list_texts() == []


def test_skills_page_lists_each_skill_with_the_credentials_behind_it(
    qtbot: QtBot, tmp_path: Path
) -> None:
    with Portfolio(tmp_path / "p") as portfolio:
        page = SkillsPage(portfolio, SynchronousRunner())
        qtbot.addWidget(page)
        page.show_skills([
            Skill("Data analysis", "ESCO", "S1.2", None, (1, 2, 5), (5,)),
            Skill("Teamwork", None, None, "https://example.org/teamwork", (3,), ()),
        ])
        table = page.view.table
        rows = {table.item(r, COL_SKILL).text(): r for r in range(table.rowCount())}
        assert set(rows) == {"Data analysis", "Teamwork"}
        analysis = rows["Data analysis"]
        assert table.item(analysis, COL_COUNT).data(0) == 3
        assert table.item(analysis, COL_UNVERIFIED).data(0) == 1
        assert "2 skills" in page.view.status.text()

        page.show()  # the real wallet: the samples carry no alignments here
        assert table.rowCount() == len(portfolio.skills())


def _left():  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt

    return Qt.MouseButton.LeftButton


class _Failing:
    """A runner whose every task fails with a bug (not a PortfolioError)."""

    def start(self, work, on_done, on_progress=None):  # type: ignore[no-untyped-def]
        from portfolio_app.ui.tasks import TaskControl, TaskResult

        on_done(TaskResult(None, KeyError("oops")))
        return TaskControl(lambda *_: None)


def test_a_bug_in_a_task_goes_to_the_error_reporter_and_the_page_says_so(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    reported: list[BaseException] = []
    monkeypatch.setattr("sys.excepthook", lambda _t, exc, _tb: reported.append(exc))
    with Portfolio(tmp_path / "p") as portfolio:
        page = QualificationsPage(portfolio, _Failing())  # type: ignore[arg-type]
        qtbot.addWidget(page)
        page.refresh()
        assert [type(e) for e in reported] == [KeyError]
        assert page.view.status.text() == "Progress could not be calculated (KeyError)."
        assert page.view.refresh_button.isEnabled(), "the learner can try again"
