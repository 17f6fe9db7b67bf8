"""The wallet's behaviour: load rows off the GUI thread, filter as the learner types, keep the
selection across reloads, tell the window which credential is chosen.

It needs one service, :class:`WalletSource` (``wallet_rows``), and a task runner; it never
touches the database itself.
"""

from __future__ import annotations

from collections.abc import Iterable
from operator import attrgetter
from typing import Protocol

from PySide6.QtCore import QItemSelection, QModelIndex, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QComboBox

from portfolio_app.services.results import WalletRow
from portfolio_app.ui.tasks import Runner, TaskControl, TaskResult
from portfolio_app.ui.wallet_images import BadgeImages
from portfolio_app.ui.wallet_model import (
    COL_DATE,
    CREDENTIAL_ID_ROLE,
    WalletFilter,
    WalletTableModel,
)
from portfolio_app.ui.wallet_strings import tr_wallet
from portfolio_app.ui.wallet_view import EMPTY_PAGE, GRID_MODE, LIST_PAGE, TABLE_MODE, WalletView

#: Typing pauses this long before the wallet is filtered: one filter per burst of keys.
DEBOUNCE_MS = 120


def _distinct(rows: list[WalletRow], field: str) -> set[str]:
    """The values of one field across the wallet (a tuple field contributes each item)."""
    if field in {"skills", "tags"}:
        return {v for r in rows for v in getattr(r, field) if v}
    return {v for v in map(attrgetter(field), rows) if v}


class WalletSource(Protocol):
    def wallet_rows(self) -> list[WalletRow]: ...

    def badge_image(self, credential_id: int) -> bytes | None: ...


class WalletController(QObject):
    """Drives a :class:`WalletView` over a :class:`WalletTableModel`."""

    #: The chosen credential's id, or -1 when nothing is chosen.
    selected = Signal(int)
    #: Enter or double-click on a credential: open its details.
    activated = Signal(int)
    #: Rows arrived from the store (how many).
    loaded = Signal(int)
    #: A read failed (the exception), for the window's error reporting.
    failed = Signal(object)

    def __init__(self, source: WalletSource, runner: Runner, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._source = source
        self._runner = runner
        self.model = WalletTableModel()
        self.view = WalletView(self.model)
        self._loading = False
        self._again = False
        self._selected: int | None = None
        self._then_select: int | None = None
        self.loads = 0  # completed reloads (tests and the bench wait on it)
        self.images = BadgeImages(
            source, runner, self.view.grid.iconSize(), self.view.devicePixelRatioF(), self
        )
        self.view.grid_model.icon_for = self.images.icon
        self.images.ready.connect(lambda _ids: self.view.grid.viewport().update())

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(DEBOUNCE_MS)
        self._debounce.timeout.connect(self.apply_filter)
        view = self.view
        view.search.textChanged.connect(lambda _text: self._debounce.start())
        view.search.returnPressed.connect(self.apply_filter)
        for box in self._combos():
            box.currentIndexChanged.connect(lambda _i: self.apply_filter())
        view.expiring.toggled.connect(lambda _on: self.apply_filter())
        view.mode_button.toggled.connect(self._set_grid)
        view.table.sortByColumn(COL_DATE, Qt.SortOrder.DescendingOrder)  # newest first
        for item_view in (view.table, view.grid):
            item_view.activated.connect(self._activate)
            item_view.doubleClicked.connect(self._activate)
        view.table.selectionModel().selectionChanged.connect(self._table_selection)
        view.grid.selectionModel().selectionChanged.connect(self._grid_selection)
        self.model.modelReset.connect(self._restore_selection)

    # -- loading -----------------------------------------------------------------------------

    def reload(self, *, then_select: int | None = None) -> None:
        """Read the wallet again in the background; a reload asked for during one runs after.
        ``then_select`` is chosen once the rows that hold it have arrived."""
        if then_select is not None:
            self._then_select = then_select
        if self._loading:
            self._again = True
            return
        self._loading = True
        source = self._source

        def work(_control: TaskControl) -> list[WalletRow]:
            return source.wallet_rows()

        self._runner.start(work, self._loaded)

    @property
    def loading(self) -> bool:
        return self._loading

    def _loaded(self, result: TaskResult[list[WalletRow]]) -> None:
        self._loading = False
        if result.error is not None:
            self.failed.emit(result.error)
        else:
            rows = result.value or []
            self._fill_combos(rows)
            self.model.set_rows(rows)
            self.view.pages.setCurrentIndex(LIST_PAGE if rows else EMPTY_PAGE)
            self._show_count()
            if self._then_select is not None and not self._again:
                chosen, self._then_select = self._then_select, None
                self.select(chosen)
            self.loads += 1
            self.loaded.emit(len(rows))
        if self._again:
            self._again = False
            self.reload()

    # -- filtering ---------------------------------------------------------------------------

    def current_filter(self) -> WalletFilter:
        view = self.view
        return WalletFilter(
            text=view.search.text(),
            status=str(view.status_filter.currentData() or ""),
            issuer=str(view.issuer_filter.currentData() or ""),
            format=str(view.format_filter.currentData() or ""),
            skill=str(view.skill_filter.currentData() or ""),
            tag=str(view.tag_filter.currentData() or ""),
            expiring_soon=view.expiring.isChecked(),
        )

    def apply_filter(self) -> None:
        """Filter now (the debounce timer calls it; tests and Enter may call it directly)."""
        self._debounce.stop()
        self.model.set_filter(self.current_filter())
        self._show_count()

    def _show_count(self) -> None:
        shown, total = self.model.matching_count, len(self.model.all_rows)
        if shown == total:
            text = (
                self.tr("1 credential")
                if total == 1
                else self.tr("%1 credentials").replace("%1", str(total))
            )
        else:
            text = (
                self.tr("%1 of %2 credentials").replace("%1", str(shown)).replace("%2", str(total))
            )
        self.view.count_label.setText(text)

    def _combos(self) -> Iterable[QComboBox]:
        view = self.view
        return (
            view.status_filter,
            view.issuer_filter,
            view.format_filter,
            view.skill_filter,
            view.tag_filter,
        )

    def _fill_combos(self, rows: list[WalletRow]) -> None:
        """Each filter offers what the wallet holds; the learner's choice survives reloads."""
        view = self.view
        choices: list[tuple[QComboBox, str, str]] = [
            (view.status_filter, self.tr("Any status"), "status"),
            (view.issuer_filter, self.tr("Any issuer"), "issuer"),
            (view.format_filter, self.tr("Any format"), "format"),
            (view.skill_filter, self.tr("Any skill"), "skills"),
            (view.tag_filter, self.tr("Any tag"), "tags"),
        ]
        for box, anything, values in choices:
            chosen = box.currentData()
            found = sorted(_distinct(rows, values), key=str.casefold)
            box.blockSignals(True)
            box.clear()
            box.addItem(anything, "")
            for value in found:
                label = tr_wallet(value) if box is view.status_filter else value
                box.addItem(label, value)
            index = box.findData(chosen) if chosen else 0
            box.setCurrentIndex(max(index, 0))
            box.blockSignals(False)
        self.model.set_filter(self.current_filter())

    # -- selection ---------------------------------------------------------------------------

    @property
    def selected_id(self) -> int | None:
        return self._selected

    def select(self, credential_id: int) -> bool:
        """Choose a credential (and scroll to it); False when the filter hides it."""
        row = self.model.row_of(credential_id)
        if row is None:
            return False
        index = self.model.index(row, 0)
        view = self.view.current_view()
        target = self.view.grid_model.mapFromSource(index) if view is self.view.grid else index
        view.setCurrentIndex(target)
        view.scrollTo(target)
        return True

    def _table_selection(self, selected: QItemSelection, _old: QItemSelection) -> None:
        indexes = selected.indexes()
        self._choose(indexes[0].data(CREDENTIAL_ID_ROLE) if indexes else None)

    def _grid_selection(self, selected: QItemSelection, _old: QItemSelection) -> None:
        indexes = selected.indexes()
        self._choose(indexes[0].data(CREDENTIAL_ID_ROLE) if indexes else None)

    def _choose(self, credential_id: object) -> None:
        chosen = credential_id if isinstance(credential_id, int) else None
        if chosen != self._selected:
            self._selected = chosen
            self.selected.emit(-1 if chosen is None else chosen)

    def _restore_selection(self) -> None:
        if self._selected is not None and not self.select(self._selected):
            self._choose(None)

    def _activate(self, index: QModelIndex) -> None:
        credential_id = index.data(CREDENTIAL_ID_ROLE)
        if isinstance(credential_id, int):
            self.activated.emit(credential_id)

    def _set_grid(self, grid: bool) -> None:
        view = self.view
        view.modes.setCurrentIndex(GRID_MODE if grid else TABLE_MODE)
        view.mode_button.setText(self.tr("Table") if grid else self.tr("Grid"))
        if self._selected is not None:
            self.select(self._selected)
