"""The wallet listing: one row per credential with only what a list view shows, in one query.

Why a separate read: :meth:`Repository.list_credentials` builds every credential in full (ORM
objects, payloads, JSON columns decoded, every verdict ranked in Python types), which costs
seconds for 10,000 credentials.  A list needs a dozen short columns and the newest verdict's
status; SQLite's JSON functions pick the few nested values out without decoding whole
documents in Python.  The result is plain tuples (:class:`ListingRow`).

How it stays fast (10,000 credentials, 1.5 KB payloads: 0.35 s -> 0.12 s): one walk of the
table in rowid order, each credential's newest verdict found by one seek in
``ix_verdicts_latest`` (migration 0004; a window function over every verdict sorted them all),
empty JSON lists skipped without ``json_each``, and the wallet's order (newest issued first,
undated last, then id) made in Python from the stored text SQLite would compare, as
:func:`.quickread._wallet_order` does: walking ``ix_credentials_issued`` instead seeks every
row across the payload pages.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from portfolio_app.storage.quickread import _wallet_order
from portfolio_app.storage.repository import Repository

_SEP = "\x1f"  # the unit separator: joins list values inside one column

_QUERY = f"""
SELECT c.id, c.title, json_extract(c.extra, '$.title_provisional') = 'true', c.issuer_name,
       c.format, c.container, c.issued, c.valid_until, c.self_reported, c.original_name,
       CASE c.tags WHEN '[]' THEN NULL
         ELSE (SELECT group_concat(value, '{_SEP}') FROM json_each(c.tags)) END,
       CASE c.user_tags WHEN '[]' THEN NULL
         ELSE (SELECT group_concat(value, '{_SEP}') FROM json_each(c.user_tags)) END,
       CASE c.alignments WHEN '[]' THEN NULL
         ELSE (SELECT group_concat(json_extract(value, '$.name'), '{_SEP}')
                 FROM json_each(c.alignments)) END,
       v.status, json_extract(v.facts, '$.issuer_recognised')
FROM credentials c LEFT JOIN verdicts v ON v.id = (
    SELECT id FROM verdicts WHERE credential_id = c.id
    ORDER BY checked_at DESC, id DESC LIMIT 1
)
ORDER BY c.id
"""  # noqa: S608 - a constant; no value is interpolated
_ISSUED = 6  # the stored issue date's column


_ANY_QUERY = "SELECT 1 FROM credentials LIMIT 1"


class ListingRow(NamedTuple):
    """What the wallet list shows of one credential, as SQLite gives it (a plain tuple: cheap
    to make 10,000 of, safe across threads).  Dates are ISO text in UTC; list columns are
    joined by :data:`SEP`."""

    id: int
    title: str
    title_provisional: int | None  # 1 when the title is a stand-in (a file name)
    issuer_name: str
    format: str
    container: str
    issued: str | None  # as stored: naive UTC, "YYYY-MM-DD HH:MM:SS.ffffff"
    valid_until: str | None
    self_reported: int
    original_name: str
    tags: str | None
    user_tags: str | None
    skills: str | None
    status: str | None  # the newest verdict's status value, None when never checked
    issuer_recognised: str | None  # "true" / "false" / None (no issuer check)


SEP = _SEP


def wallet_listing(repo: Repository) -> list[ListingRow]:
    """Every credential, most recently issued first (undated last), then by id — the order
    of :meth:`Repository.list_credentials`."""
    with repo._read() as session:  # the storage package's own read helper
        rows: list[tuple[Any, ...]] = list(session.connection().exec_driver_sql(_QUERY).all())
    new = tuple.__new__  # the named tuple from its values, without its Python-level __new__
    return [new(ListingRow, row) for row in _wallet_order(rows, _ISSUED)]


def has_credentials(repo: Repository) -> bool:
    """Whether the wallet holds any credential: one index probe.  The first-run welcome asks
    only this; building every credential to learn it (``list_credentials``) took seconds of
    a 10,000-credential wallet's start, competing with the wallet's own read."""
    with repo._read() as session:  # the storage package's own read helper
        found = session.connection().exec_driver_sql(_ANY_QUERY).first()
    return found is not None
