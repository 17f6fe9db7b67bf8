"""The GUI's shell as a learner meets it: no display, a missing library, a profile that cannot
be opened, a second window, and an unexpected error that must not close the window."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO_ROOT
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from portfolio_app import logfile
from portfolio_app.services.portfolio import Portfolio
from portfolio_app.storage import profile
from portfolio_app.ui import app, preflight
from portfolio_app.ui.main_window import MainWindow
from portfolio_app.ui.shell import ErrorReporter, SingleInstance, open_profile
from portfolio_app.ui.tasks import SynchronousRunner

# -- before Qt: display and system libraries ---------------------------------------------------


def test_without_a_display_the_gui_says_so_in_one_line_and_exits_1(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in {"DISPLAY", "WAYLAND_DISPLAY"}}
    env.pop("QT_QPA_PLATFORM", None)
    env["PORTFOLIO_DATA_DIR"] = str(tmp_path / "profile")
    done = subprocess.run(
        [sys.executable, "-m", "portfolio_app"],
        env=env,
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    if not sys.platform.startswith("linux"):
        pytest.skip("the display check is for Linux")
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert "no display is available" in lines[0] and "command line" in lines[0]
    assert "Reinstalling" not in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "profile").exists()  # checked before anything else


def test_a_missing_library_is_named_with_the_command_that_installs_it(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setenv("DISPLAY", ":0")
    monkeypatch.delenv("QT_QPA_PLATFORM", raising=False)
    monkeypatch.setattr(preflight, "library_loads", lambda soname: soname != "libxcb-cursor.so.0")
    assert app.run() == 1
    line = capsys.readouterr().err.strip()
    assert "\n" not in line
    assert "libxcb-cursor.so.0" in line
    assert "sudo apt install libxcb-cursor0" in line
    assert "sudo dnf install xcb-util-cursor" in line


def test_several_missing_libraries_make_one_install_command_per_distribution() -> None:
    absent = {"libEGL.so.1", "libxkbcommon-x11.so.0"}
    problem = preflight.gui_problem(
        {"DISPLAY": ":0"}, platform="linux", loads=lambda soname: soname not in absent
    )
    assert problem is not None
    assert "sudo apt install libegl1 libxkbcommon-x11-0" in problem
    assert "sudo dnf install libglvnd-egl libxkbcommon-x11" in problem


def test_a_headless_platform_or_another_os_needs_no_display() -> None:
    assert (
        preflight.gui_problem(
            {"QT_QPA_PLATFORM": "offscreen"}, platform="linux", loads=lambda _: True
        )
        is None
    )
    assert preflight.gui_problem({}, platform="win32", loads=lambda _: False) is None
    assert (
        preflight.gui_problem(
            {"WAYLAND_DISPLAY": "wayland-0"}, platform="linux", loads=lambda _: True
        )
        is None
    )


# -- which profile -----------------------------------------------------------------------------


def test_a_profile_that_cannot_be_opened_offers_another_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    theirs, mine = tmp_path / "theirs", tmp_path / "mine"
    theirs.mkdir()
    monkeypatch.setattr(profile, "owned_by_someone_else", lambda folder: folder == theirs)
    asked: list[str] = []

    def ask(message: str) -> Path | None:
        asked.append(message)
        return mine

    portfolio = open_profile(theirs, ask)
    assert portfolio is not None
    with portfolio:
        assert portfolio.data_dir == mine
    assert len(asked) == 1
    assert str(theirs) in asked[0] and "belongs to another user" in asked[0]


def test_giving_up_on_the_folder_dialog_opens_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(profile, "owned_by_someone_else", lambda folder: True)
    (tmp_path / "theirs").mkdir()
    assert open_profile(tmp_path / "theirs", lambda message: None) is None


# -- one window per profile --------------------------------------------------------------------


def test_a_second_window_on_the_same_profile_brings_the_first_forward(
    qtbot: QtBot, tmp_path: Path
) -> None:
    activated: list[bool] = []
    first = SingleInstance(tmp_path, on_activate=lambda: activated.append(True))
    assert not SingleInstance(tmp_path).activate_running(timeout_ms=200)  # nobody yet
    assert first.listen()
    try:
        assert SingleInstance(tmp_path).activate_running()
        qtbot.waitUntil(lambda: activated == [True], timeout=5000)
        assert not SingleInstance(tmp_path / "other").activate_running(timeout_ms=200)
    finally:
        first.close()


# -- no crash ----------------------------------------------------------------------------------


@pytest.mark.qt_no_exception_capture
def test_an_unexpected_error_in_a_slot_shows_one_sentence_naming_the_log(
    qtbot: QtBot, tmp_path: Path
) -> None:
    shown: list[tuple[str, str]] = []
    reporter = ErrorReporter(show=lambda title, sentence: shown.append((title, sentence)))
    log_path = tmp_path / "portfolio.log"
    reporter.install(log_path)
    try:
        button = QPushButton("Do it")
        qtbot.addWidget(button)

        def broken() -> None:
            raise RuntimeError("boom in a slot")

        button.clicked.connect(broken)
        button.click()
        qtbot.waitUntil(lambda: bool(shown), timeout=5000)
        _title, sentence = shown[0]
        assert str(log_path) in sentence and "RuntimeError" in sentence
        assert "\n" not in sentence
        assert logfile.current_log_path() == log_path
        assert "RuntimeError: boom in a slot" in log_path.read_text(encoding="utf-8")
        button.click()  # still alive: the next click is reported too, nothing crashed
        qtbot.waitUntil(lambda: len(shown) == 2, timeout=5000)
    finally:
        reporter.uninstall()
        logfile.set_log_path(None)


def test_an_unexpected_error_in_a_task_goes_to_the_reporter(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    reported: list[BaseException] = []

    class Stub:
        def report(self, exc: BaseException, tb: object = None) -> None:
            reported.append(exc)

    with Portfolio(tmp_path / "p") as portfolio:
        window = MainWindow(portfolio, SynchronousRunner(), reporter=Stub())
        qtbot.addWidget(window)

        def broken(*args: object, **kwargs: object) -> None:
            raise KeyError("not a learner's problem")

        monkeypatch.setattr(portfolio, "import_paths", broken)
        window.import_paths([tmp_path / "x.json"])
        assert [type(e) for e in reported] == [KeyError]
        assert not window.busy and window.import_files_action.isEnabled()
