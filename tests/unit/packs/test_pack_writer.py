"""The pack workbook writer: styled headers, help, drop-downs, instructions, model criteria."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from svdesk.bundled import default_scale, load_catalogues
from svdesk.domain.model import BidStatus, Regime
from svdesk.domain.scale import Scale, ScaleLevel
from svdesk.packs import schema
from svdesk.packs.pack_writer import VALIDATION_ROWS, write_pack_workbook
from svdesk.packs.workbook import read_workbook


def write(
    path: Path, tender: dict[str, Any] | None = None, sheets: Any = None, **options: Any
) -> Path:
    options.setdefault("catalogues", load_catalogues())
    options.setdefault("scale", default_scale())
    write_pack_workbook(path, tender or {}, sheets or {}, **options)
    return path


@pytest.fixture
def empty(tmp_path: Path) -> Path:
    return write(tmp_path / "empty.xlsx")


def letter(sheet: schema.Sheet, column: str) -> str:
    return get_column_letter([c.name for c in sheet.columns].index(column) + 1)


def validations(worksheet: Worksheet) -> dict[str, Any]:
    """Each validated range (as written in the file) and its validation."""
    return {str(v.sqref): v for v in worksheet.data_validations.dataValidation}


def instructions(path: Path) -> str:
    sheet = load_workbook(path)["Instructions"]
    return "\n".join(str(row[0]) for row in sheet.iter_rows(values_only=True) if row[0])


def test_sheets_in_order_with_instructions_first_and_model_criteria_last(empty: Path) -> None:
    book = load_workbook(empty)
    assert book.sheetnames == ["Instructions", *schema.SHEET_NAMES, "Model criteria"]
    assert book.active is not None
    assert book.active.title == "Instructions"


def test_without_instructions_the_tender_sheet_comes_first(tmp_path: Path) -> None:
    book = load_workbook(write(tmp_path / "p.xlsx", instructions=False))
    assert book.sheetnames == [*schema.SHEET_NAMES, "Model criteria"]


def test_headers_are_bold_filled_frozen_sized_and_explained(empty: Path) -> None:
    book = load_workbook(empty)
    for spec in schema.SHEETS:
        sheet = book[spec.name]
        header = [cell.value for cell in sheet[1]]
        assert header == [column.name for column in spec.columns], spec.name
        assert sheet.freeze_panes == "A2"
        fills = {}
        for index, column in enumerate(spec.columns, start=1):
            cell = sheet.cell(row=1, column=index)
            assert cell.font.bold, (spec.name, column.name)
            assert cell.fill.fill_type == "solid"
            assert cell.comment is not None
            assert column.help in cell.comment.text
            assert cell.comment.text.startswith("Required." if column.required else "Optional.")
            assert sheet.column_dimensions[get_column_letter(index)].width == column.width
            fills[column.required] = cell.fill.fgColor.rgb
        if len(fills) == 2:
            # Required columns stand out from optional ones.
            assert fills[True] != fills[False], spec.name


def test_tender_sheet_lists_every_field_with_its_help_as_a_comment(empty: Path) -> None:
    sheet = load_workbook(empty)["Tender"]
    assert sheet.max_column == 2  # no help column: the reader would warn about it
    fields = [sheet.cell(row=row, column=1).value for row in range(2, sheet.max_row + 1)]
    assert fields == [field.name for field in schema.TENDER_FIELDS]
    for row, field in enumerate(schema.TENDER_FIELDS, start=2):
        cell = sheet.cell(row=row, column=1)
        assert cell.comment is not None
        assert field.help in cell.comment.text
        assert bool(cell.font.bold) is field.required
        assert sheet.cell(row=row, column=2).value is None


def test_tender_choices_are_drop_downs_on_their_value_cells(empty: Path) -> None:
    found = validations(load_workbook(empty)["Tender"])
    rows = {field.name: row for row, field in enumerate(schema.TENDER_FIELDS, start=2)}
    expected = {
        "Regime": '"procurement-act-2023,pcr-2015,scotland-2015,procurement-act-2023-wales"',
        "Scoring method": '"consensus,average"',
        "Tie-break": '"social-value,quality,price,none"',
        "Holidays": '"england-and-wales,northern-ireland,scotland,united-kingdom"',
        "Hide bidders on shared screen": '"Yes,No"',
        "Anonymous evaluators": '"Yes,No"',
    }
    assert set(found) == {f"B{rows[name]}" for name in expected}
    for name, formula in expected.items():
        validation = found[f"B{rows[name]}"]
        assert validation.type == "list"
        assert validation.formula1 == formula
        assert validation.allow_blank
        assert validation.showErrorMessage
        assert name in validation.error


def test_fixed_choices_are_drop_downs_over_a_generous_range(empty: Path) -> None:
    book = load_workbook(empty)
    last = VALIDATION_ROWS
    bidders = validations(book["Bidders"])
    for column in ("SME", "VCSE"):
        cells = f"{letter(schema.BIDDERS, column)}2:{letter(schema.BIDDERS, column)}{last}"
        assert bidders[cells].formula1 == '"Yes,No"'
        assert bidders[cells].errorStyle == "stop"
    status = letter(schema.BIDS, "Status")
    assert validations(book["Bids"])[f"{status}2:{status}{last}"].formula1 == (
        '"compliant,excluded"'
    )
    assert validations(book["Lots"]) == {}
    assert validations(book["Responses"]) == {}


def test_criteria_offer_model_criteria_and_the_scale_scores(empty: Path) -> None:
    book = load_workbook(empty)
    found = validations(book["Criteria"])
    model = letter(schema.CRITERIA, "Model criterion")
    minimum = letter(schema.CRITERIA, "Minimum score")
    assert set(found) == {
        f"{model}2:{model}{VALIDATION_ROWS}",
        f"{minimum}2:{minimum}{VALIDATION_ROWS}",
    }
    codes = book["Model criteria"].max_row
    assert (
        found[f"{model}2:{model}{VALIDATION_ROWS}"].formula1 == f"'Model criteria'!$A$2:$A${codes}"
    )
    # An unknown code is only a warning on import, so Excel only warns too.
    assert found[f"{model}2:{model}{VALIDATION_ROWS}"].errorStyle == "warning"
    assert found[f"{minimum}2:{minimum}{VALIDATION_ROWS}"].formula1 == '"0,25,50,75,100"'


def test_minimum_score_choices_follow_the_scale_given(tmp_path: Path) -> None:
    scale = Scale(
        (ScaleLevel(0, "No", "Nothing"), ScaleLevel(3, "Some", "x"), ScaleLevel(5, "All", "y"))
    )
    book = load_workbook(write(tmp_path / "p.xlsx", scale=scale))
    minimum = letter(schema.CRITERIA, "Minimum score")
    found = validations(book["Criteria"])
    assert found[f"{minimum}2:{minimum}{VALIDATION_ROWS}"].formula1 == '"0,3,5"'


def test_validation_reaches_past_the_rows_written(tmp_path: Path) -> None:
    bidders = [{"Bidder": f"B{n:03}", "Name": f"Supplier {n}"} for n in range(1, 601)]
    book = load_workbook(write(tmp_path / "p.xlsx", sheets={"Bidders": bidders}))
    sme = letter(schema.BIDDERS, "SME")
    assert f"{sme}2:{sme}700" in validations(book["Bidders"])


def test_model_criteria_sheet_lists_the_bundled_codes(empty: Path) -> None:
    sheet = load_workbook(empty)["Model criteria"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("Code", "Title", "Catalogue", "Kind")
    by_code = {row[0]: row for row in rows[1:]}
    catalogues = load_catalogues()
    assert by_code["MAC 2.1"][1] == catalogues.lookup("MAC 2.1").title  # type: ignore[union-attr]
    assert by_code["MAC 2.1"][2] == "Social Value Model (PPN 06/20)"
    assert by_code["MAC 2.1"][3] == "Award criterion"
    assert by_code["1a"][2] == "Social Value Model (PPN 002)"
    assert by_code["NT1"][3] == "Measure"
    assert by_code["Jobs"][3] == "Theme"
    award_codes = {entry.code for entry in catalogues.award_criteria()}
    assert award_codes <= set(by_code)
    # Only codes the reader knows, so choosing from the list never causes a warning.
    assert all(catalogues.lookup(str(code)) is not None for code in by_code)
    assert "Theme 1" not in by_code  # Social Value Model themes are not criteria to score
    assert sheet.protection.sheet


def test_instructions_explain_every_sheet_column_and_rule(empty: Path) -> None:
    text = instructions(empty)
    for spec in schema.SHEETS:
        assert f"The {spec.name} sheet ({'required' if spec.required else 'optional'})" in text
        assert spec.help in text
        for column in spec.columns:
            if column.required:
                assert f"{column.name} (required)" in text, (spec.name, column.name)
    for field in schema.TENDER_FIELDS:
        need = "required" if field.required else "optional"
        assert f"{field.name} ({need}): {field.help}" in text
    assert "add up to 100" in text
    assert "add up to the Social value weighting" in text
    assert "10 or 10%" in text
    assert "Yes or No" in text
    assert "folder, or in a .zip" in text
    assert "svdesk import FILE" in text
    assert "File > Import pack" in text
    assert "0, 25, 50, 75 or 100" in text  # the scale's scores, for Minimum score


def test_instructions_show_the_notes_given(tmp_path: Path) -> None:
    path = write(tmp_path / "p.xlsx", {"Reference": "R-1", "Title": "Cleaning"}, notes=["Read me."])
    text = instructions(path)
    assert text.splitlines()[0] == "Tender pack for svdesk: R-1, Cleaning"
    assert "Read me." in text


def test_values_are_written_as_the_reader_expects(tmp_path: Path) -> None:
    tender = {
        "Reference": "0142",
        "Authority address": "County Hall\nTestford",
        "Regime": Regime.PCR_2015,
        "Social value weighting": Decimal("12.5"),
        "Price weighting": Decimal("50.00"),
        "Estimated value": None,
    }
    sheets = {
        "Criteria": [{"Code": "SV1", "Sub-criteria": "Jobs\nSkills", "Weight": Decimal(10)}],
        "Bidders": [{"Bidder": "B01", "Name": "Acme", "Identifier": "09876543", "SME": True}],
        "Bids": [{"Bidder": "B01", "Status": BidStatus.EXCLUDED}],
        "Responses": [{"Bidder": "B01", "Criterion": "SV1", "Answer": "=== Our offer ===\nJobs"}],
    }
    book = load_workbook(write(tmp_path / "p.xlsx", tender, sheets))
    rows = {field.name: row for row, field in enumerate(schema.TENDER_FIELDS, start=2)}
    value = book["Tender"].cell
    assert value(rows["Reference"], 2).value == "0142"
    assert value(rows["Reference"], 2).number_format == "@"
    assert value(rows["Authority address"], 2).value == "County Hall\nTestford"
    assert value(rows["Authority address"], 2).alignment.wrap_text
    assert value(rows["Regime"], 2).value == "pcr-2015"
    # Percentages as plain numbers, never 0.125 formatted as a percentage.
    assert value(rows["Social value weighting"], 2).value == 12.5
    assert value(rows["Price weighting"], 2).value == 50
    assert "%" not in value(rows["Social value weighting"], 2).number_format
    assert value(rows["Estimated value"], 2).value is None
    criteria = book["Criteria"]
    sub = criteria[f"{letter(schema.CRITERIA, 'Sub-criteria')}2"]
    assert sub.value == "Jobs\nSkills"
    assert sub.alignment.wrap_text
    assert criteria[f"{letter(schema.CRITERIA, 'Weight')}2"].value == 10
    assert criteria[f"{letter(schema.CRITERIA, 'Title')}2"].value is None
    bidders = book["Bidders"]
    assert bidders[f"{letter(schema.BIDDERS, 'SME')}2"].value == "Yes"
    assert bidders[f"{letter(schema.BIDDERS, 'Identifier')}2"].value == "09876543"
    assert book["Bids"][f"{letter(schema.BIDS, 'Status')}2"].value == "excluded"
    answer = book["Responses"][f"{letter(schema.RESPONSES, 'Answer')}2"]
    assert answer.value == "=== Our offer ===\nJobs"
    assert answer.data_type == "s"  # text, not a formula


def test_reference_sheets_are_skipped_silently_on_import(empty: Path) -> None:
    tables = read_workbook(empty.read_bytes(), empty.name)
    assert tables.issues == []
    assert tables.get("Instructions") is None
    assert tables.get("Model criteria") is None
    assert tables.get("Criteria") is not None


def test_an_unknown_sheet_is_still_a_warning(tmp_path: Path, empty: Path) -> None:
    book = load_workbook(empty)
    book.create_sheet("Notes")
    book.save(tmp_path / "with-notes.xlsx")
    issues = read_workbook((tmp_path / "with-notes.xlsx").read_bytes(), "with-notes.xlsx").issues
    assert [str(issue) for issue in issues] == [
        "Notes: this sheet is not part of the pack format and was ignored"
    ]


@pytest.mark.parametrize(
    ("tender", "sheets", "message"),
    [
        ({"Referance": "X"}, {}, "not fields of the Tender sheet: Referance"),
        ({}, {"Tender": []}, "not a sheet the pack workbook holds rows for: Tender"),
        (
            {},
            {"Bidders": [{"Bidder": "B01", "Nmae": "x"}]},
            "not columns of the Bidders sheet: Nmae",
        ),
    ],
)
def test_names_outside_the_format_are_a_programming_error(
    tmp_path: Path, tender: dict[str, Any], sheets: Any, message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        write(tmp_path / "p.xlsx", tender, sheets)
