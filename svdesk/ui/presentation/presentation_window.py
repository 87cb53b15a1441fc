"""The shared screen's window: full screen, following the response the moderator has on
screen (``TenderContext.moderating_changed``) and reading it again when the consensus
changes. Until a response is chosen it shows the lot's board in brief, or a calm page.

It reads only the presentation's services (``services.presentation``), which name the
evaluators Evaluator A, B, C and, where the tender chooses, the bidders Bidder 1, 2, 3.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QCloseEvent, QKeyEvent
from PySide6.QtWidgets import QStackedWidget, QVBoxLayout, QWidget

from svdesk.services.presentation import lot_to_present, presented_board, presented_response
from svdesk.services.refusals import Refused
from svdesk.ui.presentation.presentation_slides import BoardSlide, ResponseSlide, WaitingSlide
from svdesk.ui.presentation.presentation_style import SECONDARY, PresentationStyle

if TYPE_CHECKING:
    from svdesk.services.tenders import TenderOverview
    from svdesk.ui.tender_context import TenderContext

LEAVE_HINT = "Esc or Ctrl+Shift+P leaves the presentation"


class PresentationWindow(QWidget):
    """One response at a time, for the room."""

    closed = Signal()

    def __init__(self, context: TenderContext, height: int, parent: QWidget | None = None) -> None:
        # A window of its own (no parent widget): it lives on the other screen.
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("presentation")
        self.setWindowTitle("svdesk: presentation")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self._context = context
        self._lot: str | None = None  # the lot last moderated: its board while none is
        self.look = PresentationStyle(height)
        self.setStyleSheet(self.look.sheet())
        self.waiting = WaitingSlide(self.look, self)
        self.board = BoardSlide(self.look, self)
        self.response = ResponseSlide(self.look, self)
        self.slides = QStackedWidget(self)
        for slide in (self.waiting, self.board, self.response):
            self.slides.addWidget(slide)
        self.hint = self.look.label("small", self, colour=SECONDARY, wrap=False)
        self.hint.setText(LEAVE_HINT)
        self.hint.setAlignment(Qt.AlignmentFlag.AlignRight)
        margin = self.look.body_pixels
        layout = QVBoxLayout(self)
        layout.setContentsMargins(margin * 2, margin, margin * 2, margin // 2)
        layout.addWidget(self.slides, 1)
        layout.addWidget(self.hint)
        context.moderating_changed.connect(self._on_context_moderating_changed)
        context.consensus_changed.connect(self._on_context_consensus_changed)
        context.tender_changed.connect(self._on_context_tender_changed)
        self.refresh()

    def refresh(self) -> None:
        """Show what the moderator has on screen, read afresh."""
        tender = self._context.tender()
        overview = self._context.overview
        if tender is None or overview is None:
            self.waiting.show_waiting("svdesk", "No tender is open.")
            self.slides.setCurrentWidget(self.waiting)
            return
        db, reference = tender
        moderating = self._context.moderating
        if moderating is not None:
            lot, bidder, criterion = moderating
            self._lot = lot
            try:
                shown = presented_response(db, reference, lot, bidder, criterion)
            except Refused:
                pass  # not moderated (yet): the board says where things stand
            else:
                self.response.show_response(shown.response)
                self.slides.setCurrentWidget(self.response)
                return
        shown_lot = lot_to_present(db, reference, self._lot)
        if shown_lot is None:
            self._wait(overview, "The moderation will appear here once a lot is opened.")
            return
        try:
            self.board.show_board(presented_board(db, reference, shown_lot))
        except Refused:
            self._wait(overview, "The moderation will appear here.")
            return
        self.slides.setCurrentWidget(self.board)

    def _wait(self, overview: TenderOverview, message: str) -> None:
        tender = overview.tender
        self.waiting.show_waiting(f"{tender.reference}: {tender.title}", message)
        self.slides.setCurrentWidget(self.waiting)

    def visible_text(self) -> list[str]:
        """Every text the window shows (for a check that no name is among them)."""
        from PySide6.QtWidgets import QLabel, QTextEdit

        texts = [self.windowTitle()]
        for label in self.findChildren(QLabel):
            if label.isVisibleTo(self) and label.text():
                texts.append(label.text())
        for edit in self.findChildren(QTextEdit):
            if edit.isVisibleTo(self):
                texts.append(edit.toPlainText())
        return texts

    @Slot(object)
    def _on_context_moderating_changed(self, _response: object) -> None:
        self.refresh()

    @Slot()
    def _on_context_consensus_changed(self) -> None:
        self.refresh()

    @Slot(object)
    def _on_context_tender_changed(self, _overview: object) -> None:
        self._lot = None
        self.refresh()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.close()
            return
        super().keyPressEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        super().closeEvent(event)
        self.closed.emit()
