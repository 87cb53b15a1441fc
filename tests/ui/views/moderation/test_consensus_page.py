"""The consensus page: taking a response to consensus, kept as typed, inserting an
evaluator's words, moving through the lot in discussion order, and telling the window
which response is on screen."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from svdesk.services.audit_trail import audit_entries
from svdesk.services.moderation_consensus import response_in_moderation
from svdesk.services.results import tender_results
from svdesk.store.database import Database
from svdesk.ui.views.moderation.consensus_editor import CHECK_CLEAN
from svdesk.ui.views.moderation.consensus_page import ConsensusPage
from svdesk.ui.views.navigator import Page, Target
from tests.ui.conftest import window_on
from tests.ui.views.moderation.consensus_support import (
    MO,
    MODERATOR,
    NOTE,
    OFFSCREEN_WINDOW,
    RATIONALE,
    REF,
    WHY,
    moderating,
    page_on,
    tender,
)

__all__ = ["moderating", "tender"]
pytestmark = OFFSCREEN_WINDOW
SKILLS = (
    "Two of the four roles are ring-fenced for care leavers, with training towards a "
    "recognised qualification in the first year."
)


def test_a_response_is_taken_to_consensus_with_rationale_and_reconciliation(
    qtbot: QtBot, moderating: Database
) -> None:
    on = page_on(qtbot, moderating)
    on.open("B01", "SV1")
    page = on.page
    # The panel side by side: Ann 75, Ben 50, each with their justification.
    cards = [(c.name.text(), c.score.text(), c.justification.text()) for c in page.panel.cards]
    assert cards == [("Ann Evaluator", "75 · Good", WHY), ("Ben Evaluator", "50 · Acceptable", WHY)]
    assert page.panel.summary.text().startswith("Spread 1 step")
    assert "median 62.5" in page.panel.summary.text()
    # SV1 has two sub-criteria: one rationale field each.
    assert [label.text() for label in page.editor.field_labels] == [
        "Sub-criterion 1: New jobs",
        "Sub-criterion 2: Skills",
    ]
    announced: list[bool] = []
    on.context.consensus_changed.connect(lambda: announced.append(True))

    on.pick(75)  # kept at once, and the note's need is said at once
    assert page.keeper.version == 1
    assert page.editor.need.isVisibleTo(page)
    assert "the evaluators' scores differed (75, 50)" in page.editor.need.text()
    assert announced

    # Agree too early: every reason, in plain words, and nothing recorded.
    page.editor.agree.click()
    assert page.outcome.isVisibleTo(page)
    assert page.outcome.text().splitlines() == [
        "The consensus was not agreed:",
        "•  The rationale for sub-criterion 1 (New jobs) is required",
        "•  The rationale for sub-criterion 2 (Skills) is required",
        "•  The reconciliation note is required: the evaluators' scores differed (75, 50), so "
        "say how the panel resolved the difference and who was present",
    ]
    assert on.read("B01", "SV1").consensus is None

    on.type_into(0, RATIONALE)
    on.type_into(1, SKILLS)
    page.editor.reconciliation.setPlainText(NOTE)
    qtbot.waitUntil(lambda: not page.keeper.pending(), timeout=3000)  # kept as typed
    draft = on.read("B01", "SV1").draft
    assert draft is not None
    assert (draft.score, draft.sub_rationales, draft.reconciliation) == (
        75,
        (RATIONALE, SKILLS),
        NOTE,
    )
    assert page.editor.check_note.text() == CHECK_CLEAN
    assert page.editor.status.text() == "All changes saved"

    page.editor.agree.click()
    assert page.outcome.text().startswith("Agreed: 75 is the consensus that counts")
    assert "consensus agreed" in page.subtitle.text()
    view = on.read("B01", "SV1")
    assert view.consensus == 75
    assert view.consensus_rationale == (f"Sub-criterion 1: {RATIONALE}\nSub-criterion 2: {SKILLS}")
    assert view.consensus_reconciliation == NOTE
    b01 = next(b for b in tender_results(moderating, REF, "1").lots[0].bids if b.bidder == "B01")
    assert b01.criteria[0].score == 75
    agreed = [e for e in audit_entries(moderating, REF) if e.entity == "consensus"]
    assert [(e.actor, e.action, e.new["score"]) for e in agreed] == [(MO, "agreed", 75)]


def test_an_evaluator_s_words_are_put_into_the_rationale_to_edit(
    qtbot: QtBot, moderating: Database
) -> None:
    on = page_on(qtbot, moderating)
    on.open("B02", "SV2")  # no sub-criteria: one rationale field
    page = on.page
    assert len(page.editor.fields) == 1
    on.type_into(0, "Our own opening words.")
    page.panel.cards[1].insert.click()
    field = page.editor.fields[0]
    assert field.toPlainText() == f"Our own opening words.\n{WHY}"
    assert field.textCursor().selectedText() == WHY  # selected, to edit at once
    qtbot.waitUntil(lambda: not page.keeper.pending(), timeout=3000)
    assert on.read("B02", "SV2").draft is not None

    # With sub-criteria, the action asks which one the words are for.
    on.open("B01", "SV1")
    card = page.panel.cards[0]
    actions = card.field_actions()
    assert [a.text() for a in actions] == [
        "Into sub-criterion 1: New jobs",
        "Into sub-criterion 2: Skills",
    ]
    actions[1].trigger()
    assert page.editor.fields[0].toPlainText() == ""
    assert page.editor.fields[1].toPlainText() == WHY


def test_next_and_previous_follow_the_discussion_order_and_the_context_follows(
    qtbot: QtBot, moderating: Database
) -> None:
    on = page_on(qtbot, moderating)
    seen: list[object] = []
    on.context.moderating_changed.connect(seen.append)
    on.open("B01", "SV2")
    page = on.page
    # B01's SV1 is the one response whose scores differ: it comes first.
    assert "response 2 of 4 in discussion order" in page.subtitle.text()
    assert on.context.moderating == ("1", "B01", "SV2")
    on.type_into(0, "Typed and not yet kept when the moderator moves on.")
    page.previous_button.click()
    assert on.context.moderating == ("1", "B01", "SV1")
    assert not page.previous_button.isEnabled()
    assert page.title.text() == "Lot 1 · SV1 Jobs"
    kept = on.read("B01", "SV2").draft
    assert kept is not None
    assert kept.rationale.startswith("Typed and not yet kept")
    for _ in range(3):
        page.next_button.click()
    assert on.context.moderating == ("1", "B02", "SV2")
    assert not page.next_button.isEnabled()
    page.hide()  # leaving the page: nothing is moderated on screen
    assert on.context.moderating is None
    assert seen == [
        ("1", "B01", "SV2"),
        ("1", "B01", "SV1"),
        ("1", "B01", "SV2"),
        ("1", "B02", "SV1"),
        ("1", "B02", "SV2"),
        None,
    ]


def test_on_a_large_tender_the_response_shows_at_once_and_its_place_follows(
    qtbot: QtBot, moderating: Database
) -> None:
    on = page_on(qtbot, moderating)
    page = on.page
    page.order.read_in_background_above = 0  # as for a tender of thousands of responses
    on.open("B01", "SV2")
    # The response is on screen at once; its place in the order is on its way.
    assert page.title.text() == "Lot 1 · SV2 Environment"
    assert "finding its place in the discussion order" in page.subtitle.text()
    assert not page.previous_button.isEnabled()
    assert not page.next_button.isEnabled()
    qtbot.waitUntil(lambda: "response 2 of 4 in discussion order" in page.subtitle.text())
    assert page.previous_button.isEnabled()
    assert page.next_button.isEnabled()
    page.next_button.click()  # moving within the lot reads nothing again
    assert on.context.moderating == ("1", "B02", "SV1")
    assert "response 3 of 4 in discussion order" in page.subtitle.text()
    assert not page.order.is_reading()


def test_the_window_shows_the_page_for_a_consensus_target_and_keeps_typing_on_leaving(
    qtbot: QtBot, moderating: Database
) -> None:
    from svdesk.ui.who_is_working import WhoAsker

    WhoAsker.preset = MODERATOR
    window = window_on(qtbot, moderating)
    assert window.pages is not None
    page = window.pages.consensus
    assert window.pages.registry.page_for(Page.CONSENSUS) is not None
    response = next(r for r in window.pages.overview.responses if r.criterion == "SV2")
    window.go_to(Target(Page.CONSENSUS, "1", response.bidder, "SV2", response.id))
    assert window.pages.currentWidget() is page
    assert isinstance(page, ConsensusPage)
    assert window.context.moderating == ("1", response.bidder, "SV2")
    page.editor.fields[0].setPlainText("Typed just before going to the summary.")
    window.go_to(Target(Page.SUMMARY))
    assert window.context.moderating is None
    # Kept as the page was left, without waiting for the pause in typing.
    assert not page.keeper.pending()
    draft = response_in_moderation(moderating, REF, "1", response.bidder, "SV2").draft
    assert draft is not None
    assert draft.rationale == "Typed just before going to the summary."


def test_what_was_typed_is_kept_when_the_window_closes(qtbot: QtBot, moderating: Database) -> None:
    from svdesk.ui.who_is_working import WhoAsker

    WhoAsker.preset = MODERATOR
    window = window_on(qtbot, moderating)
    assert window.pages is not None
    response = next(r for r in window.pages.overview.responses if r.criterion == "SV2")
    window.go_to(Target(Page.CONSENSUS, "1", response.bidder, "SV2", response.id))
    window.pages.consensus.editor.fields[0].setPlainText("Typed just before closing.")
    window.close()
    draft = response_in_moderation(moderating, REF, "1", response.bidder, "SV2").draft
    assert draft is not None
    assert draft.rationale == "Typed just before closing."


def test_the_keyboard_agrees_and_moves_on(qtbot: QtBot, moderating: Database) -> None:
    on = page_on(qtbot, moderating)
    on.open("B02", "SV1")  # both evaluators gave 50
    on.pick(50)
    field = on.page.editor.fields[0]
    on.type_into(0, RATIONALE)
    on.type_into(1, SKILLS)
    on.page.activateWindow()  # the keys reach the active window
    qtbot.waitUntil(lambda: QApplication.activeWindow() is on.page)
    qtbot.keyClick(field, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: on.read("B02", "SV1").consensus == 50, timeout=3000)
    assert field.toPlainText() == RATIONALE  # no new line typed
    qtbot.keyClick(field, Qt.Key.Key_BracketRight, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: on.context.moderating == ("1", "B02", "SV2"), timeout=3000)
    qtbot.keyClick(
        on.page.editor.fields[0], Qt.Key.Key_BracketLeft, Qt.KeyboardModifier.ControlModifier
    )
    qtbot.waitUntil(lambda: on.context.moderating == ("1", "B02", "SV1"), timeout=3000)
