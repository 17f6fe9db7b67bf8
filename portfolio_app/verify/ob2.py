"""Open Badges 2.0: signed assertions (JWS) and hosted assertions (the URL is the truth).

**Signed** (spec "Signed Badge Verification", steps 1-8): decode the JWS payload; find the
BadgeClass and the issuer Profile (embedded, or by URL from the document cache); take the key
ids from the Profile's ``publicKey``, narrowed by ``verification.creator`` which must be listed
there; read the ``CryptographicKey`` (``publicKeyPem``; its ``owner`` must point back at the
Profile); verify the JWS; look the assertion ``id`` (legacy ``uid``) up in the Profile's
``revocationList``; check ``expires``; compare the recipient hash with the learner's emails.
Anything that needs a document not in the cache is "not checked … needs a network check".

**Hosted**: only a cached copy of the assertion's ``id`` URL can verify it.  The copy must be
the same JSON as the stored one (else ``tampered``: the issuer's hosted copy differs);
``revoked: true`` or a cached ``410 Gone`` → ``revoked``; no copy → ``unverifiable``.  The
assertion must also lie in the issuer's allowed scope (``verification.allowedOrigins`` /
``startsWith``, default: same origin as the Profile ``id``).
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from portfolio_app.formats.common import as_list
from portfolio_app.verify import jws
from portfolio_app.verify._common import (
    ContentError,
    finish,
    first_id,
    load_json_object,
    parse_datetime,
)
from portfolio_app.verify.dates import check_dates
from portfolio_app.verify.documents import CachedDocument, DocumentSource
from portfolio_app.verify.verdict import Check, Outcome, Status, Verdict

_HASHES = {"sha256": hashlib.sha256, "md5": hashlib.md5}


@dataclass
class _Run:
    """Checks and status candidates collected during one verification."""

    now: datetime
    checks: list[Check]
    candidates: set[Status]
    facts: dict[str, str]

    def add(self, check: Check, status: Status | None = None) -> None:
        self.checks.append(check)
        if status is not None:
            self.candidates.add(status)

    def verdict(self) -> Verdict:
        return finish(
            self.candidates or {Status.VERIFIED}, self.checks, checked_at=self.now, facts=self.facts
        )


# --------------------------------------------------------------------------- public API


def verify_ob2_signed(
    token: str,
    *,
    docs: DocumentSource,
    now: datetime,
    learner_emails: Sequence[str] = (),
) -> Verdict:
    """Verify a signed OB 2.0 assertion (compact JWS). Never raises for bad content."""
    run = _Run(now, [], set(), {})
    try:
        parsed = jws.parse_compact(token)
        assertion = load_json_object(parsed.payload, what="the signed assertion")
        _check_assertion_shape(assertion, expect="signed")
    except ContentError as exc:
        run.add(Check("format", Outcome.FAILED, exc.reason), exc.status)
        return run.verdict()
    run.add(Check("format", Outcome.PASSED, f"an Open Badges 2.0 signed assertion ({parsed.alg})"))
    run.facts["proof"] = f"OB 2.0 JWS {parsed.alg}"

    profile, _ = _graph(assertion, docs, run)

    # -- keys: linked from the Profile, narrowed by verification.creator
    verification = assertion.get("verification")
    creator = first_id(verification.get("creator")) if isinstance(verification, Mapping) else None
    keys = _keys(creator, profile, docs, run)

    # -- signature
    if not keys:
        run.add(
            Check("signature", Outcome.NOT_CHECKED, "issuer key not cached; needs a network check")
        )
    else:
        try:
            ok = any(
                jws.verify_signature(parsed.alg, key, parsed.signing_input, parsed.signature)
                for key in keys
            )
        except ContentError as exc:
            run.add(Check("signature", Outcome.FAILED, exc.reason), exc.status)
            return run.verdict()
        if ok:
            run.add(Check("signature", Outcome.PASSED, f"the {parsed.alg} signature is valid"))
        else:
            run.add(
                Check(
                    "signature",
                    Outcome.FAILED,
                    "the signature does not match the issuer's key: the assertion was "
                    "altered after signing or signed by someone else",
                ),
                Status.TAMPERED,
            )

    # -- revocation list
    if profile is not None:
        _revocation(assertion, profile, docs, run)
    else:
        run.add(
            Check(
                "status",
                Outcome.NOT_CHECKED,
                "revocation not checked: the issuer profile is not cached",
            )
        )

    _dates(assertion, run)
    run.add(recipient_check(assertion.get("recipient"), learner_emails))
    return run.verdict()


def verify_ob2_hosted(
    assertion_text: str,
    *,
    docs: DocumentSource,
    now: datetime,
    learner_emails: Sequence[str] = (),
) -> Verdict:
    """Verify a hosted OB 2.0 assertion against a cached copy of its ``id`` URL."""
    run = _Run(now, [], set(), {})
    try:
        stored = load_json_object(assertion_text, what="the assertion")
        _check_assertion_shape(stored, expect="hosted")
    except ContentError as exc:
        run.add(Check("format", Outcome.FAILED, exc.reason), exc.status)
        return run.verdict()
    run.add(Check("format", Outcome.PASSED, "an Open Badges 2.0 hosted assertion"))
    run.facts["proof"] = "OB 2.0 hosted (no signature; the issuer's URL is the source of truth)"
    url = str(stored["id"])
    cached = docs.get(url)
    if cached is None:
        run.add(
            Check(
                "hosted", Outcome.NOT_CHECKED, f"hosted badge: needs a network check (GET {url})"
            ),
            Status.UNVERIFIABLE,
        )
        run.add(recipient_check(stored.get("recipient"), learner_emails))
        return run.verdict()
    when = cached.fetched_at
    if cached.status == 410:
        run.add(
            Check(
                "status",
                Outcome.FAILED,
                "revoked: the issuer withdrew this badge (HTTP 410 Gone)",
                as_of=when,
            ),
            Status.REVOKED,
        )
        return run.verdict()
    if cached.status != 200:
        run.add(
            Check(
                "hosted",
                Outcome.NOT_CHECKED,
                f"the issuer's server answered HTTP {cached.status}; needs a network check "
                f"(GET {url})",
                as_of=when,
            ),
            Status.UNVERIFIABLE,
        )
        return run.verdict()
    try:
        hosted = load_json_object(cached.body, what="the issuer's hosted copy")
    except ContentError as exc:
        run.add(Check("hosted", Outcome.FAILED, exc.reason, as_of=when), Status.TAMPERED)
        return run.verdict()
    if hosted.get("revoked") is True:
        reason = hosted.get("revocationReason")
        run.add(
            Check(
                "status",
                Outcome.FAILED,
                "revoked by the issuer" + (f": {reason}" if isinstance(reason, str) else ""),
                as_of=when,
            ),
            Status.REVOKED,
        )
        return run.verdict()
    if hosted != stored:
        run.add(
            Check(
                "hosted",
                Outcome.FAILED,
                "the issuer's hosted copy differs from the badge you hold",
                as_of=when,
            ),
            Status.TAMPERED,
        )
        return run.verdict()
    run.add(
        Check(
            "hosted",
            Outcome.PASSED,
            f"matches the issuer's hosted copy (fetched {when:%Y-%m-%d})",
            as_of=when,
        )
    )
    run.add(
        Check("status", Outcome.PASSED, "not revoked by the issuer when last fetched", as_of=when)
    )

    profile, _ = _graph(hosted, docs, run)
    if profile is not None:
        run.add(_hosted_scope(url, hosted, profile))
        if run.checks[-1].outcome is Outcome.FAILED:
            run.candidates.add(Status.TAMPERED)
    _dates(hosted, run)
    run.add(recipient_check(hosted.get("recipient"), learner_emails))
    return run.verdict()


def hash_identity(identity: str, salt: str = "", algorithm: str = "sha256") -> str:
    """``"sha256$" + hex(sha256(identity + salt))`` (or ``md5$``), the OB 2.0 IdentityHash."""
    fn = _HASHES[algorithm]
    return f"{algorithm}${fn((identity + salt).encode('utf-8')).hexdigest()}"


def recipient_check(recipient: Any, learner_emails: Sequence[str]) -> Check:
    """Was it issued to one of the learner's email addresses? (``recipient`` check)."""
    if not isinstance(recipient, Mapping):
        return Check("recipient", Outcome.NOT_CHECKED, "the badge names no recipient")
    kind = recipient.get("type", "email")
    identity = recipient.get("identity")
    if kind != "email":
        return Check(
            "recipient",
            Outcome.NOT_CHECKED,
            f"the recipient is identified by {kind}; only email addresses are compared",
        )
    if not isinstance(identity, str) or not identity:
        return Check("recipient", Outcome.NOT_CHECKED, "the badge names no recipient identity")
    emails = [e.strip() for e in learner_emails if isinstance(e, str) and e.strip()]
    if not emails:
        return Check(
            "recipient",
            Outcome.NOT_CHECKED,
            "no email set: add your email addresses to check the recipient",
        )
    if recipient.get("hashed") is True or "$" in identity:
        algorithm, _, digest = identity.partition("$")
        algorithm = algorithm.lower()
        if algorithm not in _HASHES or not digest:
            return Check(
                "recipient",
                Outcome.NOT_CHECKED,
                f"the recipient hash uses {algorithm!r}, which is not supported",
            )
        salt = recipient.get("salt") if isinstance(recipient.get("salt"), str) else ""
        for email in emails:
            for candidate in dict.fromkeys((email, email.lower())):
                mine = hash_identity(candidate, str(salt), algorithm).partition("$")[2]
                if hmac.compare_digest(mine, digest.lower()):
                    return Check("recipient", Outcome.PASSED, f"issued to {email}")
    else:
        for email in emails:
            if email.lower() == identity.strip().lower():
                return Check("recipient", Outcome.PASSED, f"issued to {email}")
    return Check("recipient", Outcome.FAILED, "not issued to any of your addresses")


# --------------------------------------------------------------------------- internals


def _check_assertion_shape(assertion: Mapping[str, Any], *, expect: str) -> None:
    if "Assertion" not in as_list(assertion.get("type")):
        raise ContentError("not an Open Badges 2.0 Assertion (type is not 'Assertion')")
    for required in ("id", "recipient", "badge"):
        if assertion.get(required) in (None, "", {}):
            raise ContentError(f"the assertion has no '{required}'")
    if not isinstance(assertion["id"], str):
        raise ContentError("the assertion 'id' is not a string")
    verification = assertion.get("verification")
    kind = verification.get("type") if isinstance(verification, Mapping) else None
    kind_word = str(kind).lower().replace("badge", "") if kind else None
    if expect == "hosted":
        scheme = urlsplit(assertion["id"]).scheme
        if scheme not in ("http", "https"):
            raise ContentError("a hosted assertion's id must be an http(s) URL")
        if kind_word not in (None, "hosted"):
            raise ContentError(f"the assertion says it is verified by '{kind}', not hosted")
    elif kind_word not in (None, "signed"):
        raise ContentError(f"the signed assertion says it is verified by '{kind}'")


def _lookup(
    value: Any, docs: DocumentSource, what: str
) -> tuple[dict[str, Any] | None, CachedDocument | None, str | None]:
    """An embedded object, or the cached document its URL names; ``(None, None, url)`` if absent."""
    if isinstance(value, dict):
        return value, None, None
    if not isinstance(value, str) or not value:
        raise ContentError(f"the {what} is neither an object nor a URL")
    cached = docs.get(value)
    if cached is None or cached.status != 200:
        return None, cached, value
    return load_json_object(cached.body, what=f"the cached {what}"), cached, value


def _graph(
    assertion: Mapping[str, Any], docs: DocumentSource, run: _Run
) -> tuple[dict[str, Any] | None, CachedDocument | None]:
    """Resolve BadgeClass and issuer Profile; add the ``issuer`` check. Returns the Profile."""
    try:
        badge, badge_doc, badge_url = _lookup(assertion.get("badge"), docs, "badge class")
        if badge is None:
            run.add(
                Check(
                    "issuer",
                    Outcome.NOT_CHECKED,
                    f"badge class not cached; needs a network check (GET {badge_url})",
                ),
                Status.UNVERIFIABLE,
            )
            return None, None
        if isinstance(badge.get("name"), str):
            run.facts["achievement"] = badge["name"]
        profile, profile_doc, profile_url = _lookup(badge.get("issuer"), docs, "issuer profile")
        if profile is None:
            run.add(
                Check(
                    "issuer",
                    Outcome.NOT_CHECKED,
                    f"issuer profile not cached; needs a network check (GET {profile_url})",
                ),
                Status.UNVERIFIABLE,
            )
            return None, None
    except ContentError as exc:
        run.add(Check("issuer", Outcome.FAILED, exc.reason), Status.MALFORMED)
        return None, None
    if isinstance(profile.get("name"), str):
        run.facts["issuer"] = profile["name"]
    if not isinstance(profile.get("id"), str):
        run.add(Check("issuer", Outcome.FAILED, "the issuer profile has no id"), Status.MALFORMED)
        return None, None
    if profile_doc is not None and profile_url == profile["id"]:
        # Read from the profile's own URL: the engine may look this id up in a registry.
        run.facts["issuer_id"] = profile["id"]
    source_doc = profile_doc or badge_doc
    when = source_doc.fetched_at if source_doc is not None else None
    run.add(Check("issuer", Outcome.PASSED, f"issuer profile {profile['id']}", as_of=when))
    return profile, profile_doc


def _keys(
    creator: str | None, profile: Mapping[str, Any] | None, docs: DocumentSource, run: _Run
) -> list[jws.PublicKey]:
    """Keys the issuer Profile vouches for; adds the ``issuer_key`` check."""
    listed: dict[str, Any] = {}
    profile_id = profile.get("id") if profile is not None else None
    if profile is not None:
        for entry in as_list(profile.get("publicKey")):
            ident = first_id(entry)
            if ident:
                listed[ident] = entry
    if creator is not None and profile is not None and listed and creator not in listed:
        run.add(
            Check(
                "issuer_key",
                Outcome.FAILED,
                f"the signing key {creator} is not listed in the issuer profile",
            ),
            Status.TAMPERED,
        )
        return []
    wanted = [creator] if creator else list(listed)
    if not wanted:
        if profile is None:
            run.add(
                Check(
                    "issuer_key",
                    Outcome.NOT_CHECKED,
                    "issuer key not known until the issuer profile is cached",
                )
            )
        else:
            run.add(
                Check(
                    "issuer_key",
                    Outcome.FAILED,
                    "the issuer profile lists no public key and the assertion names none",
                ),
                Status.TAMPERED,
            )
        return []
    keys: list[jws.PublicKey] = []
    missing: list[str] = []
    problems: list[str] = []
    as_of: datetime | None = None
    for key_id in wanted:
        embedded = listed.get(key_id)
        try:
            if isinstance(embedded, Mapping) and isinstance(embedded.get("publicKeyPem"), str):
                key_doc: Mapping[str, Any] = embedded
            else:
                cached = docs.get(key_id)
                if cached is None or cached.status != 200:
                    missing.append(key_id)
                    continue
                as_of = cached.fetched_at
                key_doc = load_json_object(cached.body, what="the cached key document")
            owner = first_id(key_doc.get("owner"))
            if profile_id is not None and owner is not None and owner != profile_id:
                problems.append(f"the key {key_id} belongs to {owner}, not to the issuer")
                continue
            if profile_id is not None and not listed and owner != profile_id:
                problems.append(f"the key {key_id} is not linked to the issuer profile")
                continue
            pem = key_doc.get("publicKeyPem")
            if not isinstance(pem, str):
                problems.append(f"the key document {key_id} has no publicKeyPem")
                continue
            keys.append(jws.public_key_from_pem(pem))
        except ContentError as exc:
            problems.append(f"{key_id}: {exc.reason}")
    if keys:
        if profile is None:
            run.add(
                Check(
                    "issuer_key",
                    Outcome.NOT_CHECKED,
                    "the key could not be tied to the issuer: issuer profile not cached",
                    as_of=as_of,
                )
            )
        else:
            run.add(
                Check(
                    "issuer_key",
                    Outcome.PASSED,
                    "the signing key is linked from the issuer profile",
                    as_of=as_of,
                )
            )
        return keys
    if problems:
        run.add(
            Check("issuer_key", Outcome.FAILED, "; ".join(problems), as_of=as_of), Status.TAMPERED
        )
    else:
        run.add(
            Check(
                "issuer_key",
                Outcome.NOT_CHECKED,
                f"issuer key not cached; needs a network check (GET {missing[0]})",
            ),
            Status.UNVERIFIABLE,
        )
    return []


def _revocation(
    assertion: Mapping[str, Any], profile: Mapping[str, Any], docs: DocumentSource, run: _Run
) -> None:
    ref = profile.get("revocationList")
    if ref is None:
        run.add(Check("status", Outcome.PASSED, "the issuer publishes no revocation list"))
        return
    try:
        rev_list, cached, url = _lookup(ref, docs, "revocation list")
    except ContentError as exc:
        run.add(Check("status", Outcome.NOT_CHECKED, f"revocation list unreadable: {exc.reason}"))
        return
    if rev_list is None:
        run.add(
            Check(
                "status",
                Outcome.NOT_CHECKED,
                f"revocation list not cached; needs a network check (GET {url})",
            )
        )
        return
    when = cached.fetched_at if cached else None
    own_ids = {v for v in (assertion.get("id"), assertion.get("uid")) if isinstance(v, str)}
    for entry in as_list(rev_list.get("revokedAssertions")):
        if isinstance(entry, str):
            entry_ids, reason = {entry}, None
        elif isinstance(entry, Mapping):
            entry_ids = {v for v in (entry.get("id"), entry.get("uid")) if isinstance(v, str)}
            reason = entry.get("revocationReason")
        else:
            continue
        if entry_ids & own_ids:
            text = "revoked by the issuer" + (f": {reason}" if isinstance(reason, str) else "")
            run.add(Check("status", Outcome.FAILED, text, as_of=when), Status.REVOKED)
            return
    run.add(Check("status", Outcome.PASSED, "not on the issuer's revocation list", as_of=when))


def _dates(assertion: Mapping[str, Any], run: _Run) -> None:
    """``expires`` via :func:`check_dates`; an ``issuedOn`` in the future is not yet valid."""
    try:
        issued = parse_datetime(assertion["issuedOn"]) if assertion.get("issuedOn") else None
        expires = parse_datetime(assertion["expires"]) if assertion.get("expires") else None
    except ValueError as exc:
        run.add(Check("dates", Outcome.FAILED, f"unreadable date: {exc}"), Status.MALFORMED)
        return
    if issued is not None and issued > run.now:
        run.add(
            Check("dates", Outcome.FAILED, f"issued in the future ({issued:%Y-%m-%d})"),
            Status.NOT_YET_VALID,
        )
        return
    window = {"expires": expires.isoformat()} if expires is not None else {}
    result = check_dates(window, now=run.now)
    run.add(result.check, result.status)


def _hosted_scope(url: str, assertion: Mapping[str, Any], profile: Mapping[str, Any]) -> Check:
    """The hosted assertion must sit where the issuer says its badges live."""
    verification = profile.get("verification")
    if isinstance(verification, Mapping):
        origins = [o for o in as_list(verification.get("allowedOrigins")) if isinstance(o, str)]
        starts = [s for s in as_list(verification.get("startsWith")) if isinstance(s, str)]
        prop = verification.get("verificationProperty", "id")
        value = assertion.get(prop) if isinstance(prop, str) else None
        if origins and urlsplit(url).netloc not in origins:
            return Check(
                "issuer_scope",
                Outcome.FAILED,
                f"{url} is not on an origin the issuer allows ({', '.join(origins)})",
            )
        if starts and not (isinstance(value, str) and value.startswith(tuple(starts))):
            return Check(
                "issuer_scope",
                Outcome.FAILED,
                "the assertion is not under a URL prefix the issuer allows",
            )
        if origins or starts:
            return Check("issuer_scope", Outcome.PASSED, "hosted where the issuer allows")
    if _origin(url) == _origin(str(profile.get("id"))):
        return Check("issuer_scope", Outcome.PASSED, "hosted on the issuer's own origin")
    return Check(
        "issuer_scope",
        Outcome.FAILED,
        f"{url} is not on the issuer's origin {_origin(str(profile.get('id')))}",
    )


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()
