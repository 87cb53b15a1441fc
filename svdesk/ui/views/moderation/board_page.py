"""The Moderation page: every lot's moderation (no lot chosen), or one lot's board.

It reads what it shows from the services each time it is shown or the evaluation changes
(``lot_moderation``, ``moderation_board``), keeps nothing of its own, and hands each change
to a dialog that calls its service with the person at work (``actor``). After a change it
tells the context (``announce_consensus``), which every page showing the consensus follows.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import QStackedWidget, QWidget

from svdesk.services.refusals import Refused
from svdesk.ui.background import Progress
from svdesk.ui.views.moderation.board_view import BoardView
from svdesk.ui.views.moderation.lots_view import LotsView
from svdesk.ui.views.moderation.open_dialog import OpenLotDialog
from svdesk.ui.views.moderation.reopen_dialog import ReopenLotDialog
from svdesk.ui.views.moderation.sign_off_dialog import SignOffLotDialog
from svdesk.ui.views.navigator import Page, Target
from svdesk.ui.views.page_readings import PageReadings

if TYPE_CHECKING:
    from svdesk.services.moderation_board import BoardCell, ModerationBoard
    from svdesk.services.moderation_lots import LotModeration
    from svdesk.services.tenders import TenderOverview
    from svdesk.store.database import Database
    from svdesk.ui.tender_context import TenderContext
    from svdesk.ui.views.moderation.lot_dialog import LotDialog

# What one reading gives: every lot's moderation, and the lot's board (None before it opens).
Reading = tuple[list["LotModeration"], "ModerationBoard | None"]
# How a step's dialog is made: the database, the tender, the lot, the person at work.
DialogKind = Callable[["Database", str, "LotModeration", "str | None", QWidget], "LotDialog"]


# Above this many responses the page reads on a worker thread, as the Results page does.
READ_IN_BACKGROUND_ABOVE = 2000


def _read(db: Database, reference: str, lot: str | None) -> Reading:
    """Every lot's moderation, and ``lot``'s board once its moderation has opened."""
    from svdesk.services.moderation_board import BoardFlavour, moderation_board
    from svdesk.services.moderation_lots import lot_moderation

    lots = lot_moderation(db, reference)
    status = next((m for m in lots if m.lot == lot), None) if lot else None
    opened = status is not None and status.opened
    board = moderation_board(db, reference, lot, BoardFlavour.WORKING) if opened and lot else None
    return lots, board


class ModerationPage(QStackedWidget):
    """``response_chosen`` carries a ``Target(Page.CONSENSUS, …)`` for the response the
    moderator opened on the board; ``navigate_requested`` a lot's board chosen in the list."""

    response_chosen = Signal(object)
    navigate_requested = Signal(object)
    refreshed = Signal()
    kinds = (Page.MODERATION,)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context: TenderContext | None = None
        self._lot: str | None = None
        self._lots: list[LotModeration] = []
        self.board: ModerationBoard | None = None
        self.dialog: LotDialog | None = None  # the last dialog opened, while it is open
        self.read_in_background_above = READ_IN_BACKGROUND_ABOVE
        self._reading = 0  # the number of the latest reading; older ones are dropped
        self._readers = PageReadings(self)
        self._wanted: tuple[str, str] | None = None  # the response to select once shown
        self.lots_view = LotsView(self)
        self.board_view = BoardView(self)
        self.addWidget(self.lots_view)
        self.addWidget(self.board_view)

        self.lots_view.open_requested.connect(self.open_lot)
        self.lots_view.sign_off_requested.connect(self.sign_off_lot)
        self.lots_view.reopen_requested.connect(self.reopen_lot)
        self.lots_view.board_requested.connect(self._on_lots_view_board_requested)
        self.lots_view.refresh_requested.connect(self.refresh)
        self.board_view.open_requested.connect(self._on_board_view_open_requested)
        self.board_view.sign_off_requested.connect(self._on_board_view_sign_off_requested)
        self.board_view.reopen_requested.connect(self._on_board_view_reopen_requested)
        self.board_view.refresh_requested.connect(self.refresh)
        self.board_view.cell_chosen.connect(self._on_board_view_cell_chosen)

    # -- following the tender --------------------------------------------------------------------
    def follow(self, context: TenderContext) -> None:
        """Read afresh, when on show, whenever the scores, the consensus or the panel change."""
        self._context = context
        context.follow_evaluation(self._on_context_evaluation_changed)

    def show_target(self, target: Target, _overview: TenderOverview) -> bool:
        if self._tender() is None:
            return False
        self._lot = target.lot
        self._wanted = (
            (target.bidder, target.criterion) if target.bidder and target.criterion else None
        )
        self.setCurrentWidget(self.board_view if target.lot else self.lots_view)
        self.refresh()
        return True

    @Slot()
    def _on_context_evaluation_changed(self) -> None:
        if self.isVisible():
            self.refresh()
        # (When not on show, the page reads afresh as it is next shown.)

    def _tender(self) -> tuple[Database, str] | None:
        return None if self._context is None else self._context.tender()

    # -- reading ---------------------------------------------------------------------------------
    @Slot()
    def refresh(self) -> None:
        """Read every lot's moderation, and the lot's board when it has one, and show them:
        at once for an ordinary tender, on a worker thread for a large one (counting who
        has yet to submit a lot not yet open takes a moment there)."""
        tender = self._tender()
        if tender is None or self._context is None or self._context.overview is None:
            return
        db, reference = tender
        lot = self._lot
        self._reading += 1
        number = self._reading
        if len(self._context.overview.responses) <= self.read_in_background_above:
            try:
                self._show_reading(number, _read(db, reference, lot))
            except Refused as refused:
                self._show_unread(refused)
            return
        self._show_reading_on_its_way()

        def task(_progress: Progress) -> tuple[int, Reading]:
            return number, _read(db, reference, lot)

        self._readers.run(
            task,
            f"reading the moderation of {reference}",
            self._on_reader_done,
            on_refused=self._show_unread,
            on_failed=self._show_failed,
        )

    def is_reading(self) -> bool:
        """Whether a reading is still on its way."""
        return self._readers.running()

    def wait_for_reading(self) -> None:
        """Wait for the readings on their way, and show the latest."""
        self._readers.wait()

    def _on_reader_done(self, numbered: tuple[int, Reading]) -> None:
        self._show_reading(*numbered)

    def _show_reading(self, number: int, reading: Reading) -> None:
        if number != self._reading:
            return  # a later reading is on its way
        tender = self._tender()
        if tender is None:
            return
        self._lots, self.board = reading
        lot = self._lot_status(self._lot) if self._lot else None
        if lot is None:
            self.lots_view.show_lots(tender[1], self._lots)
        else:
            self.board_view.show_lot(lot, self.board)
            if self._wanted is not None:
                self.board_view.select_cell(*self._wanted)
        self._wanted = None
        self.refreshed.emit()

    def _show_reading_on_its_way(self) -> None:
        if self._lot:
            self.board_view.show_reading(self._lot)
        else:
            self.lots_view.show_reading()

    def _show_unread(self, refused: Refused) -> None:
        self._show_failed("; ".join(refused.reasons))

    def _show_failed(self, why: str) -> None:
        self.lots_view.show_unread(why)
        self.setCurrentWidget(self.lots_view)

    def _lot_status(self, key: str) -> LotModeration | None:
        return next((lot for lot in self._lots if lot.lot == key), None)

    # -- the steps -------------------------------------------------------------------------------
    @Slot(str)
    def open_lot(self, key: str) -> LotDialog | None:
        """Ask to open ``key``'s moderation (with a reason, if someone has not submitted)."""
        return self._ask(OpenLotDialog, key)

    @Slot(str)
    def sign_off_lot(self, key: str) -> LotDialog | None:
        return self._ask(SignOffLotDialog, key)

    @Slot(str)
    def reopen_lot(self, key: str) -> LotDialog | None:
        return self._ask(ReopenLotDialog, key)

    def _ask(self, kind: DialogKind, key: str) -> LotDialog | None:
        tender, lot = self._tender(), self._lot_status(key)
        if tender is None or lot is None or self._context is None:
            return None
        db, reference = tender
        dialog = kind(db, reference, lot, self._context.actor_name, self)
        self.dialog = dialog
        dialog.accepted.connect(self._on_dialog_accepted)
        dialog.finished.connect(self._on_dialog_finished)
        dialog.open()
        return dialog

    @Slot(int)
    def _on_dialog_finished(self, _result: int) -> None:
        dialog, self.dialog = self.dialog, None
        if dialog is not None:
            dialog.deleteLater()

    @Slot()
    def _on_dialog_accepted(self) -> None:
        if self._context is not None:
            self._context.announce_consensus()  # this page, too, reads afresh on the news

    # -- the user --------------------------------------------------------------------------------
    @Slot(str)
    def _on_lots_view_board_requested(self, key: str) -> None:
        self.navigate_requested.emit(Target(Page.MODERATION, key))

    @Slot()
    def _on_board_view_open_requested(self) -> None:
        if self._lot:
            self.open_lot(self._lot)

    @Slot()
    def _on_board_view_sign_off_requested(self) -> None:
        if self._lot:
            self.sign_off_lot(self._lot)

    @Slot()
    def _on_board_view_reopen_requested(self) -> None:
        if self._lot:
            self.reopen_lot(self._lot)

    @Slot(object)
    def _on_board_view_cell_chosen(self, cell: BoardCell) -> None:
        if self.board is None:
            return
        self.response_chosen.emit(
            Target(Page.CONSENSUS, self.board.lot, cell.bidder, cell.criterion, cell.response_id)
        )
