"""Every rule of the pack format: a pack breaking it gets the exact cell and message."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from svdesk.domain.model import BidStatus, Regime, TieBreak
from svdesk.services.imports import ImportRefused, check_pack, import_pack
from svdesk.store.database import open_database
from tests.support.packs import Sheets, replace_in_workbook, set_cell, valid_sheets, write_pack
from tests.support.snapshot import file_digest, snapshot


def read(tmp_path: Path, sheets: Sheets):  # type: ignore[no-untyped-def]
    _name, result = check_pack(write_pack(tmp_path / "pack.xlsx", sheets))
    return result


def errors(tmp_path: Path, sheets: Sheets) -> list[str]:
    """The pack's errors, after checking that importing it changes nothing at all.

    The import goes into a database that already holds a tender, and the database's rows
    and file are compared before and after.
    """
    database = tmp_path / "existing.sqlite"
    existing = valid_sheets()
    set_cell(existing, "Tender", 2, "Value", "EXISTING-1")
    db = open_database(database)
    import_pack(db, write_pack(tmp_path / "existing.xlsx", existing))
    db.close()
    before, before_file = snapshot(database), file_digest(database)
    pack = write_pack(tmp_path / "pack.xlsx", sheets)
    db = open_database(database)
    try:
        with pytest.raises(ImportRefused) as refused:
            import_pack(db, pack)
    finally:
        db.close()
    assert snapshot(database) == before
    assert file_digest(database) == before_file
    found = [str(issue) for issue in refused.value.errors]
    assert found == [str(issue) for issue in read(tmp_path, sheets).errors]
    return found


def warnings(tmp_path: Path, sheets: Sheets) -> list[str]:
    return [str(issue) for issue in read(tmp_path, sheets).warnings]


def test_valid_pack_reads_whole(tmp_path: Path) -> None:
    result = read(tmp_path, valid_sheets())
    assert result.errors == []
    assert result.warnings == []
    pack = result.pack
    assert pack is not None
    assert pack.tender.reference == "TST-2026-0001"
    assert pack.tender.authority_address == "County Hall\nTestford\nTS1 1AA"
    assert pack.tender.regime is Regime.PROCUREMENT_ACT_2023
    assert pack.tender.social_value_weighting == Decimal(20)
    assert [lot.key for lot in pack.lots] == ["1", "2"]
    # A criterion with a blank Lot applies to every lot.
    assert sorted((c.lot, c.code) for c in pack.criteria) == [
        ("1", "SV1"),
        ("1", "SV2"),
        ("2", "SV1"),
        ("2", "SV2"),
    ]
    sv1 = next(c for c in pack.criteria if c.code == "SV1")
    assert sv1.sub_criteria == ("New jobs", "Skills")
    assert sv1.word_limit == 50
    assert next(c for c in pack.criteria if c.code == "SV2").minimum_score == 25
    assert pack.scale.scores == (0, 25, 50, 75, 100)
    assert [(b.bidder, b.lot, b.price_score) for b in pack.bids] == [
        ("B01", "1", Decimal(35)),
        ("B02", "1", Decimal(38)),
        ("B02", "2", Decimal("37.5")),
    ]
    assert pack.bidders[0].sme is True
    assert pack.bidders[1].sme is False
    assert len(pack.responses) == 6
    assert all(not r.missing for r in pack.responses)


def test_names_match_case_insensitively_ignoring_spaces(tmp_path: Path) -> None:
    sheets = valid_sheets()
    sheets[" criteria "] = sheets.pop("Criteria")
    sheets["BIDDERS"] = sheets.pop("Bidders")
    sheets[" criteria "][0] = [f"  {name.upper()} " for name in sheets[" criteria "][0]]
    sheets["Tender"][1][0] = "  reference"
    result = read(tmp_path, sheets)
    assert result.errors == []
    assert result.pack is not None
    assert result.pack.tender.reference == "TST-2026-0001"
    assert len(result.pack.criteria) == 4


@pytest.mark.parametrize(
    ("sheet", "row", "column", "value", "expected"),
    [
        ("Criteria", 2, "Weight", "ten", "Criteria!H2: Weight must be a number, got 'ten'"),
        (
            "Criteria",
            2,
            "Weight",
            -3,
            "Criteria!H2: Weight must be more than 0 and at most 100, got -3",
        ),
        (
            "Criteria",
            2,
            "Word limit",
            12.5,
            "Criteria!I2: Word limit must be a whole number, got 12.5",
        ),
        ("Criteria", 2, "Word limit", 0, "Criteria!I2: Word limit must be 1 or more, got 0"),
        (
            "Criteria",
            3,
            "Minimum score",
            30,
            "Criteria!J3: Minimum score must be a score of the scale (0, 25, 50, 75 or 100), got 30",
        ),
        ("Criteria", 2, "Code", None, "Criteria!A2: Code is required but the cell is blank"),
        (
            "Criteria",
            2,
            "Question",
            "  ",
            "Criteria!E2: Question is required but the cell is blank",
        ),
        (
            "Criteria",
            2,
            "Lot",
            "7",
            "Criteria!B2: lot '7' is not in the Lots sheet (the lots are 1, 2)",
        ),
        (
            "Bidders",
            2,
            "SME",
            "maybe",
            "Bidders!G2: must be yes or no (Y, Yes, True, 1, N, No, False, 0, or blank for no), got 'maybe'",
        ),
        ("Bidders", 3, "Name", None, "Bidders!B3: Name is required but the cell is blank"),
        (
            "Bids",
            2,
            "Price score",
            41,
            "Bids!C2: Price score must be from 0 to 40 (the weighting), got 41",
        ),
        ("Bids", 2, "Quality score", "lots", "Bids!D2: Quality score must be a number, got 'lots'"),
        (
            "Bids",
            2,
            "Status",
            "disqualified",
            "Bids!E2: Status must be one of 'compliant', 'excluded', got 'disqualified'",
        ),
        (
            "Bids",
            2,
            "Status",
            "excluded",
            "Bids!F2: Excluded reason is required when the status is excluded",
        ),
        ("Bids", 3, "Bidder", "B09", "Bids!A3: bidder 'B09' is not in the Bidders sheet"),
        (
            "Responses",
            2,
            "Lot",
            "3",
            "Responses!B2: lot '3' is not in the Lots sheet (the lots are 1, 2)",
        ),
        (
            "Responses",
            2,
            "Lot",
            None,
            "Responses!B2: Lot is blank, but the tender has 2 lots (1, 2); say which",
        ),
        (
            "Responses",
            3,
            "Criterion",
            "SV9",
            "Responses!C3: 'SV9' is not a criterion of lot 1 (lot 1's criteria are SV1, SV2)",
        ),
        (
            "Responses",
            2,
            "Answer",
            None,
            "Responses!D2: the response has neither an Answer nor an Attachment; give at least one",
        ),
        (
            "Tender",
            6,
            "Value",
            "uk-law",
            "Tender!B6: Regime must be one of 'procurement-act-2023', 'pcr-2015', 'scotland-2015', "
            "'procurement-act-2023-wales', got 'uk-law'",
        ),
        ("Tender", 7, "Value", "forty", "Tender!B7: Price weighting must be a number, got 'forty'"),
        (
            "Tender",
            9,
            "Value",
            120,
            "Tender!B9: Social value weighting must be a percentage from 0 to 100, got 120",
        ),
        ("Tender", 2, "Value", None, "Tender!B2: Reference is required but its value is blank"),
    ],
)
def test_cell_rule(
    tmp_path: Path, sheet: str, row: int, column: str, value: object, expected: str
) -> None:
    sheets = valid_sheets()
    set_cell(sheets, sheet, row, column, value)
    assert expected in errors(tmp_path, sheets)


@pytest.mark.parametrize(
    ("sheet", "row", "column", "value", "cell"),
    [
        ("Criteria", 2, "Weight", "#DIV/0!", "Criteria!H2"),
        ("Responses", 2, "Answer", "#NAME?", "Responses!D2"),
        ("Responses", 3, "Lot", "#N/A", "Responses!B3"),
        ("Tender", 7, "Value", "#REF!", "Tender!B7"),
    ],
)
def test_a_failed_excel_formula_is_named_once_at_its_cell(
    tmp_path: Path, sheet: str, row: int, column: str, value: str, cell: str
) -> None:
    sheets = valid_sheets()
    set_cell(sheets, sheet, row, column, value)
    pack = write_pack(tmp_path / "pack.xlsx", sheets)
    # Stored as Excel stores a failed formula's result: an error value, not text.
    worksheet = load_workbook(pack)[sheet]
    header = [header_cell.value for header_cell in worksheet[1]]
    assert worksheet.cell(row, header.index(column) + 1).data_type == "e"
    found = errors(tmp_path, sheets)
    at_cell = [message for message in found if message.startswith(f"{cell}:")]
    assert at_cell == [
        f"{cell}: the cell shows Excel's error {value} instead of a value; correct its "
        "formula or type the value itself (text that begins with = needs an apostrophe "
        "before it, '=...)"
    ]


def test_missing_required_sheet_is_named(tmp_path: Path) -> None:
    sheets = valid_sheets()
    del sheets["Criteria"]
    assert "pack.xlsx: the workbook has no sheet named 'Criteria'; it is required" in errors(
        tmp_path, sheets
    )


def test_missing_required_column_points_at_the_header_row(tmp_path: Path) -> None:
    sheets = valid_sheets()
    for row in sheets["Criteria"]:
        del row[7]
    assert "Criteria!1:1: the required column 'Weight' is missing from the header row" in errors(
        tmp_path, sheets
    )


def test_missing_required_tender_field(tmp_path: Path) -> None:
    sheets = valid_sheets()
    sheets["Tender"] = [row for row in sheets["Tender"] if row[0] != "Title"]
    assert (
        "Tender: the field 'Title' is missing: add a row with 'Title' in the Field column "
        "and its value beside it"
    ) in errors(tmp_path, sheets)


def test_weights_that_do_not_add_up(tmp_path: Path) -> None:
    sheets = valid_sheets()
    set_cell(sheets, "Criteria", 2, "Weight", 13)
    found = errors(tmp_path, sheets)
    assert (
        "Criteria!H:H: the weights of lot 1's criteria add up to 21, but must add up to the "
        "social value weighting, 20"
    ) in found
    assert any(line.startswith("Criteria!H:H: the weights of lot 2's") for line in found)


def test_unreadable_weight_is_not_also_reported_as_a_wrong_sum(tmp_path: Path) -> None:
    sheets = valid_sheets()
    set_cell(sheets, "Criteria", 2, "Weight", "ten")
    assert errors(tmp_path, sheets) == ["Criteria!H2: Weight must be a number, got 'ten'"]


def test_tender_weightings_must_add_up_to_100(tmp_path: Path) -> None:
    sheets = valid_sheets()
    set_cell(sheets, "Tender", 7, "Value", 50)
    assert (
        "Tender: Price, quality and social value weightings must add up to 100, but they add "
        "up to 110"
    ) in errors(tmp_path, sheets)


def test_social_value_alone_is_the_whole_score(tmp_path: Path) -> None:
    sheets = valid_sheets()
    sheets["Tender"] = [
        row
        for row in sheets["Tender"]
        if "weighting" not in str(row[0]) or row[0] == "Social value weighting"
    ]
    sheets["Bids"] = [row[:2] for row in sheets["Bids"]]
    result = read(tmp_path, sheets)
    assert result.errors == []
    assert result.pack is not None
    assert result.pack.tender.social_value_only


def test_percent_suffix_and_excel_percent_format(tmp_path: Path) -> None:
    sheets = valid_sheets()
    set_cell(sheets, "Tender", 7, "Value", "40%")
    path = write_pack(tmp_path / "pack.xlsx", sheets)
    book = load_workbook(path)
    # What Excel stores when someone types 20% in a cell: 0.2, formatted as a percentage.
    book["Tender"]["B9"].value = 0.2
    book["Tender"]["B9"].number_format = "0%"
    book.save(path)
    _name, result = check_pack(path)
    assert result.errors == []
    assert result.pack is not None
    assert result.pack.tender.price_weighting == Decimal(40)
    assert result.pack.tender.social_value_weighting == Decimal(20)


def test_social_value_under_ten_percent_is_a_warning(tmp_path: Path) -> None:
    sheets = valid_sheets()
    set_cell(sheets, "Tender", 8, "Value", 52)
    set_cell(sheets, "Tender", 9, "Value", 8)
    set_cell(sheets, "Criteria", 2, "Weight", 5)
    set_cell(sheets, "Criteria", 3, "Weight", 3)
    result = read(tmp_path, sheets)
    assert result.errors == []
    assert [str(w) for w in result.warnings] == [
        "Tender: social value carries 8% of the score; the Procurement Act 2023 expects at "
        "least 10%"
    ]


def test_duplicate_bidder(tmp_path: Path) -> None:
    sheets = valid_sheets()
    sheets["Bidders"].append(["B01", "Alpha Again Ltd"])
    assert (
        "Bidders!A4: bidder 'B01' appears twice (rows 2 and 4); each bidder needs its own "
        "identifier"
    ) in errors(tmp_path, sheets)


def test_duplicate_lot_and_duplicate_criterion(tmp_path: Path) -> None:
    sheets = valid_sheets()
    sheets["Lots"].append(["2", "Again"])
    sheets["Criteria"].append(["sv1", "1", None, "Again", "Again?", None, None, 1])
    found = errors(tmp_path, sheets)
    assert (
        "Lots!A4: lot '2' appears twice (rows 3 and 4); each lot needs its own identifier" in found
    )
    assert (
        "Criteria!A4: criterion 'sv1' appears twice in lot 1 (rows 2 and 4); codes must be "
        "unique within a lot"
    ) in found


def test_response_for_a_criterion_of_another_lot(tmp_path: Path) -> None:
    sheets = valid_sheets()
    set_cell(sheets, "Criteria", 3, "Lot", "1")
    sheets["Criteria"].append(["SV3", "2", None, "Local spend", "How?", None, None, 8])
    sheets["Responses"][5][2] = "SV3"
    sheets["Responses"][6][2] = "SV3"
    sheets["Responses"][2][2] = "SV3"
    assert (
        "Responses!C3: 'SV3' is not a criterion of lot 1 (lot 1's criteria are SV1, SV2); it "
        "is a criterion of lot 2"
    ) in errors(tmp_path, sheets)


def test_duplicate_response_and_response_without_bid(tmp_path: Path) -> None:
    sheets = valid_sheets()
    sheets["Responses"].append(["B01", "1", "SV1", "Again"])
    sheets["Responses"].append(["B01", "2", "SV1", "No bid"])
    found = errors(tmp_path, sheets)
    assert "Responses!C8: bidder B01 answered SV1 in lot 1 twice (rows 2 and 8); keep one" in found
    assert (
        "Responses!A9: bidder B01 has an answer for lot 2 but no bid for it in the Bids sheet"
    ) in found


def test_without_bids_sheet_bids_come_from_responses(tmp_path: Path) -> None:
    sheets = valid_sheets()
    del sheets["Bids"]
    result = read(tmp_path, sheets)
    assert result.errors == []
    assert result.pack is not None
    assert sorted((b.bidder, b.lot) for b in result.pack.bids) == [
        ("B01", "1"),
        ("B02", "1"),
        ("B02", "2"),
    ]
    assert all(b.status is BidStatus.COMPLIANT for b in result.pack.bids)


def test_missing_response_is_a_warning_and_kept_as_missing(tmp_path: Path) -> None:
    sheets = valid_sheets()
    del sheets["Responses"][2]
    result = read(tmp_path, sheets)
    assert result.errors == []
    assert [str(w) for w in result.warnings] == [
        "Responses: bidder B01 gave no answer to SV2 in lot 1; it is imported as a missing response"
    ]
    assert result.pack is not None
    missing = [r for r in result.pack.responses if r.missing]
    assert [(r.bidder, r.lot, r.criterion) for r in missing] == [("B01", "1", "SV2")]


def test_unknown_sheets_columns_and_model_criteria_are_warnings(tmp_path: Path) -> None:
    sheets = valid_sheets()
    sheets["Notes"] = [["Anything"], ["here"]]
    sheets["Bidders"][0].append("Region")
    sheets["Bidders"][1].append("North")
    set_cell(sheets, "Criteria", 2, "Model criterion", "MAC 99.9")
    result = read(tmp_path, sheets)
    assert result.errors == []
    assert sorted(str(w) for w in result.warnings) == sorted(
        [
            "Notes: this sheet is not part of the pack format and was ignored",
            "Bidders!I1: the column 'Region' is not part of the Bidders sheet and was ignored",
            "Criteria!C2: 'MAC 99.9' is not a Social Value Model award criterion or a TOMs code "
            "that svdesk knows; check it",
        ]
    )


def test_model_criterion_codes_match_loosely(tmp_path: Path) -> None:
    sheets = valid_sheets()
    set_cell(sheets, "Criteria", 2, "Model criterion", " mac2.1 ")
    assert warnings(tmp_path, sheets) == []


def test_custom_scale(tmp_path: Path) -> None:
    sheets = valid_sheets()
    sheets["Scale"] = [["Score", "Label", "Descriptor"]] + [
        [score, f"L{score}", f"Descriptor {score}"] for score in (0, 20, 40, 60, 80, 100)
    ]
    set_cell(sheets, "Criteria", 3, "Minimum score", 20)
    result = read(tmp_path, sheets)
    assert result.errors == []
    assert result.pack is not None
    assert result.pack.scale.scores == (0, 20, 40, 60, 80, 100)
    assert result.pack.scale.max_score == 100


def test_scale_rules(tmp_path: Path) -> None:
    sheets = valid_sheets()
    sheets["Scale"] = [
        ["Score", "Label", "Descriptor"],
        [0, "Fail", "Nothing"],
        [0, "Poor", "Little"],
        [2.5, "Half", "Some"],
        [-1, "Neg", "x"],
        [5, None, "Full"],
    ]
    found = errors(tmp_path, sheets)
    assert "Scale!A3: the score 0 appears twice (rows 2 and 3); scores must be distinct" in found
    assert "Scale!A4: Score must be a whole number, got 2.5" in found
    assert "Scale!A5: Score must be 0 or more, got -1" in found
    assert "Scale!B6: Label is required but the cell is blank" in found


def test_tender_choices_and_numbers_are_read(tmp_path: Path) -> None:
    sheets = valid_sheets()
    sheets["Tender"] += [
        ["Tie-break", "Price"],
        ["Estimated value", "£1,250,000"],
        ["Currency", "eur"],
        ["Scoring method", "AVERAGE"],
    ]
    result = read(tmp_path, sheets)
    assert result.errors == []
    assert result.pack is not None
    tender = result.pack.tender
    assert tender.tie_break is TieBreak.PRICE
    assert tender.estimated_value == Decimal(1250000)
    assert tender.currency == "EUR"
    assert tender.scoring_method.value == "average"


def test_a_very_long_answer_is_kept_whole_with_a_warning(tmp_path: Path) -> None:
    sheets = valid_sheets()
    long_answer = ("word " * 8000).strip()  # 39,999 characters
    set_cell(sheets, "Responses", 2, "Answer", "LONG-ANSWER-HERE")
    path = write_pack(tmp_path / "pack.xlsx", sheets)
    replace_in_workbook(path, "LONG-ANSWER-HERE", long_answer)
    _name, result = check_pack(path)
    assert result.errors == []
    assert [str(w) for w in result.warnings] == [
        "Responses!D2: the answer is 39,999 characters long, more than an Excel cell holds "
        "(32,767); it was read in full, but saving this workbook in Excel would cut it"
    ]
    assert result.pack is not None
    assert result.pack.responses[0].answer == long_answer
    assert result.pack.responses[0].word_count == 8000


def test_a_dozen_mistakes_are_all_reported_at_once(tmp_path: Path) -> None:
    sheets = valid_sheets()
    set_cell(sheets, "Tender", 3, "Value", None)
    set_cell(sheets, "Tender", 6, "Value", "eu-2014")
    set_cell(sheets, "Criteria", 2, "Weight", "ten")
    set_cell(sheets, "Criteria", 3, "Minimum score", 33)
    set_cell(sheets, "Criteria", 2, "Word limit", "many")
    set_cell(sheets, "Bidders", 2, "SME", "perhaps")
    sheets["Bidders"].append(["B02", "Duplicate plc"])
    set_cell(sheets, "Bids", 2, "Price score", 99)
    set_cell(sheets, "Bids", 3, "Status", "excluded")
    set_cell(sheets, "Responses", 2, "Lot", "9")
    set_cell(sheets, "Responses", 3, "Criterion", "SV7")
    set_cell(sheets, "Responses", 4, "Answer", None)
    found = errors(tmp_path, sheets)
    locations = [line.split(":")[0] for line in found]
    assert locations == [
        "Tender!B3",
        "Tender!B6",
        "Criteria!H2",
        "Criteria!I2",
        "Criteria!J3",
        "Bidders!G2",
        "Bidders!A4",
        "Bids!C2",
        "Bids!F3",
        "Responses!B2",
        "Responses!C3",
        "Responses!D4",
    ]


def test_empty_workbook_lists_the_required_sheets(tmp_path: Path) -> None:
    found = errors(tmp_path, {"Sheet": []})
    assert found == [
        f"pack.xlsx: the workbook has no sheet named '{name}'; it is required"
        for name in ("Tender", "Criteria", "Bidders", "Responses")
    ]
