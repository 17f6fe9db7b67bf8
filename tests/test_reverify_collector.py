"""``reverify`` of the whole wallet pauses the cyclic garbage collector (issue 12): the
collector must be back as it was afterwards (also when the re-check fails), the window's few
entries must not touch it, the verdicts must be those of a run with the collector on, and a
wallet of refusals (which leave reference cycles) must still have them collected as it goes.
"""

from __future__ import annotations

import copy
import gc
import json
from pathlib import Path
from typing import Any

import pytest

from portfolio_app.services import verification
from portfolio_app.services.portfolio import Portfolio
from portfolio_app.storage import Repository
from tests.verify_di_support import Issuer, ob3_credential


def _wallet(tmp_path: Path, good: int = 3, refused: int = 0) -> Path:
    issuer = Issuer(81)
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for index in range(good + refused):
        doc = issuer.sign(
            ob3_credential(issuer.did, id=f"urn:uuid:00000000-0000-4000-8000-{index:012d}")
        )
        if index >= good:  # an unknown context: kept, unsupported, its reading refused
            doc = copy.deepcopy(doc)
            doc["@context"].append(f"https://unknown.example/ctx/{index}")
        (inbox / f"c{index}.json").write_text(json.dumps(doc), "utf-8")
    profile = tmp_path / "profile"
    with Portfolio(profile) as portfolio:
        portfolio.import_paths(sorted(inbox.iterdir()))
    return profile


def _statuses(results: list[tuple[int, Any]]) -> list[tuple[int, str, list[Any]]]:
    return [(entry, v.status.value, [c.to_json() for c in v.checks]) for entry, v in results]


def test_the_collector_is_off_while_the_wallet_is_checked_and_on_after(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    profile = _wallet(tmp_path)
    seen: list[bool] = []
    real = verification._Checker.check

    def spying(self: Any, item: Any) -> Any:
        seen.append(gc.isenabled())
        return real(self, item)

    monkeypatch.setattr(verification._Checker, "check", spying)
    assert gc.isenabled()
    with Portfolio(profile) as portfolio:
        paused = portfolio.reverify()
        assert gc.isenabled()
        one = portfolio.reverify_one(paused[0][0])  # the window's: collector left alone
    assert seen == [False, False, False, True]
    assert gc.isenabled()
    assert one.status == paused[0][1].status


def test_verdicts_are_those_of_a_run_with_the_collector_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    profile = _wallet(tmp_path, good=3, refused=2)
    with Portfolio(profile) as portfolio:
        paused = portfolio.reverify()
    monkeypatch.setattr(verification, "_collector_paused", lambda pause: _on())
    with Portfolio(profile) as portfolio:
        unpaused = portfolio.reverify()
    assert _statuses(paused) == _statuses(unpaused)
    assert {v.status.value for _, v in paused} == {"verified", "unsupported"}


class _on:  # stands in for the context manager function
    def __enter__(self) -> None:
        assert gc.isenabled()

    def __exit__(self, *exc: object) -> None:
        return None


def test_a_failed_recheck_switches_the_collector_back_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    profile = _wallet(tmp_path)

    def refused(*args: Any, **kwargs: Any) -> Any:
        raise OSError("disk went away")

    monkeypatch.setattr(Repository, "record_rendition_verdicts", refused)
    with Portfolio(profile) as portfolio, pytest.raises(OSError, match="went away"):
        portfolio.reverify()
    assert gc.isenabled()


def test_a_collector_the_caller_switched_off_stays_off(tmp_path: Path) -> None:
    profile = _wallet(tmp_path)
    gc.disable()
    try:
        with Portfolio(profile) as portfolio:
            portfolio.reverify()
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_refusals_have_their_cycles_collected_while_the_collector_is_paused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    profile = _wallet(tmp_path, good=2, refused=4)
    collections: list[int] = []
    real_collect = gc.collect

    def counting(generation: int = 2) -> int:
        collections.append(generation)
        return real_collect(generation)

    monkeypatch.setattr(verification, "_YOUNG_LIMIT", 0)  # as soon as a refusal was seen
    monkeypatch.setattr(verification.gc, "collect", counting)
    with Portfolio(profile) as portfolio:
        results = portfolio.reverify()
    assert sum(v.status.value == "unsupported" for _, v in results) == 4
    assert collections and set(collections) == {1}
    assert len(collections) <= 5  # at most one before each entry after the first refusal


def test_a_wallet_that_verifies_is_not_collected_below_the_cap(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    profile = _wallet(tmp_path, good=4)
    collections: list[int] = []
    real_collect = gc.collect
    monkeypatch.setattr(verification, "_YOUNG_LIMIT", 0)
    monkeypatch.setattr(
        verification.gc, "collect", lambda g=2: collections.append(g) or real_collect(g)
    )
    with Portfolio(profile) as portfolio:
        portfolio.reverify()
    assert collections == []
    monkeypatch.setattr(verification, "_YOUNG_CAP", 0)  # the cap holds whatever the verdicts
    with Portfolio(profile) as portfolio:
        portfolio.reverify()
    assert collections == [1, 1, 1, 1]
