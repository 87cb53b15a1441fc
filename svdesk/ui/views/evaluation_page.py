"""A page that shows what the evaluation holds for one lot or every lot (the Results and
the Agreement statistics pages), and reads it afresh, when on show, whenever the scores,
the consensus or the panel change; when not on show, it reads as it is next shown."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    from svdesk.services.tenders import TenderOverview
    from svdesk.store.database import Database
    from svdesk.ui.tender_context import TenderContext
    from svdesk.ui.views.navigator import Target


class EvaluationPage(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context: TenderContext | None = None
        self._db: Database | None = None
        self._overview: TenderOverview | None = None
        self._lot: str | None = None  # None: every lot

    def follow(self, context: TenderContext) -> None:
        self._context = context
        context.follow_evaluation(self._on_context_evaluation_changed)

    def show_target(self, target: Target, overview: TenderOverview) -> bool:
        db = None if self._context is None else self._context.database
        if db is None:
            return False
        self.show_lot(db, overview, target.lot)
        return True

    def show_lot(self, db: Database, overview: TenderOverview, lot: str | None) -> None:
        """Show ``lot`` (every lot when None), read afresh."""
        self._db, self._overview, self._lot = db, overview, lot
        self.refresh()

    def refresh(self) -> None:
        """Read what the page shows afresh, and show it."""
        raise NotImplementedError

    @Slot()
    def _on_context_evaluation_changed(self) -> None:
        if self.isVisible():
            self.refresh()
