"""One lot's moderation board: where the lot stands, the grid of the panel's scores (or the
discussion order), the filters, and the legend.

It shows what the page hands it (the lot's moderation and its board) and says what the
moderator chose; it reads and writes nothing itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QModelIndex, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QFont, QFontMetrics, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QStackedWidget,
    QTabBar,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from svdesk.domain.moderation_rules import ConsensusState
from svdesk.ui.formatting import count, local_time
from svdesk.ui.theme import (
    PAGE_MARGIN,
    SPACING,
    Banner,
    BannerKind,
    Heading,
    muted_label,
    scaled_font,
)
from svdesk.ui.theme import style_table as house_table
from svdesk.ui.views.moderation.board_model import (
    BoardFilter,
    BoardGridModel,
    DiscussionModel,
)
from svdesk.ui.views.moderation.font_change import restyle
from svdesk.ui.views.moderation.legend import BoardLegend
from svdesk.ui.views.moderation.lots_model import waiting_text

if TYPE_CHECKING:
    from svdesk.services.moderation_board import BoardCell, ModerationBoard
    from svdesk.services.moderation_lots import LotModeration

GRID, DISCUSSION = 0, 1
BIDDER_CAP = 40  # characters: a longer bidder's name is elided (whole in its tooltip)
GRID_SCALE = 1.2  # the board's scores a little larger than the text: read across a room
HINT = "Double-click a response (or select it and press Enter) to take it to consensus."


@dataclass(frozen=True, slots=True)
class _Place:
    cell: tuple[str, str] | None  # the grid's current response: (bidder, criterion)
    response: int | None  # the discussion order's current response
    scrolled: list[int]  # the scroll bars of the grid and the list


class BoardGrid(QTableView):
    """The grid: its columns widen to fill the page when the criteria fit in it (a board
    read from across a room), and keep their width, scrolling, when they do not."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.column_width = 0  # what a column needs, set with each board

    def fit_columns(self) -> None:
        header = self.horizontalHeader()
        columns = header.count()
        if not columns or not self.column_width:
            return
        fits = columns * self.column_width <= self.viewport().width()
        mode = QHeaderView.ResizeMode.Stretch if fits else QHeaderView.ResizeMode.Interactive
        header.setDefaultSectionSize(self.column_width)
        if header.sectionResizeMode(0) != mode or not fits:
            header.setSectionResizeMode(mode)
            if not fits:
                for column in range(columns):
                    header.resizeSection(column, self.column_width)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.fit_columns()


class BoardView(QWidget):
    """The board of one lot, or, before its moderation opens, why there is none yet."""

    cell_chosen = Signal(object)  # the BoardCell the moderator opened
    open_requested = Signal()
    sign_off_requested = Signal()
    reopen_requested = Signal()
    refresh_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._lot: LotModeration | None = None
        self.title = Heading("Moderation", 1, self)
        self.subtitle = muted_label("", self)
        self.open_button = QPushButton("&Open moderation…", self)
        self.sign_off_button = QPushButton("&Sign off…", self)
        self.sign_off_button.setToolTip("Sign off the lot: its consensus is then locked")
        self.reopen_button = QPushButton("&Reopen…", self)
        self.reopen_button.setToolTip("Unlock the signed-off consensus, giving the reason")
        self.refresh_button = QPushButton("Refresh", self)
        self.refresh_button.setToolTip("Read the board again (F5)")
        self.refresh_button.setShortcut("F5")
        self.status = Banner(BannerKind.INFO, "", self)

        self.views = QTabBar(self)
        self.views.addTab("&Board")
        self.views.addTab("&Discussion order")
        self.views.setTabToolTip(GRID, "Bidders by criteria")
        self.views.setTabToolTip(
            DISCUSSION, "One row per response: outside the tolerance first, then widest spread"
        )
        self.views.setDrawBase(False)
        self.outside_only = QCheckBox("&Outside tolerance only", self)
        self.unagreed_only = QCheckBox("Not yet &agreed", self)

        self.grid_model = BoardGridModel(self)
        self.grid = BoardGrid(self)
        self.grid.setModel(self.grid_model)
        self.discussion_model = DiscussionModel(self)
        self.discussion = QTableView(self)
        self.discussion.setModel(self.discussion_model)
        self._style_tables()
        self.tables = QStackedWidget(self)
        self.tables.addWidget(self.grid)
        self.tables.addWidget(self.discussion)
        self.legend = BoardLegend(self)
        self.hint = muted_label(HINT, self)

        header = QHBoxLayout()
        header.setSpacing(SPACING)
        titles = QVBoxLayout()
        titles.setSpacing(SPACING // 2)
        titles.addWidget(self.title)
        titles.addWidget(self.subtitle)
        header.addLayout(titles, 1)
        for button in (self.sign_off_button, self.reopen_button, self.refresh_button):
            header.addWidget(button, 0, Qt.AlignmentFlag.AlignTop)
        controls = QHBoxLayout()
        controls.setSpacing(SPACING * 2)
        controls.addWidget(self.views)
        controls.addStretch(1)
        self.show_label = muted_label("Show:", self, wrap=False)
        controls.addWidget(self.show_label)
        controls.addWidget(self.outside_only)
        controls.addWidget(self.unagreed_only)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(PAGE_MARGIN, PAGE_MARGIN, PAGE_MARGIN, PAGE_MARGIN)
        layout.setSpacing(SPACING)
        layout.addLayout(header)
        layout.addWidget(self.status)
        layout.addWidget(self.open_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addLayout(controls)
        layout.addWidget(self.tables, 1)
        layout.addWidget(self.legend)
        layout.addWidget(self.hint)
        layout.addStretch(0)  # takes the room when there is no board to show
        self._layout = layout

        self.open_button.clicked.connect(self.open_requested)
        self.sign_off_button.clicked.connect(self.sign_off_requested)
        self.reopen_button.clicked.connect(self.reopen_requested)
        self.refresh_button.clicked.connect(self.refresh_requested)
        self.views.currentChanged.connect(self._on_views_current_changed)
        self.outside_only.toggled.connect(self._on_filter_toggled)
        self.unagreed_only.toggled.connect(self._on_filter_toggled)
        self.grid.activated.connect(self._on_table_activated)
        self.discussion.activated.connect(self._on_table_activated)

    def _style_tables(self) -> None:
        for table in (self.grid, self.discussion):
            house_table(table)
            table.setAlternatingRowColors(False)  # the cells carry their colour
            table.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
            table.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
            table.setShowGrid(True)
        # One response a cell: the grid selects cells, not rows.
        self.grid.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.grid.verticalHeader().setVisible(True)
        self.grid.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.grid.horizontalHeader().setDefaultAlignment(Qt.AlignmentFlag.AlignCenter)
        self._size_rows()

    def _size_rows(self) -> None:
        """Rows and columns from the text size, so that View > Text size reaches them."""
        larger = scaled_font(self.font(), GRID_SCALE)
        for widget in (self.grid, self.grid.horizontalHeader(), self.grid.verticalHeader()):
            widget.setFont(larger)
        metrics = self.grid.fontMetrics()
        self.grid.verticalHeader().setDefaultSectionSize(2 * metrics.lineSpacing() + 14)
        self.discussion.verticalHeader().setDefaultSectionSize(metrics.height() + 14)
        self._size_columns()

    def _size_columns(self) -> None:
        board = self.grid_model.board
        if board is None:
            return
        metrics = self.grid.fontMetrics()
        widest = max(
            metrics.horizontalAdvance("  ".join(["100"] * len(board.evaluators))),
            metrics.horizontalAdvance("spread 4 · no consensus"),
        )
        self.grid.column_width = widest + 2 * SPACING + 16
        self.grid.fit_columns()
        bold = QFont(self.grid.font())
        bold.setBold(True)  # the headers are bold (style_table)
        labels = QFontMetrics(bold)
        self.grid.horizontalHeader().setMinimumHeight(labels.height() + 12)
        names = max((labels.horizontalAdvance(b.label) for b in board.bidders), default=0)
        cap = BIDDER_CAP * labels.averageCharWidth()
        self.grid.verticalHeader().setFixedWidth(min(names + 2 * SPACING + 22, cap))
        header = self.discussion.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(DiscussionModel.BIDDER, QHeaderView.ResizeMode.Interactive)
        self.discussion.setColumnWidth(DiscussionModel.BIDDER, min(names + 2 * SPACING + 8, cap))
        header.setStretchLastSection(True)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FontChange:
            # Once the new font has reached every child (they hear of it one by one).
            QTimer.singleShot(0, self, self._on_font_changed)
        return super().event(event)

    @Slot()
    def _on_font_changed(self) -> None:
        # The grid's font first, then its style sheet again, so that its viewport (fixed by
        # the sheet) takes the new font too.
        self._size_rows()
        restyle([self.grid, self.discussion, *self.legend.swatches])

    # -- showing -------------------------------------------------------------------------------
    def show_lot(self, lot: LotModeration, board: ModerationBoard | None) -> None:
        """``lot`` as it stands, with its board once its moderation has opened."""
        self._lot = lot
        self.title.setText(f"Moderation: Lot {lot.lot}")
        for button in (self.open_button, self.sign_off_button, self.reopen_button):
            button.setEnabled(True)
        self.open_button.setVisible(not lot.opened)
        self.sign_off_button.setVisible(lot.opened and not lot.signed_off)
        self.reopen_button.setVisible(lot.signed_off)
        chosen = self._chosen_filter()
        shown = self.grid_model.board
        same = (
            shown is not None
            and board is not None
            and (shown.reference, shown.lot) == (board.reference, board.lot)
        )
        kept = self._place() if same else None  # read again: the moderator stays where they were
        self.grid_model.set_board(board, chosen)
        self.discussion_model.set_board(board, chosen)
        if kept is not None:
            self._restore(kept)
        has_board = board is not None
        widgets: tuple[QWidget, ...] = (
            self.views,
            self.show_label,
            self.outside_only,
            self.unagreed_only,
            self.tables,
            self.legend,
            self.hint,
        )
        for widget in widgets:
            widget.setVisible(has_board)
        self._layout.setStretch(self._layout.count() - 1, 0 if has_board else 1)
        if board is None:
            self.subtitle.setText(lot.title)
            self._show_closed(lot)
            return
        self.legend.set_board(board.evaluators, board.tolerance)
        self._size_columns()
        self._show_counts(board)
        self._show_status(lot)

    def show_reading(self, lot: str) -> None:
        """Lot ``lot``'s board is being read (a large tender)."""
        self.title.setText(f"Moderation: Lot {lot}")
        self.status.set_kind(BannerKind.INFO)
        self.status.set_text("Reading the panel's scores…")
        for button in (self.open_button, self.sign_off_button, self.reopen_button):
            button.setEnabled(False)

    def _show_closed(self, lot: LotModeration) -> None:
        if lot.waiting_for:
            self.status.set_kind(BannerKind.WARNING)
            self.status.set_text(
                f"Moderation of Lot {lot.lot} has not opened, and not every evaluator has "
                f"submitted: {waiting_text(lot)} still to submit. The evaluators' scores stay "
                "private until the moderator opens moderation."
            )
        else:
            self.status.set_kind(BannerKind.INFO)
            self.status.set_text(
                f"Every evaluator has submitted Lot {lot.lot}: its moderation is ready to "
                "open. The evaluators' scores stay private until the moderator opens it."
            )

    def _show_status(self, lot: LotModeration) -> None:
        if lot.signed_off and lot.signed_off_at is not None:
            self.status.set_kind(BannerKind.SUCCESS)
            self.status.set_text(
                f"✓  Signed off by {lot.signed_off_by} on {local_time(lot.signed_off_at)}. "
                f"Present: {lot.present}. The consensus is locked."
            )
            return
        self.status.set_kind(BannerKind.INFO)
        when = f" on {local_time(lot.opened_at)}" if lot.opened_at is not None else ""
        text = f"Open: opened by {lot.opened_by}{when}. The evaluators' scores are frozen."
        if lot.without_reason:
            text += f" Opened without every evaluator's scores: {lot.without_reason}"
        self.status.set_text(text)

    def _show_counts(self, board: ModerationBoard) -> None:
        counts = board.counts()
        facts = [board.lot_title] if board.lot_title else []
        facts.append(count(len(board.cells), "response"))
        facts.append(
            f"{len(board.outside()):,} outside the tolerance ({count(board.tolerance, 'step')})"
        )
        facts.append(f"{counts[ConsensusState.CONFIRMED]:,} agreed")
        facts.append(f"{counts[ConsensusState.DRAFT]:,} draft")
        facts.append(f"{counts[ConsensusState.NOT_STARTED]:,} not started")
        shown = self.discussion_model.rowCount()
        if shown != len(board.cells):
            facts.append(f"showing {shown:,}")
        self.subtitle.setText("  ·  ".join(facts))

    def _place(self) -> _Place:
        """Where the moderator is on the board and in the list, to keep across a reading."""
        grid = self.grid_model.board_cell(self.grid.currentIndex())
        listed = self.discussion_model.board_cell(self.discussion.currentIndex())
        return _Place(
            None if grid is None else (grid.bidder, grid.criterion),
            None if listed is None else listed.response_id,
            [
                bar.value()
                for table in (self.grid, self.discussion)
                for bar in (table.horizontalScrollBar(), table.verticalScrollBar())
            ],
        )

    def _restore(self, place: _Place) -> None:
        if place.cell is not None:
            index = self.grid_model.index_of(*place.cell)
            if index.isValid():
                self.grid.setCurrentIndex(index)
        if place.response is not None:
            row = self.discussion_model.find_row(lambda c: c.response_id == place.response)
            if row >= 0:
                self.discussion.selectRow(row)
        bars = [
            bar
            for table in (self.grid, self.discussion)
            for bar in (table.horizontalScrollBar(), table.verticalScrollBar())
        ]
        for bar, value in zip(bars, place.scrolled, strict=True):
            bar.setValue(value)

    def _chosen_filter(self) -> BoardFilter:
        return BoardFilter(self.outside_only.isChecked(), self.unagreed_only.isChecked())

    def select_cell(self, bidder: str, criterion: str) -> None:
        """Put the selection on ``bidder``'s response to ``criterion`` (when shown)."""
        index = self.grid_model.index_of(bidder, criterion)
        if index.isValid():
            self.grid.setCurrentIndex(index)
            self.grid.scrollTo(index)

    # -- the user --------------------------------------------------------------------------------
    @Slot(int)
    def _on_views_current_changed(self, view: int) -> None:
        self.tables.setCurrentIndex(view)
        self.legend.order.setVisible(view == GRID)  # the list names each evaluator's column

    @Slot(bool)
    def _on_filter_toggled(self, _checked: bool) -> None:
        chosen = self._chosen_filter()
        self.grid_model.set_filter(chosen)
        self.discussion_model.set_filter(chosen)
        board = self.grid_model.board
        if board is not None:
            self._show_counts(board)

    @Slot(QModelIndex)
    def _on_table_activated(self, index: QModelIndex) -> None:
        model = self.grid_model if self.sender() is self.grid else self.discussion_model
        cell: BoardCell | None = model.board_cell(index)
        if cell is not None:
            self.cell_chosen.emit(cell)
