"""Ephemeral machines: profiles wiped at logoff, so offer an encrypted backup before quitting.

A lab machine that wipes home folders between sessions (machine config ``ephemeral = true``)
will destroy the wallet the learner just built.  The CLI says so at start
(``config.startup_notices``); the window calls :func:`offer_backup_on_quit` when it closes,
giving a function that asks the learner where to write the backup and under which passphrase
(or ``None`` to decline).  Qt-free, so the rule is tested without a window and the same
for both shells.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from portfolio_app.config import setting

if TYPE_CHECKING:
    from portfolio_app.services.backup import BackupResult
    from portfolio_app.services.portfolio import Portfolio


@dataclass(frozen=True)
class BackupChoice:
    """Where the learner wants the backup, and the passphrase that encrypts it."""

    target: Path
    passphrase: str
    #: The passphrase that opens the learner's keys, when it is not the backup passphrase.
    keys_passphrase: str | None = None


#: What the window shows when asking (its own dialog, its own translation).
QUIT_QUESTION = (
    "This computer deletes your wallet when you log off. Save an encrypted backup to a drive "
    "you take with you before quitting?"
)


def is_ephemeral() -> bool:
    """True when the machine config says profiles here do not survive logoff."""
    return setting("ephemeral") is True


def offer_backup_on_quit(
    portfolio: Portfolio, ask: Callable[[str], BackupChoice | None]
) -> BackupResult | None:
    """On an ephemeral machine, ask (once) and write the backup the learner chose.

    Returns ``None`` without asking when the machine is not ephemeral, the wallet is empty
    (nothing to lose), or the learner declines.  Errors of the backup itself (a wrong keys
    passphrase, a full stick) propagate as the usual one-line ``PortfolioError``\\ s, so the
    window can say why and ask again.
    """
    if not is_ephemeral() or not portfolio.credentials():
        return None
    choice = ask(QUIT_QUESTION)
    if choice is None:
        return None
    return portfolio.backup(
        choice.target, choice.passphrase, keys_passphrase=choice.keys_passphrase
    )
