"""A small, valid tender pack that tests change one cell at a time to break a rule.

It is written with openpyxl directly, not with svdesk's own writer, so that the reader
is tested against the format rather than against itself.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from openpyxl import Workbook

Sheets = dict[str, list[list[Any]]]

ANSWER = (
    "We will recruit four local residents into new permanent roles, two of them "
    "ring-fenced for care leavers, and report quarterly against agreed KPIs."
)

# The explanations of the price and quality points (pack format 2): letters under the
# Procurement Act 2023 need one on every award criterion.
PRICE_WHY = "The tendered price was scored by the price model in the tender documents."
QUALITY_WHY = "The method statement was scored against the quality questions as published."

VALID: Sheets = {
    "Tender": [
        ["Field", "Value"],
        ["Reference", "TST-2026-0001"],
        ["Title", "Grounds Maintenance"],
        ["Authority", "Testshire County Council"],
        ["Authority address", "County Hall\nTestford\nTS1 1AA"],
        ["Regime", "procurement-act-2023"],
        ["Price weighting", 40],
        ["Quality weighting", 40],
        ["Social value weighting", 20],
        ["Contact name", "Alex Procurer"],
        ["Contact email", "alex@example.gov.uk"],
    ],
    "Lots": [["Lot", "Title"], ["1", "North"], ["2", "South"]],
    "Criteria": [
        [
            "Code",
            "Lot",
            "Model criterion",
            "Title",
            "Question",
            "Guidance",
            "Sub-criteria",
            "Weight",
            "Word limit",
            "Minimum score",
        ],
        [
            "SV1",
            None,
            "MAC 2.1",
            "Jobs",
            "How will you create jobs?",
            "Specific numbers",
            "New jobs\nSkills",
            12,
            50,
            None,
        ],
        [
            "SV2",
            None,
            "MAC 4.1",
            "Environment",
            "How will you cut emissions?",
            None,
            None,
            8,
            None,
            25,
        ],
    ],
    "Bidders": [
        ["Bidder", "Name", "Identifier", "Address", "Contact", "Email", "SME", "VCSE"],
        [
            "B01",
            "Alpha Grounds Ltd",
            "01234567",
            "1 High St\nTestford",
            "Ann",
            "a@example.com",
            "Yes",
            "No",
        ],
        [
            "B02",
            "Beta Services plc",
            "07654321",
            "2 Low Rd\nTestford",
            "Bob",
            "b@example.com",
            "No",
            "No",
        ],
    ],
    "Bids": [
        [
            "Bidder",
            "Lot",
            "Price score",
            "Quality score",
            "Status",
            "Excluded reason",
            "Price explanation",
            "Quality explanation",
        ],
        ["B01", "1", 35, 30, "compliant", None, PRICE_WHY, QUALITY_WHY],
        ["B02", "1", 38, 28, None, None, PRICE_WHY, QUALITY_WHY],
        ["B02", "2", 37.5, 31, None, None, PRICE_WHY, QUALITY_WHY],
    ],
    "Responses": [
        ["Bidder", "Lot", "Criterion", "Answer", "Attachment"],
        ["B01", "1", "SV1", ANSWER, None],
        ["B01", "1", "SV2", ANSWER, None],
        ["B02", "1", "SV1", ANSWER, None],
        ["B02", "1", "SV2", ANSWER, None],
        ["B02", "2", "SV1", ANSWER, None],
        ["B02", "2", "SV2", ANSWER, None],
    ],
}


# A score for every response of the valid pack, by (lot, bidder, criterion).
VALID_SCORES = {
    ("1", "B01", "SV1"): 75,
    ("1", "B01", "SV2"): 50,
    ("1", "B02", "SV1"): 50,
    ("1", "B02", "SV2"): 100,
    ("2", "B02", "SV1"): 25,
    ("2", "B02", "SV2"): 25,
}


class Text(str):
    """A cell typed as text (in Excel, after an apostrophe): written with the text type even
    when it starts with "=", as a user's pack may hold a bidder named ``=cmd|...``."""

    __slots__ = ()


def valid_sheets() -> Sheets:
    return copy.deepcopy(VALID)


def format_1(sheets: Sheets) -> Sheets:
    """``sheets`` as pack format 1 had them: no price or quality explanations (what the
    svdesk of an older database schema could read)."""
    return {**sheets, "Bids": [list(row)[:6] for row in sheets["Bids"]]}


def write_pack(path: Path, sheets: Sheets | None = None) -> Path:
    """Write ``sheets`` (default: the valid pack) as a workbook at ``path``."""
    book = Workbook()
    book.remove(book.active)
    for name, rows in (sheets if sheets is not None else VALID).items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
            for cell, value in zip(sheet[sheet.max_row], row, strict=False):
                if isinstance(value, Text):
                    cell.data_type = "s"
    book.save(path)
    return path


def set_cell(sheets: Sheets, sheet: str, row: int, column: str, value: Any) -> None:
    """Set a cell by its Excel address (row as Excel numbers it, column by header name)."""
    header = sheets[sheet][0]
    index = header.index(column)
    target = sheets[sheet][row - 1]
    while len(target) <= index:
        target.append(None)
    target[index] = value


def replace_in_workbook(path: Path, placeholder: str, value: str) -> None:
    """Put ``value`` where ``placeholder`` was written, bypassing openpyxl's checks.

    openpyxl cuts strings at Excel's 32,767-character cell limit when it writes; other
    programs that make packs do not, and the reader must cope with what they write.
    """
    import io
    import zipfile
    from xml.sax.saxutils import escape

    original = path.read_bytes()
    source = zipfile.ZipFile(io.BytesIO(original))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            data = data.replace(placeholder.encode(), escape(value).encode())
            target.writestr(info, data)
