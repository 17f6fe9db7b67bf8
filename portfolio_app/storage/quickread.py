"""Reading a profile with the standard library's ``sqlite3`` alone, for commands that must
start fast (``portfolio list``, ``progress``, ``skills``).

Importing SQLAlchemy + SQLModel costs about 0.7 s, more than the whole budget of
``portfolio list`` (issue 9: under 0.3 s on an empty profile), and turning 10,000 rows into
ORM objects costs more again (issue 12: ``list --json`` <= 0.8 s on 10,000 credentials).  This
module answers the same questions as :meth:`Repository.list_credentials` and
:meth:`Repository.list_qualification_texts`, with the same SQL order and the same decoding
(JSON columns, UTC datetimes, booleans), returning the same records, so the views built on
either are byte for byte the same (``tests/test_quickread.py`` proves it on real profiles).

It only ever reads, and only a profile that is already current: :meth:`QuickStore.open`
returns ``None`` whenever the full path has something to do or say (no database yet, an older
schema to migrate, a newer one to refuse, a hot journal to roll back, a file that is not
ours), and a read that meets a row the repository did not write, or one it cannot decode
exactly as the repository would, raises :class:`QuickReadUnsure`; the caller then uses the
:class:`Repository`, which behaves as it always did.  The folder checks and the profile lock
are the repository's own (:func:`.profile.check_folder`, :func:`.lock.acquire`), so "missing
folder", "another user's" and "in use by another window" read the same on both paths.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from datetime import datetime
from operator import itemgetter
from pathlib import Path
from typing import Any, NamedTuple, TypeVar

from portfolio_app.closing import ClosedOnExit
from portfolio_app.frozen import fast_maker
from portfolio_app.model import (
    Alignment,
    Container,
    Credential,
    CredentialFormat,
    CreditValue,
    LearnerFacts,
    make_credential,
)
from portfolio_app.paths import ensure_private_dir
from portfolio_app.storage import codec
from portfolio_app.storage.lock import ProfileLock
from portfolio_app.storage.lock import acquire as acquire_lock
from portfolio_app.storage.profile import check_folder
from portfolio_app.storage.records import LatestVerdict, StoredCredential
from portfolio_app.storage.schema import HEAD_REVISION
from portfolio_app.verify.verdict import Status

# The repository's names and timeout, repeated here because importing them would load
# SQLAlchemy; tests/test_quickread.py checks they agree.
DB_NAME = "portfolio.sqlite3"
BUSY_TIMEOUT_S = 5.0

# Each read is ONE walk of the credentials table in id (rowid) order, joined to each
# credential's latest verdict (newest checked_at, then highest id: the repository's rank 1),
# one seek per row in ix_verdicts_latest (migration 0004).  Walking in id order reads each
# page once; walking ix_credentials_issued instead seeks every row (about 40 ms more for
# 10,000), so the wallet's order (newest issued first, undated last, then id) is made in
# Python from the text SQLite would compare (:func:`_wallet_order`).
#
# The last column of each query says whether the row is one the repository wrote (_sound),
# checked in the same walk instead of a pass of its own over every row (a third of the cost);
# one row that is not makes the read raise QuickReadUnsure, so a profile with anything odd in
# what a command reads is read by the repository, as before.
_LATEST_VERDICT = """
LEFT JOIN verdicts AS v ON v.id = (
    SELECT id FROM verdicts WHERE credential_id = c.id
    ORDER BY checked_at DESC, id DESC LIMIT 1
)"""
_QUALIFICATIONS_SQL = "SELECT text FROM qualifications ORDER BY id"
_SETTINGS_SQL = "SELECT key, value FROM settings"


class SummaryRow(NamedTuple):
    """The columns a list view shows, decoded as the repository decodes them (``learner`` is
    the learner column's JSON value, which :func:`.codec.learner_from_json` reads)."""

    id: int
    title: str
    extra: dict[str, str]
    issuer_name: str
    issuer_id: str | None
    format: str
    container: str
    issued: datetime | None
    valid_until: datetime | None
    self_reported: bool
    credential_id: str | None
    sha256: str
    original_name: str
    user_tags: tuple[str, ...]
    learner: Any
    status: Status | None
    facts: dict[str, str] | None  # None when the credential has no verdict yet
    issued_iso: str | None = None  # issued.isoformat(), made from the stored text
    valid_until_iso: str | None = None  # valid_until.isoformat(), likewise


class QuickReadUnsure(Exception):
    """A row this reader cannot decode exactly as the repository would: use the repository."""


class QuickStore(ClosedOnExit):
    """A read-only view of one current profile; use :meth:`open` (a context manager)."""

    def __init__(self, data_dir: Path, connection: sqlite3.Connection, lock: ProfileLock) -> None:
        self.data_dir = data_dir
        self._connection = connection
        self._lock = lock

    @classmethod
    def open(cls, data_dir: Path) -> QuickStore | None:
        """The profile in ``data_dir`` opened for reading, or ``None`` when only the full
        :class:`Repository` path can open it (see the module docstring).

        Raises what :meth:`Repository.open` raises first for the same folder:
        :class:`~portfolio_app.errors.ProfileUnavailable` (missing and not creatable, a file,
        another user's) and :class:`~portfolio_app.errors.ProfileInUse`.
        """
        data_dir = Path(data_dir)
        db_path = data_dir / DB_NAME
        access = check_folder(data_dir, DB_NAME)
        if not db_path.is_file():
            return None  # a new profile: the repository creates it
        try:
            if not access.read_only:
                ensure_private_dir(data_dir)  # as the repository does (warns once on FAT)
            lock = acquire_lock(data_dir, read_only=access.read_only)
        except OSError:
            return None  # the repository words it (storage_errors)
        connection = None
        try:
            mode = "immutable=1" if access.immutable else "mode=ro"
            connection = sqlite3.connect(
                f"{db_path.resolve().as_uri()}?{mode}",
                uri=True,
                timeout=BUSY_TIMEOUT_S,
                isolation_level=None,
            )
            connection.execute("PRAGMA query_only=ON")
            if _revision(connection) != HEAD_REVISION:
                raise QuickReadUnsure("the schema is not current")
        except (sqlite3.Error, QuickReadUnsure):
            if connection is not None:
                connection.close()
            lock.release()
            return None
        return cls(data_dir, connection, lock)

    def close(self) -> None:
        self._connection.close()
        self._lock.release()

    def list_credentials(self) -> list[StoredCredential]:
        """All credentials in :meth:`Repository.list_credentials` order, with their latest
        verdicts, as the same records.  Raises :class:`QuickReadUnsure` for an odd row."""
        return self._read(_LIST_SQL, _stored, order_by_issued=_LIST_ISSUED)

    def list_summaries(self) -> list[SummaryRow]:
        """What :meth:`list_credentials` gives a list view, without decoding what a list does
        not show (``services.serialize.summary_row_json`` prints it).  Same order."""
        return self._read(_SUMMARY_SQL, _summary, order_by_issued=_SUMMARY_ISSUED)

    def list_holding_rows(self) -> list[HoldingRow]:
        """Every credential as the pathways engine reads it (``pathways.holdings.Holding``'s
        fields), in id order, the order the engine indexes them in.

        Only the columns the engine reads are read: each row's :class:`Credential` has its
        payload, description, evidence, recipient, credential id and verification URL left
        empty.  The engine never reads them (``tests/test_quickread.py`` runs it on
        credentials that raise on any of them), and the payloads alone are most of a
        wallet's bytes.
        """
        return self._read(_HOLDINGS_SQL, _holding_row)

    def list_skill_rows(self) -> list[HoldingRow]:
        """What a skills profile reads (``pathways.skills.skills_profile``): each credential
        that claims a skill, in id order, with its alignments, whether it is self-reported and
        its latest status; every other field of the credential is left empty.  Credentials
        that claim no skill are left out: a skills profile skips them (each row is still
        checked and decoded as far as the repository would read it)."""
        return [row for row in self._read(_SKILLS_SQL, _skill_row) if row is not None]

    def list_qualification_texts(self) -> list[str]:
        """The stored definitions' texts ordered by id, as the repository gives them."""
        texts = [row[0] for row in self._fetch(_QUALIFICATIONS_SQL)]
        if not all(isinstance(t, str) for t in texts):
            raise QuickReadUnsure("a qualification text is not text")
        return texts

    def settings(self, keys: tuple[str, ...]) -> dict[str, Any]:
        """The profile's stored value of each of ``keys`` that has a row, as
        :meth:`Repository.get_setting` reads it, and a key without a row left out (the caller
        applies its own default).  The column is declared ``JSON``, which SQLite gives numeric
        affinity: the JSON text of a number is stored as that INTEGER or REAL, and
        SQLAlchemy's SQLite JSON type hands numbers back as they are; text is ``json.loads``
        of it and SQL NULL is ``None``.  Raises :class:`QuickReadUnsure` for a value the
        repository would not write (a blob, JSON with blanks around it)."""
        found: dict[str, Any] = {}
        for key, value in self._fetch(_SETTINGS_SQL):  # a handful of rows
            if key not in keys:
                continue
            kind = type(value)
            if value is None or kind is int or kind is float:
                found[key] = value
                continue
            if kind is not str:
                raise QuickReadUnsure(f"the setting {key!r} is not JSON text")
            try:
                found[key] = _json(value)
            except ValueError as exc:
                raise QuickReadUnsure(f"the setting {key!r}: {exc}") from exc
        return found

    def _fetch(self, sql: str) -> list[tuple[Any, ...]]:
        # One read transaction per call, as each repository method is its own unit of work.
        try:
            return self._connection.execute(sql).fetchall()
        except sqlite3.Error as exc:
            raise QuickReadUnsure(f"the read failed ({exc})") from exc

    def _read(
        self,
        sql: str,
        decode: Callable[[tuple[Any, ...]], _T],
        *,
        order_by_issued: int | None = None,
    ) -> list[_T]:
        """``decode`` of every row of ``sql`` (whose last column is :func:`_sound`), in the
        wallet's order when ``order_by_issued`` names the column of the stored issue date."""
        rows = self._fetch(sql)
        if not all(map(_last, rows)):
            raise QuickReadUnsure("a row holds values the repository did not write")
        if order_by_issued is not None:
            rows = _wallet_order(rows, order_by_issued)
        try:
            return list(map(decode, rows))
        except (ValueError, TypeError, KeyError, AttributeError) as exc:
            raise QuickReadUnsure(f"a row needs the repository to read it ({exc})") from exc


def _revision(connection: sqlite3.Connection) -> str | None:
    rows = connection.execute("SELECT version_num FROM alembic_version").fetchall()
    return str(rows[0][0]) if len(rows) == 1 else None


# -- soundness and decoding, exactly as the SQLAlchemy column types do -------------------------
# SQLAlchemy hands TEXT and BOOLEAN values back as SQLite stores them, so a row written by
# something else (a number in a text column) would read differently here.  Instead of checking
# each value in Python, each query proves in SQL that its row has the storage classes the
# repository writes (_sound); a row that has any other is read by the repository.

_TEXT = ("sha256", "original_name", "imported_at", "notes", "user_tags", "format", "container",
         "title", "description", "issuer_name", "alignments", "credits", "evidence", "tags",
         "extra", "payload", "learner")  # fmt: skip
_TEXT_OR_NULL = ("credential_id", "achievement_id", "issuer_id", "recipient", "issued",
                 "valid_from", "valid_until", "verification_url")  # fmt: skip
_JSON = ("user_tags", "alignments", "credits", "evidence", "tags", "extra", "learner")
_DATETIMES = ("imported_at", "issued", "valid_from", "valid_until")
# The one form the repository writes a UTCDateTime in (SQLAlchemy's SQLite DATETIME storage
# format, always with microseconds): ISO text that fromisoformat reads the same way, and that
# _iso_text turns into isoformat()'s text without building a datetime.
_STORED_DATETIME = (
    "'[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9] [0-9][0-9]:[0-9][0-9]:[0-9][0-9]"
    ".[0-9][0-9][0-9][0-9][0-9][0-9]'"
)


def _sound(decoded: tuple[str, ...]) -> str:
    """SQL that is 1 when a credential row ``c`` and its latest verdict ``v`` hold only what
    the repository writes: every column of the storage class it writes, every date-time in the
    form it writes, and every JSON column valid JSON unless it is in ``decoded`` (the columns
    the query's decoder reads with json's own scanner, which refuses what ``json.loads``
    refuses).  Built from the constant column names above (no input reaches it)."""
    terms = (
        [f"typeof(c.{c}) = 'text'" for c in _TEXT]
        + [f"typeof(c.{c}) IN ('text', 'null')" for c in _TEXT_OR_NULL]
        + ["typeof(c.self_reported) = 'integer'"]
        + [f"coalesce(c.{c} GLOB {_STORED_DATETIME}, 1)" for c in _DATETIMES]
        + [f"json_valid(c.{c})" for c in _JSON if c not in decoded]
    )
    verdict = [f"typeof(v.{c}) = 'text'" for c in ("checked_at", "status", "summary", "facts")]
    verdict.append(f"v.checked_at GLOB {_STORED_DATETIME}")
    if "facts" not in decoded:
        verdict.append("json_valid(v.facts)")
    return " AND ".join([*terms, f"(v.id IS NULL OR ({' AND '.join(verdict)}))"])


def _select(columns: str, decoded: tuple[str, ...]) -> str:
    return (
        f"SELECT {columns}, {_sound(decoded)}\n"
        f"FROM credentials AS c{_LATEST_VERDICT}\nORDER BY c.id"
    )


# Every column Repository.list_credentials reads (the JSON ones last).
_LIST_SQL = _select(
    "c.id, c.sha256, c.original_name, c.imported_at, c.notes, c.format, c.container, c.title, "
    "c.description, c.credential_id, c.achievement_id, c.issuer_id, c.issuer_name, "
    "c.recipient, c.issued, c.valid_from, c.valid_until, c.verification_url, c.self_reported, "
    "c.payload, v.status, v.checked_at, v.summary, c.user_tags, c.alignments, c.credits, "
    "c.evidence, c.tags, c.extra, c.learner, v.facts",
    (*_JSON, "facts"),
)
_LIST_ISSUED = 14
# What ``list`` prints, and nothing else (no payloads, descriptions or alignments to decode).
_SUMMARY_SQL = _select(
    "c.id, c.title, c.issuer_name, c.issuer_id, c.format, c.container, c.issued, "
    "c.valid_until, c.self_reported, c.credential_id, c.sha256, c.original_name, v.status, "
    "c.extra, c.user_tags, c.learner, v.facts",
    ("extra", "user_tags", "learner", "facts"),
)
_SUMMARY_ISSUED = 6
# What the pathways engine reads of a credential (see list_holding_rows).
_HOLDINGS_SQL = _select(
    "c.id, c.format, c.container, c.title, c.issuer_name, c.achievement_id, c.issuer_id, "
    "c.issued, c.valid_from, c.valid_until, c.self_reported, v.status, c.alignments, "
    "c.credits, c.tags, c.extra, c.user_tags, c.learner",
    ("alignments", "credits", "tags", "extra", "user_tags", "learner"),
)
# What a skills profile reads (see list_skill_rows).
_SKILLS_SQL = _select(
    "c.id, c.format, c.container, c.self_reported, v.status, c.alignments", ("alignments",)
)

_last = itemgetter(-1)


def _wallet_order(rows: list[_R], issued: int) -> list[_R]:
    """Rows read in id order, put in the wallet's order: ``ORDER BY issued DESC, id``.

    ``issued`` is the index of the stored text, which SQLite compares byte for byte (and
    Python compares code point by code point: the same order for UTF-8).  Python's sort is
    stable, so equal dates keep id order, and NULL (undated) sorts last, as SQLite puts the
    smallest value last in a descending order.
    """
    dated = [row for row in rows if row[issued] is not None]
    dated.sort(key=itemgetter(issued), reverse=True)
    if len(dated) == len(rows):
        return dated
    return dated + [row for row in rows if row[issued] is None]


_T = TypeVar("_T")
_R = TypeVar("_R", bound=tuple[Any, ...])
_stored_credential = fast_maker(StoredCredential, (
    "id", "sha256", "original_name", "imported_at", "notes", "user_tags", "credential",
    "latest_verdict", "learner",
))  # fmt: skip
_alignment = fast_maker(Alignment, ("name", "url", "framework", "code"))
_credit = fast_maker(CreditValue, ("value", "unit"))
_FORMATS = {m.value: m for m in CredentialFormat}
_CONTAINERS = {m.value: m for m in Container}
_STATUSES = {m.value: m for m in Status}
_NO_FACTS = LearnerFacts()  # frozen: one shared "the learner said nothing"
_scan = json.JSONDecoder().scan_once  # type: ignore[attr-defined] # the C scanner loads uses


def _json(text: str) -> Any:
    """A JSON column as the repository's JSON type reads it (``json.loads``), or ValueError.

    The scanner is the one ``json.loads`` runs; requiring it to end at the end of the text
    refuses what ``json.loads`` refuses (and also surrounding blanks, which the repository
    never writes: such a row goes to the repository).
    """
    try:
        value, end = _scan(text, 0)
    except StopIteration as exc:
        raise ValueError("a JSON column is not JSON") from exc
    if end != len(text):
        raise ValueError("a JSON column holds more than one JSON value")
    return value


def _datetime(value: str | None) -> datetime | None:
    """A ``UTCDateTime`` column (``fromisoformat``, then marked UTC): the stored text is
    naive UTC (``_sound``), so reading it with a zero offset gives the same datetime, and
    several times faster than ``replace(tzinfo=UTC)``."""
    return None if value is None else datetime.fromisoformat(value + "+00:00")


def _iso_text(value: str | None) -> str | None:
    """``_datetime(value).isoformat()`` from the stored text itself (the form ``_sound``
    proves): ``T`` between date and time, microseconds only when not zero, ``+00:00``."""
    if value is None:
        return None
    if value.endswith(".000000"):
        return f"{value[:10]}T{value[11:19]}+00:00"
    return f"{value[:10]}T{value[11:]}+00:00"


def _text_facts(raw: object) -> dict[str, str]:
    """A verdict's facts (the decoded JSON column) as ``repository._text_facts`` reads them."""
    if isinstance(raw, str):
        try:
            raw = json.loads(raw)
        except ValueError:
            return {}
    if not isinstance(raw, dict):
        return {}
    return {str(k): str(v) for k, v in raw.items() if isinstance(v, str)}


def _facts_of(text: str) -> dict[str, str]:
    return {} if text == "{}" else _text_facts(_json(text))


def _alignments(text: str) -> tuple[Alignment, ...]:
    """``codec.alignments_from_json`` of the column, built faster for the shape it writes."""
    if text == "[]":
        return ()
    value = _json(text)
    found = []
    if type(value) is list:
        for item in value:
            if type(item) is not dict:
                break
            name, url = item.get("name"), item.get("url")
            framework, code = item.get("framework"), item.get("code")
            if not (
                type(name) is str
                and (url is None or type(url) is str)
                and (framework is None or type(framework) is str)
                and (code is None or type(code) is str)
            ):
                break
            found.append(_alignment(name, url, framework, code))
        else:
            return tuple(found)
    return codec.alignments_from_json(value)  # its own error, as the repository would raise


def _credits(text: str) -> tuple[CreditValue, ...]:
    """``codec.credits_from_json`` of the column, built faster for the shape it writes."""
    if text == "[]":
        return ()
    value = _json(text)
    found = []
    if type(value) is list:
        for item in value:
            if type(item) is not dict:
                break
            amount, unit = item.get("value"), item.get("unit")
            if not (type(amount) is int or type(amount) is float) or type(unit) is not str:
                break
            found.append(_credit(float(amount), unit))
        else:
            return tuple(found)
    return codec.credits_from_json(value)


def _texts(text: str) -> tuple[Any, ...]:
    """A list column as the repository reads it: ``tuple(`` the decoded value ``)``."""
    return () if text == "[]" else tuple(_json(text))


def _learner(text: str) -> LearnerFacts:
    return _NO_FACTS if text == "{}" else codec.learner_from_json(_json(text))


def _stored(row: tuple[Any, ...]) -> StoredCredential:
    (
        cid, sha256, original_name, imported_at, notes, fmt, container, title, description,
        credential_id, achievement_id, issuer_id, issuer_name, recipient, issued, valid_from,
        valid_until, verification_url, self_reported, payload, status, checked_at, summary,
        user_tags, aligned, credited, evidence, tags, extra, learner, facts, _ok,
    ) = row  # fmt: skip
    credential = make_credential(
        _FORMATS[fmt],
        _CONTAINERS[container],
        title,
        issuer_name,
        payload,
        credential_id,
        description,
        achievement_id,
        issuer_id,
        recipient,
        _datetime(issued),
        _datetime(valid_from),
        _datetime(valid_until),
        _alignments(aligned),
        _credits(credited),
        _texts(evidence),
        _texts(tags),
        verification_url,
        bool(self_reported),
        {} if extra == "{}" else dict(_json(extra)),
    )
    return _stored_credential(
        cid,
        sha256,
        original_name,
        datetime.fromisoformat(imported_at + "+00:00"),  # NOT NULL: see _datetime
        notes,
        _texts(user_tags),
        credential,
        None
        if status is None
        else LatestVerdict(
            _STATUSES[status],
            datetime.fromisoformat(checked_at + "+00:00"),  # NOT NULL: see _datetime
            summary,
            _facts_of(facts),
        ),
        _learner(learner),
    )


def _summary(row: tuple[Any, ...]) -> SummaryRow:
    (
        cid, title, issuer_name, issuer_id, fmt, container, issued, valid_until, self_reported,
        credential_id, sha256, original_name, status, extra, user_tags, learner, facts, _ok,
    ) = row  # fmt: skip
    return _new_tuple(  # every field given, in order: no Python-level __new__ per row
        SummaryRow,
        (
            cid,
            title,
            {} if extra == "{}" else dict(_json(extra)),
            issuer_name,
            issuer_id,
            _FORMATS[fmt].value,
            _CONTAINERS[container].value,
            _datetime(issued),
            _datetime(valid_until),
            bool(self_reported),
            credential_id,
            sha256,
            original_name,
            _texts(user_tags),
            {} if learner == "{}" else _json(learner),
            None if status is None else _STATUSES[status],
            None if status is None else _facts_of(facts),
            _iso_text(issued),
            _iso_text(valid_until),
        ),
    )


class HoldingRow(NamedTuple):
    """``pathways.holdings.Holding``'s fields (this layer may not import the pathways)."""

    id: int
    credential: Credential
    status: Status | None
    user_tags: tuple[str, ...]
    learner_achievement_id: str | None


def _holding_row(row: tuple[Any, ...]) -> HoldingRow:
    (
        cid, fmt, container, title, issuer_name, achievement_id, issuer_id, issued, valid_from,
        valid_until, self_reported, status, aligned, credited, tags, extra, user_tags, learner,
        _ok,
    ) = row  # fmt: skip
    issued_at = _datetime(issued)
    credential = make_credential(
        _FORMATS[fmt],
        _CONTAINERS[container],
        title,
        issuer_name,
        "",  # payload: not read (list_holding_rows)
        None,  # credential_id
        "",  # description
        achievement_id,
        issuer_id,
        None,  # recipient
        issued_at,
        issued_at if valid_from == issued else _datetime(valid_from),  # usually the same
        _datetime(valid_until),
        () if aligned == "[]" else _alignments(aligned),
        () if credited == "[]" else _credits(credited),
        (),  # evidence
        () if tags == "[]" else _texts(tags),
        None,  # verification_url
        bool(self_reported),
        {} if extra == "{}" else dict(_json(extra)),
    )
    return _new_tuple(
        HoldingRow,
        (
            cid,
            credential,
            None if status is None else _STATUSES[status],
            () if user_tags == "[]" else _texts(user_tags),
            None if learner == "{}" else codec.learner_from_json(_json(learner)).achievement_id,
        ),
    )


def _skill_row(row: tuple[Any, ...]) -> HoldingRow | None:
    """A credential's skills and trust (``list_skill_rows``); ``None`` if it claims none."""
    cid, fmt, container, self_reported, status, aligned, _ok = row
    known = _FORMATS[fmt], _CONTAINERS[container]  # every row: as the repository reads them
    verdict = None if status is None else _STATUSES[status]
    if aligned == "[]":
        return None
    credential = make_credential(
        *known, "", "", "", None, "", None, None, None, None, None, None,
        _alignments(aligned), (), (), (), None, bool(self_reported), {},
    )  # fmt: skip
    return _new_tuple(HoldingRow, (cid, credential, verdict, (), None))


_new_tuple = tuple.__new__  # a NamedTuple from its values, without its Python-level __new__
