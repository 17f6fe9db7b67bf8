"""The validity window: ``validFrom``/``validUntil`` (VC 2.0), ``issuanceDate``/``expirationDate``
(VC 1.1) and ``expires`` (OB 2.0).  ``now`` is always passed in, so tests use a frozen clock.

Dates are read by the app's one reader (:func:`portfolio_app.datetimes.read_datetime`), the
same one the parser uses for what is shown.  When a credential states several starts or ends
(VC 1.1 and 2.0 terms together, or one term twice), the strictest wins: the latest start and
the earliest end.  A date that cannot be read is ``malformed``, never "no end date".
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from portfolio_app.datetimes import DateError, read_datetime
from portfolio_app.verify.verdict import Check, Outcome, Status

START_FIELDS = ("validFrom", "issuanceDate")
END_FIELDS = ("validUntil", "expirationDate", "expires")


@dataclass(frozen=True)
class DateResult:
    check: Check
    status: Status | None  # EXPIRED / NOT_YET_VALID / MALFORMED, or None when fine


class DateFormatError(ValueError):
    pass


def parse_datetime(value: Any, field_name: str) -> datetime:
    """A date as an aware UTC datetime (see the module docstring); names the field on failure."""
    try:
        return read_datetime(value)
    except DateError as exc:
        raise DateFormatError(f"{field_name}: {exc}") from exc


def _show(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")


def check_dates(doc: Mapping[str, Any], *, now: datetime) -> DateResult:
    """Check ``doc``'s validity window (its JSON date fields) against ``now``.

    For JSON-LD credentials the verifier passes the dates read from the signed graph to
    :func:`check_window` instead; this form serves JOSE payloads and OB 2.0 assertions.
    """
    starts = [(name, doc[name]) for name in START_FIELDS if doc.get(name) is not None]
    ends = [(name, doc[name]) for name in END_FIELDS if doc.get(name) is not None]
    return check_window(starts, ends, now=now)


def check_window(
    starts: Iterable[tuple[str, Any]], ends: Iterable[tuple[str, Any]], *, now: datetime
) -> DateResult:
    """Check a validity window given as ``(field name, raw value)`` pairs; strictest wins."""
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    try:
        start_times = [(name, parse_datetime(value, name)) for name, value in starts]
        end_times = [(name, parse_datetime(value, name)) for name, value in ends]
    except DateFormatError as exc:
        return DateResult(Check("dates", Outcome.FAILED, f"{exc}."), Status.MALFORMED)
    start = max(start_times, key=lambda item: item[1]) if start_times else None
    end = min(end_times, key=lambda item: item[1]) if end_times else None
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
