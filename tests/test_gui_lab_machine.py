"""The window on a lab machine that wipes profiles at logoff (issue 15 §2): closing it offers an
encrypted backup and writes it; a backup that fails keeps the window open; the start notices
are shown. Modal dialogs are stubbed as a learner would answer them."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from _identity_support import fast_kdf  # noqa: F401 - fixture
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox
from pytestqt.qtbot import QtBot

from portfolio_app.config import startup_notices
from portfolio_app.services.portfolio import Portfolio
from portfolio_app.ui import lab_machine
from portfolio_app.ui.main_window import MainWindow
from portfolio_app.ui.tasks import SynchronousRunner

SAMPLE = "dcc-obv3-vc2-eddsa-didkey-basic.json"


@pytest.fixture
def ephemeral() -> None:
    (Path(os.environ["PORTFOLIO_MACHINE_CONFIG_DIR"]) / "config.toml").write_text(
        "ephemeral = true\n"
    )


@pytest.fixture
def wallet(tmp_path: Path, public_fixtures: Path) -> Iterator[Portfolio]:
    with Portfolio(tmp_path / "profile", lock_per_write=True) as portfolio:
        portfolio.import_paths([public_fixtures / SAMPLE])
        yield portfolio


def _answers(monkeypatch: pytest.MonkeyPatch, target: Path, passphrase: str) -> list[str]:
    asked: list[str] = []

    def question(_parent: object, title: str, text: str, *_a: object) -> object:
        asked.append(text)
        return QMessageBox.StandardButton.Save

    monkeypatch.setattr(QMessageBox, "question", question)
    monkeypatch.setattr(QMessageBox, "information", lambda *_a: None)
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: asked.append(text))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a: (str(target), ""))
    monkeypatch.setattr(QInputDialog, "getText", lambda *_a: (passphrase, True))
    return asked


@pytest.mark.usefixtures("ephemeral", "fast_kdf")
def test_closing_the_window_on_a_wiped_machine_writes_the_backup(
    qtbot: QtBot, wallet: Portfolio, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "stick" / "wallet.lpbackup"
    target.parent.mkdir()
    asked = _answers(monkeypatch, target, "a long backup passphrase")
    window = MainWindow(wallet, SynchronousRunner(), live_interval_ms=0)
    window.offer_backup_on_close = True  # as the shell sets it
    qtbot.addWidget(window)
    window.show()
    assert window.close()
    assert any("deletes your wallet" in text for text in asked)
    assert target.is_file()
    with Portfolio(tmp_path / "next-term") as fresh:
        assert fresh.restore(target, "a long backup passphrase").added == 1


@pytest.mark.usefixtures("ephemeral")
def test_a_backup_that_fails_keeps_the_window_open_and_says_why(
    qtbot: QtBot, wallet: Portfolio, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    missing = tmp_path / "no-such-stick" / "wallet.lpbackup"
    asked = _answers(monkeypatch, missing, "a long backup passphrase")
    window = MainWindow(wallet, SynchronousRunner(), live_interval_ms=0)
    window.offer_backup_on_close = True  # as the shell sets it
    qtbot.addWidget(window)
    window.show()
    assert not window.close()
    assert window.isVisible()
    assert str(missing.parent) in asked[-1] or "no-such-stick" in asked[-1]


def test_not_ephemeral_closes_without_asking(
    qtbot: QtBot, wallet: Portfolio, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(QMessageBox, "question", lambda *_a: pytest.fail("asked"))
    window = MainWindow(wallet, SynchronousRunner(), live_interval_ms=0)
    window.offer_backup_on_close = True  # as the shell sets it
    qtbot.addWidget(window)
    window.show()
    assert window.close()


@pytest.mark.usefixtures("ephemeral")
def test_the_start_notices_are_shown(qtbot: QtBot, wallet: Portfolio) -> None:
    window = MainWindow(wallet, SynchronousRunner(), live_interval_ms=0)
    qtbot.addWidget(window)
    notices = startup_notices(wallet.data_dir)
    lab_machine.show_startup_notices(window, notices)
    boxes = [w for w in window.findChildren(QMessageBox) if w.isVisible()]
    assert boxes and "wipes profiles at logoff" in boxes[0].text()
