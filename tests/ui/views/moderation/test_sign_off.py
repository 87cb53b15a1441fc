"""Signing off a lot from the Moderation page (refused while a response has no confirmed
consensus, or with nobody named present) and reopening it with a reason."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from svdesk.services.audit_trail import audit_entries
from svdesk.services.moderation_board import moderation_board
from svdesk.services.moderation_lots import lot_moderation, open_lot
from svdesk.store.database import Database
from svdesk.ui.views.moderation.reopen_dialog import ReopenLotDialog
from svdesk.ui.views.moderation.sign_off_dialog import SignOffLotDialog
from tests.ui.conftest import DEMO_REFERENCE, OFFSCREEN_MESSAGE_BOXES
from tests.ui.views.moderation.agreeing import MODERATOR, agree
from tests.ui.views.moderation.conftest import ShowPage

pytestmark = OFFSCREEN_MESSAGE_BOXES  # the dialogs size themselves

PRESENT = "Andrew Fairclough, Siobhán Doherty, Mark Hollingworth, Jo Price (procurement officer)"
REOPEN = "The panel found that the rationale for SV3 quoted the wrong part of the answer."


def agree_all(db: Database, lot: str) -> None:
    for cell in moderation_board(db, DEMO_REFERENCE, lot).cells:
        agree(db, DEMO_REFERENCE, lot, cell.bidder, cell.criterion, cell.given[0])


def tick(dialog: SignOffLotDialog, *names: str) -> None:
    for box in dialog.members:
        box.setChecked(box.property("member") in names)


def test_sign_off_is_refused_while_responses_are_unmoderated(
    moderation_page: ShowPage, ready_db: Database
) -> None:
    open_lot(ready_db, DEMO_REFERENCE, "1", actor=MODERATOR)
    agree(ready_db, DEMO_REFERENCE, "1", "B01", "SV1", 100)
    _window, page = moderation_page(ready_db, "1")
    page.board_view.sign_off_button.click()
    dialog = page.dialog
    assert isinstance(dialog, SignOffLotDialog)
    assert [box.text() for box in dialog.members] == [
        "Andrew Fairclough (evaluator)",
        "Siobhán Doherty (evaluator)",
        "Rebecca Thornton (evaluator)",
        "Mark Hollingworth (moderator)",
    ]
    dialog.ok.click()  # nobody named, and 11 responses without a consensus
    problems = dialog.reasons
    assert problems[0] == "say who was present at the moderation meeting"
    assert problems[1] == "lot 1 cannot be signed off: 11 responses have no confirmed consensus"
    assert "Lot 1, B03, SV4: no confirmed consensus yet" in problems
    assert "Lot 1, B01, SV1: no confirmed consensus yet" not in problems
    assert len(problems) == 13
    assert dialog.refusal_title.text() == "Not done, for 13 reasons:"
    shown = dialog.refusals.text().splitlines()
    assert shown[0] == "•  Say who was present at the moderation meeting."
    assert "•  Lot 1, B03, SV4: no confirmed consensus yet." in shown

    tick(dialog, MODERATOR, "Andrew Fairclough")
    dialog.ok.click()
    assert dialog.reasons[0].startswith("lot 1 cannot be signed off")
    assert dialog.isVisible()
    assert not lot_moderation(ready_db, DEMO_REFERENCE)[0].signed_off
    dialog.reject()


def test_the_moderator_signs_off_a_lot_once_all_is_agreed_and_reopens_it_with_a_reason(
    qtbot: QtBot, moderation_page: ShowPage, ready_db: Database
) -> None:
    open_lot(ready_db, DEMO_REFERENCE, "1", actor=MODERATOR)
    agree_all(ready_db, "1")
    window, page = moderation_page(ready_db, "1")
    board = page.board_view
    assert "12 agreed" in board.subtitle.text()
    board.sign_off_button.click()
    dialog = page.dialog
    assert isinstance(dialog, SignOffLotDialog)
    tick(dialog, MODERATOR, "Andrew Fairclough", "Siobhán Doherty")
    dialog.others.setText("Jo Price (procurement officer)")
    assert dialog.present() == PRESENT
    with qtbot.waitSignal(window.context.consensus_changed):
        dialog.ok.click()

    lot = lot_moderation(ready_db, DEMO_REFERENCE)[0]
    assert lot.signed_off
    assert lot.signed_off_by == MODERATOR
    assert lot.present == PRESENT
    assert board.status.text().startswith(f"✓  Signed off by {MODERATOR} on ")
    assert f"Present: {PRESENT}. The consensus is locked." in board.status.text()
    assert board.reopen_button.isVisibleTo(board)
    assert not board.sign_off_button.isVisibleTo(board)

    board.reopen_button.click()
    reopen = page.dialog
    assert isinstance(reopen, ReopenLotDialog)
    reopen.ok.click()
    assert reopen.refusal_text() == "the reason to reopen the lot is required"
    assert lot_moderation(ready_db, DEMO_REFERENCE)[0].signed_off
    reopen.reason.setPlainText(REOPEN)
    with qtbot.waitSignal(window.context.consensus_changed):
        reopen.ok.click()
    lot = lot_moderation(ready_db, DEMO_REFERENCE)[0]
    assert not lot.signed_off
    assert board.sign_off_button.isVisibleTo(board)
    assert board.status.text().startswith("Open: opened by")
    reopened = [e for e in audit_entries(ready_db, DEMO_REFERENCE) if e.action == "reopened"]
    assert len(reopened) == 1
    assert reopened[0].new == {"reopened_by": MODERATOR, "reason": REOPEN}
    assert reopened[0].actor == MODERATOR


def test_the_list_of_lots_signs_off_and_reopens_too(
    qtbot: QtBot, moderation_page: ShowPage, ready_db: Database
) -> None:
    open_lot(ready_db, DEMO_REFERENCE, "2", actor=MODERATOR)
    agree_all(ready_db, "2")
    _window, page = moderation_page(ready_db)
    view = page.lots_view
    view.select_row(1)
    assert view.sign_off_button.isEnabled()
    assert not view.open_button.isEnabled()
    view.sign_off_button.click()
    dialog = page.dialog
    assert isinstance(dialog, SignOffLotDialog)
    tick(dialog, MODERATOR)
    dialog.ok.click()
    row = view.model.lot(1)
    assert row.signed_off
    assert view.model.data(view.model.index(1, view.model.STATE)) == "Signed off"
    assert view.model.data(view.model.index(1, view.model.PRESENT)) == MODERATOR
    assert view.chosen() == row  # the choice stays on the lot
    assert view.reopen_button.isEnabled()
