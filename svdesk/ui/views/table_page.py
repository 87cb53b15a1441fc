"""A page that is a heading over one table: the bidders, a lot's bids, a lot's answers."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Signal, Slot
from PySide6.QtWidgets import QHeaderView, QTableView, QVBoxLayout, QWidget

from svdesk.ui.models.row_table_model import RowTableModel
from svdesk.ui.theme import PAGE_MARGIN, SPACING, Heading, muted_label, scaled, style_table


class TablePage(QWidget):
    """``title``, a subtitle, the table, and an optional hint under it.

    ``row_activated`` is emitted with the row number when a row is double-clicked or
    Enter is pressed on it.
    """

    row_activated = Signal(int)

    def __init__(
        self,
        title: str,
        model: RowTableModel,
        stretch_column: int,
        hint: str = "",
        parent: QWidget | None = None,
        *,
        caps: dict[int, int] | None = None,
    ) -> None:
        super().__init__(parent)
        self.model = model
        model.setParent(self)
        self.title = Heading(title, 1, self)
        self.subtitle = muted_label("", self)
        self.table = QTableView(self)
        self.table.setModel(model)
        style_table(self.table)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(stretch_column, QHeaderView.ResizeMode.Stretch)
        # Long values (an email address) are cut at a width, so the stretching column
        # keeps its room; the whole value is in the cell's tooltip.
        self._caps = dict(caps or {})
        for column in self._caps:
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
        self.hint = muted_label(hint, self)
        self.hint.setVisible(bool(hint))

        layout = QVBoxLayout(self)
        layout.setContentsMargins(PAGE_MARGIN, PAGE_MARGIN, PAGE_MARGIN, PAGE_MARGIN)
        layout.setSpacing(SPACING)
        layout.addWidget(self.title)
        layout.addWidget(self.subtitle)
        layout.addSpacing(SPACING // 2)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.hint)

        self.table.activated.connect(self._on_table_activated)
        model.modelReset.connect(self._on_model_model_reset)

    def set_heading(self, title: str, subtitle: str) -> None:
        self.title.setText(title)
        self.subtitle.setText(subtitle)

    def select_row(self, row: int) -> None:
        if 0 <= row < self.model.rowCount():
            self.table.selectRow(row)
            self.table.scrollTo(self.model.index(row, 0))
        else:
            self.table.clearSelection()

    def selected_row(self) -> int:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].row() if rows else -1

    @Slot()
    def _on_model_model_reset(self) -> None:
        for column, cap in self._caps.items():
            self.table.resizeColumnToContents(column)
            self.table.setColumnWidth(column, min(self.table.columnWidth(column), scaled(cap)))

    @Slot(QModelIndex)
    def _on_table_activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.row_activated.emit(index.row())
