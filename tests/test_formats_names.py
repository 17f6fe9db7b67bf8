"""Real names for real badges (issue 10 §1): provisional titles, refreshed names, PDF issuers,
and credentials that name nothing at all."""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from portfolio_app.formats import parse
from portfolio_app.formats.common import display_title, readable_file_title
from portfolio_app.formats.refresh import refreshed_credential
from portfolio_app.ingest.extract import Extracted, extract
from portfolio_app.model import Container, CredentialFormat
from portfolio_app.services.importing import read_credential
from portfolio_app.verify.documents import CachedDocument, MemorySource
from portfolio_app.verify.engine import verify_credential
from portfolio_app.verify.verdict import Status
from tests.pdfmaker import make_pdf
from tests.verify_di_support import EXAMPLES_V2, NOW, VC2, Issuer

PUBLIC = Path(__file__).parent / "fixtures" / "public"
BADGE_URL = "https://example.org/robotics-badge.json"  # what both public OB 2.0 fixtures name
ISSUER_URL = "https://example.org/organization.json"
WHEN = datetime(2026, 11, 20, tzinfo=UTC)


@pytest.mark.parametrize(
    ("name", "title"),
    [
        ("google-data-analytics_certificate.png", "Google Data Analytics Certificate"),
        ("IBM SkillsBuild - Data Fundamentals.json", "IBM SkillsBuild Data Fundamentals"),
        ("/home/me/Downloads/intro-to-the-cloud.svg", "Intro to the Cloud"),
        ("badge.png", None),
        ("3f2a9c0d-11aa-4c3b-9d2e-5f6a7b8c9d0e.json", None),
        ("download(3).png", None),
    ],
)
def test_file_names_become_readable_titles_or_nothing(name: str, title: str | None) -> None:
    assert readable_file_title(name) == title


@pytest.mark.parametrize(
    "fixture", ["1edtech-ob2-baked-hosted.png", "1edtech-ob2-signed-rs256.jwt"]
)
def test_badge_class_by_url_is_titled_by_the_file_name_marked_provisional(
    fixture: str, tmp_path: Path
) -> None:
    """The public OB 2.0 fixtures name their BadgeClass by URL only, as Credly does."""
    suffix = Path(fixture).suffix
    saved = tmp_path / f"google-data-analytics_certificate{suffix}"
    shutil.copyfile(PUBLIC / fixture, saved)

    credential, _data = read_credential(saved)

    assert credential.title == "Google Data Analytics Certificate"
    assert credential.extra["title_provisional"] == "true"
    assert "file's name" in credential.extra["title_from"]
    assert display_title(credential) == "Google Data Analytics Certificate (provisional title)"
    assert credential.achievement_id == BADGE_URL  # matching still uses the badge's real id


def test_without_a_telling_file_name_the_url_segment_is_still_provisional(tmp_path: Path) -> None:
    saved = tmp_path / "badge.png"
    shutil.copyfile(PUBLIC / "1edtech-ob2-baked-hosted.png", saved)
    credential, _data = read_credential(saved)
    assert credential.title == "robotics-badge.json"
    assert display_title(credential).endswith("(provisional title)")


def test_an_embedded_badge_class_title_is_not_provisional() -> None:
    assertion = {
        "@context": "https://w3id.org/openbadges/v2",
        "type": "Assertion",
        "id": "https://issuer.example/assertions/1",
        "recipient": {"type": "email", "identity": "a@example.org", "hashed": False},
        "badge": {
            "id": "https://issuer.example/badges/1",
            "name": "Real Name",
            "issuer": ISSUER_URL,
        },
        "verification": {"type": "hosted"},
        "issuedOn": "2024-01-01",
    }
    credential = parse(
        Extracted(Container.JSON, json.dumps(assertion), "json"), file_name="other-name.json"
    )
    assert credential.title == "Real Name"
    assert display_title(credential) == "Real Name"


# -- refreshing from the cached badge class and issuer profile ---------------------------------


def _docs(*documents: tuple[str, dict[str, Any]], served_from: str | None = None) -> MemorySource:
    return MemorySource(
        CachedDocument(served_from or url, json.dumps(body).encode(), WHEN)
        for url, body in documents
    )


BADGE_CLASS = {
    "@context": "https://w3id.org/openbadges/v2",
    "type": "BadgeClass",
    "id": BADGE_URL,
    "name": "Awesome Robotics Badge",
    "description": "For doing awesome things with robots.",
    "image": "https://example.org/robotics-badge.png",
    "criteria": {"narrative": "Build a robot that sorts socks."},
    "alignment": [{"targetName": "Robotics", "targetUrl": "https://framework.example/robotics"}],
    "issuer": ISSUER_URL,
}
PROFILE = {
    "@context": "https://w3id.org/openbadges/v2",
    "type": "Issuer",
    "id": ISSUER_URL,
    "name": "An Example Badge Issuer",
}


def _provisional(tmp_path: Path) -> Any:
    saved = tmp_path / "my-robotics-badge.jwt"
    shutil.copyfile(PUBLIC / "1edtech-ob2-signed-rs256.jwt", saved)
    return read_credential(saved)[0]


def test_refresh_takes_names_from_the_documents_cached_at_their_own_urls(tmp_path: Path) -> None:
    before = _provisional(tmp_path)
    fresh = refreshed_credential(before, _docs((BADGE_URL, BADGE_CLASS), (ISSUER_URL, PROFILE)))

    assert fresh is not None
    assert fresh.title == "Awesome Robotics Badge"
    assert "title_provisional" not in fresh.extra
    assert display_title(fresh) == "Awesome Robotics Badge"
    assert fresh.description == "For doing awesome things with robots."
    assert fresh.issuer_name == "An Example Badge Issuer"
    assert fresh.issuer_id == ISSUER_URL
    assert fresh.extra["image"] == "https://example.org/robotics-badge.png"
    assert fresh.extra["criteria"] == "Build a robot that sorts socks."
    assert [a.name for a in fresh.alignments] == ["Robotics"]
    assert fresh.payload == before.payload  # the original is untouched
    # Once refreshed, nothing new is known.
    again = _docs((BADGE_URL, BADGE_CLASS), (ISSUER_URL, PROFILE))
    assert refreshed_credential(fresh, again) is None


def test_refresh_without_the_badge_class_knows_nothing_new(tmp_path: Path) -> None:
    assert refreshed_credential(_provisional(tmp_path), _docs((ISSUER_URL, PROFILE))) is None


def test_a_badge_class_that_is_not_the_one_at_its_url_renames_nothing(tmp_path: Path) -> None:
    """A bundle may not rename someone else's badge: the document must name itself by its URL."""
    other = dict(BADGE_CLASS, id="https://attacker.example/badge.json", name="Forged Name")
    assert refreshed_credential(_provisional(tmp_path), _docs((BADGE_URL, other))) is None
    # … nor a copy the cache says it fetched from somewhere else.
    moved = _docs((BADGE_URL, BADGE_CLASS), served_from="https://mirror.example/badge.json")
    assert refreshed_credential(_provisional(tmp_path), moved) is None


def test_an_embedded_issuer_name_is_never_taken_only_the_cached_profile(tmp_path: Path) -> None:
    embedded = dict(BADGE_CLASS, issuer={"id": ISSUER_URL, "name": "Harvard University"})
    wrong_profile = dict(PROFILE, id="https://attacker.example/issuer.json")
    fresh = refreshed_credential(
        _provisional(tmp_path), _docs((BADGE_URL, embedded), (ISSUER_URL, wrong_profile))
    )
    assert fresh is not None
    assert fresh.title == "Awesome Robotics Badge"
    assert fresh.issuer_name == "example.org"  # still the guess, not the embedded claim
    assert "Harvard" not in json.dumps(fresh.extra)


def test_refresh_leaves_other_formats_alone(tmp_path: Path) -> None:
    credential = replace(_provisional(tmp_path), format=CredentialFormat.PDF_CERTIFICATE)
    assert refreshed_credential(credential, _docs((BADGE_URL, BADGE_CLASS))) is None


# -- PDF certificates: the page text, not the metadata author ---------------------------------


def test_pdf_issuer_comes_from_the_page_not_the_template_designer() -> None:
    data = make_pdf(
        [
            "Mar 3, 2025",
            "Sam Learner",
            "has successfully completed",
            "Introduction to Data Science in Python",
            "an online non-credit course offered by University of Michigan through Coursera",
            "Verify at coursera.org/verify/QWERTY123456",
        ],
        author="Template Designer",
    )
    credential = parse(extract("certificate.pdf", data))

    assert credential.issuer_name != "Template Designer"
    assert credential.issuer_name == "Coursera"
    assert credential.extra["partner"] == "University of Michigan"
    assert credential.extra["metadata_author"] == "Template Designer"
    assert credential.extra["issuer_from"] == "the certificate text"
    guessed = credential.extra["guessed_fields"].split(", ")
    assert {"issuer", "date", "title"} <= set(guessed)


def test_pdf_with_only_a_metadata_author_has_no_issuer_and_says_how_to_set_it() -> None:
    data = make_pdf(["Certificate of Achievement", "Awarded to Sam Learner"], author="Canva Design")
    credential = parse(extract("certificate.pdf", data))

    assert credential.issuer_name == "Unknown issuer"
    assert "--issuer-name" in credential.extra["issuer_from"]
    assert "issuer" not in credential.extra.get("guessed_fields", "").split(", ")


# -- credentials that name nothing -------------------------------------------------------------


def _alumni(issuer: str) -> dict[str, Any]:
    return {
        "@context": [VC2, EXAMPLES_V2],
        "id": "urn:uuid:0b6d3c1e-4a5f-4e2b-9c8d-7e6f5a4b3c2d",
        "type": ["VerifiableCredential", "AlumniCredential"],
        "issuer": issuer,
        "validFrom": "2026-01-01T00:00:00Z",
        "credentialSubject": {"id": "did:example:learner-42", "alumniOf": "The School of Examples"},
    }


def test_a_signed_credential_without_a_name_is_titled_by_type_and_issuer() -> None:
    issuer = Issuer(7)
    signed = issuer.sign(_alumni("https://vc.example/issuers/5678"))
    credential = parse(Extracted(Container.JSON, json.dumps(signed), "json"))

    assert credential.title == "AlumniCredential from vc.example"
    assert "names no achievement" in credential.extra["title_from"]
    assert credential.extra["shown_from"] == "signed graph"


def test_a_nameless_credential_still_verifies() -> None:
    issuer = Issuer(8)
    signed = issuer.sign(_alumni(issuer.did))
    credential = parse(Extracted(Container.JSON, json.dumps(signed), "json"))

    assert credential.title == f"AlumniCredential from {issuer.did[:16]}…{issuer.did[-6:]}"
    assert verify_credential(credential, now=NOW).status is Status.VERIFIED


def test_a_nameless_credential_of_only_generic_type_is_still_kept() -> None:
    doc = _alumni("https://vc.example/issuers/5678")
    doc["@context"] = [VC2]
    doc["type"] = ["VerifiableCredential"]
    doc["credentialSubject"] = {"id": "did:example:learner-42"}
    credential = parse(Extracted(Container.JSON, json.dumps(doc), "json"))
    assert credential.title == "Verifiable Credential from vc.example"


# -- the shells: provisional marks, and names arriving with a trust bundle ---------------------


def test_a_trust_bundle_with_the_badge_class_renames_the_wallet_entry_and_keeps_history(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A Credly-style badge is listed under its file's name, marked provisional, until the
    career centre's bundle brings its BadgeClass and issuer Profile; then list and show use
    the real names, and show --json keeps what was shown before."""
    from portfolio_app.cli import main

    profile = str(tmp_path / "p")
    saved = tmp_path / "my-robotics-badge.jwt"
    shutil.copyfile(PUBLIC / "1edtech-ob2-signed-rs256.jwt", saved)
    assert main(["--data-dir", profile, "import", str(saved)]) in (0, 1)
    capsys.readouterr()
    assert main(["--data-dir", profile, "list"]) == 0
    assert "My Robotics Badge (provisional title)" in capsys.readouterr().out

    bundle = tmp_path / "bundle"
    bundle.mkdir()
    (bundle / "badge.json").write_text(json.dumps(BADGE_CLASS), encoding="utf-8")
    (bundle / "issuer.json").write_text(json.dumps(PROFILE), encoding="utf-8")
    index = {"documents": {BADGE_URL: {"file": "badge.json"}, ISSUER_URL: {"file": "issuer.json"}}}
    (bundle / "index.json").write_text(json.dumps(index), encoding="utf-8")
    assert main(["--data-dir", profile, "trust", "import", str(bundle)]) == 0
    capsys.readouterr()

    assert main(["--data-dir", profile, "list", "--json"]) == 0
    (row,) = json.loads(capsys.readouterr().out)
    assert row["title"] == "Awesome Robotics Badge"
    assert row["title_provisional"] is False
    assert row["issuer"] == "An Example Badge Issuer"
    assert main(["--data-dir", profile, "show", str(row["id"]), "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert any("My Robotics Badge" in json.dumps(h) for h in shown["shown_history"])

    # Re-checking reads the file again (provisional) but the documents still say who it is:
    # the names stay, and no new history row appears.
    main(["--data-dir", profile, "reverify"])
    capsys.readouterr()
    assert main(["--data-dir", profile, "show", str(row["id"]), "--json"]) == 0
    again = json.loads(capsys.readouterr().out)
    assert again["title"] == "Awesome Robotics Badge"
    assert len(again["shown_history"]) == len(shown["shown_history"])
