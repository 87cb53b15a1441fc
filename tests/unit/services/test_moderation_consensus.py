"""The consensus editor: drafts as typed, confirmation, the reconciliation rule and two
moderators at once."""

from __future__ import annotations

from pathlib import Path

import pytest

from svdesk.domain.evaluation_rules import PanelRole
from svdesk.services.audit_trail import audit_entries, verify
from svdesk.services.moderation_board import BoardFlavour
from svdesk.services.moderation_consensus import (
    EditedMeanwhile,
    confirm_consensus,
    response_in_moderation,
    save_consensus_draft,
)
from svdesk.services.moderation_lots import open_lot
from svdesk.services.panel import add_member
from svdesk.services.refusals import Refused
from svdesk.services.results import tender_results
from svdesk.services.scoring import submit_scores
from svdesk.store.database import Database
from tests.support.snapshot import snapshot
from tests.unit.services.test_evaluation_flow import CONSENSUS, NONE_DECLARED, REF, entries, tender

__all__ = ["tender"]
RATIONALE = (
    "The answer commits to recruit four local residents into permanent roles, two for care "
    "leavers, with quarterly KPI reports; it lacks a start date."
)
NOTE = "Ann scored 75 and Ben 50; the panel agreed 75 after reading the KPI table together."


@pytest.fixture
def moderating(tender: Database) -> Database:
    add_member(tender, REF, "Zoe Moderator", PanelRole.MODERATOR)
    differing = dict(CONSENSUS)
    submit_scores(tender, REF, "Ann Evaluator", entries(CONSENSUS), NONE_DECLARED)
    differing[("1", "B01", "SV1")] = 50  # Ben gives 50 where Ann gives 75
    submit_scores(tender, REF, "Ben Evaluator", entries(differing), NONE_DECLARED)
    open_lot(tender, REF, "1", actor="Mo Derator")
    return tender


def test_the_editor_shows_the_panel_side_by_side(moderating: Database) -> None:
    view = response_in_moderation(moderating, REF, "1", "B01", "SV1")
    assert [(p.evaluator, p.score) for p in view.panel] == [
        ("Ann Evaluator", 75),
        ("Ben Evaluator", 50),
    ]
    assert (view.spread, view.median, view.version, view.draft) == (1, 62.5, 0, None)
    shown = response_in_moderation(moderating, REF, "1", "B01", "SV1", BoardFlavour.PRESENTATION)
    assert [p.evaluator for p in shown.panel] == ["Evaluator A", "Evaluator B"]
    assert "Ann" not in repr(shown.panel)
    hidden = response_in_moderation(
        moderating, REF, "1", "B02", "SV1", BoardFlavour.PRESENTATION, hide_bidders=True
    )
    assert hidden.bidder_name == "Bidder 2"


def test_a_draft_is_kept_as_typed_then_confirmed(moderating: Database) -> None:
    saved = save_consensus_draft(
        moderating,
        REF,
        "1",
        "B01",
        "SV1",
        version=0,
        score=75,
        rationale="Half typ",
        actor="Mo Derator",
    )
    assert saved.version == 1
    assert saved.reconciliation_needed == "the evaluators' scores differed (75, 50)"
    assert tender_results(moderating, REF, "1").lots[0].bids[-1].criteria[0].score is None
    with pytest.raises(Refused) as refused:
        confirm_consensus(moderating, REF, "1", "B01", "SV1", version=1, actor="Mo Derator")
    # SV1 has two sub-criteria (New jobs, Skills): each needs its own rationale.
    assert refused.value.reasons[0] == "the rationale for sub-criterion 1 (New jobs) is required"
    assert refused.value.reasons[1] == "the rationale for sub-criterion 2 (Skills) is required"
    assert refused.value.reasons[2] == (
        "the reconciliation note is required: the evaluators' scores differed (75, 50), so say "
        "how the panel resolved the difference and who was present"
    )
    saved = save_consensus_draft(
        moderating,
        REF,
        "1",
        "B01",
        "SV1",
        version=1,
        score=75,
        rationale="",
        sub_rationales=[
            RATIONALE,
            "Two of the roles are ring-fenced for care leavers, with training.",
        ],
        reconciliation=NOTE,
        actor="Mo Derator",
    )
    confirmed = confirm_consensus(
        moderating, REF, "1", "B01", "SV1", version=saved.version, actor="Mo Derator"
    )
    assert confirmed.version == 3
    b01 = next(b for b in tender_results(moderating, REF, "1").lots[0].bids if b.bidder == "B01")
    assert b01.criteria[0].score == 75
    agreed = [e for e in audit_entries(moderating, REF) if e.entity == "consensus"]
    assert [(e.actor, e.action, e.new["score"]) for e in agreed] == [("Mo Derator", "agreed", 75)]
    assert agreed[0].new["rationale"] == (
        f"Sub-criterion 1: {RATIONALE}\n"
        "Sub-criterion 2: Two of the roles are ring-fenced for care leavers, with training."
    )
    assert verify(moderating, REF) == []


def test_a_consensus_unlike_every_score_needs_a_note(moderating: Database) -> None:
    # Both evaluators gave B02's SV2 100; a consensus of 75 differs from each.
    save_consensus_draft(
        moderating,
        REF,
        "1",
        "B02",
        "SV2",
        version=0,
        score=75,
        rationale=RATIONALE,
        actor="Mo Derator",
    )
    with pytest.raises(Refused) as refused:
        confirm_consensus(moderating, REF, "1", "B02", "SV2", version=1, actor="Mo Derator")
    assert refused.value.reasons == [
        "the reconciliation note is required: the consensus 75 differs from every evaluator's "
        "score (100, 100), so say how the panel resolved the difference and who was present"
    ]
    # Agreeing with them needs none.
    save_consensus_draft(
        moderating,
        REF,
        "1",
        "B02",
        "SV2",
        version=1,
        score=100,
        rationale=RATIONALE,
        actor="Mo Derator",
    )
    assert (
        confirm_consensus(
            moderating, REF, "1", "B02", "SV2", version=2, actor="Mo Derator"
        ).reconciliation_needed
        is None
    )


def test_the_second_moderator_is_told_and_nothing_is_overwritten(
    moderating: Database, tmp_path: Path
) -> None:
    mo = response_in_moderation(moderating, REF, "1", "B01", "SV1")
    zoe = response_in_moderation(moderating, REF, "1", "B01", "SV1")
    save_consensus_draft(
        moderating,
        REF,
        "1",
        "B01",
        "SV1",
        version=mo.version,
        score=75,
        rationale=RATIONALE,
        actor="Mo Derator",
    )
    before = snapshot(tmp_path / "t.sqlite")
    with pytest.raises(EditedMeanwhile) as told:
        save_consensus_draft(
            moderating,
            REF,
            "1",
            "B01",
            "SV1",
            version=zoe.version,
            score=50,
            rationale="Something else entirely, written without seeing Mo's draft.",
            actor="Zoe Moderator",
        )
    assert told.value.by == "Mo Derator"
    assert "Mo Derator saved this consensus at" in told.value.reasons[0]
    with pytest.raises(EditedMeanwhile):
        confirm_consensus(
            moderating, REF, "1", "B01", "SV1", version=zoe.version, actor="Zoe Moderator"
        )
    assert snapshot(tmp_path / "t.sqlite") == before
    draft = response_in_moderation(moderating, REF, "1", "B01", "SV1").draft
    assert draft is not None
    assert (draft.score, draft.updated_by) == (75, "Mo Derator")


def test_bad_input_is_refused_and_changes_nothing(moderating: Database, tmp_path: Path) -> None:
    before = snapshot(tmp_path / "t.sqlite")
    with pytest.raises(Refused, match="60 is not a score of the scale"):
        save_consensus_draft(
            moderating, REF, "1", "B01", "SV1", version=0, score=60, actor="Mo Derator"
        )
    with pytest.raises(Refused, match="Ann Evaluator is not a moderator"):
        save_consensus_draft(
            moderating, REF, "1", "B01", "SV1", version=0, score=50, actor="Ann Evaluator"
        )
    with pytest.raises(Refused, match="moderation of lot 2 has not opened"):
        save_consensus_draft(
            moderating, REF, "2", "B02", "SV1", version=0, score=50, actor="Mo Derator"
        )
    with pytest.raises(Refused, match="moderation of lot 2 has not opened"):
        response_in_moderation(moderating, REF, "2", "B02", "SV1")
    assert snapshot(tmp_path / "t.sqlite") == before


def test_the_workbook_s_consensus_is_checked_with_warnings(tender: Database) -> None:
    from svdesk.services.moderation import ConsensusEntry, open_moderation, record_consensus
    from svdesk.services.readiness import readiness_problems

    submit_scores(tender, REF, "Ann Evaluator", entries(CONSENSUS), NONE_DECLARED)
    submit_scores(tender, REF, "Ben Evaluator", entries(CONSENSUS), NONE_DECLARED)
    open_moderation(tender, REF)
    comparing = (
        "Four local residents in permanent roles with quarterly KPI reports, better than the "
        "other bids."
    )
    outcome = record_consensus(tender, REF, [ConsensusEntry("2", "B02", "SV2", 25, comparing)])
    assert outcome.recorded == 1
    assert outcome.warnings == (
        'Lot 2, B02, SV2: the rationale compares bids ("better than the other"); assess this '
        "answer against the criterion and the scale alone: say what it offers and what it "
        "lacks, without reference to other bids",
    )
    assert outcome.warnings[0] in readiness_problems(tender, REF)
