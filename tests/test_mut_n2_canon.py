"""Canonicalization's safe mode and its fast path on inputs ``make mutation`` found untested
(brief N2): a relative *graph name*, the processor-time budget and the blank-node work count,
the bounded context cache, the second blank-node guard, how pyld's errors become one sentence,
and the switch benchmarks use to measure plain pyld.
"""

from __future__ import annotations

import copy
from typing import Any

import pytest
from test_hostile_work import clique_credential
from verify_di_support import ob3_credential

from portfolio_app.verify import canon, fastcanon
from portfolio_app.verify.canon import CanonicalizationError, WorkLimitExceeded
from portfolio_app.verify.contexts import ContextLoader, UnknownContextError
from portfolio_app.verify.fastcanon_template import cache_for
from portfolio_app.verify.pyld_adapter import jsonld

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def test_a_relative_graph_name_is_refused() -> None:
    """A named graph whose name is relative would be read differently by other verifiers
    (jsonld.js drops it), so the statements in it cannot be signed data."""
    inner = ob3_credential("did:example:issuer")
    doc = {"@context": inner.pop("@context"), "@id": "relative-graph", "@graph": [inner]}
    with pytest.raises(CanonicalizationError, match="'relative-graph' is a relative IRI"):
        canon.canonicalize(doc, ContextLoader())
    doc["@id"] = "urn:uuid:5a0f3c1e-0000-4000-8000-000000000001"
    assert "<urn:uuid:5a0f3c1e-0000-4000-8000-000000000001> .\n" in canon.canonicalize(
        doc, ContextLoader()
    )


def _bulky() -> dict[str, Any]:
    doc = ob3_credential("did:example:issuer")
    doc["credentialSubject"]["achievement"]["alignment"] = [
        {"type": ["Alignment"], "targetName": f"Skill {i}", "targetUrl": f"https://s.example/{i}"}
        for i in range(100)
    ]
    return doc


def test_a_spent_processor_budget_stops_canonicalization() -> None:
    """One verification has one budget (proof sets, context editions and nested credentials
    share it); once it is spent the next pyld step refuses instead of running on."""
    loader = ContextLoader()
    expected = canon.canonicalize(_bulky(), loader)  # fits a fresh budget
    with canon.work_budget(0.0), pytest.raises(WorkLimitExceeded, match="processor time"):
        canon.canonicalize(_bulky(), loader)
    with canon.work_budget(60.0):
        assert canon.canonicalize(_bulky(), loader) == expected


def test_the_processed_context_cache_is_bounded() -> None:
    """pyld's resolved-context cache lives as long as the loader (the whole session): it must
    be the bounded one, or a stream of documents with inline contexts grows it for ever."""
    loader = ContextLoader()
    canon.canonicalize(ob3_credential("did:example:issuer"), loader)
    cache = loader.resolved_cache
    assert isinstance(cache, canon._BoundedCache)
    canon.canonicalize(ob3_credential("did:example:other"), loader)
    assert loader.resolved_cache is cache  # wrapped once, then reused
    for i in range(canon.MAX_CACHED_CONTEXTS + 5):
        cache[f"key-{i}"] = i
    assert len(cache) <= canon.MAX_CACHED_CONTEXTS


def test_with_the_fast_path_off_every_document_takes_pyld(monkeypatch: pytest.MonkeyPatch) -> None:
    """Benchmarks compare the template path with plain pyld by turning it off."""
    monkeypatch.setattr(fastcanon, "ENABLED", False)
    loader = ContextLoader()
    doc = ob3_credential("did:example:issuer")
    expected = canon.canonicalize(copy.deepcopy(doc), loader)
    assert [fastcanon.canonicalize(copy.deepcopy(doc), loader) for _ in range(4)] == [expected] * 4
    assert cache_for(loader).hits == 0
    monkeypatch.setattr(fastcanon, "ENABLED", True)
    for _ in range(3):
        assert fastcanon.canonicalize(copy.deepcopy(doc), loader) == expected
    assert cache_for(loader).hits >= 1


@pytest.mark.parametrize(("size", "work"), [(3, 177), (4, 1_260), (5, 10_135)])
def test_the_blank_node_work_is_counted_as_documented(size: int, work: int) -> None:
    """``MAX_NDEGREE_WORK`` was set from these figures (4 nodes 1,260, 5 nodes 10,135): the
    count must be the one the limit was chosen with, or the limit means something else."""
    dataset = canon.to_dataset(clique_credential(size), ContextLoader())
    urdna = canon._BoundedURDNA2015(limit=work)
    urdna.main(dataset, {"format": "application/n-quads"})
    assert urdna.work == work
    with pytest.raises(WorkLimitExceeded, match="blank nodes"):
        canon._BoundedURDNA2015(limit=work - 1).main(dataset, {"format": "application/n-quads"})


class _Text(str):
    """A string that is not exactly ``str`` (preflight's general path)."""


def test_text_of_a_str_subclass_counts_toward_the_size_limit_like_text() -> None:
    doc = {"ab": _Text("xyz")}  # key: 2 + 4, value: 3 + 3, as for plain text
    canon.preflight(doc, max_bytes=12)
    with pytest.raises(CanonicalizationError, match="larger than"):
        canon.preflight(doc, max_bytes=11)


def _blank_dataset(count: int) -> dict[str, list[dict[str, Any]]]:
    predicate = {"type": "IRI", "value": "https://example.org/p"}
    literal = {"type": "literal", "value": "x", "datatype": XSD_STRING}
    return {
        "@default": [
            {"subject": {"type": "blank node", "value": f"_:b{i}"}, "predicate": predicate}
            | {"object": literal}
            for i in range(count)
        ]
    }


def test_a_dataset_with_too_many_blank_nodes_is_refused_by_the_dataset_check_too() -> None:
    """The node map refuses such documents while pyld builds them; the dataset check is the
    second guard for any dataset, and it holds at the same bound."""
    canon._check_dataset(_blank_dataset(canon.MAX_BLANK_NODES))
    with pytest.raises(CanonicalizationError, match="blank nodes"):
        canon._check_dataset(_blank_dataset(canon.MAX_BLANK_NODES + 1))


def _pyld_error(cause: BaseException | None, **kw: Any) -> jsonld.JsonLdError:
    """pyld's error as it wraps a failure (its cause chained the way pyld chains it)."""
    error = jsonld.JsonLdError("Could not expand input.", "jsonld.ExpandError", **kw)
    error.__cause__ = cause
    return error


def test_our_causes_inside_a_pyld_error_chain_give_our_sentence() -> None:
    """pyld wraps what the loader and the safe mode raise: the user must still read *why*."""
    unknown = canon._explain(_pyld_error(UnknownContextError("https://unknown.example/c")))
    assert (unknown.kind, unknown.url) == ("unknown_context", "https://unknown.example/c")
    dropped = canon._explain(_pyld_error(canon._DroppedTermError("extraTerm")))
    assert "term 'extraTerm' is not defined by any context" in dropped.reason
    deep = canon._explain(_pyld_error(RecursionError()))
    assert deep.reason == "the document is nested too deeply"


def test_pyld_s_error_code_is_part_of_the_reason() -> None:
    error = canon._explain(_pyld_error(None, code="invalid @id value"))
    assert error.kind == "malformed"
    assert "Could not expand input: invalid @id value" in error.reason


def test_a_context_that_failed_to_load_is_named() -> None:
    """Whatever stopped the load (our loader's refusal names the context it refused)."""
    failed = "loading remote context failed"
    other = canon._explain(
        _pyld_error(ValueError("boom"), code=failed, details={"url": "https://ctx.example/a"})
    )
    assert (other.kind, other.url) == ("unknown_context", "https://ctx.example/a")
    refused = UnknownContextError("https://ctx.example/inner", "its hash does not match")
    ours = canon._explain(
        _pyld_error(None, code=failed, details={"url": "https://ctx.example/a", "cause": refused})
    )
    assert (ours.kind, ours.url) == ("unknown_context", "https://ctx.example/inner")
    assert "its hash does not match" in ours.reason
