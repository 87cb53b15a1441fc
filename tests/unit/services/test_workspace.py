"""The evaluator's workspace: every response they must score, in tender order, with its
state, their own draft or submitted score and notes, and their progress lot by lot."""

from __future__ import annotations

from pathlib import Path

import pytest

from svdesk.services.drafts import save_draft, submit_lot
from svdesk.services.panel import Declaration, declare
from svdesk.services.refusals import Refused
from svdesk.services.workspace import (
    ItemState,
    evaluator_workspace,
    progress_of,
    response_state,
)
from tests.support.packs import ANSWER
from tests.support.panel_tender import ANN, BEN, LOT_1, MO, REF, WHY, declared_tender, panel_tender


def test_every_state_in_tender_order_with_progress(tmp_path: Path) -> None:
    db, _path = declared_tender(tmp_path)
    for key in LOT_1:
        save_draft(db, REF, ANN, *key, score=50, justification=WHY, notes="")
    submit_lot(db, REF, ANN, "1")
    save_draft(db, REF, ANN, "1", "B02", "SV2", score=75, justification=WHY, notes="Upgrade?")
    save_draft(db, REF, ANN, "2", "B02", "SV1", score=None, justification="Started", notes="")
    workspace = evaluator_workspace(db, REF, "ann evaluator")
    assert workspace.evaluator == ANN
    assert [
        (i.lot, i.bidder, i.criterion, i.state, i.score, i.submitted_score, i.notes)
        for i in workspace.items
    ] == [
        ("1", "B01", "SV1", ItemState.SUBMITTED, 50, 50, ""),
        ("1", "B01", "SV2", ItemState.SUBMITTED, 50, 50, ""),
        ("1", "B02", "SV1", ItemState.SUBMITTED, 50, 50, ""),
        ("1", "B02", "SV2", ItemState.DRAFT, 75, 50, "Upgrade?"),
        ("2", "B02", "SV1", ItemState.DRAFT, None, None, ""),
        ("2", "B02", "SV2", ItemState.NO_ANSWER, None, None, ""),
    ]
    # The excluded bid (B03 in lot 1) is not there to score at all.
    assert all(i.bidder != "B03" for i in workspace.items)
    assert workspace.items[0].answer == ANSWER
    assert workspace.items[0].bidder_name == "Alpha Grounds Ltd"
    assert workspace.items[0].criterion_title == "Jobs"
    assert workspace.items[0].word_limit == 50
    assert workspace.items[-1].missing
    assert workspace.items[-1].answer == ""
    assert [(p.lot, p.summary()) for p in workspace.progress] == [
        ("1", "4 of 4 scored, 3 submitted"),
        ("2", "0 of 2 scored"),
    ]
    assert workspace.undeclared == []
    assert not workspace.moderation_open


def test_a_conflict_hides_the_bidders_answers(tmp_path: Path) -> None:
    db, _path = panel_tender(tmp_path)
    declare(
        db,
        REF,
        BEN,
        [
            Declaration("B02", True, "My brother is a director of Beta Services"),
            Declaration("B01", False),
            Declaration("B03", False),
        ],
    )
    workspace = evaluator_workspace(db, REF, BEN)
    conflicts = [i for i in workspace.items if i.bidder == "B02"]
    assert [i.state for i in conflicts] == [ItemState.CONFLICT] * 4
    assert all(i.answer == "" and i.attachment is None for i in conflicts)
    assert [(p.lot, p.summary()) for p in workspace.progress] == [
        ("1", "0 of 2 scored"),
        ("2", "nothing to score"),
    ]
    assert workspace.declarations["B02"].conflict
    assert workspace.declarations["B02"].details == "My brother is a director of Beta Services"
    assert [i.state for i in workspace.items if i.bidder == "B01"] == [ItemState.NOT_STARTED] * 2


def test_declarations_still_to_make_are_listed(tmp_path: Path) -> None:
    db, _path = panel_tender(tmp_path)
    declare(db, REF, ANN, [Declaration("B02", False)])
    workspace = evaluator_workspace(db, REF, ANN)
    assert workspace.bidders == {
        "B01": "Alpha Grounds Ltd",
        "B02": "Beta Services plc",
        "B03": "Gamma Gardens",
    }
    assert list(workspace.declarations) == ["B02"]
    assert workspace.undeclared == ["B01", "B03"]


def test_the_workspace_is_for_evaluators(tmp_path: Path) -> None:
    db, _path = panel_tender(tmp_path)
    with pytest.raises(Refused) as refused:
        evaluator_workspace(db, REF, MO)
    assert refused.value.reasons == [
        f"{MO} is the moderator of {REF}, not an evaluator, and does not score responses"
    ]


def test_one_responses_state_is_the_one_the_whole_workspace_gives(tmp_path: Path) -> None:
    db, _path = declared_tender(tmp_path)
    for key in LOT_1:
        save_draft(db, REF, ANN, *key, score=50, justification=WHY, notes="")
    submit_lot(db, REF, ANN, "1")
    save_draft(db, REF, ANN, "1", "B02", "SV2", score=75, justification=WHY, notes="Upgrade?")
    save_draft(db, REF, ANN, "2", "B02", "SV1", score=None, justification="Started", notes="")
    declare(
        db,
        REF,
        BEN,
        [Declaration("B02", True, "My brother is a director of Beta Services")],
    )
    for member in (ANN, BEN):
        workspace = evaluator_workspace(db, REF, member)
        for item in workspace.items:
            one = response_state(db, REF, member, item.lot, item.bidder, item.criterion)
            assert one is not None
            assert (one.state, one.score, one.justification, one.notes) == (
                item.state,
                item.score,
                item.justification,
                item.notes,
            ), (member, item.lot, item.bidder, item.criterion)
        assert progress_of(workspace.progress, workspace.items) == workspace.progress
    # A response the evaluator does not see: the excluded bid, or no such response.
    assert response_state(db, REF, ANN, "1", "B03", "SV1") is None
    assert response_state(db, REF, ANN, "1", "B09", "SV1") is None
    assert response_state(db, REF, "Nobody", "1", "B01", "SV1") is None
