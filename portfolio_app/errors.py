"""Error types shared by every layer.

Parsing problems and verification failures are different things (a file we cannot read is
not the same as a badge whose signature fails), so they get different types.  Every error
carries a sentence a learner can read; the technical detail goes to the log.
"""

from __future__ import annotations


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
