"""A score sheet imported while another svdesk opens moderation: never both.

Each round starts, together, two separate processes on one database: one imports an
evaluator's filled score sheet (every score 100, where the database holds 0), the other
writes the consensus workbook, which opens moderation. Whichever wins, the record must
hold together: the moderators' workbook shows exactly the scores in the database, the
audit trail records no score after moderation opened, and a score sheet imported after
that is refused with its reason.
"""

from __future__ import annotations

import multiprocessing
import random
import shutil
import time
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest
from openpyxl import load_workbook

from svdesk.domain.evaluation_rules import PanelRole
from svdesk.services.audit_trail import audit_entries
from svdesk.services.imports import import_pack
from svdesk.services.moderation import moderation_items
from svdesk.services.panel import Declaration, add_member
from svdesk.services.refusals import Refused
from svdesk.services.scoring import ScoreEntry, my_responses, submit_scores
from svdesk.sheets.score_sheet import import_score_sheet, write_score_sheet
from svdesk.store.database import open_database
from tests.support import race_jobs
from tests.support.packs import write_pack

REF = "TST-2026-0001"
ANN = "Ann Evaluator"
WHY = "Specific local jobs with dates, but thin on how they will be measured."
ROUNDS = 40
FROZEN = (
    "moderation of this tender has begun: individual scores can no longer be submitted or changed"
)
Key = tuple[str, str, str]


def fill(path: Path, score: int) -> Path:
    """Declare no conflict with any bidder, and give every row ``score``."""
    book = load_workbook(path)
    sheet = book["Scores"]
    at = {cell.value: cell.column for cell in sheet[1]}
    for row in range(2, sheet.max_row + 1):
        sheet.cell(row, at["Score"]).value = score
        sheet.cell(row, at["Justification"]).value = f"{WHY} ({score})"
    declarations = book["Declarations"]
    for row in range(2, declarations.max_row + 1):
        declarations.cell(row, 3).value = "No"
    book.save(path)
    return path


@pytest.fixture(scope="module")
def prepared(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    """A database where Ann has submitted 0 for everything, and her sheets of 100 and 50."""
    folder = tmp_path_factory.mktemp("race")
    database = folder / "template.sqlite"
    db = open_database(database)
    import_pack(db, write_pack(folder / "pack.xlsx"))
    add_member(db, REF, ANN)
    add_member(db, REF, "Mo Derator", PanelRole.MODERATOR)
    keys = [(r.lot, r.bidder, r.criterion) for r in my_responses(db, REF, ANN)]
    submit_scores(
        db,
        REF,
        ANN,
        [ScoreEntry(*key, 0, f"{WHY} (0)") for key in keys],
        [Declaration("B01", False), Declaration("B02", False)],
    )
    hundred = fill(write_score_sheet(db, REF, ANN, folder / "ann-100.xlsx"), 100)
    fifty = fill(write_score_sheet(db, REF, ANN, folder / "ann-50.xlsx"), 50)
    db.close()  # the log is folded into the file: a copy of the file is the whole database
    assert not Path(f"{database}-wal").exists()
    return database, hundred, fifty


@pytest.fixture(scope="module")
def pool() -> Iterator[ProcessPoolExecutor]:
    context = multiprocessing.get_context("spawn")  # a clean interpreter, as svdesk runs
    with ProcessPoolExecutor(max_workers=2, mp_context=context) as executor:
        # Both children started and warmed up before the first round.
        list(executor.map(time.sleep, [0.1, 0.1]))
        yield executor


def workbook_scores(path: Path) -> dict[Key, int | None]:
    sheet = load_workbook(path, read_only=True)["Consensus"]
    rows = sheet.iter_rows(values_only=True)
    header = list(next(rows))
    at = header.index(f"{ANN} score")
    return {(str(r[0]), str(r[1]), str(r[2])): r[at] for r in rows if r[0] is not None}


def database_scores(database: Path) -> dict[Key, int | None]:
    db = open_database(database)
    try:
        items = moderation_items(db, REF)
    finally:
        db.close()
    return {
        (i.lot, i.bidder, i.criterion): next(s.score for s in i.scores if s.evaluator == ANN)
        for i in items
    }


def scores_after_opening(database: Path) -> list[str]:
    db = open_database(database)
    try:
        entries = audit_entries(db, REF)
    finally:
        db.close()
    opened = next(i for i, e in enumerate(entries) if e.entity == "moderation")
    return [f"{e.action} {e.entity_key}" for e in entries[opened + 1 :] if e.entity == "score"]


def test_a_score_import_and_opening_moderation_never_overlap(
    prepared: tuple[Path, Path, Path], pool: ProcessPoolExecutor, tmp_path: Path
) -> None:
    template, hundred, fifty = prepared
    chance = random.Random(20260501)
    outcomes = set()
    for number in range(ROUNDS):
        database = tmp_path / f"round-{number}.sqlite"
        shutil.copyfile(template, database)
        workbook = tmp_path / f"consensus-{number}.xlsx"
        start = time.time() + 0.05
        scoring = pool.submit(
            race_jobs.import_scores,
            str(database),
            str(hundred),
            start,
            chance.uniform(0.0, 0.1),  # how long the import lingers before writing
        )
        opening = pool.submit(
            race_jobs.write_consensus,
            str(database),
            REF,
            str(workbook),
            start + chance.uniform(0.0, 0.1),
        )
        imported, reasons = scoring.result(timeout=60)
        assert opening.result(timeout=60) == str(workbook)

        shown, held = workbook_scores(workbook), database_scores(database)
        assert shown == held, f"round {number}: the workbook disagrees with the database"
        assert scores_after_opening(database) == [], f"round {number}"
        expected = 100 if imported == "imported" else 0
        assert set(held.values()) == {expected}, f"round {number}: {imported} {reasons}"
        if imported == "refused":
            assert reasons
            assert all(FROZEN in reason for reason in reasons), reasons
        outcomes.add(imported)

        db = open_database(database)
        try:
            with pytest.raises(Refused) as caught:
                import_score_sheet(db, fifty)
        finally:
            db.close()
        assert all(FROZEN in reason for reason in caught.value.reasons)
        assert database_scores(database) == held
    # Both orders happened: the rounds did race.
    assert outcomes == {"imported", "refused"}
