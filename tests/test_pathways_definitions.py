"""Malformed definitions are refused with the JSON path of the problem, and nothing is stored."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest

from portfolio_app.pathways import DefinitionError, parse_definition
from portfolio_app.pathways.definitions import AnyOf, ByIssuerName, Credits, Unit
from portfolio_app.pathways.service import add_definition, available, remove_definition

GOOD: dict[str, Any] = {
    "id": "demo.cert",
    "name": "Demo certificate",
    "awarding_body": "Demo College",
    "groups": {
        "electives": {"type": "any", "min": 1, "children": [
            {"type": "match", "tag": "elective"},
            {"type": "match", "issuer_id": "https://x.example", "achievement_name": "Elective"},
        ]},
    },
    "requirements": {
        "type": "all",
        "children": [
            {"type": "match", "achievement_id": "core-1"},
            {"type": "ref", "group": "electives"},
            {"type": "credits", "min": 3, "unit": "ceu", "children": [
                {"type": "match", "tag": "ceu", "credits": 1}]},
        ],
    },
}


def broken(change: Any) -> dict[str, Any]:
    data = copy.deepcopy(GOOD)
    change(data)
    return data


class FakeStore:
    """The three members the lead's store offers, in memory."""

    def __init__(self) -> None:
        self.texts: dict[str, str] = {}

    def list_texts(self) -> list[str]:
        return list(self.texts.values())

    def add_text(self, qualification_id: str, text: str) -> None:
        self.texts[qualification_id] = text

    def remove(self, qualification_id: str) -> bool:
        return self.texts.pop(qualification_id, None) is not None


def test_good_definition_parses() -> None:
    q = parse_definition(GOOD)
    assert q.id == "demo.cert" and not q.example
    children = q.requirements.children  # type: ignore[union-attr]
    assert isinstance(children[1], AnyOf) and children[1].path == "$.groups.electives"
    assert isinstance(children[1].children[1].matcher, ByIssuerName)  # type: ignore[union-attr]
    assert isinstance(children[2], Credits) and children[2].unit is Unit.CEU


CASES = [
    ("unknown rule type",
     lambda d: d["requirements"]["children"][0].update(type="some"),
     "$.requirements.children[0].type", "unknown rule type"),
    ("missing field", lambda d: d.pop("name"), "$.name", "missing"),
    ("missing children",
     lambda d: d["requirements"].pop("children"), "$.requirements.children", "missing"),
    ("bad unit",
     lambda d: d["requirements"]["children"][2].update(unit="ECTS"),
     "$.requirements.children[2].unit", "must be one of ects"),
    ("zero min",
     lambda d: d["requirements"]["children"][2].update(min=0),
     "$.requirements.children[2].min", "greater than 0"),
    ("negative any min",
     lambda d: d["groups"]["electives"].update(min=-1), "$.groups.electives.min", "at least 1"),
    ("min above children",
     lambda d: d["groups"]["electives"].update(min=3), "$.groups.electives.min", "only 2"),
    ("unknown group",
     lambda d: d["requirements"]["children"][1].update(group="nope"),
     "$.requirements.children[1].group", "no group named"),
    ("cycle",
     lambda d: d["groups"]["electives"]["children"].append({"type": "ref", "group": "electives"}),
     "$.groups.electives.children[2].group", "cycle: electives → electives"),
    ("typo", lambda d: d["requirements"].update(chlidren=[]), "$.requirements.chlidren",
     "unknown field"),
    ("two matchers",
     lambda d: d["requirements"]["children"][0].update(tag="t"),
     "$.requirements.children[0]", "one thing only"),
    ("half a matcher",
     lambda d: d["groups"]["electives"]["children"][1].pop("achievement_name"),
     "$.groups.electives.children[1].achievement_name", "missing"),
    ("non-match in credits",
     lambda d: d["requirements"]["children"][2]["children"].append(
         {"type": "all", "children": [{"type": "match", "tag": "x"}]}),
     "$.requirements.children[2].children[1]", "only contain match rules"),
    ("bad reuse", lambda d: d.update(reuse="twice"), "$.reuse", "must be one of"),
    ("bad recency", lambda d: d.update(recency={"months": 0}), "$.recency.months", "at least 1"),
    ("bool as number",
     lambda d: d["groups"]["electives"].update(min=True), "$.groups.electives.min", "whole"),
    ("bad id", lambda d: d.update(id="has space"), "$.id", "letters, digits"),
    ("equivalence matcher",
     lambda d: d.update(equivalences=[{"achievement": {}, "counts_as": {"tag": "x"}}]),
     "$.equivalences[0].achievement", "missing what to match"),
]


@pytest.mark.parametrize(("name", "change", "path", "message"), CASES, ids=[c[0] for c in CASES])
def test_malformed_definitions_are_refused_with_their_path(
    name: str, change: Any, path: str, message: str
) -> None:
    with pytest.raises(DefinitionError) as caught:
        parse_definition(broken(change))
    assert caught.value.path == path
    assert message in caught.value.message


def test_longer_cycle_is_named() -> None:
    data = broken(lambda d: d["groups"].update(
        a={"type": "all", "children": [{"type": "ref", "group": "b"}]},
        b={"type": "any", "min": 1, "children": [{"type": "ref", "group": "a"}]},
    ))
    with pytest.raises(DefinitionError, match="a → b → a") as caught:
        parse_definition(data)
    assert caught.value.path == "$.groups.b.children[0].group"


def test_not_an_object() -> None:
    with pytest.raises(DefinitionError) as caught:
        parse_definition([1])
    assert caught.value.path == "$"


@pytest.mark.parametrize("change", [c[1] for c in CASES[:6]])
def test_refused_definition_stores_nothing(change: Any) -> None:
    store = FakeStore()
    add_definition(store, json.dumps(GOOD))
    before = dict(store.texts)
    with pytest.raises(DefinitionError):
        add_definition(store, json.dumps(broken(change)))
    assert store.texts == before


def test_invalid_json_is_refused_at_the_root() -> None:
    store = FakeStore()
    with pytest.raises(DefinitionError) as caught:
        add_definition(store, "{not json")
    assert caught.value.path == "$" and store.texts == {}


def test_user_definitions_merge_with_catalogue_and_win_on_id() -> None:
    store = FakeStore()
    catalogue_ids = {e.qualification.id for e in available(store)[0]}
    assert len(catalogue_ids) >= 5
    own = broken(lambda d: d.update(id="example.micromasters.dedp", name="Mine"))
    add_definition(store, json.dumps(own))
    entries, problems = available(store)
    assert problems == []
    mine = [e for e in entries if e.qualification.id == "example.micromasters.dedp"]
    assert len(mine) == 1 and mine[0].qualification.name == "Mine"
    assert mine[0].source == "user" and mine[0].replaces_catalogue
    assert {e.qualification.id for e in entries} == catalogue_ids
    assert remove_definition(store, "example.micromasters.dedp")
    assert not remove_definition(store, "example.micromasters.dedp")


def test_stored_definition_that_no_longer_parses_is_reported_not_fatal() -> None:
    store = FakeStore()
    store.add_text("x", "{}")
    entries, problems = available(store)
    assert entries and problems == ["stored definition 1: $.requirements: missing"]
