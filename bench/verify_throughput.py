"""Throughput of eddsa-rdfc-2022 verification on one core (prints credentials/s).

    .venv/bin/python bench/verify_throughput.py [--seconds 5]

Verifies the DCC OB 3.0 fixture (did:key, eddsa-rdfc-2022) plus freshly signed variants of
one credential (different names/ids, the common "same issuer, many learners" case).
Each verification canonicalizes the document and the proof configuration with pyld
(URDNA2015) and checks one Ed25519 signature.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from portfolio_app.verify.dataintegrity import (  # noqa: E402
    public_key_from_seed,
    sign_data_integrity,
    verify_proofs,
)
from portfolio_app.verify.didkey import did_key_verification_method  # noqa: E402
from portfolio_app.verify.documents import EmptySource  # noqa: E402

FIXTURE = ROOT.parent / "shared" / "fixtures" / "public" / "dcc-obv3-vc2-eddsa-didkey-basic.json"


def corpus(n: int) -> list[dict[str, object]]:
    seed = bytes([5]) * 32
    vm = did_key_verification_method(public_key_from_seed(seed))
    base = json.loads(FIXTURE.read_text(encoding="utf-8"))
    base.pop("proof")
    base["issuer"] = {**base["issuer"], "id": vm.split("#")[0]}
    docs: list[dict[str, object]] = [json.loads(FIXTURE.read_text(encoding="utf-8"))]
    created = datetime(2026, 1, 1, tzinfo=UTC)
    for i in range(n):
        doc = json.loads(json.dumps(base))
        doc["id"] = f"urn:uuid:00000000-0000-4000-8000-{i:012d}"
        doc["name"] = f"Badge number {i}"
        docs.append(sign_data_integrity(doc, seed, vm, created=created))
    return docs


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=5.0)
    args = parser.parse_args()
    docs = corpus(200)
    source = EmptySource()
    for doc in docs[:5]:  # warm caches
        assert verify_proofs(doc, docs=source).outcome == "passed"
    count = 0
    start = time.perf_counter()
    while time.perf_counter() - start < args.seconds:
        for doc in docs:
            if verify_proofs(doc, docs=source).outcome != "passed":
                raise SystemExit("verification failed during the benchmark")
            count += 1
    elapsed = time.perf_counter() - start
    print(f"{count / elapsed:,.0f} credentials/s ({count} verifications in {elapsed:.1f} s)")


if __name__ == "__main__":
    main()
