"""JSON → :class:`Qualification`, refusing anything doubtful with the JSON path of the problem.

The parser is deliberately stricter than it needs to be (unknown keys are errors) because a
typo in a career centre's file would otherwise silently change what counts, and a learner
would be told the wrong thing about their progress.  It mirrors
``resources/qualifications/schema.json``; the tests check both agree on the catalogue.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from typing import Any, TypeVar

from portfolio_app.pathways.definitions import (
    AllOf,
    AnyOf,
    ByAchievementId,
    ByAlignment,
    ByIssuerName,
    ByRecognisedIssuer,
    ByTag,
    Credits,
    DefinitionError,
    Equivalence,
    ExpiryPolicy,
    Match,
    Matcher,
    Node,
    Qualification,
    Recency,
    RecencyAnchor,
    ReusePolicy,
    Unit,
)

_TOP_KEYS = {
    "$schema",
    "id",
    "name",
    "awarding_body",
    "level",
    "description",
    "example",
    "example_source",
    "reuse",
    "expiry",
    "recency",
    "equivalences",
    "groups",
    "requirements",
    "note",
}
_MATCHER_KEYS = {
    "achievement_id",
    "issuer_id",
    "issuer_recognised_as",
    "achievement_name",
    "alignment",
    "tag",
}
_NODE_KEYS = {
    "all": {"type", "label", "children", "note"},
    "any": {"type", "label", "min", "children", "note"},
    "credits": {"type", "label", "min", "unit", "children", "note"},
    "match": {"type", "label", "credits", "note"} | _MATCHER_KEYS,
    "ref": {"type", "group"},
}
_MAX_DEPTH = 64
_E = TypeVar("_E", Unit, ReusePolicy, ExpiryPolicy, RecencyAnchor)


def parse_text(text: str) -> Qualification:
    """Parse a definition from JSON text (a file the learner or a career centre supplies)."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise DefinitionError("$", f"not valid JSON ({exc.msg} at line {exc.lineno})") from exc
    return parse_definition(data)


def parse_definition(data: Any) -> Qualification:
    """Check and convert one decoded JSON definition; raise :class:`DefinitionError`."""
    obj = _object(data, "$")
    _no_unknown(obj, _TOP_KEYS, "$")
    groups_raw = _object(obj.get("groups", {}), "$.groups")
    parser = _TreeParser(groups_raw)
    requirements = parser.node(_required(obj, "requirements", "$"), "$.requirements", ())
    for name in sorted(groups_raw):  # an unused group must still be valid (and acyclic)
        parser.group(name, _member("$.groups", name), ())
    return Qualification(
        id=_identifier(_required(obj, "id", "$"), "$.id"),
        name=_text(_required(obj, "name", "$"), "$.name"),
        awarding_body=_text(_required(obj, "awarding_body", "$"), "$.awarding_body"),
        level=_text(obj.get("level", ""), "$.level", empty_ok=True),
        description=_text(obj.get("description", ""), "$.description", empty_ok=True),
        example=_bool(obj.get("example", False), "$.example"),
        example_source=_text(obj.get("example_source", ""), "$.example_source", empty_ok=True),
        reuse=_enum(ReusePolicy, obj.get("reuse", "once"), "$.reuse"),
        expiry=_enum(ExpiryPolicy, obj.get("expiry", "must-be-valid"), "$.expiry"),
        recency=_recency(obj["recency"], "$.recency") if "recency" in obj else None,
        equivalences=_equivalences(obj.get("equivalences", []), "$.equivalences"),
        requirements=requirements,
    )


class _TreeParser:
    """Parses nodes, resolving ``ref`` to named groups and detecting cycles among them."""

    def __init__(self, groups: Mapping[str, Any]) -> None:
        self._groups = groups
        self._done: dict[str, Node] = {}

    def group(self, name: str, path: str, stack: tuple[str, ...]) -> Node:
        if name in stack:
            chain = " → ".join((*stack[stack.index(name) :], name))
            raise DefinitionError(path, f"groups refer to each other in a cycle: {chain}")
        if name not in self._done:
            where = _member("$.groups", name)
            self._done[name] = self.node(self._groups[name], where, (*stack, name))
        return self._done[name]

    def node(self, data: Any, path: str, stack: tuple[str, ...]) -> Node:
        if path.count(".") > _MAX_DEPTH:
            raise DefinitionError(path, "requirements are nested too deeply")
        obj = _object(data, path)
        kind = _text(_required(obj, "type", path), f"{path}.type")
        if kind not in _NODE_KEYS:
            raise DefinitionError(
                f"{path}.type",
                f"unknown rule type “{kind}” (expected one of: {', '.join(_NODE_KEYS)})",
            )
        _no_unknown(obj, _NODE_KEYS[kind], path)
        label = _text(obj.get("label", ""), f"{path}.label", empty_ok=True)
        if kind == "ref":
            name = _text(_required(obj, "group", path), f"{path}.group")
            if name not in self._groups:
                raise DefinitionError(f"{path}.group", f"no group named “{name}” in $.groups")
            return self.group(name, f"{path}.group", stack)
        if kind == "match":
            return Match(
                matcher=_matcher(obj, path),
                path=path,
                label=label,
                credits=_positive(obj["credits"], f"{path}.credits") if "credits" in obj else None,
            )
        children = self._children(obj, path, stack)
        if kind == "all":
            return AllOf(children, path, label)
        if kind == "any":
            least = _count(_required(obj, "min", path), f"{path}.min")
            if least > len(children):
                raise DefinitionError(
                    f"{path}.min", f"asks for {least} but there are only {len(children)} options"
                )
            return AnyOf(least, children, path, label)
        unit = _enum(Unit, _required(obj, "unit", path), f"{path}.unit")
        pool: list[Match] = []
        for i, child in enumerate(children):
            if not isinstance(child, Match):
                raise DefinitionError(
                    f"{path}.children[{i}]", "a credits rule may only contain match rules"
                )
            pool.append(child)
        return Credits(
            _positive(_required(obj, "min", path), f"{path}.min"), unit, tuple(pool), path, label
        )

    def _children(
        self, obj: Mapping[str, Any], path: str, stack: tuple[str, ...]
    ) -> tuple[Node, ...]:
        raw = _required(obj, "children", path)
        if not isinstance(raw, list) or not raw:
            raise DefinitionError(f"{path}.children", "must be a non-empty list")
        return tuple(
            self.node(child, f"{path}.children[{i}]", stack) for i, child in enumerate(raw)
        )


def _matcher(obj: Mapping[str, Any], path: str) -> Matcher:
    present = sorted(k for k in _MATCHER_KEYS if k in obj)
    if present == ["achievement_id"]:
        return ByAchievementId(_text(obj["achievement_id"], f"{path}.achievement_id"))
    if present == ["achievement_name", "issuer_id"]:
        return ByIssuerName(
            _text(obj["issuer_id"], f"{path}.issuer_id"),
            _text(obj["achievement_name"], f"{path}.achievement_name"),
        )
    if present == ["achievement_name", "issuer_recognised_as"]:
        return ByRecognisedIssuer(
            _text(obj["issuer_recognised_as"], f"{path}.issuer_recognised_as"),
            _text(obj["achievement_name"], f"{path}.achievement_name"),
        )
    if present == ["alignment"]:
        return _alignment(obj["alignment"], f"{path}.alignment")
    if present == ["tag"]:
        return ByTag(_text(obj["tag"], f"{path}.tag"))
    for issuer in ("issuer_id", "issuer_recognised_as"):
        if present == [issuer]:
            raise DefinitionError(f"{path}.achievement_name", f"missing ({issuer} needs it)")
    if present == ["achievement_name"]:
        raise DefinitionError(
            f"{path}.issuer_id",
            "missing (achievement_name needs issuer_id or issuer_recognised_as)",
        )
    if not present:
        raise DefinitionError(
            path,
            "missing what to match: achievement_id, issuer_id + achievement_name, "
            "issuer_recognised_as + achievement_name, alignment or tag",
        )
    raise DefinitionError(path, f"match by one thing only, not {' + '.join(present)}")


def _alignment(data: Any, path: str) -> ByAlignment:
    obj = _object(data, path)
    _no_unknown(obj, {"url", "framework", "code"}, path)
    if "url" in obj:
        if "code" in obj:
            raise DefinitionError(path, "give either url or framework + code, not both")
        return ByAlignment(url=_text(obj["url"], f"{path}.url"))
    return ByAlignment(
        framework=_text(_required(obj, "framework", path), f"{path}.framework"),
        code=_text(_required(obj, "code", path), f"{path}.code"),
    )


def _equivalences(data: Any, path: str) -> tuple[Equivalence, ...]:
    if not isinstance(data, list):
        raise DefinitionError(path, "must be a list")
    found = []
    for i, item in enumerate(data):
        here = f"{path}[{i}]"
        obj = _object(item, here)
        _no_unknown(obj, {"achievement", "counts_as", "note"}, here)
        pair = []
        for side in ("achievement", "counts_as"):
            inner = _object(_required(obj, side, here), f"{here}.{side}")
            _no_unknown(inner, _MATCHER_KEYS, f"{here}.{side}")
            pair.append(_matcher(inner, f"{here}.{side}"))
        found.append(
            Equivalence(pair[0], pair[1], _text(obj.get("note", ""), f"{here}.note", empty_ok=True))
        )
    return tuple(found)


def _recency(data: Any, path: str) -> Recency:
    obj = _object(data, path)
    _no_unknown(obj, {"months", "anchor"}, path)
    months = _count(_required(obj, "months", path), f"{path}.months")
    anchor = _enum(RecencyAnchor, obj.get("anchor", "completion"), f"{path}.anchor")
    return Recency(months, anchor)


# -- small checkers ----------------------------------------------------------------------------


def _member(path: str, key: str) -> str:
    """``$.groups.core``, or ``$.groups['odd name']`` when the key is not a plain word."""
    if key.isidentifier():
        return f"{path}.{key}"
    return f"{path}[{json.dumps(key, ensure_ascii=False)}]"


def _object(data: Any, path: str) -> Mapping[str, Any]:
    if not isinstance(data, dict):
        raise DefinitionError(path, f"must be an object, not {_json_type(data)}")
    return data


def _required(obj: Mapping[str, Any], key: str, path: str) -> Any:
    if key not in obj:
        raise DefinitionError(f"{path}.{key}", "missing")
    return obj[key]


def _no_unknown(obj: Mapping[str, Any], allowed: set[str], path: str) -> None:
    for key in sorted(set(obj) - allowed):
        raise DefinitionError(f"{path}.{key}", "unknown field (a typo?)")


def _text(data: Any, path: str, *, empty_ok: bool = False) -> str:
    if not isinstance(data, str):
        raise DefinitionError(path, f"must be a string, not {_json_type(data)}")
    if not empty_ok and not data.strip():
        raise DefinitionError(path, "must not be empty")
    return data


def _identifier(data: Any, path: str) -> str:
    text = _text(data, path)
    if len(text) > 100 or not all(c.isalnum() or c in "._:-" for c in text) or not text.isascii():
        raise DefinitionError(path, "use letters, digits and . _ : - only (at most 100)")
    return text


def _bool(data: Any, path: str) -> bool:
    if not isinstance(data, bool):
        raise DefinitionError(path, f"must be true or false, not {_json_type(data)}")
    return data


def _count(data: Any, path: str) -> int:
    if isinstance(data, bool) or not isinstance(data, int):
        raise DefinitionError(path, f"must be a whole number, not {_json_type(data)}")
    if data < 1:
        raise DefinitionError(path, f"must be at least 1, not {data}")
    return data


def _positive(data: Any, path: str) -> float:
    if isinstance(data, bool) or not isinstance(data, int | float):
        raise DefinitionError(path, f"must be a number, not {_json_type(data)}")
    if not math.isfinite(data) or data <= 0:
        raise DefinitionError(path, f"must be greater than 0, not {data}")
    return float(data)


def _enum(kind: type[_E], data: Any, path: str) -> _E:
    choices = [member.value for member in kind]
    if not isinstance(data, str) or data not in choices:
        raise DefinitionError(path, f"must be one of {', '.join(choices)}, not {data!r}")
    return kind(data)


def _json_type(data: Any) -> str:
    if data is None:
        return "null"
    if isinstance(data, bool):
        return "a boolean"
    if isinstance(data, int | float):
        return "a number"
    if isinstance(data, str):
        return "a string"
    if isinstance(data, list):
        return "a list"
    return "an object"
