"""What the window is working on (the open database and the tender on show), and the news
of every change to it.

The main window owns one ``TenderContext``. Whatever changes the tender (the Panel dialog,
an import, a score sheet or consensus workbook read in, the evaluator's workspace) says so
through it, and each page that shows what changed subscribes and reads afresh: no part of
the window reaches into a page to refresh it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal, Slot

if TYPE_CHECKING:
    from svdesk.services.tenders import TenderOverview
    from svdesk.store.database import Database
    from svdesk.ui.who_is_working import Actor


class TenderContext(QObject):
    database_changed = Signal(object)  # the Database now open
    tender_changed = Signal(object)  # the TenderOverview now on show, or None
    tender_imported = Signal(str)  # a tender was imported or replaced: its reference
    panel_changed = Signal()  # a member was added or withdrawn
    scores_changed = Signal()  # scores were imported or submitted
    drafts_changed = Signal()  # an evaluator's drafts were kept (never in the results)
    consensus_changed = Signal()  # moderation opened, or the agreed scores were recorded
    tolerance_changed = (
        Signal()
    )  # the tender's moderation tolerance changed (with consensus_changed)
    actor_changed = Signal(object)  # who is working (an Actor), or None until asked
    # The response the moderator has on screen, as (lot, bidder key, criterion code), or
    # None: a presentation on the shared screen follows it.
    moderating_changed = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._db: Database | None = None
        self._overview: TenderOverview | None = None
        self._actor: Actor | None = None
        self._moderating: tuple[str, str, str] | None = None

    @property
    def database(self) -> Database | None:
        return self._db

    @property
    def overview(self) -> TenderOverview | None:
        return self._overview

    @property
    def reference(self) -> str | None:
        return None if self._overview is None else self._overview.tender.reference

    @property
    def actor(self) -> Actor | None:
        """Who is working on the tender on show; None until they have said."""
        return self._actor

    @property
    def actor_name(self) -> str | None:
        """The name the audit trail records for the window's changes (``actor=``)."""
        return None if self._actor is None else self._actor.name

    def set_actor(self, actor: Actor | None) -> None:
        self._actor = actor
        self.actor_changed.emit(actor)

    @property
    def moderating(self) -> tuple[str, str, str] | None:
        """The response the moderator has on screen: (lot, bidder key, criterion code)."""
        return self._moderating

    def set_moderating(self, response: tuple[str, str, str] | None) -> None:
        if response != self._moderating:
            self._moderating = response
            self.moderating_changed.emit(response)

    def tender(self) -> tuple[Database, str] | None:
        """The database and the reference of the tender on show; None when there is none."""
        reference = self.reference
        return None if self._db is None or reference is None else (self._db, reference)

    def set_database(self, db: Database) -> None:
        """Work on ``db``, with no tender on show until ``show_tender``."""
        self._db = db
        self._overview = None
        self.set_moderating(None)
        self.database_changed.emit(db)

    def show_tender(self, reference: str | None) -> bool:
        """Read tender ``reference`` afresh and announce it (None: no tender); False when
        the database holds no such tender (and nothing changes)."""
        from svdesk.services.tenders import TenderNotFound, tender_overview

        self.set_moderating(None)  # another tender: nothing of the last one is moderated
        if reference is None or self._db is None:
            self._overview = None
            self.tender_changed.emit(None)
            return reference is None
        try:
            overview = tender_overview(self._db, reference)
        except TenderNotFound:
            return False
        self._overview = overview
        self.tender_changed.emit(overview)
        return True

    def follow_evaluation(self, slot: Callable[[], None]) -> None:
        """Call ``slot`` whenever scores, the consensus or the panel change: the news every
        page that shows the evaluation reads afresh on."""
        for news in (self.scores_changed, self.consensus_changed, self.panel_changed):
            news.connect(slot)

    # Slots, so that a writer's own signal can be connected straight to the news.
    @Slot()
    def announce_panel(self) -> None:
        self.panel_changed.emit()

    @Slot()
    def announce_scores(self) -> None:
        self.scores_changed.emit()

    @Slot()
    def announce_drafts(self) -> None:
        self.drafts_changed.emit()

    @Slot()
    def announce_consensus(self) -> None:
        self.consensus_changed.emit()

    @Slot()
    def announce_tolerance(self) -> None:
        """The tolerance changed: what is discussed first changes with it."""
        self.consensus_changed.emit()
        self.tolerance_changed.emit()
