"""Plain-data views of stored credentials, for ``--json`` output and backups of the UI state.

Kept in one place so the CLI's JSON and anything else that shows a credential agree on names.
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime
from typing import Any

from portfolio_app.model import display_title, is_provisional_title
from portfolio_app.storage import Rendition, ShownRecord, StoredCredential
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
    return {
        "id": stored.id,
        "title": cred.title,
        # Guessed from the file's name until the badge class is known (portfolio show says so).
        "title_provisional": is_provisional_title(cred.extra),
        "shown_title": display_title(cred),
        "issuer": cred.issuer_name,
        "issuer_id": cred.issuer_id,
        "format": cred.format.value,
        "container": cred.container.value,
        "issued": _iso(cred.issued),
        "valid_until": _iso(cred.valid_until),
        "status": verdict.status if verdict is not None else None,
        # Recognised by an issuer registry the profile holds, or the issuer's own claim.
        "issuer_recognised": None,
        "issuer_standing": None,
        "self_reported": cred.self_reported,
        "credential_id": cred.credential_id,
        "sha256": stored.sha256,
        "original_name": stored.original_name,
        "status_label": status_label(stored),
        "learner": learner_json(stored),
    } | (issuer_json(verdict.facts) if verdict is not None else {})


def status_label(stored: StoredCredential) -> str | None:
    """The status as text views print it: ``unverifiable (self-reported)`` for PDFs."""
    verdict = stored.latest_verdict
    if verdict is None:
        return None
    if stored.credential.self_reported and verdict.status is Status.UNVERIFIABLE:
        return f"{verdict.status.value} ({SELF_REPORTED})"
    return verdict.status.value


def learner_json(stored: StoredCredential) -> dict[str, Any] | None:
    """What the learner said (``portfolio edit``), marked ``learner_entered``; ``None`` when
    the learner said nothing, so views never mix it with what the original says."""
    facts = stored.learner
    if facts.is_empty and not stored.user_tags:
        return None
    data: dict[str, Any] = {"learner_entered": True}
    if stored.user_tags:
        data["tags"] = list(stored.user_tags)
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
