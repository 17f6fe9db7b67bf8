"""Atomic, durable file writes: the one way the app replaces a file.

A crash or a full disk while rewriting a file (sealed keys, a backup, the document cache's
index) must leave either the old file or the new one, never half of each.  So every write goes
to a temporary file created with the final mode (never briefly world-readable), is fsynced,
replaces the target with :func:`os.replace`, and the folder is fsynced so the rename lasts.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from pathlib import Path

SECRET_MODE = 0o600
PUBLIC_MODE = 0o644


def atomic_write(path: Path, data: bytes, *, mode: int = SECRET_MODE) -> None:
    """Replace ``path`` with ``data`` atomically; the file is created with ``mode``."""
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(6)}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), mode)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if os.name == "posix":
            tmp.chmod(mode)  # the umask may have narrowed or (rarely) not applied
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    fsync_dir(path.parent)


def fsync_dir(folder: Path) -> None:
    """Make the rename durable (POSIX only; Windows has no directory fsync)."""
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
