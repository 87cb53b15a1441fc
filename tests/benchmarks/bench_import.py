"""Import of a 50 bidders x 20 criteria pack (answers of 500 words) against openpyxl alone.

Target: svdesk's import (read, check every rule, save in one transaction) takes at most
2x the time openpyxl takes to read the same workbook in read-only mode.
"""

from __future__ import annotations

import random
import sys
import tempfile
from pathlib import Path

from measure import elapsed, fastest_in_turn, openpyxl_read, verdict
from openpyxl import Workbook

from svdesk.store.database import Database, open_database

TARGET = 2.0
BIDDERS = 50
CRITERIA = 20
WORDS = 500
RUNS = 3

VOCABULARY = [
    "we",
    "will",
    "create",
    "local",
    "jobs",
    "apprenticeships",
    "for",
    "care",
    "leavers",
    "and",
    "veterans",
    "measured",
    "quarterly",
    "against",
    "agreed",
    "targets",
    "with",
    "our",
    "partners",
    "in",
    "the",
    "borough",
    "reducing",
    "emissions",
    "through",
    "electric",
    "vehicles",
    "supporting",
    "small",
    "businesses",
    "volunteering",
    "hours",
    "community",
    "projects",
    "wellbeing",
    "mental",
    "health",
    "training",
    "reporting",
    "social",
    "value",
    "outcomes",
]


def make_pack(path: Path, reference: str = "BENCH-1") -> None:
    rng = random.Random(42)
    book = Workbook()
    book.remove(book.active)
    tender = book.create_sheet("Tender")
    for row in (
        ("Field", "Value"),
        ("Reference", reference),
        ("Title", "Benchmark tender"),
        ("Authority", "Benchmark Council"),
        ("Price weighting", 40),
        ("Quality weighting", 40),
        ("Social value weighting", 20),
    ):
        tender.append(row)
    criteria = book.create_sheet("Criteria")
    criteria.append(["Code", "Title", "Question", "Weight", "Word limit"])
    for c in range(1, CRITERIA + 1):
        criteria.append([f"SV{c}", f"Criterion {c}", f"Question {c}?", 1, 500])
    bidders = book.create_sheet("Bidders")
    bidders.append(["Bidder", "Name", "Identifier"])
    for b in range(1, BIDDERS + 1):
        bidders.append([f"B{b:02}", f"Bidder {b} Ltd", f"{b:08}"])
    responses = book.create_sheet("Responses")
    responses.append(["Bidder", "Criterion", "Answer"])
    for b in range(1, BIDDERS + 1):
        for c in range(1, CRITERIA + 1):
            answer = " ".join(rng.choice(VOCABULARY) for _ in range(WORDS))
            responses.append([f"B{b:02}", f"SV{c}", answer])
    book.save(path)


def svdesk_import(db: Database, packs: dict[int, Path], run: int) -> None:
    from svdesk.services.imports import import_pack

    import_pack(db, packs[run])


def main() -> int:
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        # The same workbook under a different tender reference for each run, all imported
        # into one database, as a panel's packs are: what is measured is the import.
        packs = {run: folder / f"bench{run}.xlsx" for run in range(-1, RUNS)}
        for run, path in packs.items():
            make_pack(path, f"BENCH-{run}")
        db = open_database(folder / "bench.sqlite")
        # Warm both code paths (imports, caches) before timing.
        openpyxl_read(packs[0])
        svdesk_import(db, packs, -1)
        runs = iter(range(RUNS))  # each svdesk run imports its own copy of the pack
        baseline, measured = fastest_in_turn(
            lambda: elapsed(lambda: openpyxl_read(packs[0])),
            lambda: elapsed(lambda: svdesk_import(db, packs, next(runs))),
            runs=RUNS,
        )
        db.close()
    print(f"pack: {BIDDERS} bidders x {CRITERIA} criteria, {WORDS}-word answers")
    print(f"openpyxl read-only read: {baseline:.3f} s")
    print(f"svdesk import:           {measured:.3f} s")
    return verdict(baseline, measured, TARGET)


if __name__ == "__main__":
    sys.exit(main())
