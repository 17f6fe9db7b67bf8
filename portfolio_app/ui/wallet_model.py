"""The wallet as a Qt table model: one row per credential, filtered and sorted in Python.

Why not a ``QSortFilterProxyModel`` over every row: with 10,000 credentials the proxy calls
``data()`` (or a Python ``filterAcceptsRow``) for every row on each keystroke, which is what
made filtering slow.  Here the rows arrive as plain :class:`WalletRow` values (read off the GUI
thread), each with its search text lower-cased once; a keystroke is one list comprehension over
those strings.  The view sees the matching rows in batches (``canFetchMore``/``fetchMore``), so
only what is scrolled to is ever laid out.

Status is never shown by colour alone: each status has a symbol and a word.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from portfolio_app.services.results import EXPIRING_SOON_DAYS, WalletRow
from portfolio_app.ui.wallet_strings import tr_wallet

ModelIndex = QModelIndex | QPersistentModelIndex

COL_TITLE, COL_ISSUER, COL_DATE, COL_FORMAT, COL_STATUS = range(5)
CREDENTIAL_ID_ROLE = Qt.ItemDataRole.UserRole + 1
STATUS_ROLE = Qt.ItemDataRole.UserRole + 2
#: Rows handed to the view per ``fetchMore``: a screenful or two, never all 10,000 at once.
BATCH = 200

#: Symbol beside each status word; the words themselves are the vocabulary of the engine.
STATUS_SYMBOLS: dict[str, str] = {
    "verified": "✔",
    "tampered": "✖",
    "expired": "◷",
    "revoked": "⊘",
    "unverifiable": "?",
    "self-reported": "✎",
    "malformed": "✖",
    "unsupported": "–",
    "not yet valid": "…",
    "not checked": "○",
}


_tr = tr_wallet


def headers() -> tuple[str, ...]:
    return (_tr("Title"), _tr("Issuer"), _tr("Issued"), _tr("Format"), _tr("Status"))


def status_text(status: str) -> str:
    """``"✔ verified"``: the symbol and the (translated) word, never a colour alone."""
    return f"{STATUS_SYMBOLS.get(status, '○')} {_tr(status)}"


def status_explanation(status: str) -> str:
    """One sentence per status, for tooltips and screen readers."""
    return {
        "verified": _tr("The issuer's signature checks out and ties to the issuer."),
        "tampered": _tr("The credential was changed after it was issued, or the key is wrong."),
        "expired": _tr("The credential is past its expiry date."),
        "revoked": _tr("The issuer has revoked this credential."),
        "unverifiable": _tr("Something needed to check it is missing; see the details."),
        "self-reported": _tr("Nothing cryptographic backs it (a PDF certificate)."),
        "malformed": _tr("The credential cannot be read as its format requires."),
        "unsupported": _tr("This kind of credential is kept but not verified by this app."),
        "not yet valid": _tr("The credential is not valid yet."),
        "not checked": _tr("Not checked yet."),
    }.get(status, status)


@dataclass(frozen=True)
class WalletFilter:
    """What the learner narrowed the wallet to; empty strings mean "any"."""

    text: str = ""
    status: str = ""
    issuer: str = ""
    format: str = ""
    skill: str = ""
    tag: str = ""
    expiring_soon: bool = False

    @property
    def words(self) -> list[str]:
        """The search words, lower-cased: each must occur in a row's prepared search text."""
        return self.text.lower().split()

    def narrows(self, earlier: WalletFilter) -> bool:
        """True when every row this filter keeps was kept by ``earlier`` too (the learner
        typed on: same facets, and the text only grew at its end), so filtering can start
        from the earlier result instead of all rows."""
        same_facets = self.facets() == earlier.facets()
        return same_facets and self.text.lower().startswith(earlier.text.lower())

    def facets(self) -> tuple[object, ...]:
        return (self.status, self.issuer, self.format, self.skill, self.tag, self.expiring_soon)

    def predicate(self) -> Callable[[WalletRow], bool] | None:
        """The facet tests (not the words), built once per filter change; ``None`` when no
        facet is set."""
        tests: list[Callable[[WalletRow], bool]] = []
        if self.status:
            tests.append(lambda r: r.status == self.status)
        if self.issuer:
            tests.append(lambda r: r.issuer == self.issuer)
        if self.format:
            tests.append(lambda r: r.format == self.format)
        if self.skill:
            tests.append(lambda r: self.skill in r.skills)
        if self.tag:
            tests.append(lambda r: self.tag in r.tags)
        if self.expiring_soon:
            tests.append(lambda r: r.expiring_within(EXPIRING_SOON_DAYS))
        if not tests:
            return None
        if len(tests) == 1:
            return tests[0]
        return lambda r: all(t(r) for t in tests)


_EPOCH = datetime(1, 1, 1, tzinfo=UTC)


def _date_key(row: WalletRow) -> datetime:
    value = row.issued
    if value is None:
        return _EPOCH
    return value if value.tzinfo else value.replace(tzinfo=UTC)


_SORT_KEYS: dict[int, Callable[[WalletRow], Any]] = {
    COL_TITLE: lambda r: r.title.casefold(),
    COL_ISSUER: lambda r: r.issuer.casefold(),
    COL_DATE: _date_key,
    COL_FORMAT: lambda r: r.format,
    COL_STATUS: lambda r: r.status,
}


class WalletTableModel(QAbstractTableModel):
    """All rows in memory as small values; the matching ones exposed to views in batches."""

    def __init__(self) -> None:
        super().__init__()
        self._all: list[WalletRow] = []
        self._sorted: list[WalletRow] = []  # all rows in the chosen order
        self._sorted_texts: list[str] = []  # their search texts, index for index
        self._matching: list[WalletRow] = []  # the sorted rows the filter keeps
        self._matching_texts: list[str] = []
        self._shown = 0
        self._filter = WalletFilter()
        self._sort_column = COL_DATE
        self._sort_order = Qt.SortOrder.DescendingOrder
        self._headers = headers()
        self._cells: dict[int, tuple[str, str, str, str, str]] = {}  # display text by id

    # -- content -----------------------------------------------------------------------------

    def set_rows(self, rows: Sequence[WalletRow]) -> None:
        self._all = list(rows)
        self._cells = {}
        self._sort_all()
        self._recompute()

    def set_filter(self, wallet_filter: WalletFilter) -> None:
        if wallet_filter != self._filter:
            narrow = wallet_filter.narrows(self._filter)
            self._filter = wallet_filter
            self._recompute(narrow=narrow)

    @property
    def wallet_filter(self) -> WalletFilter:
        return self._filter

    @property
    def all_rows(self) -> list[WalletRow]:
        return self._all

    @property
    def matching_count(self) -> int:
        """How many rows match the filter (more than :meth:`rowCount` until all are fetched)."""
        return len(self._matching)

    def row_at(self, row: int) -> WalletRow:
        return self._matching[row]

    def row_of(self, credential_id: int) -> int | None:
        """The model row of a credential, fetching batches until it is in view; ``None`` when
        the filter hides it."""
        for number, item in enumerate(self._matching):
            if item.id == credential_id:
                while self._shown <= number:
                    self.fetchMore(QModelIndex())
                return number
        return None

    def _sort_all(self) -> None:
        """Sort once per load or header click; filtering keeps this order."""
        key = _SORT_KEYS[self._sort_column]
        self._sorted = sorted(
            self._all, key=key, reverse=self._sort_order is Qt.SortOrder.DescendingOrder
        )
        self._sorted_texts = [r.search_text for r in self._sorted]

    def _recompute(self, *, narrow: bool = False) -> None:
        """Filter the sorted rows: each word is one ``in`` per row on prepared text; typing on
        (``narrow``) filters the previous result, not all 10,000 rows again."""
        self.beginResetModel()
        rows, texts = (
            (self._matching, self._matching_texts) if narrow else (self._sorted, self._sorted_texts)
        )
        for word in self._filter.words:
            kept = [i for i, text in enumerate(texts) if word in text]
            if len(kept) != len(rows):
                rows = [rows[i] for i in kept]
                texts = [texts[i] for i in kept]
        test = self._filter.predicate()
        if test is not None:
            kept = [i for i, row in enumerate(rows) if test(row)]
            rows = [rows[i] for i in kept]
            texts = [texts[i] for i in kept]
        self._matching, self._matching_texts = rows, texts
        self._shown = min(BATCH, len(rows))
        self.endResetModel()

    # -- lazy exposure -----------------------------------------------------------------------

    def canFetchMore(self, parent: ModelIndex) -> bool:
        return not parent.isValid() and self._shown < len(self._matching)

    def fetchMore(self, parent: ModelIndex) -> None:
        if parent.isValid():
            return
        more = min(BATCH, len(self._matching) - self._shown)
        if more <= 0:
            return
        self.beginInsertRows(QModelIndex(), self._shown, self._shown + more - 1)
        self._shown += more
        self.endInsertRows()

    # -- QAbstractTableModel -----------------------------------------------------------------

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._shown

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._headers)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation is Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort by title / issuer / date / format / status: one ``sorted`` on prepared keys."""
        if column not in _SORT_KEYS:
            return
        self._sort_column, self._sort_order = column, order
        self._sort_all()
        self._recompute()

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # Qt asks for a dozen roles per visible cell at every paint: answer the display role
        # from a per-row cache, and every role this model does not serve at once.
        if role == _DISPLAY:
            number = index.row()
            if number >= self._shown or number < 0:
                return None
            row = self._matching[number]
            cells = self._cells.get(row.id)
            if cells is None:
                cells = self._cells[row.id] = _cells_of(row)
            return cells[index.column()]
        if role not in _SERVED or not index.isValid() or index.row() >= self._shown:
            return None
        row = self._matching[index.row()]
        if role == _ID:
            return row.id
        if role == _STATUS:
            return row.status
        column = index.column()
        if role == _TOOLTIP:
            if column == COL_STATUS:
                return status_explanation(row.status)
            if column == COL_ISSUER and row.issuer_standing:
                return _tr(row.issuer_standing)
            return None
        if column == COL_STATUS:  # the accessible text
            return f"{_tr(row.status)}: {status_explanation(row.status)}"
        return None


_DISPLAY = int(Qt.ItemDataRole.DisplayRole.value)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole.value)
_ACCESSIBLE = int(Qt.ItemDataRole.AccessibleTextRole.value)
_ID = int(CREDENTIAL_ID_ROLE)
_STATUS = int(STATUS_ROLE)
_SERVED = frozenset({_TOOLTIP, _ACCESSIBLE, _ID, _STATUS})


def _cells_of(row: WalletRow) -> tuple[str, str, str, str, str]:
    issued = row.issued.date().isoformat() if row.issued else ""
    return (row.title, row.issuer, issued, row.format, status_text(row.status))
