"""The evaluation workbook and the evaluation report follow the tender's moderation
tolerance: the responses flagged for discussion, each evaluator's scores outside it, and
the words that say what it was."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from openpyxl import load_workbook

from svdesk.documents.evaluation_report import write_evaluation_report
from svdesk.documents.evaluation_workbook import write_evaluation_workbook
from svdesk.services.moderation_lots import reopen_lot
from svdesk.services.moderation_tolerance import set_moderation_tolerance
from tests.support.agreement_tender import BEN, MO, REF, agreement_tender
from tests.unit.documents.test_letters_pdf_docx import pdf_text

BECAUSE = "The panel agreed to discuss every difference of score at this meeting."


def rows(sheet: Any) -> list[list[Any]]:
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def test_the_workbook_and_the_report_follow_a_tolerance_of_0(tmp_path: Path) -> None:
    db = agreement_tender(tmp_path)
    reopen_lot(db, REF, "1", "The panel meets again to look at its tolerance.", actor=MO)
    set_moderation_tolerance(db, REF, 0, BECAUSE, actor=MO)

    book = load_workbook(write_evaluation_workbook(db, REF, tmp_path / "e.xlsx"))
    tender = {r[0]: r[1] for r in rows(book["Tender"])}
    assert tender["Moderation tolerance"] == (
        "0 steps of the scale: responses with scores that differ at all are flagged for "
        "discussion first"
    )
    consensus = rows(book["Consensus"])
    head = consensus[0]
    flagged = [
        (r[1], r[3])
        for r in consensus[1:]
        if r[0] == "1" and r[head.index("Flagged for discussion")] == "Yes"
    ]
    # Lot 1: B01 SV1 75/75/100, B01 SV2 50/0/75, B02 SV1 all 50, B02 SV2 100/75/100.
    assert sorted(flagged) == [("B01", "SV1"), ("B01", "SV2"), ("B02", "SV2")]
    agreement = rows(book["Agreement"])
    heading = next(i for i, r in enumerate(agreement) if r[:2] == ["Lot", "Evaluator"])
    columns = agreement[heading]
    assert columns[-1] == "Tolerance (steps)"
    ben = next(r for r in agreement[heading + 1 :] if r[:2] == ["1", BEN])
    assert ben[columns.index("Outside the tolerance")] == 2
    assert ben[-1] == 0

    report = " ".join(
        pdf_text(
            write_evaluation_report(db, REF, tmp_path / "r.pdf", report_date=dt.date(2026, 12, 4))
        ).split()
    )
    assert "had scores that differ at all (the tender's moderation tolerance)" in report
    assert "Outside the tolerance (0 steps)" in report
    assert "Flagged: any difference" in report
