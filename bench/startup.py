"""Benchmark: how fast the ``portfolio`` command line starts (issue 9, section 5).

Run: ``.venv/bin/python bench/startup.py [RUNS]``.  Each figure is the median wall-clock time
of RUNS fresh subprocesses (default 9) of this interpreter, so it includes interpreter start,
``site`` and every import, exactly what a learner waits for.  Targets: ``--version`` and
``--help`` within 6x of a bare ``python -c pass``; ``list`` on an empty profile under 0.3 s.
The empty profile is created by one untimed run first (creating a database is not startup).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
VERSION_HELP_RATIO = 6.0
LIST_SECONDS = 0.3


def median_seconds(argv: list[str], runs: int, env: dict[str, str]) -> float:
    """Median wall-clock seconds of ``runs`` subprocesses of ``argv`` (output discarded)."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(argv, env=env, cwd=REPO, stdout=subprocess.DEVNULL, check=True)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main(runs: int = 9) -> int:
    with tempfile.TemporaryDirectory() as profile:
        env = {**os.environ, "PORTFOLIO_DATA_DIR": profile}
        cli = [sys.executable, "-m", "portfolio_app"]
        subprocess.run([*cli, "list"], env=env, stdout=subprocess.DEVNULL, check=True)
        bare = median_seconds([sys.executable, "-c", "pass"], runs, env)
        figures = {
            "python -c pass": bare,
            "portfolio --version": median_seconds([*cli, "--version"], runs, env),
            "portfolio --help": median_seconds([*cli, "--help"], runs, env),
            "portfolio list (empty profile)": median_seconds([*cli, "list"], runs, env),
        }
    print(f"startup, median of {runs} runs each")
    ok = True
    for label, seconds in figures.items():
        ratio = seconds / bare
        note = ""
        if label.endswith(("--version", "--help")):
            passed = ratio <= VERSION_HELP_RATIO
            note = f"  (target <= {VERSION_HELP_RATIO:.0f}x: {'ok' if passed else 'MISSED'})"
            ok = ok and passed
        elif label.startswith("portfolio list"):
            passed = seconds < LIST_SECONDS
            note = f"  (target < {LIST_SECONDS} s: {'ok' if passed else 'MISSED'})"
            ok = ok and passed
        print(f"  {label:<32} {seconds * 1000:7.1f} ms  {ratio:5.1f}x{note}")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main(int(sys.argv[1]) if len(sys.argv) > 1 else 9))
