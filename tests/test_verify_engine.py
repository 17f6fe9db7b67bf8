"""The verification entry point: dispatch, a verdict per public fixture, no network, no crash."""

from __future__ import annotations

import dataclasses
import socket
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from verify_jose_support import FIXTURES, NOW, doc, memory, png_itxt, svg_vcjwt

from portfolio_app.errors import RejectedInput
from portfolio_app.formats import parse
from portfolio_app.ingest.extract import extract
from portfolio_app.model import Container, Credential, CredentialFormat
from portfolio_app.verify.engine import PDF_NOT_CHECKED, verify_credential
from portfolio_app.verify.verdict import Outcome, Status

F = CredentialFormat
STATUS_LIST_URL = ("https://raw.githubusercontent.com/digitalcredentials/verifier-core/refs/heads/"
                   "main/src/test-fixtures/status/e5WK8CbZ1GjycuPombrj")


def credential(
    fmt: CredentialFormat, payload: str, container: Container = Container.JSON, **extra: Any
) -> Credential:
    """A credential as the app holds it: JSON-LD ones are parsed, so what they show was read
    from their signed graph (the verifier refuses ``verified`` otherwise)."""
    if fmt in (F.OB3, F.CLR2, F.VC) and payload.lstrip().startswith("{") and not extra:
        try:
            parsed = parse(extract("credential.json", payload.encode("utf-8")))
        except RejectedInput:
            pass
        else:
            return dataclasses.replace(parsed, format=fmt, container=container)
    return Credential(format=fmt, container=container, title="t", issuer_name="i",
                      payload=payload, **extra)


def text(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


# The W3C vectors name an https issuer but sign with a did:key; whether that is "unverifiable"
# (key not tied to the issuer) or "malformed" (examples context not bundled) is the Linked-Data
# verifier's policy. Either way it must not come out verified.
W3C_VECTOR = frozenset({Status.UNVERIFIABLE, Status.MALFORMED})

# Every public fixture, as the importer would hand it over, and the verdict expected offline
# with an empty document cache.
PUBLIC: dict[str, tuple[Callable[[], Credential], Status | frozenset[Status]]] = {
    "w3c eddsa-rdfc-2022 (issuer is not the key's controller)": (
        lambda: credential(F.VC, text("w3c-vcdieddsa-eddsa-rdfc-2022-signed.json")),
        W3C_VECTOR),
    "w3c Ed25519Signature2020 (issuer is not the key's controller)": (
        lambda: credential(F.VC, text("w3c-vcdieddsa-ed25519signature2020-signed.json")),
        W3C_VECTOR),
    "1EdTech OB3 test vector": (
        lambda: credential(F.OB3, text("1edtech-obv3-eddsa-testvector.json")),
        Status.UNVERIFIABLE),  # key only in its own id; the issuer's document is not cached
    "DCC basic did:key": (
        lambda: credential(F.OB3, text("dcc-obv3-vc2-eddsa-didkey-basic.json")), Status.VERIFIED),
    "DCC proof set": (
        lambda: credential(F.OB3, text("dcc-obv3-vc2-proofset-eddsa+ed25519-didkey.json")),
        Status.VERIFIED),
    "DCC revoked+expired (list not cached)": (
        lambda: credential(F.OB3, text("dcc-obv3-vc2-eddsa-didkey-revoked-expired.json")),
        Status.EXPIRED),
    "DCC status list credential": (
        lambda: credential(F.VC, text("dcc-bitstring-statuslist-e5WK8CbZ1GjycuPombrj.json")),
        Status.VERIFIED),
    "DCC VC 1.1 expired": (
        lambda: credential(F.OB3, text("dcc-obv3-vc1-ed25519-didkey-expired.json")),
        Status.EXPIRED),
    "1EdTech baked PNG, embedded proof": (
        lambda: credential(F.OB3, png_itxt(FIXTURES / "1edtech-obv3-baked-embeddedproof.png",
                                            "openbadgecredential"), Container.PNG),
        Status.UNVERIFIABLE),
    "1EdTech baked SVG, VC-JWT": (
        lambda: credential(F.OB3_JWT, svg_vcjwt()), Status.UNVERIFIABLE),  # header jwk only
    "1EdTech OB2 baked hosted PNG": (
        lambda: credential(F.OB2_HOSTED, png_itxt(FIXTURES / "1edtech-ob2-baked-hosted.png",
                                                  "openbadges")),
        Status.UNVERIFIABLE),
    "1EdTech OB2 signed JWS (no key cached)": (
        lambda: credential(F.OB2_SIGNED, text("1edtech-ob2-signed-rs256.jwt")),
        Status.UNVERIFIABLE),
    "1EdTech OB2 key document (not a credential)": (
        lambda: credential(F.OB2_HOSTED, text("1edtech-ob2-signed-rs256.key1.json")),
        Status.MALFORMED),
    "Europass EDC JAdES": (
        lambda: credential(F.EUROPASS_EDC, text("europass-edc-elm3-jades-sealed.jsonld")),
        Status.UNVERIFIABLE),  # seal intact, but no sealing trust list is held
}


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Make any attempt to open a connection fail loudly (and record it)."""
    attempts: list[str] = []

    def refuse(*args: Any, **kwargs: Any) -> Any:
        attempts.append(repr(args[:2]))
        raise AssertionError("verification tried to open a network connection")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    return attempts


@pytest.mark.parametrize("name", list(PUBLIC))
def test_every_public_fixture_gets_its_verdict_without_the_network(
    name: str, no_network: list[str]
) -> None:
    factory, expected = PUBLIC[name]
    payload_credential = factory()
    verdict = verify_credential(payload_credential, now=NOW)
    allowed = expected if isinstance(expected, frozenset) else {expected}
    assert verdict.status in allowed, verdict.summary
    assert verdict.summary
    assert verdict.facts["format"] == payload_credential.format.value
    assert no_network == []


def test_a_cached_status_list_from_another_issuer_does_not_count(no_network: list[str]) -> None:
    # The DCC revoked fixture's list is signed by another DCC test key than its issuer.
    docs = memory(doc(STATUS_LIST_URL, text("dcc-bitstring-statuslist-e5WK8CbZ1GjycuPombrj.json")
                      .encode()))
    verdict = verify_credential(
        credential(F.OB3, text("dcc-obv3-vc2-eddsa-didkey-revoked-expired.json")),
        docs=docs, now=NOW)
    assert verdict.status is Status.EXPIRED
    status = next(c for c in verdict.checks if c.name == "status")
    assert status.outcome is Outcome.NOT_CHECKED and "does not count" in status.detail


def test_ob2_signed_fixture_verifies_through_the_engine_with_a_trust_bundle() -> None:
    ob2 = "https://w3id.org/openbadges/v2"
    docs = memory(
        doc("http://example.org/key1.json", (FIXTURES / "1edtech-ob2-signed-rs256.key1.json")
            .read_bytes()),
        doc("https://example.org/robotics-badge.json",
            {"@context": ob2, "type": "BadgeClass", "id": "https://example.org/robotics-badge.json",
             "name": "Robotics", "issuer": "https://example.org/organization.json"}),
        doc("https://example.org/organization.json",
            {"@context": ob2, "type": "Issuer", "id": "https://example.org/organization.json",
             "name": "Example", "publicKey": "http://example.org/key1.json"}),
    )
    verdict = verify_credential(credential(F.OB2_SIGNED, text("1edtech-ob2-signed-rs256.jwt")),
                                docs=docs, now=NOW, learner_emails=["nobody@example.org"])
    assert verdict.status is Status.VERIFIED
    recipient = next(c for c in verdict.checks if c.name == "recipient")
    assert recipient.outcome is Outcome.PASSED


def test_pdf_certificate_is_self_reported() -> None:
    verdict = verify_credential(credential(F.PDF_CERTIFICATE, "", self_reported=True), now=NOW)
    assert verdict.status is Status.UNVERIFIABLE
    got = {c.name: (c.outcome, c.detail) for c in verdict.checks}
    assert got["format"][0] is Outcome.PASSED
    assert got["signature"] == (Outcome.NOT_CHECKED, PDF_NOT_CHECKED)


def test_format_label_and_payload_disagree_payload_wins() -> None:
    # A VC-JWT labelled as OB3 (embedded proof) is still verified as a JWT.
    verdict = verify_credential(credential(F.OB3, svg_vcjwt()), now=NOW)
    assert verdict.facts["proof"] == "VC-JWT RS256"
    assert verdict.status is Status.UNVERIFIABLE  # its header jwk is not tied to the issuer
    # A signed OB2 JWS labelled as hosted is verified as signed.
    verdict = verify_credential(credential(F.OB2_HOSTED, text("1edtech-ob2-signed-rs256.jwt")),
                                now=NOW)
    assert verdict.facts["proof"].startswith("OB 2.0 JWS")


def test_self_reported_verified_fields_are_ignored() -> None:
    payload = text("dcc-obv3-vc2-eddsa-didkey-basic.json").replace(
        '"name"', '"verified": true, "status": "verified", "name"', 1)
    verdict = verify_credential(credential(F.OB3, payload), now=NOW)
    assert verdict.status is not Status.VERIFIED


def test_legacy_hosted_url_payload() -> None:
    url = "https://example.org/beths-robotics-badge.json"
    assert verify_credential(credential(F.OB2_HOSTED, url), now=NOW).status is Status.UNVERIFIABLE
    gone = memory(doc(url, b"", status=410))
    assert verify_credential(credential(F.OB2_HOSTED, url), docs=gone,
                             now=NOW).status is Status.REVOKED


@pytest.mark.parametrize("fmt", list(CredentialFormat))
@pytest.mark.parametrize("payload", ["", "   ", "null", "[]", "{}", "a.b.c", "{" * 10_000,
                                     "[" * 10_000 + "]" * 10_000, "\x00\xff", "http://x"])
def test_garbage_never_raises(fmt: CredentialFormat, payload: str) -> None:
    verdict = verify_credential(credential(fmt, payload), now=NOW)
    assert verdict.status in (Status.MALFORMED, Status.UNSUPPORTED, Status.UNVERIFIABLE)
    assert verdict.summary


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(fmt=st.sampled_from(list(CredentialFormat)), payload=st.text(max_size=300))
def test_random_text_never_raises(fmt: CredentialFormat, payload: str) -> None:
    verdict = verify_credential(credential(fmt, payload), now=NOW)
    assert verdict.status is not Status.VERIFIED or fmt is F.PDF_CERTIFICATE
