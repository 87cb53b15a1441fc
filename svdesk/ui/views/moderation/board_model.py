"""The moderation board as Qt models: the grid (bidders by criteria) and the discussion
order (one row per response, the widest disagreements first).

Both read one ``ModerationBoard`` from the services and decide nothing: a cell's colour
follows what the board says of it (agreed, outside the tolerance, within it). Every text a
cell shows or its tooltip carries is plain text; a bidder's name never becomes markup.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from svdesk.domain.moderation_rules import ConsensusState
from svdesk.ui.formatting import NOTHING, count, number
from svdesk.ui.models.row_table_model import CENTRE, LEFT, Index, RowTableModel
from svdesk.ui.plain_text import literal

if TYPE_CHECKING:
    from svdesk.services.moderation_board import BoardBidder, BoardCell, ModerationBoard

NO_SCORE = "–"  # an evaluator with no submitted score of this response (a conflict, say)
CELL_ROLE = Qt.ItemDataRole.UserRole  # the BoardCell behind a model cell


class Agreement(StrEnum):
    """How a cell is coloured: the legend's three kinds."""

    AGREED = "agreed"
    OUTSIDE = "outside tolerance"
    WITHIN = "within tolerance"


@dataclass(frozen=True, slots=True)
class Tint:
    background: str
    text: str  # fixed, so that the cell reads on a dark theme and on a projector
    label: str
    meaning: str


# Opaque tints chosen to stay apart on a washed-out projector and for red-green colour
# blindness (blue-grey, orange, green differ in lightness as well as hue).
TINTS = {
    Agreement.WITHIN: Tint("#E6EDF5", "#1B2733", "Within tolerance", "{within}"),
    Agreement.OUTSIDE: Tint("#F8C98F", "#3D2400", "Outside tolerance", "{outside}"),
    Agreement.AGREED: Tint("#BFE3C2", "#123816", "Agreed", "the consensus is confirmed"),
}
FILTERED_OUT_TEXT = "#8A9099"


def agreement(cell: BoardCell) -> Agreement:
    if cell.state is ConsensusState.CONFIRMED:
        return Agreement.AGREED
    return Agreement.OUTSIDE if cell.outside_tolerance else Agreement.WITHIN


def steps(n: int) -> str:
    return count(n, "step")


def consensus_text(cell: BoardCell) -> str:
    """``agreed 75``, ``draft 50``, ``draft`` (no score typed yet), or ``no consensus``."""
    if cell.state is ConsensusState.CONFIRMED:
        return f"agreed {cell.consensus}"
    if cell.state is ConsensusState.DRAFT:
        return "draft" if cell.draft_score is None else f"draft {cell.draft_score}"
    return "no consensus"


def scores_text(cell: BoardCell) -> str:
    return "  ".join(NO_SCORE if s is None else str(s) for s in cell.scores)


def cell_text(cell: BoardCell) -> str:
    """The grid's two lines: the evaluators' scores; the spread and the consensus."""
    return f"{scores_text(cell)}\nspread {cell.spread} · {consensus_text(cell)}"


def cell_tooltip(board: ModerationBoard, bidder: str, cell: BoardCell) -> str:
    """Each evaluator's score by name, the spread, the median and the consensus."""
    title = next((c.title for c in board.criteria if c.code == cell.criterion), "")
    lines = [f"{bidder}: {cell.criterion} {title}".rstrip()]
    if cell.missing_response:
        lines.append("The bidder gave no answer.")
    for name, score in zip(board.evaluators, cell.scores, strict=True):
        lines.append(f"{name}: {'no submitted score' if score is None else score}")
    where = "outside" if cell.outside_tolerance else "within"
    lines.append(
        f"Spread: {steps(cell.spread)} ({where} the tolerance of {steps(board.tolerance)})"
    )
    lines.append(f"Median: {number(cell.median)}")
    lines.append(f"Consensus: {consensus_text(cell)}")
    lines.append("Double-click (or Enter) to take it to consensus.")
    return "\n".join(lines)


@dataclass(frozen=True, slots=True)
class BoardFilter:
    """Which cells the board shows: all, or only those outside the tolerance, or only
    those not yet agreed (both together: only cells that are both)."""

    outside_only: bool = False
    unagreed_only: bool = False

    def keeps(self, cell: BoardCell) -> bool:
        if self.outside_only and not cell.outside_tolerance:
            return False
        return not (self.unagreed_only and cell.state is ConsensusState.CONFIRMED)


class _BoardCells(RowTableModel):
    """What the two models share: the board, the filter, and a cell's roles."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._board: ModerationBoard | None = None
        self._labels: dict[str, str] = {}
        self._filter = BoardFilter()
        self._italic = QFont()
        self._italic.setItalic(True)

    @property
    def board(self) -> ModerationBoard | None:
        return self._board

    def set_board(self, board: ModerationBoard | None, chosen: BoardFilter | None = None) -> None:
        self._board = board
        self._labels = {} if board is None else {b.key: b.label for b in board.bidders}
        if chosen is not None:
            self._filter = chosen
        self.HEADERS = self._headers()
        self.set_rows(self._chosen_rows())

    def set_filter(self, chosen: BoardFilter) -> None:
        self._filter = chosen
        self.set_rows(self._chosen_rows())

    @property
    def filter(self) -> BoardFilter:
        return self._filter

    def _headers(self) -> list[str]:
        raise NotImplementedError

    def _chosen_rows(self) -> list[Any]:
        raise NotImplementedError

    def board_cell(self, index: Index) -> BoardCell | None:
        """The response behind ``index``, None where it shows none (a bidder's name)."""
        raise NotImplementedError

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.TextAlignmentRole) or (
            not index.isValid()
        ):
            return super().data(index, role)
        cell = self.board_cell(index)
        if cell is None:
            return super().data(index, role)
        if role == Qt.ItemDataRole.BackgroundRole:
            if not self._filter.keeps(cell):
                return None
            return QBrush(QColor(TINTS[agreement(cell)].background))
        if role == Qt.ItemDataRole.ForegroundRole:
            if not self._filter.keeps(cell):
                return QBrush(QColor(FILTERED_OUT_TEXT))
            return QBrush(QColor(TINTS[agreement(cell)].text))
        if role == Qt.ItemDataRole.FontRole and cell.state is ConsensusState.DRAFT:
            return self._italic
        if role == Qt.ItemDataRole.ToolTipRole:
            assert self._board is not None
            return literal(cell_tooltip(self._board, self._labels[cell.bidder], cell))
        if role == CELL_ROLE:
            return cell
        return super().data(index, role)


class BoardGridModel(_BoardCells):
    """Bidders (rows, named in the vertical header so that they stay in view) by criteria
    (columns)."""

    def _headers(self) -> list[str]:
        board = self._board
        return [c.code for c in board.criteria] if board else []

    def _chosen_rows(self) -> list[BoardBidder]:
        board = self._board
        if board is None:
            return []
        kept = {c.bidder for c in board.cells if self._filter.keeps(c)}
        return [b for b in board.bidders if b.key in kept]

    def bidder(self, row: int) -> BoardBidder:
        found: BoardBidder = self.row_at(row)
        return found

    def cell(self, row: BoardBidder, column: int) -> str:
        found = self._cell_at(row, column)
        return "" if found is None else cell_text(found)

    def _cell_at(self, row: BoardBidder, column: int) -> BoardCell | None:
        assert self._board is not None
        return self._board.cell(row.key, self._board.criteria[column].code)

    def board_cell(self, index: Index) -> BoardCell | None:
        if not index.isValid() or not 0 <= index.row() < self.rowCount():
            return None
        return self._cell_at(self.bidder(index.row()), index.column())

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        board = self._board
        if board is None:
            return None
        if orientation == Qt.Orientation.Vertical:
            if not 0 <= section < self.rowCount():
                return None
            if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                label = self.bidder(section).label
                return label if role == Qt.ItemDataRole.DisplayRole else literal(label)
            if role == Qt.ItemDataRole.TextAlignmentRole:
                return int(LEFT.value)
            return None
        if role == Qt.ItemDataRole.ToolTipRole and 0 <= section < len(board.criteria):
            criterion = board.criteria[section]
            return literal(f"{criterion.code} {criterion.title}".rstrip())
        return super().headerData(section, orientation, role)

    def _alignment(self, column: int) -> int:
        return int(CENTRE.value)

    def index_of(self, bidder: str, criterion: str) -> QModelIndex:
        """The grid's index of ``bidder``'s response to ``criterion`` (invalid if hidden)."""
        board = self._board
        row = self.find_row(lambda b: b.key == bidder)
        codes = [] if board is None else [c.code for c in board.criteria]
        if row < 0 or criterion not in codes:
            return QModelIndex()
        return self.index(row, codes.index(criterion))


class DiscussionModel(_BoardCells):
    """One row per response, in the order to discuss them: outside the tolerance first,
    then the widest spread; the tender's order otherwise."""

    BIDDER, CRITERION = 0, 1

    def _headers(self) -> list[str]:
        board = self._board
        if board is None:
            return []
        return ["Bidder", "Criterion", *board.evaluators, "Spread", "Median", "Consensus"]

    def _chosen_rows(self) -> list[BoardCell]:
        board = self._board
        if board is None:
            return []
        return [c for c in board.by_spread() if self._filter.keeps(c)]

    def _evaluators(self) -> int:
        return 0 if self._board is None else len(self._board.evaluators)

    def spread_column(self) -> int:
        return 2 + self._evaluators()

    def cell(self, row: BoardCell, column: int) -> str:
        if column == self.BIDDER:
            return self._labels[row.bidder]
        if column == self.CRITERION:
            return row.criterion
        evaluators = self._evaluators()
        if column < 2 + evaluators:
            score = row.scores[column - 2]
            return NO_SCORE if score is None else str(score)
        return {
            0: str(row.spread),
            1: number(row.median) if row.median is not None else NOTHING,
            2: consensus_text(row),
        }[column - 2 - evaluators]

    def board_cell(self, index: Index) -> BoardCell | None:
        if not index.isValid() or not 0 <= index.row() < self.rowCount():
            return None
        found: BoardCell = self.row_at(index.row())
        return found

    def _alignment(self, column: int) -> int:
        if column in (self.BIDDER, self.CRITERION) or column == self.spread_column() + 2:
            return int(LEFT.value)
        return int(CENTRE.value)
