"""The :class:`Repository`: the one way the app reads and writes a profile.

A profile folder holds ``portfolio.sqlite3``: rows and the original files alike (the
``originals`` table, see :mod:`.originals`).  Every public method is one short unit of work on
its own SQLModel session, so the repository can be shared between the GUI thread and workers
(each call checks a connection out of the pool and returns it).

Invariant kept by every write: a credential or rendition row exists if and only if its original
does.  Both are written, and deleted, in the same transaction, so no crash, full disk or refused
file can leave one without the other.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, Row, Table, and_, bindparam, delete, func, or_
from sqlalchemy import insert as sa_insert
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from portfolio_app.closing import ClosedOnExit
from portfolio_app.errors import DuplicateCredential, ProfileReadOnly
from portfolio_app.frozen import fast_maker
from portfolio_app.model import (
    Container,
    Credential,
    CredentialFormat,
    LearnerFacts,
    make_credential,
)
from portfolio_app.paths import ensure_private_dir
from portfolio_app.storage import codec, legacy_blobs, originals
from portfolio_app.storage.batch import WriteBatch
from portfolio_app.storage.binds import bind_processor, result_processor
from portfolio_app.storage.engine import IMMEDIATE, open_engine, open_read_only_engine
from portfolio_app.storage.errors import CredentialNotFound, storage_errors
from portfolio_app.storage.lock import LOCK_NAME, ProfileLock
from portfolio_app.storage.lock import acquire as acquire_lock
from portfolio_app.storage.lock import acquire_patiently as acquire_lock_patiently
from portfolio_app.storage.profile import check_folder
from portfolio_app.storage.records import (
    CredentialSnapshot,
    LatestVerdict,
    Rendition,
    ShownRecord,
    Snapshot,
    StoredCredential,
    VerdictRecord,
)
from portfolio_app.storage.tables import (
    CredentialRow,
    QualificationRow,
    RenditionRow,
    SettingRow,
    ShownHistoryRow,
    VerdictRow,
)
from portfolio_app.verify.verdict import Status, Verdict

log = logging.getLogger(__name__)

_CREDENTIALS: Table = CredentialRow.__table__  # type: ignore[attr-defined]
_VERDICTS: Table = VerdictRow.__table__  # type: ignore[attr-defined]
_RENDITIONS: Table = RenditionRow.__table__  # type: ignore[attr-defined]
_INSERT_RENDITION = sa_insert(_RENDITIONS)
_SAME_RENDITION = sa_select(_RENDITIONS.c.credential_id).where(
    _RENDITIONS.c.sha256 == bindparam("sha")
)
# Built once: values travel as parameters, so SQLAlchemy compiles each statement only once.
_SHOWN_SHAS = sa_select(_CREDENTIALS.c.id, _CREDENTIALS.c.sha256)
_SET_RENDITION_STATUS = (
    _RENDITIONS.update()
    .where(_RENDITIONS.c.sha256 == bindparam("sha"))
    .values(
        status=bindparam("new_status"),
        checked_at=bindparam("new_checked_at", type_=_RENDITIONS.c.checked_at.type),
    )
)
_INSERT_CREDENTIAL = sa_insert(_CREDENTIALS).returning(_CREDENTIALS.c.id)
# What reverify reads (Repository.reverify_entries): the credential's own columns, in the
# wallet's order, and every rendition in the order all_renditions gives them.
_REVERIFY_COLUMNS = (
    "id", "sha256", "format", "container", "title", "issuer_name", "payload", "credential_id",
    "description", "achievement_id", "issuer_id", "recipient", "issued", "valid_from",
    "valid_until", "alignments", "credits", "evidence", "tags", "verification_url",
    "self_reported", "extra",
)  # fmt: skip
_REVERIFY_ENTRIES = sa_select(*(_CREDENTIALS.c[name] for name in _REVERIFY_COLUMNS)).order_by(
    _CREDENTIALS.c.issued.desc(), _CREDENTIALS.c.id
)
_REVERIFY_RENDITIONS = sa_select(_RENDITIONS).order_by(
    _RENDITIONS.c.credential_id, _RENDITIONS.c.imported_at, _RENDITIONS.c.id
)
_INSERT_VERDICT = sa_insert(_VERDICTS)
_DUPLICATE_COLUMNS = sa_select(_CREDENTIALS.c.id, _CREDENTIALS.c.sha256).limit(2)
_SAME_FILE = _DUPLICATE_COLUMNS.where(_CREDENTIALS.c.sha256 == bindparam("sha"))
_SAME_FILE_OR_ID = _DUPLICATE_COLUMNS.where(
    or_(
        _CREDENTIALS.c.sha256 == bindparam("sha"),
        and_(
            _CREDENTIALS.c.credential_id == bindparam("cid"),
            _CREDENTIALS.c.issuer_id == bindparam("issuer"),
        ),
    )
)
_SAME_FILE_OR_ID_NO_ISSUER = _DUPLICATE_COLUMNS.where(
    or_(
        _CREDENTIALS.c.sha256 == bindparam("sha"),
        and_(_CREDENTIALS.c.credential_id == bindparam("cid"), _CREDENTIALS.c.issuer_id.is_(None)),
    )
)

#: Which verdict an entry shows when it has several renditions: the best-verifying one.  A
#: rendition that fails verification never displaces one that passes.
STATUS_RANK: dict[Status | None, int] = {
    Status.VERIFIED: 0,
    Status.UNVERIFIABLE: 1,
    Status.EXPIRED: 2,
    Status.NOT_YET_VALID: 3,
    Status.UNSUPPORTED: 4,
    Status.MALFORMED: 5,
    Status.REVOKED: 6,
    Status.TAMPERED: 7,
    None: 8,
}

#: The fields a view shows that a refresh or a re-read may replace (kept in ``shown_history``).
SHOWN_FIELDS = ("title", "description", "issuer_name", "issuer_id", "achievement_id")

DB_NAME = "portfolio.sqlite3"


class _RawStatement:
    """A Core statement compiled once for the engine's dialect and run on the DB-API cursor.

    Why: the import hot path runs five statements per file, and SQLAlchemy's per-execution
    work (cache lookup, parameter processing, result set-up) cost about as much CPU as
    verifying the file.  The SQL text, parameter order, column defaults and bind processors
    (JSON, UTC datetimes) are SQLAlchemy's own, so the database receives the same bytes
    (``tests/test_storage_batch.py`` compares the rows); only the per-call overhead goes.
    """

    def __init__(self, statement: Any, dialect: Any, keys: Sequence[str] | None = None) -> None:
        compiled = statement.compile(dialect=dialect, column_keys=keys)
        self.statement = statement  # the Core statement (tests run it through SQLAlchemy)
        self.sql: str = compiled.string
        self.names: tuple[str, ...] = tuple(compiled.positiontup or ())
        self._fixed = {n: compiled.binds[n].value for n in self.names}  # LIMIT 2 and such
        self._processors = tuple(
            bind_processor(compiled.binds[name].type, dialect) for name in self.names
        )
        table = getattr(statement, "table", None)
        self._defaults = {
            name: table.c[name].default
            for name in self.names
            if table is not None and name in table.c and table.c[name].default is not None
        }

    def run(self, session: Session, values: dict[str, Any], raw: Any = None) -> Any:
        """Execute on the session's connection (inside its transaction); returns the cursor.

        ``raw``: that connection's DB-API connection, when the caller already has it (one file
        runs five statements; looking it up through the session each time is not free)."""
        return (raw or dbapi_connection(session)).execute(self.sql, self._params(values))

    def run_many(self, session: Session, rows: Sequence[dict[str, Any]]) -> None:
        """Execute once per row in one ``executemany`` (inside the session's transaction).

        Why: ``reverify`` writes a verdict and a rendition status per entry, and SQLAlchemy's
        executemany builds and processes each row's parameters through its compiled-statement
        machinery: under cProfile recording 10,000 verdicts took 2.1 s that way and 0.7 s this
        way (unprofiled both are ~0.5 s CPU, most of it the checks' JSON and SQLite itself,
        so the gain is within this machine's noise)."""
        params = self._params
        dbapi_connection(session).executemany(self.sql, [params(values) for values in rows])

    def _params(self, values: dict[str, Any]) -> list[Any]:
        params = []
        for name, processor in zip(self.names, self._processors, strict=True):
            if name in values:
                value = values[name]
            elif name in self._defaults:
                default = self._defaults[name]
                value = default.arg(None) if default.is_callable else default.arg
            else:
                value = self._fixed[name]
            params.append(value if processor is None else processor(value))
        return params


class _RawSelect:
    """A Core SELECT without parameters, compiled once for the engine's dialect and run on the
    DB-API cursor, each column decoded by the processor SQLAlchemy's result set would apply.

    Why: ``reverify`` reads the whole wallet (every credential and every rendition), and
    SQLAlchemy's rows (result set-up, one ``Row`` per row, a ``json.loads`` for each of six
    JSON columns) cost a tenth of a 10,000-credential re-check.  The SQL text and the
    processors are SQLAlchemy's own (:func:`.binds.result_processor`, which only answers the
    empty JSON texts itself), so every value is the one the SQLAlchemy read gives
    (``tests/test_reverify_storage.py`` compares them, odd stored values included).
    """

    def __init__(self, statement: Any, dialect: Any) -> None:
        compiled = statement.compile(dialect=dialect)
        if compiled.positiontup:
            raise ValueError("a raw select takes no parameters")
        self.sql: str = compiled.string
        columns = list(statement.selected_columns)
        self.index: dict[str, int] = {c.key: i for i, c in enumerate(columns)}
        self.processors: dict[str, Callable[[Any], Any] | None] = {
            c.key: result_processor(c.type, dialect) for c in columns
        }

    def rows(self, session: Session) -> list[tuple[Any, ...]]:
        """Every row as the DB-API cursor gives it (undecoded), in the session's transaction."""
        rows: list[tuple[Any, ...]] = dbapi_connection(session).execute(self.sql).fetchall()
        return rows

    def undecoded(self, *names: str) -> None:
        """Make sure SQLAlchemy hands these columns back as the cursor gives them (a reader
        that uses them as they come would otherwise read a changed column type wrongly)."""
        decoded = [name for name in names if self.processors[name] is not None]
        if decoded:
            raise RuntimeError(f"columns read as stored are decoded by SQLAlchemy: {decoded}")

    def decoder(self, name: str) -> Callable[[Any], Any]:
        """The column's processor (the identity when SQLAlchemy applies none)."""
        found = self.processors[name]
        return _same if found is None else found


def _same(value: Any) -> Any:
    return value


def dbapi_connection(session: Session) -> Any:
    """The DB-API connection under the session's current transaction."""
    raw = session.connection().connection.dbapi_connection
    if raw is None:
        raise RuntimeError("the session's connection is closed")
    return raw


@dataclass(frozen=True)
class ImportResult:
    """What :meth:`Repository.import_snapshot` did."""

    added: tuple[int, ...]  # new credential ids
    skipped: int  # already present (same file or same credential id)
    settings_restored: int


class Repository(ClosedOnExit):
    """A profile's credentials, originals, verdict history and settings."""

    def __init__(
        self,
        engine: Engine,
        data_dir: Path,
        *,
        lock: ProfileLock | None = None,
        read_only_why: str | None = None,
        lock_per_write: bool = False,
    ) -> None:
        """Use :meth:`open`; this constructor does no migration or cleanup.

        ``read_only_why``: the profile is open read-only, and this says why (every write
        method then raises :class:`~portfolio_app.errors.ProfileReadOnly` before touching
        anything).
        """
        self._engine = engine
        self._lock = lock
        self._read_only_why = read_only_why
        self._lock_per_write = lock_per_write
        self.data_dir = data_dir
        self._raw: dict[str, _RawStatement] = {}
        self._raw_selects: dict[str, _RawSelect] = {}

    # -- life cycle ---------------------------------------------------------------------------

    @classmethod
    def open(cls, data_dir: Path, *, lock_per_write: bool = False) -> Repository:
        """Open (creating or migrating) the profile in ``data_dir``.

        ``lock_per_write`` is for the window, which stays open for hours: it holds the profile
        lock only while it opens (migrations, cleanup) and while each write runs, so that a
        ``portfolio`` command can use the profile in between and the window follows what it
        did.  A command holds the lock for its whole run, as before.

        Looks before it leaps (:func:`.profile.check_folder`): a folder that is missing,
        another user's or unusable raises :class:`~portfolio_app.errors.ProfileUnavailable`;
        one that can be read but not written opens read-only (no migration, no cleanup, no
        chmod).  The profile lock is taken first, so a second process is told at once that
        the profile is in use (:class:`~portfolio_app.errors.ProfileInUse`).  Raises
        :class:`~portfolio_app.errors.StoreVersionError` for a profile written by a newer
        app version, without modifying it.
        """
        data_dir = Path(data_dir)
        db_path = data_dir / DB_NAME
        access = check_folder(data_dir, DB_NAME)
        if access.read_only:
            return cls._open_read_only(data_dir, db_path, access.why_read_only, access.immutable)
        folder_existed, db_existed = data_dir.exists(), db_path.exists()
        with storage_errors(data_dir, db_path):
            ensure_private_dir(data_dir)
            lock = acquire_lock(data_dir, read_only=False)
        try:
            with storage_errors(data_dir, db_path):
                engine = open_engine(db_path)
                repo = cls(engine, data_dir, lock=lock)
        except BaseException:
            lock.release()
            if not db_existed:
                _undo_new_profile(data_dir, db_path, remove_folder=not folder_existed)
            raise
        try:
            legacy_blobs.retire(data_dir)  # a pre-0005 folder, its originals now in the database
        except OSError as exc:
            log.info("kept the old originals folder where it is: %s", exc)
        if lock_per_write:
            repo._lock, repo._lock_per_write = None, True
            lock.release()
        return repo

    @classmethod
    def _open_read_only(
        cls, data_dir: Path, db_path: Path, why: str, immutable: bool
    ) -> Repository:
        lock = acquire_lock(data_dir, read_only=True)
        try:
            with storage_errors(data_dir, db_path):
                engine = open_read_only_engine(db_path, immutable=immutable)
        except BaseException:
            lock.release()
            raise
        log.info("opened %s read-only (%s)", data_dir, why)
        return cls(engine, data_dir, lock=lock, read_only_why=why)

    @property
    def read_only(self) -> bool:
        """True when this profile was opened read-only (see :meth:`open`)."""
        return self._read_only_why is not None

    def close(self) -> None:
        self._engine.dispose()
        if self._lock is not None:
            self._lock.release()

    # -- credentials --------------------------------------------------------------------------

    def add_credential(
        self,
        credential: Credential,
        original: bytes,
        original_name: str,
        verdict: Verdict | None = None,
    ) -> StoredCredential:
        """Store one imported credential, its original file and its first verdict, all or
        nothing (one transaction, so a credential is never stored without its verdict).

        Raises :class:`~portfolio_app.errors.DuplicateCredential` when the same file, or a
        credential with the same non-empty id *from the same issuer*, is already in the wallet.
        Ids are scoped by issuer because real issuers (and every public test suite) reuse
        example ids such as ``http://example.com/credentials/3527``; the same id from the same
        issuer is another rendition of one credential (a baked PNG and its JSON, say).
        """
        with self._write() as session:
            try:
                stored = self._insert_credential(
                    session, credential, original, original_name, verdict
                )
                session.commit()
            except BaseException:
                session.rollback()
                raise
        return stored

    def _insert_credential(
        self,
        session: Session,
        credential: Credential,
        original: bytes,
        original_name: str,
        verdict: Verdict | None,
        *,
        sha: str | None = None,
        raw: Any = None,
    ) -> StoredCredential:
        """:meth:`add_credential`'s work inside the caller's transaction (one file of a
        :class:`~portfolio_app.storage.batch.WriteBatch`, or a transaction of its own); the
        original goes into the same transaction.  ``sha``: the original's digest, and ``raw``:
        the session's DB-API connection, when the caller already has them.

        SQLAlchemy Core compiled once and run on the DB-API cursor (:class:`_RawStatement`),
        not ORM objects: this is the import hot path; the tables' column types still convert
        JSON and UTC datetimes.
        """
        sha = sha or originals.sha256_hex(original)
        latest = None
        imported_at = datetime.now(UTC)
        raw = raw or dbapi_connection(session)
        self._refuse_duplicate(session, sha, credential.credential_id, credential.issuer_id, raw)
        originals.put(raw, sha, original)
        values = row_values(credential, sha, original_name, imported_at)
        inserted = self._raw_statement("credential", _INSERT_CREDENTIAL, values)
        new_id = int(inserted.run(session, values, raw).fetchone()[0])
        rendition = rendition_values(new_id, credential, sha, original_name, imported_at, verdict)
        self._raw_statement("rendition", _INSERT_RENDITION, rendition).run(session, rendition, raw)
        if verdict is not None:
            first = verdict_values(new_id, verdict)
            self._raw_statement("verdict", _INSERT_VERDICT, first).run(session, first, raw)
            latest = LatestVerdict(
                verdict.status, verdict.checked_at, verdict.summary, dict(verdict.facts)
            )
        return StoredCredential(
            id=new_id,
            sha256=sha,
            original_name=original_name,
            imported_at=imported_at,
            notes="",
            user_tags=(),
            credential=_normalised(credential),
            latest_verdict=latest,
        )

    def add_rendition(
        self,
        existing_id: int,
        credential: Credential,
        original: bytes,
        original_name: str,
        verdict: Verdict | None = None,
    ) -> tuple[StoredCredential, bool]:
        """Keep another original of credential ``existing_id`` (same id, same issuer, other
        bytes).  Returns the entry and whether this rendition is now the one it shows: it is
        when its verdict ranks strictly better (:data:`STATUS_RANK`) than the shown one's, and
        then its fields and verdict replace the entry's (what was shown goes to history).

        Raises :class:`~portfolio_app.errors.DuplicateCredential` for the exact same bytes.
        """
        with self._write() as session:
            try:
                displaced = self._insert_rendition(
                    session, existing_id, credential, original, original_name, verdict=verdict
                )
                session.commit()
            except BaseException:
                session.rollback()
                raise
        return self.get(existing_id), displaced

    def _insert_rendition(
        self,
        session: Session,
        existing_id: int,
        credential: Credential,
        original: bytes,
        original_name: str,
        *,
        verdict: Verdict | None,
    ) -> bool:
        """:meth:`add_rendition`'s work inside the caller's transaction (its original too);
        returns whether the rendition is now the one shown."""
        sha = originals.sha256_hex(original)
        imported_at = datetime.now(UTC)
        same = session.execute(_SAME_RENDITION, {"sha": sha}).first()
        if same is not None:
            raise DuplicateCredential(int(same[0]), "same file")
        row = self._row(session, existing_id)
        originals.put(dbapi_connection(session), sha, original)
        session.execute(
            _INSERT_RENDITION,
            rendition_values(existing_id, credential, sha, original_name, imported_at, verdict),
        )
        current = self._latest_verdicts(session, existing_id).get(existing_id)
        new_status = verdict.status if verdict is not None else None
        old_status = current.status if current is not None else None
        if verdict is None or STATUS_RANK[new_status] >= STATUS_RANK[old_status]:
            return False
        _remember_shown(session, row, "a better-verifying copy was added")
        _copy_fields(row, credential)
        row.sha256 = sha
        row.original_name = original_name
        session.add(row)
        session.flush()
        session.execute(_INSERT_VERDICT, verdict_values(existing_id, verdict))
        return True

    def _stored_in(self, session: Session, credential_id: int) -> StoredCredential:
        """:meth:`get` inside the caller's transaction (it sees what the batch wrote)."""
        row = self._row(session, credential_id)
        return _to_stored(row, self._latest_verdicts(session, credential_id).get(credential_id))

    def _raw_select(self, name: str, statement: Any) -> _RawSelect:
        """``statement`` compiled for this engine, once per name."""
        raw = self._raw_selects.get(name)
        if raw is None:
            raw = self._raw_selects[name] = _RawSelect(statement, self._engine.dialect)
        return raw

    def _raw_statement(self, name: str, statement: Any, values: dict[str, Any]) -> _RawStatement:
        """``statement`` compiled for this engine, once per name (its values' keys fixed)."""
        raw = self._raw.get(name)
        if raw is None:
            raw = self._raw[name] = _RawStatement(statement, self._engine.dialect, list(values))
        return raw

    def write_batch(self) -> WriteBatch:
        """A group commit for bulk imports (see :mod:`.batch`): each credential is stored as
        by :meth:`add_credential`, and the batch commits when the caller says so."""
        return WriteBatch(self, self.data_dir / DB_NAME)

    def renditions(self, credential_id: int) -> list[Rendition]:
        """Every original of the credential, oldest first (the shown one is marked)."""
        with self._read() as session:
            row = self._row(session, credential_id)
            rows = session.exec(
                select(RenditionRow)
                .where(RenditionRow.credential_id == credential_id)
                .order_by(col(RenditionRow.imported_at), col(RenditionRow.id))
            ).all()
        return [_to_rendition(r, r.sha256 == row.sha256) for r in rows]

    def rendition_bytes(self, sha256: str) -> bytes:
        """One kept original, byte for byte (:class:`BlobCorrupted` if it changed on disk)."""
        with self._read() as session:
            return originals.read(dbapi_connection(session), sha256)

    def record_rendition_verdicts(
        self,
        entries: Sequence[tuple[int, Sequence[tuple[str, Credential, Verdict]]]],
        refreshed: Sequence[tuple[int, Credential, str]] = (),
    ) -> dict[int, Verdict]:
        """Re-check results, ``(entry id, [(rendition sha256, credential as read, verdict)])``,
        in ONE transaction: each rendition's status is updated, the best-verifying one becomes
        the one the entry shows (a failing rendition never displaces a passing one; the shown
        one wins ties) and its verdict joins the entry's history.  Returns those verdicts.

        ``refreshed``: ``(entry id, credential, reason)`` for entries whose shown fields change
        first, as by :meth:`replace_shown` but in the same transaction, so a re-check lands
        wholly or not at all, with one commit (and one sync) for the whole wallet.
        """
        best_of: dict[int, Verdict] = {}
        with self._write() as session:
            for credential_id, credential, reason in refreshed:
                self._replace_shown_in(session, credential_id, credential, reason)
            session.flush()
            shas = self._raw_select("shown shas", _SHOWN_SHAS)
            shas.undecoded("id", "sha256")
            shown_sha = {int(i): str(sha) for i, sha in shas.rows(session)}
            statuses: list[dict[str, Any]] = []
            verdict_rows: list[dict[str, Any]] = []
            for credential_id, results in entries:
                if not results:
                    continue
                row_sha = shown_sha.get(credential_id)
                if row_sha is None:
                    raise CredentialNotFound(credential_id)
                statuses.extend(
                    {
                        "sha": sha,
                        "new_status": verdict.status.value,
                        "new_checked_at": codec.as_utc(verdict.checked_at),
                    }
                    for sha, _credential, verdict in results
                )
                best = min(results, key=lambda r: (STATUS_RANK[r[2].status], r[0] != row_sha))
                sha, credential, verdict = best
                if sha != row_sha:
                    row = self._row(session, credential_id)
                    name = session.exec(
                        select(RenditionRow.original_name).where(RenditionRow.sha256 == sha)
                    ).first()
                    _remember_shown(session, row, "a better-verifying copy was re-checked")
                    _copy_fields(row, credential)
                    row.sha256 = sha
                    if name is not None:
                        row.original_name = name
                    session.add(row)
                    session.flush()
                verdict_rows.append(verdict_values(credential_id, verdict))
                best_of[credential_id] = verdict
            # One executemany each, on the cursor (_RawStatement.run_many), not one insert per
            # entry (~0.2 ms each) nor SQLAlchemy's per-row parameter processing.
            if verdict_rows:
                insert = self._raw_statement("verdict", _INSERT_VERDICT, verdict_rows[0])
                insert.run_many(session, verdict_rows)
            if statuses:
                update = self._raw_statement("status", _SET_RENDITION_STATUS, statuses[0])
                update.run_many(session, statuses)
            session.commit()
        return best_of

    def replace_shown(self, credential_id: int, credential: Credential, reason: str) -> None:
        """Replace what the entry shows with ``credential``'s fields, keeping what it showed
        before (title, description, issuer, achievement id, alignments, extra) in
        ``shown_history`` with the time and ``reason``.  The original, notes, tags and
        learner-entered facts are untouched.  Nothing is recorded when nothing shown changed
        but the row is still updated (a re-read may add facts such as the signed digest)."""
        with self._write() as session:
            self._replace_shown_in(session, credential_id, credential, reason)
            session.commit()

    def _replace_shown_in(
        self, session: Session, credential_id: int, credential: Credential, reason: str
    ) -> None:
        row = self._row(session, credential_id)
        if _shown_of_row(row) != _shown_of_credential(credential):
            _remember_shown(session, row, reason)
        _copy_fields(row, credential)
        session.add(row)

    def all_renditions(self) -> dict[int, list[Rendition]]:
        """Every entry's renditions in one read (for ``reverify``), each list oldest first."""
        with self._read() as session:
            shown = dict(session.execute(_SHOWN_SHAS).all())
            rows = session.exec(
                select(RenditionRow).order_by(
                    col(RenditionRow.credential_id),
                    col(RenditionRow.imported_at),
                    col(RenditionRow.id),
                )
            ).all()
        held: dict[int, list[Rendition]] = {}
        for r in rows:
            held.setdefault(r.credential_id, []).append(
                _to_rendition(r, r.sha256 == shown.get(r.credential_id))
            )
        return held

    def reverify_entries(self) -> list[tuple[int, str, Credential, tuple[Rendition, ...]]]:
        """Every entry as ``reverify`` needs it, in :meth:`list_credentials` order: id, sha256
        of the shown original, the credential, its renditions (oldest first).

        Two Core SELECTs of just those columns (no ORM objects, no latest-verdict ranking,
        which ``reverify`` does not read and which grows with the history): the values are
        decoded by the same column types and built by the same functions as
        :meth:`list_credentials` and :meth:`all_renditions`, so they are equal to theirs
        (``tests/test_reverify_perf_io.py``).
        """
        entries = self._raw_select("reverify entries", _REVERIFY_ENTRIES)
        renditions = self._raw_select("reverify renditions", _REVERIFY_RENDITIONS)
        with self._read() as session:
            rows = entries.rows(session)
            kept = renditions.rows(session)
        return _reverify_work(entries, rows, renditions, kept)

    def shown_history(self, credential_id: int) -> list[ShownRecord]:
        """What the entry showed before each replacement, oldest first."""
        with self._read() as session:
            self._row(session, credential_id)
            rows = session.exec(
                select(ShownHistoryRow)
                .where(ShownHistoryRow.credential_id == credential_id)
                .order_by(col(ShownHistoryRow.changed_at), col(ShownHistoryRow.id))
            ).all()
        return [ShownRecord(r.changed_at, r.reason, dict(r.shown)) for r in rows]

    def set_learner(self, credential_id: int, facts: LearnerFacts) -> StoredCredential:
        """Replace what the learner says about the credential (kept apart from its fields)."""
        with self._write() as session:
            row = self._row(session, credential_id)
            row.learner = codec.learner_to_json(facts)
            session.add(row)
            session.commit()
        return self.get(credential_id)

    def list_credentials(self) -> list[StoredCredential]:
        """All credentials, most recently issued first (undated last), then by id."""
        with self._read() as session:
            rows = session.exec(
                select(CredentialRow).order_by(
                    col(CredentialRow.issued).desc(), col(CredentialRow.id)
                )
            ).all()
            latest = self._latest_verdicts(session, None)
        return [_to_stored(row, latest.get(_id(row))) for row in rows]

    def get(self, credential_id: int) -> StoredCredential:
        with self._read() as session:
            row = self._row(session, credential_id)
            latest = self._latest_verdicts(session, credential_id)
        return _to_stored(row, latest.get(credential_id))

    def find_by_sha256(self, sha256: str) -> StoredCredential | None:
        with self._read() as session:
            row = session.exec(select(CredentialRow).where(CredentialRow.sha256 == sha256)).first()
            if row is None:
                return None
            latest = self._latest_verdicts(session, _id(row))
        return _to_stored(row, latest.get(_id(row)))

    def remove(self, credential_id: int) -> None:
        """Delete a credential, its verdict history and (if unshared) its original files."""
        with self._write() as session:
            row = self._row(session, credential_id)
            shas = {row.sha256} | set(
                session.exec(
                    select(RenditionRow.sha256).where(RenditionRow.credential_id == credential_id)
                ).all()
            )
            try:
                for table in (VerdictRow, RenditionRow, ShownHistoryRow):
                    session.exec(delete(table).where(col(table.credential_id) == credential_id))
                session.delete(row)
                session.flush()
                originals.discard_unreferenced(dbapi_connection(session), sorted(shas))
                session.commit()
            except BaseException:
                session.rollback()
                raise

    def original_bytes(self, credential_id: int) -> bytes:
        """The original file, byte for byte; :class:`BlobCorrupted` if it changed on disk."""
        with self._read() as session:
            sha = self._row(session, credential_id).sha256
            return originals.read(dbapi_connection(session), sha)

    def set_notes(self, credential_id: int, notes: str) -> StoredCredential:
        with self._write() as session:
            row = self._row(session, credential_id)
            row.notes = notes
            session.add(row)
            session.commit()
        return self.get(credential_id)

    def set_user_tags(self, credential_id: int, tags: Iterable[str]) -> StoredCredential:
        """Replace the learner's own tags (trimmed, empty ones dropped, duplicates removed)."""
        cleaned = list(dict.fromkeys(t.strip() for t in tags if t.strip()))
        with self._write() as session:
            row = self._row(session, credential_id)
            row.user_tags = cleaned
            session.add(row)
            session.commit()
        return self.get(credential_id)

    # -- verdicts -----------------------------------------------------------------------------

    def record_verdict(self, credential_id: int, verdict: Verdict) -> VerdictRecord:
        """Append a verification result to the credential's history (never overwrites)."""
        with self._write() as session:
            self._row(session, credential_id)
            row = _verdict_row(credential_id, verdict)
            session.add(row)
            session.commit()
        return _to_verdict_record(row)

    def record_verdicts(self, verdicts: Sequence[tuple[int, Verdict]]) -> None:
        """Append one verification result to each credential's history in ONE transaction.

        A whole-wallet re-check either lands completely or (full disk, read-only profile)
        not at all, so the history never says some credentials were re-checked and others not.
        """
        if not verdicts:
            return
        with self._write() as session:
            for credential_id, verdict in verdicts:
                self._row(session, credential_id)
                session.execute(_INSERT_VERDICT, verdict_values(credential_id, verdict))
            session.commit()

    def verdict_history(self, credential_id: int) -> list[VerdictRecord]:
        """Every stored verdict for the credential, newest first."""
        with self._read() as session:
            self._row(session, credential_id)
            rows = session.exec(
                select(VerdictRow)
                .where(VerdictRow.credential_id == credential_id)
                .order_by(col(VerdictRow.checked_at).desc(), col(VerdictRow.id).desc())
            ).all()
        return [_to_verdict_record(r) for r in rows]

    # -- settings -----------------------------------------------------------------------------

    def get_setting(self, key: str, default: Any = None) -> Any:
        with self._read() as session:
            row = session.get(SettingRow, key)
        return default if row is None else row.value

    def set_setting(self, key: str, value: Any) -> None:
        """Store a JSON-serialisable value (checked here, so a bad value fails at the caller)."""
        json.dumps(value, allow_nan=False)
        with self._write() as session:
            row = session.get(SettingRow, key)
            if row is None:
                row = SettingRow(key=key, value=value)
            else:
                row.value = value
            session.add(row)
            session.commit()

    # -- qualification definitions -----------------------------------------------------------

    def list_qualification_texts(self) -> list[str]:
        """The stored definitions' JSON texts, ordered by id (validated before they were put)."""
        with self._read() as session:
            rows = session.exec(select(QualificationRow).order_by(col(QualificationRow.id))).all()
        return [row.text for row in rows]

    def put_qualification(self, qualification_id: str, text: str) -> None:
        """Add or replace one definition."""
        with self._write() as session:
            row = session.get(QualificationRow, qualification_id)
            if row is None:
                row = QualificationRow(id=qualification_id, text=text, added_at=datetime.now(UTC))
            else:
                row.text = text
            session.add(row)
            session.commit()

    def remove_qualification(self, qualification_id: str) -> bool:
        with self._write() as session:
            row = session.get(QualificationRow, qualification_id)
            if row is None:
                return False
            session.delete(row)
            session.commit()
        return True

    # -- maintenance --------------------------------------------------------------------------

    def original_digests(self) -> set[str]:
        """The SHA-256 of every original held (tests and diagnostics)."""
        with self._read() as session:
            return originals.digests(dbapi_connection(session))

    def counts(self) -> dict[str, int]:
        """Row counts (tests and diagnostics); ``blobs`` counts the originals."""
        with self._read() as session:
            credentials = session.exec(select(func.count()).select_from(CredentialRow)).one()
            verdicts = session.exec(select(func.count()).select_from(VerdictRow)).one()
            held = originals.count(dbapi_connection(session))
        return {"credentials": credentials, "blobs": held, "verdicts": verdicts}

    # -- whole-profile snapshot (backup / restore) ---------------------------------------------

    def export_snapshot(self) -> Snapshot:
        """Every credential with its verdict history, and all settings, in one read."""
        with self._read() as session:
            rows = session.exec(select(CredentialRow).order_by(col(CredentialRow.id))).all()
            verdicts = session.exec(
                select(VerdictRow).order_by(
                    col(VerdictRow.checked_at).desc(), col(VerdictRow.id).desc()
                )
            ).all()
            settings = {s.key: s.value for s in session.exec(select(SettingRow)).all()}
            rendition_rows = session.exec(
                select(RenditionRow).order_by(col(RenditionRow.imported_at), col(RenditionRow.id))
            ).all()
            shown_rows = session.exec(
                select(ShownHistoryRow).order_by(
                    col(ShownHistoryRow.changed_at), col(ShownHistoryRow.id)
                )
            ).all()
        history: dict[int, list[VerdictRecord]] = {}
        for v in verdicts:
            history.setdefault(v.credential_id, []).append(_to_verdict_record(v))
        renditions: dict[int, list[RenditionRow]] = {}
        for r in rendition_rows:
            renditions.setdefault(r.credential_id, []).append(r)
        shown: dict[int, list[ShownRecord]] = {}
        for h in shown_rows:
            shown.setdefault(h.credential_id, []).append(
                ShownRecord(h.changed_at, h.reason, dict(h.shown))
            )
        items = []
        for row in rows:
            records = tuple(history.get(_id(row), ()))
            latest = records[0] if records else None
            stored = _to_stored(row, _latest_of(latest))
            kept = tuple(
                _to_rendition(r, r.sha256 == row.sha256) for r in renditions.get(_id(row), ())
            )
            items.append(CredentialSnapshot(stored, records, kept, tuple(shown.get(_id(row), ()))))
        return Snapshot(tuple(items), settings)

    def import_snapshot(
        self,
        items: Sequence[CredentialSnapshot],
        settings: dict[str, Any],
        read_original: Callable[[str], bytes],
    ) -> ImportResult:
        """Add credentials (with history) and settings in ONE transaction.

        Credentials already present (same file or same credential id) are skipped.  Ids are kept
        when the profile holds no credentials yet, so a restore into a fresh profile is an exact
        copy; otherwise new ids are given.  Settings only fill keys the profile does not have:
        a restore should not override choices made on this machine.  ``read_original(sha256)``
        supplies each original; if anything fails, nothing is kept (rows nor originals).
        """
        added: list[int] = []
        skipped = 0
        restored_settings = 0
        with self._write() as session:
            try:
                present = set(session.exec(select(CredentialRow.sha256)).all()) | set(
                    session.exec(select(RenditionRow.sha256)).all()
                )
                ids = {
                    (cid, issuer)
                    for cid, issuer in session.exec(
                        select(CredentialRow.credential_id, CredentialRow.issuer_id)
                    ).all()
                    if cid
                }
                keep_ids = not present
                for item in items:
                    stored = item.stored
                    cid = stored.credential.credential_id
                    shas = {stored.sha256} | {r.sha256 for r in item.renditions}
                    if shas & present or (cid and (cid, stored.credential.issuer_id) in ids):
                        skipped += 1
                        continue
                    for sha in sorted(shas):
                        data = read_original(sha)
                        if originals.sha256_hex(data) != sha:
                            raise ValueError(f"original {sha} does not match its hash")
                        originals.put(dbapi_connection(session), sha, data)
                    row = build_row(
                        stored.credential, stored.sha256, stored.original_name, stored.imported_at
                    )
                    row.notes = stored.notes
                    row.user_tags = list(stored.user_tags)
                    row.learner = codec.learner_to_json(stored.learner)
                    if keep_ids:
                        row.id = stored.id
                    session.add(row)
                    session.flush()
                    new_id = _id(row)
                    for record in reversed(item.verdicts):  # oldest first keeps id order sane
                        session.add(_verdict_row(new_id, record.to_verdict()))
                    self._restore_renditions(session, new_id, item)
                    for shown in item.shown_history:
                        session.add(
                            ShownHistoryRow(
                                credential_id=new_id,
                                changed_at=shown.changed_at,
                                reason=shown.reason,
                                shown=dict(shown.shown),
                            )
                        )
                    present.update(shas)
                    if cid:
                        ids.add((cid, stored.credential.issuer_id))
                    added.append(new_id)
                existing_keys = set(session.exec(select(SettingRow.key)).all())
                for key, value in settings.items():
                    if key not in existing_keys:
                        session.add(SettingRow(key=key, value=value))
                        restored_settings += 1
                session.commit()
            except BaseException:
                session.rollback()
                raise
        return ImportResult(tuple(added), skipped, restored_settings)

    @staticmethod
    def _restore_renditions(session: Session, new_id: int, item: CredentialSnapshot) -> None:
        """The item's originals as rendition rows; a backup from before renditions (format
        1) has only the shown original, which becomes the first rendition."""
        stored = item.stored
        if not item.renditions:
            latest = item.verdicts[0].to_verdict() if item.verdicts else None
            session.execute(
                _INSERT_RENDITION,
                rendition_values(
                    new_id,
                    stored.credential,
                    stored.sha256,
                    stored.original_name,
                    stored.imported_at,
                    latest,
                ),
            )
            return
        for r in item.renditions:
            session.add(
                RenditionRow(
                    credential_id=new_id,
                    sha256=r.sha256,
                    original_name=r.original_name,
                    imported_at=r.imported_at,
                    format=r.format,
                    container=r.container,
                    payload=r.payload,
                    extra=dict(r.extra),
                    status=None if r.status is None else r.status.value,
                    checked_at=r.checked_at,
                )
            )

    # -- internals ----------------------------------------------------------------------------

    @contextmanager
    def _read(self) -> Iterator[Session]:
        with (
            storage_errors(self.data_dir, self.data_dir / DB_NAME),
            Session(self._engine, expire_on_commit=False) as session,
        ):
            yield session

    @contextmanager
    def _write(self) -> Iterator[Session]:
        """A session whose transaction starts with ``BEGIN IMMEDIATE`` (the write lock).

        Every write path goes through here, so this is where a read-only profile refuses and
        where a full disk, a refused write or a busy database become one typed sentence
        (:func:`.errors.storage_errors`), after the caller's own rollback has run.
        """
        if self._read_only_why is not None:
            raise ProfileReadOnly(self.data_dir, self._read_only_why)
        with (
            self._write_lock(),
            storage_errors(self.data_dir, self.data_dir / DB_NAME),
            Session(self._engine, expire_on_commit=False) as session,
        ):
            session.connection(execution_options={IMMEDIATE: True})
            yield session

    @contextmanager
    def _write_lock(self) -> Iterator[None]:
        """The profile lock for one write, when the lock is not held for the whole session.

        The whole write is under the same lock, so a command and the window never interleave
        their changes to one profile.  A command that holds the profile makes the window wait
        a moment, then say so
        (:class:`~portfolio_app.errors.ProfileInUse`) rather than write beside it.
        """
        lock = self.hold_write_lock()
        try:
            yield
        finally:
            if lock is not None:
                lock.release()

    def hold_write_lock(self) -> ProfileLock | None:
        """The profile lock for a write that spans calls (a :class:`.batch.WriteBatch`), when
        this repository takes it per write; ``None`` when it is held for the whole session."""
        return acquire_lock_patiently(self.data_dir) if self._lock_per_write else None

    @staticmethod
    def _row(session: Session, credential_id: int) -> CredentialRow:
        row = session.get(CredentialRow, credential_id)
        if row is None:
            raise CredentialNotFound(credential_id)
        return row

    def _refuse_duplicate(
        self,
        session: Session,
        sha: str,
        credential_id: str | None,
        issuer_id: str | None,
        raw: Any = None,
    ) -> None:
        """One indexed query for both rules: the same file, or the same id from the same
        issuer.  A same-file match is reported first (it is the more exact reason); a file kept
        as another rendition of an entry counts as the same file."""
        same = self._raw_statement("same rendition", _SAME_RENDITION, {"sha": sha})
        first = same.run(session, {"sha": sha}, raw).fetchone()
        if first is not None:
            raise DuplicateCredential(int(first[0]), "same file")
        if not credential_id:
            params: dict[str, Any] = {"sha": sha}
            query = self._raw_statement("same file", _SAME_FILE, params)
        elif issuer_id is None:
            params = {"sha": sha, "cid": credential_id}
            query = self._raw_statement("same id, no issuer", _SAME_FILE_OR_ID_NO_ISSUER, params)
        else:
            params = {"sha": sha, "cid": credential_id, "issuer": issuer_id}
            query = self._raw_statement("same id", _SAME_FILE_OR_ID, params)
        found = query.run(session, params, raw).fetchall()
        for existing_id, existing_sha in found:
            if existing_sha == sha:
                raise DuplicateCredential(int(existing_id), "same file")
        if found:
            raise DuplicateCredential(int(found[0][0]), "same credential id")

    @staticmethod
    def _latest_verdicts(session: Session, credential_id: int | None) -> dict[int, LatestVerdict]:
        rank = (
            func.row_number()
            .over(
                partition_by=col(VerdictRow.credential_id),
                order_by=(col(VerdictRow.checked_at).desc(), col(VerdictRow.id).desc()),
            )
            .label("rank")
        )
        ranked = sa_select(
            col(VerdictRow.credential_id),
            col(VerdictRow.status),
            col(VerdictRow.checked_at),
            col(VerdictRow.summary),
            col(VerdictRow.facts),
            rank,
        )
        if credential_id is not None:
            ranked = ranked.where(col(VerdictRow.credential_id) == credential_id)
        sub = ranked.subquery()
        rows = session.execute(
            sa_select(
                sub.c.credential_id, sub.c.status, sub.c.checked_at, sub.c.summary, sub.c.facts
            ).where(sub.c.rank == 1)
        ).all()
        return {
            int(cid): LatestVerdict(Status(status), checked_at, summary, _text_facts(facts))
            for cid, status, checked_at, summary, facts in rows
        }


def _undo_new_profile(data_dir: Path, db_path: Path, *, remove_folder: bool) -> None:
    """Remove what a failed first open created (database, journal, lock, empty folders).

    Only names this code creates are touched, so a folder the learner chose is never emptied.
    """
    for path in (db_path, db_path.with_name(db_path.name + "-journal"), data_dir / LOCK_NAME):
        with suppress(OSError):
            path.unlink(missing_ok=True)
    if remove_folder:
        with suppress(OSError):
            data_dir.rmdir()  # only if empty


def row_values(
    credential: Credential, sha256: str, original_name: str, imported_at: datetime
) -> dict[str, Any]:
    """Flatten a :class:`Credential` into column values (JSON columns via :mod:`.codec`)."""
    c = credential
    return {
        "sha256": sha256,
        "original_name": original_name,
        "imported_at": codec.as_utc(imported_at),
        "notes": "",
        "user_tags": [],
        "format": c.format.value,
        "container": c.container.value,
        "title": c.title,
        "description": c.description,
        "credential_id": c.credential_id,
        "achievement_id": c.achievement_id,
        "issuer_id": c.issuer_id,
        "issuer_name": c.issuer_name,
        "recipient": c.recipient,
        "issued": None if c.issued is None else codec.as_utc(c.issued),
        "valid_from": None if c.valid_from is None else codec.as_utc(c.valid_from),
        "valid_until": None if c.valid_until is None else codec.as_utc(c.valid_until),
        "alignments": codec.alignments_to_json(c.alignments),
        "credits": codec.credits_to_json(c.credits),
        "evidence": list(c.evidence),
        "tags": list(c.tags),
        "verification_url": c.verification_url,
        "self_reported": c.self_reported,
        "extra": dict(c.extra),
        "payload": c.payload,
    }


def build_row(
    credential: Credential, sha256: str, original_name: str, imported_at: datetime
) -> CredentialRow:
    """The same values as an ORM row (restores, which keep ids, notes and tags)."""
    return CredentialRow(**row_values(credential, sha256, original_name, imported_at))


def _normalised(credential: Credential) -> Credential:
    """The credential as it reads back from the store (datetimes in UTC); the same object
    when its datetimes already are (the usual case: copying a credential is not free)."""
    old = (credential.issued, credential.valid_from, credential.valid_until)
    issued, valid_from, valid_until = (None if v is None else codec.as_utc(v) for v in old)
    if all(new is was for new, was in zip((issued, valid_from, valid_until), old, strict=True)):
        return credential
    return replace(credential, issued=issued, valid_from=valid_from, valid_until=valid_until)


def _credential_of(row: CredentialRow | Row[Any]) -> Credential:
    return Credential(
        format=CredentialFormat(row.format),
        container=Container(row.container),
        title=row.title,
        issuer_name=row.issuer_name,
        payload=row.payload,
        credential_id=row.credential_id,
        description=row.description,
        achievement_id=row.achievement_id,
        issuer_id=row.issuer_id,
        recipient=row.recipient,
        issued=row.issued,
        valid_from=row.valid_from,
        valid_until=row.valid_until,
        alignments=codec.alignments_from_json(row.alignments),
        credits=codec.credits_from_json(row.credits),
        evidence=tuple(row.evidence),
        tags=tuple(row.tags),
        verification_url=row.verification_url,
        self_reported=row.self_reported,
        extra=dict(row.extra),
    )


_FORMATS = {m.value: m for m in CredentialFormat}
_CONTAINERS = {m.value: m for m in Container}
_STATUSES = {m.value: m for m in Status}
# Built from its fields at once (see frozen.fast_maker): the same object as its constructor
# makes, without an object.__setattr__ per field.
_rendition = fast_maker(Rendition, (
    "sha256", "original_name", "imported_at", "format", "container", "payload", "extra",
    "status", "checked_at", "shown",
))  # fmt: skip


def _member(members: dict[Any, Any], kind: Callable[[Any], Any], value: Any) -> Any:
    """``kind(value)`` for an enum, by dictionary for its own values (a value that is not one
    goes to the enum itself, which raises as before)."""
    found = members.get(value)
    return kind(value) if found is None else found


def _reverify_work(
    entries: _RawSelect,
    rows: list[tuple[Any, ...]],
    renditions: _RawSelect,
    kept: list[tuple[Any, ...]],
) -> list[tuple[int, str, Credential, tuple[Rendition, ...]]]:
    """:meth:`Repository.reverify_entries` from its two raw reads: the values
    :func:`_credential_of` and :func:`_to_rendition` make of SQLAlchemy's rows, decoded by
    the same processors, built the same way (enums, tuples, dict copies)."""
    entries.undecoded("id", "sha256", "format", "container", "title", "issuer_name", "payload")
    entries.undecoded("credential_id", "description", "achievement_id", "issuer_id")
    entries.undecoded("recipient", "verification_url")
    renditions.undecoded("credential_id", "sha256", "original_name", "format", "container")
    renditions.undecoded("payload", "status")
    e = entries.index
    e_id, e_sha, e_format, e_container = e["id"], e["sha256"], e["format"], e["container"]
    e_title, e_issuer_name, e_payload = e["title"], e["issuer_name"], e["payload"]
    e_cid, e_description, e_achievement = e["credential_id"], e["description"], e["achievement_id"]
    e_issuer_id, e_recipient, e_url = e["issuer_id"], e["recipient"], e["verification_url"]
    e_issued, e_from, e_until = e["issued"], e["valid_from"], e["valid_until"]
    e_aligned, e_credits, e_evidence = e["alignments"], e["credits"], e["evidence"]
    e_tags, e_self, e_extra = e["tags"], e["self_reported"], e["extra"]
    issued, valid_from = entries.decoder("issued"), entries.decoder("valid_from")
    valid_until, aligned = entries.decoder("valid_until"), entries.decoder("alignments")
    credited, evidence = entries.decoder("credits"), entries.decoder("evidence")
    tags, self_reported = entries.decoder("tags"), entries.decoder("self_reported")
    extra = entries.decoder("extra")
    r = renditions.index
    r_cid, r_sha, r_name = r["credential_id"], r["sha256"], r["original_name"]
    r_at, r_format, r_container = r["imported_at"], r["format"], r["container"]
    r_payload, r_extra, r_status, r_checked = r["payload"], r["extra"], r["status"], r["checked_at"]
    imported_at, r_extra_of = renditions.decoder("imported_at"), renditions.decoder("extra")
    checked_at = renditions.decoder("checked_at")

    shown = {int(row[e_id]): row[e_sha] for row in rows}
    held: dict[int, list[Rendition]] = {}
    for row in kept:
        owner = row[r_cid]
        status = row[r_status]
        held.setdefault(owner, []).append(
            _rendition(
                row[r_sha],
                row[r_name],
                imported_at(row[r_at]),
                row[r_format],
                row[r_container],
                row[r_payload],
                dict(r_extra_of(row[r_extra])),
                None if status is None else _member(_STATUSES, Status, status),
                checked_at(row[r_checked]),
                row[r_sha] == shown.get(owner),
            )
        )
    work = []
    for row in rows:
        entry = int(row[e_id])
        credential = make_credential(
            _member(_FORMATS, CredentialFormat, row[e_format]),
            _member(_CONTAINERS, Container, row[e_container]),
            row[e_title],
            row[e_issuer_name],
            row[e_payload],
            row[e_cid],
            row[e_description],
            row[e_achievement],
            row[e_issuer_id],
            row[e_recipient],
            issued(row[e_issued]),
            valid_from(row[e_from]),
            valid_until(row[e_until]),
            codec.alignments_from_json(aligned(row[e_aligned])),
            codec.credits_from_json(credited(row[e_credits])),
            tuple(evidence(row[e_evidence])),
            tuple(tags(row[e_tags])),
            row[e_url],
            self_reported(row[e_self]),
            dict(extra(row[e_extra])),
        )
        work.append((entry, row[e_sha], credential, tuple(held.get(entry, ()))))
    return work


def _to_stored(row: CredentialRow, latest: LatestVerdict | None) -> StoredCredential:
    return StoredCredential(
        id=_id(row),
        sha256=row.sha256,
        original_name=row.original_name,
        imported_at=row.imported_at,
        notes=row.notes,
        user_tags=tuple(row.user_tags),
        credential=_credential_of(row),
        latest_verdict=latest,
        learner=codec.learner_from_json(row.learner),
    )


def rendition_values(  # noqa: PLR0917 - one call site shape, like row_values
    credential_id: int,
    credential: Credential,
    sha256: str,
    original_name: str,
    imported_at: datetime,
    verdict: Verdict | None,
) -> dict[str, Any]:
    return {
        "credential_id": credential_id,
        "sha256": sha256,
        "original_name": original_name,
        "imported_at": codec.as_utc(imported_at),
        "format": credential.format.value,
        "container": credential.container.value,
        "payload": credential.payload,
        "extra": dict(credential.extra),
        "status": None if verdict is None else verdict.status.value,
        "checked_at": None if verdict is None else codec.as_utc(verdict.checked_at),
    }


def _to_rendition(row: RenditionRow | Row[Any], shown: bool) -> Rendition:
    return Rendition(
        sha256=row.sha256,
        original_name=row.original_name,
        imported_at=row.imported_at,
        format=row.format,
        container=row.container,
        payload=row.payload,
        extra=dict(row.extra),
        status=None if row.status is None else Status(row.status),
        checked_at=row.checked_at,
        shown=shown,
    )


def _shown_of_row(row: CredentialRow) -> dict[str, Any]:
    shown: dict[str, Any] = {name: getattr(row, name) for name in SHOWN_FIELDS}
    shown["alignments"] = list(row.alignments)
    shown["extra"] = dict(row.extra)
    return shown


def _shown_of_credential(credential: Credential) -> dict[str, Any]:
    shown: dict[str, Any] = {name: getattr(credential, name) for name in SHOWN_FIELDS}
    shown["alignments"] = codec.alignments_to_json(credential.alignments)
    shown["extra"] = dict(credential.extra)
    return shown


def _remember_shown(session: Session, row: CredentialRow, reason: str) -> None:
    session.add(
        ShownHistoryRow(
            credential_id=_id(row),
            changed_at=datetime.now(UTC),
            reason=reason,
            shown=_shown_of_row(row),
        )
    )


_KEPT_COLUMNS = frozenset({"sha256", "original_name", "imported_at", "notes", "user_tags"})


def _copy_fields(row: CredentialRow, credential: Credential) -> None:
    """Overwrite the row's credential fields; the wallet's own columns stay as they are."""
    values = row_values(credential, row.sha256, row.original_name, row.imported_at)
    for key, value in values.items():
        if key not in _KEPT_COLUMNS:
            setattr(row, key, value)


def verdict_values(credential_id: int, verdict: Verdict) -> dict[str, Any]:
    return {
        "credential_id": credential_id,
        "checked_at": codec.as_utc(verdict.checked_at),
        "status": verdict.status.value,
        "summary": verdict.summary,
        "checks": [c.to_json() for c in verdict.checks],
        "facts": dict(verdict.facts),
    }


def _verdict_row(credential_id: int, verdict: Verdict) -> VerdictRow:
    return VerdictRow(**verdict_values(credential_id, verdict))


def _to_verdict_record(row: VerdictRow) -> VerdictRecord:
    if row.id is None:
        raise RuntimeError("verdict row has no id; it was not flushed")
    return VerdictRecord(
        id=row.id,
        credential_id=row.credential_id,
        checked_at=row.checked_at,
        status=Status(row.status),
        summary=row.summary,
        checks=tuple(codec.check_from_json(c) for c in row.checks),
        facts=dict(row.facts),
    )


def _latest_of(record: VerdictRecord | None) -> LatestVerdict | None:
    if record is None:
        return None
    return LatestVerdict(record.status, record.checked_at, record.summary, dict(record.facts))


def _text_facts(raw: object) -> dict[str, str]:
    """A verdict's facts as stored (a JSON object of text); anything else reads as none."""
    if isinstance(raw, str):
        try:
            raw = json.loads(raw)
        except ValueError:
            return {}
    if not isinstance(raw, dict):
        return {}
    return {str(k): str(v) for k, v in raw.items() if isinstance(v, str)}


def _id(row: CredentialRow) -> int:
    if row.id is None:
        raise RuntimeError("credential row has no id; it was not flushed")
    return row.id
