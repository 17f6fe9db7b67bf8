"""Benchmark: ``portfolio reverify`` of a 10,000-credential wallet (issue 12: at most 10 s).

The wallet is what ``bench/import_bulk.py`` imports, ten times over: distinct OB 3.0
credentials signed with eddsa-rdfc-2022 by one did:key, a third each stored from JSON, a baked
PNG and an SVG.  Building it (signing, parsing, storing) takes about a minute, so it is built
once into ``bench/out/reverify-<N>-schema<revision>/`` (ignored by git) and copied for every
run: each run re-checks the same wallet, and appends one verdict per credential to the copy only.

    python bench/reverify.py [N] [--rebuild] [--cores C]

Printed: wall and CPU seconds of the re-check, per credential, and whether every credential is
still verified.  By default the process is pinned to one core (how the target is stated);
``--cores 2`` lets ``reverify`` use worker processes on two cores (CPU then counts the
workers too).
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from import_bulk import generate  # noqa: E402

from portfolio_app.ingest import extract  # noqa: E402
from portfolio_app.services.portfolio import Portfolio  # noqa: E402
from portfolio_app.services.reading import credentials_in  # noqa: E402
from portfolio_app.storage import Repository  # noqa: E402
from portfolio_app.storage.schema import HEAD_REVISION  # noqa: E402
from portfolio_app.verify.verdict import Status  # noqa: E402

TARGET_SECONDS = 10.0
CHUNK = 1000


def _cpu() -> float:
    """CPU seconds of this process and of its finished worker processes."""
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


def build(profile: Path, count: int) -> None:
    """Sign ``count`` credentials and store them (parsed as an import parses them, no first
    verdict: reverify adds one) into a new profile at ``profile``."""
    partial = profile.with_name(profile.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    with tempfile.TemporaryDirectory() as tmp, Repository.open(partial) as repo:
        for first in range(0, count, CHUNK):
            folder = Path(tmp, str(first))
            folder.mkdir()
            generate(folder, min(CHUNK, count - first), first=first)
            with repo.write_batch() as batch:
                for path in sorted(folder.iterdir()):
                    data = path.read_bytes()
                    for credential, original in credentials_in(
                        path, data, extract(path.name, data)
                    )[0]:
                        batch.add_credential(credential, original, path.name)
            shutil.rmtree(folder)
            print(f"  built {first + CHUNK:,} of {count:,}", file=sys.stderr)
    partial.rename(profile)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("count", nargs="?", type=int, default=10_000)
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--cores", type=int, default=1)
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, set(sorted(os.sched_getaffinity(0))[: max(1, args.cores)]))
    # Named by schema revision: a wallet built by an older schema is rebuilt, not migrated.
    template = ROOT / "bench" / "out" / f"reverify-{args.count}-schema{HEAD_REVISION}"
    if args.rebuild:
        shutil.rmtree(template, ignore_errors=True)
    if not template.exists():
        template.parent.mkdir(parents=True, exist_ok=True)
        print(f"building the {args.count:,}-credential wallet once: {template}", file=sys.stderr)
        build(template, args.count)
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory() as tmp:
        profile = Path(tmp, "profile")
        shutil.copytree(template, profile)
        with Portfolio(profile) as portfolio:
            wall, cpu = time.perf_counter(), _cpu()
            results = portfolio.reverify()  # its lazy imports are part of the figure
            wall, cpu = time.perf_counter() - wall, _cpu() - cpu
    from portfolio_app.services.verification import reverify_jobs

    jobs = reverify_jobs(args.count)
    verified = sum(1 for _, verdict in results if verdict.status is Status.VERIFIED)
    n = len(results)
    cores = "one core" if jobs == 1 else f"{jobs} worker processes"
    print(f"wallet: {n:,} credentials, {cores}; load average before {load_before[0]:.2f}")
    print(
        f"reverify: {wall:.2f} s wall ({wall / n * 1000:.2f} ms each), {cpu:.2f} s CPU; "
        f"{verified:,} verified"
    )
    met = "MET" if wall <= TARGET_SECONDS * args.count / 10_000 else "MISSED"
    print(f"target: {args.count:,} in <= {TARGET_SECONDS * args.count / 10_000:.1f} s -> {met}")
    if verified != n or n != args.count:
        raise SystemExit("not every credential re-verified")


if __name__ == "__main__":
    main()
