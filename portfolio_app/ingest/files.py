"""Turn the paths a learner hands us into files to import, and read them within a size limit.

Folders are walked in sorted order so an import of the same folder always runs the same way.
A folder that links back into itself (``ln -s .. loop``) must not hang the import, so every
directory is identified by device and inode and never entered twice.  Problems are *yielded*,
not raised, so one bad path does not stop an import of hundreds of files.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path

from portfolio_app.errors import RejectedInput

DEFAULT_MAX_BYTES = 20 * 1024 * 1024


def human_size(size: int) -> str:
    """A byte count as people say it: "512 bytes", "82.1 KB", "20 MB"."""
    if size < 1024:
        return f"{size} bytes"
    for unit, scale in (("MB", 1024 * 1024), ("KB", 1024)):
        if size >= scale:
            value = f"{size / scale:.1f}".removesuffix(".0")
            return f"{value} {unit}"
    return f"{size} bytes"  # pragma: no cover - unreachable


def _too_large(limit: int, size: int | None) -> RejectedInput:
    shown = f" ({human_size(size)})" if size is not None else ""
    return RejectedInput(f"file is larger than the {human_size(limit)} import limit{shown}")


def read_file(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """Read a whole regular file, refusing empty, oversized and special files.

    The size is checked with ``stat`` before anything is read, and the read itself stops one
    byte past the limit, so a file that grows while we read cannot exceed it either.
    """
    try:
        info = path.stat()
    except FileNotFoundError:
        raise RejectedInput("file does not exist") from None
    except OSError as exc:
        raise RejectedInput(_os_reason(exc)) from None
    if stat.S_ISDIR(info.st_mode):
        raise RejectedInput("is a folder, not a file")
    if not stat.S_ISREG(info.st_mode):
        raise RejectedInput("not a regular file (device, pipe or socket)")
    if info.st_size == 0:
        raise RejectedInput("empty file")
    if info.st_size > max_bytes:
        raise _too_large(max_bytes, info.st_size)
    try:
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)
    except OSError as exc:
        raise RejectedInput(_os_reason(exc)) from None
    if len(data) > max_bytes:
        raise _too_large(max_bytes, None)
    if not data:
        raise RejectedInput("empty file")
    return data


def _os_reason(exc: OSError) -> str:
    if exc.errno == errno.ELOOP:
        return "symlink loop (the link leads back to itself)"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "permission denied"
    return f"cannot read it ({exc.strerror or type(exc).__name__})"


def _is_hidden(name: str) -> bool:
    return name.startswith(".")


def _sorted_entries(folder: Path) -> list[os.DirEntry[str]] | RejectedInput:
    try:
        with os.scandir(folder) as scan:
            entries = [entry for entry in scan if not _is_hidden(entry.name)]
    except OSError as exc:
        return RejectedInput(f"cannot list the folder ({exc.strerror or type(exc).__name__})")
    return sorted(entries, key=lambda entry: entry.name)


def _walk(root: Path, root_id: tuple[int, int]) -> Iterator[Path | tuple[Path, RejectedInput]]:
    """Depth-first, sorted walk of one folder without recursion (deep trees cannot overflow)."""
    entered: set[tuple[int, int]] = {root_id}
    # Each stack frame: (entries still to visit, reversed; ids of the folders above them).
    first = _sorted_entries(root)
    if isinstance(first, RejectedInput):
        yield (root, first)
        return
    stack: list[tuple[list[os.DirEntry[str]], frozenset[tuple[int, int]]]] = [
        (list(reversed(first)), frozenset({root_id}))
    ]
    while stack:
        pending, ancestors = stack[-1]
        if not pending:
            stack.pop()
            continue
        entry = pending.pop()
        path = Path(entry.path)
        try:
            info = os.stat(entry.path)  # follows symlinks, like the user would expect
        except OSError as exc:
            if exc.errno == errno.ENOENT:
                yield (path, RejectedInput("broken symlink (its target does not exist)"))
            else:
                yield (path, RejectedInput(_os_reason(exc)))
            continue
        if stat.S_ISDIR(info.st_mode):
            folder_id = (info.st_dev, info.st_ino)
            if folder_id in ancestors:
                yield (
                    path,
                    RejectedInput("symlink loop (the folder leads back to one of its parents)"),
                )
                continue
            if folder_id in entered:
                continue  # reached twice through links: its files were already listed
            entered.add(folder_id)
            children = _sorted_entries(path)
            if isinstance(children, RejectedInput):
                yield (path, children)
                continue
            stack.append((list(reversed(children)), ancestors | {folder_id}))
        elif stat.S_ISREG(info.st_mode):
            yield path
        else:
            yield (path, RejectedInput("not a regular file (device, pipe or socket)"))


def iter_files(paths: Iterable[Path]) -> Iterator[Path | tuple[Path, RejectedInput]]:
    """Expand files and folders into the files to import, in a stable order.

    Yields each regular file's path, or ``(path, RejectedInput)`` for a path that cannot be
    imported (missing, a symlink loop, unreadable folder, special file).  Inside folders,
    hidden entries (names starting with ".") are skipped; a path named explicitly is never
    skipped.
    """
    for given in paths:
        path = Path(given)
        try:
            info = os.stat(path)
        except OSError as exc:
            if exc.errno == errno.ENOENT:
                reason = "broken symlink" if os.path.islink(path) else "no such file or folder"
                yield (path, RejectedInput(reason))
            else:
                yield (path, RejectedInput(_os_reason(exc)))
            continue
        if stat.S_ISDIR(info.st_mode):
            yield from _walk(path, (info.st_dev, info.st_ino))
        elif stat.S_ISREG(info.st_mode):
            yield path
        else:
            yield (path, RejectedInput("not a regular file (device, pipe or socket)"))
