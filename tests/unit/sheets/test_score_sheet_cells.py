"""A score sheet's cells as other programs leave them: a declared size smaller than the
sheet, text that reads like an Excel error, and hidden characters."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook

from svdesk.services.scoring import my_responses
from svdesk.sheets.score_sheet import import_score_sheet
from svdesk.store.database import Database
from tests.support.workbooks import inline_text, understate_dimension
from tests.unit.sheets import test_score_sheet as base
from tests.unit.sheets.test_score_sheet import (
    ANN,
    REF,
    ROWS,
    WHY,
    edit,
    fill,
    refused,
    scored,
    set_cells,
)

# The fixtures of the sheet's own tests.
db = base.db
db_file = base.db_file
pack = base.pack
sheet = base.sheet


def justifications(db: Database) -> dict[tuple[str, str, str], str]:
    return {(r.lot, r.bidder, r.criterion): r.justification for r in my_responses(db, REF, ANN)}


def test_a_sheet_declaring_fewer_rows_than_it_holds_is_read_whole(
    db: Database, sheet: Path
) -> None:
    fill(sheet)
    understate_dimension(sheet, "Scores", "A1:M2")
    understate_dimension(sheet, "Declarations", "A1:A1")
    outcome = import_score_sheet(db, sheet)
    assert outcome.submitted == 6
    assert scored(db) == ROWS


def test_text_that_reads_like_an_excel_error_is_read_as_text(
    db: Database, db_file: Path, sheet: Path
) -> None:
    fill(sheet)
    text = f"#N/A: {WHY}"
    book = load_workbook(sheet)
    cell = book["Scores"]["M3"]
    cell.value = "#REF!"
    cell.data_type = "s"  # text typed with an apostrophe, not an error
    book["Scores"]["M4"].value = text
    book.save(sheet)
    inline_text(sheet, "Scores", "L2", "#N/A")
    # A score that is text is not a score: said as such, not as a failed formula.
    assert refused(db, db_file, sheet) == [
        "Scores!L2: Score must be a whole number, got '#N/A'",
    ]
    edit(sheet, set_cells("Scores", {"L2": 75, "M3": f"#REF! {WHY}"}))
    import_score_sheet(db, sheet)
    found = justifications(db)
    assert found[("1", "B01", "SV2")] == f"#REF! {WHY}"
    assert found[("1", "B02", "SV1")] == text


def test_a_real_error_cell_in_a_justification_is_refused(
    db: Database, db_file: Path, sheet: Path
) -> None:
    fill(sheet)
    edit(sheet, set_cells("Scores", {"M3": "#N/A"}))  # openpyxl stores an error value
    assert [line.split(":")[0] for line in refused(db, db_file, sheet)] == ["Scores!M3"]


def test_a_hidden_character_in_a_name_or_key_is_refused(
    db: Database, db_file: Path, sheet: Path
) -> None:
    fill(sheet)
    edit(
        sheet,
        set_cells("Scores", {"C3": "B01\u202e", "K4": "Ann_x001B_[8m Evaluator"}),
    )
    edit(sheet, set_cells("Declarations", {"A2": "B01\u2066"}))
    reasons = refused(db, db_file, sheet)
    assert [line.split(":")[0] for line in reasons] == [
        "Scores!C3",
        "Scores!K4",
        "Declarations!A2",
    ]  # each said once: K4 is not also "for another evaluator"
    assert all("hidden character that can disguise what it says" in line for line in reasons)
    assert not [line for line in reasons if any(c in line for c in "\x1b\u202e\u2066")]


def test_hidden_characters_are_removed_from_a_justification_with_a_warning(
    db: Database, sheet: Path
) -> None:
    fill(sheet)
    edit(sheet, set_cells("Scores", {"M2": f"{WHY}_x000B_Second\u202e line_x0007_."}))
    outcome = import_score_sheet(db, sheet)
    assert outcome.submitted == 6
    assert justifications(db)[("1", "B01", "SV1")] == f"{WHY}\nSecond line."
    assert outcome.warnings == (
        "Scores!M2: hidden characters were removed from the text: U+000B (vertical tab), "
        "U+202E (right-to-left override), U+0007 (bell) (line and page breaks became line "
        "breaks); check that it reads as intended",
    )
    assert outcome.summary().splitlines()[1] == f"warning: {outcome.warnings[0]}"
