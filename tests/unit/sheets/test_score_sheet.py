"""The score sheet: written from a tender, filled in with openpyxl as a user fills it in
Excel, and imported back; every bad input is refused with its cell, and changes nothing."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from svdesk.domain.evaluation_rules import PanelRole
from svdesk.services.imports import import_pack
from svdesk.services.moderation import open_moderation
from svdesk.services.panel import add_member
from svdesk.services.refusals import Refused
from svdesk.services.scoring import my_responses
from svdesk.services.tenders import ResponseView
from svdesk.sheets.score_sheet import (
    NO_ANSWER,
    answer_text,
    import_score_sheet,
    read_score_sheet,
    write_score_sheet,
)
from svdesk.store.database import Database, open_database
from tests.support.packs import write_pack
from tests.support.snapshot import snapshot

REF = "TST-2026-0001"
ANN = "Ann Evaluator"
WHY = "Specific local jobs with dates, but thin on how they will be measured."
LONG_ANSWER = "=SUM(A1) " + " ".join(f"w{i}" for i in range(70))  # 71 words, limit 50
HEADER = [
    "Tender",
    "Lot",
    "Bidder",
    "Bidder name",
    "Criterion",
    "Criterion title",
    "Question",
    "Guidance",
    "Answer",
    "Words",
    "Evaluator",
    "Score",
    "Justification",
]
# The rows of Ann's sheet, in tender order: (lot, bidder, criterion) -> a score to give.
ROWS = {
    ("1", "B01", "SV1"): 75,
    ("1", "B01", "SV2"): 50,
    ("1", "B02", "SV1"): 25,
    ("1", "B02", "SV2"): 100,
    ("2", "B02", "SV1"): 0,
    ("2", "B02", "SV2"): 50,
}
# Answers that a spreadsheet could take for a formula, by (bidder, lot, criterion).
TRICKY = {
    ("B01", "1", "SV1"): LONG_ANSWER,
    ("B01", "1", "SV2"): "+44 new jobs for local people, advertised locally first.",
    ("B02", "1", "SV1"): "-30% emissions by 2028 against our 2024 baseline.",
    ("B02", "1", "SV2"): "@home working cuts commuting for office staff.",
}


@pytest.fixture
def pack(tmp_path: Path) -> Path:
    path = write_pack(tmp_path / "pack.xlsx")
    book = load_workbook(path)
    sheet = book["Responses"]
    for row in sheet.iter_rows(min_row=2):
        text = TRICKY.get((row[0].value, row[1].value, row[2].value))
        if text is not None:
            row[3].value = text
            row[3].data_type = "s"  # as Excel stores text typed with a leading apostrophe
    book.save(path)
    return path


@pytest.fixture
def db_file(tmp_path: Path) -> Path:
    return tmp_path / "t.sqlite"


@pytest.fixture
def db(db_file: Path, pack: Path) -> Database:
    database = open_database(db_file)
    import_pack(database, pack)
    add_member(database, REF, ANN)
    add_member(database, REF, "Ben Evaluator")
    add_member(database, REF, "Mo Derator", PanelRole.MODERATOR)
    return database


@pytest.fixture
def sheet(db: Database, tmp_path: Path) -> Path:
    return write_score_sheet(db, REF, ANN, tmp_path / "ann.xlsx")


def columns(worksheet: Any) -> dict[str, int]:
    return {cell.value: cell.column for cell in worksheet[1] if cell.value}


def edit(path: Path, change: Callable[[Any], None]) -> Path:
    """Open the workbook, change it, save it: what a user does in Excel."""
    book = load_workbook(path)
    change(book)
    book.save(path)
    return path


def fill(
    path: Path,
    scores: dict[tuple[str, str, str], Any] | None = None,
    why: str = WHY,
    conflicts: dict[str, str] | None = None,
) -> Path:
    """Declare (No, or Yes with details for ``conflicts``) and score every row of ``scores``."""
    scores = ROWS if scores is None else scores
    conflicts = conflicts or {}

    def change(book: Any) -> None:
        sheet = book["Scores"]
        at = columns(sheet)
        for row in range(2, sheet.max_row + 1):
            key = tuple(str(sheet.cell(row, at[c]).value) for c in ("Lot", "Bidder", "Criterion"))
            if key in scores:
                sheet.cell(row, at["Score"]).value = scores[key]
                sheet.cell(row, at["Justification"]).value = why
        declarations = book["Declarations"]
        for row in range(2, declarations.max_row + 1):
            bidder = declarations.cell(row, 1).value
            details = conflicts.get(bidder)
            declarations.cell(row, 3).value = "Yes" if details else "No"
            declarations.cell(row, 4).value = details

    return edit(path, change)


def audit_rows(db_file: Path) -> list[tuple[str, str, str, str | None, str | None]]:
    with sqlite3.connect(db_file) as connection:
        rows = connection.execute(
            "SELECT action, entity, entity_key, old_value, new_value FROM audit_event ORDER BY id"
        ).fetchall()
    connection.close()
    return rows


def scored(db: Database, evaluator: str = ANN) -> dict[tuple[str, str, str], Any]:
    return {(r.lot, r.bidder, r.criterion): r.score for r in my_responses(db, REF, evaluator)}


def refused(db: Database, db_file: Path, path: Path) -> list[str]:
    """Import ``path``, expecting a refusal that changes nothing; returns its reasons."""
    before = snapshot(db_file)
    with pytest.raises(Refused) as caught:
        import_score_sheet(db, path)
    assert snapshot(db_file) == before
    return caught.value.reasons


# -- The workbook as written ----------------------------------------------------------------


def test_scores_is_the_first_sheet_with_the_columns_in_order(sheet: Path, db: Database) -> None:
    book = load_workbook(sheet)
    assert book.sheetnames[0] == "Scores"
    assert set(book.sheetnames) == {"Scores", "Instructions", "Declarations", "Scale"}
    scores = book["Scores"]
    assert [cell.value for cell in scores[1]] == HEADER
    keys = [(*tuple(row[1:3]), row[4]) for row in scores.iter_rows(min_row=2, values_only=True)]
    assert keys == [(r.lot, r.bidder, r.criterion) for r in my_responses(db, REF, ANN)]
    assert {row[0] for row in scores.iter_rows(min_row=2, values_only=True)} == {REF}
    assert {row[10] for row in scores.iter_rows(min_row=2, values_only=True)} == {ANN}
    declarations = book["Declarations"]
    assert [c.value for c in declarations[1]] == ["Bidder", "Name", "Conflict", "Details", "Date"]
    assert [r[:3] for r in declarations.iter_rows(min_row=2, values_only=True)] == [
        ("B01", "Alpha Grounds Ltd", None),
        ("B02", "Beta Services plc", None),
    ]
    scale = list(book["Scale"].iter_rows(values_only=True))
    assert scale[0] == ("Score", "Label", "Descriptor")
    assert [row[0] for row in scale[1:]] == [100, 75, 50, 25, 0]


def test_only_score_and_justification_can_be_typed_in(sheet: Path) -> None:
    book = load_workbook(sheet)
    scores = book["Scores"]
    assert scores.protection.sheet is True
    assert scores.protection.password is None
    for row in scores.iter_rows(min_row=2):
        for cell in row:
            assert cell.protection.locked is (cell.column_letter not in ("L", "M")), cell
    declarations = book["Declarations"]
    assert declarations.protection.sheet is True
    for row in declarations.iter_rows(min_row=2):
        for cell in row:
            assert cell.protection.locked is (cell.column_letter in ("A", "B")), cell
    for name in ("Scale", "Instructions"):
        assert book[name].protection.sheet is True


def test_score_and_conflict_cells_offer_drop_downs(sheet: Path) -> None:
    book = load_workbook(sheet)
    [score] = book["Scores"].data_validations.dataValidation
    assert score.type == "list"
    assert score.formula1 == '"0,25,50,75,100"'
    assert score.errorStyle == "stop"
    assert score.showErrorMessage
    assert str(score.sqref) == "L2:L7"
    [conflict] = book["Declarations"].data_validations.dataValidation
    assert conflict.formula1 == '"Yes,No"'
    assert str(conflict.sqref) == "C2:C3"


def test_answers_that_look_like_formulas_stay_text(sheet: Path) -> None:
    fill(sheet)  # opened and saved again, as Excel would
    book = load_workbook(sheet)
    answers = [row[8] for row in book["Scores"].iter_rows(min_row=2)]
    assert [a.value[0] for a in answers[:4]] == ["=", "+", "-", "@"]
    assert all(a.data_type == "s" for a in answers)
    values_only = load_workbook(sheet, data_only=True)["Scores"]
    assert values_only["I2"].value.startswith("=SUM(A1) w0 w1")


def test_words_past_the_limit_are_marked_not_evaluated(sheet: Path) -> None:
    answer = load_workbook(sheet)["Scores"]["I2"].value
    within, marked = answer.split("\n\n")
    assert within == "=SUM(A1) " + " ".join(f"w{i}" for i in range(49))
    marker, rest = marked.split("\n")
    assert "Word limit of 50 words reached" in marker
    assert rest == "[not evaluated: 21 words past the limit] " + " ".join(
        f"w{i}" for i in range(49, 70)
    )
    assert load_workbook(sheet)["Scores"]["J2"].value == 71


def view(answer: str, missing: bool = False, limit: int | None = None) -> ResponseView:
    return ResponseView(1, "B01", "A", "1", "SV1", "Jobs", answer, None, missing, limit)


def test_a_missing_answer_says_so() -> None:
    assert answer_text(view("", missing=True)) == NO_ANSWER == "No answer was given."
    assert answer_text(None) == NO_ANSWER


def test_an_answer_longer_than_a_cell_is_cut_with_a_note() -> None:
    text = answer_text(view("word " * 10_000))
    assert len(text) <= 32_767
    assert text.endswith("Read it in full in svdesk.]")
    assert text.startswith("word word")


# -- Filled in and imported -----------------------------------------------------------------


def test_a_filled_sheet_imports_every_score(db: Database, sheet: Path) -> None:
    outcome = import_score_sheet(db, fill(sheet))
    assert (outcome.submitted, outcome.changed, outcome.unchanged) == (6, 0, 0)
    mine = my_responses(db, REF, ANN)
    assert {(r.lot, r.bidder, r.criterion): r.score for r in mine} == ROWS
    assert all(r.justification == WHY and r.submitted for r in mine)
    assert scored(db, "Ben Evaluator") == dict.fromkeys(ROWS)


def test_scores_typed_as_text_are_read_as_numbers(db: Database, sheet: Path) -> None:
    import_score_sheet(db, fill(sheet, {k: f" {v} " for k, v in ROWS.items()}))
    assert scored(db) == ROWS


def test_reimporting_the_same_sheet_changes_nothing(
    db: Database, db_file: Path, sheet: Path
) -> None:
    import_score_sheet(db, fill(sheet))
    count = len(audit_rows(db_file))
    outcome = import_score_sheet(db, sheet)
    assert (outcome.submitted, outcome.changed, outcome.unchanged) == (0, 0, 6)
    assert len(audit_rows(db_file)) == count


def test_a_fresh_sheet_is_prefilled_and_imports_unchanged(
    db: Database, db_file: Path, sheet: Path, tmp_path: Path
) -> None:
    import_score_sheet(db, fill(sheet, why="  Clear plan with numbers.\r\nNo measures given.  "))
    fresh = write_score_sheet(db, REF, ANN, tmp_path / "again.xlsx")
    book = load_workbook(fresh)
    assert [r[11] for r in book["Scores"].iter_rows(min_row=2, values_only=True)] == list(
        ROWS.values()
    )
    assert [r[2] for r in book["Declarations"].iter_rows(min_row=2, values_only=True)] == [
        "No",
        "No",
    ]
    count = len(audit_rows(db_file))
    assert import_score_sheet(db, fresh).unchanged == 6
    assert len(audit_rows(db_file)) == count


def test_a_changed_score_replaces_the_old_and_the_audit_keeps_both(
    db: Database, db_file: Path, sheet: Path
) -> None:
    import_score_sheet(db, fill(sheet))
    count = len(audit_rows(db_file))
    changed = fill(sheet, {**ROWS, ("1", "B02", "SV1"): 50})
    outcome = import_score_sheet(db, changed)
    assert (outcome.changed, outcome.unchanged) == (1, 5)
    assert scored(db)[("1", "B02", "SV1")] == 50
    [entry] = audit_rows(db_file)[count:]
    action, entity, key, old, new = entry
    assert (action, entity, key) == ("changed", "score", f"{ANN} / lot 1 / B02 / SV1")
    assert json.loads(old or "")["score"] == 25
    assert json.loads(new or "")["score"] == 50


def test_reordered_rows_import_by_lot_bidder_and_criterion(db: Database, sheet: Path) -> None:
    def reverse(book: Any) -> None:
        scores = book["Scores"]
        rows = [[c.value for c in row] for row in scores.iter_rows(min_row=2)]
        for number, values in enumerate(reversed(rows), start=2):
            for column, value in enumerate(values, start=1):
                scores.cell(number, column).value = value

    import_score_sheet(db, fill(edit(sheet, reverse)))
    assert scored(db) == ROWS


def test_a_declared_conflict_with_its_rows_left_blank_is_accepted(
    db: Database, sheet: Path
) -> None:
    others = {k: v for k, v in ROWS.items() if k[1] != "B02"}
    conflict = {"B02": "My brother is a director of Beta Services."}
    import_score_sheet(db, fill(sheet, others, conflicts=conflict))
    assert scored(db) == others  # B02 is no longer Ann's to score


# -- Refused, with the cell, and nothing changed --------------------------------------------


def set_cells(sheet: str, values: dict[str, Any]) -> Callable[[Any], None]:
    def change(book: Any) -> None:
        for cell, value in values.items():
            book[sheet][cell].value = value

    return change


def test_a_sheet_for_another_tender_is_refused(db: Database, db_file: Path, sheet: Path) -> None:
    fill(sheet)
    edit(sheet, set_cells("Scores", {f"A{n}": "OTHER-2026-9" for n in range(2, 8)}))
    assert refused(db, db_file, sheet) == [
        "Scores!A2: this sheet was written for tender TST-2026-0001, but its Tender column says "
        "OTHER-2026-9; put back TST-2026-0001, or write a sheet for OTHER-2026-9 with svdesk sheet"
    ]


def test_a_sheet_naming_an_unknown_tender_is_refused(
    db: Database, db_file: Path, sheet: Path
) -> None:
    def forget_where_written(book: Any) -> None:
        book.custom_doc_props.props = []

    fill(sheet)
    edit(sheet, forget_where_written)
    edit(sheet, set_cells("Scores", {f"A{n}": "OTHER-2026-9" for n in range(2, 8)}))
    assert refused(db, db_file, sheet) == [
        "Scores!A2: there is no tender with the reference OTHER-2026-9 in the database"
    ]


def test_one_row_for_another_tender_is_refused(db: Database, db_file: Path, sheet: Path) -> None:
    edit(fill(sheet), set_cells("Scores", {"A5": "OTHER-2026-9"}))
    assert refused(db, db_file, sheet) == [
        "Scores!A5: this row is for tender 'OTHER-2026-9', but Scores!A2 is for 'TST-2026-0001': "
        "a sheet holds one tender; put back 'TST-2026-0001'"
    ]


def test_another_evaluators_name_is_refused(db: Database, db_file: Path, sheet: Path) -> None:
    edit(fill(sheet), set_cells("Scores", {f"K{n}": "Ben Evaluator" for n in range(2, 8)}))
    assert refused(db, db_file, sheet) == [
        "Scores!K2: this sheet was written for Ann Evaluator, but its Evaluator column says "
        "Ben Evaluator; each evaluator fills in their own sheet (svdesk sheet --evaluator NAME "
        "writes one)"
    ]


def test_an_evaluator_not_on_the_panel_is_refused(sheet: Path, pack: Path, tmp_path: Path) -> None:
    other_file = tmp_path / "other.sqlite"
    other = open_database(other_file)
    import_pack(other, pack)
    add_member(other, REF, "Cy Evaluator")
    assert refused(other, other_file, fill(sheet)) == [
        "Scores!K2: Ann Evaluator is not on the panel of TST-2026-0001 (the panel: Cy Evaluator); "
        'add them with: svdesk panel --tender TST-2026-0001 --add "Ann Evaluator"'
    ]


def test_deleted_rows_are_refused(db: Database, db_file: Path, sheet: Path) -> None:
    edit(fill(sheet), lambda book: book["Scores"].delete_rows(6, 2))
    assert refused(db, db_file, sheet) == [
        "Scores: the sheet has no row for B02 SV1 in lot 2: a row was deleted, or the sheet "
        "was written before a change to the declarations; write a fresh sheet with svdesk sheet",
        "Scores: the sheet has no row for B02 SV2 in lot 2: a row was deleted, or the sheet "
        "was written before a change to the declarations; write a fresh sheet with svdesk sheet",
    ]


def test_an_added_row_that_matches_no_response_is_refused(
    db: Database, db_file: Path, sheet: Path
) -> None:
    added = [REF, "2", "B01", "", "SV1", "", "", "", "", None, ANN, 50, WHY]
    edit(fill(sheet), lambda book: book["Scores"].append(added))
    assert refused(db, db_file, sheet) == [
        "Scores!8:8: no response of TST-2026-0001 matches lot '2', bidder 'B01', criterion 'SV1'"
    ]


def test_a_score_off_the_scale_is_refused(db: Database, db_file: Path, sheet: Path) -> None:
    fill(sheet, {**ROWS, ("1", "B01", "SV2"): 55})
    assert refused(db, db_file, sheet) == [
        "Scores!L3: 55 is not a score of the scale (0, 25, 50, 75 or 100)"
    ]


def test_a_score_typed_as_words_is_refused(db: Database, db_file: Path, sheet: Path) -> None:
    fill(sheet, {**ROWS, ("2", "B02", "SV2"): "seventy", ("1", "B01", "SV1"): "75 points"})
    assert refused(db, db_file, sheet) == [
        "Scores!L2: Score must be a whole number, got '75 points'",
        "Scores!L7: Score must be a whole number, got 'seventy'",
    ]


def test_a_failed_formula_is_named_once_at_its_cell(
    db: Database, db_file: Path, sheet: Path
) -> None:
    fill(sheet)
    edit(sheet, set_cells("Scores", {"L3": "#N/A", "M4": "#NAME?"}))
    failed = (
        "instead of a value; correct its formula or type the value itself (text that begins "
        "with = needs an apostrophe before it, '=...)"
    )
    assert refused(db, db_file, sheet) == [
        f"Scores!L3: the cell shows Excel's error #N/A {failed}",
        f"Scores!M4: the cell shows Excel's error #NAME? {failed}",
    ]


def test_a_one_word_justification_is_refused(db: Database, db_file: Path, sheet: Path) -> None:
    fill(sheet)
    edit(sheet, set_cells("Scores", {"M4": "Good."}))
    assert refused(db, db_file, sheet) == [
        "Scores!M4: the justification is too short (1 word): write at least a sentence of 6 "
        "words or more explaining the score"
    ]


def test_a_declaration_left_blank_is_refused(db: Database, db_file: Path, sheet: Path) -> None:
    edit(fill(sheet), set_cells("Declarations", {"C3": None}))
    assert refused(db, db_file, sheet) == [
        "Declarations!C3: say Yes or No: declare whether you have a conflict of interest with B02"
    ]


def test_scoring_a_bidder_declared_a_conflict_with_is_refused(
    db: Database, db_file: Path, sheet: Path
) -> None:
    fill(sheet, conflicts={"B02": "My brother is a director of Beta Services."})
    assert refused(db, db_file, sheet) == [
        f"Scores!L{n}: Ann Evaluator declared a conflict of interest with B02 and cannot score "
        "its responses"
        for n in (4, 5, 6, 7)
    ]


def test_a_conflict_without_details_is_refused(db: Database, db_file: Path, sheet: Path) -> None:
    others = {k: v for k, v in ROWS.items() if k[1] != "B02"}
    fill(sheet, others, conflicts={"B02": "Family"})
    assert refused(db, db_file, sheet) == [
        "Declarations!D3: a declared conflict needs its details: say what the interest is",
    ]


def test_every_problem_is_reported_at_once(db: Database, db_file: Path, sheet: Path) -> None:
    fill(sheet, {**ROWS, ("1", "B01", "SV1"): "lots"})
    edit(sheet, set_cells("Declarations", {"C2": "maybe", "C3": None}))
    assert refused(db, db_file, sheet) == [
        "Declarations!C2: Conflict must be Yes or No, got 'maybe'",
        "Declarations!C3: say Yes or No: declare whether you have a conflict of interest with B02",
        "Scores!L2: Score must be a whole number, got 'lots'",
    ]


def test_a_missing_column_is_named(db: Database, db_file: Path, sheet: Path) -> None:
    edit(fill(sheet), set_cells("Scores", {"M1": "Notes"}))
    assert refused(db, db_file, sheet) == [
        "Scores!1:1: the required column 'Justification' is missing from the header row"
    ]


def test_headers_match_whatever_their_case(db: Database, sheet: Path) -> None:
    edit(fill(sheet), set_cells("Scores", {"L1": "  SCORE ", "M1": "justification"}))
    assert import_score_sheet(db, sheet).submitted == 6


def test_changing_a_submitted_score_after_moderation_opens_is_refused(
    db: Database, db_file: Path, sheet: Path
) -> None:
    import_score_sheet(db, fill(sheet))
    open_moderation(db, REF)
    fill(sheet, {**ROWS, ("1", "B01", "SV1"): 100})
    assert refused(db, db_file, sheet) == [
        "Scores!L2: moderation of this tender has begun: individual scores can no longer be "
        "submitted or changed"
    ]


def test_a_file_that_is_not_a_workbook_is_refused_in_one_line(db: Database, tmp_path: Path) -> None:
    path = tmp_path / "notes.xlsx"
    path.write_text("not a workbook")
    with pytest.raises(Refused) as caught:
        read_score_sheet(path)
    [reason] = caught.value.reasons
    assert reason.startswith("notes.xlsx cannot be read as an Excel workbook (.xlsx)")
    assert "\n" not in reason


def test_a_workbook_without_a_scores_sheet_is_refused(tmp_path: Path) -> None:
    path = write_pack(tmp_path / "pack.xlsx")
    with pytest.raises(Refused) as caught:
        read_score_sheet(path)
    assert caught.value.reasons == [
        "pack.xlsx has no sheet named 'Scores': it is not a score sheet (write one with svdesk "
        "sheet --tender REF --evaluator NAME -o FILE.xlsx)"
    ]


# -- Writing refused ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("reference", "evaluator", "name", "reason"),
    [
        ("NOPE-1", ANN, "s.xlsx", "there is no tender with the reference NOPE-1 in the database"),
        (REF, "Zed", "s.xlsx", "Zed is not on the panel of TST-2026-0001"),
        (REF, "Mo Derator", "s.xlsx", "Mo Derator is the moderator of TST-2026-0001"),
        (REF, ANN, "s.csv", "'s.csv' does not end in .xlsx"),
        (REF, ANN, "missing/s.xlsx", "does not exist; create it first"),
    ],
)
def test_writing_is_refused_clearly(
    db: Database, tmp_path: Path, reference: str, evaluator: str, name: str, reason: str
) -> None:
    with pytest.raises(Refused) as caught:
        write_score_sheet(db, reference, evaluator, tmp_path / name)
    [said] = caught.value.reasons
    assert reason in said
    assert not (tmp_path / name).exists()
    assert not list(tmp_path.glob("*.tmp.xlsx"))
