"""Whatever an evaluator or a moderator types into their workbook, importing it records
it or says why not, never crashes: random values in random cells of a filled sheet."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from svdesk.domain.evaluation_rules import PanelRole
from svdesk.services.imports import import_pack
from svdesk.services.panel import add_member
from svdesk.services.refusals import Refused
from svdesk.sheets.consensus_sheet import import_consensus_sheet, write_consensus_template
from svdesk.sheets.score_sheet import import_score_sheet, write_score_sheet
from svdesk.store.database import Database
from tests.support.fuzz import FILE_FUZZ, cell_values, fuzz_workspace
from tests.support.packs import write_pack

REF = "TST-2026-0001"
WHY = "Clear commitments with numbers, dates and a credible reporting plan."

CELLS = cell_values(["25", "75", "B01", "B02", "SV1", "SV2", REF, "Ann Evaluator", WHY])
# (sheet index, row from 1, column from 1, value)
CHANGES = st.lists(
    st.tuples(
        st.integers(min_value=0, max_value=3),
        st.integers(min_value=1, max_value=9),
        st.integers(min_value=1, max_value=16),
        CELLS,
    ),
    min_size=1,
    max_size=5,
)
FUZZ = settings(FILE_FUZZ, max_examples=40)


@pytest.fixture(scope="module")
def workspace() -> Iterator[tuple[Path, Database]]:
    with fuzz_workspace() as (folder, db):
        import_pack(db, write_pack(folder / "pack.xlsx"))
        add_member(db, REF, "Ann Evaluator")
        add_member(db, REF, "Mo Derator", PanelRole.MODERATOR)
        yield folder, db


def fill_score_sheet(path: Path) -> None:
    """As the evaluator fills it: a score and a justification for every row, no conflicts."""
    book = load_workbook(path)
    for sheet in book.worksheets:
        header = [cell.value for cell in sheet[1]]
        for column, value in (("Score", 50), ("Justification", WHY), ("Conflict", "No")):
            if column in header:
                for row in range(2, sheet.max_row + 1):
                    sheet.cell(row, header.index(column) + 1).value = value
    book.save(path)


def refusal(action: Callable[[], object]) -> list[str] | None:
    """None when ``action`` did its work; its reasons when it was refused. Anything else
    it raises is a failure of the test."""
    try:
        action()
    except Refused as refused:
        return refused.reasons
    return None


def changed(path: Path, out: Path, changes: list[tuple[int, int, int, Any]]) -> Path:
    book = load_workbook(path)
    for sheet_index, row, column, value in changes:
        sheet = book.worksheets[sheet_index % len(book.worksheets)]
        sheet.protection.sheet = False
        sheet.cell(row, column).value = value
    book.save(out)
    return out


@pytest.fixture(scope="module")
def score_sheet(workspace: tuple[Path, Database]) -> Path:
    folder, db = workspace
    path = write_score_sheet(db, REF, "Ann Evaluator", folder / "ann.xlsx")
    fill_score_sheet(path)
    return path


@FUZZ
@given(changes=CHANGES)
def test_any_score_sheet_is_recorded_or_refused_with_reasons(
    workspace: tuple[Path, Database],
    score_sheet: Path,
    changes: list[tuple[int, int, int, Any]],
) -> None:
    folder, db = workspace
    sheet = changed(score_sheet, folder / "ann-changed.xlsx", changes)
    reasons = refusal(lambda: import_score_sheet(db, sheet))
    assert reasons is None or (reasons and all(reason.strip() for reason in reasons))


@FUZZ
@given(changes=CHANGES)
def test_any_consensus_workbook_is_recorded_or_refused_with_reasons(
    workspace: tuple[Path, Database],
    score_sheet: Path,
    changes: list[tuple[int, int, int, Any]],
) -> None:
    folder, db = workspace
    template = folder / "consensus.xlsx"
    if not template.exists():
        import_score_sheet(db, score_sheet)  # a valid sheet: Ann's scores are in
        write_consensus_template(db, REF, template)  # opens moderation
        filled = folder / "consensus-filled.xlsx"
        shutil.copy(template, filled)
        book = load_workbook(filled)
        for sheet in book.worksheets:
            header = [cell.value for cell in sheet[1]]
            for column, value in (("Score", 50), ("Rationale", WHY)):
                if column in header:
                    for row in range(2, sheet.max_row + 1):
                        sheet.cell(row, header.index(column) + 1).value = value
        book.save(filled)
    workbook = changed(folder / "consensus-filled.xlsx", folder / "changed.xlsx", changes)
    reasons = refusal(lambda: import_consensus_sheet(db, workbook))
    assert reasons is None or (reasons and all(reason.strip() for reason in reasons))
