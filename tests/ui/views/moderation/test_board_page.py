"""The Moderation page on the demo tender: opening a lot's moderation (with and without a
reason), the board, the discussion order and its filters, and the response it leads to."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QFont
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from svdesk.services.moderation_lots import lot_moderation, open_lot
from svdesk.store.database import Database
from svdesk.ui.views.moderation.board_model import TINTS, Agreement
from svdesk.ui.views.moderation.board_page import ModerationPage
from svdesk.ui.views.moderation.lot_dialog import NOBODY, LotDialog
from svdesk.ui.views.moderation.open_dialog import OpenLotDialog
from svdesk.ui.views.navigator import Page, Target
from svdesk.ui.who_is_working import Actor
from tests.ui.conftest import DEMO_REFERENCE, OFFICER, OFFSCREEN_MESSAGE_BOXES
from tests.ui.views.moderation.agreeing import MODERATOR, agree, draft
from tests.ui.views.moderation.conftest import ShowPage

pytestmark = OFFSCREEN_MESSAGE_BOXES  # the dialogs size themselves

REASON = "Rebecca Thornton is on long-term leave; the panel agreed to moderate without her."


def lots_table(page: ModerationPage) -> list[list[str]]:
    model = page.lots_view.model
    return [
        [model.data(model.index(r, c)) for c in range(model.columnCount())]
        for r in range(model.rowCount())
    ]


def asked(page: ModerationPage, dialog: LotDialog | None) -> LotDialog:
    assert dialog is not None
    assert dialog.isVisible()
    assert page.dialog is dialog
    return dialog


def test_every_lot_says_where_its_moderation_stands(
    moderation_page: ShowPage, scoring_db: Database
) -> None:
    _window, page = moderation_page(scoring_db)
    assert page.currentWidget() is page.lots_view
    rows = lots_table(page)
    assert rows[0][0].startswith("Lot 1: North area")
    assert [r[1] for r in rows] == ["Waiting for scores", "Waiting for scores"]
    assert [r[2] for r in rows] == [
        "Rebecca Thornton (12 responses)",
        "Rebecca Thornton (8 responses)",
    ]
    assert (
        page.lots_view.subtitle.text() == f"{DEMO_REFERENCE}  ·  2 lots  ·  0 open  ·  0 signed off"
    )
    view = page.lots_view
    assert view.open_button.isEnabled()
    assert not view.sign_off_button.isEnabled()
    assert not view.reopen_button.isEnabled()


def test_the_moderator_opens_a_lot_whose_scores_are_all_in(
    qtbot: QtBot, moderation_page: ShowPage, ready_db: Database
) -> None:
    window, page = moderation_page(ready_db)
    assert lots_table(page)[0][1] == "Ready to open"
    page.lots_view.select_row(0)
    page.lots_view.open_button.click()
    dialog = asked(page, page.dialog)
    assert isinstance(dialog, OpenLotDialog)
    assert not dialog.reason.isVisibleTo(dialog)  # nobody to go on without
    assert "frozen" in dialog.explanation.text()
    assert dialog.ok.text() == "Open moderation"
    with qtbot.waitSignal(window.context.consensus_changed):
        dialog.ok.click()

    lot = lot_moderation(ready_db, DEMO_REFERENCE)[0]
    assert lot.opened
    assert lot.opened_by == MODERATOR
    assert lot.without_reason == ""
    rows = lots_table(page)  # read afresh on the news
    assert rows[0][1] == "Open"
    assert rows[0][3].startswith(f"{MODERATOR}, ")
    assert page.lots_view.sign_off_button.isEnabled()


def test_someone_not_the_moderator_is_told_in_plain_words(
    moderation_page: ShowPage, ready_db: Database
) -> None:
    _window, page = moderation_page(
        ready_db, actor=Actor(OFFICER, "procurement officer", on_panel=False)
    )
    dialog = asked(page, page.open_lot("1"))
    dialog.ok.click()
    assert dialog.isVisible()  # nothing typed is lost
    assert dialog.refusal_text() == (
        f"{OFFICER} is not a moderator of {DEMO_REFERENCE}: only a moderator can do this"
    )
    assert dialog.refusals.isVisibleTo(dialog)
    assert dialog.refusals.text() == (
        f"{OFFICER} is not a moderator of {DEMO_REFERENCE}: only a moderator can do this."
    )
    assert dialog.refusal_title.text() == "Not done:"
    assert not lot_moderation(ready_db, DEMO_REFERENCE)[0].opened
    dialog.reject()


def test_going_on_without_an_evaluator_needs_a_written_reason(
    qtbot: QtBot, moderation_page: ShowPage, scoring_db: Database
) -> None:
    window, page = moderation_page(scoring_db, "1")
    board = page.board_view
    assert board.title.text() == "Moderation: Lot 1"
    assert "Rebecca Thornton (12 responses) still to submit" in board.status.text()
    assert board.open_button.isVisibleTo(board)
    assert not board.tables.isVisibleTo(board)  # the scores are private until it opens

    board.open_button.click()
    dialog = asked(page, page.dialog)
    assert isinstance(dialog, OpenLotDialog)
    assert "Rebecca Thornton (12 responses) still to submit" in dialog.waiting.text()
    assert dialog.ok.text() == "Open without them"
    dialog.ok.click()  # no reason given
    assert dialog.reasons == [
        "moderation of lot 1 cannot open yet: Rebecca Thornton has 12 responses to submit",
        "wait for their scores, or give the reason the panel goes on without them (it is "
        "kept in the audit trail)",
    ]
    assert dialog.refusal_title.text() == "Not done, for 2 reasons:"
    dialog.reason.setPlainText("She is away")
    dialog.ok.click()
    assert dialog.refusal_text().startswith(
        "the reason to go on without them is too short (3 words)"
    )
    assert not lot_moderation(scoring_db, DEMO_REFERENCE)[0].opened

    dialog.reason.setPlainText(REASON)
    with qtbot.waitSignal(window.context.consensus_changed):
        dialog.ok.click()
    lot = lot_moderation(scoring_db, DEMO_REFERENCE)[0]
    assert lot.opened
    assert lot.without_reason == REASON
    # The board is read afresh: open, without Rebecca Thornton's scores, and why.
    assert board.tables.isVisibleTo(board)
    assert f"Opened without every evaluator's scores: {REASON}" in board.status.text()
    assert board.grid_model.data(board.grid_model.index(0, 0)).splitlines()[0] == "100  100  –"


def test_the_board_shows_each_response_coloured_with_its_counts(
    moderation_page: ShowPage, ready_db: Database
) -> None:
    open_lot(ready_db, DEMO_REFERENCE, "1", actor=MODERATOR)
    agree(ready_db, DEMO_REFERENCE, "1", "B01", "SV2", 100)
    draft(ready_db, DEMO_REFERENCE, "1", "B02", "SV3", 50)
    _window, page = moderation_page(ready_db, "1")
    board = page.board_view
    assert board.title.text() == "Moderation: Lot 1"
    assert board.subtitle.text().endswith(
        "12 responses  ·  1 outside the tolerance (1 step)  ·  1 agreed  ·  1 draft  ·  10 not started"
    )
    assert board.status.text().startswith(f"Open: opened by {MODERATOR} on ")
    assert board.sign_off_button.isVisibleTo(board)
    assert not board.open_button.isVisibleTo(board)
    grid = board.grid_model
    assert [grid.headerData(r, Qt.Orientation.Vertical) for r in range(grid.rowCount())] == [
        "Moorside Passenger Services Ltd",
        "Greenway Mobility CIC",
        "Castlegate Transport Group plc",
    ]

    def shown(bidder: str, criterion: str) -> tuple[str, str]:
        index = grid.index_of(bidder, criterion)
        brush = grid.data(index, Qt.ItemDataRole.BackgroundRole)
        return grid.data(index), QBrush(brush).color().name().upper()

    assert shown("B01", "SV2") == (
        "100  100  100\nspread 0 · agreed 100",
        TINTS[Agreement.AGREED].background.upper(),
    )
    assert shown("B02", "SV4") == (
        "75  25  50\nspread 2 · no consensus",
        TINTS[Agreement.OUTSIDE].background.upper(),
    )
    assert shown("B02", "SV3") == (
        "50  50  75\nspread 1 · draft 50",
        TINTS[Agreement.WITHIN].background.upper(),
    )
    tip = grid.data(grid.index_of("B02", "SV4"), Qt.ItemDataRole.ToolTipRole)
    for line in ("Andrew Fairclough: 75", "Siobhán Doherty: 25", "Rebecca Thornton: 50"):
        assert line in tip
    legend = board.legend.text()
    assert "Agreed: the consensus is confirmed" in legend
    assert "Outside tolerance: scores more than one step apart" in legend
    assert "Within tolerance: scores at most one step apart" in legend
    assert "the scores of Andrew Fairclough, Siobhán Doherty, Rebecca Thornton" in legend
    assert board.legend.isVisibleTo(board)


def test_the_discussion_order_and_the_filters(
    qtbot: QtBot, moderation_page: ShowPage, ready_db: Database
) -> None:
    open_lot(ready_db, DEMO_REFERENCE, "1", actor=MODERATOR)
    agree(ready_db, DEMO_REFERENCE, "1", "B01", "SV1", 100)
    _window, page = moderation_page(ready_db, "1")
    board = page.board_view
    board.views.setCurrentIndex(1)
    assert board.tables.currentWidget() is board.discussion
    listed = board.discussion_model
    spread = listed.spread_column()
    rows = [
        (listed.data(listed.index(r, 0)), listed.data(listed.index(r, 1)))
        for r in range(listed.rowCount())
    ]
    spreads = [int(listed.data(listed.index(r, spread))) for r in range(listed.rowCount())]
    assert len(rows) == 12
    assert rows[0] == ("Greenway Mobility CIC", "SV4")  # the only one outside the tolerance
    assert spreads == sorted(spreads, reverse=True)

    board.outside_only.setChecked(True)
    assert listed.rowCount() == 1
    assert board.grid_model.rowCount() == 1  # only Greenway has a response outside
    assert board.subtitle.text().endswith("showing 1")
    board.outside_only.setChecked(False)
    board.unagreed_only.setChecked(True)
    assert listed.rowCount() == 11
    assert ("Moorside Passenger Services Ltd", "SV1") not in [
        (listed.data(listed.index(r, 0)), listed.data(listed.index(r, 1))) for r in range(11)
    ]


def test_opening_a_response_asks_for_its_consensus_page(
    qtbot: QtBot, moderation_page: ShowPage, ready_db: Database
) -> None:
    open_lot(ready_db, DEMO_REFERENCE, "1", actor=MODERATOR)
    window, page = moderation_page(ready_db, "1")
    board = page.board_view
    cell = page.board.cell("B02", "SV4") if page.board else None
    assert cell is not None
    expected = Target(Page.CONSENSUS, "1", "B02", "SV4", cell.response_id)
    board.grid.setFocus()
    board.grid.setCurrentIndex(board.grid_model.index_of("B02", "SV4"))
    assert window.pages is not None
    with qtbot.waitSignal(window.pages.navigate_requested) as asked_for:
        qtbot.keyClick(board.grid, Qt.Key.Key_Return)
    assert asked_for.args == [expected]

    other = page.board.cell("B01", "SV1") if page.board else None
    assert other is not None
    where = board.grid.visualRect(board.grid_model.index_of("B01", "SV1")).center()
    with qtbot.waitSignal(page.response_chosen) as clicked:
        # As a mouse does it: the first click, then the second as a double-click.
        qtbot.mouseClick(board.grid.viewport(), Qt.MouseButton.LeftButton, pos=where)
        qtbot.mousePress(board.grid.viewport(), Qt.MouseButton.LeftButton, pos=where)
        qtbot.mouseDClick(board.grid.viewport(), Qt.MouseButton.LeftButton, pos=where)
    assert clicked.args == [Target(Page.CONSENSUS, "1", "B01", "SV1", other.response_id)]

    board.views.setCurrentIndex(1)
    with qtbot.waitSignal(page.response_chosen) as chosen:
        board.discussion.activated.emit(board.discussion_model.index(0, 0))
    assert chosen.args == [expected]  # the first to discuss: the same response


def test_the_board_reads_afresh_when_the_consensus_changes(
    moderation_page: ShowPage, ready_db: Database
) -> None:
    open_lot(ready_db, DEMO_REFERENCE, "1", actor=MODERATOR)
    window, page = moderation_page(ready_db, "1")
    grid = page.board_view.grid_model
    assert grid.data(grid.index_of("B03", "SV3")).endswith("no consensus")
    table = page.board_view.grid
    table.setCurrentIndex(grid.index_of("B02", "SV4"))
    agree(ready_db, DEMO_REFERENCE, "1", "B03", "SV3", 0)
    window.context.announce_consensus()
    assert grid.data(grid.index_of("B03", "SV3")).endswith("agreed 0")
    assert "1 agreed" in page.board_view.subtitle.text()
    assert table.currentIndex() == grid.index_of("B02", "SV4")  # the moderator stays there


def test_a_lot_chosen_in_the_list_opens_its_board(
    qtbot: QtBot, moderation_page: ShowPage, ready_db: Database
) -> None:
    window, page = moderation_page(ready_db)
    page.lots_view.select_row(1)
    page.lots_view.board_button.click()
    assert page.currentWidget() is page.board_view
    assert page.board_view.title.text() == "Moderation: Lot 2"
    assert window.navigator is not None
    current = window.navigator.currentItem()
    assert current is not None
    assert current is window.navigator.item_for(Target(Page.MODERATION, "2"))


def test_the_board_follows_the_text_size(
    qtbot: QtBot, moderation_page: ShowPage, ready_db: Database
) -> None:
    open_lot(ready_db, DEMO_REFERENCE, "1", actor=MODERATOR)
    _window, page = moderation_page(ready_db, "1")
    grid = page.board_view.grid
    before = grid.rowHeight(0), grid.horizontalHeader().defaultSectionSize()
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    font = app.font()
    larger = QFont(font)
    larger.setPointSizeF(font.pointSizeF() * 1.5)
    app.setFont(larger)
    try:
        qtbot.waitUntil(lambda: grid.rowHeight(0) > before[0])
        assert grid.horizontalHeader().defaultSectionSize() > before[1]
        assert grid.font().pointSizeF() == larger.pointSizeF() * 1.2
        assert page.board_view.discussion.font().pointSizeF() == larger.pointSizeF()
        lots = page.lots_view.table
        assert lots.font().pointSizeF() == larger.pointSizeF()
    finally:
        app.setFont(font)


def test_a_large_tender_is_read_on_a_worker_thread(
    qtbot: QtBot, moderation_page: ShowPage, ready_db: Database
) -> None:
    open_lot(ready_db, DEMO_REFERENCE, "1", actor=MODERATOR)
    window, page = moderation_page(ready_db)
    page.read_in_background_above = 0  # the demo counts as large
    assert window.pages is not None
    window.go_to(Target(Page.MODERATION, "1", "B02", "SV4"))
    assert page.is_reading()
    assert page.board_view.status.text() == "Reading the panel's scores…"
    assert not page.board_view.sign_off_button.isEnabled()
    qtbot.waitUntil(lambda: not page.is_reading(), timeout=30_000)
    board = page.board_view
    assert board.status.text().startswith(f"Open: opened by {MODERATOR}")
    assert board.sign_off_button.isEnabled()
    assert board.grid_model.rowCount() == 3
    assert board.grid.currentIndex() == board.grid_model.index_of("B02", "SV4")


def test_nothing_is_done_in_the_name_of_nobody(
    moderation_page: ShowPage, ready_db: Database
) -> None:
    _window, page = moderation_page(ready_db, actor=None)
    dialog = asked(page, page.open_lot("1"))
    dialog.ok.click()
    assert dialog.refusal_text() == NOBODY
    assert dialog.refusals.text().startswith("Nobody has said who is working: choose File >")
    assert not lot_moderation(ready_db, DEMO_REFERENCE)[0].opened
    dialog.reject()
