"""Open Badges 2.0: signed assertions (JWS) and hosted assertions (the URL is the truth).

**Signed** (spec "Signed Badge Verification", steps 1-8): decode the JWS payload; find the
BadgeClass (embedded, or cached from its URL) and the issuer Profile **as cached from its own
URL** (a Profile embedded in the assertion or badge class is display data only: it never
supplies ``publicKey``/``publicKeyPem``, ``revocationList`` or ``verification``); read the key
named by ``verification.creator`` (else each key the Profile lists) from the document cached at
the key's own URL; verify the JWS.  ``verified`` needs both links: the Profile lists the key and
the key's ``owner`` is the Profile.  A signature intact under a key without both links is
``unverifiable`` ("the signature is intact, but nothing ties the key … to the issuer: …").
Then the assertion ``id`` (legacy ``uid``) is looked up in the revocation list cached from the
Profile's own ``revocationList`` URL; ``expires``/``issuedOn`` are checked; the recipient hash is
compared with the learner's emails.  Anything that needs a document not in the cache is "not
checked … needs a network check".

**Hosted**: only a cached copy of the assertion's ``id`` URL can verify it.  The copy must be
the same JSON as the stored one (else ``tampered``: the issuer's hosted copy differs);
``revoked: true`` or a cached ``410 Gone`` → ``revoked``; no copy → ``unverifiable``.  Dates are
checked on the cached copy.  The assertion must also lie in the issuer's allowed scope
(``verification.allowedOrigins`` / ``startsWith`` of the *cached* Profile, default: same origin
as the Profile ``id``).
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

    profile = _graph(assertion, docs, run)

    # -- keys named by verification.creator (or listed by the profile), each from its own URL
    verification = assertion.get("verification")
    creator = first_id(verification.get("creator")) if isinstance(verification, Mapping) else None
    found = _keys(creator, profile, docs, run)
    if found is not None:
        _signature(parsed, found, profile, run)

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
    if not any(c.name == "signature" and c.outcome is Outcome.PASSED for c in run.checks):
        run.candidates.add(Status.UNVERIFIABLE)  # fail closed: no checked signature, no verdict
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
    if cached.url != url:
        run.add(
            Check(
                "hosted",
                Outcome.NOT_CHECKED,
                f"the cached copy is from {cached.url}, not the badge's own URL; needs a network "
                f"check (GET {url})",
                as_of=when,
            ),
            Status.UNVERIFIABLE,
        )
        return run.verdict()
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

    profile = _graph(hosted, docs, run)
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


def _graph(assertion: Mapping[str, Any], docs: DocumentSource, run: _Run) -> dict[str, Any] | None:
    """The issuer Profile *as cached from its own URL*; adds the ``issuer`` check.

    The BadgeClass may be embedded (it is covered by the signature, or is the issuer's hosted
    copy), but a Profile embedded in the assertion or the badge class is display data only: it
    names the issuer's URL and nothing else is taken from it — never keys, revocation list or
    allowed origins, which an attacker could embed as easily as a name.
    """
    try:
        badge, _badge_doc, badge_url = _lookup(assertion.get("badge"), docs, "badge class")
        if badge is None:
            run.add(
                Check(
                    "issuer",
                    Outcome.NOT_CHECKED,
                    f"badge class not cached; needs a network check (GET {badge_url})",
                ),
                Status.UNVERIFIABLE,
            )
            return None
        if isinstance(badge.get("name"), str):
            run.facts["achievement"] = badge["name"]
        issuer = badge.get("issuer")
        profile_url = first_id(issuer)
        if not profile_url:
            raise ContentError("the badge class names no issuer profile")
        if urlsplit(profile_url).scheme not in ("http", "https"):
            run.add(
                Check(
                    "issuer",
                    Outcome.NOT_CHECKED,
                    f"the issuer profile id {profile_url!r} is not a URL it can be checked at; "
                    "an embedded profile cannot vouch for itself",
                ),
                Status.UNVERIFIABLE,
            )
            return None
        profile, profile_doc, _ = _lookup(profile_url, docs, "issuer profile")
    except ContentError as exc:
        run.add(Check("issuer", Outcome.FAILED, exc.reason), Status.MALFORMED)
        return None
    if profile is None or profile_doc is None:
        run.add(
            Check(
                "issuer",
                Outcome.NOT_CHECKED,
                f"issuer profile not cached; needs a network check (GET {profile_url})",
            ),
            Status.UNVERIFIABLE,
        )
        return None
    when = profile_doc.fetched_at
    if profile.get("id") != profile_url:
        run.add(
            Check(
                "issuer",
                Outcome.FAILED,
                f"the document cached for {profile_url} is not that issuer's own profile "
                f"(its id is {str(profile.get('id'))[:80]!r})",
                as_of=when,
            ),
            Status.UNVERIFIABLE,
        )
        return None
    if isinstance(profile.get("name"), str):
        run.facts["issuer"] = profile["name"]
    # Read from the profile's own URL: the engine may look this id up in a registry.
    run.facts["issuer_id"] = profile_url
    run.add(Check("issuer", Outcome.PASSED, f"issuer profile {profile_url}", as_of=when))
    return profile


@dataclass(frozen=True)
class _Key:
    """A key read from the document cached at its own URL (``key_id``)."""

    key_id: str
    key: jws.PublicKey
    owner: str | None
    as_of: datetime


def _keys(
    creator: str | None, profile: Mapping[str, Any] | None, docs: DocumentSource, run: _Run
) -> list[_Key] | None:
    """Keys to try: ``verification.creator``, else those the profile lists; each is read from
    the document cached at its own URL (an embedded ``publicKeyPem`` is never used).

    Returns ``None`` (after adding ``issuer_key`` and ``signature`` checks) when no key can be
    read, so the signature cannot be checked.
    """
    listed = _listed_keys(profile)
    wanted = [creator] if creator else listed
    reason: str | None = None
    keys: list[_Key] = []
    problems: list[str] = []
    missing: list[str] = []
    for key_id in wanted:
        cached = docs.get(key_id)
        if cached is None or cached.status != 200:
            missing.append(key_id)
            continue
        try:
            key_doc = load_json_object(cached.body, what=f"the cached key document {key_id}")
            if key_doc.get("id") not in (None, key_id):
                problems.append(f"the document cached for {key_id} is another key")
                continue
            pem = key_doc.get("publicKeyPem")
            if not isinstance(pem, str):
                problems.append(f"the key document {key_id} has no publicKeyPem")
                continue
            key = jws.public_key_from_pem(pem)
        except ContentError as exc:
            problems.append(exc.reason)
            continue
        keys.append(_Key(key_id, key, first_id(key_doc.get("owner")), cached.fetched_at))
    if keys:
        return keys
    if not wanted:
        reason = (
            "issuer key not known until the issuer profile is cached"
            if profile is None
            else "the issuer profile lists no public key and the assertion names none"
        )
    elif problems:
        reason = "; ".join(problems)
    elif profile is not None:
        reason = (
            f"the issuer profile is cached but its key {missing[0]} is not; needs a network "
            f"check (GET {missing[0]})"
        )
    else:
        reason = f"issuer key not cached; needs a network check (GET {missing[0]})"
    outcome = Outcome.FAILED if problems or (profile is not None and not wanted) else (
        Outcome.NOT_CHECKED
    )
    run.add(Check("issuer_key", outcome, reason), Status.UNVERIFIABLE)
    run.add(Check("signature", Outcome.NOT_CHECKED, "issuer key not cached; needs a network check"))
    return None


def _listed_keys(profile: Mapping[str, Any] | None) -> list[str]:
    if profile is None:
        return []
    return [ident for entry in as_list(profile.get("publicKey")) if (ident := first_id(entry))]


def _signature(
    parsed: jws.CompactJws, keys: list[_Key], profile: Mapping[str, Any] | None, run: _Run
) -> None:
    """Check the JWS with each key; then both links: the profile lists the key, and the key's
    ``owner`` is the profile.  A signature intact under an unbound key is ``unverifiable``."""
    matched: _Key | None = None
    for candidate in keys:
        try:
            ok = jws.verify_signature(
                parsed.alg, candidate.key, parsed.signing_input, parsed.signature
            )
        except ContentError as exc:
            run.add(Check("issuer_key", Outcome.NOT_CHECKED, f"{candidate.key_id}: {exc.reason}"))
            run.add(Check("signature", Outcome.FAILED, exc.reason), exc.status)
            return
        if ok:
            matched = candidate
            break
    if matched is None:
        run.add(
            Check(
                "issuer_key",
                Outcome.NOT_CHECKED,
                "no key named for the issuer matches the signature",
                as_of=keys[0].as_of,
            )
        )
        run.add(
            Check(
                "signature",
                Outcome.FAILED,
                "the signature does not match the issuer's key: the assertion was "
                "altered after signing or signed by someone else",
            ),
            Status.TAMPERED,
        )
        return
    unbound = _unbound_reason(matched, profile)
    if unbound is None:
        run.add(
            Check(
                "issuer_key",
                Outcome.PASSED,
                f"the signing key {matched.key_id} is listed by the issuer profile and owned "
                "by it",
                as_of=matched.as_of,
            )
        )
    else:
        outcome = Outcome.NOT_CHECKED if profile is None else Outcome.FAILED
        run.add(
            Check(
                "issuer_key",
                outcome,
                f"the signature is intact, but nothing ties the key {matched.key_id} to the "
                f"issuer: {unbound}",
                as_of=matched.as_of,
            ),
            Status.UNVERIFIABLE,
        )
    run.add(Check("signature", Outcome.PASSED, f"the {parsed.alg} signature is valid"))


def _unbound_reason(key: _Key, profile: Mapping[str, Any] | None) -> str | None:
    """Why ``key`` is not bound to the issuer, or ``None`` when both links hold."""
    if profile is None:
        return "needs the issuer's profile"
    profile_id = str(profile.get("id"))
    if key.key_id not in _listed_keys(profile):
        return f"the issuer profile {profile_id} does not list it"
    if key.owner != profile_id:
        owner = "no owner" if key.owner is None else f"the owner {key.owner}"
        return f"the key document names {owner}, not the issuer {profile_id}"
    return None


def _revocation(
    assertion: Mapping[str, Any], profile: Mapping[str, Any], docs: DocumentSource, run: _Run
) -> None:
    """Look the assertion up in the revocation list at the (cached) profile's own
    ``revocationList`` URL; a list embedded anywhere else is never used."""
    ref = first_id(profile.get("revocationList"))
    if profile.get("revocationList") is None:
        run.add(Check("status", Outcome.PASSED, "the issuer publishes no revocation list"))
        return
    if ref is None or urlsplit(ref).scheme not in ("http", "https"):
        run.add(
            Check(
                "status",
                Outcome.NOT_CHECKED,
                "revocation not checked: the issuer profile's revocationList is not a URL",
            )
        )
        return
    cached = docs.get(ref)
    if cached is None or cached.status != 200:
        run.add(
            Check(
                "status",
                Outcome.NOT_CHECKED,
                f"revocation list not cached; needs a network check (GET {ref})",
            )
        )
        return
    when = cached.fetched_at
    try:
        rev_list = load_json_object(cached.body, what="the cached revocation list")
    except ContentError as exc:
        run.add(
            Check("status", Outcome.NOT_CHECKED, f"revocation list unreadable: {exc.reason}",
                  as_of=when)
        )
        return
    list_issuer = first_id(rev_list.get("issuer"))
    if rev_list.get("id") not in (None, ref) or list_issuer not in (None, profile.get("id")):
        run.add(
            Check(
                "status",
                Outcome.NOT_CHECKED,
                f"revocation not checked: the document cached for {ref} is not the issuer's "
                "own revocation list",
                as_of=when,
            )
        )
        return
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
