"""An evaluator's drafts and private notes never leave their own record: no other member's
view, no moderation view, no export, no result shows them."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

from pypdf import PdfReader

from svdesk.documents.evaluation_report import write_evaluation_report
from svdesk.documents.evaluation_workbook import write_evaluation_workbook
from svdesk.services.audit_trail import audit_entries, verify
from svdesk.services.drafts import save_draft, submit_lot
from svdesk.services.moderation import moderation_items
from svdesk.services.results import dumps, results_json, tender_results
from svdesk.services.scoring import (
    ScoreEntry,
    evaluator_record,
    individual_scores,
    submit_scores,
)
from svdesk.services.workspace import evaluator_workspace
from svdesk.sheets.consensus_sheet import write_consensus_template
from tests.support.panel_tender import ANN, BEN, LOT_1, LOT_2, MO, REF, WHY, declared_tender

# Words that appear nowhere but in Ann's notes and unsubmitted drafts.
NOTE = "Quokkanote"
DRAFT = "Wombatdraft"


def xlsx_text(path: Path) -> str:
    with zipfile.ZipFile(path) as book:
        return "\n".join(book.read(name).decode("utf-8", "replace") for name in book.namelist())


def pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(path).pages)


def test_notes_and_drafts_stay_with_their_evaluator(tmp_path: Path) -> None:
    db, _path = declared_tender(tmp_path)
    for key in LOT_1:
        save_draft(db, REF, ANN, *key, score=50, justification=WHY, notes=f"{NOTE} on {key}")
    submit_lot(db, REF, ANN, "1")
    # A change after submitting, and a lot not submitted: drafts only.
    save_draft(
        db, REF, ANN, "1", "B01", "SV1", score=100, justification=f"{DRAFT} rethink", notes=NOTE
    )
    save_draft(
        db, REF, ANN, "2", "B02", "SV1", score=25, justification=f"{DRAFT} later", notes=NOTE
    )
    submit_scores(
        db,
        REF,
        BEN,
        [ScoreEntry(*key, 75, WHY) for key in LOT_1 + LOT_2],
    )

    mine = evaluator_workspace(db, REF, ANN)
    assert NOTE in repr(mine)
    assert DRAFT in repr(mine)
    seen = [
        evaluator_workspace(db, REF, BEN),
        evaluator_record(db, REF, BEN),
        evaluator_record(db, REF, ANN),  # what the score sheet shows: submitted work only
        individual_scores(db, REF, ANN),
        audit_entries(db, REF),
        dumps(results_json(tender_results(db, REF))),
    ]
    write_consensus_template(db, REF, tmp_path / "consensus.xlsx")  # opens moderation
    seen += [
        individual_scores(db, REF, BEN),
        individual_scores(db, REF, MO),
        moderation_items(db, REF),
        audit_entries(db, REF),
        json.dumps([repr(e) for e in audit_entries(db, REF)]),
    ]
    for view in seen:
        assert NOTE not in repr(view)
        assert DRAFT not in repr(view)
    ann = [s for s in individual_scores(db, REF, MO) if s.evaluator == ANN]
    assert {(s.lot, s.bidder, s.criterion, s.score) for s in ann} == {(*k, 50) for k in LOT_1}

    files = {
        "consensus workbook": xlsx_text(tmp_path / "consensus.xlsx"),
        "evaluation workbook": xlsx_text(
            write_evaluation_workbook(db, REF, tmp_path / "evaluation.xlsx")
        ),
        "report": pdf_text(write_evaluation_report(db, REF, tmp_path / "report.pdf")),
    }
    # The submitted justifications are in the workbooks, and Ann is on the report's panel.
    assert WHY in files["consensus workbook"]
    assert WHY in files["evaluation workbook"]
    assert ANN in files["report"]
    for name, text in files.items():
        assert NOTE not in text, name
        assert DRAFT not in text, name
    assert verify(db, REF) == []
    db.close()
