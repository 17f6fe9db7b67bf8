"""The shape-template fast path serves recurring shapes, with pyld's bytes (issue 12, issue 8 §5).

Why: most mistakes in ``fastcanon_template`` do not give a wrong answer, they make a template
fail its own replay check, so every document silently falls back to pyld: the same bytes, five
times the cost, and a wallet of 10,000 credentials that opens slowly.  The template cache counts
``hits`` and ``misses``; these tests pin *when* a document must be a hit (the app's setting: a
shape is learned the second time it is seen and served from the template from the third) and
that the bytes are always pyld's.  Documents are the public fixtures and credentials built or
signed in the test.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
from test_verify_fastcanon import _count_pyld_runs, documents_of, public_jsonld
from verify_di_support import EXAMPLES_V2, Issuer, ob3_credential

from portfolio_app.verify import canon, fastcanon, fastcanon_template
from portfolio_app.verify.canon import CanonicalizationError
from portfolio_app.verify.contexts import ContextLoader
from portfolio_app.verify.dataintegrity import verify_proofs
from portfolio_app.verify.documents import EmptySource
from portfolio_app.verify.fastcanon_template import cache_for

LEARNS_AT = fastcanon_template.LEARN_AT_SIGHTING  # the app's setting, read before any test


@pytest.fixture(autouse=True)
def app_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    """Other test files learn at first sight; these use what the app uses."""
    monkeypatch.setattr(fastcanon_template, "LEARN_AT_SIGHTING", LEARNS_AT)


def _pyld(doc: Any, loader: ContextLoader) -> str:
    return canon.canonicalize(copy.deepcopy(doc), loader)


def _hit(doc: Any, loader: ContextLoader) -> bool:
    """Canonicalize ``doc`` on the fast path; True when the template answered."""
    cache = cache_for(loader)
    before = cache.hits
    assert fastcanon.canonicalize(copy.deepcopy(doc), loader) == _pyld(doc, loader)
    return cache.hits == before + 1


def _readable(doc: dict[str, Any], loader: ContextLoader) -> bool:
    try:
        _pyld(doc, loader)
    except CanonicalizationError:
        return False
    return True


def test_every_readable_public_fixture_is_served_from_a_template_when_it_recurs(
    public_fixtures: Path,
) -> None:
    assert LEARNS_AT == 2
    loader = ContextLoader()
    parts = [
        (name, part)
        for name, doc in public_jsonld(public_fixtures)
        for part in documents_of(doc)
        if _readable(part, loader)
    ]
    assert len(parts) >= 17
    for name, part in parts:
        _hit(part, loader)  # first sight (or a proof configuration shared with another file)
        _hit(part, loader)  # recurs: learned
        assert _hit(part, loader), name


def test_a_signed_credential_s_parts_are_templated_and_still_verify() -> None:
    issuer = Issuer(94)
    signer = ContextLoader()  # signing canonicalizes too: keep it out of the checked cache
    signed = []
    for i in range(4):
        doc = ob3_credential(issuer.did, id=f"urn:uuid:00000000-0000-4000-8000-{i:012d}")
        doc["name"] = f"Badge {i}"
        signed.append(issuer.sign(doc, loader=signer))
    loader = ContextLoader()
    hits = [tuple(_hit(part, loader) for part in documents_of(doc)) for doc in signed]
    # Badge 0 is the first sight; badge 1 is learned; 2 and 3 come from the template.
    assert hits == [(False, False), (False, False), (True, True), (True, True)]
    for doc in signed:
        assert verify_proofs(doc, docs=EmptySource(), loader=loader).outcome == "passed"
        tampered = copy.deepcopy(doc)
        tampered["name"] = "Badge 9"
        assert verify_proofs(tampered, docs=EmptySource(), loader=loader).outcome == "failed"


def _numbers_doc(values: dict[str, Any]) -> dict[str, Any]:
    """An OB 3.0 credential with a JSON null, a float, an int and a boolean among its values
    (terms of the W3C examples context's ``@vocab``), and string ids and names."""
    doc = ob3_credential("did:example:issuer")
    doc["@context"] = [*doc["@context"], EXAMPLES_V2]
    doc["id"] = values["id"]
    doc["name"] = values["name"]
    doc["credentialSubject"]["achievement"]["creditsAvailable"] = values["credits"]
    doc["exampleFloat"] = values["float"]
    doc["exampleInt"] = values["int"]
    doc["exampleFlag"] = values["flag"]
    doc["exampleNothing"] = None
    return doc


BASE = {
    "id": "urn:uuid:00000000-0000-4000-8000-00000000000a",
    "name": "First",
    "credits": 2.5,
    "float": 0.25,
    "int": 7,
    "flag": True,
}


def test_null_float_int_and_boolean_values_are_part_of_a_templated_shape() -> None:
    loader = ContextLoader()
    assert not _hit(_numbers_doc(BASE), loader)
    assert not _hit(_numbers_doc(BASE), loader)
    assert _hit(_numbers_doc(BASE), loader)
    other = {**BASE, "id": "urn:uuid:00000000-0000-4000-8000-00000000000b", "name": "Other"}
    assert _hit(_numbers_doc(other), loader)  # only strings differ: the same template


@pytest.mark.parametrize(
    ("field", "value"), [("credits", 3.5), ("float", 1e-7), ("int", 8), ("flag", False)]
)
def test_a_different_number_or_boolean_is_another_shape(field: str, value: Any) -> None:
    """Numbers and booleans are not leaves (pyld may write them differently): a new value is a
    new shape, learned like any other, and never answered from the old template."""
    loader = ContextLoader()
    for _ in range(3):
        _hit(_numbers_doc(BASE), loader)
    changed = _numbers_doc({**BASE, field: value})
    assert [_hit(changed, loader) for _ in range(3)] == [False, False, True]


def _named_everywhere(i: int) -> dict[str, Any]:
    """A credential in which every node has an id: its N-Quads hold no blank node at all."""
    return {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "id": f"urn:uuid:00000000-0000-4000-8000-{i:012d}",
        "type": ["VerifiableCredential"],
        "issuer": f"did:example:issuer-{i}",
        "validFrom": "2026-01-01T00:00:00Z",
        "credentialSubject": {"id": f"did:example:learner-{i}"},
    }


def test_a_shape_without_blank_nodes_is_served_from_its_template() -> None:
    loader = ContextLoader()
    assert "_:" not in _pyld(_named_everywhere(0), loader)
    assert [_hit(_named_everywhere(i), loader) for i in range(4)] == [False, False, True, True]


def _anonymous_chain(values: tuple[str, str, str]) -> dict[str, Any]:
    """Subject → achievement → criteria, none with an id: blank nodes that point at blank
    nodes, so the canonical labels depend on the hashes of their neighbours."""
    subject, achievement, narrative = values
    doc = ob3_credential("did:example:issuer")
    doc["credentialSubject"] = {
        "type": ["AchievementSubject"],
        "name": subject,
        "achievement": {
            "type": ["Achievement"],
            "name": achievement,
            "criteria": {"narrative": narrative},
        },
    }
    return doc


def test_blank_nodes_that_point_at_blank_nodes_get_pyld_s_labels_from_the_template() -> None:
    loader = ContextLoader()
    seeds = [("A", "B", "C"), ("B", "C", "A")]
    for values in seeds:
        _hit(_anonymous_chain(values), loader)
    cases = [("Ann", "Maths", "Pass"), ("Zed", "Art", "Aa"), ("m", "z", "0"), ("", "~", " ")]
    assert all(_hit(_anonymous_chain(values), loader) for values in cases)


def test_a_language_tagged_value_in_a_recurring_shape_is_templated() -> None:
    """A term whose context gives it a language: each value is a language-tagged literal."""
    loader = ContextLoader()

    def doc(text: str) -> dict[str, Any]:
        built = ob3_credential("did:example:issuer")
        term = {"@id": "https://example.org/note", "@language": "de"}
        built["@context"] = [*built["@context"], {"note": term}]
        built["note"] = text
        return built

    texts = ("Hallo", "Tschüs", "Guten Tag", 'mit "Anführung"')
    assert [_hit(doc(t), loader) for t in texts] == [False, False, True, True]
    assert '"Guten Tag"@de' in _pyld(doc("Guten Tag"), loader)


def _literal_keywords(node_id: str, kind: str) -> dict[str, Any]:
    """A credential written with the keywords themselves (``@id``, ``@type``), not aliases."""
    doc = ob3_credential("did:example:issuer")
    doc.pop("id")
    doc.pop("type")
    doc["@id"] = node_id
    doc["@type"] = ["VerifiableCredential", kind]
    return doc


def test_literal_keyword_keys_give_an_id_leaf_and_a_type_in_the_shape() -> None:
    """``@id`` values are leaves like ``id`` values; ``@type`` values decide the shape."""
    loader = ContextLoader()
    ids = [f"urn:uuid:00000000-0000-4000-8000-{i:012d}" for i in range(4)]
    kind = "OpenBadgeCredential"
    assert [_hit(_literal_keywords(i, kind), loader) for i in ids] == [False, False, True, True]
    other = [_hit(_literal_keywords(i, "AchievementCredential"), loader) for i in ids[:3]]
    assert other == [False, False, True]


def test_the_cache_counts_what_it_served() -> None:
    """``hits``/``misses`` are the figures the benchmarks and these tests read."""
    loader = ContextLoader()
    cache = cache_for(loader)
    assert (cache.hits, cache.misses) == (0, 0)
    for i in range(4):
        fastcanon.canonicalize(_named_everywhere(i), loader)
    assert (cache.hits, cache.misses) == (2, 2)


def test_a_miss_for_another_reason_costs_one_pyld_run_and_learns_nothing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A document of a learned shape whose values collide (the learner's id is the issuer's:
    pyld merges the nodes) is answered by pyld once; its shape is not learned again, and the
    next ordinary document is still a template hit."""
    loader = ContextLoader()
    base = ob3_credential("did:example:issuer")
    for _ in range(3):
        _hit(base, loader)
    colliding = copy.deepcopy(base)
    colliding["credentialSubject"]["id"] = "did:example:issuer"
    expected = _pyld(colliding, loader)
    runs = _count_pyld_runs(monkeypatch)
    for _ in range(3):
        assert fastcanon.canonicalize(copy.deepcopy(colliding), loader) == expected
    assert runs[0] == 3  # one per document: no learning run on top
    assert _hit(base, loader)


def test_a_template_hit_needs_no_pyld_step_when_blank_nodes_are_told_apart(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The template's own serialization and labelling answer ordinary credentials: neither
    pyld's JSON-LD step nor its URDNA2015 runs for them (issue 12's warm figures)."""
    loader = ContextLoader()
    docs = [_named_everywhere(0), ob3_credential("did:example:issuer")]
    for doc in docs:
        for _ in range(2):
            _hit(doc, loader)
    expected = [_pyld(doc, loader) for doc in docs]
    labelled = [0]
    real = fastcanon_template.canonicalize_dataset

    def counting(dataset: Any) -> str:
        labelled[0] += 1
        return real(dataset)

    monkeypatch.setattr(fastcanon_template, "canonicalize_dataset", counting)
    runs = _count_pyld_runs(monkeypatch)
    cache = cache_for(loader)
    before = cache.hits
    assert [fastcanon.canonicalize(copy.deepcopy(doc), loader) for doc in docs] == expected
    assert (cache.hits - before, runs[0], labelled[0]) == (2, 0, 0)


def test_shapes_whose_keys_run_together_are_told_apart() -> None:
    """``{"exampleA": 1, "exampleB": …}`` and ``{"exampleA1exampleB": …}`` have the same keys
    and values written end to end: the shape key must separate them, or one document would
    be answered with the other's graph."""
    loader = ContextLoader()

    def doc(extra: dict[str, Any]) -> dict[str, Any]:
        built = ob3_credential("did:example:issuer")
        built["@context"] = [*built["@context"], EXAMPLES_V2]
        built.update(extra)
        return built

    split = doc({"exampleA": 1, "exampleB": "text"})
    joined = doc({"exampleA1exampleB": "text"})
    for _ in range(3):
        _hit(split, loader)
    assert _hit(split, loader)
    assert not _hit(joined, loader)  # _hit also compares the bytes with pyld's


def test_a_shape_whose_documents_always_collide_is_tried_three_times_then_left_to_pyld(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Every document names the learner with the issuer's id (pyld merges the two nodes), so
    no template can reproduce its own learning document.  Learning is attempted three times
    (``MAX_LEARN_ATTEMPTS``, one extra pyld run each), never again after that."""
    loader = ContextLoader()
    docs = []
    for i in range(10):
        doc = ob3_credential("did:example:issuer", id=f"urn:uuid:00000000-0000-4000-8000-{i:012d}")
        doc["credentialSubject"]["id"] = "did:example:issuer"
        docs.append(doc)
    expected = [_pyld(doc, loader) for doc in docs]
    runs = _count_pyld_runs(monkeypatch)
    assert [fastcanon.canonicalize(copy.deepcopy(doc), loader) for doc in docs] == expected
    assert runs[0] == len(docs) + fastcanon_template.MAX_LEARN_ATTEMPTS
    assert cache_for(loader).hits == 0


def _clr_with_twins(name: str) -> dict[str, Any]:
    """A CLR (nested credentials are named graphs) whose nested credential has two identical
    alignments (equal first-degree hashes: pyld's full labelling) and a German note."""
    inner = ob3_credential("did:example:inner-issuer")  # a repeated node id is never templated
    inner["credentialSubject"]["id"] = "did:example:learner-43"
    del inner["@context"]  # the CLR's (a nested @context is never templated)
    inner["note"] = name
    inner["credentialSubject"]["achievement"]["alignment"] = [
        {"type": ["Alignment"], "targetName": "Same", "targetUrl": "https://f.example/same"}
        for _ in range(2)
    ]
    return {
        "@context": [
            "https://www.w3.org/ns/credentials/v2",
            "https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json",
            "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
            {"note": {"@id": "https://example.org/note", "@language": "de"}},
        ],
        "id": "urn:uuid:6b1f0c2e-0000-4000-8000-000000000001",
        "type": ["VerifiableCredential", "ClrCredential"],
        "issuer": {"id": "did:example:issuer", "type": ["Profile"], "name": "College"},
        "validFrom": "2026-02-01T00:00:00Z",
        "name": name,
        "credentialSubject": {
            "id": "did:example:learner-42",
            "type": ["ClrSubject"],
            "verifiableCredential": [inner],
        },
    }


def test_a_clr_with_look_alike_parts_is_templated_with_pyld_s_labels() -> None:
    loader = ContextLoader()
    names = ["Zeugnis", "Abschluss", "Kurs", "Prüfung"]
    assert [_hit(_clr_with_twins(name), loader) for name in names] == [False, False, True, True]


def test_text_under_an_xsd_double_term_gets_pyld_s_number_format() -> None:
    """pyld rewrites a string typed ``xsd:double`` ("1.50" → "1.5E0"), so such a value can
    never be copied into a template verbatim: every document gets pyld's bytes."""
    loader = ContextLoader()
    term = {"@id": "https://example.org/score", "@type": "http://www.w3.org/2001/XMLSchema#double"}

    def doc(score: str) -> dict[str, Any]:
        built = ob3_credential("did:example:issuer")
        built["@context"] = [*built["@context"], {"score": term}]
        built["score"] = score
        return built

    for score in ("2.0", "2.0", "2.0", "1.50", "3", "0.125", "1.50"):
        _hit(doc(score), loader)  # compares the bytes with pyld's
    assert '"1.5E0"^^<http://www.w3.org/2001/XMLSchema#double>' in _pyld(doc("1.50"), loader)
