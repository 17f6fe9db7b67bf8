"""The pyld adapter must give unpatched pyld's answers byte for byte, only faster.

Each comparison canonicalizes the same document with the adapter's fix on and off, each mode
on a context loader of its own that lives across the whole test (so a stale cache entry from
an earlier document would show), and compares canonical N-Quads or the refusal.
"""

from __future__ import annotations

import copy
import json
import logging
import subprocess
import sys
from collections.abc import Iterator
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


def outcome(doc: Any, *, fixed: bool, loader: ContextLoader | None = None) -> tuple[str, str]:
    before = pyld_adapter.STABLE_SCOPED_IDS
    pyld_adapter.STABLE_SCOPED_IDS = fixed
    try:
        return ("ok", canon.canonicalize(copy.deepcopy(doc), loader or _LOADERS[fixed]))
    except CanonicalizationError as exc:
        return ("refused", exc.reason)
    finally:
        pyld_adapter.STABLE_SCOPED_IDS = before


def assert_same(doc: Any) -> tuple[str, str]:
    expected = outcome(doc, fixed=False)
    assert outcome(doc, fixed=True) == expected
    return expected


def _parts(doc: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """The document without its proofs, and each proof configuration."""
    proofs = doc.get("proof")
    yield {k: v for k, v in doc.items() if k != "proof"}
    for proof in proofs if isinstance(proofs, list) else [proofs] if proofs else []:
        yield {"@context": doc["@context"], **{k: v for k, v in proof.items() if k != "proofValue"}}


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


def test_the_installed_pyld_is_the_tested_one() -> None:
    """A pyld upgrade turns the fix off; re-run these tests against it, then move the pin."""
    assert pyld_adapter.PYLD_VERSION == pyld_adapter.TESTED_VERSION
    assert pyld_adapter.STABLE_SCOPED_IDS


def test_every_public_fixture_is_byte_identical(public_fixtures: Path) -> None:
    docs = _public_jsonld(public_fixtures)
    assert len(docs) >= 10
    canonical = 0
    for doc in docs:
        for part in _parts(doc):
            for _ in range(2):  # the second time from the caches
                canonical += assert_same(part)[0] == "ok"
    assert canonical >= 20


def test_type_scoped_contexts_are_reused_and_the_answer_is_pyld_s(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The second alignment (and the second credential) no longer rebuilds the OB 3.0
    type-scoped contexts: far fewer term definitions, same N-Quads."""
    doc = ob3_credential("did:example:issuer")
    doc["credentialSubject"]["achievement"]["alignment"] = [
        {"type": ["Alignment"], "targetName": f"A{i}", "targetUrl": f"https://a.example/{i}"}
        for i in range(4)
    ]
    counts = {}
    results = {}
    real = canon._BoundedProcessor._create_term_definition
    for fixed in (False, True):
        calls = [0]

        def counting(self: Any, *args: Any, _calls: list[int] = calls, **kwargs: Any) -> Any:
            _calls[0] += 1
            return real(self, *args, **kwargs)

        monkeypatch.setattr(canon._BoundedProcessor, "_create_term_definition", counting)
        loader = ContextLoader()
        outcome(doc, fixed=fixed, loader=loader)  # contexts processed once, in both modes
        calls[0] = 0
        results[fixed] = outcome(doc, fixed=fixed, loader=loader)
        counts[fixed] = calls[0]
    assert results[True] == results[False]
    assert results[True][0] == "ok"
    assert counts[True] * 4 < counts[False]


# -- generated documents ----------------------------------------------------------------------

_TEXT = st.text(st.characters(min_codepoint=0x20, max_codepoint=0x2FF), max_size=8)
_IRI = st.sampled_from(["https://x.example/a", "urn:uuid:1", "did:example:z", "rel/ative", "_:b1"])
_SCOPED = st.sampled_from(
    [
        {"p0": "https://terms.example/p0"},
        {"p0": "https://terms.example/p0", "@propagate": True},
        {"@propagate": False, "p1": {"@id": "https://terms.example/p1", "@type": "@id"}},
        [{"p0": "https://terms.example/p0"}],
        {"@vocab": "https://vocab.example/"},
        {"name": "https://terms.example/redefined"},  # a protected OB 3.0 term: refused
        None,
    ]
)
_TYPES = st.sampled_from(
    ["Achievement", "Alignment", "Evidence", "Profile", "Image", "Result", "T0", "T1", "Nope"]
)
_PROPS = st.sampled_from(["name", "description", "p0", "p1", "t0", "targetName", "narrative"])
_NESTED = st.sampled_from(["achievement", "alignment", "evidence", "image", "t1", "result"])


def _node(children: st.SearchStrategy[Any]) -> st.SearchStrategy[dict[str, Any]]:
    return st.builds(
        lambda types, props, nested, ident: {
            **({"id": ident} if ident else {}),
            "type": types,
            **props,
            **nested,
        },
        st.lists(_TYPES, min_size=1, max_size=2, unique=True),
        st.dictionaries(_PROPS, _TEXT, max_size=3),
        st.dictionaries(_NESTED, children | st.lists(children, max_size=3), max_size=2),
        st.none() | _IRI,
    )


_NODES = st.recursive(st.just({"name": "leaf"}), _node, max_leaves=6)


@st.composite
def documents(draw: st.DrawFn) -> dict[str, Any]:
    inline: dict[str, Any] = {}
    for term in ("T0", "T1"):
        scoped = draw(_SCOPED)
        inline[term] = {"@id": f"https://types.example/{term}"}
        if scoped is not None:
            inline[term]["@context"] = scoped
    inline["t0"] = "https://terms.example/t0"
    inline["t1"] = {"@id": "https://terms.example/t1", "@context": draw(_SCOPED)}
    if inline["t1"]["@context"] is None:
        del inline["t1"]["@context"]
    base = draw(st.sampled_from([[VC2, OB303], [VC1, OB302]]))
    context = [*base, inline] if draw(st.booleans()) else base
    return {
        "@context": context,
        "id": "urn:uuid:7a4e6b8e-2f0c-4c1e-9c55-0d2a4f1b7e01",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {"id": "did:example:issuer", "type": ["Profile"], "name": "Issuer"},
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "achievement": draw(_NODES),
            **({"t1": draw(_NODES)} if draw(st.booleans()) else {}),
        },
    }


@settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(documents())
def test_generated_documents_are_byte_identical(doc: dict[str, Any]) -> None:
    assert_same(doc)


def test_inline_type_scoped_contexts_are_byte_identical() -> None:
    """A fixed slice of the property test: inline type-scoped contexts that propagate, that
    do not, and that are refused, on typed nodes repeated 0-3 times."""
    seen = set()
    for seed in range(12):
        seen.add(assert_same(_inline_scoped(seed))[0])
    assert seen == {"ok", "refused"}


def test_a_type_scoped_context_that_propagates_is_left_to_pyld() -> None:
    """``@propagate: true`` on the first type-scoped context keeps its terms for nested
    nodes; the fix must not turn it into a non-propagating one (that would refuse ``p0``)."""
    doc = ob3_credential("did:example:issuer")
    scoped = {"p0": "https://terms.example/p0", "@propagate": True}
    doc["@context"] = [
        *doc["@context"],
        {"T0": {"@id": "https://types.example/T0", "@context": scoped}},
    ]
    achievement = doc["credentialSubject"]["achievement"]
    del achievement["criteria"]
    achievement["type"] = ["T0"]
    achievement["alignment"] = [{"type": ["Alignment"], "targetName": "A", "p0": "x"}]
    status, nquads = assert_same(doc)
    assert status == "ok"
    assert "<https://terms.example/p0>" in nquads


def _inline_scoped(seed: int) -> dict[str, Any]:
    doc = ob3_credential("did:example:issuer")
    scoped: list[Any] = [
        {"p0": "https://terms.example/p0"},
        {"p0": "https://terms.example/p0", "@propagate": True},
        {"name": "https://terms.example/redefined"},
    ]
    doc["@context"] = [
        *doc["@context"],
        {"T0": {"@id": "https://types.example/T0", "@context": scoped[seed % 3]}},
    ]
    doc["credentialSubject"]["achievement"]["alignment"] = [
        {"type": ["Alignment", "T0"], "targetName": f"A{i}", "p0": "x"} for i in range(seed % 4)
    ]
    return doc


# -- version pin and import -------------------------------------------------------------------


def test_another_pyld_version_runs_unpatched_and_says_so(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO, logger=pyld_adapter.__name__):
        assert pyld_adapter.fix_applies("3.4.0") is False
    assert "not the tested" in caplog.text
    assert "unpatched" in caplog.text
    assert pyld_adapter.fix_applies(pyld_adapter.TESTED_VERSION) is True


def test_pyld_is_imported_without_its_network_clients() -> None:
    """Nothing here may fetch: pyld's default loader refuses every URL, and importing pyld
    no longer drags in aiohttp/requests (a tenth of the verify command's startup)."""
    code = (
        "import sys\n"
        "from portfolio_app.verify import canon\n"
        "assert 'aiohttp' not in sys.modules and 'requests' not in sys.modules\n"
        "try:\n"
        "    canon.jsonld.get_document_loader()('https://example.org/ctx', {})\n"
        "except canon.jsonld.JsonLdError as exc:\n"
        "    print('refused', exc.code)\n"
    )
    root = Path(__file__).resolve().parent.parent
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=root, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("refused")
