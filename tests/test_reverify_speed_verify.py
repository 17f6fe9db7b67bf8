"""Shortcuts in the verification of each credential (issue 12) that skip repeated work must
never let through what the full work refuses, nor read a document differently.

* A proof's options are not preflighted again when the whole document (proofs included)
  passed preflight: whatever passes for the document must pass for the options made of it,
  at every limit (depth, size, containers, strings, numbers).
* The N-Quads reader builds each node's properties as it reads the lines: the graph must be
  the one the line reader's statements give (``graph_of_lines``), statement order included.
* The parser's credential and signed reading are built field by field in order
  (``frozen.fast_maker``): every field must land where the constructor would put it.
"""

from __future__ import annotations

import copy
import json
from datetime import UTC, datetime
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from portfolio_app.formats import parse
from portfolio_app.ingest.extract import Extracted
from portfolio_app.model import Container, Credential, CredentialFormat
from portfolio_app.verify import canon, dataintegrity, signed_graph
from portfolio_app.verify.canon import MAX_DEPTH, CanonicalizationError, preflight
from portfolio_app.verify.contexts import reading_loader
from portfolio_app.verify.dataintegrity import proof_list, proof_options, verify_proofs
from portfolio_app.verify.documents import MemorySource
from tests.verify_di_support import Issuer, graph_of_lines, ob3_credential

# -- proof options within the document's limits ---------------------------------------------

_SCALARS = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=8)
    | st.sampled_from(["\x00", "\x1f", "\x7f", "\ud800", "é", "✓", "\t\n"])
)
_VALUES = st.recursive(
    _SCALARS,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner),
    max_leaves=12,
)


def _nested(depth: int) -> Any:
    value: Any = "deep"
    for _ in range(depth):
        value = {"n": value}
    return value


@st.composite
def _documents(draw: st.DrawFn) -> dict[str, Any]:
    """Credentials of any content whose proof (or proof set) has a string ``proofValue``, as
    every proof that reaches the signature check has (``_proof_fields``)."""
    proofs = []
    for _ in range(draw(st.integers(1, 2))):
        proof = draw(st.dictionaries(st.text(max_size=6), _VALUES, max_size=4))
        proof["proofValue"] = draw(st.text(max_size=10))
        if draw(st.booleans()):
            proof["deep"] = _nested(draw(st.integers(0, MAX_DEPTH + 2)))
        proofs.append(proof)
    doc: dict[str, Any] = draw(st.dictionaries(st.text(max_size=6), _VALUES, max_size=4))
    if draw(st.booleans()):
        doc["@context"] = draw(_VALUES)
    doc["proof"] = proofs[0] if len(proofs) == 1 and draw(st.booleans()) else proofs
    return doc


def _passes(value: Any, max_bytes: int) -> bool:
    try:
        preflight(value, max_bytes=max_bytes)
    except CanonicalizationError:
        return False
    return True


@settings(max_examples=600, deadline=None)
@given(_documents(), st.integers(20, 400))
def test_options_pass_preflight_whenever_their_document_does(
    doc: dict[str, Any], max_bytes: int
) -> None:
    if not _passes(doc, max_bytes):
        return
    unsecured = dataintegrity.unsecured_document(doc)
    for proof in proof_list(doc):
        assert _passes(proof_options(proof, unsecured), max_bytes)


def test_options_at_the_depth_limit_and_beyond_follow_their_document() -> None:
    for depth in (MAX_DEPTH - 3, MAX_DEPTH - 2, MAX_DEPTH - 1, MAX_DEPTH):
        doc = {"@context": ["x"], "proof": {"proofValue": "z", "deep": _nested(depth)}}
        options = proof_options(doc["proof"], dataintegrity.unsecured_document(doc))
        if _passes(doc, canon.MAX_DOCUMENT_BYTES):
            assert _passes(options, canon.MAX_DOCUMENT_BYTES)
        else:  # the document is refused before any proof is looked at
            assert "nested" in _refusal(doc)


def test_options_at_the_size_limit_follow_their_document() -> None:
    for size in range(60, 120):
        doc = {"proof": {"proofValue": "z", "bulk": "x" * size}}
        if _passes(doc, 100):
            assert _passes(proof_options(doc["proof"], {}), 100)


def _refusal(doc: dict[str, Any]) -> str:
    with pytest.raises(CanonicalizationError) as refused:
        preflight(doc)
    return refused.value.reason


def test_a_document_too_deep_in_its_proof_is_refused_before_its_options_are_read(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    issuer = Issuer(71)
    doc = issuer.sign(ob3_credential(issuer.did))
    doc["proof"]["deep"] = _nested(MAX_DEPTH + 1)
    canonicalized: list[Any] = []
    real = dataintegrity.canonical_options
    monkeypatch.setattr(
        dataintegrity,
        "canonical_options",
        lambda *a, **k: canonicalized.append(a) or real(*a, **k),
    )
    result = verify_proofs(doc, docs=MemorySource({}))
    assert result.outcome == "malformed"
    assert "nested more than" in result.detail
    assert canonicalized == []


def test_a_verified_document_still_checks_its_options_signature() -> None:
    """The options are still canonicalized and hashed: changing one after signing fails."""
    issuer = Issuer(72)
    doc = issuer.sign(ob3_credential(issuer.did))
    assert verify_proofs(doc, docs=MemorySource({})).outcome == "passed"
    changed = copy.deepcopy(doc)
    changed["proof"]["created"] = "2026-01-15T09:30:01Z"
    assert verify_proofs(changed, docs=MemorySource({})).outcome == "failed"
    assert json.dumps(doc) != json.dumps(changed)


# -- N-Quads read straight into nodes -------------------------------------------------------

_SUBJECTS = st.sampled_from(["<urn:a>", "<urn:b>", "_:c14n0", "_:c14n1"])
_PREDICATES = st.sampled_from(["<urn:p>", "<urn:q>", "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"])
_OBJECTS = st.one_of(
    _SUBJECTS,
    st.sampled_from(['"x"', '"x"@en', '"x"@EN-GB', '"a\\"b"', '"\\u00e9t\\n"', '"1"^^<urn:int>']),
    st.text(st.sampled_from('ab "\\@^<>-'), max_size=6).map(lambda t: f'"{t}"'),
)
_GRAPHS = st.sampled_from(["", " _:c14n0", " <urn:g>"])


@settings(max_examples=400, deadline=None)
@given(st.lists(st.tuples(_SUBJECTS, _PREDICATES, _OBJECTS, _GRAPHS), min_size=1, max_size=12))
def test_nquads_read_into_the_graph_the_line_reader_gives(
    statements: list[tuple[str, str, str, str]],
) -> None:
    nquads = "".join(f"{s} {p} {o}{g} .\n" for s, p, o, g in statements)
    try:
        want: Any = graph_of_lines(nquads)
    except (signed_graph._BadQuad, ValueError):
        want = "refused"
    try:
        got: Any = signed_graph.parse_nquads(nquads)
    except signed_graph.SignedGraphError:
        got = "refused"
    if want == "refused" or got == "refused":
        assert got == want
        return

    def shape(graph: signed_graph.Graph) -> list[Any]:
        return [
            (n.term, n.graph, [(p, list(v)) for p, v in n.properties.items()])
            for n in graph.nodes()
        ]

    assert shape(got) == shape(want)
    for node in got.nodes():
        for objects in node.properties.values():
            assert all(type(o) is signed_graph.Term for o in objects)
    assert [n.types() for n in got.nodes()] == [n.types() for n in want.nodes()]


# -- frozen dataclasses built field by field in order ---------------------------------------


def test_the_parsed_credential_has_every_field_where_the_constructor_put_it() -> None:
    """``_parse_signed`` and ``_read`` build their frozen results positionally (fast_maker):
    a credential with a distinct value in every field reads each one into its own field."""
    issuer = Issuer(73)
    doc = ob3_credential(
        issuer.did,
        validUntil="2030-06-01T00:00:00Z",
        description="The credential's own description.",
        evidence=[{"id": "https://college.example/evidence/1"}],
    )
    achievement = doc["credentialSubject"]["achievement"]
    achievement["tag"] = ["charts", "tables"]
    achievement["creditsAvailable"] = 5
    achievement["alignment"] = [
        {"type": ["Alignment"], "targetName": "Maths", "targetUrl": "https://x.example/m"}
    ]
    text = json.dumps(issuer.sign(doc))
    parsed = parse(Extracted(Container.JSON, text, "json"))
    assert type(parsed) is Credential
    assert vars(parsed) == vars(Credential(**vars(parsed)))  # as the constructor makes it
    assert (parsed.format, parsed.container) == (CredentialFormat.OB3, Container.JSON)
    assert parsed.title == "Data Literacy"
    assert parsed.issuer_name == "Example College"
    assert parsed.payload == text
    assert parsed.credential_id == "urn:uuid:7a4e6b8e-2f0c-4c1e-9c55-0d2a4f1b7e01"
    assert parsed.description == "Reads and questions charts and tables."
    assert parsed.achievement_id == "https://college.example/achievements/data-literacy"
    assert parsed.issuer_id == issuer.did
    assert parsed.recipient == "did:example:learner-42"
    assert parsed.issued == parsed.valid_from == datetime(2026, 1, 1, tzinfo=UTC)
    assert parsed.valid_until == datetime(2030, 6, 1, tzinfo=UTC)
    assert [a.name for a in parsed.alignments] == ["Maths"]
    assert [(c.value, c.unit) for c in parsed.credits] == [(5.0, "credits")]
    assert parsed.evidence == ("https://college.example/evidence/1",)
    assert parsed.tags == ("charts", "tables")
    assert (parsed.verification_url, parsed.self_reported) == (None, False)
    assert parsed.extra["signed_digest"] and parsed.extra["shown_from"] == "signed graph"
    reading = signed_graph.reading_of(
        signed_graph.canonical_nquads(signed_graph.unsecured(json.loads(text)), reading_loader())
    )
    assert type(reading) is signed_graph.SignedCredential
    assert vars(reading) == vars(signed_graph.SignedCredential(**vars(reading)))
    assert reading.digest == parsed.extra["signed_digest"]
    assert (reading.name, reading.subject_id) == ("Data Literacy", "did:example:learner-42")
    assert reading.ends == (("validUntil", "2030-06-01T00:00:00Z"),)
    assert (reading.achievement_count, reading.subject_count, reading.nested_ids) == (1, 1, ())
    assert reading.status_entries == () and reading.identity_hash is None
