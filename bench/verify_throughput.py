"""Throughput of eddsa-rdfc-2022 verification on one core (prints credentials/s).

    .venv/bin/python bench/verify_throughput.py [--seconds 5] [--count 300]

The corpus is what a wallet holds from one issuer: distinct credentials of one shape (the DCC
OB 3.0 fixture's), each with its own id, learner DID, name, dates and proof time, freshly
signed with one did:key.  The process is pinned to one core.  Printed:

* **cold** — the first credential of the shape on a fresh context loader: context processing
  plus pyld (a shape is learned only when it recurs, so this costs what plain pyld costs);
* **second** — the next credential: pyld again, plus learning the shape templates (document
  and proof configuration);
* **third** — the one after: from the templates;
* **warm** — credentials/s over the whole corpus, repeated for ``--seconds``;
* the same warm figure with the fast path off (pyld for every document), for comparison;
* the load average before and after, since the machine may be shared.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from portfolio_app.verify import fastcanon  # noqa: E402
from portfolio_app.verify.contexts import ContextLoader  # noqa: E402
from portfolio_app.verify.dataintegrity import (  # noqa: E402
    public_key_from_seed,
    sign_data_integrity,
    verify_proofs,
)
from portfolio_app.verify.didkey import did_key_verification_method  # noqa: E402
from portfolio_app.verify.documents import EmptySource  # noqa: E402
from portfolio_app.verify.fastcanon_template import cache_for  # noqa: E402

FIXTURE = ROOT / "tests" / "fixtures" / "public" / "dcc-obv3-vc2-eddsa-didkey-basic.json"


def corpus(n: int) -> list[dict[str, object]]:
    """``n`` distinct credentials of one shape, signed by one issuer (plus the fixture)."""
    seed = bytes([5]) * 32
    vm = did_key_verification_method(public_key_from_seed(seed))
    base = json.loads(FIXTURE.read_text(encoding="utf-8"))
    base.pop("proof")
    base["issuer"] = {**base["issuer"], "id": vm.split("#")[0]}
    docs: list[dict[str, object]] = [json.loads(FIXTURE.read_text(encoding="utf-8"))]
    start = datetime(2025, 1, 1, 8, 0, tzinfo=UTC)
    signer = ContextLoader()  # signing must not warm the loader being measured
    for i in range(n):
        doc = json.loads(json.dumps(base))
        issued = start + timedelta(days=i, minutes=7 * i)
        doc["id"] = f"urn:uuid:00000000-0000-4000-8000-{i:012d}"
        doc["name"] = f"Teamwork Badge — cohort {i}"
        doc["validFrom"] = issued.strftime("%Y-%m-%dT%H:%M:%SZ")
        doc["credentialSubject"]["id"] = f"did:example:learner-{i:05d}"
        created = issued + timedelta(seconds=i)
        docs.append(sign_data_integrity(doc, seed, vm, created=created, loader=signer))
    return docs


def verify_all(docs: list[dict[str, object]], loader: ContextLoader, seconds: float) -> float:
    source = EmptySource()
    count = 0
    start = time.perf_counter()
    while time.perf_counter() - start < seconds:
        for doc in docs:
            if verify_proofs(doc, docs=source, loader=loader).outcome != "passed":
                raise SystemExit("verification failed during the benchmark")
            count += 1
    return count / (time.perf_counter() - start)


def timed_once(doc: dict[str, object], loader: ContextLoader) -> float:
    start = time.perf_counter()
    if verify_proofs(doc, docs=EmptySource(), loader=loader).outcome != "passed":
        raise SystemExit("verification failed during the benchmark")
    return (time.perf_counter() - start) * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--count", type=int, default=300)
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {0})
    load_before = os.getloadavg()
    docs = corpus(args.count)

    loader = ContextLoader()
    cold = timed_once(docs[1], loader)
    second = timed_once(docs[2], loader)
    third = timed_once(docs[3], loader)
    warm = verify_all(docs, loader, args.seconds)
    cache = cache_for(loader)

    fastcanon.ENABLED = False
    reference = ContextLoader()
    ref_cold = timed_once(docs[1], reference)
    ref_warm = verify_all(docs, reference, max(1.0, args.seconds / 2))
    fastcanon.ENABLED = True
    load_after = os.getloadavg()

    print(f"corpus: {len(docs)} distinct credentials of one shape, one issuer; one core")
    print(f"cold (first of the shape, fresh loader): {cold:.1f} ms   pyld only: {ref_cold:.1f} ms")
    print(f"second credential (learns the shape): {second:.2f} ms   third: {third:.2f} ms")
    print(
        f"warm: {warm:,.0f} credentials/s   pyld only: {ref_warm:,.0f} credentials/s   "
        f"(template hits {cache.hits}, misses {cache.misses})"
    )
    print(
        "load average before {:.2f} {:.2f} {:.2f}, after {:.2f} {:.2f} {:.2f}".format(
            *load_before, *load_after
        )
    )


if __name__ == "__main__":
    main()
