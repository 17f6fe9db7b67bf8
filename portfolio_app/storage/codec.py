"""Plain-JSON encoding of the domain objects the store keeps.

One codec serves both the JSON columns of the database and the backup manifest, so a backup
holds exactly what the database holds.  Decoding is strict (it names the bad field) because
the same functions read backups that may come from anywhere.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from portfolio_app.model import (
    Alignment,
    Container,
    Credential,
    CredentialFormat,
    CreditValue,
    LearnerFacts,
)
from portfolio_app.verify.verdict import Check, Outcome


def as_utc(value: datetime) -> datetime:
    """Normalise to UTC; a naive datetime is taken to be UTC already.

    Parsers should hand us aware datetimes; treating naive ones as UTC (instead of failing) keeps
    an import from breaking over a missing offset, and UTC is what the specs default to.
    """
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


def datetime_to_json(value: datetime | None) -> str | None:
    return None if value is None else as_utc(value).isoformat()


def datetime_from_json(value: object, name: str) -> datetime | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValueError(f"{name} must be a date-time string")
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError as exc:
        raise ValueError(f"{name} is not an ISO date-time: {value!r}") from exc
    return as_utc(parsed)


def required_datetime(value: object, name: str) -> datetime:
    parsed = datetime_from_json(value, name)
    if parsed is None:
        raise ValueError(f"{name} is missing")
    return parsed


def text(data: Mapping[str, Any], key: str) -> str:
    value = data.get(key)
    if not isinstance(value, str):
        raise ValueError(f"{key} must be a string")
    return value


def optional_text(data: Mapping[str, Any], key: str) -> str | None:
    value = data.get(key)
    if value is not None and not isinstance(value, str):
        raise ValueError(f"{key} must be a string or null")
    return value


def text_list(value: object, name: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError(f"{name} must be a list of strings")
    return tuple(value)


def text_map(value: object, name: str) -> dict[str, str]:
    if not isinstance(value, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in value.items()
    ):
        raise ValueError(f"{name} must map strings to strings")
    return dict(value)


def alignments_to_json(alignments: tuple[Alignment, ...]) -> list[dict[str, Any]]:
    return [
        {"name": a.name, "url": a.url, "framework": a.framework, "code": a.code} for a in alignments
    ]


def alignments_from_json(value: object) -> tuple[Alignment, ...]:
    if not isinstance(value, list):
        raise ValueError("alignments must be a list")
    result = []
    for item in value:
        if not isinstance(item, dict):
            raise ValueError("each alignment must be an object")
        result.append(
            Alignment(
                name=text(item, "name"),
                url=optional_text(item, "url"),
                framework=optional_text(item, "framework"),
                code=optional_text(item, "code"),
            )
        )
    return tuple(result)


def credits_to_json(credits: tuple[CreditValue, ...]) -> list[dict[str, Any]]:
    return [{"value": c.value, "unit": c.unit} for c in credits]


def credits_from_json(value: object) -> tuple[CreditValue, ...]:
    if not isinstance(value, list):
        raise ValueError("credits must be a list")
    result = []
    for item in value:
        if not isinstance(item, dict):
            raise ValueError("each credit must be an object")
        amount = item.get("value")
        if isinstance(amount, bool) or not isinstance(amount, int | float):
            raise ValueError("credit value must be a number")
        result.append(CreditValue(value=float(amount), unit=text(item, "unit")))
    return tuple(result)


def credential_to_json(credential: Credential) -> dict[str, Any]:
    """Every field of the domain model, JSON-ready (the backup manifest uses this)."""
    c = credential
    return {
        "format": c.format.value,
        "container": c.container.value,
        "title": c.title,
        "issuer_name": c.issuer_name,
        "payload": c.payload,
        "credential_id": c.credential_id,
        "description": c.description,
        "achievement_id": c.achievement_id,
        "issuer_id": c.issuer_id,
        "recipient": c.recipient,
        "issued": datetime_to_json(c.issued),
        "valid_from": datetime_to_json(c.valid_from),
        "valid_until": datetime_to_json(c.valid_until),
        "alignments": alignments_to_json(c.alignments),
        "credits": credits_to_json(c.credits),
        "evidence": list(c.evidence),
        "tags": list(c.tags),
        "verification_url": c.verification_url,
        "self_reported": c.self_reported,
        "extra": dict(c.extra),
    }


def credential_from_json(data: Mapping[str, Any]) -> Credential:
    """Inverse of :func:`credential_to_json`; raises ``ValueError`` naming the bad field."""
    self_reported = data.get("self_reported")
    if not isinstance(self_reported, bool):
        raise ValueError("self_reported must be true or false")
    return Credential(
        format=CredentialFormat(text(data, "format")),
        container=Container(text(data, "container")),
        title=text(data, "title"),
        issuer_name=text(data, "issuer_name"),
        payload=text(data, "payload"),
        credential_id=optional_text(data, "credential_id"),
        description=text(data, "description"),
        achievement_id=optional_text(data, "achievement_id"),
        issuer_id=optional_text(data, "issuer_id"),
        recipient=optional_text(data, "recipient"),
        issued=datetime_from_json(data.get("issued"), "issued"),
        valid_from=datetime_from_json(data.get("valid_from"), "valid_from"),
        valid_until=datetime_from_json(data.get("valid_until"), "valid_until"),
        alignments=alignments_from_json(data.get("alignments")),
        credits=credits_from_json(data.get("credits")),
        evidence=text_list(data.get("evidence"), "evidence"),
        tags=text_list(data.get("tags"), "tags"),
        verification_url=optional_text(data, "verification_url"),
        self_reported=self_reported,
        extra=text_map(data.get("extra"), "extra"),
    )


def check_from_json(data: object) -> Check:
    """Rebuild a :class:`Check` from :meth:`Check.to_json` output."""
    if not isinstance(data, dict):
        raise ValueError("each check must be an object")
    return Check(
        name=text(data, "name"),
        outcome=Outcome(text(data, "outcome")),
        detail=text(data, "detail"),
        as_of=datetime_from_json(data.get("as_of"), "as_of"),
    )


def learner_to_json(facts: LearnerFacts) -> dict[str, Any]:
    """Learner-entered facts as stored (only what the learner said; ``{}`` when nothing)."""
    data: dict[str, Any] = {}
    for key in ("issuer_name", "achievement_name", "achievement_id"):
        value = getattr(facts, key)
        if value is not None:
            data[key] = value
    if facts.credits:
        data["credits"] = credits_to_json(facts.credits)
    if facts.note:
        data["note"] = facts.note
    return data


def learner_from_json(value: object) -> LearnerFacts:
    """Inverse of :func:`learner_to_json`; anything unreadable reads as "nothing said", so a
    damaged learner column never hides the credential itself."""
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            return LearnerFacts()
    if not isinstance(value, dict):
        return LearnerFacts()
    try:
        return LearnerFacts(
            issuer_name=optional_text(value, "issuer_name"),
            achievement_name=optional_text(value, "achievement_name"),
            achievement_id=optional_text(value, "achievement_id"),
            credits=credits_from_json(value.get("credits", [])),
            note=optional_text(value, "note") or "",
        )
    except ValueError:
        return LearnerFacts()
