"""Content-addressed store for the original files: ``blobs/<first 2 hex>/<sha256 hex>``.

Originals are kept byte for byte because they are what verification and export work from; the
database only holds what we understood of them.  Naming a file by its hash makes duplicates
free to detect and corruption detectable on every read.

A single write is atomic (temporary file in the same directory, fsync, ``os.replace``), so a
crash leaves either no file or the whole file, plus at worst a stray ``.tmp-*`` that
:meth:`BlobStore.sweep` removes.  This class knows nothing about the database: the repository
decides which blobs are still referenced.

A bulk import (:class:`~portfolio_app.storage.batch.WriteBatch`) writes with ``sync=False``
straight to the blob's own name (``O_EXCL``: never over another file) and makes the whole
batch durable with one :meth:`BlobStore.sync` just before the commit that refers to it: until
then a blob is only an unreferenced file, which a crash may leave empty or half written, and
which the sweep on the next open removes like any orphan.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import secrets
import stat
from collections.abc import Collection, Container, Iterator
from concurrent.futures import Executor, ThreadPoolExecutor
from pathlib import Path

from portfolio_app.fsutil import fsync_dir, write_errors
from portfolio_app.paths import ensure_private_dir, make_private
from portfolio_app.storage.errors import BlobCorrupted

SHA256_RE = re.compile(r"[0-9a-f]{64}")
TEMP_PREFIX = ".tmp-"
TRASH_PREFIX = ".trash-"
_CHUNK = 1 << 20
#: How many fsyncs :meth:`BlobStore.sync` keeps in flight: enough for the file system to fold
#: a batch into one journal commit, few enough not to flood a slow network share.
SYNC_THREADS = 16
#: A new file, never an existing one; binary on Windows; not inherited by child processes.
_CREATE_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0) | os.O_CLOEXEC


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class BlobStore:
    """The ``blobs/`` folder of one profile."""

    def __init__(self, root: Path, *, read_only: bool = False) -> None:
        """``read_only``: the profile cannot be written, so neither create nor chmod the folder
        (a profile without originals yet simply has none to read)."""
        self.root = root if read_only else ensure_private_dir(root)
        self._shards: set[str] = set()  # shard folders this store has made private

    def path_for(self, sha256: str) -> Path:
        if not SHA256_RE.fullmatch(sha256):
            raise ValueError(f"not a lowercase SHA-256 hex digest: {sha256!r}")
        return self.root / sha256[:2] / sha256

    def put(self, data: bytes, sha256: str | None = None, *, sync: bool = True) -> tuple[str, bool]:
        """Store ``data``; return its digest and whether this call created the file.

        An existing file with the right content is reused (``created`` is False, so a failed
        import will not delete a blob it did not write); one with the wrong content (damaged on
        disk) is replaced.

        ``sync=True`` writes a temporary file, fsyncs it and renames it into place, so the blob
        is durable and whole when this returns.  ``sync=False`` (a bulk import's
        :class:`~portfolio_app.storage.batch.WriteBatch`) creates the blob under its own name
        and leaves the fsyncs to a later :meth:`sync`, which must run before any row that
        refers to the blob is committed: until then the file is referenced by nothing, so a
        crash that leaves it short is swept like any orphan, and no temporary name and rename
        are worth paying for (on a bulk import, file-system metadata calls cost more than the
        bytes).  Shard folders are made once per store, not checked once per file.
        """
        digest = sha256 or sha256_hex(data)
        target = self.path_for(digest)
        if not sync:
            with contextlib.suppress(FileExistsError), write_errors(target):  # else see below
                self._shard(target.parent)
                try:
                    _write_new(target, data)
                except FileNotFoundError:  # the shard folder went away since we made it
                    self._shards.discard(target.parent.name)
                    self._shard(target.parent)
                    _write_new(target, data)
                return digest, True
        if target.exists() and self._hash_file(target) == digest:
            return digest, False
        with write_errors(target):  # durable now, or replacing a damaged file: atomically
            shard = self._shard(target.parent)
            tmp = shard / f"{TEMP_PREFIX}{secrets.token_hex(8)}"
            _write_new(tmp, data, sync=sync)
            try:
                os.replace(tmp, target)
            except BaseException:
                tmp.unlink(missing_ok=True)
                raise
            if sync:
                fsync_dir(shard)
        return digest, True

    def _shard(self, folder: Path) -> Path:
        """``folder`` (one ``blobs/xx``), private (0700), made the first time this store uses
        it; a new one is created with that mode rather than created and then chmod-ed."""
        if folder.name in self._shards:
            return folder
        try:
            os.mkdir(folder, 0o700)
        except (FileExistsError, FileNotFoundError):  # there already, or blobs/ itself gone
            ensure_private_dir(folder)  # (re)made with its parents, and made private
        else:
            if os.name == "posix" and stat.S_IMODE(os.stat(folder).st_mode) != 0o700:
                make_private(folder, 0o700)  # a umask took more, or no Unix permissions
        self._shards.add(folder.name)
        return folder

    def sync(self, digests: Collection[str], pool: Executor | None = None) -> None:
        """Make blobs written with ``put(sync=False)`` durable: each file's bytes, then each
        shard folder (so the renames last).

        The fsyncs run side by side on a few threads rather than one after another: a journaling
        file system then writes the whole batch in one journal commit, so a batch of a hundred
        files costs about one fsync instead of two hundred (measured on ext4: 38-85 ms against
        570-830 ms for 100 files).  ``pool`` is the caller's executor for them (a bulk import
        keeps one for all its batches instead of starting threads for each); without it a pool
        of :data:`SYNC_THREADS` is made for this call.  Raises :class:`StorageFull` /
        :class:`WriteDenied` for a full disk or a refused write, like :meth:`put`.
        """
        if not digests:
            return
        files = [self.path_for(d) for d in sorted(set(digests))]
        shards = sorted({f.parent for f in files})
        with write_errors(self.root):
            if pool is not None:
                list(pool.map(_fsync_file, files))  # re-raises the first failure
                list(pool.map(fsync_dir, shards))
                return
            with ThreadPoolExecutor(
                max_workers=min(SYNC_THREADS, len(files)), thread_name_prefix="blob-sync"
            ) as own:
                list(own.map(_fsync_file, files))
                list(own.map(fsync_dir, shards))

    def read(self, sha256: str) -> bytes:
        """The stored bytes, re-hashed; raises :class:`BlobCorrupted` if missing or altered."""
        path = self.path_for(sha256)
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            raise BlobCorrupted(sha256, "missing from the profile folder") from None
        if sha256_hex(data) != sha256:
            raise BlobCorrupted(sha256, "damaged on disk (its content no longer matches)")
        return data

    def iter_chunks(self, sha256: str) -> Iterator[bytes]:
        """Stream a blob, raising :class:`BlobCorrupted` after the last chunk if it is altered.

        Lets backups copy large originals without holding them in memory while still refusing
        to archive damaged ones.
        """
        path = self.path_for(sha256)
        digest = hashlib.sha256()
        try:
            handle = path.open("rb")
        except FileNotFoundError:
            raise BlobCorrupted(sha256, "missing from the profile folder") from None
        with handle:
            while chunk := handle.read(_CHUNK):
                digest.update(chunk)
                yield chunk
        if digest.hexdigest() != sha256:
            raise BlobCorrupted(sha256, "damaged on disk (its content no longer matches)")

    def discard(self, sha256: str) -> None:
        self.path_for(sha256).unlink(missing_ok=True)

    def to_trash(self, sha256: str) -> Path | None:
        """Rename a blob aside before the row that used it is committed as deleted.

        If the commit fails the caller renames it back (:meth:`from_trash`); if it succeeds the
        caller unlinks the trash.  Renaming first means a concurrent import of the same file,
        which can only start after our commit, writes a fresh blob instead of reusing one we
        are about to delete.
        """
        path = self.path_for(sha256)
        trash = path.with_name(f"{TRASH_PREFIX}{sha256}-{secrets.token_hex(4)}")
        try:
            os.replace(path, trash)
        except FileNotFoundError:
            return None
        return trash

    def from_trash(self, trash: Path, sha256: str) -> None:
        os.replace(trash, self.path_for(sha256))

    def digests(self) -> set[str]:
        """Every blob present (temporary and trash files excluded)."""
        return {p.name for p in self._shard_files() if SHA256_RE.fullmatch(p.name)}

    def sweep(self, referenced: Container[str]) -> int:
        """Delete blobs not in ``referenced`` and leftover temp / trash files; return how many.

        The caller must hold the database write lock so no import is between its blob write and
        its commit while we look.
        """
        removed = 0
        for path in self._shard_files():
            name = path.name
            is_blob = SHA256_RE.fullmatch(name) is not None
            if is_blob and name in referenced:
                continue
            if is_blob or name.startswith((TEMP_PREFIX, TRASH_PREFIX)):
                with contextlib.suppress(FileNotFoundError):
                    path.unlink()
                    removed += 1
        return removed

    def _shard_files(self) -> Iterator[Path]:
        """Files one level below the shard folders.

        ``os.scandir`` rather than ``Path.iterdir`` + ``is_file``: the directory entries carry
        the file type, so the sweep on every open costs one ``readdir`` per shard and no
        ``stat`` per file (it matters on network home folders).
        """
        if not self.root.is_dir():  # a read-only profile that never held an original
            return
        with os.scandir(self.root) as shards:
            for shard in shards:
                if len(shard.name) != 2 or not shard.is_dir(follow_symlinks=False):
                    continue
                with os.scandir(shard.path) as entries:
                    for entry in entries:
                        if entry.is_file(follow_symlinks=False):
                            yield Path(entry.path)

    @staticmethod
    def _hash_file(path: Path) -> str:
        digest = hashlib.sha256()
        with path.open("rb") as handle:
            while chunk := handle.read(_CHUNK):
                digest.update(chunk)
        return digest.hexdigest()


def _write_new(path: Path, data: bytes, *, sync: bool = False) -> None:
    """Create ``path`` (never an existing file) with mode 0600 and write ``data``; on any
    failure the file is removed again."""
    fd = os.open(path, _CREATE_FLAGS, 0o600)
    try:
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
            if sync:
                os.fsync(fd)
            if os.name == "posix" and stat.S_IMODE(os.fstat(fd).st_mode) != 0o600:
                make_private(path, 0o600)  # a umask took more, or no Unix permissions
        finally:
            os.close(fd)
    except BaseException:
        path.unlink(missing_ok=True)
        raise


def _fsync_file(path: Path) -> None:
    # Windows flushes only a handle opened for writing; POSIX takes any descriptor.
    fd = os.open(path, os.O_RDONLY if os.name == "posix" else os.O_RDWR)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
