"""Benchmark: how fast the ``portfolio`` command line starts (issue 9, section 5).

Run: ``.venv/bin/python bench/startup.py [RUNS]``.  Each figure is the median wall-clock time
of RUNS fresh subprocesses (default 9) of this interpreter, so it includes interpreter start,
``site`` and every import, exactly what a learner waits for.  Targets: ``--version`` and
``--help`` within 6x of a bare ``python -c pass``; ``list`` on an empty profile under 0.3 s.
The empty profile is created by one untimed run first (creating a database is not startup).
``portfolio verify`` of one credential (the DCC OB 3.0 fixture, eddsa-rdfc-2022) has no target
of its own: it is the fixed cost of every ``verify`` run (issue 12), printed to follow it.

``PYTHONDONTWRITEBYTECODE`` is dropped for the children (and each command runs once untimed
first), so the project's own modules load from compiled bytecode, as in an installed app; with
the variable set every run recompiles them, which adds about 0.1 s to each figure.
``BENCH_QUICK=1`` (``make bench``) takes 5 runs instead of 9.
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
ONE_CREDENTIAL = REPO / "tests" / "fixtures" / "public" / "dcc-obv3-vc2-eddsa-didkey-basic.json"
VERSION_HELP_RATIO = 6.0
LIST_SECONDS = 0.3


CPU: dict[str, float] = {}


def median_seconds(argv: list[str], runs: int, env: dict[str, str]) -> float:
    """Median wall-clock seconds of ``runs`` subprocesses of ``argv`` (output discarded).

    The median CPU seconds (user + system) of the same runs go to :data:`CPU`: on a busy
    machine they move much less than the wall clock does.
    """
    times, cpu = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        subprocess.run(argv, env=env, cwd=REPO, stdout=subprocess.DEVNULL, check=True)
        times.append(time.perf_counter() - started)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    CPU[" ".join(argv)] = statistics.median(cpu)
    return statistics.median(times)


def main(runs: int = 9) -> int:
    with tempfile.TemporaryDirectory() as profile:
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env["PORTFOLIO_DATA_DIR"] = profile
        cli = [sys.executable, "-m", "portfolio_app"]
        verify = ["verify", str(ONE_CREDENTIAL)]
        for warm in (["list"], ["--help"], ["--version"], verify):
            subprocess.run([*cli, *warm], env=env, stdout=subprocess.DEVNULL, check=True)
        bare = median_seconds([sys.executable, "-c", "pass"], runs, env)
        figures = {
            "python -c pass": bare,
            "portfolio --version": median_seconds([*cli, "--version"], runs, env),
            "portfolio --help": median_seconds([*cli, "--help"], runs, env),
            "portfolio list (empty profile)": median_seconds([*cli, "list"], runs, env),
            "portfolio verify (one credential)": median_seconds([*cli, *verify], runs, env),
            # What every `list` paid before it read the profile with sqlite3 alone.
            "before: python -c 'import sqlmodel'": median_seconds(
                [sys.executable, "-c", "import sqlmodel"], runs, env
            ),
        }
    print(f"startup, median of {runs} runs each (wall clock; CPU seconds in brackets)")
    cpu = list(CPU.values())
    ok = True
    for (label, seconds), cpu_seconds in zip(figures.items(), cpu, strict=True):
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
        print(
            f"  {label:<36} {seconds * 1000:7.1f} ms [{cpu_seconds * 1000:6.1f}] "
            f"{ratio:5.1f}x{note}"
        )
    return 0 if ok else 1


if __name__ == "__main__":
    quick = os.environ.get("BENCH_QUICK") == "1"
    raise SystemExit(main(int(sys.argv[1]) if len(sys.argv) > 1 else 5 if quick else 9))
