"""The evaluation workbook's Letter reasons sheet: the text each consensus gives
suppliers, beside the rationale it was seeded from, with every decision of its
confidentiality review (who approved, edited or redacted which passage, and when).

Every cell is plain text through the workbook's cell rules: a reason or a passage that
starts with ``=`` stays text.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from openpyxl.utils import get_column_letter

from svdesk.documents.buffered_sheet import BufferedSheet
from svdesk.documents.workbook_sheets import Column, notice, start_sheet, write_row

if TYPE_CHECKING:
    from svdesk.store.records.evaluation import EvaluationRecord

REASON_COLUMNS = (
    Column("Lot", 6),
    Column("Bidder", 8),
    Column("Bidder name", 24, wrapped=True),
    Column("Criterion", 9),
    Column("Criterion title", 24, wrapped=True),
    Column("Letter reason (the text suppliers are sent)", 60, wrapped=True),
    Column("As seeded", 10),
    Column(
        "Seeded from: the consensus rationale, or the explanation in the pack", 50, wrapped=True
    ),
    Column("Confidentiality review (UTC)", 60, wrapped=True),
)


def write_letter_reasons(sheet: BufferedSheet, record: EvaluationRecord) -> None:
    columns = REASON_COLUMNS
    start_sheet(sheet, columns, freeze="F3")
    reasons = record.letter_reasons
    edited = sum(1 for r in reasons if not r.as_rationale)
    decided = sum(len(r.decisions) for r in reasons)
    if not reasons:
        notice(
            sheet,
            2,
            "No consensus has been agreed yet: each consensus's letter reason is seeded from "
            "its rationale when the panel agrees it.",
            len(columns),
        )
        return
    notice(
        sheet,
        2,
        f"{len(reasons)} letter texts: {len(reasons) - edited} as seeded (the consensus "
        "rationale, or the bid's price or quality explanation in the pack) word for word, "
        f"{edited} changed in the confidentiality review. The review's decisions "
        f"({decided}) are listed with each text; the audit trail holds them too.",
        len(columns),
    )
    for row, reason in enumerate(reasons, start=3):
        review = "\n".join(d.describe() for d in reason.decisions) or "none"
        values = [reason.lot, reason.bidder, reason.bidder_name, reason.criterion]
        values += [reason.criterion_title, reason.text, "yes" if reason.as_rationale else "no"]
        write_row(sheet, row, columns, [*values, reason.rationale, review])
    sheet.auto_filter.ref = f"A2:{get_column_letter(len(columns))}{len(reasons) + 2}"
