"""Small helpers every format parser needs: dates, language maps, issuer names, lists.

Credentials are written by many issuers with many habits (a value or a list, a string or a
language map, a date with or without a time zone).  These helpers absorb that variety in one
place so the parsers read like the specs they follow.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from portfolio_app.datetimes import DateError, read_datetime
from portfolio_app.model import (  # re-exported: the parsers and tests import them from here
    PROVISIONAL_MARK,
    Alignment,
    display_title,
    is_provisional_title,
)

__all__ = ["PROVISIONAL_MARK", "display_title", "is_provisional_title"]

PREFERRED_LANGUAGE = "en"


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


# An XSD decimal/double lexical form without the special values: what a credit count may be.
_XSD_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


def read_count(value: str) -> float | None:
    """A credit count from its lexical form, or ``None`` when it is not one.

    Why not ``float()``: it also reads ``"inf"``, ``"NaN"``, ``"1_000"`` and ``" 5"``, which no
    XSD reader accepts; an infinite, undefined or negative count would complete (or undo) any
    stacked qualification a pathway adds it to.
    """
    if not _XSD_NUMBER.fullmatch(value):
        return None
    number = float(value)
    if not math.isfinite(number) or number < 0:  # "1e999" overflows to inf
        return None
    return number


def parse_datetime(value: Any) -> datetime | None:
    """:func:`read_datetime` for display, giving ``None`` for an unreadable value.

    The parser should not lose a whole credential over one date; the verifier reads the same
    value with :func:`read_datetime` and reports it as malformed.
    """
    try:
        return read_datetime(value)
    except DateError:
        return None


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


# -- titles that are only guesses --------------------------------------------------------------

_FILE_NAME_SEPARATORS = re.compile(r"[\s_.+-]+")
# What a UUID-like or hash-like token looks like: a file name made of these says nothing.
_OPAQUE_TOKEN = re.compile(r"(?=[a-f]*\d)[0-9a-f]{4,}|\d+", re.IGNORECASE)
_SMALL_WORDS = {"a", "an", "and", "as", "at", "for", "in", "of", "on", "or", "the", "to", "with"}


def readable_file_title(file_name: str | None) -> str | None:
    """A file's name as a title: no folder, no extension, separators as spaces, words capitalised.

    Why: an OB 2.0 badge whose BadgeClass is only a URL names nothing readable until the badge
    class is fetched, while the learner usually saved it under a telling name
    (``google-data-analytics_certificate.png`` → "Google Data Analytics Certificate").
    ``None`` when the name says nothing (``badge.png``, ``3f2a9c…e1.json``, ``download(3).png``).
    """
    if not file_name:
        return None
    base = file_name.replace("\\", "/").rsplit("/", 1)[-1]
    stem = base.rsplit(".", 1)[0] if "." in base.lstrip(".") else base
    stem = re.sub(r"\(\d+\)$", "", stem).strip()
    words = [w for w in _FILE_NAME_SEPARATORS.split(stem) if w]
    meaningful = [w for w in words if not _OPAQUE_TOKEN.fullmatch(w)]
    if not meaningful or {w.lower() for w in meaningful} <= {"badge", "assertion", "download"}:
        return None
    shown: list[str] = []
    for position, word in enumerate(words):
        lower = word.lower()
        if position and lower in _SMALL_WORDS:
            shown.append(lower)
        elif word.isupper() or any(ch.isupper() for ch in word[1:]):
            shown.append(word)  # an acronym or a brand's own spelling (IBM, SkillsBuild)
        else:
            shown.append(word[:1].upper() + word[1:])
    return " ".join(shown)[:200]


