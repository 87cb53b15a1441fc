"""Every lot's moderation read flat: who is still to submit each lot not yet open is counted
by SQLite (less their conflicts and excluded bids), in as many statements whatever the
panel's size."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import event

from svdesk.services.moderation_lots import lot_moderation
from svdesk.services.panel import Declaration, add_member, declare
from svdesk.services.scoring import ScoreEntry, submit_scores
from svdesk.store.database import Database
from tests.support.panel_tender import ANN, BEN, NONE_DECLARED, REF, WHY, panel_tender


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database, _ = panel_tender(tmp_path)
    yield database
    database.close()


def waiting(db: Database) -> dict[str, tuple[tuple[str, int], ...]]:
    return {lot.lot: lot.waiting_for for lot in lot_moderation(db, REF)}


def test_a_conflict_and_an_excluded_bid_are_not_waited_for(db: Database) -> None:
    # Lot 1: B01 and B02 (B03's bid is excluded), two criteria; lot 2: B02, two criteria.
    assert waiting(db) == {"1": ((ANN, 4), (BEN, 4)), "2": ((ANN, 2), (BEN, 2))}
    declare(db, REF, ANN, [Declaration("B01", True, "My brother runs it"), *NONE_DECLARED[1:]])
    submit_scores(db, REF, ANN, [ScoreEntry("1", "B02", c, 50, WHY) for c in ("SV1", "SV2")])
    assert waiting(db) == {"1": ((BEN, 4),), "2": ((ANN, 2), (BEN, 2))}


def statements_of_a_reading(db: Database) -> list[str]:
    statements: list[str] = []

    def seen(_conn, _cursor, statement: str, *_args: object) -> None:  # type: ignore[no-untyped-def]
        statements.append(statement.split()[0].upper())

    event.listen(db.engine, "before_cursor_execute", seen)
    try:
        lot_moderation(db, REF)
    finally:
        event.remove(db.engine, "before_cursor_execute", seen)
    return statements


def test_the_lots_are_read_in_as_many_statements_whatever_the_panels_size(
    db: Database,
) -> None:
    two = statements_of_a_reading(db)
    for name in ("Cy Evaluator", "Di Evaluator", "Ed Evaluator"):
        add_member(db, REF, name)
    assert len(statements_of_a_reading(db)) == len(two)
    assert waiting(db)["2"][-1] == ("Ed Evaluator", 2)
