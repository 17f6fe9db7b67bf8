"""Benchmark: 100 qualifications against 10,000 credentials (target: under 200 ms).

Run: ``.venv/bin/python bench/progress.py``.  The wallet mixes specific achievements, issuer +
name matches, tags, ESCO-style alignments, credits, expiry dates and unverified credentials, and
a fifth of the qualifications use recency windows, so every code path is exercised.  The
timing includes building the index, which a real run does once per wallet.
"""

from __future__ import annotations

import random
import statistics
import sys
import time
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from portfolio_app.model import Alignment, Container, Credential, CredentialFormat, CreditValue
from portfolio_app.pathways import Holding, build_index, parse_definition, progress_all

TODAY = date(2025, 6, 1)
N_ACHIEVEMENTS = 2000
ESCO = "http://data.europa.eu/esco/skill/"


def make_holdings(rng: random.Random, n: int = 10_000) -> list[Holding]:
    holdings = []
    for i in range(n):
        a = rng.randrange(N_ACHIEVEMENTS)
        issued = datetime(2018 + rng.randrange(8), 1 + rng.randrange(12), 1, tzinfo=UTC)
        credential = Credential(
            format=CredentialFormat.OB3, container=Container.JSON, title=f"Course {a}",
            issuer_name="Example", payload="{}", achievement_id=f"urn:ach:{a}",
            issuer_id=f"https://issuer{a % 40}.example",
            issued=issued,
            valid_until=issued.replace(year=issued.year + 3) if rng.random() < 0.3 else None,
            tags=tuple(f"tag{rng.randrange(200)}" for _ in range(rng.randrange(3))),
            alignments=tuple(Alignment("skill", url=f"{ESCO}s{rng.randrange(300)}")
                             for _ in range(rng.randrange(2))),
            credits=(CreditValue(rng.choice([1, 2.5, 5]), "ECTS"),),
            self_reported=rng.random() < 0.05,
        )
        status = rng.choice(["verified"] * 8 + ["unverifiable", None])
        holdings.append(Holding(i + 1, credential, status))
    return holdings


def leaf(rng: random.Random) -> dict[str, Any]:
    a = rng.randrange(N_ACHIEVEMENTS)
    kind = rng.random()
    if kind < 0.6:
        return {"type": "match", "achievement_id": f"urn:ach:{a}"}
    if kind < 0.8:
        return {"type": "match", "issuer_id": f"https://issuer{a % 40}.example",
                "achievement_name": f"course {a}"}
    if kind < 0.9:
        return {"type": "match", "tag": f"tag{rng.randrange(200)}"}
    return {"type": "match", "alignment": {"url": f"{ESCO}s{rng.randrange(300)}"}}


def make_qualification(rng: random.Random, i: int) -> dict[str, Any]:
    core = {"type": "all", "children": [leaf(rng) for _ in range(rng.randint(2, 4))]}
    options = [leaf(rng) for _ in range(rng.randint(3, 6))]
    electives = {"type": "any", "min": rng.randint(1, 3), "children": options}
    pool = {"type": "credits", "min": 15, "unit": "ects",
            "children": [{**leaf(rng), "credits": 5} for _ in range(4)]}
    data: dict[str, Any] = {
        "id": f"bench.{i}", "name": f"Bench {i}", "awarding_body": "Bench",
        "requirements": {"type": "all", "children": [core, electives, pool]},
    }
    if i % 5 == 0:
        data["recency"] = {"months": 60, "anchor": "completion" if i % 10 == 0 else "today"}
    return data


def main() -> None:
    rng = random.Random(20250601)
    holdings = make_holdings(rng)
    qualifications = [parse_definition(make_qualification(rng, i)) for i in range(100)]
    timings, index_ms = [], []
    for _ in range(7):
        start = time.perf_counter()
        index = build_index(holdings)
        indexed = time.perf_counter()
        results = progress_all(qualifications, index, today=TODAY)
        timings.append((time.perf_counter() - start) * 1000)
        index_ms.append((indexed - start) * 1000)
    done = sum(r.satisfied for r in results)
    approx = sum(not r.exact for r in results)
    best, median = min(timings), statistics.median(timings)
    print(f"100 qualifications × {len(holdings):,} credentials: best {best:.1f} ms, "
          f"median {median:.1f} ms (target < 200 ms; index build median "
          f"{statistics.median(index_ms):.1f} ms); {done} complete, {approx} approximated")


if __name__ == "__main__":
    main()
