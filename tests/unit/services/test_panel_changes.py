"""Changes to the panel: no one joins once moderation has opened; a member who has not
scored may be withdrawn, with the reason, and the audit trail still verifies; the trail
names the member at work as the panel spells them."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from svdesk.domain.evaluation_rules import PanelRole
from svdesk.services.audit_trail import audit_entries, verify
from svdesk.services.drafts import save_draft, submit_lot
from svdesk.services.moderation import open_moderation
from svdesk.services.panel import Declaration, add_member, declare, list_members
from svdesk.services.passphrases import set_passphrase
from svdesk.services.readiness import readiness_problems
from svdesk.services.refusals import Refused
from svdesk.services.scoring import ScoreEntry, submit_scores
from svdesk.services.withdrawal import withdraw_member
from svdesk.store.database import Database
from tests.support.panel_tender import (
    ANN,
    BEN,
    LOT_1,
    LOT_2,
    MO,
    REF,
    WHY,
    declared_tender,
)
from tests.support.snapshot import snapshot

REASON = "Left the council's employment at the end of November."


@pytest.fixture
def declared(tmp_path: Path) -> Iterator[tuple[Database, Path]]:
    db, path = declared_tender(tmp_path)
    yield db, path
    db.close()


def rows(path: Path, table: str) -> int:
    with sqlite3.connect(path) as connection:
        count = connection.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
    connection.close()
    return int(count)


def score_all(db: Database, who: str) -> None:
    submit_scores(db, REF, who, [ScoreEntry(*key, 50, WHY) for key in LOT_1 + LOT_2])


@pytest.mark.parametrize(
    ("role", "reason"),
    [
        (
            PanelRole.EVALUATOR,
            f"moderation of {REF} has opened, so Cy New cannot join the panel: individual "
            "scores are frozen once moderation opens, so an evaluator added now could never "
            "submit a score, and the letters would wait for their scores for ever",
        ),
        (
            PanelRole.MODERATOR,
            f"moderation of {REF} has opened, so Cy New cannot join the panel: the panel that "
            "moderates is the one that saw the scores side by side, as the record shows",
        ),
    ],
)
def test_no_one_joins_once_moderation_has_opened(
    declared: tuple[Database, Path], role: PanelRole, reason: str
) -> None:
    db, path = declared
    open_moderation(db, REF)
    before = snapshot(path)
    with pytest.raises(Refused) as refused:
        add_member(db, REF, "Cy New", role)
    assert refused.value.reasons == [reason]
    assert snapshot(path) == before


def test_a_member_withdrawn_leaves_with_their_declarations_and_drafts(
    declared: tuple[Database, Path],
) -> None:
    db, path = declared
    set_passphrase(db, REF, BEN, "ben's own passphrase")
    save_draft(db, REF, BEN, "1", "B01", "SV1", score=50, justification=WHY, notes="Note")
    # A justification without a score, from a score sheet: recorded in the trail as a draft.
    submit_scores(db, REF, BEN, [ScoreEntry("1", "B02", "SV1", None, WHY)])
    withdrawn = withdraw_member(db, REF, "ben evaluator", f"  {REASON}\n", actor="Alex")
    assert (
        withdrawn.summary()
        == f"{BEN} (evaluator); 3 declaration(s) withdrawn, 2 draft(s) discarded"
    )
    assert [m.name for m in list_members(db, REF)] == [ANN, MO]
    for table in ("passphrase", "score_draft", "evaluator_score", "declaration"):
        assert rows(path, table) == (3 if table == "declaration" else 0), table
    entries = [e for e in audit_entries(db, REF) if e.actor == "Alex"]
    assert [(e.action, e.entity, e.entity_key, e.new) for e in entries] == [
        ("recorded", "withdrawal reason", BEN, REASON),
        ("discarded", "score", f"{BEN} / lot 1 / B02 / SV1", None),
        ("withdrawn", "declaration", f"{BEN} / B01", None),
        ("withdrawn", "declaration", f"{BEN} / B02", None),
        ("withdrawn", "declaration", f"{BEN} / B03", None),
        ("withdrawn", "panel member", BEN, None),
    ]
    assert entries[-1].old == {"name": BEN, "role": "evaluator"}
    # Removed by svdesk, and recorded so: the check does not take it for tampering.
    assert verify(db, REF) == []
    assert not [p for p in readiness_problems(db, REF) if BEN in p]


def test_a_member_withdrawn_may_join_again(declared: tuple[Database, Path]) -> None:
    db, _path = declared
    withdraw_member(db, REF, BEN, REASON)
    add_member(db, REF, BEN)
    assert verify(db, REF) == []
    assert [m.declared for m in list_members(db, REF) if m.name == BEN] == [0]


def test_a_member_who_has_submitted_cannot_be_withdrawn(declared: tuple[Database, Path]) -> None:
    db, path = declared
    for key in LOT_1:
        save_draft(db, REF, ANN, *key, score=50, justification=WHY, notes="")
    submit_lot(db, REF, ANN, "1")
    before = snapshot(path)
    with pytest.raises(Refused) as refused:
        withdraw_member(db, REF, ANN, REASON)
    assert refused.value.reasons == [
        f"{ANN} cannot be withdrawn: they have submitted 4 score(s) for {REF}, and the "
        "evaluation rests on them (moderation, the results and the audit trail)"
    ]
    assert snapshot(path) == before


def test_a_withdrawal_needs_its_reason(declared: tuple[Database, Path]) -> None:
    db, path = declared
    before = snapshot(path)
    with pytest.raises(Refused) as refused:
        withdraw_member(db, REF, BEN, "Left")
    assert refused.value.reasons == [
        f"say why {BEN} is withdrawn from the panel, in a few words (3 or more): the reason "
        "is kept in the audit trail"
    ]
    with pytest.raises(Refused, match=r"^Nobody is not on the panel"):
        withdraw_member(db, REF, "Nobody", REASON)
    assert snapshot(path) == before


def test_withdrawing_an_evaluator_who_never_scored_unblocks_the_letters(
    declared: tuple[Database, Path],
) -> None:
    db, _path = declared
    score_all(db, ANN)
    open_moderation(db, REF)
    assert f"Panel: {BEN} has not submitted scores for 6 responses" in readiness_problems(db, REF)
    withdraw_member(db, REF, BEN, REASON)
    assert not [p for p in readiness_problems(db, REF) if p.startswith("Panel:")]
    assert verify(db, REF) == []


def test_the_moderator_stays_once_moderation_has_opened(declared: tuple[Database, Path]) -> None:
    db, path = declared
    open_moderation(db, REF)
    before = snapshot(path)
    with pytest.raises(Refused) as refused:
        withdraw_member(db, REF, MO, REASON)
    assert refused.value.reasons == [
        f"{MO} cannot be withdrawn: moderation of {REF} has opened, and the panel that "
        "moderates is the one that saw the scores side by side"
    ]
    assert snapshot(path) == before


def test_the_trail_names_the_member_at_work_as_the_panel_spells_them(
    declared: tuple[Database, Path],
) -> None:
    db, _path = declared
    add_member(db, REF, "Cy New", actor="  mo   DERATOR ")
    declare(db, REF, "Cy New", [Declaration("B01", False)], actor="cy new")
    for key in LOT_1:
        save_draft(db, REF, ANN, *key, score=50, justification=WHY, notes="", actor="ANN evaluator")
    submit_lot(db, REF, ANN, "1", actor="ann EVALUATOR")
    open_moderation(db, REF, actor="mo derator")
    entries = audit_entries(db, REF)
    actors = {(e.action, e.entity, e.entity_key): e.actor for e in entries}
    assert actors[("added", "panel member", "Cy New")] == MO
    assert actors[("declared", "declaration", "Cy New / B01")] == "Cy New"
    assert actors[("submitted", "score", f"{ANN} / lot 1 / B01 / SV1")] == ANN
    assert actors[("opened", "moderation", REF)] == MO
