"""Open Badges 2.0: the 1EdTech signed fixture, our own signed assertions, hosted badges."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from verify_jose_support import (
    FETCHED,
    FIXTURES,
    NOW,
    b64u_json,
    doc,
    memory,
    pem,
    png_itxt,
    rsa_key,
    sign_compact,
)

from portfolio_app.verify.documents import (
    CachedDocument,
    ChainedSource,
    EmptySource,
    FolderSource,
    MemorySource,
)
from portfolio_app.verify.ob2 import (
    hash_identity,
    recipient_check,
    verify_ob2_hosted,
    verify_ob2_signed,
)
from portfolio_app.verify.verdict import Outcome, Status, Verdict

OB2 = "https://w3id.org/openbadges/v2"
KEY1_URL = "http://example.org/key1.json"
BADGE_URL = "https://example.org/robotics-badge.json"
ISSUER_URL = "https://example.org/organization.json"
REVOCATIONS_URL = "https://example.org/revocations.json"
TOKEN = (FIXTURES / "1edtech-ob2-signed-rs256.jwt").read_text().strip()
KEY1 = (FIXTURES / "1edtech-ob2-signed-rs256.key1.json").read_bytes()
LEARNER = "nobody@example.org"


def outcome(verdict: Verdict, name: str) -> Outcome:
    return next(c.outcome for c in verdict.checks if c.name == name)


def badge_class(issuer: str = ISSUER_URL, badge_id: str = BADGE_URL) -> dict[str, Any]:
    return {"@context": OB2, "type": "BadgeClass", "id": badge_id, "name": "Robotics",
            "description": "Built a robot.", "image": "https://example.org/robot.png",
            "criteria": "https://example.org/criteria", "issuer": issuer}


def profile(**extra: Any) -> dict[str, Any]:
    return {"@context": OB2, "type": "Issuer", "id": ISSUER_URL, "name": "Example Robotics",
            "url": "https://example.org", "email": "badges@example.org",
            "publicKey": KEY1_URL, **extra}


def fixture_docs(*extra: CachedDocument, **profile_extra: Any) -> MemorySource:
    return memory(doc(KEY1_URL, KEY1), doc(BADGE_URL, badge_class()),
                  doc(ISSUER_URL, profile(**profile_extra)), *extra)


# -- the 1EdTech signed fixture --------------------------------------------------------------


def test_fixture_verifies_with_key1_profile_and_badge() -> None:
    verdict = verify_ob2_signed(TOKEN, docs=fixture_docs(), now=NOW, learner_emails=[LEARNER])
    assert verdict.status is Status.VERIFIED, verdict.summary
    assert outcome(verdict, "signature") is Outcome.PASSED
    assert outcome(verdict, "recipient") is Outcome.PASSED
    key_check = next(c for c in verdict.checks if c.name == "issuer_key")
    assert key_check.as_of == FETCHED


def test_fixture_from_a_folder_trust_bundle(tmp_path: Path) -> None:
    (tmp_path / "key1.json").write_bytes(KEY1)
    (tmp_path / "badge.json").write_text(json.dumps(badge_class()))
    (tmp_path / "issuer.json").write_text(json.dumps(profile()))
    (tmp_path / "index.json").write_text(json.dumps({"documents": {
        KEY1_URL: {"file": "key1.json", "fetched_at": "2026-11-01T10:00:00Z"},
        BADGE_URL: "badge.json",
        ISSUER_URL: {"file": "issuer.json"},
    }}))
    verdict = verify_ob2_signed(TOKEN, docs=FolderSource(tmp_path), now=NOW)
    assert verdict.status is Status.VERIFIED
    assert outcome(verdict, "recipient") is Outcome.NOT_CHECKED  # no email set


def test_fixture_with_another_rsa_key_is_tampered() -> None:
    key2 = {"@context": OB2, "id": KEY1_URL, "type": "CryptographicKey", "owner": ISSUER_URL,
            "publicKeyPem": pem(rsa_key())}
    docs = memory(doc(KEY1_URL, key2), doc(BADGE_URL, badge_class()), doc(ISSUER_URL, profile()))
    verdict = verify_ob2_signed(TOKEN, docs=docs, now=NOW)
    assert verdict.status is Status.TAMPERED
    assert outcome(verdict, "signature") is Outcome.FAILED


def test_fixture_without_documents_is_unverifiable_and_says_network() -> None:
    verdict = verify_ob2_signed(TOKEN, docs=EmptySource(), now=NOW)
    assert verdict.status is Status.UNVERIFIABLE
    assert "needs a network check" in verdict.summary


def test_fixture_with_only_the_key_cached_is_still_unverifiable() -> None:
    verdict = verify_ob2_signed(TOKEN, docs=memory(doc(KEY1_URL, KEY1)), now=NOW)
    assert verdict.status is Status.UNVERIFIABLE
    assert outcome(verdict, "signature") is Outcome.PASSED  # intact, but key not tied to issuer


@pytest.mark.parametrize(
    "entry",
    [
        {"id": "https://example.org/beths-robotics-badge.json", "revocationReason": "Cheated"},
        "https://example.org/beths-robotics-badge.json",
    ],
)
def test_fixture_revoked_by_the_profile_revocation_list(entry: Any) -> None:
    revocations = {"@context": OB2, "id": REVOCATIONS_URL, "type": "RevocationList",
                   "issuer": ISSUER_URL,
                   "revokedAssertions": [{"id": "urn:uuid:someone-else"}, entry]}
    docs = fixture_docs(doc(REVOCATIONS_URL, revocations), revocationList=REVOCATIONS_URL)
    verdict = verify_ob2_signed(TOKEN, docs=docs, now=NOW)
    assert verdict.status is Status.REVOKED
    if isinstance(entry, dict):
        assert "Cheated" in verdict.summary


def test_revocation_list_not_cached_is_reported_but_does_not_block() -> None:
    verdict = verify_ob2_signed(TOKEN, docs=fixture_docs(revocationList=REVOCATIONS_URL),
                                now=NOW)
    assert verdict.status is Status.VERIFIED
    assert outcome(verdict, "status") is Outcome.NOT_CHECKED
    assert "revocation not checked" in verdict.limits


def test_creator_not_listed_in_profile_is_tampered() -> None:
    docs = fixture_docs(publicKey="https://example.org/other-key.json")
    verdict = verify_ob2_signed(TOKEN, docs=docs, now=NOW)
    assert verdict.status is Status.TAMPERED
    assert "not listed" in verdict.summary


def test_key_owned_by_someone_else_is_refused() -> None:
    key = json.loads(KEY1)
    key["owner"] = "https://attacker.example/issuer.json"
    docs = memory(doc(KEY1_URL, key), doc(BADGE_URL, badge_class()), doc(ISSUER_URL, profile()))
    assert verify_ob2_signed(TOKEN, docs=docs, now=NOW).status is Status.TAMPERED


def test_recipient_hash_of_the_fixture() -> None:
    recipient = {"type": "email", "hashed": True, "salt": "deadsea",
                 "identity": hash_identity("nobody@example.org", "deadsea")}
    assert recipient["identity"].startswith("sha256$ecf5409f")
    assert recipient_check(recipient, ["me@example.org", LEARNER]).outcome is Outcome.PASSED
    failed = recipient_check(recipient, ["me@example.org"])
    assert failed.outcome is Outcome.FAILED
    assert failed.detail == "not issued to any of your addresses"
    assert recipient_check(recipient, []).outcome is Outcome.NOT_CHECKED
    assert "no email set" in recipient_check(recipient, []).detail
    md5 = {**recipient, "identity": hash_identity(LEARNER, "deadsea", "md5").upper()
           .replace("MD5$", "md5$")}
    assert recipient_check(md5, [LEARNER]).outcome is Outcome.PASSED
    plain = {"type": "email", "hashed": False, "identity": "Nobody@Example.org"}
    assert recipient_check(plain, [LEARNER]).outcome is Outcome.PASSED


def test_wrong_recipient_keeps_verified_but_says_so() -> None:
    verdict = verify_ob2_signed(TOKEN, docs=fixture_docs(), now=NOW,
                                learner_emails=["me@example.org"])
    assert verdict.status is Status.VERIFIED
    assert outcome(verdict, "recipient") is Outcome.FAILED
    assert "not issued to any of your addresses" in verdict.summary


# -- our own signed assertions ---------------------------------------------------------------

OWN_KEY = rsa_key()
OWN_KEY_URL = "https://college.example/keys/1"
OWN_ISSUER = "https://college.example/issuer"
OWN_BADGE = "https://college.example/badges/welding"


def own_assertion(**extra: Any) -> dict[str, Any]:
    return {"@context": OB2, "type": "Assertion", "id": "urn:uuid:3b1c-own-assertion",
            "recipient": {"type": "email", "hashed": True, "salt": "pepper",
                          "identity": hash_identity("ada@example.org", "pepper")},
            "issuedOn": "2026-03-01T12:00:00Z", "badge": OWN_BADGE,
            "verification": {"type": "SignedBadge", "creator": OWN_KEY_URL}, **extra}


def own_docs() -> MemorySource:
    key = {"@context": OB2, "type": "CryptographicKey", "id": OWN_KEY_URL, "owner": OWN_ISSUER,
           "publicKeyPem": pem(OWN_KEY)}
    issuer = {"@context": OB2, "type": "Profile", "id": OWN_ISSUER, "name": "College",
              "publicKey": [{"id": OWN_KEY_URL}]}
    return memory(doc(OWN_KEY_URL, key), doc(OWN_ISSUER, issuer),
                  doc(OWN_BADGE, badge_class(issuer=OWN_ISSUER, badge_id=OWN_BADGE)))


def test_own_signed_assertion_verifies() -> None:
    token = sign_compact({"alg": "RS256"}, own_assertion(), OWN_KEY)
    verdict = verify_ob2_signed(token, docs=own_docs(), now=NOW,
                                learner_emails=["ada@example.org"])
    assert verdict.status is Status.VERIFIED, verdict.summary


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("id", "urn:uuid:another"),
        ("issuedOn", "2026-03-02T12:00:00Z"),
        ("badge", "https://college.example/badges/brain-surgery"),
        ("recipient", {"type": "email", "hashed": False, "identity": "mallory@example.org"}),
        ("evidence", "https://mallory.example/fake"),
    ],
)
def test_changing_any_field_of_an_own_assertion_is_tampered(field: str, value: Any) -> None:
    token = sign_compact({"alg": "RS256"}, own_assertion(), OWN_KEY)
    header, _payload, signature = token.split(".")
    forged = own_assertion()
    forged[field] = value
    docs = ChainedSource([own_docs(), memory(doc(
        "https://college.example/badges/brain-surgery",
        badge_class(issuer=OWN_ISSUER, badge_id="https://college.example/badges/brain-surgery")))])
    verdict = verify_ob2_signed(f"{header}.{b64u_json(forged)}.{signature}", docs=docs, now=NOW)
    assert verdict.status is Status.TAMPERED
    assert outcome(verdict, "signature") is Outcome.FAILED


def test_own_assertion_expired() -> None:
    token = sign_compact({"alg": "RS256"}, own_assertion(expires="2026-06-01T00:00:00Z"), OWN_KEY)
    verdict = verify_ob2_signed(token, docs=own_docs(), now=NOW)
    assert verdict.status is Status.EXPIRED


def test_hostile_signed_inputs() -> None:
    for token in ("", "garbage", sign_compact({"alg": "HS256"}, own_assertion(), OWN_KEY),
                  sign_compact({"alg": "RS256"}, {"type": "BadgeClass"}, OWN_KEY),
                  sign_compact({"alg": "RS256"}, own_assertion(verification={"type": "hosted"}),
                               OWN_KEY),
                  sign_compact({"alg": "RS256"}, b"[" * 10_000 + b"]" * 10_000, OWN_KEY)):
        verdict = verify_ob2_signed(token, docs=own_docs(), now=NOW)
        assert verdict.status in (Status.MALFORMED, Status.UNSUPPORTED)
        assert verdict.summary


# -- hosted ----------------------------------------------------------------------------------

HOSTED_TEXT = png_itxt(FIXTURES / "1edtech-ob2-baked-hosted.png", "openbadges")
HOSTED = json.loads(HOSTED_TEXT)
HOSTED_URL = HOSTED["id"]


def hosted_docs(copy: Any, **kwargs: Any) -> MemorySource:
    return memory(doc(HOSTED_URL, copy, **kwargs), doc(BADGE_URL, badge_class()),
                  doc(ISSUER_URL, profile()))


def test_hosted_fixture_is_unverifiable_offline() -> None:
    verdict = verify_ob2_hosted(HOSTED_TEXT, docs=EmptySource(), now=NOW)
    assert verdict.status is Status.UNVERIFIABLE
    assert verdict.summary == f"hosted badge: needs a network check (GET {HOSTED_URL})"


def test_hosted_with_identical_cached_copy_verifies_as_of_fetch() -> None:
    verdict = verify_ob2_hosted(HOSTED_TEXT, docs=hosted_docs(HOSTED), now=NOW,
                                learner_emails=[LEARNER])
    assert verdict.status is Status.VERIFIED, verdict.summary
    hosted = next(c for c in verdict.checks if c.name == "hosted")
    assert hosted.as_of == FETCHED
    assert outcome(verdict, "issuer_scope") is Outcome.PASSED


def test_hosted_copy_that_differs_is_tampered() -> None:
    verdict = verify_ob2_hosted(HOSTED_TEXT, docs=hosted_docs({**HOSTED, "issuedOn": "2020-01-01"}),
                                now=NOW)
    assert verdict.status is Status.TAMPERED
    assert "the issuer's hosted copy differs" in verdict.summary


def test_hosted_copy_revoked_or_gone() -> None:
    revoked = {"id": HOSTED_URL, "revoked": True, "revocationReason": "Issued in error"}
    verdict = verify_ob2_hosted(HOSTED_TEXT, docs=hosted_docs(revoked), now=NOW)
    assert verdict.status is Status.REVOKED
    assert "Issued in error" in verdict.summary
    verdict = verify_ob2_hosted(HOSTED_TEXT, docs=hosted_docs(b"", status=410), now=NOW)
    assert verdict.status is Status.REVOKED
    assert "410" in verdict.summary


def test_hosted_410_from_a_folder_index(tmp_path: Path) -> None:
    (tmp_path / "index.json").write_text(json.dumps({"documents": {
        HOSTED_URL: {"status": 410, "fetched_at": "2026-11-02T00:00:00Z"}}}))
    verdict = verify_ob2_hosted(HOSTED_TEXT, docs=FolderSource(tmp_path), now=NOW)
    assert verdict.status is Status.REVOKED


def test_hosted_outside_issuer_scope_is_tampered() -> None:
    other = {**HOSTED, "id": "https://evil.example/beths-robotics-badge.json"}
    docs = memory(doc(other["id"], other), doc(BADGE_URL, badge_class()),
                  doc(ISSUER_URL, profile()))
    verdict = verify_ob2_hosted(json.dumps(other), docs=docs, now=NOW)
    assert verdict.status is Status.TAMPERED
    assert outcome(verdict, "issuer_scope") is Outcome.FAILED


def test_hosted_without_the_issuer_profile_is_unverifiable() -> None:
    verdict = verify_ob2_hosted(HOSTED_TEXT, docs=memory(doc(HOSTED_URL, HOSTED)), now=NOW)
    assert verdict.status is Status.UNVERIFIABLE
    assert outcome(verdict, "hosted") is Outcome.PASSED


@pytest.mark.parametrize("text", ["", "[]", "{}", '{"type":"Assertion","id":"urn:x",'
                                  '"recipient":{},"badge":"x"}', "{" * 5000])
def test_hostile_hosted_inputs(text: str) -> None:
    verdict = verify_ob2_hosted(text, docs=EmptySource(), now=NOW)
    assert verdict.status is Status.MALFORMED
    assert verdict.summary
