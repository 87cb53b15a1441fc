"""One use case, one transaction: every write reads what it depends on inside its own
write transaction, which takes the database's write lock (``BEGIN IMMEDIATE``) before its
first read. A reading before it could be out of date by the time the write commits."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from sqlalchemy import event

from svdesk.domain.evaluation_rules import PanelRole
from svdesk.services.imports import import_pack
from svdesk.services.moderation import ConsensusEntry, open_moderation, record_consensus
from svdesk.services.panel import Declaration, add_member, declare
from svdesk.services.scoring import ScoreEntry, submit_scores
from svdesk.sheets.consensus_sheet import import_consensus_sheet, write_consensus_template
from svdesk.sheets.score_sheet import import_score_sheet, write_score_sheet
from svdesk.store.database import Database, open_database
from tests.support.packs import VALID_SCORES, write_pack

REF = "TST-2026-0001"
ANN = "Ann Evaluator"
WHY = "Specific local jobs with dates, but thin on how they will be measured."
RATIONALE = "The answer commits to four local jobs with dates; it gives no measures or KPIs."
NO_CONFLICT = [Declaration("B01", False), Declaration("B02", False)]


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = open_database(tmp_path / "t.sqlite")
    import_pack(database, write_pack(tmp_path / "pack.xlsx"))
    add_member(database, REF, ANN)
    add_member(database, REF, "Mo Derator", PanelRole.MODERATOR)
    yield database
    database.close()


def statements(db: Database, use_case: Callable[[], Any]) -> list[str]:
    """The statements ``use_case`` sent to the database, in order (writes and readings)."""
    sent: list[str] = []

    def note(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        sent.append(" ".join(statement.split()[:2]).upper())

    event.listen(db.engine, "before_cursor_execute", note)
    try:
        use_case()
    finally:
        event.remove(db.engine, "before_cursor_execute", note)
    return sent


def assert_one_write_transaction(sent: list[str]) -> None:
    assert sent, "the use case sent nothing"
    assert sent[0] == "BEGIN IMMEDIATE", f"read before taking the write lock: {sent[:5]}"
    assert [s for s in sent if s.startswith("BEGIN")] == ["BEGIN IMMEDIATE"]


def filled_score_sheet(db: Database, tmp_path: Path) -> Path:
    path = write_score_sheet(db, REF, ANN, tmp_path / "ann.xlsx")
    book = load_workbook(path)
    sheet = book["Scores"]
    at = {cell.value: cell.column for cell in sheet[1]}
    for row in range(2, sheet.max_row + 1):
        key = tuple(str(sheet.cell(row, at[c]).value) for c in ("Lot", "Bidder", "Criterion"))
        sheet.cell(row, at["Score"]).value = VALID_SCORES[key]  # type: ignore[index]
        sheet.cell(row, at["Justification"]).value = WHY
    declarations = book["Declarations"]
    for row in range(2, declarations.max_row + 1):
        declarations.cell(row, 3).value = "No"
    book.save(path)
    return path


def scored(db: Database) -> None:
    entries = [ScoreEntry(*key, score, WHY) for key, score in VALID_SCORES.items()]
    submit_scores(db, REF, ANN, entries, NO_CONFLICT)


def test_importing_a_score_sheet_is_one_write_transaction(db: Database, tmp_path: Path) -> None:
    sheet = filled_score_sheet(db, tmp_path)
    sent = statements(db, lambda: import_score_sheet(db, sheet))
    assert_one_write_transaction(sent)


def test_writing_the_consensus_workbook_is_one_write_transaction(
    db: Database, tmp_path: Path
) -> None:
    scored(db)
    sent = statements(db, lambda: write_consensus_template(db, REF, tmp_path / "c.xlsx"))
    assert_one_write_transaction(sent)
    assert (tmp_path / "c.xlsx").is_file()


def test_importing_a_consensus_workbook_is_one_write_transaction(
    db: Database, tmp_path: Path
) -> None:
    scored(db)
    path = write_consensus_template(db, REF, tmp_path / "c.xlsx")
    book = load_workbook(path)
    sheet = book["Consensus"]
    at = {cell.value: cell.column for cell in sheet[1]}
    sheet.cell(2, at["Score"]).value = 75
    sheet.cell(2, at["Rationale"]).value = RATIONALE
    book.save(path)
    sent = statements(db, lambda: import_consensus_sheet(db, path))
    assert_one_write_transaction(sent)


def nothing(_db: Database) -> None:
    pass


def moderation_open(db: Database) -> None:
    scored(db)
    open_moderation(db, REF)


@pytest.mark.parametrize(
    ("before", "use_case"),
    [
        (nothing, lambda db: add_member(db, REF, "Ben Evaluator")),
        (nothing, lambda db: declare(db, REF, ANN, NO_CONFLICT)),
        (nothing, scored),
        (scored, lambda db: open_moderation(db, REF)),
        (
            moderation_open,
            lambda db: record_consensus(
                db, REF, [ConsensusEntry("1", "B01", "SV1", 75, RATIONALE)]
            ),
        ),
    ],
    ids=["add member", "declare", "submit scores", "open moderation", "record consensus"],
)
def test_each_service_write_is_one_write_transaction(
    db: Database, before: Callable[[Database], Any], use_case: Callable[[Database], Any]
) -> None:
    before(db)
    assert_one_write_transaction(statements(db, lambda: use_case(db)))


def test_a_reading_does_not_take_the_write_lock(db: Database) -> None:
    from svdesk.services.results import tender_results

    sent = statements(db, lambda: tender_results(db, REF))
    assert sent[0] == "BEGIN"


def test_readings_go_on_while_another_svdesk_holds_the_write_lock(tmp_path: Path) -> None:
    """Through the ORM or in plain SQL (the window's first screen), a reading sees its
    snapshot without waiting for a writer, and does not stand in its way."""
    from svdesk.services.panel_summary import tender_panel
    from svdesk.services.results import tender_results
    from svdesk.services.tenders import list_tenders, tender_overview

    path = tmp_path / "shared.sqlite"
    made = open_database(path)
    import_pack(made, write_pack(tmp_path / "pack.xlsx"))
    made.close()
    reader = open_database(path, busy_timeout=0.2)  # a reading that waited would fail
    writer = sqlite3.connect(path, isolation_level=None)
    try:
        writer.execute("BEGIN IMMEDIATE")
        writer.execute("UPDATE tender SET title = 'Not yet committed'")
        (listed,) = list_tenders(reader)  # plain SQL, before the engine is made
        assert listed.title != "Not yet committed"
        assert tender_overview(reader, REF).tender.title == listed.title
        assert tender_panel(reader, REF).members == []
        assert tender_results(reader, REF).lots  # through the ORM
        assert tender_overview(reader, REF).tender.title == listed.title  # on the engine
        writer.execute("COMMIT")
        assert list_tenders(reader)[0].title == "Not yet committed"
    finally:
        writer.close()
        reader.close()
