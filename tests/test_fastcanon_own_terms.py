"""Documents whose ``@context`` ends with terms of their own share the templates of the
contexts before, when they use none of those terms, and still give pyld's answer exactly.

The common case is a proof configuration: it repeats the credential's ``@context`` (with the
issuer's own terms) but uses none of them.  Each comparison runs the reference path (checks,
then pyld) next to the fast path; shapes are learned at first sight here.
"""

from __future__ import annotations

import copy
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from verify_di_support import OB303, VC2, ob3_credential

from portfolio_app.verify import canon, fastcanon, fastcanon_template
from portfolio_app.verify.canon import CanonicalizationError
from portfolio_app.verify.contexts import ContextLoader
from portfolio_app.verify.fastcanon_template import cache_for


@pytest.fixture(autouse=True)
def learn_at_first_sight(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fastcanon_template, "LEARN_AT_SIGHTING", 1)


def outcome(fast: bool, doc: Any, loader: ContextLoader) -> tuple[str, str]:
    try:
        if fast:
            return ("ok", fastcanon.canonicalize(copy.deepcopy(doc), loader))
        return ("ok", canon.canonicalize(copy.deepcopy(doc), loader))
    except CanonicalizationError as exc:
        return ("refused", exc.reason)


def config(context: list[Any], purpose: str = "assertionMethod") -> dict[str, Any]:
    return {
        "@context": context,
        "type": "DataIntegrityProof",
        "cryptosuite": "eddsa-rdfc-2022",
        "created": "2026-01-01T00:00:00Z",
        "verificationMethod": "did:key:z6MkExample#z6MkExample",
        "proofPurpose": purpose,
    }


def hit_of(doc: dict[str, Any], loader: ContextLoader) -> bool:
    """Whether ``doc`` came from a template, after checking it equals pyld's answer."""
    cache = cache_for(loader)
    before = cache.hits
    expected = outcome(False, doc, loader)
    assert outcome(True, doc, loader) == expected
    return cache.hits == before + 1


def test_proof_configurations_with_other_own_terms_share_one_template() -> None:
    loader = ContextLoader()
    assert not hit_of(config([VC2, OB303]), loader)  # learned here
    for n in range(4):
        own = {f"note{n}": f"https://terms.example/note{n}"}
        own2 = {f"more{n}": {"@id": f"https://terms.example/more{n}", "@type": "@id"}}
        assert hit_of(config([VC2, OB303, own]), loader)
        assert hit_of(config([VC2, OB303, own, own2]), loader)


def test_a_document_that_uses_its_own_terms_is_not_shared() -> None:
    """A term used as a key, as a value read through ``@vocab`` or as a prefix changes the
    RDF, so such documents are never answered from the shared template."""
    loader = ContextLoader()
    plain = config([VC2, OB303])
    assert not hit_of(plain, loader)
    cases = [
        ({"assertionMethod": "https://terms.example/x"}, plain),  # proofPurpose is @vocab
        ({"did": "https://terms.example/did/"}, plain),  # prefix of the method's DID
        ({"note": "https://terms.example/note"}, {**plain, "created": "note"}),
        ({"DataIntegrityProof": "https://terms.example/T"}, plain),
    ]
    for own, base in cases:
        assert not hit_of({**base, "@context": [VC2, OB303, own]}, loader)


def test_own_terms_named_like_context_terms_or_refused_are_left_to_pyld() -> None:
    loader = ContextLoader()
    assert not hit_of(config([VC2, OB303]), loader)
    seen = set()
    for own in (
        {"name": "https://terms.example/name"},  # protected in VC 2.0: pyld refuses
        {"xsd": "https://terms.example/xsd#"},  # a prefix the contexts use
        {"note": {"@id": "https://terms.example/note", "@type": "not a type"}},
        {"note": "relative"},
        {"@vocab": "https://vocab.example/"},
    ):
        doc = config([VC2, OB303, own])
        assert not hit_of(doc, loader)
        seen.add(outcome(False, doc, loader)[0])
    assert seen == {"ok", "refused"}


def test_a_credential_with_own_terms_it_does_not_use_matches_pyld() -> None:
    loader = ContextLoader()
    doc = ob3_credential("did:example:issuer")
    assert not hit_of(doc, loader)
    other = copy.deepcopy(doc)
    other["@context"] = [VC2, OB303, {"unused1": "https://terms.example/u"}]
    other["id"] = "urn:uuid:00000000-0000-4000-8000-000000000001"
    assert hit_of(other, loader)
    used = copy.deepcopy(other)
    used["unused1"] = "now used"
    assert not hit_of(used, loader)
    assert "<https://terms.example/u>" in outcome(True, used, loader)[1]


_TERMS = st.sampled_from(["note", "did", "key", "assertionMethod", "z6MkExample", "https",
                          "Proof", "created", "xsd", "eddsa", "sec", "urn", "type_2"])  # fmt: skip
_IRIS = st.sampled_from(["https://terms.example/a", "urn:example:b", "https://terms.example/c#"])
_DEFS = _IRIS | st.builds(
    lambda iri, kind: {"@id": iri, "@type": kind},
    _IRIS,
    st.sampled_from(["@id", "@vocab", "https://types.example/T"]),
)
_VALUES = st.sampled_from(
    ["2026-01-01T00:00:00Z", "note", "did:key:z6MkExample#z6MkExample", "urn:uuid:1",
     "https://x.example/did", "assertionMethod", "key:thing", "plain text"]
)  # fmt: skip


@settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(
    st.lists(st.dictionaries(_TERMS, _DEFS, min_size=1, max_size=3), min_size=1, max_size=2),
    st.dictionaries(st.sampled_from(["created", "verificationMethod", "proofPurpose"]), _VALUES),
    st.sampled_from(["assertionMethod", "authentication", "note"]),
)
def test_generated_configurations_with_own_terms_equal_pyld(
    own: list[dict[str, Any]], values: dict[str, str], purpose: str
) -> None:
    loader = _LOADER
    outcome(True, config([VC2, OB303]), loader)  # the shared template, learned once
    doc = {**config([VC2, OB303, *own], purpose), **values}
    expected = outcome(False, doc, loader)
    assert outcome(True, doc, loader) == expected
    assert outcome(True, doc, loader) == expected  # from a template, when one was learned


_LOADER = ContextLoader()


def test_many_own_terms_are_left_to_pyld() -> None:
    """Past ``MAX_OWN_TERMS`` a document keeps a context of its own (bounded work on
    crafted documents): still pyld's answer, never a shared template."""
    loader = ContextLoader()
    assert not hit_of(config([VC2, OB303]), loader)
    limit = fastcanon_template.MAX_OWN_TERMS
    few = {f"t{k}": f"https://terms.example/{k}" for k in range(limit)}
    many = {f"t{k}": f"https://terms.example/{k}" for k in range(limit + 1)}
    assert hit_of(config([VC2, OB303, few]), loader)
    assert not hit_of(config([VC2, OB303, many]), loader)
