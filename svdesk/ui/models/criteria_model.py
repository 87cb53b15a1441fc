"""The award criteria as a table: one row per criterion of a lot."""

from __future__ import annotations

from decimal import Decimal

from svdesk.domain.model import Criterion
from svdesk.ui.formatting import NOTHING, number, percent
from svdesk.ui.models.row_table_model import RowTableModel

WEIGHT_TOLERANCE = Decimal("0.01")  # the pack rule: weights add up within 0.01


class CriteriaModel(RowTableModel):
    LOT = 0
    CODE = 1
    MODEL_CRITERION = 2
    TITLE = 3
    WEIGHT = 4
    WORD_LIMIT = 5
    MINIMUM_SCORE = 6

    HEADERS = ("Lot", "Code", "Model criterion", "Title", "Weight", "Word limit", "Minimum score")
    NUMERIC = frozenset({WEIGHT, WORD_LIMIT, MINIMUM_SCORE})

    def criterion(self, row: int) -> Criterion:
        return self.row_at(row)  # type: ignore[no-any-return]

    def cell(self, row: Criterion, column: int) -> str:
        if column == self.LOT:
            return row.lot
        if column == self.CODE:
            return row.code
        if column == self.MODEL_CRITERION:
            return row.model_criterion or NOTHING
        if column == self.TITLE:
            return row.title
        if column == self.WEIGHT:
            return percent(row.weight)
        if column == self.WORD_LIMIT:
            return number(row.word_limit)
        if column == self.MINIMUM_SCORE:
            return number(row.minimum_score)
        return ""

    def tooltip(self, row: Criterion, column: int) -> str | None:
        if column == self.TITLE:
            return row.question
        if column == self.WEIGHT:
            return f"{percent(row.weight)} of the total tender score"
        return None

    # -- totals ------------------------------------------------------------------------
    def lots(self) -> list[str]:
        """The lots of the rows, in the order they first appear."""
        return list(dict.fromkeys(c.lot for c in self._rows))

    def total_weight(self, lot: str | None = None) -> Decimal:
        """The sum of the weights (of one lot's criteria, when ``lot`` is given)."""
        return sum((c.weight for c in self._rows if lot is None or c.lot == lot), start=Decimal(0))

    def weights_add_up(self, social_value_weighting: Decimal) -> bool:
        """Whether every lot's weights add up to the social value weighting."""
        return all(
            abs(self.total_weight(lot) - social_value_weighting) <= WEIGHT_TOLERANCE
            for lot in self.lots()
        )
