"""The one date reader for everything the app shows *and* checks.

Kept outside the ``formats`` package so that the verifiers and the issuer-registry reader can
use it without loading every credential parser (``formats/__init__`` loads them all).
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from typing import Any

__all__ = ["DateError", "read_datetime"]


class DateError(ValueError):
    """A date value no reader should guess at; the message is one sentence without a period."""


# XSD dateTime / date (what VCs and OB 3.0 use), with an optional zone; case-insensitive T and Z
# because some issuers write them in lower case.  Anything else (week dates, "2020-01-01 10:00",
# compact "20200101") is refused: Python's fromisoformat accepts far more than credentials may.
_XSD_DATE_TIME = re.compile(
    r"(?P<date>\d{4}-\d{2}-\d{2})"
    r"(?:[Tt](?P<time>\d{2}:\d{2}:\d{2})(?P<fraction>\.\d+)?)?"
    r"(?P<zone>[Zz]|[+-]\d{2}:\d{2})?"
)


def read_datetime(value: Any) -> datetime:
    """The one date reader for everything the app shows *and* checks: an aware UTC datetime.

    Why one: when the parser and the verifier read dates differently, a credential can show
    one validity period and be checked against another.  Accepted: an XSD ``dateTime`` (zone
    ``Z`` or ``±hh:mm``; none means UTC), an XSD ``date`` (midnight UTC), and a Unix timestamp
    as a JSON number or a string of digits (OB 2.0).  Raises :class:`DateError` otherwise.
    """
    if isinstance(value, bool):
        raise DateError("a date must be text or a number, not true/false")
    if isinstance(value, int | float):
        try:
            return datetime.fromtimestamp(value, tz=UTC)
        except (OverflowError, OSError, ValueError) as exc:
            raise DateError(f"{value!r} is not a usable timestamp") from exc
    if not isinstance(value, str) or not value.strip():
        raise DateError(f"{str(value)[:40]!r} is not a date")
    known = _READ.get(value)
    if known is not None:
        return known
    moment = _read_text(value.strip())
    if len(_READ) >= _READ_SIZE:
        _READ.clear()
    _READ[value] = moment
    return moment


# Dates read, by their exact text: a wallet's credentials repeat a handful of dates (one
# issuer's validFrom), and each verification reads each one several times (shown, checked,
# compared).  The value is a pure function of the text and a datetime is immutable; what
# cannot be read is not remembered (it raises again).  Bounded, so no input grows it.
_READ_SIZE = 1024
_READ: dict[str, datetime] = {}


def _read_text(text: str) -> datetime:
    """:func:`read_datetime` of non-blank text, without its surrounding blanks."""
    if text.isdigit() and len(text) <= 12:
        return read_datetime(int(text))
    match = _XSD_DATE_TIME.fullmatch(text)
    if match is None:
        raise DateError(f"{text[:40]!r} is not an ISO 8601 date")
    try:
        day = date.fromisoformat(match["date"])
        moment = datetime(day.year, day.month, day.day)
        if match["time"]:
            hours, minutes, seconds = (int(p) for p in match["time"].split(":"))
            micro = int((match["fraction"] or ".0")[1:7].ljust(6, "0"))
            moment = moment.replace(hour=hours, minute=minutes, second=seconds, microsecond=micro)
        zone = match["zone"]
        if zone and zone not in ("Z", "z"):
            sign = 1 if zone[0] == "+" else -1
            offset = timedelta(hours=int(zone[1:3]), minutes=int(zone[4:6]))
            if offset >= timedelta(hours=24) or int(zone[4:6]) >= 60:
                raise ValueError("bad zone")
            return (moment - sign * offset).replace(tzinfo=UTC)
    except ValueError as exc:
        raise DateError(f"{text[:40]!r} is not a valid date-time") from exc
    return moment.replace(tzinfo=UTC)
