"""Error types shared by every layer.

Parsing problems and verification failures are different things (a file we cannot read is
not the same as a badge whose signature fails), so they get different types.  Every error
carries a sentence a learner can read; the technical detail goes to the log.
"""

from __future__ import annotations

from pathlib import Path


class PortfolioError(Exception):
    """Base for every error this application raises on purpose."""


class RejectedInput(PortfolioError):
    """A file we refuse to import. ``reason`` is one sentence without the file name.

    The CLI and GUI print ``f"{path.name}: {reason}"`` so every refusal is one line that names
    the file and says why.
    """

    def __init__(self, reason: str, *, detail: str = "") -> None:
        super().__init__(reason)
        self.reason = reason
        self.detail = detail


class DuplicateCredential(PortfolioError):
    """The wallet already holds this credential (same bytes, or same credential id)."""

    def __init__(self, existing_id: int, why: str) -> None:
        super().__init__(f"already in the wallet as #{existing_id} ({why})")
        self.existing_id = existing_id
        self.why = why


class StoreVersionError(PortfolioError):
    """The database was written by a newer version of the app; we refuse to touch it."""


class ProfileError(PortfolioError):
    """The profile folder cannot be used as asked; ``folder`` names it.

    Every message is one line a learner can act on: what, which folder, why, what to do.  The
    GUI shows it in a dialog that offers another folder; the CLI prints it and exits 1.
    """

    def __init__(self, message: str, folder: Path) -> None:
        super().__init__(message)
        self.folder = folder


class ProfileReadOnly(ProfileError):
    """The profile can be read but not written (read-only medium, folder or database file)."""

    def __init__(self, folder: Path, why: str) -> None:
        super().__init__(
            f"this profile is read-only ({folder}: {why}); reading works, but to change it "
            "copy the folder somewhere writable and use --data-dir",
            folder,
        )
        self.why = why


class ProfileUnavailable(ProfileError):
    """The folder is missing, cannot be written for a new profile, or belongs to someone else."""

    def __init__(self, folder: Path, why: str, what_to_do: str) -> None:
        super().__init__(f"cannot use the profile folder {folder}: {why}; {what_to_do}", folder)
        self.why = why


class ProfileInUse(ProfileError):
    """Another process (a GUI window or a command) holds the profile's lock."""

    def __init__(self, folder: Path) -> None:
        super().__init__(
            f"another Learner Portfolio window or command is using this profile ({folder}); "
            "close it or wait for it to finish, then try again",
            folder,
        )


class StorageFull(PortfolioError):
    """A write ran out of space (ENOSPC, or a quota); whatever it was writing was undone."""

    def __init__(self, path: Path) -> None:
        super().__init__(
            f"the disk is full ({path}); nothing was changed — free some space and try again"
        )
        self.path = path


class WriteDenied(PortfolioError):
    """The operating system refused a write (permissions, a read-only medium); nothing changed."""

    def __init__(self, path: Path, why: str) -> None:
        super().__init__(
            f"cannot write {path} ({why}); nothing was changed — check the folder's "
            "permissions or choose another place"
        )
        self.path = path
        self.why = why
