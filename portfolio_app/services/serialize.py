"""Plain-data views of stored credentials, for ``--json`` output and backups of the UI state.

Kept in one place so the CLI's JSON and anything else that shows a credential agree on names.
"""

from __future__ import annotations

import json
import math
from dataclasses import asdict
from datetime import datetime
from json.encoder import encode_basestring as _escape
from typing import Any

from portfolio_app.model import PROVISIONAL_MARK, LearnerFacts, is_provisional_title
from portfolio_app.storage import Rendition, ShownRecord, StoredCredential, codec
from portfolio_app.storage.quickread import SummaryRow
from portfolio_app.verify.verdict import Status, issuer_json

#: The label shown beside ``unverifiable`` for credentials nothing cryptographic backs (PDF
#: certificates), so a learner does not read it as "something is wrong with it".
SELF_REPORTED = "self-reported"


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def summary_json(stored: StoredCredential) -> dict[str, Any]:
    """The fields ``portfolio list --json`` prints: enough to find and tell credentials apart."""
    cred = stored.credential
    verdict = stored.latest_verdict
    return summary_fields(
        id=stored.id,
        title=cred.title,
        extra=cred.extra,
        issuer_name=cred.issuer_name,
        issuer_id=cred.issuer_id,
        format=cred.format.value,
        container=cred.container.value,
        issued=cred.issued,
        valid_until=cred.valid_until,
        status=verdict.status if verdict is not None else None,
        facts=verdict.facts if verdict is not None else None,
        self_reported=cred.self_reported,
        credential_id=cred.credential_id,
        sha256=stored.sha256,
        original_name=stored.original_name,
        learner=learner_json(stored),
    )


def summary_row_json(row: SummaryRow) -> dict[str, Any]:
    """:func:`summary_json` of a row the quick reader read (``portfolio list`` without
    SQLAlchemy): the same fields from the same columns, through :func:`summary_fields`."""
    learner = None
    if row.user_tags or row.learner:
        learner = learner_fields(codec.learner_from_json(row.learner), row.user_tags)
    return summary_fields(
        id=row.id,
        title=row.title,
        extra=row.extra,
        issuer_name=row.issuer_name,
        issuer_id=row.issuer_id,
        format=row.format,
        container=row.container,
        issued=row.issued,
        valid_until=row.valid_until,
        status=row.status,
        facts=row.facts,
        self_reported=row.self_reported,
        credential_id=row.credential_id,
        sha256=row.sha256,
        original_name=row.original_name,
        learner=learner,
    )


def summary_fields(
    *,
    id: int,
    title: str,
    extra: dict[str, str],
    issuer_name: str,
    issuer_id: str | None,
    format: str,
    container: str,
    issued: datetime | None,
    valid_until: datetime | None,
    status: Status | None,
    facts: dict[str, str] | None,
    self_reported: bool,
    credential_id: str | None,
    sha256: str,
    original_name: str,
    learner: dict[str, Any] | None,
) -> dict[str, Any]:
    """The one place the shape of a ``list --json`` entry is decided (keys in this order)."""
    provisional = is_provisional_title(extra)
    return {
        "id": id,
        "title": title,
        # Guessed from the file's name until the badge class is known (portfolio show says so).
        "title_provisional": provisional,
        "shown_title": f"{title} {PROVISIONAL_MARK}" if provisional else title,
        "issuer": issuer_name,
        "issuer_id": issuer_id,
        "format": format,
        "container": container,
        "issued": _iso(issued),
        "valid_until": _iso(valid_until),
        "status": status,
        # Recognised by an issuer registry the profile holds, or the issuer's own claim.
        "issuer_recognised": None,
        "issuer_standing": None,
        "self_reported": self_reported,
        "credential_id": credential_id,
        "sha256": sha256,
        "original_name": original_name,
        "status_label": _status_label(status, self_reported),
        "learner": learner,
    } | (issuer_json(facts) if facts is not None else {})


def status_label(stored: StoredCredential) -> str | None:
    """The status as text views print it: ``unverifiable (self-reported)`` for PDFs."""
    verdict = stored.latest_verdict
    return _status_label(
        verdict.status if verdict is not None else None, stored.credential.self_reported
    )


def _status_label(status: Status | None, self_reported: bool) -> str | None:
    if status is None:
        return None
    if self_reported and status is Status.UNVERIFIABLE:
        return f"{status.value} ({SELF_REPORTED})"
    return status.value


def learner_json(stored: StoredCredential) -> dict[str, Any] | None:
    """What the learner said (``portfolio edit``), marked ``learner_entered``; ``None`` when
    the learner said nothing, so views never mix it with what the original says."""
    return learner_fields(stored.learner, stored.user_tags)


def learner_fields(facts: LearnerFacts, user_tags: tuple[str, ...]) -> dict[str, Any] | None:
    """:func:`learner_json` from the learner's facts and tags themselves."""
    if facts.is_empty and not user_tags:
        return None
    data: dict[str, Any] = {"learner_entered": True}
    if user_tags:
        data["tags"] = list(user_tags)
    for key in ("issuer_name", "achievement_name", "achievement_id"):
        value = getattr(facts, key)
        if value is not None:
            data[key] = value
    if facts.credits:
        data["credits"] = [asdict(c) for c in facts.credits]
    if facts.note:
        data["note"] = facts.note
    return data


def rendition_json(rendition: Rendition) -> dict[str, Any]:
    """One kept original (``show --json`` → ``originals``)."""
    return {
        "sha256": rendition.sha256,
        "format": rendition.format,
        "container": rendition.container,
        "file_name": rendition.original_name,
        "imported_at": _iso(rendition.imported_at),
        "verdict": None if rendition.status is None else rendition.status.value,
        "checked_at": _iso(rendition.checked_at),
        "shown": rendition.shown,
    }


def shown_record_json(record: ShownRecord) -> dict[str, Any]:
    return {"changed_at": _iso(record.changed_at), "reason": record.reason, "shown": record.shown}


def detail_json(stored: StoredCredential) -> dict[str, Any]:
    """Everything we know about one credential (``portfolio show ID --json``)."""
    cred = stored.credential
    data = summary_json(stored)
    data.update(
        {
            "description": cred.description,
            "achievement_id": cred.achievement_id,
            "recipient": cred.recipient,
            "valid_from": _iso(cred.valid_from),
            "alignments": [asdict(a) for a in cred.alignments],
            "credits": [asdict(c) for c in cred.credits],
            "evidence": list(cred.evidence),
            "tags": list(cred.tags),
            "verification_url": cred.verification_url,
            "extra": dict(cred.extra),
            "imported_at": _iso(stored.imported_at),
            "notes": stored.notes,
            "user_tags": list(stored.user_tags),
        }
    )
    return data


# -- JSON text for scripts ----------------------------------------------------------------------
# ``json.dumps(indent=2)`` runs the pure-Python encoder (CPython 3.11's C encoder cannot
# indent), which takes about as long as reading a 10,000-credential wallet.  This writes the
# same text, character for character (tests compare it with json.dumps on real outputs and on
# generated values), with the C string escaper and plain list appends.


def json_text(data: Any) -> str:
    """``json.dumps(data, indent=2, ensure_ascii=False)``, the same text, several times faster.

    Handles what ``--json`` output holds (dicts with text keys, lists, tuples, text, numbers,
    booleans, None); anything else goes to :func:`json.dumps` itself, so its errors are
    json's own.
    """
    parts: list[str] = []
    try:
        _write(data, parts, "\n")
    except _NotPlain:
        return json.dumps(data, indent=2, ensure_ascii=False)
    return "".join(parts)


class _NotPlain(Exception):
    """A value the fast writer leaves to :mod:`json` (a key that is not text, an object)."""


def _float(value: float) -> str:
    if value != value:  # noqa: PLR0124 - NaN is the one value not equal to itself
        return "NaN"
    if value == math.inf:
        return "Infinity"
    if value == -math.inf:
        return "-Infinity"
    return float.__repr__(value)


def _write(value: Any, out: list[str], newline: str) -> None:
    kind = type(value)
    if kind is str:
        out.append(_escape(value))
    elif value is None:
        out.append("null")
    elif value is True:
        out.append("true")
    elif value is False:
        out.append("false")
    elif kind is int:
        out.append(int.__repr__(value))
    elif kind is dict:
        if not value:
            out.append("{}")
            return
        inner = newline + "  "
        first = True
        for key, item in value.items():
            if type(key) is not str:
                raise _NotPlain
            out.append("{" + inner if first else "," + inner)
            first = False
            out.append(_escape(key))
            out.append(": ")
            _write(item, out, inner)
        out.append(newline + "}")
    elif kind is list or kind is tuple:
        if not value:
            out.append("[]")
            return
        inner = newline + "  "
        out.append("[" + inner)
        for index, item in enumerate(value):
            if index:
                out.append("," + inner)
            _write(item, out, inner)
        out.append(newline + "]")
    elif isinstance(value, str):  # a StrEnum such as Status: written as its text, as json does
        out.append(_escape(value))
    elif isinstance(value, int):
        out.append(int.__repr__(value))
    elif isinstance(value, float):
        out.append(_float(value))
    else:
        raise _NotPlain
