"""What the window says and offers on a lab machine (issue 15 §2): notices at start, a backup
before quitting a machine that wipes profiles at logoff.

The rules live in :mod:`portfolio_app.services.ephemeral` and :mod:`portfolio_app.config`; this
module is only the dialogs: where to write the backup and under which passphrase.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFileDialog, QInputDialog, QLineEdit, QMessageBox, QWidget

from portfolio_app.errors import PortfolioError
from portfolio_app.identity.kdf import MIN_PASSPHRASE_CHARS as MIN_PASSPHRASE
from portfolio_app.services.ephemeral import QUIT_QUESTION, BackupChoice, offer_backup_on_quit
from portfolio_app.services.portfolio import Portfolio


def tr(text: str) -> str:
    return QCoreApplication.translate("LabMachine", text)


def show_startup_notices(parent: QWidget, notices: list[str]) -> None:
    """Each notice once, in one non-blocking box (an ignored machine file, an ephemeral lab)."""
    if not notices:
        return
    box = QMessageBox(QMessageBox.Icon.Warning, tr("Learner Portfolio"), "\n\n".join(notices))
    box.setParent(parent, box.windowFlags())
    box.setAccessibleName(tr("Notices about this computer"))
    box.open()


def ask_where_to_back_up(parent: QWidget) -> Callable[[str], BackupChoice | None]:
    """The ``ask`` that :func:`offer_backup_on_quit` needs, as three small dialogs."""

    def ask(question: str) -> BackupChoice | None:
        if question == QUIT_QUESTION:  # the literal, so that lupdate finds it
            question = tr(
                "This computer deletes your wallet when you log off. Save an encrypted backup "
                "to a drive you take with you before quitting?"
            )
        answer = QMessageBox.question(
            parent,
            tr("Save a backup before quitting?"),
            question,
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard,
        )
        if answer != QMessageBox.StandardButton.Save:
            return None
        target, _filter = QFileDialog.getSaveFileName(
            parent, tr("Save the encrypted backup"), "portfolio-backup.lpbackup"
        )
        if not target:
            return None
        while True:
            passphrase, ok = QInputDialog.getText(
                parent,
                tr("Backup passphrase"),
                tr("A passphrase of at least %1 characters; you need it to restore:").replace(
                    "%1", str(MIN_PASSPHRASE)
                ),
                QLineEdit.EchoMode.Password,
            )
            if not ok:
                return None
            if len(passphrase) >= MIN_PASSPHRASE:
                return BackupChoice(Path(target), passphrase)

    return ask


def offer_backup(parent: QWidget, portfolio: Portfolio) -> bool:
    """True when the window may close: no backup wanted, or it was written; False keeps it open
    after saying why the backup failed (so the learner can pick another drive)."""
    try:
        result = offer_backup_on_quit(portfolio, ask_where_to_back_up(parent))
    except PortfolioError as exc:
        QMessageBox.warning(parent, tr("The backup was not written"), str(exc))
        return False
    if result is not None:
        QMessageBox.information(parent, tr("Backup saved"), tr("Your wallet was backed up."))
    return True
