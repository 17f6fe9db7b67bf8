"""canon.preflight judges plain JSON in bulk: it must accept and refuse exactly what the
one-value-at-a-time walk does, with the same reason.

The bulk test (``_plainly_acceptable``) only ever says "certainly fine" or "ask the exact
walk", so every refusal still comes from the exact walk; what can go wrong is the bulk test
accepting something the walk refuses.  Generated documents mix every character class the
rules care about (C0 controls, DEL, lone surrogates, non-ASCII), non-finite numbers, odd
types and keys, deep nesting, and sizes around the limit.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from portfolio_app.verify import canon
from portfolio_app.verify.canon import CanonicalizationError

_CHARS = st.sampled_from(["a", "é", "✓", "𝄞", "\t", "\n", "\r", "\x00", "\x1f", "\x7f", "\ud800"])
_TEXT = st.lists(_CHARS, max_size=6).map("".join)
_SCALARS = (
    _TEXT
    | st.integers(-(10**20), 10**20)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.booleans()
    | st.none()
    | st.sampled_from([(1, 2), b"bytes", {1, 2}])
)
_KEYS = _TEXT | st.sampled_from([1, None, ("t",)])
_VALUES = st.recursive(
    _SCALARS,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(_KEYS, children, max_size=4),
    max_leaves=12,
)


def verdict(fn: Any, doc: Any, max_bytes: int) -> str | None:
    try:
        fn(doc, max_bytes=max_bytes) if fn is canon.preflight else fn(doc, max_bytes)
    except CanonicalizationError as exc:
        return exc.reason
    return None


def assert_same(doc: Any, max_bytes: int = canon.MAX_DOCUMENT_BYTES) -> str | None:
    expected = verdict(canon._preflight_exactly, doc, max_bytes)
    assert verdict(canon.preflight, doc, max_bytes) == expected
    return expected


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(st.dictionaries(_KEYS, _VALUES, max_size=5), st.sampled_from([40, 200, 10**6]))
def test_generated_documents_get_the_exact_walks_answer(doc: dict[Any, Any], limit: int) -> None:
    assert_same(doc, limit)


def test_each_rule_still_refuses_through_the_bulk_test() -> None:
    reasons = [
        assert_same({"name": "a\x00b"}),
        assert_same({"na\x7fme": "x"}),
        assert_same({"name": "\ud800"}),
        assert_same({"n": math.inf}),
        assert_same({"n": [1, {2}]}),
        assert_same({1: "x"}),
        assert_same({"a": "x" * 100}, 90),
        assert_same({"é" * 30: "x"}, 40),  # keys count characters: 30 + 4 + 1 + 3 = 38, fine
        assert_same({"a": [[[[{}]]]]}, 10**6),
    ]
    assert [r is None for r in reasons] == [False] * 7 + [True, True]
    deep: dict[str, Any] = {}
    for _ in range(canon.MAX_DEPTH):
        deep = {"a": deep}
    assert "nested more than" in str(assert_same(deep))
    wide = {"a": [{} for _ in range(canon.MAX_OBJECTS)]}
    assert "JSON objects and arrays" in str(assert_same(wide))


def test_sizes_at_the_limit_agree() -> None:
    """The size estimate adds up the same in bulk: at the limit accepted, one past refused."""
    for text in ("x" * 50, "é" * 25, "𝄞" * 12 + "xx"):
        doc = {"k": text, "n": [1, 2.5, None, True]}
        exact = 0
        for limit in range(40, 120):
            if assert_same(doc, limit) is None:
                exact = limit
                break
        assert exact
        assert assert_same(doc, exact - 1) is not None


def test_real_credentials_take_the_bulk_path(public_fixtures: Path) -> None:
    """Every public JSON fixture is plain JSON: judged in bulk, and accepted."""
    count = 0
    for path in sorted(public_fixtures.glob("*.json")):
        doc = json.loads(path.read_text(encoding="utf-8"))
        if isinstance(doc, dict):
            assert canon._plainly_acceptable(doc, canon.MAX_DOCUMENT_BYTES), path.name
            assert assert_same(doc) is None
            count += 1
    assert count >= 8
