"""The window in another language (issue 14 §9): every text through tr(), a complete German
translation of the wallet, details and import in resources/translations/wallet_de.*."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QTranslator
from pytestqt.qtbot import QtBot

from portfolio_app.services import results
from portfolio_app.services.portfolio import Portfolio
from portfolio_app.ui.main_window import MainWindow
from portfolio_app.ui.tasks import SynchronousRunner
from portfolio_app.ui.wallet_model import STATUS_SYMBOLS
from portfolio_app.ui.wallet_strings import DYNAMIC

FOLDER = Path(__file__).resolve().parent.parent / "resources" / "translations"


def test_every_text_chosen_at_run_time_is_marked_for_translation(
    tmp_path: Path, public_fixtures: Path
) -> None:
    marked = set(DYNAMIC)
    assert set(results._ADVICE.values()) | {results._GENERIC_ADVICE} <= marked
    assert set(STATUS_SYMBOLS) <= marked, "every status word"
    with Portfolio(tmp_path) as portfolio:
        (outcome,) = portfolio.import_paths(
            [public_fixtures / "dcc-obv3-vc2-eddsa-didkey-basic.json"]
        ).outcomes
        assert outcome.credential_id is not None
        details = portfolio.details(outcome.credential_id)
    labels = {label for label, _value in details.fields}
    assert labels and labels <= marked
    assert {c.outcome.replace("_", " ") for c in details.checks} <= marked


def test_the_german_translation_is_complete() -> None:
    tree = ET.parse(FOLDER / "wallet_de.ts")
    unfinished = [
        m.findtext("source")
        for m in tree.getroot().iter("message")
        if not (m.findtext("translation") or "").strip()
        or m.find("translation").get("type") == "unfinished"  # type: ignore[union-attr]
    ]
    assert unfinished == []
    assert sum(1 for _ in tree.getroot().iter("message")) > 150


def test_the_window_speaks_german_with_the_translation_loaded(
    qtbot: QtBot, tmp_path: Path, public_fixtures: Path
) -> None:
    translator = QTranslator()
    assert translator.load(str(FOLDER / "wallet_de.qm"))
    QCoreApplication.installTranslator(translator)
    try:
        with Portfolio(tmp_path) as portfolio:
            window = MainWindow(portfolio, SynchronousRunner(), live_interval_ms=0)
            qtbot.addWidget(window)
            assert window.menu("file").title() == "&Datei"
            assert window.wallet.view.samples_button.text() == "Beispiel-Nachweise hinzufügen"
            window.import_paths([public_fixtures / "dcc-obv3-vc2-eddsa-didkey-basic.json"])
            model = window.wallet.model
            assert str(model.index(0, 4).data()).endswith("geprüft")
            assert model.headerData(1, _horizontal()) == "Aussteller"
            assert window.wallet.view.count_label.text() == "1 Nachweis"
    finally:
        QCoreApplication.removeTranslator(translator)


def _horizontal():  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt

    return Qt.Orientation.Horizontal
