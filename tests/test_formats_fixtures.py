"""Every real public sample credential imports as what it is (the key file is refused)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from portfolio_app.errors import RejectedInput
from portfolio_app.formats import parse
from portfolio_app.ingest import extract, read_file
from portfolio_app.model import Container
from portfolio_app.model import CredentialFormat as F

DID_DCC = "did:key:z6MknNQD1WHLGGraFi6zcbGevuAgkVfdyCdtZnQTGWVVvR5Q"

# file: (format, container, title, issuer name, issued)
EXPECTED = {
    "1edtech-ob2-baked-hosted.png": (
        F.OB2_HOSTED,
        Container.PNG,
        "robotics-badge.json",
        "example.org",
        datetime(2016, 12, 31, 23, 59, 59, tzinfo=UTC),
    ),
    "1edtech-ob2-signed-rs256.jwt": (
        F.OB2_SIGNED,
        Container.JWT,
        "robotics-badge.json",
        "example.org",
        datetime(2016, 12, 31, 23, 59, 59, tzinfo=UTC),
    ),
    "1edtech-obv3-baked-embeddedproof.png": (
        F.OB3,
        Container.PNG,
        "Teamwork",
        "Example Corp",
        datetime(2010, 1, 1, tzinfo=UTC),
    ),
    "1edtech-obv3-baked-vcjwt.svg": (
        F.OB3_JWT,
        Container.SVG,
        "Teamwork",
        "Example Corp",
        datetime(2010, 1, 1, tzinfo=UTC),
    ),
    "1edtech-obv3-eddsa-testvector.json": (
        F.OB3,
        Container.JSON,
        "Teamwork",
        "Example Corp",
        datetime(2010, 1, 1, tzinfo=UTC),
    ),
    "dcc-bitstring-statuslist-e5WK8CbZ1GjycuPombrj.json": (
        F.VC,
        Container.JSON,
        "BitstringStatusListCredential from did:key:z6MknNQD…VVvR5Q",
        DID_DCC,
        datetime(2025, 1, 9, 15, 20, 2, 183000, tzinfo=UTC),
    ),
    "dcc-obv3-vc1-ed25519-didkey-expired.json": (
        F.OB3,
        Container.JSON,
        "Badge",
        "Digital Credentials Consortium Test Issuer",
        datetime(2025, 1, 9, 15, 6, 31, tzinfo=UTC),
    ),
    "dcc-obv3-vc2-eddsa-didkey-basic.json": (
        F.OB3,
        Container.JSON,
        "Teamwork",
        "Example Corp",
        datetime(2025, 1, 9, 15, 6, 31, tzinfo=UTC),
    ),
    "dcc-obv3-vc2-eddsa-didkey-revoked-expired.json": (
        F.OB3,
        Container.JSON,
        "Bachelors - v2 - revoked",
        "Example Corp",
        datetime(2010, 1, 1, tzinfo=UTC),
    ),
    "dcc-obv3-vc2-proofset-eddsa+ed25519-didkey.json": (
        F.OB3,
        Container.JSON,
        "Teamwork",
        "Example Corp",
        datetime(2010, 1, 1, tzinfo=UTC),
    ),
    "europass-edc-elm3-jades-sealed.jsonld": (
        F.EUROPASS_EDC,
        Container.JSON,
        "EDC Updates Webinar",
        "ORGANIZACION TEST",
        datetime.fromisoformat("2023-09-27T14:07:01+02:00"),
    ),
    "w3c-vcdiecdsa-ecdsa-sd-2023-base.json": (
        F.VC,
        Container.JSON,
        "Verifiable Credential from vc.example",
        "vc.example",
        None,
    ),
    "w3c-vcdiecdsa-ecdsa-sd-2023-derived.json": (
        F.VC,
        Container.JSON,
        "Verifiable Credential from vc.example",
        "vc.example",
        None,
    ),
    "w3c-vcdieddsa-ed25519signature2020-signed.json": (
        F.VC,
        Container.JSON,
        "Alumni Credential",
        "vc.example",
        datetime(2023, 1, 1, tzinfo=UTC),
    ),
    "w3c-vcdieddsa-eddsa-rdfc-2022-signed.json": (
        F.VC,
        Container.JSON,
        "Alumni Credential",
        "vc.example",
        datetime(2023, 1, 1, tzinfo=UTC),
    ),
}
KEY_FILE = "1edtech-ob2-signed-rs256.key1.json"


def test_the_table_covers_every_public_fixture(public_fixtures: Path) -> None:
    on_disk = {p.name for p in public_fixtures.iterdir() if p.suffix != ".md"}
    assert on_disk == set(EXPECTED) | {KEY_FILE}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_public_fixture_parses(public_fixtures: Path, name: str) -> None:
    fmt, container, title, issuer, issued = EXPECTED[name]
    extracted = extract(name, read_file(public_fixtures / name))
    credential = parse(extracted)
    assert credential.format is fmt
    assert credential.container is container
    assert credential.title == title
    assert credential.issuer_name == issuer
    assert credential.issued == issued
    assert credential.payload == extracted.payload  # kept exactly as extracted


def test_key_document_is_refused(public_fixtures: Path) -> None:
    with pytest.raises(RejectedInput) as caught:
        parse(extract(KEY_FILE, read_file(public_fixtures / KEY_FILE)))
    assert caught.value.reason == (
        "JSON is not a credential: it is an Open Badges CryptographicKey "
        "(an issuer's public key document)"
    )


def test_ob2_signed_details(public_fixtures: Path) -> None:
    raw = (public_fixtures / "1edtech-ob2-signed-rs256.jwt").read_text().strip()
    credential = parse(extract("x", raw.encode()))
    assert credential.payload == raw
    assert credential.recipient == (
        "sha256$ecf5409f3f4b91ab60cc5ef4c02aef7032354375e70cf4d8e43f6a1d29891942"
    )
    assert credential.credential_id == "https://example.org/beths-robotics-badge.json"
    assert credential.verification_url == "https://example.org/beths-robotics-badge.json"
    assert credential.evidence == ("https://example.org/beths-robot-work.html",)
    assert credential.extra["signing_key"] == "http://example.org/key1.json"
    assert "badge URL" in credential.extra["title_from"]


def test_ob3_details(public_fixtures: Path) -> None:
    data = read_file(public_fixtures / "dcc-obv3-vc2-eddsa-didkey-revoked-expired.json")
    credential = parse(extract("x", data))
    assert credential.valid_until == datetime(2010, 1, 2, tzinfo=UTC)
    assert (
        credential.achievement_id == "https://example.com/achievements/21st-century-skills/teamwork"
    )
    assert credential.credential_id == "urn:uuid:677fe8a6cacf98774d482d06"
    assert credential.issuer_id == "did:key:z6MkqBcwQ7qnRBRpgtsJQviLFeYxExMUE2k9nwKkMTF3DdRZ"
    assert credential.extra["status"] == "BitstringStatusListEntry"
    assert credential.extra["subject_name"] == "Sam Salmon"


def test_vc11_dates(public_fixtures: Path) -> None:
    credential = parse(
        extract("x", read_file(public_fixtures / "dcc-obv3-vc1-ed25519-didkey-expired.json"))
    )
    assert credential.valid_from == datetime(2025, 1, 9, 15, 6, 31, tzinfo=UTC)
    assert credential.valid_until == datetime(2025, 1, 9, 16, 23, 24, tzinfo=UTC)
    assert credential.extra["achievement_type"] == "Diploma"


def test_vc_jwt_in_svg_keeps_the_jws(public_fixtures: Path) -> None:
    extracted = extract("x", read_file(public_fixtures / "1edtech-obv3-baked-vcjwt.svg"))
    credential = parse(extracted)
    assert credential.payload == extracted.payload
    assert credential.payload.count(".") == 2
    assert credential.issuer_id == "https://1edtech.edu/issuers/565049"
    assert credential.credential_id == "http://example.com/credentials/3527"
    assert credential.extra["jwt_alg"] == "RS256"


def test_europass_details(public_fixtures: Path) -> None:
    raw = (public_fixtures / "europass-edc-elm3-jades-sealed.jsonld").read_text(encoding="utf-8")
    credential = parse(extract("x", raw.encode()))
    assert credential.payload == raw  # the whole sealed envelope, untouched
    assert json.loads(credential.payload)["signatures"]
    assert credential.credential_id == "urn:credential:43662fb0-c31c-4afb-b501-e85aea91c0a8"
    assert credential.issuer_id == "urn:epass:org:193a287f8-fdb3-42a6-9da4-caf52f539992"
    assert credential.valid_from == datetime(2023, 6, 28, 14, 30, tzinfo=UTC)
    assert credential.description.startswith(
        "The newest version of the European Digital Credential"
    )
    assert credential.extra["document_type"] == "Certificate of Participation"
    assert (
        credential.extra["awarding_body"]
        == "European Digital Credentials for Learning Support Team"
    )
    assert credential.extra["subject_name"] == "Ana Andromeda"
    assert credential.extra["seal_alg"] == "RS256"
