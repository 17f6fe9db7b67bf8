"""Europass EDC (ELM v3) JAdES seals: the official sample, tampering, hostile headers."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
from typing import Any

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding
from verify_jose_support import FIXTURES, NOW, b64u, b64u_json, rsa_key

from portfolio_app.verify.documents import TrustFile
from portfolio_app.verify.europass import TRUST_NOT_CHECKED, verify_europass
from portfolio_app.verify.registry import SealTrustList, load_trust
from portfolio_app.verify.verdict import Outcome, Status, Verdict

SAMPLE = (FIXTURES / "europass-edc-elm3-jades-sealed.jsonld").read_text(encoding="utf-8")
LIST_DATE = dt.datetime(2026, 11, 1, tzinfo=dt.UTC)


def outcome(verdict: Verdict, name: str) -> Outcome:
    return next(c.outcome for c in verdict.checks if c.name == name)


def trust_list(*entries: dict[str, Any]) -> tuple[SealTrustList, ...]:
    body = json.dumps({"name": "Test sealing list", "as_of": "2026-11-01",
                       "seal_certificates": list(entries)}).encode()
    return load_trust([TrustFile("bundle list", body, LIST_DATE, "seals.json")]).trust_lists


def leaf_sha256(sealed: str) -> str:
    envelope = json.loads(sealed)
    header = json.loads(base64.urlsafe_b64decode(envelope["signatures"][0]["protected"] + "=="))
    return hashlib.sha256(base64.b64decode(header["x5c"][0])).hexdigest()


def test_official_sample_seal_is_intact_but_unverifiable_without_a_trust_list() -> None:
    verdict = verify_europass(SAMPLE, now=NOW)
    assert verdict.status is Status.UNVERIFIABLE, verdict.summary
    assert outcome(verdict, "signature") is Outcome.PASSED
    assert outcome(verdict, "certificate_binding") is Outcome.PASSED
    assert outcome(verdict, "trust_list") is Outcome.NOT_CHECKED
    assert verdict.summary == TRUST_NOT_CHECKED
    assert "CN=TEST SEAL" in verdict.facts["signer"]
    assert "ORGANIZACION TEST" in verdict.facts["signer"]
    cert = next(c for c in verdict.checks if c.name == "certificate")
    assert cert.outcome is Outcome.PASSED
    assert "valid at signing time" in cert.detail and "since expired" in cert.detail


def test_official_sample_verifies_with_its_certificate_on_a_trust_list() -> None:
    lists = trust_list({"sha256": leaf_sha256(SAMPLE), "organisation": "ORGANIZACION TEST"})
    verdict = verify_europass(SAMPLE, now=NOW, trust_lists=lists)
    assert verdict.status is Status.VERIFIED, verdict.summary
    check = next(c for c in verdict.checks if c.name == "trust_list")
    assert check.outcome is Outcome.PASSED and check.as_of is not None
    assert "belongs to ORGANIZACION TEST according to Test sealing list" in check.detail
    assert "timestamps not checked" in verdict.limits


def test_a_trust_list_of_other_certificates_does_not_help() -> None:
    lists = trust_list({"sha256": "ab" * 32, "organisation": "Someone else"})
    verdict = verify_europass(SAMPLE, now=NOW, trust_lists=lists)
    assert verdict.status is Status.UNVERIFIABLE
    assert verdict.summary == TRUST_NOT_CHECKED


def test_a_tampered_seal_stays_tampered_with_a_trust_list() -> None:
    envelope = json.loads(SAMPLE)
    envelope["payload"] = envelope["payload"].replace('{"id"', '{ "id"', 1)
    lists = trust_list({"sha256": leaf_sha256(SAMPLE), "organisation": "ORGANIZACION TEST"})
    verdict = verify_europass(json.dumps(envelope), now=NOW, trust_lists=lists)
    assert verdict.status is Status.TAMPERED


def test_one_changed_payload_byte_is_tampered() -> None:
    envelope = json.loads(SAMPLE)
    payload = envelope["payload"]
    index = payload.index("urn:epass:person:1") + len("urn:epass:person:")
    envelope["payload"] = payload[:index] + "2" + payload[index + 1:]
    verdict = verify_europass(json.dumps(envelope), now=NOW)
    assert verdict.status is Status.TAMPERED
    assert outcome(verdict, "signature") is Outcome.FAILED


def test_whitespace_change_in_the_payload_is_tampered_too() -> None:
    envelope = json.loads(SAMPLE)
    envelope["payload"] = envelope["payload"].replace('{"id"', '{ "id"', 1)
    assert verify_europass(json.dumps(envelope), now=NOW).status is Status.TAMPERED


def _with_protected(change: dict[str, Any]) -> str:
    envelope = json.loads(SAMPLE)
    seal = envelope["signatures"][0]
    header = json.loads(base64.urlsafe_b64decode(seal["protected"] + "=="))
    header.update(change)
    seal["protected"] = b64u_json(header)
    return json.dumps(envelope)


def test_unknown_crit_is_unsupported() -> None:
    verdict = verify_europass(_with_protected({"crit": ["b64", "sigT", "adoTst", "sigD"],
                                               "sigD": {}}), now=NOW)
    assert verdict.status is Status.UNSUPPORTED
    assert "sigD" in verdict.summary


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"alg": "none"}, Status.UNSUPPORTED),
        ({"alg": "HS256"}, Status.UNSUPPORTED),
        ({"x5c": ["not base64!"]}, Status.MALFORMED),
        ({"x5c": []}, Status.MALFORMED),
    ],
)
def test_hostile_seal_headers(change: dict[str, Any], expected: Status) -> None:
    verdict = verify_europass(_with_protected(change), now=NOW)
    assert verdict.status is expected
    assert verdict.summary


def test_changed_protected_header_breaks_the_seal() -> None:
    verdict = verify_europass(_with_protected({"sigT": "2023-09-27T12:07:02Z"}), now=NOW)
    assert verdict.status is Status.TAMPERED


@pytest.mark.parametrize("text", ["", "[]", "{}", '{"payload": 1, "signatures": []}',
                                  '{"payload": "{}", "signatures": [1]}', "[" * 10000])
def test_garbage_is_malformed(text: str) -> None:
    verdict = verify_europass(text, now=NOW)
    assert verdict.status is Status.MALFORMED
    assert verdict.summary


# -- our own JAdES-like seal, to test expiry, the thumbprint and sigT outside the cert ----------

KEY = rsa_key()


def _certificate(not_before: dt.datetime, not_after: dt.datetime) -> x509.Certificate:
    name = x509.Name([x509.NameAttribute(x509.NameOID.COMMON_NAME, "Test University Seal")])
    return (x509.CertificateBuilder().subject_name(name).issuer_name(name)
            .public_key(KEY.public_key()).serial_number(7)
            .not_valid_before(not_before).not_valid_after(not_after)
            .sign(KEY, hashes.SHA256()))


def seal(credential: dict[str, Any], *, sig_time: str = "2026-03-01T10:00:00Z",
         thumb: str | None = None) -> str:
    cert = _certificate(dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
                        dt.datetime(2027, 1, 1, tzinfo=dt.UTC))
    der = cert.public_bytes(serialization.Encoding.DER)
    header = {"alg": "RS256", "b64": False, "crit": ["b64", "sigT"], "sigT": sig_time,
              "x5c": [base64.b64encode(der).decode()],
              "x5t#S256": thumb or b64u(hashlib.sha256(der).digest())}
    protected = b64u_json(header)
    payload = json.dumps(credential)
    signature = KEY.sign(f"{protected}.{payload}".encode(), padding.PKCS1v15(), hashes.SHA256())
    return json.dumps({"payload": payload, "signatures": [
        {"protected": protected, "signature": b64u(signature)}]})


def edc(**extra: Any) -> dict[str, Any]:
    return {"@context": ["https://www.w3.org/2018/credentials/v1"], "id": "urn:credential:1",
            "type": ["VerifiableCredential", "EuropeanDigitalCredential"],
            "issuer": {"id": "urn:epass:org:1"}, "issuanceDate": "2026-03-01T10:00:00Z",
            "credentialSubject": {"id": "urn:epass:person:1"}, **extra}


def own_list(**extra: Any) -> tuple[SealTrustList, ...]:
    return trust_list({"sha256": leaf_sha256(seal(edc())), "organisation": "Test University",
                       **extra})


def test_own_seal_verifies_and_expiry_comes_from_the_payload() -> None:
    lists = own_list()
    assert verify_europass(seal(edc()), now=NOW, trust_lists=lists).status is Status.VERIFIED
    assert verify_europass(seal(edc(expirationDate="2026-06-01T00:00:00Z")),
                           now=NOW, trust_lists=lists).status is Status.EXPIRED
    assert verify_europass(seal(edc(validUntil="2026-06-01T00:00:00Z")),
                           now=NOW, trust_lists=lists).status is Status.EXPIRED


def test_own_seal_without_a_trust_list_is_unverifiable() -> None:
    verdict = verify_europass(seal(edc()), now=NOW)
    assert verdict.status is Status.UNVERIFIABLE
    assert outcome(verdict, "signature") is Outcome.PASSED


def test_a_trust_list_entry_for_other_issuers_does_not_tie_the_seal() -> None:
    lists = own_list(issuers=["urn:epass:org:2"])
    verdict = verify_europass(seal(edc()), now=NOW, trust_lists=lists)
    assert verdict.status is Status.UNVERIFIABLE
    check = next(c for c in verdict.checks if c.name == "trust_list")
    assert "for Test University, but not for issuer urn:epass:org:1" in check.detail
    lists = own_list(issuers=["urn:epass:org:1"])
    assert verify_europass(seal(edc()), now=NOW, trust_lists=lists).status is Status.VERIFIED


def _ca_and_leaf() -> tuple[x509.Certificate, x509.Certificate, Any]:
    ca_key, leaf_key = rsa_key(), rsa_key()
    ca_name = x509.Name([x509.NameAttribute(x509.NameOID.COMMON_NAME, "Test Seal CA")])
    leaf_name = x509.Name([x509.NameAttribute(x509.NameOID.COMMON_NAME, "Uni Seal")])
    start, end = dt.datetime(2026, 1, 1, tzinfo=dt.UTC), dt.datetime(2027, 1, 1, tzinfo=dt.UTC)
    ca = (x509.CertificateBuilder().subject_name(ca_name).issuer_name(ca_name)
          .public_key(ca_key.public_key()).serial_number(1)
          .not_valid_before(start).not_valid_after(end).sign(ca_key, hashes.SHA256()))
    leaf = (x509.CertificateBuilder().subject_name(leaf_name).issuer_name(ca_name)
            .public_key(leaf_key.public_key()).serial_number(2)
            .not_valid_before(start).not_valid_after(end).sign(ca_key, hashes.SHA256()))
    return ca, leaf, leaf_key


def _sealed_with(cert: x509.Certificate, key: Any) -> str:
    der = cert.public_bytes(serialization.Encoding.DER)
    header = {"alg": "RS256", "b64": False, "crit": ["b64", "sigT"],
              "sigT": "2026-03-01T10:00:00Z", "x5c": [base64.b64encode(der).decode()],
              "x5t#S256": b64u(hashlib.sha256(der).digest())}
    protected = b64u_json(header)
    payload = json.dumps(edc())
    signature = key.sign(f"{protected}.{payload}".encode(), padding.PKCS1v15(), hashes.SHA256())
    return json.dumps({"payload": payload, "signatures": [
        {"protected": protected, "signature": b64u(signature)}]})


def test_a_certificate_issued_by_a_listed_ca_is_tied_to_its_organisation() -> None:
    ca, leaf, leaf_key = _ca_and_leaf()
    pem = ca.public_bytes(serialization.Encoding.PEM).decode()
    lists = trust_list({"ca_pem": pem, "organisation": "Test University"})
    verdict = verify_europass(_sealed_with(leaf, leaf_key), now=NOW, trust_lists=lists)
    assert verdict.status is Status.VERIFIED, verdict.summary
    # A self-made certificate that merely copies the CA's name as its issuer is not tied.
    fake_ca, _, _ = _ca_and_leaf()
    impostor = (x509.CertificateBuilder().subject_name(leaf.subject).issuer_name(ca.subject)
                .public_key(leaf_key.public_key()).serial_number(3)
                .not_valid_before(leaf.not_valid_before_utc)
                .not_valid_after(leaf.not_valid_after_utc).sign(leaf_key, hashes.SHA256()))
    verdict = verify_europass(_sealed_with(impostor, leaf_key), now=NOW, trust_lists=lists)
    assert verdict.status is Status.UNVERIFIABLE
    assert fake_ca.subject == ca.subject  # same name, other key: names alone prove nothing


def test_thumbprint_of_another_certificate_is_tampered() -> None:
    verdict = verify_europass(seal(edc(), thumb=b64u(b"\x00" * 32)), now=NOW)
    assert verdict.status is Status.TAMPERED
    assert outcome(verdict, "certificate_binding") is Outcome.FAILED


def test_signing_time_outside_the_certificate_validity_fails_the_seal() -> None:
    verdict = verify_europass(seal(edc(), sig_time="2025-06-01T00:00:00Z"), now=NOW)
    assert verdict.status is Status.TAMPERED
    assert outcome(verdict, "certificate") is Outcome.FAILED
