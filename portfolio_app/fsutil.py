"""Atomic, durable file writes: the one way the app replaces a file.

A crash or a full disk while rewriting a file (sealed keys, a backup, the document cache's
index) must leave either the old file or the new one, never half of each.  So every write goes
to a temporary file created with the final mode (never briefly world-readable), is fsynced,
replaces the target with :func:`os.replace`, and the folder is fsynced so the rename lasts.

A full disk or a refused write is an everyday event (a USB stick, a quota, a read-only share),
not a bug: :func:`write_errors` turns those ``OSError``\\ s into :class:`StorageFull` /
:class:`WriteDenied`, whose one-line message names the file, so no traceback reaches a user.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
from collections.abc import Iterator
from pathlib import Path

from portfolio_app.errors import PortfolioError, StorageFull, WriteDenied

SECRET_MODE = 0o600
PUBLIC_MODE = 0o644

#: errno values meaning "no space left": the disk itself, or the user's quota.
FULL_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT})
#: errno values meaning "the system will not let you write here", with a few plain words.
DENIED_ERRNOS = {
    errno.EACCES: "permission denied",
    errno.EPERM: "operation not permitted",
    errno.EROFS: "the medium is read-only",
}


def typed_os_error(exc: OSError, path: Path) -> PortfolioError | None:
    """The learner-readable error for an everyday write failure, or ``None`` for the rest."""
    target = Path(exc.filename) if isinstance(exc.filename, str | os.PathLike) else path
    if exc.errno in FULL_ERRNOS:
        return StorageFull(target)
    why = DENIED_ERRNOS.get(exc.errno or 0)
    if why is not None:
        return WriteDenied(target, why)
    return None


@contextlib.contextmanager
def write_errors(path: Path) -> Iterator[None]:
    """Re-raise a full-disk or permission ``OSError`` from the block as a typed error.

    ``path`` is named when the exception carries no file name (``os.write``, ``os.fsync``).
    Other ``OSError``\\ s pass through unchanged: they are unexpected and belong in the log.
    """
    try:
        yield
    except OSError as exc:
        typed = typed_os_error(exc, path)
        if typed is None:
            raise
        raise typed from exc


def atomic_write(path: Path, data: bytes, *, mode: int = SECRET_MODE) -> None:
    """Replace ``path`` with ``data`` atomically; the file is created with ``mode``.

    On failure the old file (or no file) is left and the temporary file is removed; a full
    disk raises :class:`StorageFull`, a refused write :class:`WriteDenied`.
    """
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(6)}.tmp")
    with write_errors(path):
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), mode)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            if os.name == "posix":
                with contextlib.suppress(OSError):  # FAT/exFAT: no Unix modes to set
                    tmp.chmod(mode)  # the umask may have narrowed or (rarely) not applied
            os.replace(tmp, path)
        except BaseException:
            with contextlib.suppress(OSError):
                tmp.unlink()
            raise
        fsync_dir(path.parent)


def fsync_dir(folder: Path) -> None:
    """Make the rename durable (POSIX only; Windows has no directory fsync).

    Some file systems (network shares, FUSE) refuse ``fsync`` on a directory with ``EINVAL``;
    the rename has happened by then, so that refusal is not worth failing the write for.
    """
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        try:
            os.fsync(fd)
        except OSError as exc:
            if exc.errno not in (errno.EINVAL, errno.ENOTSUP):
                raise
    finally:
        os.close(fd)
