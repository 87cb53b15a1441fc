"""The agreement statistics as tables: the numbers behind the charts, for reading aloud,
copying and screen readers.

``AlphaModel`` has a row per criterion of each lot and one for the lot as a whole;
``DeviationModel`` a row per evaluator of each lot. Names are drawn as plain text.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from svdesk.services.moderation_stats import Agreement, EvaluatorDeviation, LotAgreement
from svdesk.ui.formatting import NOTHING
from svdesk.ui.models.row_table_model import RowTableModel
from svdesk.ui.theme import BAD_COLOUR, GOOD_COLOUR, MUTED_COLOUR, WARN_COLOUR

WHOLE_LOT = "All criteria"


def alpha_text(agreement: Agreement) -> str:
    return NOTHING if agreement.alpha is None else f"{agreement.alpha:.3f}"


def signed(value: Decimal | None) -> str:
    """``+0.50``, ``-0.75``, or ``0.00`` for no deviation at all."""
    if value is None:
        return NOTHING
    return "0.00" if value == 0 else f"{value:+.2f}"


def share_text(deviation: EvaluatorDeviation) -> str:
    share = deviation.share_outside
    if share is None:
        return NOTHING
    return f"{deviation.outside} of {deviation.compared} ({share * 100:.0f}%)"


@dataclass(frozen=True, slots=True)
class AlphaRow:
    lot: str
    criterion: str  # the code, or WHOLE_LOT
    title: str
    agreement: Agreement


def alpha_rows(lots: Sequence[LotAgreement]) -> list[AlphaRow]:
    rows = []
    for lot in lots:
        rows += [AlphaRow(lot.lot, c.criterion, c.title, c.agreement) for c in lot.criteria]
        rows.append(AlphaRow(lot.lot, WHOLE_LOT, "", lot.overall))
    return rows


class AlphaModel(RowTableModel):
    LOT, CRITERION, TITLE, ALPHA, RESPONSES, READING = range(6)
    HEADERS = ("Lot", "Criterion", "Title", "Alpha", "Responses", "What it means")
    NUMERIC = frozenset({ALPHA, RESPONSES})

    def cell(self, row: AlphaRow, column: int) -> str:
        a = row.agreement
        if column == self.LOT:
            return row.lot
        if column == self.CRITERION:
            return row.criterion
        if column == self.TITLE:
            return row.title
        if column == self.ALPHA:
            return alpha_text(a)
        if column == self.RESPONSES:
            return str(a.responses)
        return a.reading if a.alpha is not None else f"Not computed: {a.why}"

    def tooltip(self, row: AlphaRow, column: int) -> str | None:
        if column == self.READING and row.agreement.alpha is None:
            return "Too few scores to measure agreement: rely on the discussion of each response."
        return None

    def colour(self, row: AlphaRow, column: int) -> str | None:
        if column not in (self.ALPHA, self.READING):
            return None
        reading = row.agreement.reading
        if reading.startswith("good"):
            return GOOD_COLOUR
        if reading.startswith("fair"):
            return WARN_COLOUR
        if reading.startswith("low"):
            return BAD_COLOUR
        return MUTED_COLOUR


@dataclass(frozen=True, slots=True)
class DeviationRow:
    lot: str
    deviation: EvaluatorDeviation
    tolerance: int


def deviation_rows(lots: Sequence[LotAgreement]) -> list[DeviationRow]:
    return [DeviationRow(lot.lot, e, lot.tolerance) for lot in lots for e in lot.evaluators]


class DeviationModel(RowTableModel):
    LOT, EVALUATOR, COMPARED, POINTS, STEPS, OUTSIDE, LEANING = range(7)
    HEADERS = (
        "Lot",
        "Evaluator",
        "Compared",
        "Mean deviation (points)",
        "Mean deviation (steps)",
        "Outside the tolerance",
        "Leaning",
    )
    NUMERIC = frozenset({COMPARED, POINTS, STEPS, OUTSIDE})

    def cell(self, row: DeviationRow, column: int) -> str:
        e = row.deviation
        values: dict[int, Any] = {
            self.LOT: row.lot,
            self.EVALUATOR: e.evaluator,
            self.COMPARED: str(e.compared),
            self.POINTS: signed(e.mean_points),
            self.STEPS: signed(e.mean_steps),
            self.LEANING: e.leaning if e.compared else "no consensus to compare with yet",
            self.OUTSIDE: share_text(e),
        }
        return str(values[column])

    def tooltip(self, row: DeviationRow, column: int) -> str | None:
        if column == self.OUTSIDE:
            if row.tolerance == 0:
                return "Scores that differ at all from the panel's consensus"
            steps = "step" if row.tolerance == 1 else "steps"
            return (
                f"Scores more than {row.tolerance} {steps} of the scale away from the "
                "panel's consensus"
            )
        if column in (self.POINTS, self.STEPS):
            return "Above zero: more lenient than the panel; below zero: more severe"
        return None

    def colour(self, row: DeviationRow, column: int) -> str | None:
        if column == self.LEANING and row.deviation.leaning != "in line":
            return WARN_COLOUR
        if column == self.OUTSIDE and row.deviation.outside:
            return WARN_COLOUR
        return None
