"""The evaluation workbook, the report and the letters (the batch and a preview) read
their tender once: one reading session, one transaction (one snapshot) through their use
case, and no more statements for a tender whose record has grown."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event

from svdesk.documents.evaluation_report import write_evaluation_report
from svdesk.documents.evaluation_workbook import write_evaluation_workbook
from svdesk.documents.letter_batch import write_letters
from svdesk.documents.letter_preview import discard_preview, preview_letter
from svdesk.services.confidentiality_review import PassageRef, approve_passage, redact_passage
from svdesk.services.evaluation_record import read_evaluation_record
from svdesk.services.letter_record import read_letter_record
from svdesk.services.moderation import ConsensusEntry, record_consensus
from svdesk.services.report_record import read_report_record
from svdesk.store.database import Database
from tests.support.letter_tenders import MODERATOR, REF, make_tender
from tests.unit.documents.test_letter_reasons_record import QUOTING


@dataclass
class Reads:
    sessions: int = 0  # connections taken from the pool: one per session that read
    statements: list[str] = field(default_factory=list)

    @property
    def tender_lookups(self) -> int:
        """Statements that find the tender by its reference."""
        return sum(1 for s in self.statements if "FROM tender" in s and "tender.reference" in s)


@contextmanager
def counting(db: Database) -> Iterator[Reads]:
    reads = Reads()

    def checkout(*_args: Any) -> None:
        reads.sessions += 1

    def statement(_conn: Any, _cursor: Any, text: str, *_args: Any) -> None:
        reads.statements.append(" ".join(text.split()))

    event.listen(db.engine.pool, "checkout", checkout)
    event.listen(db.engine, "before_cursor_execute", statement)
    try:
        yield reads
    finally:
        event.remove(db.engine.pool, "checkout", checkout)
        event.remove(db.engine, "before_cursor_execute", statement)


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = make_tender(tmp_path)
    yield database
    database.close()


LETTER_DATE = dt.date(2026, 12, 21)


def _preview(db: Database) -> None:
    discard_preview(preview_letter(db, REF, "1", "B01", LETTER_DATE))


EXPORTS: dict[str, Callable[[Database, Path], object]] = {
    "workbook": lambda db, folder: write_evaluation_workbook(db, REF, folder / "e.xlsx"),
    "report": lambda db, folder: write_evaluation_report(db, REF, folder / "r.pdf"),
    "letters": lambda db, folder: write_letters(db, REF, folder / "letters", LETTER_DATE),
    "letter preview": lambda db, _folder: _preview(db),
}


@pytest.mark.parametrize("kind", sorted(EXPORTS))
def test_an_export_reads_its_tender_in_one_session(db: Database, tmp_path: Path, kind: str) -> None:
    with counting(db) as reads:
        EXPORTS[kind](db, tmp_path)
    assert reads.sessions == 1
    assert reads.statements.count("BEGIN") == 1
    # Each reading inside the use case finds the tender by its reference again (a query
    # of the handful of references), inside the same snapshot; the count is fixed.
    assert reads.tender_lookups <= 8


READS: dict[str, Callable[[Database], object]] = {
    "workbook": lambda db: read_evaluation_record(db, REF),
    "report": lambda db: read_report_record(db, REF, dt.date(2027, 1, 4)),
    "letters": lambda db: read_letter_record(db, REF),
}


@pytest.mark.parametrize("kind", sorted(READS))
def test_more_consensus_takes_no_more_statements(db: Database, kind: str) -> None:
    with counting(db) as before:
        READS[kind](db)
    # A rationale agreed again, quoting the winner's tender, and its review decided: more
    # trail entries and reviewed text, no more statements.
    record_consensus(db, REF, [ConsensusEntry("1", "B02", "SV2", 100, QUOTING, "")], MODERATOR)
    approve_passage(db, REF, PassageRef("1", "B02", "SV2", 1), "Alex Procurer")
    redact_passage(db, REF, PassageRef("1", "B02", "SV2", 3), "Alex Procurer")
    with counting(db) as after:
        READS[kind](db)
    assert len(after.statements) == len(before.statements)
