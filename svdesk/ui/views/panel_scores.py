"""The panel's scores behind one bid's results: each evaluator's score and the spread.

Shown on the Results page under a lot's ranking when "Panel scores" is on, for the bid
selected in the ranking. The scores come from the lot's moderation board; until the
lot's moderation has opened they are private, and the section says so instead.
"""

from __future__ import annotations

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QSizePolicy,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from svdesk.domain.moderation_rules import outside_words
from svdesk.services.moderation_board import ModerationBoard
from svdesk.ui.formatting import count
from svdesk.ui.models.panel_scores_model import PanelScoresModel, panel_score_rows
from svdesk.ui.theme import SPACING, Heading, muted_label, style_table

MAX_ROWS = 10  # the table grows to show this many criteria, then scrolls
CHOOSE = "Select a bid in the ranking to see each evaluator's score for it."


class PanelScoresView(QWidget):
    """A heading naming the bid (plain text), a table of its criteria, and a note."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._board: ModerationBoard | None = None
        self._bidder: str | None = None
        self.title = Heading("Panel scores", 3, self)
        self.note = muted_label("", self)
        self.model = PanelScoresModel(self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        style_table(self.table)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.table.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, SPACING, 0, 0)
        layout.setSpacing(SPACING // 2)
        layout.addWidget(self.title)
        layout.addWidget(self.table)
        layout.addWidget(self.note)
        self.table.horizontalScrollBar().rangeChanged.connect(self._on_scroll_bar_range_changed)

    @Slot(int, int)
    def _on_scroll_bar_range_changed(self, _minimum: int, _maximum: int) -> None:
        self._fit_height()  # a scroll bar came or went as the columns were laid out

    def show_private(self, why: str) -> None:
        """The scores cannot be shown: ``why`` (moderation has not opened, say)."""
        self._board = None
        self.title.setText("Panel scores")
        self.model.set_board_rows([], (), 0)
        self.table.hide()
        self.note.setText(why[:1].upper() + why[1:] + ".")

    def show_board(self, board: ModerationBoard, bidder: str | None, label: str) -> None:
        """``bidder``'s row of ``board`` (its key; None: no bid selected), titled ``label``."""
        self._board, self._bidder = board, bidder
        if bidder is None:
            self.title.setText("Panel scores")
            self.model.set_board_rows([], board.evaluators, board.tolerance)
            self.table.hide()
            self.note.setText(CHOOSE)
            return
        self.title.setText(f"Panel scores: {label}")
        self.model.set_board_rows(
            panel_score_rows(board, bidder), board.evaluators, board.tolerance
        )
        header = self.table.horizontalHeader()
        for column in range(self.model.columnCount()):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(PanelScoresModel.CRITERION, QHeaderView.ResizeMode.Stretch)
        self.table.show()
        self._fit_height()
        outside = sum(1 for row in self.model.rows() if row.cell.outside_tolerance)
        apart = (
            f" Scores {outside_words(board.tolerance)} on "
            f"{count(outside, 'criterion', 'criteria')}: for the panel to discuss."
            if outside
            else ""
        )
        self.note.setText(
            "Each evaluator's submitted score, the spread between the lowest and highest in "
            f"steps of the scale, and the consensus.{apart}"
        )

    def _fit_height(self) -> None:
        rows = min(self.model.rowCount(), MAX_ROWS)
        height = self.table.horizontalHeader().sizeHint().height()
        height += rows * self.table.verticalHeader().defaultSectionSize()
        height += 2 * self.table.frameWidth() + 2
        if self.table.horizontalScrollBar().maximum() > 0:
            height += self.table.horizontalScrollBar().sizeHint().height()
        self.table.setFixedHeight(height)
