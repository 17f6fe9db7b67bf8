"""The validity window at its edges: the strictest start and end win, and a bad window is never
``verified`` (tests that kill the date mutants ``make mutation`` found)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from portfolio_app.verify.dates import check_dates, check_window
from portfolio_app.verify.verdict import Outcome, Status

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)


def _iso(moment: datetime) -> str:
    return moment.isoformat().replace("+00:00", "Z")


def test_the_latest_start_wins_among_several() -> None:
    doc = {
        "validFrom": _iso(NOW - timedelta(days=3)),
        "issuanceDate": _iso(NOW + timedelta(hours=1)),
    }
    result = check_dates(doc, now=NOW)
    assert result.status is Status.NOT_YET_VALID and "issuanceDate" in result.check.detail
    swapped = {"issuanceDate": doc["validFrom"], "validFrom": doc["issuanceDate"]}
    assert check_dates(swapped, now=NOW).status is Status.NOT_YET_VALID


@pytest.mark.parametrize("late", ["validUntil", "expirationDate", "expires"])
def test_the_earliest_end_wins_among_several(late: str) -> None:
    fields = ["validUntil", "expirationDate", "expires"]
    doc = {name: _iso(NOW + timedelta(days=30)) for name in fields}
    doc[late] = _iso(NOW - timedelta(minutes=1))
    result = check_dates(doc, now=NOW)
    assert result.status is Status.EXPIRED and late in result.check.detail
    assert result.check.outcome is Outcome.FAILED


def test_a_window_is_valid_at_its_very_edges_and_not_one_second_outside() -> None:
    start, end = NOW - timedelta(days=1), NOW + timedelta(days=1)
    window = ([("validFrom", _iso(start))], [("validUntil", _iso(end))])
    assert check_window(*window, now=start).status is None
    assert check_window(*window, now=end).status is None
    before = check_window(*window, now=start - timedelta(seconds=1))
    after = check_window(*window, now=end + timedelta(seconds=1))
    assert before.status is Status.NOT_YET_VALID and before.check.outcome is Outcome.FAILED
    assert after.status is Status.EXPIRED and after.check.outcome is Outcome.FAILED


def test_an_end_before_the_start_is_malformed_even_when_now_is_inside_neither() -> None:
    result = check_window(
        [("validFrom", _iso(NOW - timedelta(days=1)))],
        [("validUntil", _iso(NOW - timedelta(days=2)))],
        now=NOW,
    )
    assert result.status is Status.MALFORMED and "is before" in result.check.detail
    same = check_window(
        [("validFrom", _iso(NOW - timedelta(days=1)))],
        [("validUntil", _iso(NOW - timedelta(days=1)))],
        now=NOW,
    )
    assert same.status is Status.EXPIRED  # start == end is a (tiny) window, now past it


def test_an_unreadable_start_is_malformed_even_beside_a_good_end() -> None:
    result = check_window([("validFrom", "soon")], [("validUntil", _iso(NOW))], now=NOW)
    assert result.status is Status.MALFORMED and "validFrom" in result.check.detail


def test_only_a_start_or_nothing_passes_and_says_it_does_not_expire() -> None:
    only_start = check_window([("validFrom", _iso(NOW))], [], now=NOW)
    assert only_start.status is None and only_start.check.outcome is Outcome.PASSED
    assert "does not expire" in only_start.check.detail
    nothing = check_window([], [], now=NOW)
    assert nothing.status is None and "no validity period" in nothing.check.detail
    only_end = check_window([], [("expires", _iso(NOW - timedelta(seconds=1)))], now=NOW)
    assert only_end.status is Status.EXPIRED


def test_a_time_zone_offset_is_honoured_at_the_edge() -> None:
    # 13:00+02:00 is 11:00 UTC: already over at 12:00 UTC.
    end = datetime(2026, 6, 1, 13, 0, tzinfo=timezone(timedelta(hours=2))).isoformat()
    assert check_window([], [("validUntil", end)], now=NOW).status is Status.EXPIRED


def test_a_naive_clock_is_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        check_window([], [], now=NOW.replace(tzinfo=None))
