"""Plain-data views of stored credentials, for ``--json`` output and backups of the UI state.

Kept in one place so the CLI's JSON and anything else that shows a credential agree on names.
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime
from typing import Any

from portfolio_app.storage import StoredCredential
from portfolio_app.verify.verdict import issuer_json


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def summary_json(stored: StoredCredential) -> dict[str, Any]:
    """The fields ``portfolio list --json`` prints: enough to find and tell credentials apart."""
    cred = stored.credential
    verdict = stored.latest_verdict
    return {
        "id": stored.id,
        "title": cred.title,
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
    } | (issuer_json(verdict.facts) if verdict is not None else {})


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
