"""Opening the database file: pragmas, the schema-version gate, and migrations.

Order of events in :func:`open_engine`, and why:

1. Read ``alembic_version`` with a plain *read-only* ``sqlite3`` connection.  That is fast (no
   Alembic import, which the test suite would pay on every open) and it cannot modify a file
   that turns out to belong to a newer app version.
2. Current revision: just build the engine.  Unknown revision: raise
   :class:`~portfolio_app.errors.StoreVersionError` and touch nothing.  Older known revision:
   copy the file to ``portfolio.sqlite3.bak-<old revision>`` first (as Vorta and Picard do),
   then upgrade with Alembic.
3. Every connection gets ``journal_mode=DELETE`` (WAL needs shared memory, which network home
   folders on lab machines do not provide reliably; the machine config's ``journal_mode`` may
   choose another for local disks), ``busy_timeout`` and foreign keys.

Transactions: pysqlite's own implicit BEGIN is switched off so SQLAlchemy's ``begin`` event can
emit it; write units of work ask for ``BEGIN IMMEDIATE`` (see :data:`IMMEDIATE`) so the
duplicate check and the inserts (the original among them) happen under one write lock, and
two processes never interleave their checks and writes.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event

from portfolio_app.errors import StoreVersionError
from portfolio_app.paths import make_private
from portfolio_app.storage.errors import StoreUnreadable

# The newest revision (a constant, so that opening a current store never loads Alembic) lives
# in .schema, which the sqlite3-only quick reader shares; re-exported here for callers.
from portfolio_app.storage.schema import HEAD_REVISION as HEAD_REVISION  # noqa: PLC0414 - re-export

#: Execution option asking the ``begin`` hook for ``BEGIN IMMEDIATE`` instead of ``BEGIN``.
IMMEDIATE = "portfolio_begin_immediate"

BUSY_TIMEOUT_MS = 5000
MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
_BASE = "base"  # how a database with an empty alembic_version is named in backup copies


def open_engine(db_path: Path) -> Engine:
    """Return an engine on an up-to-date database at ``db_path``, creating it if needed."""
    revision = read_revision(db_path) if db_path.exists() else None
    if revision == HEAD_REVISION:
        return create_sqlite_engine(db_path)
    _refuse_newer(revision)
    if revision is not None:
        copy_before_migration(db_path, revision)
    engine = create_sqlite_engine(db_path)
    try:
        upgrade(engine)
    except BaseException:
        engine.dispose()
        raise
    if os.name == "posix":
        make_private(db_path, 0o600)
    return engine


def open_read_only_engine(db_path: Path, *, immutable: bool) -> Engine:
    """An engine that can only read ``db_path``: no migration, no journal, no chmod.

    For a profile on a read-only medium or in a folder we may not write.  ``immutable``
    (a read-only *medium*) tells SQLite nobody can change the file, so it takes no locks and
    ignores a journal it could not roll back anyway; otherwise ``mode=ro`` still honours
    another process's locks.  A profile that would need migrating cannot be upgraded here,
    so it is refused with a sentence rather than half-read.
    """
    try:
        revision = _query_revision(db_path, read_only=True, immutable=immutable)
    except sqlite3.OperationalError:
        raise  # busy or unopenable: the repository turns it into a sentence
    except sqlite3.DatabaseError as exc:
        raise StoreUnreadable(f"{db_path} is not a Learner Portfolio database ({exc})") from exc
    if revision != HEAD_REVISION:
        _refuse_newer(revision)
        raise StoreUnreadable(
            f"{db_path} was written by an older version and must be upgraded, which a "
            "read-only profile cannot be; copy the folder somewhere writable and open it there"
        )
    uri = f"{db_path.resolve().as_uri()}?{'immutable=1' if immutable else 'mode=ro'}"

    def connect() -> sqlite3.Connection:
        return sqlite3.connect(
            uri, uri=True, check_same_thread=False, timeout=BUSY_TIMEOUT_MS / 1000
        )

    engine = create_engine("sqlite://", creator=connect)
    event.listen(engine, "connect", _on_connect_read_only)
    event.listen(engine, "begin", _on_begin)
    return engine


def _refuse_newer(revision: str | None) -> None:
    if revision is not None and revision != _BASE and revision not in known_revisions():
        raise StoreVersionError(
            "This profile was written by a newer version of Learner Portfolio "
            f"(schema {revision}); this version knows up to {HEAD_REVISION}. "
            "Update the app or use another --data-dir."
        )


def read_revision(db_path: Path) -> str | None:
    """The Alembic revision stamped in the file: ``None`` for a blank file, ``"base"`` when
    the version table exists but is empty.  Raises :class:`StoreUnreadable` for a file that is
    not SQLite or has foreign tables but no version table.
    """
    try:
        return _query_revision(db_path, read_only=True)
    except sqlite3.OperationalError:
        # Locked, or a hot journal left by a crash (which a read-only connection cannot roll
        # back).  A normal connection waits for the lock / rolls the journal back, as SQLite
        # would on any open.
        try:
            return _query_revision(db_path, read_only=False)
        except sqlite3.DatabaseError as exc:
            raise StoreUnreadable(f"cannot read {db_path}: {exc}") from exc
    except sqlite3.DatabaseError as exc:
        raise StoreUnreadable(f"{db_path} is not a Learner Portfolio database ({exc})") from exc


def _query_revision(db_path: Path, *, read_only: bool, immutable: bool = False) -> str | None:
    if read_only:
        mode = "immutable=1" if immutable else "mode=ro"
        conn = sqlite3.connect(f"{db_path.resolve().as_uri()}?{mode}", uri=True)
    else:
        conn = sqlite3.connect(db_path, timeout=BUSY_TIMEOUT_MS / 1000)
    try:
        return _revision_from(conn, db_path)
    finally:
        conn.close()


def _revision_from(conn: sqlite3.Connection, db_path: Path) -> str | None:
    tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    if "alembic_version" not in tables:
        if tables:
            raise StoreUnreadable(f"{db_path} is not a Learner Portfolio database")
        return None
    rows = conn.execute("SELECT version_num FROM alembic_version").fetchall()
    if not rows:
        return _BASE
    if len(rows) > 1:
        raise StoreUnreadable(f"{db_path} has several schema versions stamped; cannot open it")
    return str(rows[0][0])


def known_revisions() -> set[str]:
    """Every revision id this code ships (loads the Alembic script directory)."""
    from alembic.script import ScriptDirectory  # noqa: PLC0415 - only when migrating

    script = ScriptDirectory(str(MIGRATIONS_DIR))
    return {rev.revision for rev in script.walk_revisions()}


def alembic_config(connection: Connection) -> Any:
    """An in-memory Alembic ``Config`` pointing at the packaged migrations (no ini file)."""
    from alembic.config import Config  # noqa: PLC0415 - only when migrating

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["connection"] = connection
    return config


def upgrade(engine: Engine) -> None:
    """Bring the schema to head inside one transaction (SQLite DDL is transactional)."""
    from alembic import command  # noqa: PLC0415 - only when migrating

    with engine.connect().execution_options(**{IMMEDIATE: True}) as connection:
        command.upgrade(alembic_config(connection), "head")
        connection.commit()


def copy_before_migration(db_path: Path, revision: str) -> Path:
    """Copy the database to ``<name>.bak-<revision>`` before it is migrated.

    Uses SQLite's online backup API rather than a file copy so the copy is consistent even if
    a journal is pending; writes to a temporary name and renames so a half copy never carries
    the ``.bak`` name.
    """
    target = db_path.with_name(f"{db_path.name}.bak-{revision}")
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    source = sqlite3.connect(db_path)
    try:
        copy = sqlite3.connect(partial)
        try:
            source.backup(copy)
        finally:
            copy.close()
    finally:
        source.close()
    if os.name == "posix":
        make_private(partial, 0o600)
    os.replace(partial, target)
    return target


def create_sqlite_engine(db_path: Path) -> Engine:
    """An engine whose every connection has our pragmas and explicit transaction control."""
    engine = create_engine(
        f"sqlite:///{db_path}",
        connect_args={"check_same_thread": False, "timeout": BUSY_TIMEOUT_MS / 1000},
    )
    event.listen(engine, "connect", _on_connect)
    event.listen(engine, "begin", _on_begin)
    return engine


def _on_connect(dbapi_connection: sqlite3.Connection, _record: object) -> None:
    dbapi_connection.isolation_level = None  # we issue BEGIN ourselves, see _on_begin
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute(f"PRAGMA journal_mode={journal_mode()}")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys=ON")
    finally:
        cursor.close()


def journal_mode() -> str:
    """DELETE unless the machine config says otherwise (``journal_mode``: one of a checked
    list, so this never builds arbitrary SQL)."""
    from portfolio_app.config import setting  # noqa: PLC0415
    from portfolio_app.config.keys import JOURNAL_MODES  # noqa: PLC0415

    mode = str(setting("journal_mode"))
    return mode.upper() if mode in JOURNAL_MODES else "DELETE"


def _on_connect_read_only(dbapi_connection: sqlite3.Connection, _record: object) -> None:
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA query_only=ON")  # belt and braces: SQLite refuses any write
    finally:
        cursor.close()


def _on_begin(connection: Connection) -> None:
    if connection.get_execution_options().get(IMMEDIATE):
        connection.exec_driver_sql("BEGIN IMMEDIATE")
    else:
        connection.exec_driver_sql("BEGIN")
