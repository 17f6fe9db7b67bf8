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
ours), and a row it cannot decode exactly as the repository would raises
:class:`QuickReadUnsure`; the caller then uses the :class:`Repository`, which behaves as it
always did.  The folder checks and the profile lock are the repository's own
(:func:`.profile.check_folder`, :func:`.lock.acquire`), so "missing folder", "another user's"
and "in use by another window" read the same on both paths.
"""

from __future__ import annotations

import dataclasses
import json
import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Any, NamedTuple, Self, TypeVar

from portfolio_app.model import Container, Credential, CredentialFormat, LearnerFacts
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

# The same order as Repository.list_credentials (newest issued first, undated last, then id)
# and the same "latest verdict" (newest checked_at, then highest id).  Both are served by the
# indexes of migration 0004: the credentials are walked in ix_credentials_issued order and
# each latest verdict is one seek in ix_verdicts_latest.
#
# The JSON columns of a row come as ONE text, ``[user_tags, alignments, …, facts]``, decoded by
# one call of json's C scanner instead of eight.  That is exact because _ODD_ROWS first proves
# each column holds one well-formed JSON value (json_valid), and a JSON value parses the same
# inside an array as alone; a row whose joined text does not parse into exactly that many
# values is handed to the repository (QuickReadUnsure).
_LIST_SQL = """
SELECT c.id, c.sha256, c.original_name, c.imported_at, c.notes, c.format, c.container,
       c.title, c.description, c.credential_id, c.achievement_id, c.issuer_id, c.issuer_name,
       c.recipient, c.issued, c.valid_from, c.valid_until, c.verification_url,
       c.self_reported, c.payload, v.status, v.checked_at, v.summary,
       '[' || c.user_tags || ',' || c.alignments || ',' || c.credits || ',' || c.evidence
           || ',' || c.tags || ',' || c.extra || ',' || c.learner || ','
           || coalesce(v.facts, 'null') || ']'
FROM credentials AS c
LEFT JOIN verdicts AS v ON v.id = (
    SELECT id FROM verdicts WHERE credential_id = c.id
    ORDER BY checked_at DESC, id DESC LIMIT 1
)
ORDER BY c.issued DESC, c.id
"""
# What ``list`` prints, and nothing else (no payloads, descriptions or alignments to decode).
_SUMMARY_SQL = """
SELECT c.id, c.title, c.issuer_name, c.issuer_id, c.format, c.container, c.issued,
       c.valid_until, c.self_reported, c.credential_id, c.sha256, c.original_name, v.status,
       '[' || c.extra || ',' || c.user_tags || ',' || c.learner || ','
           || coalesce(v.facts, 'null') || ']'
FROM credentials AS c
LEFT JOIN verdicts AS v ON v.id = (
    SELECT id FROM verdicts WHERE credential_id = c.id
    ORDER BY checked_at DESC, id DESC LIMIT 1
)
ORDER BY c.issued DESC, c.id
"""
_QUALIFICATIONS_SQL = "SELECT text FROM qualifications ORDER BY id"


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


class QuickReadUnsure(Exception):
    """A row this reader cannot decode exactly as the repository would: use the repository."""


class QuickStore:
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
            if connection.execute(_ODD_ROWS).fetchone() != (0,):
                raise QuickReadUnsure("a row holds values the repository did not write")
        except (sqlite3.Error, QuickReadUnsure):
            if connection is not None:
                connection.close()
            lock.release()
            return None
        return cls(data_dir, connection, lock)

    def close(self) -> None:
        self._connection.close()
        self._lock.release()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def list_credentials(self) -> list[StoredCredential]:
        """All credentials in :meth:`Repository.list_credentials` order, with their latest
        verdicts, as the same records.  Raises :class:`QuickReadUnsure` for an odd row."""
        rows = self._fetch(_LIST_SQL)
        try:
            return [_stored(row) for row in rows]
        except (ValueError, TypeError, KeyError, AttributeError) as exc:
            raise QuickReadUnsure(f"a row needs the repository to read it ({exc})") from exc

    def list_summaries(self) -> list[SummaryRow]:
        """What :meth:`list_credentials` gives a list view, without decoding what a list does
        not show (``services.serialize.summary_row_json`` prints it).  Same order."""
        rows = self._fetch(_SUMMARY_SQL)
        try:
            return [_summary(row) for row in rows]
        except (ValueError, TypeError, KeyError, AttributeError) as exc:
            raise QuickReadUnsure(f"a row needs the repository to read it ({exc})") from exc

    def list_qualification_texts(self) -> list[str]:
        """The stored definitions' texts ordered by id, as the repository gives them."""
        texts = [row[0] for row in self._fetch(_QUALIFICATIONS_SQL)]
        if not all(isinstance(t, str) for t in texts):
            raise QuickReadUnsure("a qualification text is not text")
        return texts

    def _fetch(self, sql: str) -> list[tuple[Any, ...]]:
        # One read transaction per call, as each repository method is its own unit of work.
        try:
            return self._connection.execute(sql).fetchall()
        except sqlite3.Error as exc:
            raise QuickReadUnsure(f"the read failed ({exc})") from exc


def _revision(connection: sqlite3.Connection) -> str | None:
    rows = connection.execute("SELECT version_num FROM alembic_version").fetchall()
    return str(rows[0][0]) if len(rows) == 1 else None


# -- decoding, exactly as the SQLAlchemy column types do -----------------------------------------
# SQLAlchemy hands TEXT and BOOLEAN values back as SQLite stores them, so a row written by
# something else (a number in a text column) would read differently here.  Instead of checking
# each value in Python, one query proves first that every row has the storage classes the
# repository writes (_ODD_ROWS); a profile with any other row is read by the repository.

_TEXT = ("sha256", "original_name", "imported_at", "notes", "user_tags", "format", "container",
         "title", "description", "issuer_name", "alignments", "credits", "evidence", "tags",
         "extra", "payload", "learner")  # fmt: skip
_TEXT_OR_NULL = ("credential_id", "achievement_id", "issuer_id", "recipient", "issued",
                 "valid_from", "valid_until", "verification_url")  # fmt: skip
# Built from the constant column names above (no input reaches it).
_JSON = ("user_tags", "alignments", "credits", "evidence", "tags", "extra", "learner")
_ODD_ROWS = (
    "SELECT EXISTS (SELECT 1 FROM credentials WHERE "  # noqa: S608
    + " OR ".join(
        [f"typeof({c}) <> 'text'" for c in _TEXT]
        + [f"typeof({c}) NOT IN ('text', 'null')" for c in _TEXT_OR_NULL]
        + ["typeof(self_reported) <> 'integer'"]
        + [f"NOT json_valid({c})" for c in _JSON]
    )
    + ") OR EXISTS (SELECT 1 FROM verdicts WHERE "
    + " OR ".join(f"typeof({c}) <> 'text'" for c in ("checked_at", "status", "summary", "facts"))
    + " OR NOT json_valid(facts))"
)

def _fast_maker(cls: type[_T], names: tuple[str, ...]) -> Callable[..., _T]:
    """A constructor for the frozen dataclass ``cls`` taking its fields in order, ~5x faster.

    A frozen dataclass's ``__init__`` sets each field through ``object.__setattr__`` (about
    6 µs for a Credential; 10,000 of them are a fifth of a 10k ``progress``).  When the
    class is a plain frozen dataclass with exactly these fields (no ``__post_init__``, no
    slots) an instance is its field dict, so the dict is set at once.  Anything else gets
    the class itself, so a changed model can only be slower, never different.
    """
    plain = (
        dataclasses.is_dataclass(cls)
        and tuple(f.name for f in dataclasses.fields(cls)) == names
        and not hasattr(cls, "__post_init__")
        and not hasattr(cls, "__slots__")
    )
    if not plain:
        return cls
    new, set_dict = object.__new__, object.__setattr__

    def make(*values: Any) -> _T:
        instance = new(cls)
        set_dict(instance, "__dict__", dict(zip(names, values, strict=True)))
        return instance

    return make


_T = TypeVar("_T")
_credential = _fast_maker(Credential, (
    "format", "container", "title", "issuer_name", "payload", "credential_id", "description",
    "achievement_id", "issuer_id", "recipient", "issued", "valid_from", "valid_until",
    "alignments", "credits", "evidence", "tags", "verification_url", "self_reported", "extra",
))  # fmt: skip
_stored_credential = _fast_maker(StoredCredential, (
    "id", "sha256", "original_name", "imported_at", "notes", "user_tags", "credential",
    "latest_verdict", "learner",
))  # fmt: skip
_FORMATS = {m.value: m for m in CredentialFormat}
_CONTAINERS = {m.value: m for m in Container}
_STATUSES = {m.value: m for m in Status}
_NO_FACTS = LearnerFacts()  # frozen: one shared "the learner said nothing"
_scan = json.JSONDecoder().scan_once  # type: ignore[attr-defined] # the C scanner loads uses


def _json_values(text: str, count: int) -> list[Any]:
    """The row's JSON columns, joined by the query into one array, decoded at once."""
    try:
        values, end = _scan(text, 0)
    except (StopIteration, ValueError) as exc:
        raise ValueError("the JSON columns do not decode together") from exc
    if end != len(text) or type(values) is not list or len(values) != count:
        raise ValueError("the JSON columns do not decode into one value each")
    return values


def _datetime(value: str | None) -> datetime | None:
    """A ``UTCDateTime`` column: ISO text read with ``fromisoformat``, then marked UTC."""
    return None if value is None else datetime.fromisoformat(value).replace(tzinfo=UTC)


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


def _stored(row: tuple[Any, ...]) -> StoredCredential:
    (
        cid, sha256, original_name, imported_at, notes, fmt, container, title, description,
        credential_id, achievement_id, issuer_id, issuer_name, recipient, issued, valid_from,
        valid_until, verification_url, self_reported, payload, status, checked_at, summary,
        joined,
    ) = row  # fmt: skip
    user_tags, aligned, credited, evidence, tags, extra, learner, facts = _json_values(joined, 8)
    credential = _credential(
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
        codec.alignments_from_json(aligned) if aligned != [] else (),
        codec.credits_from_json(credited) if credited != [] else (),
        tuple(evidence),
        tuple(tags),
        verification_url,
        bool(self_reported),
        dict(extra),
    )
    return _stored_credential(
        cid,
        sha256,
        original_name,
        datetime.fromisoformat(imported_at).replace(tzinfo=UTC),
        notes,
        tuple(user_tags),
        credential,
        None
        if status is None
        else LatestVerdict(
            _STATUSES[status],
            datetime.fromisoformat(checked_at).replace(tzinfo=UTC),
            summary,
            _text_facts(facts),
        ),
        _NO_FACTS if learner == {} else codec.learner_from_json(learner),
    )


def _summary(row: tuple[Any, ...]) -> SummaryRow:
    (
        cid, title, issuer_name, issuer_id, fmt, container, issued, valid_until, self_reported,
        credential_id, sha256, original_name, status, joined,
    ) = row  # fmt: skip
    extra, user_tags, learner, facts = _json_values(joined, 4)
    return SummaryRow(
        cid,
        title,
        dict(extra),
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
        tuple(user_tags),
        learner,
        None if status is None else _STATUSES[status],
        None if status is None else _text_facts(facts),
    )
