"""What the consensus page refuses, and how: two moderators on one response (the second
is told, nothing is overwritten), a signed-off lot (read-only, with why), someone who is
not a moderator, and names that look like markup (shown as typed)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from svdesk.domain.evaluation_rules import PanelRole
from svdesk.services.imports import import_pack
from svdesk.services.moderation_consensus import confirm_consensus, save_consensus_draft
from svdesk.services.moderation_lots import open_lot, sign_off_lot
from svdesk.services.panel import Declaration, add_member
from svdesk.services.scoring import submit_scores
from svdesk.store.database import Database, open_database
from svdesk.ui.who_is_working import Actor
from tests.support.packs import ANSWER, VALID_SCORES, set_cell, valid_sheets, write_pack
from tests.ui.views.moderation.consensus_support import (
    MO,
    NOTE,
    OFFSCREEN_WINDOW,
    RATIONALE,
    REF,
    ZOE,
    moderating,
    page_on,
    tender,
)
from tests.unit.services.test_evaluation_flow import entries

__all__ = ["moderating", "tender"]
pytestmark = OFFSCREEN_WINDOW
SOUND = (
    "Four local residents recruited into permanent roles, two ring-fenced for care leavers, "
    "with quarterly KPI reports; no start date is given."
)


def test_a_second_moderator_is_told_who_saved_and_nothing_is_overwritten(
    qtbot: QtBot, moderating: Database
) -> None:
    mo = page_on(qtbot, moderating)
    zoe = page_on(qtbot, moderating, Actor(ZOE, "moderator", True))
    for on in (mo, zoe):
        on.open("B02", "SV2")
    mo.pick(100)
    mo.type_into(0, SOUND)
    mo.page.keeper.flush()

    zoe.pick(75)  # saved at once: refused, Mo saved first
    zoe.type_into(0, "Zoe's own words, written without seeing Mo's.")
    zoe.page.keeper.flush()
    page = zoe.page
    assert page.meanwhile.isVisibleTo(page)
    assert page.meanwhile.text().startswith(f"{MO} saved this consensus at ")
    assert "nothing of theirs was overwritten" in page.meanwhile.text()
    assert page.theirs_button.isVisibleTo(page)
    # Zoe's work stays on screen; the database holds Mo's.
    assert page.editor.fields[0].toPlainText() == "Zoe's own words, written without seeing Mo's."
    assert page.editor.score() == 75
    draft = zoe.read("B02", "SV2").draft
    assert draft is not None
    assert (draft.score, draft.rationale, draft.updated_by) == (100, SOUND, MO)
    page.editor.agree.click()  # nor can she agree over it
    assert zoe.read("B02", "SV2").consensus is None

    page.theirs_button.click()  # her words go to the clipboard, Mo's come on screen
    assert "Zoe's own words" in QGuiApplication.clipboard().text()
    assert page.editor.fields[0].toPlainText() == SOUND
    assert page.editor.score() == 100
    assert not page.meanwhile.isVisibleTo(page)
    zoe.type_into(0, SOUND + " Agreed by the panel.")
    page.keeper.flush()
    draft = zoe.read("B02", "SV2").draft
    assert draft is not None
    assert (draft.rationale, draft.updated_by) == (SOUND + " Agreed by the panel.", ZOE)


def agree_lot_1(db: Database) -> None:
    for (lot, bidder, code), score in VALID_SCORES.items():
        if lot != "1":
            continue
        parts = [RATIONALE, SOUND] if code == "SV1" else []
        saved = save_consensus_draft(
            db,
            REF,
            lot,
            bidder,
            code,
            version=0,
            score=score,
            rationale="" if parts else SOUND,
            sub_rationales=parts,
            reconciliation=NOTE,
            actor=MO,
        )
        confirm_consensus(db, REF, lot, bidder, code, version=saved.version, actor=MO)


def test_a_signed_off_lot_is_shown_read_only_with_why(qtbot: QtBot, moderating: Database) -> None:
    agree_lot_1(moderating)
    sign_off_lot(moderating, REF, "1", "Mo Derator, Ann Evaluator, Ben Evaluator", actor=MO)
    on = page_on(qtbot, moderating)
    on.open("B01", "SV1")
    page = on.page
    assert page.locked.isVisibleTo(page)
    assert page.locked.text().startswith(f"Lot 1 was signed off by {MO} on ")
    assert "(present: Mo Derator, Ann Evaluator, Ben Evaluator)" in page.locked.text()
    assert "its consensus is locked" in page.locked.text()
    assert [f.toPlainText() for f in page.editor.fields] == [RATIONALE, SOUND]
    assert all(f.isReadOnly() for f in (*page.editor.fields, page.editor.reconciliation))
    assert not any(b.isEnabled() for b in page.editor.score_buttons)
    assert not page.editor.agree.isVisibleTo(page)
    assert not any(c.insert.isVisibleTo(page) for c in page.panel.cards)
    assert "consensus agreed" in page.subtitle.text()


def test_a_lot_signed_off_meanwhile_refuses_in_words(qtbot: QtBot, moderating: Database) -> None:
    agree_lot_1(moderating)
    on = page_on(qtbot, moderating)
    on.open("B02", "SV2")
    sign_off_lot(moderating, REF, "1", "Mo Derator, Ann Evaluator", actor=MO)
    on.pick(75)
    assert on.page.editor.status.text().startswith("Not saved: lot 1 was signed off by Mo Derator")
    on.page.editor.agree.click()
    assert (
        on.page.outcome.text()
        .splitlines()[1]
        .startswith("•  Lot 1 was signed off by Mo Derator: its consensus is locked")
    )
    assert on.read("B02", "SV2").consensus == 100


def test_only_a_moderator_writes_the_consensus(qtbot: QtBot, moderating: Database) -> None:
    on = page_on(qtbot, moderating, Actor("Ann Evaluator", "evaluator", True))
    on.open("B01", "SV1")
    page = on.page
    assert page.locked.text().startswith(
        "Only a moderator writes the consensus, and you are working as Ann Evaluator (evaluator)"
    )
    assert not page.editor.agree.isVisibleTo(page)
    # Someone claiming the role is refused by the services, in words.
    claimed = page_on(qtbot, moderating, Actor("Ann Evaluator", "moderator", True))
    claimed.open("B01", "SV2")
    claimed.pick(50)
    claimed.page.editor.agree.click()
    assert (
        "•  Ann Evaluator is not a moderator of TST-2026-0001: only a moderator can do this"
        in claimed.page.outcome.text().splitlines()
    )
    assert claimed.read("B01", "SV2").draft is None


HOSTILE_BIDDER = "<b>Alpha</b> <img src=x>"
HOSTILE_EVALUATOR = "<i>Ann</i> <font size=40>Big</font>"
HOSTILE_WHY = "<script>alert(1)</script> Clear commitments with <b>numbers</b> and dates."
HOSTILE_ANSWER = "<h1>Shouting</h1> " + ANSWER


@pytest.fixture
def hostile(tmp_path: Path) -> Database:
    sheets = valid_sheets()
    set_cell(sheets, "Bidders", 2, "Name", HOSTILE_BIDDER)
    set_cell(sheets, "Responses", 2, "Answer", HOSTILE_ANSWER)  # B01, lot 1, SV1
    db = open_database(tmp_path / "h.sqlite")
    import_pack(db, write_pack(tmp_path / "h.xlsx", sheets))
    add_member(db, REF, HOSTILE_EVALUATOR)
    add_member(db, REF, MO, PanelRole.MODERATOR)
    declared = [Declaration("B01", False), Declaration("B02", False)]
    submit_scores(db, REF, HOSTILE_EVALUATOR, entries(VALID_SCORES, HOSTILE_WHY), declared)
    open_lot(db, REF, "1", actor=MO)
    return db


def test_names_answers_and_justifications_are_shown_as_typed(
    qtbot: QtBot, hostile: Database
) -> None:
    on = page_on(qtbot, hostile)
    on.open("B01", "SV1")
    page = on.page
    card = page.panel.cards[0]
    assert card.name.text() == HOSTILE_EVALUATOR
    assert card.justification.text() == HOSTILE_WHY
    assert f"{HOSTILE_BIDDER} (B01)" in page.subtitle.text()
    assert page.answer.bidder.text() == f"{HOSTILE_BIDDER} (B01)"
    assert page.answer.browser.toPlainText().startswith("<h1>Shouting</h1>")
    given = [label.text() for level in page.panel.levels for label in level.findChildren(QLabel)]
    assert f"given by {HOSTILE_EVALUATOR}" in given
    for label in page.findChildren(QLabel):
        if "<" in label.text():
            assert label.textFormat() == Qt.TextFormat.PlainText, label.text()
    card.insert.menu().actions()[0].trigger()  # the words go in as text, too
    assert page.editor.fields[0].toPlainText() == HOSTILE_WHY


def test_a_lot_not_yet_open_shows_why_and_nothing_else(qtbot: QtBot, moderating: Database) -> None:
    on = page_on(qtbot, moderating)
    on.open("B01", "SV1")
    on.open("B02", "SV1", lot="2")  # lot 2's moderation has not opened
    page = on.page
    assert page.unreadable.text() == (
        "Moderation of lot 2 has not opened: the evaluators' scores are private until it does"
    )
    assert not page.splitter.isVisibleTo(page)  # nothing of the response shown before
    assert page.view is None
    assert on.context.moderating is None
    assert not page.next_button.isEnabled()
