"""The export wizard, as a learner goes through it: choose, details, include, preview the
signed PDF inside the app (passphrase asked, wrong one first), then save, LinkedIn fields."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from _identity_support import use_keyring  # noqa: F401 - a fixture
from export_support import PASS, TITLES, UNVERIFIED_TITLE, clock, make_profile
from PySide6.QtCore import Qt
from PySide6.QtPdf import QPdfDocument
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from portfolio_app.identity import kdf
from portfolio_app.services.portfolio import Portfolio
from portfolio_app.ui.export_wizard import PAGE_PREVIEW, PAGE_SAVE, ExportWizard
from portfolio_app.ui.tasks import SynchronousRunner


@pytest.fixture(scope="module")
def built_profile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_profile(tmp_path_factory.mktemp("export"))


@pytest.fixture
def profile(built_profile: Path, tmp_path: Path, use_keyring) -> Path:  # type: ignore[no-untyped-def]  # noqa: F811
    from keyring.backends import fail

    use_keyring(fail.Keyring())  # a lab machine: the keys are under the passphrase
    copy = tmp_path / "profile"
    shutil.copytree(built_profile, copy)
    return copy


class Prompts:
    """Stands in for the passphrase dialog: answers in turn and remembers each question."""

    def __init__(self, *answers: str | None) -> None:
        self.answers = list(answers)
        self.asked: list[str] = []

    def __call__(self, _parent: QWidget, _title: str, label: str) -> str | None:
        self.asked.append(label)
        return self.answers.pop(0) if self.answers else None


def test_wizard_previews_the_signed_pdf_before_saving_then_saves_it(
    qtbot: QtBot, profile: Path, tmp_path: Path
) -> None:
    target = tmp_path / "out" / "my-portfolio.pdf"
    target.parent.mkdir()
    prompts = Prompts("not my passphrase at all", PASS)
    with Portfolio(profile) as portfolio:
        wizard = ExportWizard(
            portfolio,
            SynchronousRunner(),
            ask=prompts,
            choose_save=lambda _parent, _suggested: target,
            clock=clock,
        )
        qtbot.addWidget(wizard)
        wizard.show()
        items = wizard.choose.credentials
        labels = [items.item(r).text() for r in range(items.count())]
        assert len(labels) == len(TITLES) + 1
        unverified = next(r for r, text in enumerate(labels) if UNVERIFIED_TITLE in text)
        assert items.item(unverified).checkState() is Qt.CheckState.Unchecked, (
            "only verified credentials are ticked at first"
        )
        assert "not verified" in labels[unverified]
        wizard.choose.select_none.click()
        assert not wizard.button(wizard.WizardButton.NextButton).isEnabled()
        items.item(0).setCheckState(Qt.CheckState.Checked)
        items.item(1).setCheckState(Qt.CheckState.Checked)
        first_two = wizard.chosen_ids()
        assert len(first_two) == 2

        wizard.next()
        assert wizard.contact.name.text() == "Zoë Παπαδοπούλου"  # the identity's name
        wizard.contact.contact.setPlainText("zoe@example.org\n+30 210 000 0000")
        wizard.next()
        assert wizard.include.linkedin.isChecked()
        wizard.next()

        assert wizard.currentId() == PAGE_PREVIEW
        assert len(prompts.asked) == 2
        assert "did not open" in prompts.asked[1], "a wrong passphrase is said to be wrong"
        assert wizard.preview.ready
        assert wizard.preview.document.status() is QPdfDocument.Status.Ready
        assert wizard.preview.document.pageCount() >= 1
        exported = wizard.result_
        assert exported is not None
        assert [number for number, _status in exported.included] == list(first_two)
        assert not target.exists(), "nothing is saved before the learner says where"

        wizard.next()
        assert wizard.currentId() == PAGE_SAVE
        assert "Add to LinkedIn" in wizard.save_page.linkedin.toPlainText()
        wizard.save_page.save.click()
        assert wizard.saved_to == target
        assert target.read_bytes() == exported.pdf.read_bytes()
        assert (target.parent / "my-portfolio-linkedin.txt").is_file()

        report = portfolio.check_portfolio_pdf(target)
        assert report.signature_ok and report.statement_ok
        assert len(report.credentials) == 2 and all(c.ok for c in report.credentials)
        work_dir = exported.pdf.parent
        wizard.reject()
        assert not work_dir.exists(), "the preview's temporary folder is removed"


def test_no_passphrase_means_no_pdf_and_a_way_to_try_again(
    qtbot: QtBot, profile: Path
) -> None:
    with Portfolio(profile) as portfolio:
        wizard = ExportWizard(portfolio, SynchronousRunner(), ask=Prompts(None), clock=clock)
        qtbot.addWidget(wizard)
        wizard.show()
        for _ in range(3):
            wizard.next()
        assert wizard.currentId() == PAGE_PREVIEW
        assert not wizard.preview.ready
        assert wizard.result_ is None
        assert not wizard.button(wizard.WizardButton.NextButton).isEnabled()
        assert "passphrase was not given" in wizard.preview.status.text()
        assert wizard.preview.retry.isVisibleTo(wizard)


def test_a_learner_without_keys_gets_them_made_on_the_way(
    qtbot: QtBot, tmp_path: Path, public_fixtures: Path, use_keyring  # type: ignore[no-untyped-def]  # noqa: F811
) -> None:
    from keyring.backends import fail

    use_keyring(fail.Keyring())
    new = Prompts("a brand new passphrase, long")
    with Portfolio(tmp_path / "p") as portfolio:
        portfolio.import_paths([public_fixtures / "dcc-obv3-vc2-eddsa-didkey-basic.json"])
        wizard = ExportWizard(
            portfolio,
            SynchronousRunner(),
            ask=Prompts(),
            ask_new=new,
            kdf_limits=kdf.TEST_LIMITS,
        )
        qtbot.addWidget(wizard)
        wizard.show()
        wizard.include.include_unverified.setChecked(True)
        wizard.choose.select_all.click()
        wizard.next()
        wizard.contact.name.setText("Ada Learner")
        wizard.next()
        wizard.next()
        assert len(new.asked) == 1 and "no signing keys" in new.asked[0]
        assert wizard.preview.ready, wizard.preview.status.text()
        assert portfolio.keys_status().name == "Ada Learner"
