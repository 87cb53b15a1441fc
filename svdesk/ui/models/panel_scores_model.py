"""One bid's panel scores, criterion by criterion, for the Results page.

Each row is one criterion of the bid: each evaluator's submitted score, the spread of
those scores in steps of the scale, and the consensus where the panel has confirmed one.
The rows come from the moderation board (``services.moderation_board``), which is refused
until the lot's moderation has opened: before then the individual scores are private, and
this model is never filled.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from svdesk.domain.moderation_rules import ConsensusState
from svdesk.services.moderation_board import BoardCell, BoardCriterion, ModerationBoard
from svdesk.ui.formatting import NOTHING, count, number
from svdesk.ui.models.row_table_model import RowTableModel
from svdesk.ui.theme import GOOD_COLOUR, MUTED_COLOUR, WARN_COLOUR


@dataclass(frozen=True, slots=True)
class PanelScoreRow:
    criterion: BoardCriterion
    cell: BoardCell


def panel_score_rows(board: ModerationBoard, bidder: str) -> list[PanelScoreRow]:
    """The rows of ``bidder`` (its key), in the order of the lot's criteria."""
    rows = []
    for criterion in board.criteria:
        cell = board.cell(bidder, criterion.code)
        if cell is not None:
            rows.append(PanelScoreRow(criterion, cell))
    return rows


class PanelScoresModel(RowTableModel):
    """Criterion, one column per evaluator (their names, as plain text), spread, consensus."""

    CRITERION = 0
    FIRST_EVALUATOR = 1
    AFTER_EVALUATORS = ("Spread", "Consensus")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._evaluators: tuple[str, ...] = ()
        self._tolerance = 0
        self._update_columns()

    def set_board_rows(
        self, rows: list[PanelScoreRow], evaluators: tuple[str, ...], tolerance: int
    ) -> None:
        """Show ``rows``; ``evaluators`` name the score columns, in the panel's order."""
        self.beginResetModel()
        self._evaluators = evaluators
        self._tolerance = tolerance
        self._update_columns()
        self._rows = list(rows)
        self.endResetModel()

    def _update_columns(self) -> None:
        self.HEADERS = ("Criterion", *self._evaluators, *self.AFTER_EVALUATORS)
        self.CENTRED = frozenset(range(self.FIRST_EVALUATOR, len(self.HEADERS)))

    def evaluators(self) -> tuple[str, ...]:
        return self._evaluators

    def panel_row(self, row: int) -> PanelScoreRow:
        return self.row_at(row)  # type: ignore[no-any-return]

    def spread_column(self) -> int:
        return self.FIRST_EVALUATOR + len(self._evaluators)

    def consensus_column(self) -> int:
        return self.spread_column() + 1

    def _evaluator_at(self, column: int) -> int | None:
        i = column - self.FIRST_EVALUATOR
        return i if 0 <= i < len(self._evaluators) else None

    # -- cells ---------------------------------------------------------------------------
    def cell(self, row: PanelScoreRow, column: int) -> str:
        cell = row.cell
        if column == self.CRITERION:
            return f"{row.criterion.code} {row.criterion.title}"
        evaluator = self._evaluator_at(column)
        if evaluator is not None:
            score = cell.scores[evaluator]
            return NOTHING if score is None else str(score)
        if column == self.spread_column():
            if len(cell.given) < 2:
                return NOTHING
            return count(cell.spread, "step") if cell.spread else "Agreed"
        if column == self.consensus_column():
            return _consensus_text(cell)
        return ""

    def tooltip(self, row: PanelScoreRow, column: int) -> str | None:
        cell = row.cell
        evaluator = self._evaluator_at(column)
        if evaluator is not None and cell.scores[evaluator] is None:
            return f"{self._evaluators[evaluator]} gave no submitted score for this response"
        if column == self.spread_column() and cell.outside_tolerance:
            return (
                f"The scores are {count(cell.spread, 'step')} of the scale apart, more than "
                f"the tolerance of {count(self._tolerance, 'step')}: for the panel to discuss"
            )
        if column == self.spread_column() and cell.median is not None:
            return f"Median of the evaluators' scores: {number(cell.median)}"
        if column == self.CRITERION and cell.missing_response:
            return "The bidder gave no answer to this criterion"
        return None

    def colour(self, row: PanelScoreRow, column: int) -> str | None:
        cell = row.cell
        if column == self.spread_column() and cell.outside_tolerance:
            return WARN_COLOUR
        if column == self.consensus_column():
            if cell.state is ConsensusState.CONFIRMED:
                return GOOD_COLOUR
            return MUTED_COLOUR
        return None


def _consensus_text(cell: BoardCell) -> str:
    if cell.state is ConsensusState.CONFIRMED and cell.consensus is not None:
        return str(cell.consensus)
    if cell.state is ConsensusState.DRAFT and cell.draft_score is not None:
        return f"{cell.draft_score} (draft)"
    if cell.consensus is not None:
        return str(cell.consensus)
    return "Not yet"
