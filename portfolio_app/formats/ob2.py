"""Open Badges 2.0 Assertions: hosted JSON, signed JWS, and bare hosted URLs.

An OB 2.0 assertion often carries its badge and issuer only as URLs (Credly does this), and the
wallet must not fetch them at import time.  So the parser fills what the assertion itself says
and records in ``extra`` which facts are only guesses from a URL, so the UI can say "fetch to
see the real badge name".
"""

from __future__ import annotations

from typing import Any

from portfolio_app.errors import RejectedInput
from portfolio_app.formats.common import (
    alignments_from,
    display_id,
    evidence_from,
    is_http_url,
    issuer_from_object,
    parse_datetime,
    readable_file_title,
    strings_from,
    text_of,
    url_host,
    url_last_segment,
)
from portfolio_app.model import Container, Credential, CredentialFormat

OB2_CONTEXT = "https://w3id.org/openbadges/v2"
HOSTED_TYPES = {"hosted", "hostedbadge"}
SIGNED_TYPES = {"signed", "signedbadge"}


def is_ob2_assertion(obj: dict[str, Any], types: list[str], contexts: list[str]) -> bool:
    """True for an OB 2.0 Assertion, or an OB 1.x one (no context or type, but ``verify``)."""
    if "Assertion" in types or (OB2_CONTEXT in contexts and "badge" in obj):
        return True
    return not types and "badge" in obj and "recipient" in obj and "verify" in obj


def _issuer(badge: Any, badge_url: str | None, extra: dict[str, str]) -> tuple[str, str | None]:
    """Issuer display name and id, from the embedded badge, else guessed from a URL's host."""
    issuer = badge.get("issuer") if isinstance(badge, dict) else None
    if isinstance(issuer, dict) and (found := issuer_from_object(issuer)) is not None:
        return found
    if isinstance(issuer, str) and issuer:
        extra["issuer_from"] = "the issuer URL (the issuer profile is not embedded)"
        return display_id(issuer), issuer
    if badge_url:
        extra["issuer_from"] = "the badge URL's host (the issuer profile is not embedded)"
        return url_host(badge_url), None
    raise RejectedInput("Open Badges assertion names no issuer (no 'badge.issuer')")


def _recipient(assertion: dict[str, Any]) -> str | None:
    recipient = assertion.get("recipient")
    if isinstance(recipient, dict):
        identity = recipient.get("identity")
        return identity if isinstance(identity, str) else None
    return recipient if isinstance(recipient, str) else None


def parse_assertion(
    assertion: dict[str, Any],
    *,
    payload: str,
    container: Container,
    source: str,
    signed: bool,
    file_name: str | None = None,
) -> Credential:
    """Build a :class:`Credential` from an OB 2.0 Assertion.

    ``signed`` is true when the assertion came out of a compact JWS; ``payload`` is then that
    JWS string, otherwise the JSON text as extracted.  ``file_name`` (the original file's name)
    gives a provisional title when the badge class is only a URL: the learner named the file,
    while the URL's last segment is often a UUID or ``public_url``.
    """
    extra: dict[str, str] = {"source": source}
    badge = assertion.get("badge")
    badge_url: str | None = None
    if isinstance(badge, dict):
        title = text_of(badge.get("name"))
        if not title:
            raise RejectedInput("Open Badges assertion's badge has no 'name'")
        badge_id = badge.get("id") if isinstance(badge.get("id"), str) else None
    elif isinstance(badge, str) and badge.strip():
        badge_url = badge.strip()
        badge_id = badge_url
        extra["badge_url"] = badge_url
        extra["title_provisional"] = "true"
        from_file = readable_file_title(file_name)
        if from_file:
            title = from_file
            extra["title_from"] = (
                "the file's name (the badge class is not embedded; its name is known once "
                "the badge class is fetched or imported in a trust bundle)"
            )
        else:
            title = url_last_segment(badge_url)
            extra["title_from"] = (
                "the badge URL (the badge class is not embedded; fetch it for the name)"
            )
    else:
        raise RejectedInput("Open Badges assertion has no 'badge' (object or URL)")
    issuer_name, issuer_id = _issuer(badge, badge_url, extra)

    verification = assertion.get("verification")
    verification_type = ""
    if isinstance(verification, dict) and isinstance(verification.get("type"), str):
        verification_type = verification["type"]
        extra["verification_type"] = verification_type
        creator = verification.get("creator")
        if isinstance(creator, str):
            extra["signing_key"] = creator
    if not signed and verification_type.lower() in SIGNED_TYPES:
        extra["note"] = "the assertion says it is signed, but it arrived without its signature"

    assertion_id = assertion.get("id") if isinstance(assertion.get("id"), str) else None
    legacy_verify = assertion.get("verify")  # OB 1.x: {"type": "hosted", "url": …}
    hosted_url = assertion_id if is_http_url(assertion_id) else None
    if hosted_url is None and isinstance(legacy_verify, dict):
        url = legacy_verify.get("url")
        hosted_url = url if is_http_url(url) else None
        extra["verification_type"] = str(legacy_verify.get("type", ""))
        extra["spec"] = "Open Badges 1.x"
    badge_obj = badge if isinstance(badge, dict) else {}
    return Credential(
        format=CredentialFormat.OB2_SIGNED if signed else CredentialFormat.OB2_HOSTED,
        container=container,
        title=title,
        issuer_name=issuer_name,
        payload=payload,
        credential_id=assertion_id or hosted_url,
        description=text_of(badge_obj.get("description")) or "",
        achievement_id=badge_id,
        issuer_id=issuer_id,
        recipient=_recipient(assertion),
        issued=parse_datetime(assertion.get("issuedOn")),
        valid_until=parse_datetime(assertion.get("expires")),
        alignments=alignments_from(badge_obj.get("alignment")),
        evidence=evidence_from(assertion.get("evidence")),
        tags=strings_from(badge_obj.get("tags")),
        verification_url=hosted_url,
        extra=extra,
    )


def parse_hosted_url(
    url: str, *, container: Container, source: str, file_name: str | None = None
) -> Credential:
    """A baked badge that holds only its hosted assertion URL (pre-1.0 PNG, hosted SVG).

    Nothing but the address is known until the assertion is fetched, so title and issuer are
    read off the URL and ``extra`` says so.
    """
    legacy = source == "png-text-openbadges-url"
    from_file = readable_file_title(file_name)
    return Credential(
        format=CredentialFormat.OB2_HOSTED,
        container=container,
        title=from_file or url_last_segment(url),
        issuer_name=url_host(url),
        payload=url,
        credential_id=url,
        verification_url=url,
        extra={
            "source": source,
            "title_provisional": "true",
            "title_from": "the file's name" if from_file else "the hosted assertion's URL",
            "note": (
                "legacy baked URL: only the hosted assertion's address is known; "
                "fetch it to see the badge"
                if legacy
                else "hosted URL only: fetch the assertion to see the badge"
            ),
        },
    )
