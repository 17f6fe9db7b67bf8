"""What is shown and checked is what was signed: JSON-LD rewrites that keep the signed graph.

Each attack takes a credential signed here with a key made here, rewrites its JSON so that the
canonical N-Quads (and so the signature) stay the same, and checks that the app shows and
checks the *signed* values.  Before the signed-graph reader, each of these hid a date, a status
entry or a nested credential, or forged a shown name, and came out ``verified``.
"""

from __future__ import annotations

import copy
import dataclasses
import json
from datetime import UTC, datetime
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from verify_di_support import (
    NOW,
    STATUS_URL,
    Issuer,
    ob3_credential,
    source_with,
    status_entry,
    status_list_credential,
)

from portfolio_app.errors import RejectedInput
from portfolio_app.formats import parse
from portfolio_app.formats.common import parse_datetime as shown_date
from portfolio_app.ingest.extract import extract
from portfolio_app.model import Credential
from portfolio_app.verify import _common, dates
from portfolio_app.verify.canon import canonicalize
from portfolio_app.verify.contexts import ContextLoader
from portfolio_app.verify.dataintegrity import ed25519_verify, hash_data, unsecured_document
from portfolio_app.verify.documents import DocumentSource, EmptySource
from portfolio_app.verify.engine import verify_credential
from portfolio_app.verify.linked_data import verify_linked_data_credential
from portfolio_app.verify.multibase import decode_base58btc, encode_base58btc
from portfolio_app.verify.verdict import Outcome, Status, Verdict

ALICE = Issuer(31)
OB303 = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
XSD_DATETIME = "http://www.w3.org/2001/XMLSchema#dateTime"
VC_UNTIL = "https://www.w3.org/2018/credentials#validUntil"
CLR_CONTEXT = "https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json"
EXPIRED_AT = "2026-06-01T00:00:00Z"  # before NOW


def imported(doc: dict[str, Any]) -> Credential:
    return parse(extract("credential.json", json.dumps(doc).encode("utf-8")))


def check(doc: dict[str, Any], docs: DocumentSource | None = None) -> tuple[Credential, Verdict]:
    credential = imported(doc)
    return credential, verify_credential(credential, docs=docs or EmptySource(), now=NOW)


def same_graph(a: dict[str, Any], b: dict[str, Any]) -> bool:
    return canonicalize(unsecured_document(a)) == canonicalize(unsecured_document(b))


def with_context(doc: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    rewritten = copy.deepcopy(doc)
    rewritten["@context"] = [*rewritten["@context"], extra]
    return rewritten


def expired() -> dict[str, Any]:
    return ALICE.sign(ob3_credential(ALICE.did, validUntil=EXPIRED_AT))


def _set_wrapper(doc: dict[str, Any]) -> dict[str, Any]:
    # (pyld drops the term's type coercion inside @set, so the value carries its type.)
    doc["validUntil"] = {"@set": [{"@value": doc["validUntil"], "@type": XSD_DATETIME}]}
    return doc


def _indexed_value(doc: dict[str, Any]) -> dict[str, Any]:
    doc["validUntil"] = {"@value": doc["validUntil"], "@type": XSD_DATETIME, "@index": "x"}
    return doc


def _full_iri(doc: dict[str, Any]) -> dict[str, Any]:
    doc[VC_UNTIL] = {"@value": doc.pop("validUntil"), "@type": XSD_DATETIME}
    return doc


def _nested_array(doc: dict[str, Any]) -> dict[str, Any]:
    doc["validUntil"] = [[doc["validUntil"]]]
    return doc


def _nest(doc: dict[str, Any]) -> dict[str, Any]:
    doc = with_context(doc, {"dates": "@nest"})
    doc["dates"] = {"validUntil": doc.pop("validUntil")}
    return doc


HIDE_VALID_UNTIL = {
    "@set wrapper": _set_wrapper,
    "@value/@index wrapper": _indexed_value,
    "full IRI for the term": _full_iri,
    "nested array": _nested_array,
    "@nest": _nest,
}


@pytest.mark.parametrize("name", sorted(HIDE_VALID_UNTIL))
def test_a_hidden_valid_until_is_still_read_and_checked(name: str) -> None:
    signed = expired()
    rewritten = HIDE_VALID_UNTIL[name](copy.deepcopy(signed))
    assert same_graph(signed, rewritten)  # the attack keeps the signature valid
    credential, verdict = check(rewritten)
    assert credential.valid_until == datetime(2026, 6, 1, tzinfo=UTC)
    assert verdict.status is Status.EXPIRED, verdict.to_json()
    assert next(c for c in verdict.checks if c.name == "signature").outcome is Outcome.PASSED


def test_a_hidden_valid_from_still_makes_it_not_yet_valid() -> None:
    signed = ALICE.sign(ob3_credential(ALICE.did, validFrom="2027-03-01T00:00:00Z"))
    rewritten = copy.deepcopy(signed)
    typed = {"@value": rewritten["validFrom"], "@type": XSD_DATETIME}
    rewritten["validFrom"] = [[{"@set": [typed]}]]
    assert same_graph(signed, rewritten)
    credential, verdict = check(rewritten)
    assert credential.valid_from == datetime(2027, 3, 1, tzinfo=UTC)
    assert verdict.status is Status.NOT_YET_VALID


def test_a_status_entry_hidden_under_nest_is_still_checked() -> None:
    docs = source_with((STATUS_URL, status_list_credential(ALICE, revoked={42})))
    signed = ALICE.sign(ob3_credential(ALICE.did, credentialStatus=status_entry(42)))
    rewritten = with_context(signed, {"meta": "@nest"})
    rewritten["meta"] = {"credentialStatus": rewritten.pop("credentialStatus")}
    assert same_graph(signed, rewritten)
    credential, verdict = check(rewritten, docs)
    assert credential.extra["status"] == "BitstringStatusListEntry"
    assert verdict.status is Status.REVOKED, verdict.to_json()


def test_a_forged_name_in_an_index_set_is_not_shown() -> None:
    signed = ALICE.sign(ob3_credential(ALICE.did))
    rewritten = copy.deepcopy(signed)
    achievement = rewritten["credentialSubject"]["achievement"]
    achievement["name"] = {"@index": "Forged Degree", "@set": [achievement["name"]]}
    rewritten["issuer"]["name"] = {"@index": "MIT", "@set": ["Example College"]}
    assert same_graph(signed, rewritten)
    credential, verdict = check(rewritten)
    assert credential.title == "Data Literacy"
    assert credential.issuer_name == "Example College"
    assert verdict.status is Status.VERIFIED


def test_a_term_aliased_to_a_keyword_shows_nothing_unsigned() -> None:
    # creditUnit → @index: the unit is in the JSON but not in the signed graph.
    base = ob3_credential(ALICE.did)
    base["credentialSubject"]["achievement"]["creditsAvailable"] = 5
    signed = ALICE.sign(base)
    rewritten = with_context(signed, {"creditUnit": "@index"})
    rewritten["credentialSubject"]["achievement"]["creditUnit"] = "ECTS"
    assert same_graph(signed, rewritten)
    credential, _ = check(rewritten)
    assert [c.unit for c in credential.credits] == ["credits"]
    assert "ECTS" not in json.dumps(credential.extra)


def test_two_different_signed_names_are_refused_naming_the_field() -> None:
    base = ob3_credential(ALICE.did)
    base["credentialSubject"]["achievement"]["name"] = ["Data Literacy", "Brain Surgery"]
    signed = ALICE.sign(base)
    with pytest.raises(RejectedInput, match="achievement name"):
        imported(signed)


def _clr(inner: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "@context": ["https://www.w3.org/ns/credentials/v2", CLR_CONTEXT, OB303],
        "id": "urn:uuid:5c5b5d8a-1111-4c1e-9c55-0d2a4f1b7e09",
        "type": ["VerifiableCredential", "ClrCredential"],
        "issuer": {"id": ALICE.did, "type": ["Profile"], "name": "Example College"},
        "validFrom": "2026-02-01T00:00:00Z",
        "name": "Transcript",
        "credentialSubject": {
            "id": "did:example:learner-42",
            "type": ["ClrSubject"],
            "verifiableCredential": inner,
        },
    }


def test_a_nested_credential_hidden_from_the_json_is_refused() -> None:
    expired_inner = expired()
    signed = ALICE.sign(_clr([expired_inner]))
    assert check(signed)[1].status is Status.EXPIRED  # found where the JSON lists it
    rewritten = with_context(signed, {"more": "@nest"})
    subject = rewritten["credentialSubject"]
    subject["more"] = {"verifiableCredential": subject.pop("verifiableCredential")}
    assert same_graph(signed, rewritten)
    credential, verdict = check(rewritten)
    assert credential.extra["nested_credentials"] == "1"
    assert verdict.status is Status.MALFORMED, verdict.to_json()
    nested = next(c for c in verdict.checks if c.name == "nested")
    assert nested.outcome is Outcome.FAILED and "hidden credentials are refused" in nested.detail


def test_values_not_read_from_the_signed_graph_are_never_verified() -> None:
    signed = ALICE.sign(ob3_credential(ALICE.did, validUntil="2030-01-01T00:00:00Z"))
    credential = imported(signed)
    assert verify_credential(credential, now=NOW).status is Status.VERIFIED
    # A parser bug (or a stale row) that shows another end date: not verified.
    wrong = dataclasses.replace(credential, valid_until=datetime(2031, 1, 1, tzinfo=UTC))
    verdict = verify_credential(wrong, now=NOW)
    assert verdict.status is Status.TAMPERED
    shown = next(c for c in verdict.checks if c.name == "shown")
    assert shown.outcome is Outcome.FAILED and "validUntil" in shown.detail
    # Values built without the signed graph at all (no digest): unverifiable, never verified.
    extra = {k: v for k, v in credential.extra.items() if k != "signed_digest"}
    stale = dataclasses.replace(credential, extra=extra)
    assert verify_credential(stale, now=NOW).status is Status.UNVERIFIABLE


@pytest.mark.parametrize(
    "value",
    [
        "2026-06-01T00:00:00Z",
        "2026-06-01T02:00:00+02:00",
        "2026-06-01",
        "2026-06-01T00:00:00",
        "2026-06-01t00:00:00z",
        "1780272000",
        "2026-06-01 00:00:00",
        "20260601",
        "2026-W22",
        "June 1, 2026",
        "2026-02-30T00:00:00Z",
    ],
)
def test_one_date_reader_for_shown_and_checked(value: str) -> None:
    shown = shown_date(value)
    try:
        checked: datetime | None = _common.parse_datetime(value)
    except ValueError:
        checked = None
    try:
        window: datetime | None = dates.parse_datetime(value, "validUntil")
    except ValueError:
        window = None
    assert shown == checked == window
    if value in ("2026-06-01T00:00:00Z", "2026-06-01T02:00:00+02:00", "2026-06-01"):
        assert shown == datetime(2026, 6, 1, tzinfo=UTC)


def test_an_unreadable_end_date_is_malformed_not_no_end_date() -> None:
    signed = ALICE.sign(ob3_credential(ALICE.did, validUntil="2026-13-01T00:00:00Z"))
    credential, verdict = check(signed)
    assert credential.valid_until is None
    assert verdict.status is Status.MALFORMED
    assert next(c for c in verdict.checks if c.name == "dates").outcome is Outcome.FAILED


def test_strictest_of_vc1_and_vc2_end_dates_wins() -> None:
    vc1_end = {"@value": "2026-06-01T00:00:00Z", "@type": XSD_DATETIME}
    base = ob3_credential(ALICE.did, validUntil="2030-01-01T00:00:00Z")
    base["https://www.w3.org/2018/credentials#expirationDate"] = vc1_end
    signed = ALICE.sign(base)
    credential, verdict = check(signed)
    assert credential.valid_until == datetime(2026, 6, 1, tzinfo=UTC)
    assert verdict.status is Status.EXPIRED


# --- Ed25519 through libsodium -----------------------------------------------------------------

_L = 2**252 + 27742317777372353535851937790883648493


def test_small_order_key_and_non_canonical_signature_are_refused() -> None:
    identity = bytes([1]) + bytes(31)  # the neutral point: a small-order public key
    assert not ed25519_verify(identity, identity + bytes(32), b"any message")
    signed = ALICE.sign(ob3_credential(ALICE.did))
    data = hash_data(signed, signed["proof"], ContextLoader.bundled())
    signature = decode_base58btc(signed["proof"]["proofValue"])
    assert ed25519_verify(ALICE.public_key, signature, data)
    s = int.from_bytes(signature[32:], "little") + _L  # same value mod L, not canonical
    assert s < 2**256
    malleable = signature[:32] + s.to_bytes(32, "little")
    assert not ed25519_verify(ALICE.public_key, malleable, data)
    forged = copy.deepcopy(signed)
    forged["proof"]["proofValue"] = encode_base58btc(malleable)
    assert check(forged)[1].status is Status.TAMPERED


# --- property: graph-preserving rewrites change nothing; value edits are tampered ---------------


def _rewrite(value: Any, how: str, path: tuple[str, ...]) -> Any:
    if how == "set":
        typed = {"@value": value, "@type": XSD_DATETIME} if path == ("validFrom",) else value
        return {"@set": [typed]}
    if how == "array":
        return [value]
    if how == "nested":
        return [[value]]
    return value


FIELDS = [("name",), ("credentialSubject", "achievement", "description"), ("validFrom",)]


def _get(doc: dict[str, Any], path: tuple[str, ...]) -> Any:
    for key in path:
        doc = doc[key]
    return doc


def _put(doc: dict[str, Any], path: tuple[str, ...], value: Any) -> None:
    for key in path[:-1]:
        doc = doc[key]
    doc[path[-1]] = value


_SIGNED = ALICE.sign(ob3_credential(ALICE.did, validUntil="2030-01-01T00:00:00Z"))


def _summary(credential: Credential, verdict: Verdict) -> Any:
    fields = dataclasses.asdict(credential)
    fields.pop("payload")
    checks = [(c.name, c.outcome, c.detail) for c in verdict.checks]
    return fields, verdict.status, checks


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.tuples(st.sampled_from(range(len(FIELDS))), st.sampled_from(["set", "array", "nested"])),
        min_size=1,
        max_size=3,
        unique_by=lambda t: t[0],
    )
)
def test_graph_preserving_rewrites_change_nothing(rewrites: list[tuple[int, str]]) -> None:
    before = _summary(*check(_SIGNED))
    rewritten = copy.deepcopy(_SIGNED)
    for field_index, how in rewrites:
        path = FIELDS[field_index]
        _put(rewritten, path, _rewrite(_get(rewritten, path), how, path))
    assert same_graph(_SIGNED, rewritten)
    assert _summary(*check(rewritten)) == before


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(range(len(FIELDS))), st.text(alphabet="abcXYZ19", min_size=1, max_size=4))
def test_any_edit_of_a_shown_or_checked_value_is_tampered(field_index: int, suffix: str) -> None:
    path = FIELDS[field_index]
    edited = copy.deepcopy(_SIGNED)
    value = _get(edited, path)
    if path == ("validFrom",):
        value = "2025-12-31T00:00:00Z" if suffix[0] in "abc" else "2025-11-30T00:00:00Z"
    else:
        value = value + suffix
    _put(edited, path, value)
    assert check(edited)[1].status is Status.TAMPERED


def test_the_real_fixtures_read_the_same_through_a_graph_preserving_rewrite(
    public_fixtures: Any,
) -> None:
    for name in (
        "dcc-obv3-vc2-eddsa-didkey-basic.json",
        "dcc-obv3-vc1-ed25519-didkey-expired.json",
        "dcc-obv3-vc2-eddsa-didkey-revoked-expired.json",
    ):
        doc = json.loads((public_fixtures / name).read_text(encoding="utf-8"))
        rewritten = copy.deepcopy(doc)
        rewritten["name"] = {"@set": [[rewritten["name"]]]}
        assert same_graph(doc, rewritten)
        assert _summary(*check(rewritten)) == _summary(*check(doc))
        direct = verify_linked_data_credential(rewritten, docs=EmptySource(), now=NOW)
        assert direct.status is check(doc)[1].status


# --- bounded retries ---------------------------------------------------------------------------


def test_work_limit_stops_the_proof_set_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    from portfolio_app.verify import dataintegrity
    from portfolio_app.verify.canon import WorkLimitExceeded

    calls: list[int] = []

    def too_complex(*args: Any, **kwargs: Any) -> str:
        calls.append(1)
        raise WorkLimitExceeded("blank-node hashing past its limit")

    signed = ALICE.sign(ALICE.sign(ob3_credential(ALICE.did)), "Ed25519Signature2020")
    assert isinstance(signed["proof"], list) and len(signed["proof"]) == 2
    monkeypatch.setattr(dataintegrity, "canonical_nquads", too_complex)
    result = dataintegrity.verify_proofs(signed, docs=EmptySource())
    assert result.outcome == "malformed" and "too complex to check" in result.detail
    assert len(calls) == 1  # neither the second proof nor any context variant paid again


def test_context_variant_retries_are_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    from portfolio_app.verify import dataintegrity

    ob30 = "https://purl.imsglobal.org/spec/ob/v3p0/context.json"
    base = ob3_credential(ALICE.did)
    base["@context"] = ["https://www.w3.org/2018/credentials/v1", ob30]
    base["issuanceDate"] = base.pop("validFrom")
    signed = ALICE.sign(base, "Ed25519Signature2020")
    signed["name"] = "Changed after signing"
    attempts: list[int] = []
    original = dataintegrity._hash_data

    def counting(*args: Any) -> bytes:
        attempts.append(1)
        return original(*args)

    monkeypatch.setattr(dataintegrity, "_hash_data", counting)
    result = dataintegrity.verify_proofs(signed, docs=EmptySource())
    assert result.outcome == "failed"
    assert 1 < len(attempts) <= 1 + dataintegrity.MAX_VARIANT_RETRIES


# --- the 1EdTech revocation list, matched on the signed credential id --------------------------

EXTENSIONS = "https://purl.imsglobal.org/spec/ob/v3p0/extensions.json"
REVOCATION_URL = "https://college.example/revocations"


def _with_revocation_entry() -> dict[str, Any]:
    base = ob3_credential(
        ALICE.did, credentialStatus={"id": REVOCATION_URL, "type": "1EdTechRevocationList"}
    )
    base["@context"] = [*base["@context"], EXTENSIONS]
    return ALICE.sign(base)


def test_1edtech_revocation_list_revokes_by_the_signed_credential_id() -> None:
    signed = _with_revocation_entry()
    listed = {"revokedCredential": [{"id": signed["id"], "revocationReason": "Issued in error"}]}
    verdict = verify_credential(imported(signed), docs=source_with((REVOCATION_URL, listed)),
                                now=NOW)
    assert verdict.status is Status.REVOKED
    status = next(c for c in verdict.checks if c.name == "status")
    assert "Issued in error" in status.detail
    other = {"revokedCredential": [{"id": "urn:uuid:someone-else"}]}
    fine = verify_credential(imported(signed), docs=source_with((REVOCATION_URL, other)), now=NOW)
    assert fine.status is Status.VERIFIED
    unknown = verify_credential(imported(signed), docs=EmptySource(), now=NOW)
    status = next(c for c in unknown.checks if c.name == "status")
    assert status.outcome is Outcome.NOT_CHECKED and "not cached" in status.detail


def test_status_urls_include_entries_hidden_from_the_json() -> None:
    from portfolio_app.verify.signed_graph import read_signed_credential

    signed = ALICE.sign(ob3_credential(ALICE.did, credentialStatus=status_entry(7)))
    rewritten = with_context(signed, {"meta": "@nest"})
    rewritten["meta"] = {"credentialStatus": rewritten.pop("credentialStatus")}
    assert read_signed_credential(rewritten).status_urls() == (STATUS_URL,)
    assert read_signed_credential(_with_revocation_entry()).status_urls() == (REVOCATION_URL,)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.sampled_from(sorted(HIDE_VALID_UNTIL)),
    st.lists(st.sampled_from(["set", "array", "nested"]), min_size=2, max_size=2),
)
def test_every_attack_rewrite_leaves_the_reading_and_verdict_unchanged(
    attack: str, hows: list[str]
) -> None:
    before = _summary(*check(_SIGNED))
    rewritten = HIDE_VALID_UNTIL[attack](copy.deepcopy(_SIGNED))
    for path, how in zip(FIELDS[:2], hows, strict=True):
        _put(rewritten, path, _rewrite(_get(rewritten, path), how, path))
    assert same_graph(_SIGNED, rewritten)
    assert _summary(*check(rewritten)) == before


def test_the_online_fetch_asks_for_a_status_list_hidden_from_the_json() -> None:
    """``--online`` must fetch what the verifier will check: a status entry moved under
    ``@nest`` is still in the signed graph, so its list is still fetched."""
    import json as _json

    from portfolio_app.model import Container, Credential, CredentialFormat
    from portfolio_app.verify.fetch import initial_urls

    signed = ALICE.sign(ob3_credential(ALICE.did, credentialStatus=status_entry(7)))
    rewritten = with_context(signed, {"meta": "@nest"})
    rewritten["meta"] = {"credentialStatus": rewritten.pop("credentialStatus")}
    credential = Credential(
        CredentialFormat.OB3, Container.JSON, "t", "i", payload=_json.dumps(rewritten)
    )
    assert STATUS_URL in initial_urls(credential)


def test_parsing_then_verifying_a_file_canonicalizes_it_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Import parses (reading the signed graph) and then verifies the same document: the
    expensive step runs once, and a document that hit a work limit is not worked on twice."""
    import json as _json

    from portfolio_app.formats import parse
    from portfolio_app.ingest.extract import extract
    from portfolio_app.verify import fastcanon, signed_graph
    from portfolio_app.verify.canon import WorkLimitExceeded
    from portfolio_app.verify.engine import verify_credential

    real = fastcanon.canonicalize
    calls: list[bool] = []  # one per canonicalization: was it the credential document?

    def counting(doc: Any, *args: Any, **kwargs: Any) -> str:
        calls.append("credentialSubject" in doc)
        return real(doc, *args, **kwargs)

    def too_complex(doc: Any, *args: Any, **kwargs: Any) -> str:
        calls.append("credentialSubject" in doc)
        raise WorkLimitExceeded("a test limit")

    signed = ALICE.sign(ob3_credential(ALICE.did, name="Counted once"))
    limited = ALICE.sign(ob3_credential(ALICE.did, name="Too complex"))
    signed_graph._RECENT.clear()  # signing remembered them; start as a fresh import would

    monkeypatch.setattr(fastcanon, "canonicalize", counting)
    credential = parse(extract("once.json", _json.dumps(signed).encode()))
    assert verify_credential(credential, now=NOW).status.value == "verified"
    assert calls.count(True) == 1  # the proof options are canonicalized on their own

    calls.clear()
    monkeypatch.setattr(fastcanon, "canonicalize", too_complex)
    credential = parse(extract("limit.json", _json.dumps(limited).encode()))
    assert verify_credential(credential, now=NOW).status.value == "malformed"
    assert calls.count(True) == 1
