"""Benchmark: import N generated credential files (mixed PNG / SVG / JSON) into a new profile.

Prints files per second and peak memory.  Target (issue #2): 1,000 files in under 10 s on
one core.  Every file is a distinct OB 3.0 credential signed with eddsa-rdfc-2022 by a did:key
made here, so the timing includes real extraction, parsing, verification and storage.

    python bench/import_bulk.py [N]
"""

from __future__ import annotations

import json
import os
import resource
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from nacl.signing import SigningKey

from portfolio_app.services.importing import ImportStatus
from portfolio_app.services.portfolio import Portfolio
from portfolio_app.verify.dataintegrity import sign_data_integrity
from portfolio_app.verify.didkey import did_key_from_ed25519
from tests.helpers import itxt, tiny_png


def make_credential(index: int, did: str) -> dict[str, object]:
    return {
        "@context": [
            "https://www.w3.org/ns/credentials/v2",
            "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
        ],
        "id": f"urn:uuid:00000000-0000-4000-8000-{index:012d}",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {"id": did, "type": ["Profile"], "name": "Bench University"},
        "validFrom": "2025-01-01T00:00:00Z",
        "name": f"Bench badge {index}",
        "credentialSubject": {
            "id": "did:example:learner",
            "type": ["AchievementSubject"],
            "achievement": {
                "id": f"https://bench.example/achievements/{index}",
                "type": ["Achievement"],
                "name": f"Skill {index}",
                "description": "A generated achievement for benchmarking.",
                "criteria": {"narrative": "Complete the benchmark."},
            },
        },
    }


def generate(folder: Path, count: int) -> None:
    seed = bytes(range(32))
    did = did_key_from_ed25519(bytes(SigningKey(seed).verify_key))
    method = f"{did}#{did.removeprefix('did:key:')}"
    created = datetime(2025, 1, 1, tzinfo=UTC)
    for index in range(count):
        signed = sign_data_integrity(make_credential(index, did), seed, method, created=created)
        text = json.dumps(signed)
        kind = index % 3
        if kind == 0:
            (folder / f"{index:05d}.json").write_text(text, encoding="utf-8")
        elif kind == 1:
            (folder / f"{index:05d}.png").write_bytes(
                tiny_png(itxt("openbadgecredential", text), after_idat=True)
            )
        else:
            svg = (
                '<svg xmlns="http://www.w3.org/2000/svg" '
                'xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0">'
                f"<openbadges:credential><![CDATA[{text}]]></openbadges:credential></svg>"
            )
            (folder / f"{index:05d}.svg").write_text(svg, encoding="utf-8")


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core, as the target says
    with tempfile.TemporaryDirectory() as tmp:
        inbox, profile = Path(tmp, "inbox"), Path(tmp, "profile")
        inbox.mkdir()
        generate(inbox, count)
        with Portfolio(profile) as portfolio:
            start = time.perf_counter()
            report = portfolio.import_paths([inbox])
            elapsed = time.perf_counter() - start
            statuses = {
                s.latest_verdict.status for s in portfolio.credentials() if s.latest_verdict
            }
    imported = report.count(ImportStatus.IMPORTED)
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"imported {imported}/{count} files in {elapsed:.2f} s: {imported / elapsed:.0f} files/s")
    print(f"verdicts: {sorted(statuses)}; peak memory (max RSS): {peak_mib:.0f} MiB")
    print(f"target: {count} files in < 10 s on one core -> {'MET' if elapsed < 10 else 'MISSED'}")
    if imported != count:
        raise SystemExit("not every generated file imported")


if __name__ == "__main__":
    main()
