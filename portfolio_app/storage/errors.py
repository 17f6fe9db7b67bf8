"""Errors raised only by the storage layer.

They subclass :class:`~portfolio_app.errors.PortfolioError` so the shells can print them as
one sentence, like every other refusal.
"""

from __future__ import annotations

from portfolio_app.errors import PortfolioError


class CredentialNotFound(PortfolioError):
    """The id names no credential (deleted meanwhile, or a typo on the command line)."""

    def __init__(self, credential_id: int) -> None:
        super().__init__(f"no credential #{credential_id} in this wallet")
        self.credential_id = credential_id


class BlobCorrupted(PortfolioError):
    """An original file is missing or no longer hashes to the SHA-256 it was stored under.

    We re-hash on every read because the originals are the learner's evidence: handing out
    silently altered bytes (bad sector, sync tool, hand edit) would be worse than refusing.
    """

    def __init__(self, sha256: str, why: str) -> None:
        super().__init__(f"the stored original {sha256[:12]}… is {why}")
        self.sha256 = sha256
        self.why = why


class StoreUnreadable(PortfolioError):
    """The database file exists but is not a Learner Portfolio database we can open."""
