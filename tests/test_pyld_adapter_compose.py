"""Scoped contexts composed past a document's own inline context give unpatched pyld's answers.

Credentials often end their ``@context`` with a small object of their own terms; the adapter
then processes OB 3.0's and VC 2.0's scoped contexts once, against the shared contexts, and
adds the document's terms (``StableScopedProcessor``).  Each comparison here canonicalizes a
document with the adapter fully on and fully off (unpatched pyld), each mode on a context
loader of its own that lives across the whole test, so a stale cache entry from an earlier
document would show, and compares canonical N-Quads or the refusal.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from verify_di_support import OB303, VC2, ob3_credential

from portfolio_app.ingest.extract import extract
from portfolio_app.verify import canon, pyld_adapter
from portfolio_app.verify.canon import CanonicalizationError
from portfolio_app.verify.contexts import ContextLoader

VC1 = "https://www.w3.org/2018/credentials/v1"
OB302 = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.2.json"

_LOADERS = {True: ContextLoader(), False: ContextLoader()}


def outcome(doc: Any, *, patched: bool, loader: ContextLoader | None = None) -> tuple[str, str]:
    saved = (pyld_adapter.STABLE_SCOPED_IDS, pyld_adapter.COMPOSE_EXTENSIONS)
    pyld_adapter.STABLE_SCOPED_IDS = pyld_adapter.COMPOSE_EXTENSIONS = patched
    try:
        return ("ok", canon.canonicalize(copy.deepcopy(doc), loader or _LOADERS[patched]))
    except CanonicalizationError as exc:
        return ("refused", exc.reason)
    finally:
        pyld_adapter.STABLE_SCOPED_IDS, pyld_adapter.COMPOSE_EXTENSIONS = saved


def assert_same(doc: Any) -> tuple[str, str]:
    expected = outcome(doc, patched=False)
    assert outcome(doc, patched=True) == expected
    return expected


def _parts(doc: dict[str, Any]) -> list[dict[str, Any]]:
    """The document without its proofs, and each proof configuration."""
    proofs = doc.get("proof")
    found = [{k: v for k, v in doc.items() if k != "proof"}]
    for proof in proofs if isinstance(proofs, list) else [proofs] if proofs else []:
        config = {k: v for k, v in proof.items() if k != "proofValue"}
        found.append({"@context": doc["@context"], **config})
    return found


def _with_extension(doc: dict[str, Any], n: int) -> dict[str, Any]:
    """``doc`` with a trailing inline context of its own and the term used at the top."""
    extended = copy.deepcopy(doc)
    context = extended["@context"]
    context = context if isinstance(context, list) else [context]
    term = f"note{n}"
    extended["@context"] = [*context, {term: f"https://terms.example/{term}"}]
    extended[term] = f"Extra note {n}"
    return extended


def _public_jsonld(folder: Path) -> list[dict[str, Any]]:
    found = []
    for path in sorted(folder.iterdir()):
        text = None
        if path.suffix in (".json", ".jsonld"):
            text = path.read_text(encoding="utf-8")
        elif path.suffix in (".png", ".svg"):
            text = extract(path.name, path.read_bytes()).payload
        if text and text.lstrip().startswith("{"):
            doc = json.loads(text)
            if isinstance(doc, dict) and "@context" in doc:
                found.append(doc)
    return found


def test_every_public_fixture_with_an_extension_is_byte_identical(
    public_fixtures: Path,
) -> None:
    docs = _public_jsonld(public_fixtures)
    assert len(docs) >= 10
    statuses = set()
    for n, doc in enumerate(docs):
        for part in _parts(doc):
            for candidate in (part, _with_extension(part, n), _with_extension(part, n + 100)):
                statuses.add(assert_same(candidate)[0])
    assert "ok" in statuses


def test_a_second_document_with_other_own_terms_reuses_the_scoped_contexts(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The point of the composition: a credential whose inline context is new still finds
    OB 3.0's type-scoped contexts processed (far fewer term definitions), same N-Quads."""
    base = ob3_credential("did:example:issuer")
    base["credentialSubject"]["achievement"]["alignment"] = [
        {"type": ["Alignment"], "targetName": f"A{i}", "targetUrl": f"https://a.example/{i}"}
        for i in range(2)
    ]
    real = canon._BoundedProcessor._create_term_definition
    counts: dict[bool, int] = {}
    results: dict[bool, tuple[str, str]] = {}
    for patched in (False, True):
        calls = [0]

        def counting(self: Any, *args: Any, _calls: list[int] = calls, **kwargs: Any) -> Any:
            _calls[0] += 1
            return real(self, *args, **kwargs)

        monkeypatch.setattr(canon._BoundedProcessor, "_create_term_definition", counting)
        loader = ContextLoader()
        outcome(_with_extension(base, 1), patched=patched, loader=loader)
        calls[0] = 0
        results[patched] = outcome(_with_extension(base, 2), patched=patched, loader=loader)
        counts[patched] = calls[0]
    assert results[True] == results[False]
    assert results[True][0] == "ok"
    assert "<https://terms.example/note2>" in results[True][1]
    assert counts[True] * 10 < counts[False]


def test_own_terms_that_scoped_contexts_mention_are_left_to_pyld() -> None:
    """An inline term named like one a scoped context defines or uses as a prefix changes
    what that context means: such documents must still come out as pyld makes them (or be
    refused as pyld refuses them, for protected terms)."""
    statuses = set()
    for term in ("targetName", "xsd", "Alignment", "name", "narrative", "obi", "cred", "id"):
        doc = ob3_credential("did:example:issuer")
        doc["@context"] = [*doc["@context"], {term: "https://terms.example/x"}]
        doc["credentialSubject"]["achievement"]["alignment"] = [
            {"type": ["Alignment"], "targetName": "A", "targetUrl": "https://a.example/"}
        ]
        statuses.add(assert_same(doc)[0])
    assert statuses == {"ok", "refused"}


# -- generated documents ----------------------------------------------------------------------

# Own terms: fresh names, names OB 3.0 / VC 2.0 scoped contexts define or use as prefixes
# (protected ones are refused by pyld), and the names of types.
_TERMS = st.sampled_from(
    ["note", "extra_1", "my-term", "targetName", "narrative", "xsd", "schema", "Alignment",
     "Evidence", "caption", "name", "dateTime", "result", "sec", "cred"]
)  # fmt: skip
_VALUES = st.sampled_from(
    [
        "https://terms.example/a",
        "https://terms.example/b",
        "urn:example:c",
        "xsd:string",
        "relative",
        {"@id": "https://terms.example/d", "@type": "@id"},
        {"@id": "https://terms.example/e", "@type": "xsd:dateTime"},
        {"@id": "https://terms.example/f", "@type": "@vocab"},
        {"@id": "https://terms.example/g", "@type": "not a type"},
    ]
)
_TEXT = st.text(st.characters(min_codepoint=0x20, max_codepoint=0x2FF), max_size=6)
_TYPES = st.sampled_from(["Achievement", "Alignment", "Evidence", "Image", "Result", "Nope"])
_NESTED = st.sampled_from(["achievement", "alignment", "evidence", "image", "result"])


@st.composite
def _nodes(draw: st.DrawFn, terms: list[str], depth: int) -> dict[str, Any]:
    node: dict[str, Any] = {"type": draw(st.lists(_TYPES, min_size=1, max_size=2, unique=True))}
    for term in draw(st.lists(st.sampled_from([*terms, "name", "description"]), max_size=3)):
        node[term] = draw(_TEXT | st.sampled_from(["https://v.example/1", "Alignment"]))
    if depth:
        for key in draw(st.lists(_NESTED, max_size=2, unique=True)):
            count = draw(st.integers(1, 2))
            node[key] = [draw(_nodes(terms, depth - 1)) for _ in range(count)]
    return node


@st.composite
def documents(draw: st.DrawFn) -> dict[str, Any]:
    base = draw(st.sampled_from([[VC2, OB303], [VC1, OB302], [VC2]]))
    extensions = []
    terms: list[str] = []
    for _ in range(draw(st.integers(1, 2))):
        names = draw(st.lists(_TERMS, min_size=1, max_size=3, unique=True))
        extensions.append({name: draw(_VALUES) for name in names})
        terms.extend(names)
    doc: dict[str, Any] = {
        "@context": [*base, *extensions],
        "id": "urn:uuid:7a4e6b8e-2f0c-4c1e-9c55-0d2a4f1b7e01",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {"id": "did:example:issuer", "type": ["Profile"], "name": "Issuer"},
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "achievement": draw(_nodes(terms, 2)),
        },
    }
    for term in draw(st.lists(st.sampled_from(terms), max_size=2)):
        doc[term] = draw(_TEXT)
    if draw(st.booleans()):  # a proof configuration under the same contexts
        doc = {
            "@context": doc["@context"],
            "type": "DataIntegrityProof",
            "cryptosuite": "eddsa-rdfc-2022",
            "created": "2026-01-01T00:00:00Z",
            "verificationMethod": "did:key:z6Mk#z6Mk",
            "proofPurpose": draw(st.sampled_from(["assertionMethod", *terms])),
        }
    return doc


@settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(documents())
def test_generated_documents_with_own_terms_are_byte_identical(doc: dict[str, Any]) -> None:
    assert_same(doc)


def test_a_fixed_slice_of_generated_documents_is_byte_identical() -> None:
    """Deterministic cases: fresh terms (composed), a colliding term (left to pyld), two
    trailing inline contexts, and a protected term (refused by both)."""
    seen = set()
    for extensions in (
        [{"note": "https://terms.example/a"}],
        [{"note": {"@id": "https://terms.example/d", "@type": "@id"}}],
        [{"targetName": "https://terms.example/a"}],
        [{"note": "https://terms.example/a"}, {"more": "https://terms.example/b"}],
        [{"name": "https://terms.example/a"}],
        [{"note": "relative"}],
    ):
        doc = ob3_credential("did:example:issuer")
        doc["@context"] = [VC2, OB303, *extensions]
        achievement = doc["credentialSubject"]["achievement"]
        achievement["alignment"] = [
            {"type": ["Alignment"], "targetName": "A", "targetUrl": "https://a.example/"}
        ]
        for extension in extensions:
            for term in extension:
                achievement[term] = "https://v.example/1"
                doc[term] = "value"
        seen.add(assert_same(doc)[0])
    assert seen == {"ok", "refused"}
