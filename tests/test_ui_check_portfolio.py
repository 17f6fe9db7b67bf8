"""The recruiter's check in the window (issue 13 §5): File → "Check a portfolio…" runs the same
check as `portfolio verify-pdf` off the GUI thread and shows its report; a PDF that is not a
portfolio gets one sentence, never a crash."""

from __future__ import annotations

from pathlib import Path

from export_support import PASS, clock, make_profile
from pytestqt.qtbot import QtBot

from portfolio_app.services.export import ExportRequest
from portfolio_app.services.portfolio import Portfolio
from portfolio_app.ui.main_window import MainWindow
from portfolio_app.ui.tasks import SynchronousRunner


def _export(root: Path, *, include_unverified: bool) -> tuple[Path, Path]:
    data_dir = make_profile(root, unverified=include_unverified)
    with Portfolio(data_dir) as portfolio:
        result = portfolio.export(
            ExportRequest(out=root / "out", include_unverified=include_unverified),
            passphrase=PASS,
            clock=clock,
        )
    return data_dir, result.pdf


def test_check_a_portfolio_shows_that_everything_holds_or_what_does_not(
    qtbot: QtBot, tmp_path: Path, monkeypatch: object
) -> None:
    data_dir, pdf = _export(tmp_path, include_unverified=True)
    with Portfolio(data_dir) as portfolio:
        window = MainWindow(portfolio, SynchronousRunner())
        qtbot.addWidget(window)
        assert window.check_pdf_action.text() == "Check a portfolio…"

        window.check_portfolio(pdf)
        lines = window.last_portfolio_check
        # One credential inside could not be verified, so not everything holds, and the report
        # says which; the PDF signature itself is intact and covers the whole file.
        assert lines[0] == f"{pdf.name}: NOT everything holds"
        assert "intact yes" in lines[1] and "covers the whole file yes" in lines[1]
        assert any(": unverifiable (" in line for line in lines)
        assert window.check_pdf_action.isEnabled()

        tampered = tmp_path / "tampered.pdf"
        data = bytearray(pdf.read_bytes())
        data[len(data) // 3] ^= 0x01
        tampered.write_bytes(bytes(data))
        window.check_portfolio(tampered)
        assert window.last_portfolio_check[0] == f"{tampered.name}: NOT everything holds"


def test_a_pdf_that_is_not_a_portfolio_is_one_sentence_not_a_crash(
    qtbot: QtBot, tmp_path: Path, monkeypatch: object
) -> None:
    shown: list[str] = []
    import portfolio_app.ui.main_window as main_window

    def critical(_parent: object, _title: str, text: str) -> None:
        shown.append(text)

    monkeypatch.setattr(main_window.QMessageBox, "critical", critical)  # type: ignore[attr-defined]
    not_a_portfolio = tmp_path / "letter.pdf"
    not_a_portfolio.write_bytes(b"%PDF-1.4\n%%EOF\n")
    with Portfolio(tmp_path / "p") as portfolio:
        window = MainWindow(portfolio, SynchronousRunner())
        qtbot.addWidget(window)
        window.check_portfolio(not_a_portfolio)
    assert len(shown) == 1 and shown[0].startswith("letter.pdf: ")
    assert "\n" not in shown[0]
