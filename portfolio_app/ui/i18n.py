"""Translations: one QTranslator for every ``resources/translations/*_<lang>.qm``.

Each part of the window keeps its own ``.ts`` file (``pages_de.ts``, ``wallet_de.ts`` …), so
helpers translating different widgets never edit the same file; at start every file for the
chosen language is installed.  The language is the learner's setting when there is one, else
the system locale; English needs no file (it is the source text).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from portfolio_app.paths import resource_path

#: Languages a learner can pick in Settings, as (code, name in that language).
LANGUAGES = (("en", "English"), ("de", "Deutsch"))

_installed: list[QTranslator] = []


def translations_dir() -> Path:
    return resource_path("translations")


def chosen_language(setting: str | None) -> str:
    """The setting ("de"), or the system locale's language ("de_AT" → "de")."""
    if setting:
        return setting
    return QLocale.system().name().split("_")[0] or "en"


def install_translations(setting: str | None = None, folder: Path | None = None) -> list[Path]:
    """Install the translators for the language; returns the files loaded (none for English).

    Calling it again replaces the earlier translators, so a test (or a language change) can
    switch languages without stacking them.
    """
    app = QCoreApplication.instance()
    if app is None:
        return []
    for old in _installed:
        app.removeTranslator(old)
    _installed.clear()
    lang = chosen_language(setting)
    folder = folder or translations_dir()
    if lang == "en" or not folder.is_dir():
        return []
    loaded: list[Path] = []
    qt_own = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))
    for qm in [qt_own / f"qtbase_{lang}.qm", *sorted(folder.glob(f"*_{lang}.qm"))]:
        if not qm.is_file():
            continue
        translator = QTranslator(app)
        if translator.load(str(qm)):
            app.installTranslator(translator)
            _installed.append(translator)
            loaded.append(qm)
    return loaded
