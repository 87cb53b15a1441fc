"""An evaluator's drafts: saved as they work, checked like a score, kept out of the trail;
and a lot of drafts submitted as scores, recorded exactly as a score sheet is."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from svdesk.services.audit_trail import audit_entries, verify
from svdesk.services.drafts import TEXT_LIMIT, save_draft, submit_lot
from svdesk.services.moderation import open_moderation
from svdesk.services.panel import Declaration, declare
from svdesk.services.readiness import readiness_problems
from svdesk.services.refusals import Refused
from svdesk.services.scoring import my_responses
from svdesk.services.workspace import ItemState, evaluator_workspace
from svdesk.store.database import Database
from tests.support.panel_tender import (
    ANN,
    BEN,
    LOT_1,
    MO,
    NONE_DECLARED,
    REF,
    WHY,
    declared_tender,
    panel_tender,
)
from tests.support.snapshot import snapshot

Key = tuple[str, str, str]


@pytest.fixture
def declared(tmp_path: Path) -> Iterator[tuple[Database, Path]]:
    db, path = declared_tender(tmp_path)
    yield db, path
    db.close()


def draft_rows(path: Path) -> list[tuple[object, ...]]:
    with sqlite3.connect(path) as connection:
        rows = connection.execute(
            "SELECT m.name, d.score, d.justification, d.notes FROM score_draft d "
            "JOIN panel_member m ON m.id = d.member_id ORDER BY d.id"
        ).fetchall()
    connection.close()
    return rows


def draft_all(db: Database, keys: list[Key], score: int = 75, why: str = WHY) -> None:
    for key in keys:
        save_draft(db, REF, ANN, *key, score=score, justification=why, notes="")


def item(db: Database, key: Key, who: str = ANN):  # type: ignore[no-untyped-def]
    workspace = evaluator_workspace(db, REF, who)
    return next(i for i in workspace.items if (i.lot, i.bidder, i.criterion) == key)


def test_a_draft_is_kept_and_replaced_in_place(declared: tuple[Database, Path]) -> None:
    db, path = declared
    save_draft(db, REF, ANN, "1", "B01", "SV1", score=50, justification="Half", notes="Ask")
    save_draft(db, REF, ANN, "1", "B01", "SV1", score=75, justification=WHY, notes="Re-read p.2")
    assert draft_rows(path) == [(ANN, 75, WHY, "Re-read p.2")]
    mine = item(db, ("1", "B01", "SV1"))
    assert (mine.state, mine.score, mine.justification, mine.notes) == (
        ItemState.DRAFT,
        75,
        WHY,
        "Re-read p.2",
    )


def test_a_draft_is_not_recorded_in_the_trail_nor_checked_by_verify(
    declared: tuple[Database, Path],
) -> None:
    db, _path = declared
    before = len(audit_entries(db, REF))
    save_draft(db, REF, ANN, "1", "B01", "SV1", score=None, justification="Unfinished", notes="")
    save_draft(db, REF, ANN, "1", "B02", "SV1", score=25, justification=WHY, notes="A note")
    assert len(audit_entries(db, REF)) == before
    assert verify(db, REF) == []
    # Nor is a draft a score: the evaluator's record of submitted work has none.
    assert all(r.score is None and not r.submitted for r in my_responses(db, REF, ANN))


def test_a_reference_and_keys_in_another_case_find_the_response(
    declared: tuple[Database, Path],
) -> None:
    db, path = declared
    save_draft(
        db, REF.lower(), "ann  evaluator", "1", "b01", "sv2", score=25, justification="", notes=""
    )
    assert draft_rows(path) == [(ANN, 25, "", "")]
    assert item(db, ("1", "B01", "SV2")).score == 25


REFUSALS = [
    (
        {"bidder": "B03", "criterion": "SV1"},
        ["B03's bid for lot 1 is excluded; its responses are not scored"],
    ),
    (
        {"score": 60},
        ["60 is not a score of the scale (0, 25, 50, 75 or 100)"],
    ),
    (
        {"justification": "x" * (TEXT_LIMIT + 1)},
        [
            "the justification is too long (20,001 characters): keep it to 20,000 characters "
            "or fewer"
        ],
    ),
    (
        {"notes": "y" * (TEXT_LIMIT + 5)},
        ["the notes are too long (20,005 characters): keep it to 20,000 characters or fewer"],
    ),
    (
        {"actor": BEN},
        [f"{BEN} cannot save drafts for {ANN}: only {ANN} can, when working"],
    ),
    (
        {"evaluator": MO},
        [f"{MO} is the moderator of {REF}, not an evaluator, and does not score responses"],
    ),
    (
        {"criterion": "SV9"},
        [f"no response of {REF} matches lot '1', bidder 'B01', criterion 'SV9'"],
    ),
    (
        {"reference": "NOPE"},
        ["there is no tender with the reference NOPE in the database"],
    ),
]


@pytest.mark.parametrize(("change", "reasons"), REFUSALS)
def test_a_refused_draft_changes_nothing(
    declared: tuple[Database, Path], change: dict[str, object], reasons: list[str]
) -> None:
    db, path = declared
    save_draft(db, REF, ANN, "1", "B01", "SV1", score=50, justification="Kept", notes="Kept")
    arguments: dict[str, object] = {
        "reference": REF,
        "evaluator": ANN,
        "lot": "1",
        "bidder": "B01",
        "criterion": "SV1",
        "score": 75,
        "justification": WHY,
        "notes": "New",
    }
    arguments.update(change)
    before = snapshot(path)
    with pytest.raises(Refused) as refused:
        save_draft(db, **arguments)  # type: ignore[arg-type]
    assert refused.value.reasons == reasons
    assert snapshot(path) == before


def test_a_draft_for_a_bidder_in_conflict_is_refused(tmp_path: Path) -> None:
    db, path = panel_tender(tmp_path)
    declare(
        db,
        REF,
        ANN,
        [
            Declaration("B01", True, "Former employee of Alpha Grounds until 2024"),
            Declaration("B02", False),
            Declaration("B03", False),
        ],
    )
    before = snapshot(path)
    with pytest.raises(Refused) as refused:
        save_draft(db, REF, ANN, "1", "B01", "SV1", score=75, justification=WHY, notes="")
    assert refused.value.reasons == [
        f"{ANN} declared a conflict of interest with B01 and cannot score its responses"
    ]
    assert snapshot(path) == before
    db.close()


def test_a_draft_before_declaring_is_refused(tmp_path: Path) -> None:
    db, path = panel_tender(tmp_path)
    declare(db, REF, ANN, [Declaration("B01", False)])
    before = snapshot(path)
    with pytest.raises(Refused) as refused:
        save_draft(db, REF, ANN, "1", "B01", "SV1", score=75, justification=WHY, notes="")
    assert refused.value.reasons == [
        f"{ANN} has not declared their interests for B02, B03: declare a conflict (or none) "
        "for every bidder before scoring"
    ]
    assert snapshot(path) == before
    db.close()


def test_drafts_and_submissions_are_refused_once_moderation_opens(
    declared: tuple[Database, Path],
) -> None:
    db, path = declared
    draft_all(db, LOT_1)
    open_moderation(db, REF)
    before = snapshot(path)
    with pytest.raises(Refused) as refused:
        save_draft(db, REF, ANN, "1", "B01", "SV1", score=25, justification=WHY, notes="")
    assert refused.value.reasons == [
        "moderation of this tender has begun: drafts can no longer be saved, and individual "
        "scores can no longer be submitted or changed"
    ]
    with pytest.raises(Refused, match="individual scores can no longer be submitted"):
        submit_lot(db, REF, ANN, "1")
    assert snapshot(path) == before


def test_a_lot_is_refused_naming_every_response_not_ready(
    declared: tuple[Database, Path],
) -> None:
    db, path = declared
    save_draft(db, REF, ANN, "1", "B01", "SV1", score=75, justification=WHY, notes="")
    save_draft(db, REF, ANN, "1", "B01", "SV2", score=50, justification="Too brief.", notes="")
    save_draft(db, REF, ANN, "1", "B02", "SV1", score=None, justification=WHY, notes="Hmm")
    before = snapshot(path)
    with pytest.raises(Refused) as refused:
        submit_lot(db, REF, ANN, "1")
    assert refused.value.reasons == [
        "Lot 1, B01, SV2: the justification is too short (2 words): write at least a "
        "sentence of 6 words or more explaining the score",
        "Lot 1, B02, SV1: no score yet",
        "Lot 1, B02, SV2: no score yet",
    ]
    assert snapshot(path) == before


def test_a_lot_submitted_is_recorded_as_a_score_sheet_is(
    declared: tuple[Database, Path],
) -> None:
    db, _path = declared
    draft_all(db, LOT_1)
    # Drafts are not scores: the letters still wait for all six.
    assert f"Panel: {ANN} has not submitted scores for 6 responses" in readiness_problems(db, REF)
    outcome = submit_lot(db, REF, ANN, "1")
    assert (outcome.submitted, outcome.changed, outcome.unchanged) == (4, 0, 0)
    submitted = [e for e in audit_entries(db, REF) if e.entity == "score"]
    assert [(e.actor, e.action, e.entity_key) for e in submitted] == [
        (ANN, "submitted", f"{ANN} / lot 1 / B01 / SV1"),
        (ANN, "submitted", f"{ANN} / lot 1 / B01 / SV2"),
        (ANN, "submitted", f"{ANN} / lot 1 / B02 / SV1"),
        (ANN, "submitted", f"{ANN} / lot 1 / B02 / SV2"),
    ]
    scores = {(r.lot, r.bidder, r.criterion): r for r in my_responses(db, REF, ANN)}
    assert all(scores[k].submitted and scores[k].score == 75 for k in LOT_1)
    assert not scores[("2", "B02", "SV1")].submitted
    assert item(db, ("1", "B01", "SV1")).state == ItemState.SUBMITTED
    assert f"Panel: {ANN} has not submitted scores for 2 responses" in readiness_problems(db, REF)
    assert verify(db, REF) == []


def test_a_changed_draft_resubmitted_replaces_the_score_and_the_trail_keeps_both(
    declared: tuple[Database, Path],
) -> None:
    db, _path = declared
    draft_all(db, LOT_1)
    submit_lot(db, REF, ANN, "1")
    better = "On a second reading the plan is fully costed, dated and owned."
    save_draft(db, REF, ANN, "1", "B02", "SV2", score=100, justification=better, notes="")
    assert item(db, ("1", "B02", "SV2")).state == ItemState.DRAFT
    assert item(db, ("1", "B02", "SV2")).submitted_score == 75
    outcome = submit_lot(db, REF, ANN, "1", actor="ANN evaluator")
    assert (outcome.submitted, outcome.changed, outcome.unchanged) == (0, 1, 3)
    open_moderation(db, REF)  # the trail shows scores once moderation has opened
    change = [e for e in audit_entries(db, REF) if e.action == "changed" and e.entity == "score"]
    assert [(e.actor, e.entity_key, e.old, e.new) for e in change] == [
        (
            ANN,
            f"{ANN} / lot 1 / B02 / SV2",
            {"score": 75, "justification": WHY, "submitted": True},
            {"score": 100, "justification": better, "submitted": True},
        )
    ]
    assert verify(db, REF) == []


def test_another_member_cannot_submit_a_lot(declared: tuple[Database, Path]) -> None:
    db, path = declared
    draft_all(db, LOT_1)
    before = snapshot(path)
    with pytest.raises(Refused) as refused:
        submit_lot(db, REF, ANN, "1", actor=MO)
    assert refused.value.reasons == [
        f"{MO} cannot submit scores for {ANN}: only {ANN} can, when working"
    ]
    assert snapshot(path) == before


def test_an_unknown_lot_is_refused(
    declared: tuple[Database, Path],
) -> None:
    db, path = declared
    before = snapshot(path)
    with pytest.raises(Refused) as refused:
        submit_lot(db, REF, ANN, "9")
    assert refused.value.reasons == [f"{REF} has no lot '9' (its lots: 1, 2)"]
    assert snapshot(path) == before


def test_a_score_sheet_imported_after_a_draft_is_the_working_score(
    declared: tuple[Database, Path],
) -> None:
    from svdesk.services.scoring import ScoreEntry, submit_scores

    db, _path = declared
    save_draft(db, REF, ANN, "1", "B01", "SV1", score=25, justification=WHY, notes="Mine")
    submit_scores(db, REF, ANN, [ScoreEntry("1", "B01", "SV1", 100, WHY)], NONE_DECLARED)
    mine = item(db, ("1", "B01", "SV1"))
    assert (mine.state, mine.score, mine.notes) == (ItemState.SUBMITTED, 100, "Mine")


def test_a_lot_with_nothing_left_to_score_is_refused(tmp_path: Path) -> None:
    db, path = panel_tender(tmp_path)
    declare(
        db,
        REF,
        BEN,
        [
            Declaration("B01", False),
            Declaration("B02", True, "My brother is a director of Beta Services"),
            Declaration("B03", False),
        ],
    )
    before = snapshot(path)
    with pytest.raises(Refused) as refused:
        submit_lot(db, REF, BEN, "2")
    assert refused.value.reasons == [
        f"{BEN} has nothing to score in lot 2: every bid there is excluded or one they "
        "declared a conflict with"
    ]
    assert snapshot(path) == before
    db.close()
