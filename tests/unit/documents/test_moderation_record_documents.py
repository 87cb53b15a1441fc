"""The moderation record in the evaluation workbook and the evaluation report: every
individual score unchanged beside the consensus, its rationale and reconciliation, each
lot's opening (without whom, why), sign-off (who was present) and reopening (why), and the
agreement statistics worked by hand."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from svdesk.documents.evaluation_report import write_evaluation_report
from svdesk.documents.evaluation_workbook import write_evaluation_workbook
from svdesk.store.database import Database
from tests.support.agreement_tender import (
    AGREED,
    ALPHA_LOT_1,
    ALPHA_SV1,
    ALPHA_SV2,
    ANN,
    BEN,
    CAT,
    LOT_1,
    MO,
    PRESENT,
    RATIONALE,
    RECONCILED,
    REF,
    REOPENED,
    RESPONSES,
    WITHOUT,
    agreement_tender,
)
from tests.support.panel_tender import panel_tender
from tests.unit.documents.test_letters_pdf_docx import pdf_text


@pytest.fixture
def moderated(tmp_path: Path) -> Database:
    return agreement_tender(tmp_path)


def rows(sheet: Any) -> list[list[Any]]:
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def test_the_workbook_keeps_the_moderation_record(moderated: Database, tmp_path: Path) -> None:
    book = load_workbook(write_evaluation_workbook(moderated, REF, tmp_path / "e.xlsx"))
    # Every individual score, unchanged, beside the consensus and its reasons.
    consensus = rows(book["Consensus"])
    head = consensus[0]
    for (lot, bidder, criterion), agreed, n in zip(RESPONSES, AGREED, range(4), strict=True):
        row = next(r for r in consensus if (r[0], r[1], r[3]) == (lot, bidder, criterion))
        assert [row[head.index(name)] for name in (ANN, BEN, CAT)] == [
            LOT_1[name][n] for name in (ANN, BEN, CAT)
        ]
        assert row[head.index("Consensus score")] == agreed
        assert row[head.index("Rationale")] == RATIONALE
        assert row[head.index("Reconciliation")] == RECONCILED

    tender = {r[0]: r[1] for r in rows(book["Tender"])}
    assert "Lot 1 signed off by Mo Derator on" in tender["Moderation"]
    assert "Lot 2 open" in tender["Moderation"]
    moderation = rows(book["Moderation"])
    assert moderation[0][:6] == ["Lot", "Lot title", "Where it stands", "Step", "By", "When (UTC)"]
    lot_1 = [r for r in moderation[1:] if r[0] == "1"]
    assert [r[3] for r in lot_1] == ["opened", "signed off", "reopened", "signed off"]
    assert lot_1[0][2] == "signed off"
    assert all(r[4] == MO and isinstance(r[5], dt.datetime) for r in lot_1)
    assert lot_1[3][8] == PRESENT
    assert lot_1[2][7].startswith(REOPENED)
    assert "undid the sign-off by Mo Derator" in lot_1[2][7]
    (lot_2,) = [r for r in moderation[1:] if r[0] == "2"]
    assert lot_2[2:4] == ["open", "opened"]
    assert lot_2[6:8] == [CAT, WITHOUT]

    agreement = rows(book["Agreement"])
    start = next(i for i, r in enumerate(agreement) if r[1] == "Evaluator")
    alpha = {(r[0], r[1]): r[3:7] for r in agreement[1 : start - 1]}
    assert alpha[("1", "SV1")][0] == pytest.approx(float(ALPHA_SV1))
    assert alpha[("1", "SV2")][0] == pytest.approx(float(ALPHA_SV2))
    assert alpha[("1", "All criteria")][:2] == [pytest.approx(float(ALPHA_LOT_1)), 4]
    assert alpha[("1", "All criteria")][2] == "low agreement: discuss"
    assert alpha[("2", "All criteria")][0] is None
    assert alpha[("2", "All criteria")][3] == "every score is the same: agreement is complete"
    deviations = {(r[0], r[1]): r[2:8] for r in agreement[start + 1 :] if r[0] in ("1", "2")}
    assert deviations[("1", BEN)] == [4, -18.75, -0.75, "severe", 1, 0.25]
    assert deviations[("1", CAT)] == [4, 12.5, 0.5, "lenient", 0, 0]
    assert deviations[("1", ANN)][:4] == [4, 0, 0, "in line"]
    assert deviations[("2", CAT)][0] == 0
    assert "never change a score" in str(agreement[-1][0])


def test_the_report_keeps_the_moderation_record(moderated: Database, tmp_path: Path) -> None:
    text = pdf_text(
        write_evaluation_report(
            moderated, REF, tmp_path / "r.pdf", report_date=dt.date(2026, 12, 4)
        )
    )
    assert "Moderation of the lot" in text
    assert "Signed off By Mo Derator on" in text
    assert f"Present {PRESENT}" in text
    assert "Present Ann Evaluator and Mo Derator" in text  # the sign-off the reopening undid
    assert "Reopened By Mo Derator on" in text
    assert REOPENED in text
    assert f"Went on without {CAT}: {WITHOUT}" in text
    assert "Lot 1 signed off by Mo Derator" in text  # in the summary
    assert "Lot 2 not yet signed off" in text
    assert RECONCILED in text
    assert f"{ANN}: 75 · {BEN}: 75 · {CAT}: 100" in text  # individual scores, unchanged
    # The agreement statistics: charts and tables of the hand-worked values.
    assert "How far the panel agreed" in text
    assert "they never changed a score" in text
    assert "Krippendorff's alpha (ordinal) per criterion" in text
    assert "0.800: reliable" in text
    assert "0.667: tentative" in text
    assert f"SV1 Jobs {float(ALPHA_SV1):.3f} 2 good agreement" in text
    assert f"All criteria {float(ALPHA_LOT_1):.3f} 4 low agreement: discuss" in text
    assert f"{BEN} 4 -18.75 -0.75 1 of 4 (25%) severe" in text
    assert f"{CAT} 4 +12.50 +0.50 0 of 4 (0%) lenient" in text
    assert "not computed: every score is the same" in text


def test_before_moderation_there_is_no_record_to_show(tmp_path: Path) -> None:
    db, _ = panel_tender(tmp_path)
    book = load_workbook(write_evaluation_workbook(db, REF, tmp_path / "e.xlsx"))
    assert "has not opened" in str(rows(book["Agreement"])[1][0])
    assert [r[2] for r in rows(book["Moderation"])[1:3]] == ["not opened", "not opened"]
    text = pdf_text(write_evaluation_report(db, REF, tmp_path / "r.pdf"))
    assert "How far the panel agreed" not in text
    db.close()
