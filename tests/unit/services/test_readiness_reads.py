"""The readiness check's panel and consensus checks, read in flat queries: who has yet to
declare, how many responses each evaluator has yet to submit (less their conflicts and
excluded bids), and what moderation has yet to agree, in one snapshot."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import event

from svdesk.domain.evaluation_rules import PanelRole
from svdesk.services.panel import Declaration, add_member, declare
from svdesk.services.readiness import readiness_problems
from svdesk.services.scoring import ScoreEntry, submit_scores
from svdesk.store.database import Database
from tests.support.panel_tender import ANN, BEN, NONE_DECLARED, REF, WHY, panel_tender


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database, _ = panel_tender(tmp_path)
    yield database
    database.close()


def panel_problems(db: Database) -> list[str]:
    return [p for p in readiness_problems(db, REF) if p.startswith("Panel:")]


def test_a_conflict_and_an_excluded_bid_are_not_counted_as_unscored(db: Database) -> None:
    # Ann's conflict takes B01 off her; B03's bid is excluded. She scores lot 1's B02,
    # B02's bid for lot 2 (SV1, and SV2 whose answer is missing) remains.
    declare(db, REF, ANN, [Declaration("B01", True, "My brother runs it"), *NONE_DECLARED[1:]])
    declare(db, REF, BEN, NONE_DECLARED[:2])
    assert panel_problems(db) == [
        f"Panel: {ANN} has not submitted scores for 4 responses",
        f"Panel: {BEN} has not declared their interests for B03",
    ]
    submit_scores(db, REF, ANN, [ScoreEntry("1", "B02", c, 50, WHY) for c in ("SV1", "SV2")])
    assert panel_problems(db)[0] == f"Panel: {ANN} has not submitted scores for 2 responses"
    submit_scores(db, REF, ANN, [ScoreEntry("2", "B02", "SV1", 50, WHY)])
    assert panel_problems(db)[0] == f"Panel: {ANN} has not submitted scores for 1 response"


def test_undeclared_bidders_are_named_in_the_tenders_order(db: Database) -> None:
    declare(db, REF, ANN, [NONE_DECLARED[1]])
    assert panel_problems(db)[0] == (f"Panel: {ANN} has not declared their interests for B01, B03")


def test_moderation_still_to_agree_is_listed_in_the_tenders_order(db: Database) -> None:
    missing = [p for p in readiness_problems(db, REF) if p.endswith("rationale yet")]
    # B03's bid is excluded: it is not moderated. B02 gave no answer to lot 2's SV2, which
    # takes the scale's lowest score and so needs no moderation (as the results count it).
    assert missing == [
        f"Lot {lot}, {bidder}, {code}: no moderated score and rationale yet"
        for lot, bidder, code in [
            ("1", "B01", "SV1"),
            ("1", "B01", "SV2"),
            ("1", "B02", "SV1"),
            ("1", "B02", "SV2"),
            ("2", "B02", "SV1"),
        ]
    ]


def statements_of_a_check(db: Database) -> list[str]:
    statements: list[str] = []

    def seen(_conn, _cursor, statement: str, *_args: object) -> None:  # type: ignore[no-untyped-def]
        statements.append(statement.split()[0].upper())

    event.listen(db.engine, "before_cursor_execute", seen)
    try:
        readiness_problems(db, REF)
    finally:
        event.remove(db.engine, "before_cursor_execute", seen)
    return statements


def test_the_check_reads_one_snapshot_in_as_many_queries_whatever_the_panels_size(
    db: Database,
) -> None:
    declare(db, REF, ANN, NONE_DECLARED)
    declare(db, REF, BEN, NONE_DECLARED)
    two = statements_of_a_check(db)
    for name in ("Cat Evaluator", "Dan Evaluator", "Eve Evaluator"):
        add_member(db, REF, name, PanelRole.EVALUATOR)
        declare(db, REF, name, NONE_DECLARED)
    five = statements_of_a_check(db)
    assert two.count("BEGIN") == 1  # one transaction: everything from one snapshot
    assert len(five) == len(two)
