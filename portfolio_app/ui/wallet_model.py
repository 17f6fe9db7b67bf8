"""The wallet as a Qt table model: one row per stored credential.

Holds a snapshot list handed in by the window; it never talks to the database itself.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from portfolio_app.model import display_title
from portfolio_app.storage import StoredCredential

ModelIndex = QModelIndex | QPersistentModelIndex

COL_TITLE, COL_ISSUER, COL_DATE, COL_FORMAT, COL_STATUS = range(5)
HEADERS = ("Title", "Issuer", "Issued", "Format", "Status")
CREDENTIAL_ID_ROLE = Qt.ItemDataRole.UserRole + 1


class WalletTableModel(QAbstractTableModel):
    def __init__(self) -> None:
        super().__init__()
        self._rows: list[StoredCredential] = []

    def set_credentials(self, rows: list[StoredCredential]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation is Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        return None

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        stored = self._rows[index.row()]
        if role == CREDENTIAL_ID_ROLE:
            return stored.id
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        cred = stored.credential
        column = index.column()
        if column == COL_TITLE:
            return display_title(cred)  # a title guessed from the file name says so
        if column == COL_ISSUER:
            return cred.issuer_name
        if column == COL_DATE:
            return cred.issued.date().isoformat() if cred.issued else ""
        if column == COL_FORMAT:
            return cred.format.value
        verdict = stored.latest_verdict
        return verdict.status.replace("_", " ") if verdict is not None else "not checked"
