"""Can this folder hold a profile, and may we write it?  Decided once, before opening.

A profile may live anywhere: the per-user data folder, a USB stick (FAT/exFAT, or write-
protected), a lab's network home, a CD someone burned.  Instead of letting the first ``chmod``
or ``INSERT`` fail with a traceback, :func:`check_folder` looks first and answers with a
:class:`ProfileAccess` (open read-write, or read-only and why) or one of the
:class:`~portfolio_app.errors.ProfileError` sentences (missing, not a folder, another user's,
cannot be written).
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

from portfolio_app.errors import ProfileUnavailable


@dataclass(frozen=True)
class ProfileAccess:
    """How a profile folder may be used."""

    folder: Path
    read_only: bool
    why_read_only: str = ""
    #: The medium itself is read-only: nobody can change the file while we read it, so SQLite
    #: may skip locking and journals (``immutable=1``), which a read-only mount would refuse.
    immutable: bool = False


def check_folder(folder: Path, db_name: str) -> ProfileAccess:
    """Look at ``folder`` (without changing anything) and say how it can be opened.

    A missing folder is created (with its parents) when that is possible; when it is not
    (an unplugged stick under ``/media``, a typo in a path we may not write) the error names
    the folder and the nearest existing parent.
    """
    if folder.exists() and not folder.is_dir():
        raise ProfileUnavailable(
            folder, "it is a file, not a folder", "give the folder that holds the profile"
        )
    if not folder.exists():
        anchor = _nearest_existing(folder.parent)
        if not anchor.is_dir():
            raise ProfileUnavailable(
                folder, f"{anchor} is a file, not a folder", "check the path is right"
            )
        if not _writable(anchor):
            raise ProfileUnavailable(
                folder,
                f"it does not exist and cannot be created in {anchor} ({_why_not(anchor)})",
                "check that the drive is connected and the path is right, or choose a "
                "folder you can write to",
            )
        return ProfileAccess(folder, read_only=False)
    if owned_by_someone_else(folder):
        raise ProfileUnavailable(
            folder,
            "it belongs to another user",
            "use your own profile folder (a profile holds private keys and should not be shared)",
        )
    db = folder / db_name
    writable = _writable(folder) and (not db.exists() or _writable(db))
    if writable:
        return ProfileAccess(folder, read_only=False)
    if not db.exists():
        raise ProfileUnavailable(
            folder,
            f"it cannot be written ({_why_not(folder)}) and holds no profile yet",
            "choose a folder you can write to",
        )
    why = _why_not(folder)
    return ProfileAccess(
        folder, read_only=True, why_read_only=why, immutable=medium_is_read_only(folder)
    )


def owned_by_someone_else(folder: Path) -> bool:
    """True when the folder's owner is not the user running the app (POSIX only).

    Windows ACLs do not map onto one owner id; there the writability check decides.
    """
    if sys.platform == "win32" or not hasattr(os, "geteuid"):
        return False
    return folder.stat().st_uid != os.geteuid()


def medium_is_read_only(folder: Path) -> bool:
    """The file system is mounted read-only (a write-protected stick, a CD, ``mount -o ro``)."""
    statvfs = getattr(os, "statvfs", None)
    if statvfs is None:
        return False
    try:
        return bool(statvfs(folder).f_flag & getattr(os, "ST_RDONLY", 1))
    except OSError:
        return False


def _writable(path: Path) -> bool:
    if medium_is_read_only(path):
        return False
    if os.access in os.supports_effective_ids:
        return os.access(path, os.W_OK, effective_ids=True)
    return os.access(path, os.W_OK)


def _why_not(path: Path) -> str:
    if medium_is_read_only(path):
        return "the medium is read-only"
    return "no permission to write"


def _nearest_existing(path: Path) -> Path:
    for candidate in (path, *path.parents):
        if candidate.exists():
            return candidate
    return path
