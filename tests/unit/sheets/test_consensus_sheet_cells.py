"""A consensus workbook's cells as other programs leave them: a declared size smaller than
the sheet, text that reads like an Excel error, and hidden characters."""

from __future__ import annotations

from pathlib import Path

from svdesk.services.moderation import moderation_items
from svdesk.sheets.consensus_sheet import import_consensus_sheet
from svdesk.store.database import Database
from tests.support.workbooks import inline_text, understate_dimension
from tests.unit.sheets import test_consensus_sheet as base
from tests.unit.sheets.test_consensus_sheet import (
    AGREED,
    RATIONALE,
    REF,
    agreed,
    edit,
    fill,
    refused,
    set_cells,
)

# The fixtures of the sheet's own tests.
db = base.db
db_file = base.db_file
template = base.template


def rationales(db: Database) -> dict[tuple[str, str, str], str]:
    return {(i.lot, i.bidder, i.criterion): i.rationale for i in moderation_items(db, REF)}


def test_a_sheet_declaring_fewer_rows_than_it_holds_is_read_whole(
    db: Database, template: Path
) -> None:
    fill(template)
    understate_dimension(template, "Consensus", "A1:F2")
    assert import_consensus_sheet(db, template).recorded == 6
    assert agreed(db) == AGREED


def test_text_that_reads_like_an_excel_error_is_read_as_text(
    db: Database, db_file: Path, template: Path
) -> None:
    fill(template)
    inline_text(template, "Consensus", "D3", "#N/A")
    assert refused(db, db_file, template) == [
        "Consensus!D3: Score must be a whole number, got '#N/A'"
    ]
    edit(template, set_cells("Consensus", {"D3": 50, "E3": f"#N/A {RATIONALE}"}))
    import_consensus_sheet(db, template)
    assert rationales(db)[("1", "B01", "SV2")] == f"#N/A {RATIONALE}"


def test_a_real_error_cell_in_a_rationale_is_refused(
    db: Database, db_file: Path, template: Path
) -> None:
    fill(template)
    edit(template, set_cells("Consensus", {"E3": "#N/A"}))
    assert [line.split(":")[0] for line in refused(db, db_file, template)] == ["Consensus!E3"]


def test_a_hidden_character_in_a_key_is_refused(
    db: Database, db_file: Path, template: Path
) -> None:
    fill(template)
    edit(template, set_cells("Consensus", {"B2": "B01\u202e", "C4": "SV1_x001B_"}))
    reasons = refused(db, db_file, template)
    assert [line.split(":")[0] for line in reasons] == ["Consensus!B2", "Consensus!C4"]
    assert all("hidden character that can disguise what it says" in line for line in reasons)
    assert not [line for line in reasons if any(c in line for c in "\x1b\u202e")]


def test_hidden_characters_are_removed_from_a_rationale_with_a_warning(
    db: Database, template: Path
) -> None:
    fill(template)
    edit(template, set_cells("Consensus", {"E2": f"{RATIONALE}\u2067_x0008_"}))
    outcome = import_consensus_sheet(db, template)
    assert rationales(db)[("1", "B01", "SV1")] == RATIONALE
    assert outcome.warnings == (
        "Consensus!E2: hidden characters were removed from the text: U+2067 (right-to-left "
        "isolate), U+0008 (backspace); check that it reads as intended",
    )
