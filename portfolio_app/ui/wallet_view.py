"""The wallet page's layout: search, filters, the table and the grid, the empty state.

Layout only (TagStudio's split): no behaviour here beyond wiring widgets together; the
:class:`~portfolio_app.ui.wallet_controller.WalletController` fills and drives it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QIdentityProxyModel, QModelIndex, QPersistentModelIndex, QSize, Qt
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QStackedWidget,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from portfolio_app.ui.wallet_model import (
    COL_TITLE,
    CREDENTIAL_ID_ROLE,
    STATUS_ROLE,
    WalletTableModel,
    status_explanation,
    status_text,
)

EMPTY_PAGE, LIST_PAGE = 0, 1
TABLE_MODE, GRID_MODE = 0, 1


class GridModel(QIdentityProxyModel):
    """The grid's tiles: the badge picture, the title and, on its own line, the status symbol
    and word."""

    #: ``id -> QIcon | None`` (the controller's picture loader); None shows no pictures.
    icon_for: Callable[[int], QIcon | None] | None = None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> Any:
        if index.isValid() and role == Qt.ItemDataRole.DecorationRole and self.icon_for:
            credential_id = super().data(index, CREDENTIAL_ID_ROLE)
            return self.icon_for(credential_id) if isinstance(credential_id, int) else None
        if index.isValid() and role == Qt.ItemDataRole.DisplayRole:
            title = super().data(index, role)
            status = super().data(index, STATUS_ROLE)
            return f"{title}\n{status_text(str(status))}"
        if index.isValid() and role == Qt.ItemDataRole.ToolTipRole:
            return status_explanation(str(super().data(index, STATUS_ROLE)))
        return super().data(index, role)


def _combo(name: str, accessible: str) -> QComboBox:
    box = QComboBox()
    box.setObjectName(name)
    box.setAccessibleName(accessible)
    box.setToolTip(accessible)
    # Long issuer names must not squeeze the search field: show ~12 characters, pop up wider.
    box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    box.setMinimumContentsLength(7)
    return box


class WalletView(QWidget):
    """Search line and filters on top; table or grid below; a welcome when empty."""

    def __init__(self, model: WalletTableModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("wallet-view")
        self.search = QLineEdit()
        self.search.setObjectName("wallet-search")
        self.search.setPlaceholderText(self.tr("Search title, issuer, skill, tag…"))
        self.search.setAccessibleName(self.tr("Search the wallet"))
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(180)

        self.status_filter = _combo("filter-status", self.tr("Filter by status"))
        self.issuer_filter = _combo("filter-issuer", self.tr("Filter by issuer"))
        self.format_filter = _combo("filter-format", self.tr("Filter by format"))
        self.skill_filter = _combo("filter-skill", self.tr("Filter by skill"))
        self.tag_filter = _combo("filter-tag", self.tr("Filter by tag"))
        self.expiring = QCheckBox(self.tr("Expiring soon"))
        self.expiring.setAccessibleName(self.tr("Only credentials expiring within 90 days"))
        self.mode_button = QToolButton()
        self.mode_button.setCheckable(True)
        self.mode_button.setText(self.tr("Grid"))
        self.mode_button.setAccessibleName(self.tr("Show as a grid of badges"))
        self.mode_button.setToolTip(self.tr("Switch between the table and a grid of badges"))
        self.count_label = QLabel()
        self.count_label.setAccessibleName(self.tr("Number of credentials shown"))

        filters = QHBoxLayout()
        filters.addWidget(self.search, 4)
        for widget in (
            self.status_filter,
            self.issuer_filter,
            self.format_filter,
            self.skill_filter,
            self.tag_filter,
        ):
            filters.addWidget(widget, 1)
        filters.addWidget(self.expiring)
        filters.addWidget(self.mode_button)

        self.table = QTableView()
        self.table.setObjectName("wallet-table")
        self.table.setAccessibleName(self.tr("Credentials"))
        self.table.setModel(model)
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(COL_TITLE, QHeaderView.ResizeMode.Stretch)
        header.setSortIndicatorShown(True)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(24)

        self.grid_model = GridModel(self)
        self.grid_model.setSourceModel(model)
        self.grid = QListView()
        self.grid.setObjectName("wallet-grid")
        self.grid.setAccessibleName(self.tr("Credentials as badges"))
        self.grid.setModel(self.grid_model)
        self.grid.setViewMode(QListView.ViewMode.IconMode)
        self.grid.setResizeMode(QListView.ResizeMode.Adjust)
        self.grid.setUniformItemSizes(True)
        self.grid.setGridSize(QSize(168, 132))
        self.grid.setIconSize(QSize(72, 72))
        self.grid.setWordWrap(True)
        self.grid.setMovement(QListView.Movement.Static)
        self.grid.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.grid.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)

        self.modes = QStackedWidget()
        self.modes.addWidget(self.table)
        self.modes.addWidget(self.grid)

        list_page = QWidget()
        list_layout = QVBoxLayout(list_page)
        list_layout.setContentsMargins(0, 0, 0, 0)
        list_layout.addLayout(filters)
        list_layout.addWidget(self.modes, 1)
        list_layout.addWidget(self.count_label)

        self.samples_button = QPushButton(self.tr("Add sample credentials"))
        self.samples_button.setAccessibleName(self.tr("Add sample credentials"))
        self.import_button = QPushButton(self.tr("Import files…"))
        self.import_button.setAccessibleName(self.tr("Import files"))
        empty_page = QWidget()
        empty_layout = QVBoxLayout(empty_page)
        empty_layout.addStretch()
        self.intro = QLabel(
            self.tr(
                "<h2>Your wallet is empty</h2>"
                "<p>Import badges and certificates you have earned (PNG or SVG badges, JSON, "
                "JWT, PDF certificates): drop files or folders here, paste with Ctrl+V, or "
                "choose files.</p>"
                "<p>Not sure where to start? Add a few real public sample credentials to see "
                "how verification works.</p>"
            )
        )
        self.intro.setWordWrap(True)
        self.intro.setAlignment(Qt.AlignmentFlag.AlignCenter)
        empty_layout.addWidget(self.intro)
        buttons = QHBoxLayout()
        buttons.addStretch()
        buttons.addWidget(self.import_button)
        buttons.addWidget(self.samples_button)
        buttons.addStretch()
        empty_layout.addLayout(buttons)
        empty_layout.addStretch()

        self.pages = QStackedWidget()
        self.pages.addWidget(empty_page)
        self.pages.addWidget(list_page)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.pages)

    def current_view(self) -> QAbstractItemView:
        return self.grid if self.modes.currentIndex() == GRID_MODE else self.table
