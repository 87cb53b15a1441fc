"""The Results page's two readings add up to the readiness check, and letters still need
the trail verified.

The page shows ``results_and_readiness`` at once and ``text_and_trail_problems``
after; together they must be exactly what ``svdesk check`` lists, in its order, and
``require_ready`` (what every letter is written behind) must still verify the trail itself.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from svdesk.services.demo import create_demo, demo_reference
from svdesk.services.readiness import (
    readiness_problems,
    require_ready,
    results_and_readiness,
    text_and_trail_problems,
)
from svdesk.services.refusals import Refused
from svdesk.services.results import tender_results
from svdesk.store.database import Database, open_database
from tests.unit.services.test_evaluation_flow import REF, score_everything, tender

__all__ = ["tender"]


@pytest.fixture
def demo(tmp_path: Path) -> Iterator[Database]:
    db = open_database(tmp_path / "d.sqlite")
    create_demo(db)
    yield db
    db.close()


def test_the_two_readings_are_the_readiness_check(demo: Database) -> None:
    reference = demo_reference()
    reading = results_and_readiness(demo, reference)
    assert reading.results == tender_results(demo, reference)
    assert reading.problems + text_and_trail_problems(demo, reference) == readiness_problems(
        demo, reference
    )
    assert text_and_trail_problems(demo, reference) == []


def test_an_unready_tender_lists_the_same_problems_in_the_same_order(tender: Database) -> None:
    score_everything(tender)
    reading = results_and_readiness(tender, REF)
    assert reading.problems
    assert reading.problems + text_and_trail_problems(tender, REF) == readiness_problems(
        tender, REF
    )


def test_letters_still_verify_the_trail_themselves(demo: Database, tmp_path: Path) -> None:
    reference = demo_reference()
    assert require_ready(demo, reference) is not None  # the verified tip
    with sqlite3.connect(tmp_path / "d.sqlite") as connection:
        connection.execute(
            "UPDATE consensus SET score = 0 WHERE id = (SELECT MIN(id) FROM consensus)"
        )
    # What the page shows at once knows nothing of the trail ...
    assert not any(
        p.startswith("Audit trail") for p in results_and_readiness(demo, reference).problems
    )
    # ... the trail's own reading does, and so does what letters are written behind.
    assert text_and_trail_problems(demo, reference)
    with pytest.raises(Refused) as refused:
        require_ready(demo, reference)
    assert any(reason.startswith("Audit trail: ") for reason in refused.value.reasons)
