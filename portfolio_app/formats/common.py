"""Small helpers every format parser needs: dates, language maps, issuer names, lists.

Credentials are written by many issuers with many habits (a value or a list, a string or a
language map, a date with or without a time zone).  These helpers absorb that variety in one
place so the parsers read like the specs they follow.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import UTC, date, datetime
from typing import Any
from urllib.parse import urlsplit

from portfolio_app.model import Alignment

PREFERRED_LANGUAGE = "en"
_DATE_ONLY = re.compile(r"\d{4}-\d{2}-\d{2}")


def as_list(value: Any) -> list[Any]:
    """A JSON-LD value as a list: ``None`` → ``[]``, a single value → ``[value]``."""
    if value is None:
        return []
    if isinstance(value, list):
        return value
    return [value]


def types_of(obj: Any) -> list[str]:
    """The ``type`` (or ``@type``) strings of a JSON object, in order."""
    if not isinstance(obj, dict):
        return []
    raw = obj.get("type", obj.get("@type"))
    return [t for t in as_list(raw) if isinstance(t, str)]


def contexts_of(obj: dict[str, Any]) -> list[str]:
    """The ``@context`` URLs of a JSON-LD document (inline context objects are skipped)."""
    return [c for c in as_list(obj.get("@context")) if isinstance(c, str)]


def text_of(value: Any, language: str = PREFERRED_LANGUAGE) -> str | None:
    """A display string from a plain string, a language map or a JSON-LD value object.

    Language maps (``{"en": "…", "fr": "…"}``, as Europass writes them) yield the preferred
    language, else the first language present.  Lists yield their first usable entry.
    """
    if isinstance(value, str):
        stripped = value.strip()
        return stripped or None
    if isinstance(value, list):
        for item in value:
            found = text_of(item, language)
            if found:
                return found
        return None
    if isinstance(value, dict):
        if "@value" in value:
            return text_of(value["@value"], language)
        if language in value:
            found = text_of(value[language], language)
            if found:
                return found
        for item in value.values():
            if isinstance(item, str | list):
                found = text_of(item, language)
                if found:
                    return found
    return None


def is_http_url(value: Any) -> bool:
    """True for an absolute http(s) URL string."""
    return isinstance(value, str) and value.lower().startswith(("http://", "https://"))


def url_host(url: str) -> str:
    """The host name of a URL, or the URL itself when it has none."""
    host = urlsplit(url).hostname
    return host or url


def url_last_segment(url: str) -> str:
    """The last non-empty path segment of a URL (its host when the path is empty)."""
    parts = urlsplit(url)
    segments = [s for s in parts.path.split("/") if s]
    return segments[-1] if segments else (parts.hostname or url)


def display_id(identifier: str) -> str:
    """A short human label for an issuer identifier: the host of a URL, else the id itself."""
    return url_host(identifier) if is_http_url(identifier) else identifier


def parse_datetime(value: Any) -> datetime | None:
    """Parse an ISO 8601 date-time (or bare date, or Unix timestamp) into an aware datetime.

    A value without a time zone is taken as UTC; an unreadable value gives ``None`` (the
    verifier reports bad dates; the parser should not lose the whole credential over one).
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        try:
            return datetime.fromtimestamp(value, tz=UTC)
        except (OverflowError, OSError, ValueError):
            return None
    if not isinstance(value, str):
        return None
    text = value.strip()
    try:
        if _DATE_ONLY.fullmatch(text):
            day = date.fromisoformat(text)
            return datetime(day.year, day.month, day.day, tzinfo=UTC)
        parsed = datetime.fromisoformat(text.replace("z", "Z"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def first_date(obj: dict[str, Any], *keys: str) -> datetime | None:
    """The first of ``keys`` present in ``obj`` that parses as a date."""
    for key in keys:
        parsed = parse_datetime(obj.get(key))
        if parsed is not None:
            return parsed
    return None


def alignments_from(items: Any) -> tuple[Alignment, ...]:
    """OB 2.0 / 3.0 ``alignment`` entries (targetName, targetUrl, targetFramework, targetCode)."""
    found: list[Alignment] = []
    for item in as_list(items):
        if not isinstance(item, dict):
            continue
        name = text_of(item.get("targetName")) or text_of(item.get("targetCode"))
        url = item.get("targetUrl") if isinstance(item.get("targetUrl"), str) else None
        if not name and not url:
            continue
        found.append(
            Alignment(
                name=name or url_last_segment(url or ""),
                url=url,
                framework=text_of(item.get("targetFramework")),
                code=text_of(item.get("targetCode")),
            )
        )
    return tuple(found)


def evidence_from(items: Any) -> tuple[str, ...]:
    """Evidence as URLs or names: a bare string, or objects with ``id``/``name``/``narrative``."""
    found: list[str] = []
    for item in as_list(items):
        if isinstance(item, str) and item.strip():
            found.append(item.strip())
        elif isinstance(item, dict):
            label = (
                (item.get("id") if isinstance(item.get("id"), str) else None)
                or text_of(item.get("name"))
                or text_of(item.get("narrative"))
            )
            if label:
                found.append(label[:200])
    return tuple(found)


def strings_from(items: Any) -> tuple[str, ...]:
    """Non-empty strings of a value-or-list (tags, keywords)."""
    return tuple(s.strip() for s in as_list(items) if isinstance(s, str) and s.strip())


def keys_hint(obj: dict[str, Any], limit: int = 4) -> str:
    """A short description of an unknown JSON object, for refusal messages."""
    keys = [repr(k) for k in list(obj)[:limit]]
    if not keys:
        return "an empty object"
    more = ", …" if len(obj) > limit else ""
    return f"an object with keys {', '.join(keys)}{more}"


def join_nonempty(values: Iterable[str | None], sep: str = ", ") -> str:
    """Join the non-empty values (for ``extra`` fields built from optional parts)."""
    return sep.join(v for v in values if v)


def issuer_from_object(issuer: dict[str, Any]) -> tuple[str, str | None] | None:
    """``(display name, id)`` of an embedded issuer profile, or None when it names neither.

    The name wins; without one, the id is shown in its readable form (a DID or a host).
    """
    issuer_id = issuer.get("id") if isinstance(issuer.get("id"), str) else None
    name = text_of(issuer.get("name"))
    if name:
        return name, issuer_id
    if issuer_id:
        return display_id(issuer_id), issuer_id
    return None
