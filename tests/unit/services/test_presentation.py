"""What the shared screen is given: labels for people, names taken out of their text, a
draft's reconciliation never, and which lot's board to show while no response is."""

from __future__ import annotations

import pytest

from svdesk.services.anonymity_setting import set_anonymity
from svdesk.services.moderation_consensus import save_consensus_draft
from svdesk.services.moderation_lots import open_lot
from svdesk.services.presentation import lot_to_present, presented_board, presented_response
from svdesk.services.refusals import Refused
from svdesk.services.scoring import submit_scores
from svdesk.services.tenders import tender_overview
from svdesk.store.database import Database
from tests.unit.services.test_evaluation_flow import CONSENSUS, NONE_DECLARED, REF, entries, tender

__all__ = ["tender"]
NOTE = "Ann Evaluator gave 75 and Ben 50; the panel agreed 75. Present: all three."
RATIONALE = "{name} commits to four local jobs with dates and quarterly KPI reports."


@pytest.fixture
def scored(tender: Database) -> Database:
    submit_scores(tender, REF, "Ann Evaluator", entries(CONSENSUS), NONE_DECLARED)
    submit_scores(tender, REF, "Ben Evaluator", entries(CONSENSUS), NONE_DECLARED)
    return tender


def test_nothing_is_presented_before_a_lot_opens(scored: Database) -> None:
    assert lot_to_present(scored, REF) is None
    with pytest.raises(Refused, match="has not opened"):
        presented_response(scored, REF, "1", "B01", "SV1")


def test_the_lot_shown_is_the_one_asked_for_when_open(scored: Database) -> None:
    open_lot(scored, REF, "2")
    assert lot_to_present(scored, REF) == "2"
    assert lot_to_present(scored, REF, "1") == "2"  # lot 1 is not open
    open_lot(scored, REF, "1")
    assert lot_to_present(scored, REF) == "1"
    assert lot_to_present(scored, REF, "2") == "2"


def test_people_and_hidden_bidders_are_labels_in_every_text(scored: Database) -> None:
    open_lot(scored, REF, "1")
    set_anonymity(scored, REF, hide_bidders_on_screen=True)
    name = tender_overview(scored, REF).bidder("B01").name
    save_consensus_draft(
        scored,
        REF,
        "1",
        "B01",
        "SV1",
        version=0,
        score=75,
        rationale=RATIONALE.format(name=name),
        reconciliation=NOTE,
        actor="Mo Derator",
    )
    shown = presented_response(scored, REF, "1", "B01", "SV1")
    assert shown.hide_bidders
    response = shown.response
    assert response.bidder_name == "Bidder 1"
    assert [p.evaluator for p in response.panel] == ["Evaluator A", "Evaluator B"]
    assert response.draft is not None
    assert response.draft.rationale == RATIONALE.format(name="Bidder 1")
    assert response.draft.reconciliation == ""
    assert response.draft.updated_by == ""
    assert response.warnings == ()
    board = presented_board(scored, REF, "1")
    assert [b.label for b in board.bidders] == ["Bidder 1", "Bidder 2"]
    assert board.evaluators == ("Evaluator A", "Evaluator B")


def test_an_agreed_reconciliation_is_shown_with_labels_for_names(scored: Database) -> None:
    from svdesk.services.moderation_consensus import confirm_consensus

    open_lot(scored, REF, "1")
    saved = save_consensus_draft(
        scored,
        REF,
        "1",
        "B01",
        "SV1",
        version=0,
        score=75,
        rationale=RATIONALE.format(name="The bidder"),
        sub_rationales=[
            "Four local jobs with start dates, two ring-fenced for care leavers, reported quarterly.",
            "Two apprenticeships a year with a named college and a qualification at level 3.",
        ],
        reconciliation=NOTE,
        actor="Mo Derator",
    )
    confirm_consensus(scored, REF, "1", "B01", "SV1", version=saved.version, actor="Mo Derator")
    response = presented_response(scored, REF, "1", "B01", "SV1").response
    assert response.consensus == 75
    assert response.consensus_reconciliation == (
        "Evaluator A gave 75 and Evaluator B 50; the panel agreed 75. Present: all three."
    )
