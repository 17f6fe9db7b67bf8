"""Small helpers shared by the JOSE-based verifiers (``jws``, ``vcjwt``, ``ob2``, ``europass``).

* :func:`load_json` parses untrusted JSON with a size cap and a nesting cap, so a hostile
  10,000-deep payload is refused quickly with a sentence instead of a ``RecursionError``, and
  refuses an object that states one key twice (readers disagree on which value counts);
* :func:`parse_datetime` reads the date forms credentials use (ISO 8601 with ``Z`` or an offset,
  a bare date, or OB 2.0's Unix timestamp);
* :func:`finish` is :func:`~portfolio_app.verify.verdict.decide`, whose summary of a
  ``verified`` verdict names what could not be checked instead of claiming that every check
  passed.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from portfolio_app.datetimes import read_datetime
from portfolio_app.errors import PortfolioError
from portfolio_app.verify.verdict import Check, Outcome, Status, Verdict, decide

MAX_JSON_BYTES = 5 * 1024 * 1024
MAX_JSON_DEPTH = 100


class ContentError(PortfolioError):
    """Credential content we cannot read; ``status`` says whether it is malformed or unsupported."""

    def __init__(self, reason: str, *, status: Status = Status.MALFORMED) -> None:
        super().__init__(reason)
        self.reason = reason
        self.status = status


def load_json(data: str | bytes, *, what: str = "the credential") -> Any:
    """Parse JSON from an untrusted source; raise :class:`ContentError` with one sentence."""
    if len(data) > MAX_JSON_BYTES:
        raise ContentError(f"{what} is larger than 5 MB")
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise ContentError(f"{what} is not UTF-8 text") from exc
    try:
        value = json.loads(data, parse_constant=_refuse_constant, object_pairs_hook=_unique_keys)
    except _DuplicateKey as exc:
        raise ContentError(
            f"{what} states the key '{exc.key[:80]}' twice in one object; other readers would "
            "see the other value, so it is not checked"
        ) from None
    except RecursionError as exc:
        raise ContentError(f"{what} is nested too deeply to be a credential") from exc
    except ValueError as exc:
        raise ContentError(f"{what} is not valid JSON ({exc})") from exc
    # A value's depth is at most one more than the opening brackets of its text: below the
    # limit by that count, the walk over every value (most of this function's time) is spared.
    brackets = data.count("[") + data.count("{")
    if brackets >= MAX_JSON_DEPTH and _depth_exceeds(value, MAX_JSON_DEPTH):
        raise ContentError(f"{what} is nested more than {MAX_JSON_DEPTH} levels deep")
    return value


def load_json_object(data: str | bytes, *, what: str = "the credential") -> dict[str, Any]:
    value = load_json(data, what=what)
    if not isinstance(value, dict):
        raise ContentError(f"{what} is JSON but not an object")
    return value


class _DuplicateKey(ValueError):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """An object whose keys are all different.  ``json.loads`` keeps the last of two equal keys
    and many other readers the first, so one text would read as two credentials."""
    obj = dict(pairs)
    if len(obj) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise _DuplicateKey(key)
            seen.add(key)
    return obj


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not allowed in JSON")


def _depth_exceeds(value: Any, limit: int) -> bool:
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if depth > limit:
            return True
        if isinstance(item, dict):
            stack.extend((v, depth + 1) for v in item.values())
        elif isinstance(item, list):
            stack.extend((v, depth + 1) for v in item)
    return False


def parse_datetime(value: Any) -> datetime:
    """An aware UTC datetime, read by the app's one date reader
    (:func:`portfolio_app.datetimes.read_datetime`), so that what is shown and what is
    checked can never disagree.  Raises ``ValueError`` with a sentence for anything else.
    """
    return read_datetime(value)


def first_id(value: Any) -> str | None:
    """``value`` if it is a string, ``value["id"]`` if it is an object with a string id."""
    if isinstance(value, str):
        return value
    if isinstance(value, dict) and isinstance(value.get("id"), str):
        return str(value["id"])
    return None


def finish(
    candidates: Iterable[Status],
    checks: Iterable[Check],
    *,
    checked_at: datetime,
    facts: dict[str, str] | None = None,
) -> Verdict:
    """:func:`decide` (kept as the verifiers' entry point).

    :func:`decide` itself now says what a verified verdict left unchecked (its limits), so
    every path, direct or through the engine, gets the same summary.
    """
    return decide(candidates, checks, checked_at=checked_at, facts=facts)


def failed_verdict(
    status: Status,
    name: str,
    reason: str,
    *,
    checked_at: datetime,
    checks: Iterable[Check] = (),
    facts: dict[str, str] | None = None,
) -> Verdict:
    """A verdict for content we could not judge: earlier checks plus one failed check."""
    all_checks = [*checks, Check(name, Outcome.FAILED, reason)]
    return decide([status], all_checks, checked_at=checked_at, facts=facts)
