"""The speed-ups of ``reverify`` (issue 12) read exactly as the slow paths did, and what they
remember is keyed by exact bytes: a changed option, key, date or line is never read with
another's value, and every signature is still checked every time.

The hostile inputs are made here (keys made in the test, options edited after signing).
"""

from __future__ import annotations

import copy
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import base58
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from portfolio_app.datetimes import DateError, read_datetime
from portfolio_app.services.portfolio import Portfolio
from portfolio_app.verify import dataintegrity, fastcanon, signed_graph
from portfolio_app.verify.contexts import ContextLoader
from portfolio_app.verify.dataintegrity import canonical_options, verify_proofs
from portfolio_app.verify.didkey import (
    KeyResolutionError,
    did_key_from_ed25519,
    public_key_from_did_key,
)
from portfolio_app.verify.documents import MemorySource
from portfolio_app.verify.multibase import MultibaseError, decode_base58btc
from tests.verify_di_support import Issuer, graph_of_lines, ob3_credential

# -- base58btc --------------------------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(st.binary(min_size=1, max_size=80))
def test_base58btc_decodes_every_value_as_the_library_does(data: bytes) -> None:
    text = "z" + base58.b58encode(data).decode("ascii")
    assert decode_base58btc(text) == bytes(base58.b58decode(text[1:])) == data


def test_base58btc_with_leading_zero_bytes_and_odd_text_reads_as_before() -> None:
    assert decode_base58btc("z111") == b"\0\0\0"
    assert decode_base58btc("z11" + base58.b58encode(b"\1\2").decode()) == b"\0\0\1\2"
    assert decode_base58btc("z2g ") == base58.b58decode(b"2g")  # the library's rstrip, kept
    for bad in ("z0abc", "zIl", "z2g!", "z\u00e9"):
        with pytest.raises(MultibaseError, match="not valid base58btc"):
            decode_base58btc(bad)


# -- did:key ----------------------------------------------------------------------------------


def test_a_did_key_is_decoded_by_its_exact_text() -> None:
    first, second = Issuer(41), Issuer(42)
    assert public_key_from_did_key(first.did) == ("Ed25519", first.public_key)
    assert public_key_from_did_key(first.did) == ("Ed25519", first.public_key)  # remembered
    assert public_key_from_did_key(second.did) == ("Ed25519", second.public_key)
    # The last character changed: the low bits of another key, never the remembered one.
    changed = first.did[:-1] + ("A" if first.did[-1] != "A" else "B")
    kind, key = public_key_from_did_key(changed)
    assert kind == "Ed25519" and key != first.public_key and key[:31] == first.public_key[:31]


def test_a_refused_did_key_is_refused_every_time() -> None:
    bad = did_key_from_ed25519(bytes(32))[:-4] + "0OIl"  # not base58 at all
    for _ in range(2):
        with pytest.raises(KeyResolutionError, match="not base58btc"):
            public_key_from_did_key(bad)


# -- proof options ----------------------------------------------------------------------------


def _options(doc: dict[str, Any]) -> dict[str, Any]:
    config = {k: v for k, v in doc["proof"].items() if k != "proofValue"}
    config["@context"] = doc["@context"]
    return config


def test_proof_options_read_as_the_canonicalizer_reads_them_and_a_change_misses() -> None:
    issuer = Issuer(43)
    loader = ContextLoader.bundled()
    config = _options(issuer.sign(ob3_credential(issuer.did)))
    want = fastcanon.canonicalize(copy.deepcopy(config), loader)
    assert canonical_options(config, loader) == want
    assert canonical_options(copy.deepcopy(config), loader) == want  # remembered, same text
    later = dict(config, created="2026-01-15T09:30:01Z")
    got = canonical_options(later, loader)
    assert got != want and got == fastcanon.canonicalize(later, loader)
    assert '"2026-01-15T09:30:01Z"' in got


def test_an_option_changed_after_signing_fails_although_the_first_was_remembered() -> None:
    issuer = Issuer(44)
    docs = MemorySource({})
    signed = issuer.sign(ob3_credential(issuer.did))
    assert verify_proofs(signed, docs=docs).outcome == "passed"  # its options now remembered
    edited = copy.deepcopy(signed)
    edited["proof"]["created"] = "2026-01-16T09:30:00Z"
    result = verify_proofs(edited, docs=docs)
    assert result.outcome == "failed"
    assert "does not match" in result.proofs[0].detail
    assert verify_proofs(signed, docs=docs).outcome == "passed"  # checked again, still good


def test_options_read_with_another_context_loader_are_canonicalized_afresh(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    issuer = Issuer(45)
    config = _options(issuer.sign(ob3_credential(issuer.did)))
    calls: list[ContextLoader] = []
    real = fastcanon.canonicalize

    def counted(doc: Any, loader: ContextLoader, **kw: Any) -> str:
        calls.append(loader)
        return real(doc, loader, **kw)

    monkeypatch.setattr(dataintegrity.fastcanon, "canonicalize", counted)
    first, second = ContextLoader.bundled().with_extra({}), ContextLoader.bundled().with_extra({})
    assert first is not second
    canonical_options(config, first)
    canonical_options(config, first)
    canonical_options(config, second)
    assert calls == [first, second]


# -- N-Quads ----------------------------------------------------------------------------------

_IRI = st.text(st.sampled_from("abc:/#.-_>< \"\\"), min_size=0, max_size=6)
_TOKEN = st.one_of(
    _IRI.map(lambda t: f"<{t}>"),
    st.text(st.sampled_from("abc01 >"), min_size=0, max_size=4).map(lambda t: f"_:{t}"),
    st.text(st.sampled_from('ab "\\@^<>-'), min_size=0, max_size=8).map(lambda t: f'"{t}"'),
    st.sampled_from(['"x"@en', '"x"@EN-gb', '"x"^^<http://t>', '"a\\"b"', '"x"@', '"x"^^<>']),
)


@settings(max_examples=600, deadline=None)
@given(st.lists(_TOKEN, min_size=2, max_size=5), st.sampled_from([" .", ".", " . ", ""]))
def test_an_nquad_line_reads_as_the_line_reader_reads_it(tokens: list[str], end: str) -> None:
    """The whole-line match and the piecewise reader agree on every line, good or bad."""
    line = " ".join(tokens) + end
    try:
        want: Any = [signed_graph._split_quad(line)]
    except (signed_graph._BadQuad, ValueError):
        want = "refused"
    try:
        graph = signed_graph.parse_nquads(line)
        got: Any = [
            (node.term, predicate, obj, node.graph)
            for node in graph.nodes()
            for predicate, objects in node.properties.items()
            for obj in objects
        ]
    except signed_graph.SignedGraphError:
        got = "refused"
    assert got == want


# -- dates ------------------------------------------------------------------------------------


def test_dates_read_by_exact_text_and_bad_ones_refused_every_time() -> None:
    assert read_datetime("2025-01-01T00:00:00Z") == datetime(2025, 1, 1, tzinfo=UTC)
    assert read_datetime(" 2025-01-01T01:00:00+01:00 ") == datetime(2025, 1, 1, tzinfo=UTC)
    assert read_datetime("2025-01-01T00:00:00Z") == datetime(2025, 1, 1, tzinfo=UTC)
    assert read_datetime("2025-01-02") == datetime(2025, 1, 2, tzinfo=UTC)
    for _ in range(2):
        with pytest.raises(DateError):
            read_datetime("2025-02-30T00:00:00Z")


# -- the wallet read ------------------------------------------------------------------------


def test_reverify_reads_the_wallet_as_the_listing_does(tmp_path: Path) -> None:
    issuer = Issuer(46)
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for index in range(3):
        doc = ob3_credential(issuer.did, id=f"urn:uuid:00000000-0000-4000-8000-{index:012d}")
        (inbox / f"c{index}.json").write_text(json.dumps(issuer.sign(doc)), "utf-8")
    with Portfolio(tmp_path / "profile") as portfolio:
        portfolio.import_paths(sorted(inbox.iterdir()))
        repo = portfolio.repo
        renditions = repo.all_renditions()
        want = [
            (s.id, s.sha256, s.credential, tuple(renditions.get(s.id, ())))
            for s in repo.list_credentials()
        ]
        assert repo.reverify_entries() == want
        assert len(want) == 3 and all(len(r) == 1 and r[0].shown for *_, r in want)


def test_a_credentials_nquads_read_as_the_line_reader_reads_them() -> None:
    issuer = Issuer(47)
    doc = ob3_credential(issuer.did, name="Say \"hi\"\\n", description="Été")
    nquads = signed_graph.canonical_nquads(signed_graph.unsecured(doc), ContextLoader.bundled())
    nquads += '_:b0 <https://e.example/p> "x"@EN-gb <https://e.example/g> .\n'
    want = graph_of_lines(nquads)
    got = signed_graph.parse_nquads(nquads)
    assert {(n.term, n.graph): n.properties for n in got.nodes()} == {
        (n.term, n.graph): n.properties for n in want.nodes()
    }
    assert len(list(got.nodes())) >= 5


# -- JSON nesting limits ------------------------------------------------------------------------


def test_json_nesting_limits_hold_on_both_sides_of_the_bracket_count_shortcut() -> None:
    from portfolio_app.errors import RejectedInput
    from portfolio_app.ingest.jsonsafe import MAX_DEPTH, safe_json_loads
    from portfolio_app.verify._common import MAX_JSON_DEPTH, ContentError, load_json

    assert safe_json_loads("[" * MAX_DEPTH + "]" * MAX_DEPTH) is not None
    with pytest.raises(RejectedInput, match="nested more than"):
        safe_json_loads("[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1))
    # Many brackets, all inside a string: shallow, so read (by the exact walk).
    assert safe_json_loads(json.dumps({"a": "[{" * 100})) == {"a": "[{" * 100}
    deep = "[" * (MAX_JSON_DEPTH - 1) + "1" + "]" * (MAX_JSON_DEPTH - 1)
    assert load_json(deep) is not None
    too_deep = "[" * MAX_JSON_DEPTH + "1" + "]" * MAX_JSON_DEPTH
    with pytest.raises(ContentError, match="nested more than"):
        load_json(too_deep)
    assert load_json(json.dumps({"a": "{" * 300})) == {"a": "{" * 300}
