"""Real names for OB 2.0 badges that arrived with their BadgeClass as a URL only.

Credly (and so Google Career Certificates and IBM SkillsBuild) deliver assertions whose
``badge`` is a URL: at import the wallet knows neither the badge's name nor its issuer's, and
shows a provisional title.  Once the badge class and the issuer profile are in the document
cache (a trust bundle, ``--online``, ``reverify``), :func:`refreshed_credential` builds the
display fields from them — with the same binding rules the OB 2.0 verifier applies: each
document is read from the cache entry *of its own URL* (never from an embedded copy) and must
say it is that document (its ``id`` is that URL), so a bundle cannot rename someone else's badge.

``formats`` may not import ``verify``, so the document source is described here structurally;
``verify.documents.DocumentSource`` satisfies it.
"""

from __future__ import annotations

import dataclasses
from typing import Any, Protocol

from portfolio_app.errors import RejectedInput
from portfolio_app.formats.common import alignments_from, is_http_url, strings_from, text_of
from portfolio_app.ingest.jsonsafe import safe_json_loads
from portfolio_app.model import Credential, CredentialFormat

_OB2_FORMATS = (CredentialFormat.OB2_HOSTED, CredentialFormat.OB2_SIGNED)


class CachedBody(Protocol):
    """What a cached document offers (``verify.documents.CachedDocument``)."""

    @property
    def url(self) -> str: ...

    @property
    def body(self) -> bytes: ...

    @property
    def status(self) -> int: ...


class DocumentSource(Protocol):
    """Anything that answers "what did this URL say?" (``verify.documents.DocumentSource``)."""

    def get(self, url: str) -> Any: ...


def _own_document(docs: DocumentSource, url: str) -> dict[str, Any] | None:
    """The JSON object cached for ``url`` if it is that URL's own copy and names itself so."""
    cached: CachedBody | None = docs.get(url)
    if cached is None or cached.status != 200 or cached.url != url:
        return None
    try:
        value = safe_json_loads(cached.body.decode("utf-8"))
    except (RejectedInput, UnicodeDecodeError):
        return None
    if not isinstance(value, dict) or value.get("id") != url:
        return None
    return value


def _image_url(badge: dict[str, Any]) -> str | None:
    image = badge.get("image")
    if isinstance(image, dict):
        image = image.get("id")
    return image if is_http_url(image) else None


def _criteria(badge: dict[str, Any]) -> str | None:
    criteria = badge.get("criteria")
    if isinstance(criteria, str):
        return criteria.strip() or None
    if isinstance(criteria, dict):
        narrative = text_of(criteria.get("narrative"))
        url = criteria.get("id") if is_http_url(criteria.get("id")) else None
        return narrative or url
    return None


def refreshed_credential(credential: Credential, docs: DocumentSource) -> Credential | None:
    """The credential shown from its cached BadgeClass and issuer Profile, or None.

    Only for an OB 2.0 credential whose badge class was a URL (``extra["badge_url"]``).  Title,
    description, image URL, criteria, alignments and tags come from the BadgeClass cached at
    that URL; the issuer's name (and id) from the Profile cached at the BadgeClass's issuer URL.
    ``None`` when nothing new is known: not an OB 2.0 badge by URL, the badge class not cached
    or not bound to its URL, or every field already shows what the documents say.
    """
    badge_url = credential.extra.get("badge_url")
    if credential.format not in _OB2_FORMATS or not badge_url:
        return None
    badge = _own_document(docs, badge_url)
    if badge is None:
        return None
    title = text_of(badge.get("name"))
    if not title:
        return None
    extra = dict(credential.extra)
    extra.pop("title_provisional", None)
    extra["title_from"] = f"the badge class cached from {badge_url}"
    for key, value in (("image", _image_url(badge)), ("criteria", _criteria(badge))):
        if value:
            extra[key] = value[:2000]
    issuer_name, issuer_id = credential.issuer_name, credential.issuer_id
    issuer = badge.get("issuer")
    profile_url = issuer if isinstance(issuer, str) else None
    if isinstance(issuer, dict) and isinstance(issuer.get("id"), str):
        profile_url = issuer["id"]  # an embedded profile names its URL; only that is used
    profile = (
        _own_document(docs, profile_url)
        if profile_url is not None and is_http_url(profile_url)
        else None
    )
    if profile is not None and (name := text_of(profile.get("name"))):
        issuer_name, issuer_id = name, profile_url
        extra["issuer_from"] = f"the issuer profile cached from {profile_url}"
    fresh = dataclasses.replace(
        credential,
        title=title[:300],
        description=text_of(badge.get("description")) or credential.description,
        issuer_name=issuer_name,
        issuer_id=issuer_id,
        alignments=alignments_from(badge.get("alignment")) or credential.alignments,
        tags=strings_from(badge.get("tags")) or credential.tags,
        extra=extra,
    )
    return None if fresh == credential else fresh
