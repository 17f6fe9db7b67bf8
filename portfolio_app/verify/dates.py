"""The validity window: ``validFrom``/``validUntil`` (VC 2.0), ``issuanceDate``/``expirationDate``
(VC 1.1) and ``expires`` (OB 2.0).  ``now`` is always passed in, so tests use a frozen clock.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from portfolio_app.verify.verdict import Check, Outcome, Status

_DATE_ONLY = re.compile(r"^\d{4}-\d{2}-\d{2}$")

START_FIELDS = ("validFrom", "issuanceDate")
END_FIELDS = ("validUntil", "expirationDate", "expires")


@dataclass(frozen=True)
class DateResult:
    check: Check
    status: Status | None  # EXPIRED / NOT_YET_VALID / MALFORMED, or None when fine


class DateFormatError(ValueError):
    pass


def parse_datetime(value: Any, field_name: str) -> datetime:
    """An XSD dateTime (or date) as an aware datetime; no zone means UTC."""
    if not isinstance(value, str) or not value.strip():
        raise DateFormatError(f"{field_name} is not a date")
    text = value.strip()
    try:
        if _DATE_ONLY.match(text):
            parsed = datetime.fromisoformat(text + "T00:00:00")
        else:
            parsed = datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError as exc:
        raise DateFormatError(f"{field_name} '{text[:40]}' is not a valid date-time") from exc
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _first(doc: Mapping[str, Any], names: tuple[str, ...]) -> tuple[str, datetime] | None:
    for name in names:
        if name in doc and doc[name] is not None:
            return name, parse_datetime(doc[name], name)
    return None


def _show(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")


def check_dates(doc: Mapping[str, Any], *, now: datetime) -> DateResult:
    """Check ``doc``'s validity window against ``now`` (must be timezone-aware)."""
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    try:
        start = _first(doc, START_FIELDS)
        end = _first(doc, END_FIELDS)
    except DateFormatError as exc:
        return DateResult(Check("dates", Outcome.FAILED, f"{exc}."), Status.MALFORMED)
    if start and end and end[1] < start[1]:
        return DateResult(
            Check("dates", Outcome.FAILED, f"{end[0]} is before {start[0]}."), Status.MALFORMED
        )
    if start and now < start[1]:
        return DateResult(
            Check("dates", Outcome.FAILED, f"Not valid until {_show(start[1])} ({start[0]})."),
            Status.NOT_YET_VALID,
        )
    if end and now > end[1]:
        return DateResult(
            Check("dates", Outcome.FAILED, f"Expired on {_show(end[1])} ({end[0]})."),
            Status.EXPIRED,
        )
    if end:
        detail = f"Valid until {_show(end[1])}."
    elif start:
        detail = f"Valid since {_show(start[1])}; it does not expire."
    else:
        detail = "The credential states no validity period; it does not expire."
    return DateResult(Check("dates", Outcome.PASSED, detail), None)
