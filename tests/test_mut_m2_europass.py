"""Europass JAdES seals: every seal must hold and be on a trust list (found by ``make mutation``).

Seals are made here with certificates and RSA keys made here; the trust list is built here.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
from typing import Any

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from verify_jose_support import NOW, b64u, b64u_json, rsa_key

from portfolio_app.verify.documents import TrustFile
from portfolio_app.verify.europass import verify_europass
from portfolio_app.verify.registry import SealTrustList, load_trust
from portfolio_app.verify.verdict import Check, Outcome, Status, Verdict

START = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
END = dt.datetime(2027, 1, 1, tzinfo=dt.UTC)
KEY = rsa_key()
OTHER_KEY = rsa_key()


def _cert(key: rsa.RSAPrivateKey, name: str | None = "Test University Seal") -> x509.Certificate:
    attrs = (
        [x509.NameAttribute(x509.NameOID.COMMON_NAME, name)]
        if name
        else [x509.NameAttribute(x509.NameOID.ORGANIZATION_NAME, "Test University")]
    )
    subject = x509.Name(attrs)
    return (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(11)
        .not_valid_before(START)
        .not_valid_after(END)
        .sign(key, hashes.SHA256())
    )


CERT = _cert(KEY)
OTHER_CERT = _cert(OTHER_KEY)


def _credential(**extra: Any) -> dict[str, Any]:
    return {
        "@context": ["https://www.w3.org/2018/credentials/v1"],
        "id": "urn:credential:m2",
        "type": ["VerifiableCredential", "EuropeanDigitalCredential"],
        "issuer": {"id": "urn:epass:org:1"},
        "issuanceDate": "2026-03-01T10:00:00Z",
        "credentialSubject": {"id": "urn:epass:person:1"},
        **extra,
    }


def _seal(
    payload: str,
    *,
    key: rsa.RSAPrivateKey = KEY,
    cert: x509.Certificate = CERT,
    encoded: bool = False,
    **header_extra: Any,
) -> dict[str, Any]:
    der = cert.public_bytes(serialization.Encoding.DER)
    header: dict[str, Any] = {
        "alg": "RS256",
        "sigT": "2026-03-01T10:00:00Z",
        "x5c": [base64.b64encode(der).decode()],
        "x5t#S256": b64u(hashlib.sha256(der).digest()),
    }
    if not encoded:
        header.update({"b64": False, "crit": ["b64", "sigT"]})
    header.update(header_extra)
    header = {k: v for k, v in header.items() if v is not None}
    protected = b64u_json(header)
    signature = key.sign(f"{protected}.{payload}".encode(), padding.PKCS1v15(), hashes.SHA256())
    return {"protected": protected, "signature": b64u(signature)}


def _sealed(credential: dict[str, Any] | None = None, **kw: Any) -> str:
    payload = json.dumps(credential or _credential())
    return json.dumps({"payload": payload, "signatures": [_seal(payload, **kw)]})


def _trusted(*certs: x509.Certificate) -> tuple[SealTrustList, ...]:
    entries = [
        {
            "sha256": hashlib.sha256(c.public_bytes(serialization.Encoding.DER)).hexdigest(),
            "organisation": "Test University",
        }
        for c in certs
    ]
    body = json.dumps(
        {"name": "M2 sealing list", "as_of": "2026-11-01", "seal_certificates": entries}
    ).encode()
    when = dt.datetime(2026, 11, 1, tzinfo=dt.UTC)
    return load_trust([TrustFile("m2 list", body, when, "seals.json")]).trust_lists


def _check(verdict: Verdict, name: str) -> Check:
    return next(c for c in verdict.checks if c.name == name)


def test_a_trusted_seal_verifies_and_records_who_sealed_and_when() -> None:
    verdict = verify_europass(_sealed(), now=NOW, trust_lists=_trusted(CERT))
    assert verdict.status is Status.VERIFIED
    assert verdict.facts["proof"] == "JAdES seal"
    assert _check(verdict, "format").outcome is Outcome.PASSED
    assert verdict.facts["issuer_id"] == "urn:epass:org:1"
    assert verdict.facts["sealed_at"].startswith("2026-03-01T10:00:00")
    assert "Test University Seal" in _check(verdict, "signature").detail
    assert _check(verdict, "trust_list").outcome is Outcome.PASSED


def test_every_seal_must_be_on_a_trust_list_not_only_the_first() -> None:
    payload = json.dumps(_credential())
    envelope = {
        "payload": payload,
        "signatures": [_seal(payload), _seal(payload, key=OTHER_KEY, cert=OTHER_CERT)],
    }
    text = json.dumps(envelope)
    verdict = verify_europass(text, now=NOW, trust_lists=_trusted(CERT))
    assert verdict.status is Status.UNVERIFIABLE
    assert _check(verdict, "trust_list").outcome is Outcome.NOT_CHECKED
    both = verify_europass(text, now=NOW, trust_lists=_trusted(CERT, OTHER_CERT))
    assert both.status is Status.VERIFIED


def test_a_broken_second_seal_is_named_by_its_number() -> None:
    payload = json.dumps(_credential())
    envelope = {"payload": payload, "signatures": [_seal(payload), {"protected": "e30"}]}
    verdict = verify_europass(json.dumps(envelope), now=NOW, trust_lists=_trusted(CERT))
    assert verdict.status is Status.MALFORMED
    assert _check(verdict, "signature").detail.startswith("seal 2: ")
    single = {"payload": payload, "signatures": [{"protected": "e30"}]}
    lone = verify_europass(json.dumps(single), now=NOW)
    assert not _check(lone, "signature").detail.startswith("seal 1")


def test_the_flattened_form_with_a_base64url_payload_verifies() -> None:
    payload = b64u(json.dumps(_credential()).encode())
    flat = {"payload": payload, **_seal(payload, encoded=True)}
    verdict = verify_europass(json.dumps(flat), now=NOW, trust_lists=_trusted(CERT))
    assert verdict.status is Status.VERIFIED


def test_an_unsealed_europass_credential_is_unverifiable() -> None:
    verdict = verify_europass(json.dumps(_credential()), now=NOW)
    assert verdict.status is Status.UNVERIFIABLE
    assert _check(verdict, "signature").outcome is Outcome.NOT_CHECKED


@pytest.mark.parametrize(
    ("envelope", "phrase"),
    [
        ({"payload": "x", "signatures": "nope"}, "not a list"),
        ({"payload": 5, "signatures": []}, "'payload' is not a string"),
        ({"id": "x"}, "not a sealed Europass credential"),
        ({"payload": "{}", "credentialSubject": {}}, "not a sealed Europass credential"),
    ],
)
def test_an_unreadable_envelope_is_malformed(envelope: dict[str, Any], phrase: str) -> None:
    verdict = verify_europass(json.dumps(envelope), now=NOW)
    assert verdict.status is Status.MALFORMED
    assert phrase in _check(verdict, "format").detail


@pytest.mark.parametrize(
    ("change", "status", "phrase"),
    [
        ({"crit": None}, Status.MALFORMED, "must be listed in 'crit'"),
        ({"b64": "no"}, Status.MALFORMED, "not true/false"),
        ({"sigT": "the other day"}, Status.MALFORMED, "sigT"),
        ({"x5c": None, "x5u": "https://evil.example/c"}, Status.UNSUPPORTED, "x5u"),
        ({"x5c": None}, Status.MALFORMED, "no certificate"),
    ],
    ids=["b64-not-crit", "b64-odd", "sigT", "x5u", "no-x5c"],
)
def test_seal_header_refusals(change: dict[str, Any], status: Status, phrase: str) -> None:
    verdict = verify_europass(_sealed(**change), now=NOW, trust_lists=_trusted(CERT))
    assert verdict.status is status
    assert phrase in _check(verdict, "signature").detail


def test_an_unprotected_header_may_not_repeat_protected_parameters() -> None:
    envelope = json.loads(_sealed())
    envelope["signatures"][0]["header"] = {"x5c": ["AAAA"]}
    verdict = verify_europass(json.dumps(envelope), now=NOW, trust_lists=_trusted(CERT))
    assert verdict.status is Status.MALFORMED
    envelope["signatures"][0]["header"] = {"b64": True}
    verdict = verify_europass(json.dumps(envelope), now=NOW, trust_lists=_trusted(CERT))
    assert verdict.status is Status.MALFORMED
    envelope["signatures"][0]["header"] = {"sigTst": {}}
    assert verify_europass(json.dumps(envelope), now=NOW, trust_lists=_trusted(CERT)).status is (
        Status.VERIFIED
    )


def test_a_seal_without_a_thumbprint_is_intact_but_the_binding_is_not_checked() -> None:
    verdict = verify_europass(_sealed(**{"x5t#S256": None}), now=NOW, trust_lists=_trusted(CERT))
    assert _check(verdict, "certificate_binding").outcome is Outcome.NOT_CHECKED
    assert verdict.status is Status.VERIFIED


def test_a_seal_without_a_signing_time_judges_the_certificate_now() -> None:
    verdict = verify_europass(_sealed(sigT=None, crit=["b64"]), now=NOW, trust_lists=_trusted(CERT))
    check = _check(verdict, "certificate")
    assert check.outcome is Outcome.PASSED and "valid now" in check.detail
    later = verify_europass(
        _sealed(sigT=None, crit=["b64"]),
        now=END + dt.timedelta(days=1),
        trust_lists=_trusted(CERT),
    )
    assert later.status is Status.TAMPERED


@pytest.mark.parametrize("edge", [START, END])
def test_a_signing_time_on_the_certificates_own_edges_is_valid(edge: dt.datetime) -> None:
    sealed = _sealed(sigT=edge.strftime("%Y-%m-%dT%H:%M:%SZ"))
    verdict = verify_europass(sealed, now=NOW, trust_lists=_trusted(CERT))
    assert _check(verdict, "certificate").outcome is Outcome.PASSED


def test_a_sealed_payload_that_is_not_a_europass_credential_is_malformed() -> None:
    verdict = verify_europass(_sealed({"type": ["Other"], "id": "x"}), now=NOW)
    assert verdict.status is Status.MALFORMED
    assert "not a Europass credential" in _check(verdict, "format").detail


def test_a_certificate_without_a_common_name_is_named_by_its_subject() -> None:
    cert = _cert(KEY, name=None)
    verdict = verify_europass(_sealed(cert=cert), now=NOW, trust_lists=_trusted(cert))
    assert "O=Test University" in _check(verdict, "signature").detail
