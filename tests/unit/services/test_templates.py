"""Pack templates: an empty one filled in as its instructions say imports without a warning,
and one pre-filled from a tender imports back as the same tender."""

from __future__ import annotations

import os
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from svdesk.domain.model import BidStatus, Regime, ScoringMethod, TieBreak
from svdesk.packs import schema
from svdesk.services import templates
from svdesk.services.imports import check_pack, import_pack
from svdesk.services.templates import TemplateRefused, write_pack_template
from svdesk.services.tenders import tender_overview
from svdesk.store.database import Database, open_database

TENDER = {
    "Reference": "NCC-2026-007",
    "Title": "Highways maintenance",
    "Authority": "Northshire County Council",
    "Authority address": "County Hall\nMarket Street\nNorthtown NT1 1AA",
    "Regime": "pcr-2015",
    "Currency": "GBP",
    "Estimated value": 2400000,
    "Price weighting": 50,
    "Quality weighting": 30,
    "Social value weighting": "20%",
    "Scoring method": "average",
    "Tie-break": "price",
    "Contact name": "Sam Patel",
    "Contact email": "procurement@northshire.example.gov.uk",
    "Signatory": "Jane Doe, Head of Procurement",
    "Tender documents": "https://www.find-tender.service.gov.uk/Notice/000123-2026",
}
ROWS: dict[str, list[dict[str, Any]]] = {
    "Lots": [{"Lot": "1", "Title": "North"}, {"Lot": "2", "Title": "South"}],
    "Criteria": [
        {
            "Code": "SV1",
            "Model criterion": "MAC 2.1",
            "Title": "Local jobs",
            "Question": "How will you create local jobs?",
            "Guidance": "Specific numbers, dates and roles.",
            "Sub-criteria": "New jobs\nApprenticeships",
            "Weight": 12,
            "Word limit": 500,
            "Minimum score": 25,
        },
        {
            "Code": "SV2",
            "Lot": "1",
            "Model criterion": "NT1",
            "Title": "Net zero",
            "Question": "How will you cut emissions in the north?",
            "Weight": "8%",
        },
        {
            "Code": "SV2",
            "Lot": "2",
            "Title": "Net zero",
            "Question": "How will you cut emissions in the south?",
            "Weight": 8,
        },
    ],
    "Bidders": [
        {
            "Bidder": "B01",
            "Name": "Acme Roads Ltd",
            "Identifier": "09876543",
            "Address": "1 High Street\nLeeds LS1 1AA",
            "Contact": "Al Smith",
            "Email": "al@acme.example",
            "SME": "Yes",
            "VCSE": "No",
        },
        {"Bidder": "B02", "Name": "Bravo Highways plc", "SME": "No", "VCSE": "No"},
    ],
    "Bids": [
        {"Bidder": "B01", "Lot": "1", "Price score": 45, "Quality score": 25.5},
        {"Bidder": "B01", "Lot": "2", "Price score": 40, "Quality score": 20},
        {"Bidder": "B02", "Lot": "1", "Price score": 50, "Quality score": 22},
        {"Bidder": "B02", "Lot": "2", "Status": "excluded", "Excluded reason": "Late bid."},
    ],
    "Responses": [
        {"Bidder": "B01", "Lot": "1", "Criterion": "SV1", "Answer": "Twelve local jobs."},
        {"Bidder": "B01", "Lot": "1", "Criterion": "SV2", "Answer": "Electric fleet by 2027."},
        {"Bidder": "B01", "Lot": "2", "Criterion": "SV1", "Answer": "=== Offer ===\nTen jobs."},
        {"Bidder": "B01", "Lot": "2", "Criterion": "SV2", "Answer": "Solar depots."},
        {"Bidder": "B02", "Lot": "1", "Criterion": "SV1", "Answer": "Six apprentices."},
        {"Bidder": "B02", "Lot": "1", "Criterion": "SV2", "Answer": "Hybrid vans."},
    ],
}


def fill_in(template: Path, tender: dict[str, Any], rows: dict[str, list[dict[str, Any]]]) -> Path:
    """What a user does: type each Tender value beside its field, and each other sheet's
    rows under its headings, then save."""
    book = load_workbook(template)
    sheet = book["Tender"]
    field_rows = {sheet.cell(row=r, column=1).value: r for r in range(2, sheet.max_row + 1)}
    for name, value in tender.items():
        sheet.cell(row=field_rows[name], column=2, value=value)
    for name, records in rows.items():
        sheet = book[name]
        header = [cell.value for cell in sheet[1]]
        for number, record in enumerate(records, start=2):
            for column, value in record.items():
                cell = sheet.cell(row=number, column=header.index(column) + 1, value=value)
                if isinstance(value, str) and value.startswith("="):
                    cell.data_type = "s"  # typed with a leading apostrophe: text, not a formula
    book.save(template)
    return template


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = open_database(tmp_path / "t.sqlite")
    yield database
    database.close()


@pytest.fixture
def filled(tmp_path: Path) -> Path:
    return fill_in(write_pack_template(tmp_path / "pack.xlsx"), TENDER, ROWS)


def test_the_template_is_written_where_asked(tmp_path: Path) -> None:
    written = write_pack_template(tmp_path / "pack.xlsx")
    assert written == tmp_path / "pack.xlsx"
    assert os.listdir(tmp_path) == ["pack.xlsx"]  # no temporary file left behind
    book = load_workbook(written)
    assert book.sheetnames == ["Instructions", *schema.SHEET_NAMES, "Model criteria"]
    for name in schema.SHEET_NAMES[1:]:
        assert book[name].max_row == 1, name  # headings only
    assert [book["Tender"].cell(row=r, column=2).value for r in range(2, 18)] == [None] * 16
    instructions = " ".join(
        str(row[0]) for row in book["Instructions"].iter_rows(values_only=True) if row[0]
    )
    # Excel takes "= 40 new jobs" for a formula; the instructions say how to keep it text.
    assert "type an apostrophe first ('= 40 new jobs)" in instructions


def test_an_empty_template_says_only_what_is_missing(tmp_path: Path) -> None:
    _name, result = check_pack(write_pack_template(tmp_path / "pack.xlsx"))
    assert result.warnings == []
    assert "Tender!B2: Reference is required but its value is blank" in map(str, result.errors)


def test_a_template_filled_as_instructed_imports_without_a_warning(filled: Path) -> None:
    _name, result = check_pack(filled)
    assert [str(issue) for issue in result.errors] == []
    assert [str(issue) for issue in result.warnings] == []
    pack = result.pack
    assert pack is not None
    t = pack.tender
    assert (t.reference, t.title, t.authority) == (
        "NCC-2026-007",
        "Highways maintenance",
        "Northshire County Council",
    )
    assert t.authority_address == "County Hall\nMarket Street\nNorthtown NT1 1AA"
    assert t.regime is Regime.PCR_2015
    assert t.estimated_value == Decimal(2400000)
    assert (t.price_weighting, t.quality_weighting, t.social_value_weighting) == (50, 30, 20)
    assert t.scoring_method is ScoringMethod.AVERAGE
    assert t.tie_break is TieBreak.PRICE
    assert t.signatory == "Jane Doe, Head of Procurement"
    assert [(lot.key, lot.title) for lot in pack.lots] == [("1", "North"), ("2", "South")]
    assert [(c.lot, c.code, c.weight) for c in pack.criteria] == [
        ("1", "SV1", 12),
        ("2", "SV1", 12),
        ("1", "SV2", 8),
        ("2", "SV2", 8),
    ]
    sv1 = pack.criteria[0]
    assert sv1.sub_criteria == ("New jobs", "Apprenticeships")
    assert (sv1.word_limit, sv1.minimum_score, sv1.model_criterion) == (500, 25, "MAC 2.1")
    acme = pack.bidders[0]
    assert (acme.key, acme.identifier, acme.sme, acme.vcse) == ("B01", "09876543", True, False)
    assert acme.address == "1 High Street\nLeeds LS1 1AA"
    assert [(b.bidder, b.lot, b.price_score, b.quality_score, b.status) for b in pack.bids] == [
        ("B01", "1", 45, Decimal("25.5"), BidStatus.COMPLIANT),
        ("B01", "2", 40, 20, BidStatus.COMPLIANT),
        ("B02", "1", 50, 22, BidStatus.COMPLIANT),
        ("B02", "2", None, None, BidStatus.EXCLUDED),
    ]
    answers = {(r.bidder, r.lot, r.criterion): r for r in pack.responses}
    assert answers["B01", "2", "SV1"].answer == "=== Offer ===\nTen jobs."
    assert [key for key, r in answers.items() if r.missing] == [
        ("B02", "2", "SV1"),
        ("B02", "2", "SV2"),
    ]
    assert pack.scale.scores == (0, 25, 50, 75, 100)


def comparable(db: Database, reference: str) -> tuple[Any, ...]:
    o = tender_overview(db, reference)
    responses = [(r.bidder, r.lot, r.criterion, r.answer, r.missing) for r in o.responses]
    return (o.tender, o.lots, o.scale, o.criteria, o.bidders, o.bids, responses)


def test_a_pre_filled_template_imports_back_as_the_same_tender(
    filled: Path, tmp_path: Path, db: Database
) -> None:
    import_pack(db, filled)
    before = comparable(db, "NCC-2026-007")
    template = write_pack_template(tmp_path / "again.xlsx", db=db, reference="ncc-2026-007")
    _name, result = check_pack(template)
    assert result.errors == []
    assert result.warnings == []
    summary = import_pack(db, template, replace=True)
    assert summary.replaced
    assert (summary.lots, summary.criteria, summary.bidders, summary.bids) == (2, 4, 2, 4)
    assert (summary.responses, summary.missing_responses) == (6, 2)
    assert comparable(db, "NCC-2026-007") == before


def test_a_pre_filled_template_says_how_to_import_it_again(
    filled: Path, tmp_path: Path, db: Database
) -> None:
    import_pack(db, filled)
    template = write_pack_template(tmp_path / "again.xlsx", db=db, reference="NCC-2026-007")
    book = load_workbook(template)
    text = "\n".join(
        str(row[0]) for row in book["Instructions"].iter_rows(values_only=True) if row[0]
    )
    assert "filled in from the tender NCC-2026-007" in text
    assert "svdesk import again.xlsx --replace" in text
    assert "panel scores included" in text
    criteria = book["Criteria"]
    header = [cell.value for cell in criteria[1]]
    # One row per lot's criterion, its lot named.
    assert [
        (row[header.index("Lot")], row[header.index("Code")])
        for row in criteria.iter_rows(min_row=2, values_only=True)
    ] == [("1", "SV1"), ("1", "SV2"), ("2", "SV1"), ("2", "SV2")]


def test_attachments_are_listed_with_a_note_that_they_must_come_too(
    tmp_path: Path, db: Database
) -> None:
    folder = tmp_path / "pack"
    folder.mkdir()
    rows = {**ROWS, "Responses": [dict(r) for r in ROWS["Responses"]]}
    rows["Responses"][0] = {
        "Bidder": "B01",
        "Lot": "1",
        "Criterion": "SV1",
        "Attachment": "answers/B01-SV1.txt",
    }
    fill_in(write_pack_template(folder / "pack.xlsx"), TENDER, rows)
    (folder / "answers").mkdir()
    (folder / "answers" / "B01-SV1.txt").write_text("Twelve local jobs, in writing.")
    import_pack(db, folder)
    template = write_pack_template(tmp_path / "again.xlsx", db=db, reference="NCC-2026-007")
    book = load_workbook(template)
    responses = list(book["Responses"].iter_rows(min_row=2, values_only=True))
    assert ("B01", "1", "SV1", None, "answers/B01-SV1.txt") in responses
    text = "\n".join(str(r[0]) for r in book["Instructions"].iter_rows(values_only=True) if r[0])
    assert "1 answer file(s) are named in the Attachment column (answers/B01-SV1.txt)" in text
    # Beside its attachment again, the pre-filled template imports back.
    (folder / "pack.xlsx").unlink()
    os.replace(template, folder / "again.xlsx")
    assert import_pack(db, folder, replace=True).attachments == 1


def test_an_unknown_tender_is_refused(tmp_path: Path, db: Database) -> None:
    with pytest.raises(TemplateRefused) as refused:
        write_pack_template(tmp_path / "pack.xlsx", db=db, reference="NOPE-1")
    assert str(refused.value) == "there is no tender with the reference NOPE-1 in the database"
    assert not (tmp_path / "pack.xlsx").exists()


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("pack.xls", "'pack.xls' does not end in .xlsx"),
        ("pack", "'pack' does not end in .xlsx"),
        ("missing/pack.xlsx", "folder '{tmp}/missing' does not exist"),
        ("folder.xlsx", "'{tmp}/folder.xlsx' is a folder; give a file name ending in .xlsx"),
        ("file.txt/pack.xlsx", "'{tmp}/file.txt' is not a folder"),
    ],
)
def test_a_bad_output_path_is_refused(tmp_path: Path, name: str, expected: str) -> None:
    (tmp_path / "folder.xlsx").mkdir()
    (tmp_path / "file.txt").write_text("x")
    with pytest.raises(TemplateRefused) as refused:
        write_pack_template(tmp_path / name)
    assert expected.format(tmp=tmp_path) in str(refused.value)
    assert "\n" not in str(refused.value)


def test_a_folder_that_cannot_be_written_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # As if the folder were read-only (chmod does not stop an administrator running tests).
    monkeypatch.setattr(os, "access", lambda path, mode: False)
    with pytest.raises(TemplateRefused) as refused:
        write_pack_template(tmp_path / "pack.xlsx")
    assert str(refused.value) == (
        f"the folder '{tmp_path}' cannot be written to; choose a folder of your own"
    )
    assert os.listdir(tmp_path) == []


def test_a_failed_write_leaves_the_old_file_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    output = tmp_path / "pack.xlsx"
    output.write_bytes(b"the previous template")

    def fail(path: Path, *args: Any, **kwargs: Any) -> None:
        path.write_bytes(b"half")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(templates, "write_pack_workbook", fail)
    with pytest.raises(TemplateRefused) as refused:
        write_pack_template(output)
    assert str(refused.value) == (
        f"the disk is full: svdesk could not write {output}; nothing was written"
    )
    assert output.read_bytes() == b"the previous template"
    assert os.listdir(tmp_path) == ["pack.xlsx"]


def test_an_existing_file_is_replaced(tmp_path: Path) -> None:
    output = tmp_path / "pack.xlsx"
    output.write_bytes(b"old")
    write_pack_template(output)
    assert load_workbook(output).sheetnames[0] == "Instructions"
