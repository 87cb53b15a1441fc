"""What a pack workbook's cells hold, as other programs write them: a sheet that declares
fewer rows than it has, text that reads like an Excel error, and hidden characters."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from svdesk.services.imports import ImportRefused, check_pack, import_pack
from svdesk.services.tenders import list_tenders
from svdesk.store.database import open_database
from tests.support.packs import ANSWER, set_cell, valid_sheets, write_pack
from tests.support.snapshot import file_digest, snapshot
from tests.support.workbooks import inline_text, understate_dimension

ESC = "_x001B_"  # how Excel stores an escape character in a cell
BELL = "_x0007_"


def answers(path: Path) -> dict[tuple[str, str, str], str]:
    _name, result = check_pack(path)
    assert result.errors == [], [str(issue) for issue in result.errors]
    assert result.pack is not None
    return {
        (r.bidder, r.lot, r.criterion): r.answer for r in result.pack.responses if not r.missing
    }


def refused(tmp_path: Path, pack: Path) -> list[str]:
    """Import ``pack`` into a database holding another tender: refused, nothing changed."""
    database = tmp_path / "existing.sqlite"
    existing = valid_sheets()
    set_cell(existing, "Tender", 2, "Value", "EXISTING-1")
    db = open_database(database)
    import_pack(db, write_pack(tmp_path / "existing.xlsx", existing))
    db.close()
    before, before_file = snapshot(database), file_digest(database)
    db = open_database(database)
    try:
        with pytest.raises(ImportRefused) as caught:
            import_pack(db, pack)
        assert [t.reference for t in list_tenders(db)] == ["EXISTING-1"]
    finally:
        db.close()
    assert snapshot(database) == before
    assert file_digest(database) == before_file
    return [str(issue) for issue in caught.value.errors]


# -- The declared size -----------------------------------------------------------------------


def test_a_sheet_declaring_fewer_rows_than_it_holds_is_read_to_its_last_row(
    tmp_path: Path,
) -> None:
    pack = write_pack(tmp_path / "pack.xlsx")
    understate_dimension(pack, "Responses", "A1:E3")  # header and two answers of six
    found = answers(pack)
    assert len(found) == 6
    assert all(answer == ANSWER for answer in found.values())
    _name, result = check_pack(pack)
    assert not [issue for issue in result.warnings if "missing response" in issue.message]


def test_a_sheet_declaring_fewer_columns_than_it_holds_is_read_to_its_last_column(
    tmp_path: Path,
) -> None:
    pack = write_pack(tmp_path / "pack.xlsx")
    for title in ("Tender", "Criteria", "Bidders", "Bids", "Responses"):
        understate_dimension(pack, title, "A1:A1")
    _name, result = check_pack(pack)
    assert result.errors == []
    assert result.pack is not None
    assert len([r for r in result.pack.responses if not r.missing]) == 6
    assert {c.code: c.weight for c in result.pack.criteria if c.lot == "1"} == {
        "SV1": 12,
        "SV2": 8,
    }


# -- Text that reads like an Excel error -----------------------------------------------------


def test_an_answer_typed_as_the_text_of_an_excel_error_is_an_answer(tmp_path: Path) -> None:
    pack = write_pack(tmp_path / "pack.xlsx")
    book = load_workbook(pack)
    cell = book["Responses"]["D2"]
    cell.value = "#N/A"
    cell.data_type = "s"  # text, as Excel stores '#N/A typed with an apostrophe
    book.save(pack)
    inline_text(pack, "Responses", "D3", "#DIV/0!")
    assert answers(pack)[("B01", "1", "SV1")] == "#N/A"
    assert answers(pack)[("B01", "1", "SV2")] == "#DIV/0!"


def test_a_key_typed_as_the_text_of_an_excel_error_is_checked_as_a_key(tmp_path: Path) -> None:
    pack = write_pack(tmp_path / "pack.xlsx")
    inline_text(pack, "Responses", "B3", "#N/A")
    found = refused(tmp_path, pack)
    assert any(
        line.startswith("Responses!B3: lot '#N/A' is not in the Lots sheet") for line in found
    )
    assert not [line for line in found if "Excel's error" in line]


def test_a_real_error_cell_is_still_refused(tmp_path: Path) -> None:
    sheets = valid_sheets()
    set_cell(sheets, "Responses", 2, "Answer", "#N/A")  # openpyxl stores it as an error
    pack = write_pack(tmp_path / "pack.xlsx", sheets)
    assert load_workbook(pack)["Responses"]["D2"].data_type == "e"
    assert [line for line in refused(tmp_path, pack) if line.startswith("Responses!D2:")] == [
        "Responses!D2: the cell shows Excel's error #N/A instead of a value; correct its "
        "formula or type the value itself (text that begins with = needs an apostrophe "
        "before it, '=...)"
    ]


# -- Hidden characters -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sheet", "row", "column", "value", "cell", "shown"),
    [
        ("Bidders", 2, "Name", "Alpha\u202eLtd sdnuorG", "Bidders!B2", "U+202E"),
        ("Bidders", 3, "Bidder", f"B02{ESC}[2K", "Bidders!A3", "U+001B (escape)"),
        ("Bidders", 2, "Email", "a@example.com\u2066", "Bidders!F2", "U+2066"),
        ("Tender", 2, "Value", f"TST{BELL}-2026", "Tender!B2", "U+0007 (bell)"),
        ("Lots", 3, "Title", "South\x85", "Lots!B3", "U+0085 (next line)"),
        ("Criteria", 2, "Title", "Jobs\x9b31m", "Criteria!D2", "U+009B"),
        ("Responses", 4, "Criterion", "SV1_x0000_", "Responses!C4", "U+0000 (null)"),
        ("Responses", 2, "Attachment", "a\u202e.pdf", "Responses!E2", "U+202E"),
    ],
)
def test_a_hidden_character_in_a_name_or_short_field_refuses_the_pack(
    tmp_path: Path, sheet: str, row: int, column: str, value: str, cell: str, shown: str
) -> None:
    sheets = valid_sheets()
    set_cell(sheets, sheet, row, column, value)
    found = refused(tmp_path, write_pack(tmp_path / "pack.xlsx", sheets))
    at_cell = [line for line in found if line.startswith(f"{cell}:")]
    assert len(at_cell) == 1, found
    assert "hidden character that can disguise what it says" in at_cell[0]
    assert shown in at_cell[0]
    # No message quotes the character itself (an escape would act on the terminal).
    assert not [line for line in found if any(c in line for c in "\x1b\x07\x00\u202e\u2066")]


def test_hidden_characters_are_removed_from_an_answer_with_a_warning(tmp_path: Path) -> None:
    sheets = valid_sheets()
    set_cell(sheets, "Responses", 2, "Answer", f"Four new jobs.{BELL}_x000B_Two\u202e apprentices.")
    set_cell(sheets, "Criteria", 3, "Guidance", "Look for\u2067 dates_x000C_and owners")
    pack = write_pack(tmp_path / "pack.xlsx", sheets)
    _name, result = check_pack(pack)
    assert result.errors == []
    warned = [str(issue) for issue in result.warnings if "hidden" in issue.message]
    assert warned == [
        "Criteria!F3: hidden characters were removed from the text: U+2067 (right-to-left "
        "isolate), U+000C (form feed) (line and page breaks became line breaks); check "
        "that it reads as intended",
        "Responses!D2: hidden characters were removed from the text: U+0007 (bell), U+000B "
        "(vertical tab), U+202E (right-to-left override) (line and page breaks became line "
        "breaks); check that it reads as intended",
    ]
    assert answers(pack)[("B01", "1", "SV1")] == "Four new jobs.\nTwo apprentices."
    db = open_database(tmp_path / "db.sqlite")
    summary = import_pack(db, pack)
    assert any("Responses!D2" in str(issue) for issue in summary.warnings)
    db.close()
