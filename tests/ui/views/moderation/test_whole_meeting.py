"""The meeting as a moderator runs it, in the main window on the demo tender: opening lot
1, taking every response from the board to consensus in discussion order with the
evaluators' own words, signing the lot off, and the consensus in the results, with every
individual score as it was and the record in the audit trail."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from svdesk.services.audit_trail import audit_entries, verify
from svdesk.services.moderation_lots import lot_moderation
from svdesk.services.readiness import readiness_problems
from svdesk.services.results import tender_results
from svdesk.services.scoring import individual_scores
from svdesk.store.database import Database
from svdesk.ui.views.moderation.consensus_page import ConsensusPage
from svdesk.ui.views.moderation.open_dialog import OpenLotDialog
from svdesk.ui.views.moderation.sign_off_dialog import SignOffLotDialog
from svdesk.ui.views.navigator import Page, Target
from tests.ui.conftest import DEMO_REFERENCE, OFFSCREEN_MESSAGE_BOXES
from tests.ui.views.moderation.agreeing import MODERATOR
from tests.ui.views.moderation.conftest import ShowPage

pytestmark = OFFSCREEN_MESSAGE_BOXES

NOTE = (
    "The panel discussed the difference with every evaluator present and agreed the score "
    "the evidence in the answer supports."
)
PANEL = ("Andrew Fairclough", "Siobhán Doherty", "Rebecca Thornton", MODERATOR)


def _take_to_consensus(qtbot: QtBot, page: ConsensusPage) -> int:
    """The response on the page agreed at its first evaluator's score, with that
    evaluator's justification as the rationale of every part; the score agreed."""
    editor = page.editor
    first = page.panel.cards[0]
    justification = first.justification.text()
    score = int(first.score.text().split(" ")[0])
    button = next(b for b in editor.score_buttons if b.text().startswith(f"{score}\n"))
    button.click()
    for field in editor.fields:
        field.setPlainText(justification)
    editor.reconciliation.setPlainText(NOTE)
    qtbot.waitUntil(lambda: not page.keeper.pending(), timeout=5000)
    editor.agree.click()
    assert page.outcome.text().startswith(f"Agreed: {score} is the consensus that counts"), (
        page.outcome.text()
    )
    return score


def test_a_moderator_runs_lot_1_from_the_board_to_sign_off(
    qtbot: QtBot, moderation_page: ShowPage, ready_db: Database
) -> None:
    window, page = moderation_page(ready_db)
    page.lots_view.select_row(0)
    page.lots_view.open_button.click()
    opening = page.dialog
    assert isinstance(opening, OpenLotDialog)
    with qtbot.waitSignal(window.context.consensus_changed):
        opening.ok.click()
    before = individual_scores(ready_db, DEMO_REFERENCE, MODERATOR)

    window.go_to(Target(Page.MODERATION, "1"))
    board = page.board_view
    assert board.subtitle.text()  # the board of lot 1, read
    board.views.setCurrentIndex(1)  # the discussion order
    pages = window.pages
    assert pages is not None
    with qtbot.waitSignal(pages.navigate_requested):
        board.discussion.activated.emit(board.discussion_model.index(0, 0))
    qtbot.waitUntil(lambda: pages.currentWidget() is pages.consensus)
    consensus = pages.consensus

    agreed: dict[tuple[str, str], int] = {}
    for _ in range(12):  # lot 1: three bidders by four criteria
        view = consensus.view
        assert view is not None
        agreed[view.bidder, view.criterion] = _take_to_consensus(qtbot, consensus)
        if not consensus.next_button.isEnabled():
            break
        consensus.next_button.click()
    assert len(agreed) == 12, list(agreed)

    consensus.board_button.click()
    qtbot.waitUntil(lambda: pages.currentWidget() is page)
    qtbot.waitUntil(lambda: "12 agreed" in board.subtitle.text())
    board.sign_off_button.click()
    signing = page.dialog
    assert isinstance(signing, SignOffLotDialog)
    for box in signing.members:
        box.setChecked(box.property("member") in PANEL)
    with qtbot.waitSignal(window.context.consensus_changed):
        signing.ok.click()
    lot = lot_moderation(ready_db, DEMO_REFERENCE)[0]
    assert lot.signed_off
    assert lot.signed_off_by == MODERATOR

    # The consensus counts in the results; the individual scores are as they were.
    results = tender_results(ready_db, DEMO_REFERENCE, "1").lots[0]
    counted = {
        (bid.bidder, c.criterion): c.score
        for bid in results.bids
        for c in bid.criteria
        if not bid.excluded
    }
    assert counted == agreed
    assert [bid.rank for bid in results.bids if not bid.excluded] == [1, 2, 3]
    assert individual_scores(ready_db, DEMO_REFERENCE, MODERATOR) == before
    trail = audit_entries(ready_db, DEMO_REFERENCE)
    assert sum(1 for e in trail if e.entity == "consensus" and e.action == "agreed") == 12
    assert any(e.action == "signed off" for e in trail)
    assert verify(ready_db, DEMO_REFERENCE) == []
    # What still stands between lot 1 and its letters: the confidentiality review only.
    lot_1 = [p for p in readiness_problems(ready_db, DEMO_REFERENCE) if "lot 1" in p.casefold()]
    assert lot_1
    assert all(p.startswith("Confidentiality review") for p in lot_1), lot_1
