"""Parsing the formats from hand-made credentials: every field the model holds, and refusals
that name the missing field."""

from __future__ import annotations

import copy
import json
from datetime import UTC, datetime
from typing import Any

import pytest
from bakery import OB2_HOSTED_ASSERTION, OB3_CREDENTIAL, compact_jws, itxt, png, text_chunk
from hypothesis import given, settings
from hypothesis import strategies as st

from portfolio_app.errors import RejectedInput
from portfolio_app.formats import parse
from portfolio_app.ingest import Extracted, extract
from portfolio_app.model import Alignment, Container, CredentialFormat, CreditValue


def _json(obj: Any) -> Extracted:
    return extract("x.json", json.dumps(obj, indent=1).encode())


def test_ob2_hosted_assertion_in_a_png() -> None:
    text = json.dumps(OB2_HOSTED_ASSERTION)
    credential = parse(extract("x", png(after_idat=(itxt("openbadges", text),))))
    assert credential.format is CredentialFormat.OB2_HOSTED
    assert credential.container is Container.PNG
    assert credential.payload == text
    assert credential.title == "Python Fundamentals"
    assert credential.issuer_name == "Example University"
    assert credential.issuer_id == "https://badges.example.edu/issuer"
    assert credential.description == "Writes small Python programs."
    assert credential.achievement_id == "https://badges.example.edu/badges/python"
    assert credential.recipient == "sha256$abc"
    assert credential.issued == datetime(2024, 3, 1, 10, tzinfo=UTC)
    assert credential.valid_until == datetime(2027, 3, 1, tzinfo=UTC)
    assert credential.alignments == (
        Alignment(
            "Use programming languages", "http://data.europa.eu/esco/skill/abc", "ESCO", "S1.2"
        ),
    )
    assert credential.tags == ("python", "programming")
    assert credential.evidence == ("https://portfolio.example/project",)
    assert credential.verification_url == "https://badges.example.edu/assertions/123"
    assert credential.extra["source"] == "png-itxt-openbadges"


def test_ob2_signed_jws() -> None:
    token = compact_jws(OB2_HOSTED_ASSERTION | {"verification": {"type": "SignedBadge"}})
    credential = parse(extract("x.jws", token.encode()))
    assert credential.format is CredentialFormat.OB2_SIGNED
    assert credential.payload == token
    assert credential.title == "Python Fundamentals"


def test_ob2_issuer_given_as_url() -> None:
    assertion = copy.deepcopy(OB2_HOSTED_ASSERTION)
    assertion["badge"]["issuer"] = "https://issuer.example.net/profile.json"
    credential = parse(_json(assertion))
    assert credential.issuer_name == "issuer.example.net"
    assert credential.issuer_id == "https://issuer.example.net/profile.json"


def test_ob2_plain_json_claiming_signed_is_noted() -> None:
    assertion = OB2_HOSTED_ASSERTION | {"verification": {"type": "signed"}}
    credential = parse(_json(assertion))
    assert credential.format is CredentialFormat.OB2_HOSTED
    assert "without its signature" in credential.extra["note"]


def test_ob1_assertion_with_verify_url() -> None:
    assertion = {
        "uid": "abc",
        "recipient": {"type": "email", "hashed": False, "identity": "a@example.org"},
        "badge": "https://old.example.org/badges/first-aid.json",
        "verify": {"type": "hosted", "url": "https://old.example.org/assertions/abc.json"},
        "issuedOn": 1400000000,
    }
    credential = parse(_json(assertion))
    assert credential.format is CredentialFormat.OB1_HOSTED
    assert credential.title == "first-aid.json"
    assert credential.verification_url == "https://old.example.org/assertions/abc.json"
    assert credential.issued == datetime.fromtimestamp(1400000000, tz=UTC)
    assert credential.extra["spec"] == "Open Badges 1.x"


def test_ob2_without_badge_is_refused() -> None:
    assertion = {k: v for k, v in OB2_HOSTED_ASSERTION.items() if k != "badge"}
    with pytest.raises(RejectedInput, match="has no 'badge'"):
        parse(_json(assertion))


def test_legacy_baked_url() -> None:
    url = "https://badges.example.org/assertions/abc-42"
    credential = parse(extract("x", png(before_idat=(text_chunk("openbadges", url),))))
    assert credential.format is CredentialFormat.OB2_HOSTED
    assert credential.title == "abc-42"
    assert credential.issuer_name == "badges.example.org"
    assert credential.verification_url == url
    assert credential.payload == url
    assert credential.extra["note"].startswith("legacy baked URL")


def test_ob3_embedded_proof_fields() -> None:
    credential = parse(_json(OB3_CREDENTIAL))
    assert credential.format is CredentialFormat.OB3
    assert credential.title == "Data Literacy 101"
    assert credential.issuer_name == "Example College"
    assert credential.issuer_id == "did:key:z6MkExample"
    assert credential.recipient == "sha256$def"
    assert credential.achievement_id == "https://example.edu/achievements/data-101"
    assert credential.valid_from == credential.issued == datetime(2024, 5, 1, tzinfo=UTC)
    assert credential.valid_until == datetime(2029, 5, 1, tzinfo=UTC)
    assert credential.credits == (CreditValue(5.0, "ECTS"),)
    assert credential.extra["credits_available"] == "6 ECTS"
    assert credential.alignments == (
        Alignment(
            "Statistics", "https://example.org/frameworks/stats", "Example Framework", "ST-1"
        ),
    )
    assert credential.evidence == ("https://example.edu/evidence/1", "Essay")
    assert credential.tags == ("data", "statistics")
    assert credential.extra["proofs"] == "DataIntegrityProof/eddsa-rdfc-2022"


def test_ob3_credits_available_only_default_unit() -> None:
    cred = copy.deepcopy(OB3_CREDENTIAL)
    del cred["credentialSubject"]["creditsEarned"]
    del cred["credentialSubject"]["achievement"]["creditUnit"]
    assert parse(_json(cred)).credits == (CreditValue(6.0, "credits"),)


def test_ob3_vc_jwt_with_vc_claim_and_jwt_dates() -> None:
    inner = {
        k: v
        for k, v in OB3_CREDENTIAL.items()
        if k not in ("validFrom", "validUntil", "proof", "id")
    }
    token = compact_jws({"vc": inner, "nbf": 1700000000, "exp": 1900000000, "jti": "urn:uuid:j1"})
    credential = parse(extract("x.jwt", token.encode()))
    assert credential.format is CredentialFormat.OB3_JWT
    assert credential.payload == token
    assert credential.title == "Data Literacy 101"
    assert credential.valid_from == datetime.fromtimestamp(1700000000, tz=UTC)
    assert credential.valid_until == datetime.fromtimestamp(1900000000, tz=UTC)
    assert credential.credential_id == "urn:uuid:j1"


def test_jws_with_alg_none_still_parses() -> None:
    token = compact_jws(OB3_CREDENTIAL, header={"alg": "none"}, signature=b"")
    credential = parse(extract("x", token.encode()))
    assert credential.format is CredentialFormat.OB3_JWT
    assert credential.extra["jwt_alg"] == "none"


def test_clr_counts_nested_credentials() -> None:
    clr = {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "type": ["VerifiableCredential", "ClrCredential"],
        "id": "urn:uuid:clr-1",
        "name": "Transcript 2025",
        "issuer": {"id": "https://registrar.example.edu", "name": "Example Registrar"},
        "validFrom": "2025-07-01T00:00:00Z",
        "credentialSubject": {
            "type": ["ClrSubject"],
            "id": "did:example:learner",
            "verifiableCredential": [OB3_CREDENTIAL, OB3_CREDENTIAL, OB3_CREDENTIAL],
            "achievement": [{"name": "A"}, {"name": "B"}],
        },
    }
    credential = parse(_json(clr))
    assert credential.format is CredentialFormat.CLR2
    assert credential.title == "Transcript 2025"
    assert credential.extra["nested_credentials"] == "3"
    assert parse(extract("x", compact_jws(clr).encode())).format is CredentialFormat.CLR2_JWT


def test_generic_vc_is_titled_by_its_most_specific_type_and_issuer() -> None:
    vc = {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "type": ["VerifiableCredential", "LibraryCardCredential"],
        "issuer": "https://library.example.org/",
        "credentialSubject": {"id": "did:example:1"},
    }
    credential = parse(_json(vc))
    assert credential.format is CredentialFormat.VC
    assert credential.title == "LibraryCardCredential from library.example.org"
    assert credential.issuer_name == "library.example.org"
    assert credential.extra["proofs"] == "none"


def test_vc_without_issuer_names_the_field() -> None:
    vc = {"type": ["VerifiableCredential"], "name": "x", "credentialSubject": {"id": "a"}}
    with pytest.raises(RejectedInput, match="no 'issuer'"):
        parse(_json(vc))


def test_vc_without_subject_names_the_field() -> None:
    vc = {"type": ["VerifiableCredential"], "name": "x", "issuer": "did:example:1"}
    with pytest.raises(RejectedInput, match="no 'credentialSubject'"):
        parse(_json(vc))


def test_unsealed_edc_language_maps() -> None:
    edc = {
        "type": ["VerifiableCredential", "EuropeanDigitalCredential"],
        "id": "urn:credential:1",
        "issuer": {
            "id": "urn:epass:org:1",
            "legalName": {"fr": "Université Exemple", "de": "Beispiel"},
        },
        "issuanceDate": "2024-02-02T00:00:00Z",
        "credentialSubject": {
            "id": "urn:epass:person:1",
            "hasClaim": [
                {
                    "type": "LearningAchievement",
                    "specifiedBy": {
                        "title": {"fr": "Master en chimie", "en": "Master in Chemistry"},
                        "creditPoint": [
                            {"point": "120", "framework": {"prefLabel": {"en": "ECTS"}}}
                        ],
                    },
                }
            ],
        },
    }
    credential = parse(_json(edc))
    assert credential.format is CredentialFormat.EUROPASS_EDC
    assert credential.title == "Master in Chemistry"
    assert credential.issuer_name == "Université Exemple"
    assert credential.credits == (CreditValue(120.0, "ECTS"),)
    assert "not sealed" in credential.extra["note"]


def test_jades_envelope_without_edc_is_refused() -> None:
    envelope = {"payload": json.dumps({"hello": 1}), "signatures": [{"protected": "e30"}]}
    with pytest.raises(RejectedInput, match="does not hold a European Digital Credential"):
        parse(_json(envelope))


def test_valid_json_that_is_not_a_credential() -> None:
    with pytest.raises(RejectedInput) as caught:
        parse(_json({"name": "my-app", "version": "1.0.0", "private": True}))
    assert caught.value.reason == (
        "JSON is not a credential: no 'type' or '@context' "
        "(looks like an object with keys 'name', 'version', 'private')"
    )


def test_unknown_type_is_refused() -> None:
    with pytest.raises(RejectedInput) as caught:
        parse(_json({"@context": "https://schema.org", "type": "Person", "name": "Ada"}))
    assert caught.value.reason == (
        "JSON is not a credential: type 'Person' is not an Open Badge or Verifiable Credential"
    )


def test_badge_class_is_explained() -> None:
    with pytest.raises(RejectedInput, match="BadgeClass"):
        parse(_json(OB2_HOSTED_ASSERTION["badge"] | {"@context": "https://w3id.org/openbadges/v2"}))


def test_jws_whose_payload_is_not_an_object() -> None:
    with pytest.raises(
        RejectedInput, match="JWS payload is not a credential: the top-level value is a list"
    ):
        parse(extract("x", compact_jws([1, 2]).encode()))


def test_svg_hosted_url_only() -> None:
    ns = "http://openbadges.org"
    data = (
        f'<svg xmlns="http://www.w3.org/2000/svg" xmlns:openbadges="{ns}">'
        '<openbadges:assertion verify="https://b.example.org/a/77"/></svg>'
    ).encode()
    credential = parse(extract("x", data))
    assert credential.format is CredentialFormat.OB2_HOSTED
    assert credential.container is Container.SVG
    assert credential.title == "77"
    assert credential.extra["note"].startswith("hosted URL only")


def test_garbage_payload_in_a_badge_chunk() -> None:
    with pytest.raises(RejectedInput, match="neither JSON, a compact JWS, nor a hosted"):
        parse(extract("x", png(before_idat=(itxt("openbadges", "hello there"),))))


# -- property: credential-shaped junk is refused with a reason, never a crash ----------------

_KEYS = st.sampled_from(
    [
        "type",
        "@context",
        "id",
        "name",
        "issuer",
        "badge",
        "recipient",
        "credentialSubject",
        "achievement",
        "validFrom",
        "validUntil",
        "issuanceDate",
        "issuedOn",
        "expires",
        "alignment",
        "evidence",
        "tags",
        "tag",
        "proof",
        "verification",
        "hasClaim",
        "title",
        "payload",
        "signatures",
        "creditsAvailable",
        "creditsEarned",
        "identifier",
        "vc",
        "legalName",
        "en",
    ]
)
_VALUES = st.sampled_from(
    [
        "Assertion",
        "VerifiableCredential",
        "OpenBadgeCredential",
        "ClrCredential",
        "EuropeanDigitalCredential",
        "https://w3id.org/openbadges/v2",
        "https://x.example/a/b",
        "did:key:z6Mk",
        "2024-01-01",
        "not a date",
        "",
    ]
)
_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | _VALUES,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_KEYS, inner, max_size=6),
    max_leaves=25,
)


@settings(max_examples=150, deadline=None)
@given(doc=st.dictionaries(_KEYS, _JSON, max_size=8))
def test_credential_shaped_junk_never_crashes(doc: dict[str, Any]) -> None:
    for data in (json.dumps(doc).encode(), compact_jws(doc).encode()):
        try:
            credential = parse(extract("x", data))
        except RejectedInput as exc:
            assert exc.reason
        else:
            assert credential.title
            assert credential.issuer_name
