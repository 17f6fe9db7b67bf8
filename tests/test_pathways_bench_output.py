"""The benchmark's wallet and qualifications give exactly the answers they gave before the
engine was made faster.

The digests were recorded with the engine as it stood before the speed work (commit 14e7f72):
``progress_all`` as JSON, and ``shortest_completion`` as JSON, under both acceptance policies.
Any optimisation that changes a single explanation, percent, counted id or note changes a
digest.  If a deliberate behaviour change moves them, re-record them and say why.
"""

from __future__ import annotations

import copy
import hashlib
import importlib.util
import json
import random
from pathlib import Path
from types import ModuleType

import pytest

from portfolio_app.model import Alignment, Container, Credential, CredentialFormat
from portfolio_app.pathways import (
    AcceptancePolicy,
    Holding,
    build_index,
    parse_definition,
    progress_all,
    shortest_completion,
)
from portfolio_app.pathways._solver import compile_qualification
from portfolio_app.pathways.holdings import credential_keys

BENCH = Path(__file__).resolve().parent.parent / "bench" / "progress.py"

EXPECTED = {
    AcceptancePolicy.VERIFIED_ONLY: (
        "eb3e7dba4e6f3fc399fb90c52e4c2961989304428f25a676fd1c25812f7a2451",
        "d0375f22b23cad1645b4e73ce34c6087d4f10f799f1ab3d4010e617fa19c0572",
    ),
    AcceptancePolicy.INCLUDE_UNVERIFIED: (
        "ca6431df880db6561d35f07f46df68ecf7ae976101560b7f3adbbb9259c3bf4a",
        "f4ed2a4060c34724654bea8e64ce1ca373be41f467106d601d60be204425f8ce",
    ),
}


def _bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("pathways_bench_progress", BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _digest(data: object) -> str:
    return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()


@pytest.mark.parametrize("policy", list(AcceptancePolicy))
def test_bench_results_are_unchanged(policy: AcceptancePolicy) -> None:
    bench = _bench()
    rng = random.Random(20250601)  # the bench's own seed and order of generation
    holdings = bench.make_holdings(rng)
    qualifications = [parse_definition(bench.make_qualification(rng, i)) for i in range(100)]
    index = build_index(holdings)
    results = progress_all(qualifications, index, today=bench.TODAY, acceptable=policy)
    completions = [
        shortest_completion(q, index, today=bench.TODAY, acceptable=policy, current=r).to_json()
        for q, r in zip(qualifications, results, strict=True)
    ]
    expected_progress, expected_completion = EXPECTED[policy]
    assert _digest([r.to_json() for r in results]) == expected_progress
    assert _digest(completions) == expected_completion
    # Evaluating again against the same index (its caches now warm) answers the same.
    again = progress_all(qualifications, index, today=bench.TODAY, acceptable=policy)
    assert _digest([r.to_json() for r in again]) == expected_progress


def _credential(**fields: object) -> Credential:
    base: dict[str, object] = {
        "format": CredentialFormat.OB3,
        "container": Container.JSON,
        "title": "Data  Science",
        "issuer_name": "Issuer",
        "payload": "{}",
    }
    return Credential(**{**base, **fields})  # type: ignore[arg-type]


def test_index_positions_ascend_without_repeats() -> None:
    esco = "http://data.europa.eu/esco/skill/s1"
    repeated = _credential(
        achievement_id=" urn:ach:1 ",
        issuer_id="https://Issuer.example",
        tags=("Python", "python ", "PYTHON"),
        alignments=(Alignment("s1", url=esco + "/", code=esco, framework="ESCO"),),
    )
    plain = _credential(achievement_id="urn:ach:1", tags=("python",))
    index = build_index([Holding(2, plain, None), Holding(1, repeated, "verified")])
    assert list(index.lookup(("tag", "python"))) == [0, 1]
    assert list(index.lookup(("id", "urn:ach:1"))) == [0, 1]
    assert list(index.lookup(("url", esco))) == [0]
    assert list(index.lookup(("code", "esco", esco.casefold()))) == [0]
    assert list(index.lookup(("name", "https://issuer.example", "data science"))) == [0]
    keys = credential_keys(repeated)
    assert len(keys) == len(set(keys)) == 5
    assert index.by_id(2).holding.credential is plain


def test_compiled_form_is_kept_with_the_definition_not_its_copies() -> None:
    bench = _bench()
    qualification = parse_definition(bench.make_qualification(random.Random(1), 0))
    compiled = compile_qualification(qualification)
    assert compile_qualification(qualification) is compiled
    clone = copy.copy(qualification)  # shares the instance dict's entries, not the identity
    assert clone == qualification
    assert compile_qualification(clone).qualification is clone
    assert repr(clone) == repr(qualification)
