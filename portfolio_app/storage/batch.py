"""Group commit for bulk imports: many files in one transaction, one commit for the batch.

Why: a transaction of its own per imported file costs SQLite's fsyncs (journal, database,
folder) for every file, which made an import 2-6 times slower than verifying the same files.
A :class:`WriteBatch` keeps each stored credential atomic on its own (a ``SAVEPOINT`` around
it: a duplicate or a refused file rolls back to it and leaves the rest of the batch alone) but
commits only when the caller says, between files, and the caller does so every
:data:`MAX_SECONDS` or :data:`MAX_ITEMS` credentials (:meth:`WriteBatch.due`).

What a crash leaves, at any moment.  Originals are rows too (:mod:`.originals`), so the
whole batch is one SQLite transaction, made durable by ``COMMIT`` through the rollback
journal.  Killed before the commit has finished: the next open rolls the hot journal back, so
none of the batch's rows nor originals exist.  Killed after: all of them do.  Either way each
file is wholly in or wholly out, and importing the same files again adds each missing one
exactly once (the duplicate check sees only committed rows).  Until a batch commits, other
connections do not see it.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager, suppress
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Self, TypeVar

from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session

from portfolio_app.errors import PortfolioError, ProfileReadOnly
from portfolio_app.model import Credential
from portfolio_app.storage.engine import IMMEDIATE
from portfolio_app.storage.errors import storage_errors
from portfolio_app.storage.lock import ProfileLock
from portfolio_app.storage.originals import sha256_hex
from portfolio_app.storage.records import StoredCredential
from portfolio_app.verify.verdict import Verdict

if TYPE_CHECKING:
    from portfolio_app.storage.repository import Repository

#: Commit at least this often (seconds since the batch's first write).  Short enough that a
#: window reading the profile meanwhile is never long behind and that another writer waiting
#: for the lock (SQLite's busy timeout is 5 s) always gets in; long enough to fold dozens of
#: files into one sync.
MAX_SECONDS = 0.2
#: …and after at most this many stored credentials.
MAX_ITEMS = 100

T = TypeVar("T")


class BatchLost(PortfolioError):
    """SQLite abandoned the batch's transaction on its own (it does after some errors, a full
    disk among them), so the credentials stored since the last commit are not in the profile.
    """

    def __init__(self, cause: BaseException) -> None:
        super().__init__("not stored: the profile stopped taking writes (see the file above)")
        self.cause = cause


class WriteBatch:
    """Stores credentials like :meth:`Repository.add_credential` / :meth:`add_rendition`,
    committing only on :meth:`commit` (use as a context manager: a clean exit commits, an
    exception rolls back what was not committed yet)."""

    def __init__(
        self,
        repo: Repository,
        db_path: Path,
        *,
        max_seconds: float | None = None,
        max_items: int | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._repo = repo
        self._db_path = db_path
        self._profile_lock: ProfileLock | None = None  # the window's per-write lock, if any
        self._max_seconds = MAX_SECONDS if max_seconds is None else max_seconds
        self._max_items = MAX_ITEMS if max_items is None else max_items
        self._clock = clock
        self._session: Session | None = None
        self._dbapi: sqlite3.Connection | None = None  # the session's, while a batch is open
        self._started = 0.0
        self._items = 0
        self._lost: BaseException | None = None
        self._committer: ThreadPoolExecutor | None = None  # runs start_commit's commits
        self._running: Future[None] | None = None  # the commit start_commit began

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        try:
            if exc_type is None:
                self.commit()
            else:
                self.rollback()
        finally:
            self.close()

    def close(self) -> None:
        """Wait for a commit still running, then stop the batch's threads (the batch may
        still be used afterwards: the next commit starts them again)."""
        self._settle()
        if self._committer is not None:
            self._committer.shutdown(wait=True)
        self._committer = None

    @property
    def pending(self) -> int:
        """Credentials stored since the last commit (not yet durable, not yet visible)."""
        return self._items

    def due(self) -> bool:
        """Whether the open batch is old or large enough to commit now (ask only while no
        commit is :attr:`committing`)."""
        if self._session is None:
            return self._lost is not None
        return self._items >= self._max_items or (
            self._clock() - self._started >= self._max_seconds
        )

    # -- writes ---------------------------------------------------------------------------

    def add_credential(
        self,
        credential: Credential,
        original: bytes,
        original_name: str,
        verdict: Verdict | None = None,
    ) -> StoredCredential:
        """:meth:`Repository.add_credential`, inside the batch."""
        repo = self._repo
        sha = sha256_hex(original)

        def work(session: Session, raw: sqlite3.Connection) -> StoredCredential:
            return repo._insert_credential(
                session, credential, original, original_name, verdict, sha=sha, raw=raw
            )

        return self._in_savepoint(work, orm=False)

    def add_rendition(
        self,
        existing_id: int,
        credential: Credential,
        original: bytes,
        original_name: str,
        verdict: Verdict | None = None,
    ) -> tuple[StoredCredential, bool]:
        """:meth:`Repository.add_rendition`, inside the batch (the entry may be one this
        batch added)."""
        repo = self._repo

        def work(session: Session, _raw: sqlite3.Connection) -> tuple[StoredCredential, bool]:
            shown = repo._insert_rendition(
                session, existing_id, credential, original, original_name, verdict=verdict
            )
            return repo._stored_in(session, existing_id), shown

        return self._in_savepoint(work, orm=True)

    # -- commit and rollback --------------------------------------------------------------

    def commit(self) -> None:
        """Make everything stored since the last commit durable and visible.

        Raises :class:`BatchLost` when SQLite had already abandoned the transaction, or the
        typed storage error (full disk, read-only, busy) when committing fails; the batch is
        rolled back then (rows and originals), so nothing is half kept.  A commit
        :meth:`start_commit` began is finished first (and its error, if any, raised).
        """
        self.finish_commit()
        self._commit_now()

    def start_commit(self) -> None:
        """Begin :meth:`commit` on a thread of the batch's own and return at once.

        Why: a commit mostly waits for the disk (SQLite's fsyncs), and the importer has the
        next files to read and verify meanwhile, which need no database.  The commit is the
        same, in the same order, so a crash leaves what it left before;
        only the caller's waiting goes.  Until :meth:`finish_commit` the caller must not
        store anything (a store waits for the commit itself, to be safe).
        """
        self.finish_commit()
        if self._session is None and self._lost is None:
            return  # nothing stored since the last commit
        if self._committer is None:
            self._committer = ThreadPoolExecutor(1, thread_name_prefix="batch-commit")
        self._running = self._committer.submit(self._commit_now)

    @property
    def committing(self) -> bool:
        """Whether a commit :meth:`start_commit` began is still running."""
        return self._running is not None and not self._running.done()

    def finish_commit(self) -> None:
        """Wait for the commit :meth:`start_commit` began; raise what it raised."""
        running, self._running = self._running, None
        if running is not None:
            running.result()

    def _settle(self) -> None:
        """Wait for a running commit whose outcome nobody will ask for any more (its own
        failure has already rolled it back)."""
        with suppress(Exception):
            self.finish_commit()

    def _commit_now(self) -> None:
        if self._lost is not None:
            lost, self._lost = self._lost, None
            raise BatchLost(lost) from lost
        session = self._session
        if session is None:
            return
        if not self._items:  # only refused files: leave the database file untouched
            self._rollback_now()
            return
        try:
            with self._errors():
                session.commit()
        except BaseException:
            self._rollback_now()
            raise
        self._reset()

    def rollback(self) -> None:
        """Forget everything stored since the last commit, originals included."""
        self._settle()
        self._rollback_now()

    def _rollback_now(self) -> None:
        session = self._session
        self._reset()
        if session is not None:
            with suppress(SQLAlchemyError):
                session.rollback()
            session.close()

    # -- internals ------------------------------------------------------------------------

    def _reset(self) -> None:
        if self._session is not None:
            self._session.close()
        self._session = None
        self._dbapi = None
        if self._profile_lock is not None:
            self._profile_lock.release()
            self._profile_lock = None
        self._items = 0

    @contextmanager
    def _errors(self) -> Iterator[None]:
        with storage_errors(self._repo.data_dir, self._db_path):
            yield

    def _begin(self) -> tuple[Session, sqlite3.Connection]:
        """The open batch's session and its DB-API connection, beginning the batch if needed.

        The connection is looked up once per batch: it is the same for the whole transaction,
        and asking the session for it three times per file cost a sixth of storing one."""
        if self._session is not None and self._dbapi is not None:
            return self._session, self._dbapi
        repo = self._repo
        if repo._read_only_why is not None:
            raise ProfileReadOnly(repo.data_dir, repo._read_only_why)
        self._profile_lock = repo.hold_write_lock()  # released by _reset (commit, rollback)
        session = Session(repo._engine, expire_on_commit=False)
        try:
            with self._errors():
                session.connection(execution_options={IMMEDIATE: True})
                raw = _raw(session)
        except BaseException:
            session.close()
            if self._profile_lock is not None:
                self._profile_lock.release()
                self._profile_lock = None
            raise
        self._session, self._dbapi = session, raw
        self._started = self._clock()
        return session, raw

    def _in_savepoint(self, work: Callable[[Session, sqlite3.Connection], T], *, orm: bool) -> T:
        """Run one credential's writes (its original among them) under a savepoint of their
        own; on failure roll back to it (the batch's other credentials stay).

        ``orm``: the work changes ORM objects, so the savepoint must be the session's own
        (``begin_nested``, which expires them on rollback); plain Core work gets a bare
        ``SAVEPOINT``, which costs a fraction of SQLAlchemy's nested transaction.
        """
        self.finish_commit()  # the caller should have; the session is not shared
        if self._lost is not None:
            raise BatchLost(self._lost) from self._lost
        with self._errors():
            session, raw = self._begin()
            savepoint = _Savepoint(session, raw, orm=orm)
            try:
                result = work(session, raw)
                savepoint.release()
            except BaseException as exc:
                self._undo_one(raw, savepoint, exc)
                raise
        self._items += 1
        return result

    def _undo_one(self, raw: sqlite3.Connection, savepoint: _Savepoint, exc: BaseException) -> None:
        try:
            savepoint.rollback()
            alive = raw.in_transaction  # False: SQLite abandoned the transaction itself
        except (SQLAlchemyError, sqlite3.Error):  # the bare savepoint is gone with it
            alive = False
        if not alive:  # SQLite rolled the whole transaction back itself
            self._lost = exc
            self._rollback_now()


class _Savepoint:
    """One credential's savepoint: the session's nested transaction, or a bare one."""

    NAME = "one_credential"

    def __init__(self, session: Session, raw: sqlite3.Connection, *, orm: bool) -> None:
        self._nested = session.begin_nested() if orm else None
        self._raw = raw
        if self._nested is None:
            raw.execute(f"SAVEPOINT {self.NAME}")

    def release(self) -> None:
        if self._nested is not None:
            self._nested.commit()
        else:
            self._raw.execute(f"RELEASE {self.NAME}")

    def rollback(self) -> None:
        if self._nested is not None:
            self._nested.rollback()
        else:
            self._raw.execute(f"ROLLBACK TO {self.NAME}")
            self._raw.execute(f"RELEASE {self.NAME}")


def _raw(session: Session) -> sqlite3.Connection:
    raw = session.connection().connection.dbapi_connection
    if not isinstance(raw, sqlite3.Connection):
        raise TypeError("a profile is always an SQLite database")
    return raw
