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


def detail(verdict: Verdict, name: str) -> str:
    return next(c.detail for c in verdict.checks if c.name == name)


def test_creator_not_listed_in_profile_is_intact_but_unverifiable() -> None:
    docs = fixture_docs(publicKey="https://example.org/other-key.json")
    verdict = verify_ob2_signed(TOKEN, docs=docs, now=NOW)
    assert verdict.status is Status.UNVERIFIABLE
    assert outcome(verdict, "signature") is Outcome.PASSED
    assert outcome(verdict, "issuer_key") is Outcome.FAILED
    assert detail(verdict, "issuer_key").startswith(
        f"the signature is intact, but nothing ties the key {KEY1_URL} to the issuer"
    )
    assert "does not list it" in detail(verdict, "issuer_key")


@pytest.mark.parametrize("owner", ["https://attacker.example/issuer.json", None])
def test_key_owned_by_someone_else_or_nobody_binds_nothing(owner: str | None) -> None:
    key = json.loads(KEY1)
    if owner is None:
        del key["owner"]
    else:
        key["owner"] = owner
    docs = memory(doc(KEY1_URL, key), doc(BADGE_URL, badge_class()), doc(ISSUER_URL, profile()))
    verdict = verify_ob2_signed(TOKEN, docs=docs, now=NOW)
    assert verdict.status is Status.UNVERIFIABLE
    assert outcome(verdict, "signature") is Outcome.PASSED
    assert f"not the issuer {ISSUER_URL}" in detail(verdict, "issuer_key")


def test_profile_cached_but_key_missing_is_unverifiable_with_that_reason() -> None:
    docs = memory(doc(BADGE_URL, badge_class()), doc(ISSUER_URL, profile()))
    verdict = verify_ob2_signed(TOKEN, docs=docs, now=NOW)
    assert verdict.status is Status.UNVERIFIABLE
    assert outcome(verdict, "issuer") is Outcome.PASSED
    assert outcome(verdict, "signature") is Outcome.NOT_CHECKED
    assert detail(verdict, "issuer_key").startswith(
        f"the issuer profile is cached but its key {KEY1_URL} is not"
    )


def test_a_profile_cached_under_the_issuer_url_must_be_that_issuers_own() -> None:
    docs = memory(doc(KEY1_URL, KEY1), doc(BADGE_URL, badge_class()),
                  doc(ISSUER_URL, {**profile(), "id": "https://attacker.example/issuer"}))
    verdict = verify_ob2_signed(TOKEN, docs=docs, now=NOW)
    assert verdict.status is Status.UNVERIFIABLE
    assert outcome(verdict, "issuer") is Outcome.FAILED
    assert "not that issuer's own profile" in detail(verdict, "issuer")


def test_an_unreadable_key_document_is_unverifiable_not_tampered() -> None:
    broken = {**json.loads(KEY1), "publicKeyPem": "-----BEGIN PUBLIC KEY-----\nAAAA\n"}
    docs = memory(doc(KEY1_URL, broken), doc(BADGE_URL, badge_class()), doc(ISSUER_URL, profile()))
    verdict = verify_ob2_signed(TOKEN, docs=docs, now=NOW)
    assert verdict.status is Status.UNVERIFIABLE
    assert outcome(verdict, "issuer_key") is Outcome.FAILED
    assert "PEM" in detail(verdict, "issuer_key")


def test_a_profile_listing_no_key_for_an_assertion_naming_none_is_unverifiable() -> None:
    token = sign_compact({"alg": "RS256"}, own_assertion(verification={"type": "SignedBadge"}),
                         OWN_KEY)
    docs = memory(doc(OWN_ISSUER, {"@context": OB2, "type": "Profile", "id": OWN_ISSUER}),
                  doc(OWN_BADGE, badge_class(issuer=OWN_ISSUER, badge_id=OWN_BADGE)))
    verdict = verify_ob2_signed(token, docs=docs, now=NOW)
    assert verdict.status is Status.UNVERIFIABLE
    assert outcome(verdict, "signature") is Outcome.NOT_CHECKED
    assert "lists no public key" in detail(verdict, "issuer_key")


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


# -- embedded profiles are display data only -------------------------------------------------

ATTACKER = rsa_key()


def embedded_badge(**profile_fields: Any) -> dict[str, Any]:
    badge = badge_class(issuer=OWN_ISSUER, badge_id=OWN_BADGE)
    badge["issuer"] = {"type": "Profile", "id": OWN_ISSUER, "name": "College", **profile_fields}
    return badge


def test_a_key_embedded_in_the_assertions_own_profile_is_never_used() -> None:
    # The forger embeds a profile that names the college and lists the forger's own key.
    forged_key = {"id": "urn:uuid:forged-key", "type": "CryptographicKey", "owner": OWN_ISSUER,
                  "publicKeyPem": pem(ATTACKER)}
    assertion = own_assertion(badge=embedded_badge(publicKey=forged_key),
                              verification={"type": "SignedBadge",
                                            "creator": "urn:uuid:forged-key"})
    token = sign_compact({"alg": "RS256"}, assertion, ATTACKER)
    for docs in (EmptySource(), own_docs()):
        verdict = verify_ob2_signed(token, docs=docs, now=NOW)
        assert verdict.status is Status.UNVERIFIABLE
        assert outcome(verdict, "signature") is Outcome.NOT_CHECKED


def test_an_embedded_profile_without_a_revocation_list_cannot_hide_a_revocation() -> None:
    assertion = own_assertion(badge=embedded_badge())
    token = sign_compact({"alg": "RS256"}, assertion, OWN_KEY)
    revocations = {"@context": OB2, "id": REVOCATIONS_URL, "type": "RevocationList",
                   "issuer": OWN_ISSUER, "revokedAssertions": [assertion["id"]]}
    issuer = {"@context": OB2, "type": "Profile", "id": OWN_ISSUER, "name": "College",
              "publicKey": [OWN_KEY_URL], "revocationList": REVOCATIONS_URL}
    docs = ChainedSource([memory(doc(OWN_ISSUER, issuer), doc(REVOCATIONS_URL, revocations)),
                          own_docs()])
    verdict = verify_ob2_signed(token, docs=docs, now=NOW)
    assert verdict.status is Status.REVOKED
    assert outcome(verdict, "signature") is Outcome.PASSED


def test_an_embedded_revocation_list_url_is_not_followed() -> None:
    # The embedded profile points at a list where the assertion is *not* revoked; the real
    # profile publishes none; only the real one counts.
    assertion = own_assertion(badge=embedded_badge(revocationList="https://evil.example/r"))
    token = sign_compact({"alg": "RS256"}, assertion, OWN_KEY)
    verdict = verify_ob2_signed(token, docs=own_docs(), now=NOW)
    assert verdict.status is Status.VERIFIED, verdict.summary
    assert detail(verdict, "status") == "the issuer publishes no revocation list"


def test_an_issuer_profile_id_that_is_not_a_url_is_unverifiable() -> None:
    badge = badge_class(issuer=OWN_ISSUER, badge_id=OWN_BADGE)
    badge["issuer"] = {"id": "urn:uuid:college", "type": "Profile", "name": "College",
                       "publicKey": {"id": OWN_KEY_URL, "publicKeyPem": pem(OWN_KEY)}}
    token = sign_compact({"alg": "RS256"}, own_assertion(badge=badge), OWN_KEY)
    verdict = verify_ob2_signed(token, docs=own_docs(), now=NOW)
    assert verdict.status is Status.UNVERIFIABLE
    assert outcome(verdict, "issuer") is Outcome.NOT_CHECKED
    assert "cannot vouch for itself" in detail(verdict, "issuer")


# -- revocation lists: entries by id and legacy uid, only the issuer's own list ---------------


def revocation_docs(revocations: dict[str, Any]) -> ChainedSource:
    issuer = {"@context": OB2, "type": "Profile", "id": OWN_ISSUER, "name": "College",
              "publicKey": [OWN_KEY_URL], "revocationList": REVOCATIONS_URL}
    return ChainedSource([memory(doc(OWN_ISSUER, issuer), doc(REVOCATIONS_URL, revocations)),
                          own_docs()])


@pytest.mark.parametrize(
    "entry",
    [{"uid": "legacy-42", "revocationReason": "Duplicate"}, "legacy-42",
     {"id": "urn:uuid:3b1c-own-assertion"}],
)
def test_revocation_entries_match_by_id_and_legacy_uid(entry: Any) -> None:
    token = sign_compact({"alg": "RS256"}, own_assertion(uid="legacy-42"), OWN_KEY)
    revocations = {"id": REVOCATIONS_URL, "type": "RevocationList", "issuer": OWN_ISSUER,
                   "revokedAssertions": [{"uid": "legacy-7"}, 17, entry]}
    verdict = verify_ob2_signed(token, docs=revocation_docs(revocations), now=NOW)
    assert verdict.status is Status.REVOKED
    if isinstance(entry, dict) and "revocationReason" in entry:
        assert detail(verdict, "status") == "revoked by the issuer: Duplicate"


def test_revocation_list_of_other_assertions_passes_and_another_issuers_list_is_ignored() -> None:
    token = sign_compact({"alg": "RS256"}, own_assertion(uid="legacy-42"), OWN_KEY)
    revocations = {"id": REVOCATIONS_URL, "issuer": OWN_ISSUER,
                   "revokedAssertions": [{"uid": "legacy-7"}, "urn:uuid:other"]}
    verdict = verify_ob2_signed(token, docs=revocation_docs(revocations), now=NOW)
    assert verdict.status is Status.VERIFIED
    assert outcome(verdict, "status") is Outcome.PASSED

    foreign = {**revocations, "issuer": "https://attacker.example/issuer",
               "revokedAssertions": ["legacy-42"]}
    verdict = verify_ob2_signed(token, docs=revocation_docs(foreign), now=NOW)
    assert outcome(verdict, "status") is Outcome.NOT_CHECKED
    assert "not the issuer's own revocation list" in detail(verdict, "status")


def test_an_unreadable_revocation_list_is_not_checked() -> None:
    token = sign_compact({"alg": "RS256"}, own_assertion(), OWN_KEY)
    issuer = {"@context": OB2, "type": "Profile", "id": OWN_ISSUER,
              "publicKey": [OWN_KEY_URL], "revocationList": REVOCATIONS_URL}
    docs = ChainedSource([memory(doc(OWN_ISSUER, issuer), doc(REVOCATIONS_URL, b"not json")),
                          own_docs()])
    verdict = verify_ob2_signed(token, docs=docs, now=NOW)
    assert outcome(verdict, "status") is Outcome.NOT_CHECKED
    assert "revocation list unreadable" in detail(verdict, "status")


# -- hosted: the cached copy at the badge's own URL, scope from the cached profile only -------

OWN_HOSTED_URL = "https://college.example/assertions/7"


def own_hosted(**extra: Any) -> dict[str, Any]:
    return {**own_assertion(id=OWN_HOSTED_URL, verification={"type": "HostedBadge"}), **extra}


def own_hosted_docs(copy: dict[str, Any], **profile_fields: Any) -> MemorySource:
    issuer = {"@context": OB2, "type": "Profile", "id": OWN_ISSUER, "name": "College",
              **profile_fields}
    return memory(doc(str(copy["id"]), copy), doc(OWN_ISSUER, issuer),
                  doc(OWN_BADGE, badge_class(issuer=OWN_ISSUER, badge_id=OWN_BADGE)))


def test_own_hosted_assertion_verifies() -> None:
    copy = own_hosted()
    verdict = verify_ob2_hosted(json.dumps(copy), docs=own_hosted_docs(copy), now=NOW)
    assert verdict.status is Status.VERIFIED, verdict.summary


@pytest.mark.parametrize(
    ("extra", "status"),
    [({"expires": "2026-06-01T00:00:00Z"}, Status.EXPIRED),
     ({"issuedOn": "2027-01-01T00:00:00Z"}, Status.NOT_YET_VALID),
     ({"expires": "next year"}, Status.MALFORMED),
     ({"issuedOn": "1 March"}, Status.MALFORMED)],
)
def test_hosted_badge_dates_are_checked_on_the_cached_copy(
    extra: dict[str, Any], status: Status
) -> None:
    copy = own_hosted(**extra)
    verdict = verify_ob2_hosted(json.dumps(copy), docs=own_hosted_docs(copy), now=NOW)
    assert verdict.status is status
    assert outcome(verdict, "dates") is Outcome.FAILED
    assert outcome(verdict, "hosted") is Outcome.PASSED


def test_an_embedded_profile_cannot_widen_the_hosted_scope() -> None:
    # Hosted on evil.example, the badge embeds a profile naming the college and allowing
    # evil.example; the college's own cached profile allows only its own origin.
    url = "https://evil.example/assertions/7"
    copy = own_hosted(id=url, badge=embedded_badge(
        verification={"allowedOrigins": ["evil.example"]}))
    verdict = verify_ob2_hosted(json.dumps(copy), docs=own_hosted_docs(copy), now=NOW)
    assert verdict.status is Status.TAMPERED
    assert outcome(verdict, "issuer_scope") is Outcome.FAILED


@pytest.mark.parametrize(
    ("verification", "expected"),
    [({"allowedOrigins": ["badges.college.example"]}, Outcome.FAILED),
     ({"allowedOrigins": "college.example"}, Outcome.PASSED),
     ({"startsWith": "https://college.example/assertions/"}, Outcome.PASSED),
     ({"startsWith": ["https://college.example/other/"]}, Outcome.FAILED)],
)
def test_hosted_scope_comes_from_the_cached_profile(
    verification: dict[str, Any], expected: Outcome
) -> None:
    copy = own_hosted()
    docs = own_hosted_docs(copy, verification=verification)
    verdict = verify_ob2_hosted(json.dumps(copy), docs=docs, now=NOW)
    assert outcome(verdict, "issuer_scope") is expected
    assert verdict.status is (Status.VERIFIED if expected is Outcome.PASSED else Status.TAMPERED)


class _Redirected:
    """A cache that answers with a copy recorded under another URL."""

    def __init__(self, inner: MemorySource, url: str, other: str) -> None:
        self.inner, self.url, self.other = inner, url, other

    def get(self, url: str) -> CachedDocument | None:
        return self.inner.get(self.other if url == self.url else url)


def test_a_hosted_copy_cached_under_another_url_is_not_the_badge() -> None:
    copy = own_hosted()
    inner = memory(doc("https://college.example/assertions/8", copy),
                   doc(OWN_BADGE, badge_class(issuer=OWN_ISSUER, badge_id=OWN_BADGE)))
    docs = _Redirected(inner, OWN_HOSTED_URL, "https://college.example/assertions/8")
    verdict = verify_ob2_hosted(json.dumps(copy), docs=docs, now=NOW)
    assert verdict.status is Status.UNVERIFIABLE
    assert "not the badge's own URL" in detail(verdict, "hosted")


def test_hosted_server_error_is_unverifiable() -> None:
    copy = own_hosted()
    verdict = verify_ob2_hosted(json.dumps(copy), docs=memory(doc(OWN_HOSTED_URL, b"",
                                                                  status=500)), now=NOW)
    assert verdict.status is Status.UNVERIFIABLE
    assert "HTTP 500" in detail(verdict, "hosted")


def test_recipient_refusals() -> None:
    emails = ["ada@example.org"]
    empty = recipient_check({"type": "email", "identity": ""}, emails)
    assert empty.outcome is Outcome.NOT_CHECKED
    assert "no recipient identity" in empty.detail
    # Claimed hashed but not in "algorithm$digest" form: never compared as plain text.
    odd = recipient_check({"type": "email", "hashed": True, "identity": "ada@example.org"}, emails)
    assert odd.outcome is Outcome.NOT_CHECKED
    digest = hash_identity("ada@example.org", "")
    unflagged = recipient_check({"type": "email", "identity": digest}, emails)
    assert unflagged.outcome is Outcome.PASSED
    assert recipient_check("ada@example.org", emails).outcome is Outcome.NOT_CHECKED
    by_url = recipient_check({"type": "url", "identity": "https://ada.example"}, emails)
    assert by_url.outcome is Outcome.NOT_CHECKED
    sha1 = recipient_check({"type": "email", "hashed": True, "identity": "sha1$abc"}, emails)
    assert "sha1" in sha1.detail


def test_a_badge_that_is_neither_object_nor_url_is_malformed() -> None:
    token = sign_compact({"alg": "RS256"}, own_assertion(badge=42), OWN_KEY)
    verdict = verify_ob2_signed(token, docs=own_docs(), now=NOW)
    assert verdict.status is Status.MALFORMED
    assert "neither an object nor a URL" in detail(verdict, "issuer")


@pytest.mark.parametrize("status", [404, 410])
def test_an_issuer_profile_the_server_refused_is_not_cached(status: int) -> None:
    token = sign_compact({"alg": "RS256"}, own_assertion(), OWN_KEY)
    docs = ChainedSource([memory(doc(OWN_ISSUER, b"", status=status)), own_docs()])
    verdict = verify_ob2_signed(token, docs=docs, now=NOW)
    assert verdict.status is Status.UNVERIFIABLE
    assert outcome(verdict, "issuer") is Outcome.NOT_CHECKED
    assert "issuer profile not cached" in detail(verdict, "issuer")


@pytest.mark.parametrize("ref", ["urn:uuid:revocations", {"type": "RevocationList"}])
def test_a_revocation_list_that_is_not_a_url_is_not_checked(ref: Any) -> None:
    token = sign_compact({"alg": "RS256"}, own_assertion(), OWN_KEY)
    issuer = {"@context": OB2, "type": "Profile", "id": OWN_ISSUER,
              "publicKey": [OWN_KEY_URL], "revocationList": ref}
    docs = ChainedSource([memory(doc(OWN_ISSUER, issuer)), own_docs()])
    verdict = verify_ob2_signed(token, docs=docs, now=NOW)
    assert outcome(verdict, "status") is Outcome.NOT_CHECKED
    assert "revocationList is not a URL" in detail(verdict, "status")


def test_a_recipient_hash_without_a_digest_is_not_checked() -> None:
    check = recipient_check({"type": "email", "hashed": True, "identity": "sha256$"},
                            ["ada@example.org"])
    assert check.outcome is Outcome.NOT_CHECKED
