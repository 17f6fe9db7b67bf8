"""The window's pages in German: every string of pages_de.ts is translated (placeholders and
markup kept), the .ts knows every string the code has, the committed .qm is the compiled .ts,
and installing the German translator turns the pages German."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from portfolio_app.ui import i18n
from portfolio_app.ui.pages import translate
from tests.conftest import REPO_ROOT

TS = REPO_ROOT / "resources" / "translations" / "pages_de.ts"
PLACEHOLDER = re.compile(r"\{[a-z_]+\}")
TAG = re.compile(r"</?[a-z0-9]+>")


def _messages() -> list[tuple[str, str, ET.Element]]:
    root = ET.parse(TS).getroot()
    found = []
    for context in root.iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            found.append((name, message.findtext("source") or "", message))
    return found


def _tool(name: str) -> str:
    path = Path(sys.executable).parent / name
    found = str(path) if path.exists() else shutil.which(name)
    if found is None:
        pytest.skip(f"{name} is not installed (it comes with PySide6: make setup)")
    return found


@pytest.fixture
def german(qtbot: QtBot) -> Iterator[list[Path]]:
    loaded = i18n.install_translations("de")
    yield loaded
    i18n.install_translations("en")


def test_every_source_string_is_translated_with_its_placeholders_and_markup() -> None:
    messages = _messages()
    assert len(messages) > 100
    for context, source, message in messages:
        translation = message.find("translation")
        assert translation is not None and (translation.text or "").strip(), (context, source)
        assert translation.get("type") not in {"unfinished", "vanished", "obsolete"}, source
        text = translation.text or ""
        assert sorted(PLACEHOLDER.findall(text)) == sorted(PLACEHOLDER.findall(source)), source
        assert TAG.findall(text) == TAG.findall(source), source


def test_the_ts_file_knows_every_string_in_the_pages(tmp_path: Path) -> None:
    lupdate = _tool("pyside6-lupdate")
    copy = tmp_path / "pages_de.ts"
    shutil.copy2(TS, copy)
    sources = sorted(
        str(p)
        for pattern in ("pages.py", "qualifications_*.py", "skills_*.py", "export_*.py",
                        "settings_*.py", "welcome_*.py")
        for p in (REPO_ROOT / "portfolio_app" / "ui").glob(pattern)
    )
    run = subprocess.run(
        [lupdate, "-locations", "none", *sources, "-ts", str(copy)],
        capture_output=True, text=True, timeout=60, check=False,
    )
    assert run.returncode == 0, run.stderr
    assert "(0 new and" in run.stdout + run.stderr, (
        "strings in the code are missing from pages_de.ts: run `make translations` and "
        "translate them\n" + run.stdout
    )


def test_the_committed_qm_is_the_compiled_ts(tmp_path: Path) -> None:
    lrelease = _tool("pyside6-lrelease")
    out = tmp_path / "pages_de.qm"
    run = subprocess.run([lrelease, "-silent", str(TS), "-qm", str(out)],
                         capture_output=True, text=True, timeout=60, check=False)
    assert run.returncode == 0, run.stderr
    assert out.read_bytes() == TS.with_suffix(".qm").read_bytes(), "run `make translations`"


def test_german_is_loaded_and_the_pages_speak_it(german: list[Path]) -> None:
    from portfolio_app.ui.qualifications_view import QualificationsView
    from portfolio_app.ui.settings_view import SettingsView
    from portfolio_app.ui.welcome_view import WelcomeView

    assert "pages_de.qm" in [p.name for p in german]
    assert translate("pages", "Qualifications") == "Qualifikationen"
    view = QualificationsView()
    assert view.add_button.text() == "Definitionsdatei hinzufügen…"
    settings = SettingsView()
    assert settings.change_passphrase.text() == "Passphrase ändern…"
    assert WelcomeView().windowTitle() == "Willkommen bei Learner Portfolio"
    from PySide6.QtWidgets import QWizard

    # Qt's own strings (the wizard's buttons) come from PySide6's qtbase_de.qm.
    assert QWizard().buttonText(QWizard.WizardButton.CancelButton) == "Abbrechen"


def test_english_needs_no_file_and_the_system_locale_is_the_default(qtbot: QtBot) -> None:
    assert i18n.install_translations("en") == []
    assert translate("pages", "Qualifications") == "Qualifications"
    assert i18n.chosen_language("de") == "de"
    assert i18n.chosen_language("") == i18n.chosen_language(None) != ""
