"""A whole evaluation from the command line alone, checked against hand-computed figures."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from openpyxl import load_workbook

from svdesk.cli import main
from tests.support.packs import VALID_SCORES, set_cell, valid_sheets, write_pack

REF = "TST-2026-0001"
EVALUATORS = ("Ann Lee", "Raj Patel", "Zoë Clarke")
# Each evaluator's scores: (lot, bidder, criterion) -> score
SCORES = {
    "Ann Lee": {
        ("1", "B01", "SV1"): 75,
        ("1", "B01", "SV2"): 50,
        ("1", "B02", "SV1"): 50,
        ("1", "B02", "SV2"): 100,
        ("2", "B02", "SV1"): 25,
        ("2", "B02", "SV2"): 25,
    },
    "Raj Patel": {
        ("1", "B01", "SV1"): 75,
        ("1", "B01", "SV2"): 75,
        ("1", "B02", "SV1"): 50,
        ("1", "B02", "SV2"): 75,
        ("2", "B02", "SV1"): 25,
        ("2", "B02", "SV2"): 50,
    },
    "Zoë Clarke": {
        ("1", "B01", "SV1"): 25,
        ("1", "B01", "SV2"): 50,
        ("1", "B02", "SV1"): 50,
        ("1", "B02", "SV2"): 100,
        ("2", "B02", "SV1"): 25,
        ("2", "B02", "SV2"): 25,
    },
}
CONSENSUS = VALID_SCORES


def svdesk(capsys: pytest.CaptureFixture[str], db: Path, *args: str) -> tuple[int, str, str]:
    code = main(["--db", str(db), *args])
    out, err = capsys.readouterr()
    return code, out, err


def columns(sheet) -> dict[str, int]:  # type: ignore[no-untyped-def]
    return {str(cell.value): cell.column for cell in sheet[1] if cell.value}


def fill_score_sheet(path: Path, evaluator: str) -> None:
    """What an evaluator does in Excel: declare, then score and justify every row."""
    book = load_workbook(path)
    declarations = book["Declarations"]
    head = columns(declarations)
    for row in range(2, declarations.max_row + 1):
        if declarations.cell(row, head["Bidder"]).value:
            declarations.cell(row, head["Conflict"]).value = "No"
    scores = book["Scores"]
    head = columns(scores)
    for row in range(2, scores.max_row + 1):
        key = tuple(
            str(scores.cell(row, head[name]).value) for name in ("Lot", "Bidder", "Criterion")
        )
        if key[1] == "None":
            continue
        score = SCORES[evaluator][key]  # type: ignore[index]
        scores.cell(row, head["Score"]).value = score
        scores.cell(row, head["Justification"]).value = (
            f"Scored {score}: the answer sets out specific commitments, with evidence, "
            "though the monitoring arrangements could be clearer."
        )
    book.save(path)


def fill_consensus(path: Path) -> None:
    book = load_workbook(path)
    sheet = book["Consensus"]
    head = columns(sheet)
    for row in range(2, sheet.max_row + 1):
        key = tuple(
            str(sheet.cell(row, head[name]).value) for name in ("Lot", "Bidder", "Criterion")
        )
        if key[1] == "None":
            continue
        score = CONSENSUS[key]  # type: ignore[index]
        sheet.cell(row, head["Score"]).value = score
        sheet.cell(row, head["Rationale"]).value = (
            f"The response earns {score} because its commitments are specific and measurable "
            "for this contract: four local residents in permanent roles, with quarterly KPIs."
        )
        sheet.cell(
            row, head["Reconciliation"]
        ).value = "The panel discussed the differing scores against the descriptors and agreed."
    book.save(path)


def test_pack_to_results_on_the_command_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "eval.sqlite"
    sheets = valid_sheets()
    sheets["Tender"].append(["Signatory", "Sam Signer, Head of Procurement"])
    set_cell(sheets, "Tender", 11, "Value", "alex@example.gov.uk")
    assert svdesk(capsys, db, "import", str(write_pack(tmp_path / "pack.xlsx", sheets)))[0] == 0
    for name in EVALUATORS:
        assert svdesk(capsys, db, "panel", "--tender", REF, "--add", name)[0] == 0
    assert (
        svdesk(capsys, db, "panel", "--tender", REF, "--add", "Mo Khan", "--role", "moderator")[0]
        == 0
    )

    for name in EVALUATORS:
        sheet = tmp_path / f"{name.split()[0]}.xlsx"
        code, _out, err = svdesk(
            capsys, db, "sheet", "--tender", REF, "--evaluator", name, "-o", str(sheet)
        )
        assert code == 0, err
        fill_score_sheet(sheet, name)
        code, out, err = svdesk(capsys, db, "scores", str(sheet))
        assert code == 0, err
        assert "6 score(s) submitted" in out
        # The same sheet again changes nothing.
        code, out, _ = svdesk(capsys, db, "scores", str(sheet))
        assert code == 0
        assert "6 unchanged" in out

    moderation = tmp_path / "moderation.xlsx"
    code, _out, err = svdesk(
        capsys, db, "consensus", "--template", "--tender", REF, "-o", str(moderation)
    )
    assert code == 0, err
    fill_consensus(moderation)
    code, out, err = svdesk(capsys, db, "consensus", str(moderation))
    assert code == 0, err
    assert "6 consensus score(s) recorded" in out

    code, out, _ = svdesk(capsys, db, "results", "--tender", REF, "--json")
    assert code == 0
    results = json.loads(out)
    assert results["complete"] is True
    lot1, lot2 = results["lots"]
    # Lot 1: B02 = 38 + 28 + (50% of 12 = 6) + (100% of 8 = 8) = 80
    #        B01 = 35 + 30 + (75% of 12 = 9) + (50% of 8 = 4) = 78
    assert lot1["winner"] == "B02"
    assert [(b["bidder"], b["rank"], b["social_value"], b["total"]) for b in lot1["bids"]] == [
        ("B02", 1, 14, 80),
        ("B01", 2, 13, 78),
    ]
    # Lot 2: B02 = 37.5 + 31 + (25% of 12 = 3) + (25% of 8 = 2) = 73.5
    assert (lot2["winner"], lot2["bids"][0]["total"]) == ("B02", 73.5)

    code, out, err = svdesk(capsys, db, "check", "--tender", REF)
    assert code == 0, err
    code, out, err = svdesk(capsys, db, "audit", "--tender", REF, "--verify")
    assert code == 0, err

    with sqlite3.connect(db) as connection:
        connection.execute(
            "UPDATE evaluator_score SET justification = 'Edited later.' WHERE id = 2"
        )
    connection.close()
    code, _out, err = svdesk(capsys, db, "audit", "--tender", REF, "--verify")
    assert code == 1
    assert "changed outside svdesk" in err
