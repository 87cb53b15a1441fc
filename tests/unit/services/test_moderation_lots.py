"""Moderation lot by lot: opening, frozen scores, sign-off and reopening, in the trail."""

from __future__ import annotations

from pathlib import Path

import pytest

from svdesk.services.audit_trail import audit_entries, verify
from svdesk.services.drafts import save_draft, submit_lot
from svdesk.services.moderation import ConsensusEntry, record_consensus
from svdesk.services.moderation_lots import (
    lot_moderation,
    open_lot,
    reopen_lot,
    sign_off_lot,
)
from svdesk.services.panel import Declaration
from svdesk.services.refusals import Refused
from svdesk.services.scoring import ScoreEntry, submit_scores
from svdesk.store.database import Database
from tests.support.snapshot import snapshot
from tests.unit.services.test_evaluation_flow import (
    CONSENSUS,
    NONE_DECLARED,
    REF,
    WHY,
    entries,
    tender,
)

__all__ = ["tender"]
GO_ON = "Ben Evaluator is on long-term sick leave; the panel agreed to go on without him."


def lot_scores(lot: str) -> dict[tuple[str, str, str], int]:
    return {k: v for k, v in CONSENSUS.items() if k[0] == lot}


def test_opening_waits_for_every_evaluator_or_a_reason(tender: Database, tmp_path: Path) -> None:
    submit_scores(tender, REF, "Ann Evaluator", entries(CONSENSUS), NONE_DECLARED)
    before = snapshot(tmp_path / "t.sqlite")
    with pytest.raises(Refused) as refused:
        open_lot(tender, REF, "1")
    assert refused.value.reasons[0] == (
        "moderation of lot 1 cannot open yet: Ben Evaluator has 4 responses to submit"
    )
    with pytest.raises(Refused, match="reason to go on without them is too short"):
        open_lot(tender, REF, "1", without_reason="He is away")
    with pytest.raises(Refused, match="Ann Evaluator is not a moderator"):
        open_lot(tender, REF, "1", actor="Ann Evaluator", without_reason=GO_ON)
    assert snapshot(tmp_path / "t.sqlite") == before

    status = open_lot(tender, REF, "1", without_reason=GO_ON)
    assert (status.opened, status.opened_by, status.without_reason) == (True, "Mo Derator", GO_ON)
    opened = [e for e in audit_entries(tender, REF) if e.entity == "lot moderation"]
    assert [(e.action, e.entity_key, e.new) for e in opened] == [
        (
            "opened",
            "lot 1",
            {"opened_by": "Mo Derator", "without": ["Ben Evaluator"], "reason": GO_ON},
        )
    ]
    assert verify(tender, REF) == []


def test_scores_of_an_open_lot_are_frozen_and_other_lots_are_not(
    tender: Database, tmp_path: Path
) -> None:
    for name in ("Ann Evaluator", "Ben Evaluator"):
        submit_scores(tender, REF, name, entries(lot_scores("1")), NONE_DECLARED)
    open_lot(tender, REF, "1")
    before = snapshot(tmp_path / "t.sqlite")
    changed = [ScoreEntry("1", "B01", "SV1", 100, WHY, where_score="Scores!F2")]
    with pytest.raises(Refused) as refused:
        submit_scores(tender, REF, "Ann Evaluator", changed)
    assert refused.value.reasons == [
        "Scores!F2: moderation of lot 1 has begun: its individual scores are frozen and can "
        "no longer be submitted or changed (the moderated score is where the panel's view "
        "changes now)"
    ]
    with pytest.raises(Refused, match="moderation of this lot has begun"):
        save_draft(tender, REF, "Ann Evaluator", "1", "B01", "SV1", score=100, justification=WHY)
    with pytest.raises(Refused, match="moderation of lot 1 has begun"):
        submit_lot(tender, REF, "Ann Evaluator", "1")
    assert snapshot(tmp_path / "t.sqlite") == before
    # Lot 2 is still being scored.
    submit_scores(tender, REF, "Ann Evaluator", entries(lot_scores("2")))
    statuses = {s.lot: s for s in lot_moderation(tender, REF)}
    assert statuses["1"].opened
    assert not statuses["2"].opened
    assert statuses["2"].waiting_for == (("Ben Evaluator", 2),)


def test_sign_off_locks_the_consensus_and_reopening_needs_a_reason(
    tender: Database, tmp_path: Path
) -> None:
    for name in ("Ann Evaluator", "Ben Evaluator"):
        submit_scores(tender, REF, name, entries(CONSENSUS), NONE_DECLARED)
    open_lot(tender, REF, "1")
    open_lot(tender, REF, "2")  # the last lot: the tender's moderation opens too
    agreed = [
        ConsensusEntry(*key, score, f"The response earns {score}: {WHY}")
        for key, score in lot_scores("1").items()
    ]
    record_consensus(tender, REF, agreed[:3])
    before = snapshot(tmp_path / "t.sqlite")
    with pytest.raises(Refused) as refused:
        sign_off_lot(tender, REF, "1", "Mo Derator, Ann Evaluator, Ben Evaluator")
    assert refused.value.reasons == [
        "lot 1 cannot be signed off: 1 response has no confirmed consensus",
        "Lot 1, B02, SV2: no confirmed consensus yet",
    ]
    with pytest.raises(Refused, match="say who was present"):
        sign_off_lot(tender, REF, "1", "  ")
    assert snapshot(tmp_path / "t.sqlite") == before
    record_consensus(tender, REF, agreed[3:])
    status = sign_off_lot(tender, REF, "1", "Mo Derator, Ann Evaluator, Ben Evaluator")
    assert status.signed_off
    assert status.present == "Mo Derator, Ann Evaluator, Ben Evaluator"

    locked = snapshot(tmp_path / "t.sqlite")
    # The same consensus again (a workbook re-imported as it was) changes nothing.
    assert record_consensus(tender, REF, agreed).unchanged == 4
    change = [ConsensusEntry("1", "B01", "SV1", 100, f"The response earns 100: {WHY}")]
    with pytest.raises(
        Refused, match="lot 1 was signed off by Mo Derator: its consensus is locked"
    ):
        record_consensus(tender, REF, change)
    with pytest.raises(Refused, match="too short"):
        reopen_lot(tender, REF, "1", "typo")
    assert snapshot(tmp_path / "t.sqlite") == locked

    reason = "The panel found an arithmetic slip in B01's SV1 after sign-off."
    assert not reopen_lot(tender, REF, "1", reason).signed_off
    record_consensus(tender, REF, change)
    trail = [
        (e.action, e.entity_key) for e in audit_entries(tender, REF) if e.entity == "lot moderation"
    ]
    assert trail == [
        ("opened", "lot 1"),
        ("opened", "lot 2"),
        ("signed off", "lot 1"),
        ("reopened", "lot 1"),
    ]
    reopened = next(e for e in audit_entries(tender, REF) if e.action == "reopened")
    assert reopened.new == {"reopened_by": "Mo Derator", "reason": reason}
    assert any(
        e.entity == "moderation" and e.action == "opened" for e in audit_entries(tender, REF)
    )
    assert verify(tender, REF) == []


def test_an_open_lot_s_scores_are_visible_and_others_stay_private(tender: Database) -> None:
    from svdesk.services.scoring import individual_scores

    for name in ("Ann Evaluator", "Ben Evaluator"):
        submit_scores(tender, REF, name, entries(CONSENSUS), NONE_DECLARED)
    with pytest.raises(Refused, match="moderation has not opened"):
        individual_scores(tender, REF, "Mo Derator")
    open_lot(tender, REF, "1")
    seen = individual_scores(tender, REF, "Mo Derator")
    assert {(s.evaluator, s.lot) for s in seen} == {("Ann Evaluator", "1"), ("Ben Evaluator", "1")}
    ann = individual_scores(tender, REF, "Ann Evaluator")
    assert {(s.evaluator, s.lot) for s in ann} == {
        ("Ann Evaluator", "1"),
        ("Ann Evaluator", "2"),
        ("Ben Evaluator", "1"),
    }


def test_who_is_waited_for_leaves_out_their_conflicts_and_what_they_submitted(
    tender: Database,
) -> None:
    statuses = {s.lot: s for s in lot_moderation(tender, REF)}
    assert statuses["1"].waiting_for == (("Ann Evaluator", 4), ("Ben Evaluator", 4))
    # Ben declares a conflict with B01: its responses are not his to score.
    conflicted = [Declaration("B01", True, "My brother runs it"), Declaration("B02", False)]
    b02 = {k: v for k, v in lot_scores("1").items() if k[1] == "B02"}
    submit_scores(tender, REF, "Ben Evaluator", entries(b02), conflicted)
    submit_scores(tender, REF, "Ann Evaluator", entries(lot_scores("1")), NONE_DECLARED)

    statuses = {s.lot: s for s in lot_moderation(tender, REF)}
    assert statuses["1"].waiting_for == ()  # Ben scored all that was his
    lot_two = len(lot_scores("2"))
    ben_two = len({k for k in lot_scores("2") if k[1] != "B01"})
    assert statuses["2"].waiting_for == (("Ann Evaluator", lot_two), ("Ben Evaluator", ben_two))
    assert open_lot(tender, REF, "1").opened  # nobody is waited for
