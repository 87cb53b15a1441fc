"""Text that looks like a formula is written as text in every workbook and CSV file.

A bidder named ``=cmd|'/c calc'!A1`` and a panel member named ``=1+1`` must reach each file
as those characters: a cell of the text type (not a formula) in a workbook, and a field with
a leading apostrophe in a CSV file (docs/decisions.md). Checked by reading the files back.
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.cell.cell import Cell

from svdesk.documents.evaluation_workbook import write_evaluation_workbook
from svdesk.documents.letter_batch import write_letters
from svdesk.packs.cells import csv_field
from svdesk.services.templates import write_pack_template
from svdesk.sheets.consensus_sheet import write_consensus_template
from svdesk.sheets.score_sheet import write_score_sheet
from svdesk.store.database import Database
from tests.support.letter_tenders import REF, make_tender
from tests.support.packs import Text

BIDDER = "=cmd|'/c calc'!A1"
MEMBER = "=1+1"


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Database:
    def rename(sheets: dict[str, list[list[object]]]) -> None:
        sheets["Bidders"][1][1] = Text(BIDDER)  # B01

    return make_tender(
        tmp_path_factory.mktemp("hostile"), edit=rename, evaluators=(MEMBER, "Ben Evaluator")
    )


def cells_holding(path: Path, text: str) -> list[Cell]:
    book = load_workbook(path)
    found = [
        cell
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if isinstance(cell.value, str) and cell.value.startswith(text)
    ]
    assert found, f"{text} is not in {path.name}"
    return found


def assert_text(cells: list[Cell]) -> None:
    for cell in cells:
        assert cell.data_type == "s", f"{cell.parent.title}!{cell.coordinate} is a formula"
        assert cell.quotePrefix, f"{cell.parent.title}!{cell.coordinate} could become one"


def test_the_letters_index_writes_a_formula_looking_name_as_text(
    hostile: Database, tmp_path: Path
) -> None:
    batch = write_letters(hostile, REF, tmp_path / "letters", dt.date(2026, 12, 21))
    with batch.index.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    names = [row["name"] for row in rows if row["bidder"] == "B01"]
    assert names == ["'" + BIDDER]
    assert all(not value.startswith(("=", "+", "-", "@")) for r in rows for value in r.values())


def test_the_score_sheet_writes_formula_looking_names_as_text(
    hostile: Database, tmp_path: Path
) -> None:
    path = write_score_sheet(hostile, REF, MEMBER, tmp_path / "scores.xlsx")
    assert_text(cells_holding(path, BIDDER))
    assert_text(cells_holding(path, MEMBER))


def test_the_consensus_workbook_heads_a_column_with_the_members_name_as_text(
    hostile: Database, tmp_path: Path
) -> None:
    path = write_consensus_template(hostile, REF, tmp_path / "consensus.xlsx")
    headers = [c for c in cells_holding(path, MEMBER) if c.row == 1]
    assert [c.value for c in headers] == [f"{MEMBER} score", f"{MEMBER} justification"]
    assert_text(headers)
    assert_text(cells_holding(path, BIDDER))


def test_the_evaluation_workbook_writes_formula_looking_names_as_text(
    hostile: Database, tmp_path: Path
) -> None:
    path = write_evaluation_workbook(hostile, REF, tmp_path / "evaluation.xlsx")
    assert_text(cells_holding(path, BIDDER))
    assert_text(cells_holding(path, MEMBER))


def test_the_pack_template_writes_a_formula_looking_name_as_text(
    hostile: Database, tmp_path: Path
) -> None:
    path = write_pack_template(tmp_path / "pack.xlsx", db=hostile, reference=REF)
    assert_text(cells_holding(path, BIDDER))


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("=1+1", "'=1+1"),
        ("+44 20 7946 0000", "'+44 20 7946 0000"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("Alpha Grounds Ltd", "Alpha Grounds Ltd"),
        ("", ""),
    ],
)
def test_a_csv_field_that_starts_like_a_formula_gets_an_apostrophe(
    value: str, written: str
) -> None:
    assert csv_field(value) == written
