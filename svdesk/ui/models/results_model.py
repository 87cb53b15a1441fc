"""The results of a lot, bid by bid, and of every lot at once, as tables.

``ResultsModel`` ranks a lot's bids: rank, bidder, each criterion's counted score, the
price, quality and social value points and the total, all at 2 decimal places as the
rules show and compare them. Its criterion columns follow the lot's criteria, so the
columns after them are numbered by ``price_column()`` and the like. ``LotOutcomesModel``
has one row per lot: whether it is complete and who won it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont

from svdesk.domain.model import Criterion, Lot
from svdesk.domain.outstanding import tied_for_first
from svdesk.domain.scoring import BidResult, LotResult
from svdesk.ui.formatting import NOTHING, number, two_places
from svdesk.ui.models.row_table_model import Index, RowTableModel
from svdesk.ui.plain_text import literal
from svdesk.ui.theme import BAD_COLOUR, GOOD_COLOUR, MUTED_COLOUR, WARN_COLOUR, WINNER_TINT

TIED_TINT = (178, 106, 0, 38)  # WARN_COLOUR, translucent as the winner's tint


@dataclass(frozen=True, slots=True)
class ResultRow:
    bid: BidResult
    winner: bool
    tied: bool = False  # tied for first place: the panel must decide

    @property
    def counts(self) -> bool:
        """Whether the bid can win: not excluded and no minimum score failed."""
        return self.bid.eligible and not self.bid.excluded


def result_rows(lot: LotResult) -> list[ResultRow]:
    """The lot's bids in the order of their ranking (bids that cannot win last)."""
    tied = tied_for_first(lot)
    return [ResultRow(bid, bid.bidder == lot.winner, bid.bidder in tied) for bid in lot.bids]


def problems_text(problems: Iterable[str]) -> str:
    """``Excluded: …; no moderated score yet for SV2``: a bid's problems on one line."""
    text = "; ".join(problems)
    return text[:1].upper() + text[1:]


TIED = "Tied for first: the panel decides"


def problem_label(bid: BidResult, tied: bool = False) -> str:
    """A bid's problems in a word or two (``Excluded``), for a table cell."""
    labels = [TIED] if tied else []
    if bid.excluded:
        labels.append("Excluded")
    elif not bid.eligible:
        labels.append("Below a minimum score")
    if not bid.excluded and not bid.scored:
        labels.append("Not fully scored")
    if bid.problems and not labels:
        labels.append("See the note")
    return "; ".join(labels)


class ResultsModel(RowTableModel):
    RANK = 0
    BIDDER = 1
    NAME = 2
    FIRST_CRITERION = 3
    # After the criteria, in this order: see price_column() and the others.
    AFTER_CRITERIA = ("Price", "Quality", "Social value", "Total", "Problems")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._criteria: tuple[Criterion, ...] = ()
        self._update_columns()

    # -- rows and columns ------------------------------------------------------------
    def set_rows(self, rows: Iterable[Any], criteria: Sequence[Criterion] | None = None) -> None:
        """Show ``rows`` (ResultRow); ``criteria`` (the lot's) give the criterion columns."""
        self.beginResetModel()
        if criteria is not None:
            self._criteria = tuple(criteria)
            self._update_columns()
        self._rows = list(rows)
        self.endResetModel()

    def _update_columns(self) -> None:
        codes = tuple(c.code for c in self._criteria)
        self.HEADERS = ("Rank", "Bidder", "Name", *codes, *self.AFTER_CRITERIA)
        numbers = range(self.FIRST_CRITERION, self.total_column() + 1)
        self.NUMERIC = frozenset({self.RANK, *numbers})

    def criteria(self) -> tuple[Criterion, ...]:
        return self._criteria

    def result_row(self, row: int) -> ResultRow:
        return self.row_at(row)  # type: ignore[no-any-return]

    def criterion_column(self, code: str) -> int:
        codes = [c.code for c in self._criteria]
        return self.FIRST_CRITERION + codes.index(code)

    def price_column(self) -> int:
        return self.FIRST_CRITERION + len(self._criteria)

    def quality_column(self) -> int:
        return self.price_column() + 1

    def social_value_column(self) -> int:
        return self.price_column() + 2

    def total_column(self) -> int:
        return self.price_column() + 3

    def problems_column(self) -> int:
        return self.price_column() + 4

    def _criterion_at(self, column: int) -> Criterion | None:
        i = column - self.FIRST_CRITERION
        return self._criteria[i] if 0 <= i < len(self._criteria) else None

    # -- cells ---------------------------------------------------------------------------
    def cell(self, row: ResultRow, column: int) -> str:
        bid = row.bid
        criterion = self._criterion_at(column)
        if criterion is not None:
            result = _criterion_result(bid, criterion.code)
            return two_places(None if result is None else result.score)
        values: dict[int, Any] = {
            self.RANK: NOTHING if bid.rank is None else f"{'=' if row.tied else ''}{bid.rank}",
            self.BIDDER: bid.bidder,
            self.NAME: bid.name,
            self.price_column(): two_places(bid.price),
            self.quality_column(): two_places(bid.quality),
            self.social_value_column(): NOTHING if bid.excluded else two_places(bid.social_value),
            self.total_column(): NOTHING if bid.excluded else two_places(bid.total),
            self.problems_column(): problem_label(bid, row.tied),
        }
        return str(values.get(column, ""))

    def tooltip(self, row: ResultRow, column: int) -> str | None:
        bid = row.bid
        criterion = self._criterion_at(column)
        if criterion is not None:
            result = _criterion_result(bid, criterion.code)
            heading = f"{criterion.code} {criterion.title}"
            if result is None or result.score is None or result.weighted is None:
                return f"{heading}\nNo counted score yet" if not bid.excluded else heading
            return (
                f"{heading}\nCounted score {two_places(result.score)}; weighted "
                f"{two_places(result.weighted)} of {number(criterion.weight)} points"
            )
        if bid.problems:
            return problems_text(bid.problems)
        if row.tied:
            return (
                f"{bid.name} is tied for first place: the panel must decide between the tied "
                "bids before the lot has a winner"
            )
        if row.winner and column in (self.RANK, self.BIDDER, self.NAME):
            return f"{bid.name} wins this lot"
        if column in (self.social_value_column(), self.total_column()) and not bid.scored:
            return "Not final: a criterion has no counted score yet"
        return None

    def colour(self, row: ResultRow, column: int) -> str | None:
        if column == self.problems_column() and row.bid.problems:
            return BAD_COLOUR if not row.counts else WARN_COLOUR
        if row.tied and column in (self.RANK, self.problems_column()):
            return WARN_COLOUR
        if not row.counts:
            return MUTED_COLOUR
        if column in (self.social_value_column(), self.total_column()) and not row.bid.scored:
            return MUTED_COLOUR
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if index.isValid() and 0 <= index.row() < len(self._rows):
            row: ResultRow = self._rows[index.row()]
            if role == Qt.ItemDataRole.FontRole and row.winner:
                font = QFont()
                font.setBold(True)
                return font
            if role == Qt.ItemDataRole.BackgroundRole and row.winner:
                return QBrush(QColor(*WINNER_TINT))
            if role == Qt.ItemDataRole.BackgroundRole and row.tied:
                return QBrush(QColor(*TIED_TINT))
        return super().data(index, role)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.ToolTipRole and orientation == Qt.Orientation.Horizontal:
            criterion = self._criterion_at(section)
            if criterion is not None:
                tip = f"{criterion.code} {criterion.title}\nWeight {number(criterion.weight)}"
                if criterion.minimum_score is not None:
                    tip += f"; minimum score {criterion.minimum_score}"
                return literal(tip)
            if section == self.total_column():
                return "Price + quality + social value points; bids are ranked on it"
        return super().headerData(section, orientation, role)


def _criterion_result(bid: BidResult, code: str) -> Any:
    return next((c for c in bid.criteria if c.criterion == code), None)


@dataclass(frozen=True, slots=True)
class LotOutcome:
    lot: Lot
    result: LotResult

    @property
    def winner(self) -> BidResult | None:
        return next((b for b in self.result.bids if b.bidder == self.result.winner), None)


def lot_outcomes(lots: Sequence[Lot], results: Iterable[LotResult]) -> list[LotOutcome]:
    by_key = {lot.key: lot for lot in lots}
    return [LotOutcome(by_key.get(r.lot, Lot(r.lot)), r) for r in results]


class LotOutcomesModel(RowTableModel):
    LOT = 0
    STATUS = 1
    WINNER = 2
    TOTAL = 3
    BIDS = 4
    NOTE = 5

    HEADERS = ("Lot", "Status", "Winner", "Winner's total", "Bids", "What stands in the way")
    NUMERIC = frozenset({TOTAL, BIDS})

    def outcome(self, row: int) -> LotOutcome:
        return self.row_at(row)  # type: ignore[no-any-return]

    def cell(self, row: LotOutcome, column: int) -> str:
        winner = row.winner
        if column == self.LOT:
            return row.lot.display_name
        if column == self.STATUS:
            return "Complete" if row.result.complete else "Incomplete"
        if column == self.WINNER:
            if winner is not None:
                return f"{winner.bidder} {winner.name}"
            tied = tied_for_first(row.result)
            return f"Tied: {', '.join(tied)} (the panel decides)" if tied else "No winner yet"
        if column == self.TOTAL:
            return two_places(winner.total) if winner else NOTHING
        if column == self.BIDS:
            return str(len(row.result.bids))
        if column == self.NOTE:
            return problems_text(row.result.problems)
        return ""

    def tooltip(self, row: LotOutcome, column: int) -> str | None:
        if column in (self.LOT, self.WINNER):
            return self.cell(row, column)  # whole, where the column cuts it short
        if row.result.problems:
            return problems_text(row.result.problems)
        return None

    def colour(self, row: LotOutcome, column: int) -> str | None:
        if column == self.STATUS:
            return GOOD_COLOUR if row.result.complete else WARN_COLOUR
        if column in (self.WINNER, self.NOTE) and row.result.winner is None:
            return WARN_COLOUR
        return None
