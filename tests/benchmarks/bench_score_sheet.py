"""Importing a filled score sheet of 600 rows against openpyxl reading the same file.

Target: ``svdesk scores`` (read, check every row, record every score and its audit entry
in one transaction) takes at most 2x the time openpyxl takes to read the sheet in
read-only mode.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

from measure import elapsed, fastest_in_turn, openpyxl_read, verdict
from openpyxl import Workbook, load_workbook

TARGET = 2.0
BIDDERS = 20
CRITERIA = 30  # 20 x 30 = 600 rows
RUNS = 5
REF = "BENCH-S"
WHY = "Specific commitments with numbers, dates, named partners and quarterly reporting."


def make_pack(path: Path) -> None:
    book = Workbook()
    book.remove(book.active)
    tender = book.create_sheet("Tender")
    for row in (
        ("Field", "Value"),
        ("Reference", REF),
        ("Title", "Benchmark"),
        ("Authority", "Council"),
        ("Social value weighting", 100),
    ):
        tender.append(row)
    criteria = book.create_sheet("Criteria")
    criteria.append(["Code", "Title", "Question", "Weight"])
    for c in range(CRITERIA):
        weight = 100 - 3 * (CRITERIA - 1) if c == 0 else 3
        criteria.append([f"SV{c + 1}", f"Criterion {c + 1}", "Question?", weight])
    bidders = book.create_sheet("Bidders")
    bidders.append(["Bidder", "Name"])
    responses = book.create_sheet("Responses")
    responses.append(["Bidder", "Criterion", "Answer"])
    for b in range(BIDDERS):
        bidders.append([f"B{b + 1:02}", f"Bidder {b + 1} Ltd"])
        for c in range(CRITERIA):
            responses.append([f"B{b + 1:02}", f"SV{c + 1}", "An answer of a few words. " * 20])
    book.save(path)


def fill(path: Path) -> None:
    book = load_workbook(path)
    head = {cell.value: cell.column for cell in book["Scores"][1]}
    scores = book["Scores"]
    for row in range(2, scores.max_row + 1):
        scores.cell(row, head["Score"]).value = 75
        scores.cell(row, head["Justification"]).value = WHY
    declarations = book["Declarations"]
    head = {cell.value: cell.column for cell in declarations[1]}
    for row in range(2, declarations.max_row + 1):
        declarations.cell(row, head["Conflict"]).value = "No"
    book.save(path)


def main() -> int:
    from svdesk.services.imports import import_pack
    from svdesk.services.panel import add_member
    from svdesk.sheets.score_sheet import write_score_sheet
    from svdesk.sheets.score_sheet_reader import import_score_sheet
    from svdesk.store.database import open_database

    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        make_pack(folder / "pack.xlsx")
        template = open_database(folder / "template.sqlite")
        import_pack(template, folder / "pack.xlsx")
        add_member(template, REF, "Ann Lee")
        sheet = write_score_sheet(template, REF, "Ann Lee", folder / "sheet.xlsx")
        template.close()
        fill(sheet)
        # Each run imports into a fresh copy of the same database (made beforehand).
        databases = []
        for run in range(RUNS + 1):
            copy = folder / f"run{run}.sqlite"
            shutil.copy(folder / "template.sqlite", copy)
            databases.append(open_database(copy))
        openpyxl_read(sheet)
        import_score_sheet(databases[-1], sheet)
        fresh = iter(databases[:-1])  # each svdesk run imports into its own copy
        baseline, measured = fastest_in_turn(
            lambda: elapsed(lambda: openpyxl_read(sheet)),
            lambda: elapsed(lambda: import_score_sheet(next(fresh), sheet)),
            runs=RUNS,
        )
        for db in databases:
            db.close()
    print(f"score sheet: {BIDDERS * CRITERIA} rows")
    print(f"openpyxl read-only read: {baseline:.3f} s")
    print(f"svdesk scores:           {measured:.3f} s")
    return verdict(baseline, measured, TARGET)


if __name__ == "__main__":
    sys.exit(main())
