"""The evaluation workbook's moderation record: each lot's opening, sign-off and reopenings
(the Moderation sheet), and the panel's agreement statistics as numbers (the Agreement
sheet). Both are a few rows a lot, written through the workbook's fast cells."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from openpyxl.utils import get_column_letter

from svdesk.documents.buffered_sheet import BufferedSheet
from svdesk.documents.workbook_sheets import (
    SCORE_FORMAT,
    TIME_FORMAT,
    WHOLE_FORMAT,
    Column,
    heading,
    merged_text,
    notice,
    start_sheet,
    value_cell,
    write_row,
)
from svdesk.store.records.agreement import RELIABLE_ALPHA, TENTATIVE_ALPHA

if TYPE_CHECKING:
    from svdesk.store.records.evaluation import EvaluationRecord

ALPHA_FORMAT = "0.000"
SHARE_FORMAT = "0%"
INFORM_ONLY = (
    "These statistics inform the panel's discussion; they never change a score. "
    "Krippendorff's alpha (ordinal): 1 is full agreement, 0 no better than chance, below 0 "
    f"systematic disagreement; by convention {RELIABLE_ALPHA:.3f} or more can be relied on, "
    f"{TENTATIVE_ALPHA:.3f} to {RELIABLE_ALPHA:.3f} only tentatively, and under "
    f"{TENTATIVE_ALPHA:.3f} the panel read the criterion differently. A mean deviation above "
    "zero is more lenient than the panel's consensus, below zero more severe."
)

MODERATION_COLUMNS = (
    Column("Lot", 6),
    Column("Lot title", 30, wrapped=True),
    Column("Where it stands", 12),
    Column("Step", 11),
    Column("By", 22),
    Column("When (UTC)", 20, number_format=TIME_FORMAT),
    Column("Went on without", 22, wrapped=True),
    Column("Reason", 50, wrapped=True),
    Column("Present", 40, wrapped=True),
)


def write_moderation(sheet: BufferedSheet, record: EvaluationRecord) -> None:
    """A row for each step of each lot's moderation, in order: opened (and without whom,
    why), signed off (who was present), reopened (why, and whose sign-off it undid)."""
    start_sheet(sheet, MODERATION_COLUMNS, freeze="C2")
    titles = {lot.key: lot.title for lot in record.overview.lots}
    row = 1
    for lot in record.lot_records:
        state = lot.state()
        if not lot.events:
            row += 1
            write_row(sheet, row, MODERATION_COLUMNS, [lot.lot, titles.get(lot.lot), state])
            continue
        for n, event in enumerate(lot.events):
            row += 1
            reason = event.reason
            if event.undid_by:
                reason += f" (undid the sign-off by {event.undid_by}"
                reason += f"; present then: {event.undid_present})" if event.undid_present else ")"
            values = [
                lot.lot,
                titles.get(lot.lot) if n == 0 else "",
                state if n == 0 else "",
                event.action,
                event.by,
                event.at,
                ", ".join(event.without),
                reason,
                event.present,
            ]
            write_row(sheet, row, MODERATION_COLUMNS, values)
    width = len(MODERATION_COLUMNS)
    sheet.auto_filter.ref = f"A1:{get_column_letter(width)}{row}"
    merged_text(
        sheet,
        row + 2,
        1,
        width,
        "Each step is also an entry of the Audit sheet (what: lot moderation). A signed-off "
        "lot's consensus is locked until a moderator reopens it, giving the reason.",
    )


ALPHA_COLUMNS = (
    Column("Lot", 6),
    Column("Criterion", 22),
    Column("Title", 40, wrapped=True),
    Column("Alpha (ordinal)", 12, number_format=ALPHA_FORMAT),
    Column("Responses", 12, number_format=WHOLE_FORMAT),
    Column("What it means", 30, wrapped=True),
    Column("Why not computed", 36, wrapped=True),
)
DEVIATION_HEADINGS = (
    "Lot",
    "Evaluator",
    "Compared",
    "Mean deviation (points)",
    "Mean deviation (steps)",
    "Leaning",
    "Outside the tolerance",
    "Share outside",
    "Tolerance (steps)",
)
_DEVIATION_FORMATS = {
    3: WHOLE_FORMAT,
    4: SCORE_FORMAT,
    5: SCORE_FORMAT,
    7: WHOLE_FORMAT,
    8: SHARE_FORMAT,
    9: WHOLE_FORMAT,
}


def write_agreement(sheet: BufferedSheet, record: EvaluationRecord) -> None:
    """Alpha per criterion and per lot, then each evaluator's deviation from the consensus;
    a value that cannot be computed is left empty, with the reason beside it."""
    start_sheet(sheet, ALPHA_COLUMNS)
    width = len(ALPHA_COLUMNS)
    if record.agreement is None:
        notice(
            sheet,
            2,
            f"Moderation of {record.overview.tender.reference} has not opened: the "
            "evaluators' scores are private until it does, so there is nothing to measure.",
            width,
        )
        return
    row = 1
    for lot in record.agreement:
        entries = [(c.criterion, c.title, c.agreement) for c in lot.criteria]
        entries.append(("All criteria", "", lot.overall))
        for code, title, agreement in entries:
            row += 1
            values: list[Any] = [lot.lot, code, title, agreement.alpha, agreement.responses]
            values += [agreement.reading, agreement.why]
            write_row(sheet, row, ALPHA_COLUMNS, values)
    row += 2
    for column, text in enumerate(DEVIATION_HEADINGS, start=1):
        heading(value_cell(sheet, row, column, text))
    for lot in record.agreement:
        for e in lot.evaluators:
            row += 1
            cells: list[Any] = [lot.lot, e.evaluator, e.compared, e.mean_points, e.mean_steps]
            cells += [e.leaning if e.compared else "nothing to compare yet", e.outside]
            cells += [e.share_outside, lot.tolerance]  # the tender's, when it was written
            for column, value in enumerate(cells, start=1):
                cell = value_cell(sheet, row, column, value)
                if column in _DEVIATION_FORMATS:
                    cell.number_format = _DEVIATION_FORMATS[column]
    notice(sheet, row + 2, INFORM_ONLY, width)
