"""Every lot's moderation: whom each waits for, who opened it, who signed it off, when, and
who was present; with the steps the moderator can take on the chosen lot."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QItemSelection, QModelIndex, Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from svdesk.ui.formatting import count
from svdesk.ui.theme import (
    PAGE_MARGIN,
    READING_WIDTH,
    SPACING,
    Banner,
    BannerKind,
    Heading,
    muted_label,
    style_table,
)
from svdesk.ui.views.moderation.font_change import restyle
from svdesk.ui.views.moderation.lots_model import LotsModerationModel

if TYPE_CHECKING:
    from svdesk.services.moderation_lots import LotModeration

HINT = (
    "Choose a lot, then open, sign off or reopen its moderation. Double-click a lot to see "
    "its board."
)
STEPS = (
    "The meeting, lot by lot: the moderator opens the lot's moderation once every evaluator "
    "has submitted (the scores then freeze and appear side by side on the board); the panel "
    "agrees each response's consensus, those outside the tolerance first; the moderator signs "
    "the lot off, naming who was present, and its consensus is locked. Reopening a signed-off "
    "lot needs a reason, kept in the audit trail."
)


class LotsView(QWidget):
    """The table of lots and the three steps; each signal carries the chosen lot's key."""

    open_requested = Signal(str)
    sign_off_requested = Signal(str)
    reopen_requested = Signal(str)
    board_requested = Signal(str)
    refresh_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = Heading("Moderation", 1, self)
        self.subtitle = muted_label("", self)
        self.model = LotsModerationModel(self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        style_table(self.table)
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(LotsModerationModel.PRESENT, QHeaderView.ResizeMode.Stretch)
        self.open_button = QPushButton("&Open moderation…", self)
        self.sign_off_button = QPushButton("&Sign off…", self)
        self.reopen_button = QPushButton("&Reopen…", self)
        self.board_button = QPushButton("&Board", self)
        self.board_button.setToolTip("The chosen lot's board of the panel's scores")
        self.refresh_button = QPushButton("Refresh", self)
        self.refresh_button.setToolTip("Read every lot's moderation again (F5)")
        self.refresh_button.setShortcut("F5")
        self.hint = muted_label(HINT, self)
        self.steps = muted_label(STEPS, self)
        self.steps.setMaximumWidth(READING_WIDTH)
        self.status = Banner(BannerKind.ERROR, "", self)
        self.status.hide()

        header_row = QHBoxLayout()
        titles = QVBoxLayout()
        titles.setSpacing(SPACING // 2)
        titles.addWidget(self.title)
        titles.addWidget(self.subtitle)
        header_row.addLayout(titles, 1)
        header_row.addWidget(self.refresh_button, 0, Qt.AlignmentFlag.AlignTop)
        actions = QHBoxLayout()
        actions.setSpacing(SPACING)
        for button in (
            self.open_button,
            self.sign_off_button,
            self.reopen_button,
            self.board_button,
        ):
            actions.addWidget(button)
        actions.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(PAGE_MARGIN, PAGE_MARGIN, PAGE_MARGIN, PAGE_MARGIN)
        layout.setSpacing(SPACING)
        layout.addLayout(header_row)
        layout.addSpacing(SPACING // 2)
        layout.addWidget(self.status)
        layout.addWidget(self.table)
        layout.addLayout(actions)
        layout.addWidget(self.hint)
        layout.addSpacing(SPACING * 2)
        layout.addWidget(self.steps)
        layout.addStretch(1)

        self.open_button.clicked.connect(self._on_open_button_clicked)
        self.sign_off_button.clicked.connect(self._on_sign_off_button_clicked)
        self.reopen_button.clicked.connect(self._on_reopen_button_clicked)
        self.board_button.clicked.connect(self._on_board_button_clicked)
        self.refresh_button.clicked.connect(self.refresh_requested)
        self.table.activated.connect(self._on_table_activated)
        self.table.selectionModel().selectionChanged.connect(self._on_selection_changed)

    def show_lots(self, reference: str, lots: list[LotModeration]) -> None:
        chosen = self.chosen()
        key = None if chosen is None else chosen.lot
        self.status.hide()
        self.model.set_rows(lots)
        opened = sum(1 for lot in lots if lot.opened and not lot.signed_off)
        signed = sum(1 for lot in lots if lot.signed_off)
        self.subtitle.setText(
            f"{reference}  ·  {count(len(lots), 'lot')}  ·  {opened} open  ·  {signed} signed off"
        )
        row = self.model.find_row(lambda lot: lot.lot == key)
        self.select_row(max(row, 0))
        self.table.resizeRowsToContents()
        self._fit_height()

    def _fit_height(self) -> None:
        """As tall as its rows: a tender has a few lots, and the steps stay close by."""
        rows = sum(self.table.rowHeight(r) for r in range(self.model.rowCount()))
        height = self.table.horizontalHeader().sizeHint().height() + rows
        height += 2 * self.table.frameWidth() + 2
        if self.table.horizontalScrollBar().maximum() > 0:
            height += self.table.horizontalScrollBar().sizeHint().height()
        self.table.setFixedHeight(min(height, 480))

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FontChange:  # View > Text size, say
            QTimer.singleShot(0, self, self._on_font_changed)
        return super().event(event)

    @Slot()
    def _on_font_changed(self) -> None:
        restyle([self.table])
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 14)
        self.table.resizeRowsToContents()
        self._fit_height()

    def show_reading(self) -> None:
        """The lots are being read (a large tender)."""
        self.status.set_kind(BannerKind.INFO)
        self.status.set_text("Reading the moderation of the lots…")
        self.status.show()
        for button in (self.open_button, self.sign_off_button, self.reopen_button):
            button.setEnabled(False)

    def show_unread(self, why: str) -> None:
        """The lots could not be read: say why, where the table would be."""
        self.status.set_kind(BannerKind.ERROR)
        self.status.set_text(f"The moderation of the lots could not be read: {why}")
        self.status.show()

    def select_row(self, row: int) -> None:
        if 0 <= row < self.model.rowCount():
            self.table.selectRow(row)
        self._enable_actions()

    def chosen(self) -> LotModeration | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.lot(rows[0].row()) if rows else None

    def _enable_actions(self) -> None:
        lot = self.chosen()
        self.open_button.setEnabled(lot is not None and not lot.opened)
        self.sign_off_button.setEnabled(lot is not None and lot.opened and not lot.signed_off)
        self.reopen_button.setEnabled(lot is not None and lot.signed_off)
        self.board_button.setEnabled(lot is not None)

    @Slot(QItemSelection, QItemSelection)
    def _on_selection_changed(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        self._enable_actions()

    def _chosen_key(self) -> str | None:
        lot = self.chosen()
        return None if lot is None else lot.lot

    @Slot()
    def _on_open_button_clicked(self) -> None:
        if (key := self._chosen_key()) is not None:
            self.open_requested.emit(key)

    @Slot()
    def _on_sign_off_button_clicked(self) -> None:
        if (key := self._chosen_key()) is not None:
            self.sign_off_requested.emit(key)

    @Slot()
    def _on_reopen_button_clicked(self) -> None:
        if (key := self._chosen_key()) is not None:
            self.reopen_requested.emit(key)

    @Slot()
    def _on_board_button_clicked(self) -> None:
        if (key := self._chosen_key()) is not None:
            self.board_requested.emit(key)

    @Slot(QModelIndex)
    def _on_table_activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.board_requested.emit(self.model.lot(index.row()).lot)
