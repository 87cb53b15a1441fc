"""One response in moderation: the answer as the evaluators read it, the panel's scores
and justifications side by side, the scale, and the consensus editor.

The page reads the response from the services (``response_in_moderation``) each time it
is shown and keeps the consensus as the moderator types it (``ConsensusKeeper``); Agree
confirms it (``confirm_consensus``). It tells the context which response is on screen, so
that a presentation on the shared screen follows the moderator, and announces each change
of the consensus. A signed-off lot, or someone who is not a moderator, sees it read-only,
with why.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import (
    QAction,
    QGuiApplication,
    QHideEvent,
    QKeySequence,
    QResizeEvent,
    QShowEvent,
)
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QScrollArea, QSplitter, QVBoxLayout, QWidget

from svdesk.domain.evaluation_rules import PanelRole
from svdesk.domain.moderation_rules import ConsensusState, consensus_state
from svdesk.ui.theme import PAGE_MARGIN, SPACING, Banner, BannerKind, Heading, muted_label
from svdesk.ui.views.moderation.consensus_answer import AnswerColumn, response_of
from svdesk.ui.views.moderation.consensus_editor import ConsensusEditor
from svdesk.ui.views.moderation.consensus_keeper import ConsensusKeeper
from svdesk.ui.views.moderation.consensus_panel import PanelColumn
from svdesk.ui.views.moderation.consensus_reads import signed_off, work_of
from svdesk.ui.views.moderation.consensus_words import (
    agreed_text,
    locked_text,
    meanwhile_text,
    not_agreed_text,
    not_moderator_text,
    panel_summary,
    position_text,
    state_text,
    theirs_text,
    work_text,
)
from svdesk.ui.views.moderation.order_reader import OrderReader
from svdesk.ui.views.navigator import Page, Target

if TYPE_CHECKING:
    from svdesk.services.moderation_consensus import (
        EditedMeanwhile,
        ResponseInModeration,
        Saved,
    )
    from svdesk.services.tenders import TenderOverview
    from svdesk.store.database import Database
    from svdesk.ui.tender_context import TenderContext

Key = tuple[str, str, str]  # lot, bidder, criterion


class ConsensusPage(QWidget):
    navigate_requested = Signal(object)  # a Target: back to the lot's board
    kinds = (Page.CONSENSUS,)

    def __init__(self, context: TenderContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self.view: ResponseInModeration | None = None
        self._state = ConsensusState.NOT_STARTED
        self.order = OrderReader(context, self)  # the lot's responses in discussion order
        self.order.read.connect(self._show_position)
        self.keeper = ConsensusKeeper(self)

        self.title = Heading("", 1, self)
        self.subtitle = muted_label("", self)
        self.board_button = QPushButton("Back to the &board", self)
        self.previous_button = self._moving("◀  &Previous response", "Ctrl+[", "before this one")
        self.next_button = self._moving("&Next response  ▶", "Ctrl+]", "after this one")
        self.locked = Banner(BannerKind.INFO, "", self)
        self.meanwhile = Banner(BannerKind.ERROR, "", self)
        self.theirs_button = QPushButton("Show &theirs", self)
        self.theirs_button.setToolTip(
            "Show the consensus as they saved it; yours is copied to the clipboard first"
        )
        self.outcome = Banner(BannerKind.SUCCESS, "", self)
        self.unreadable = Banner(BannerKind.ERROR, "", self)

        self.question = AnswerColumn(self)
        self.answer = self.question.answer
        # An attached PDF's pages, when looked at. Not a method of the page: the answer
        # holding the page would make a cycle the collector breaks in the wrong order.
        self.answer.fetch = partial(_attachment, context)
        self.panel = PanelColumn(self)
        self.editor = ConsensusEditor(self)
        self._lay_out()

        self.keeper.status.connect(self.editor.status.setText)
        self.keeper.saved.connect(self._on_keeper_saved)
        self.keeper.edited_meanwhile.connect(self._on_keeper_edited_meanwhile)
        self.editor.edited.connect(self._on_editor_edited)
        self.editor.agree_requested.connect(self._on_editor_agree_requested)
        self.panel.insert_requested.connect(self.editor.insert)
        self.theirs_button.clicked.connect(self._on_theirs_button_clicked)
        self.previous_button.clicked.connect(self._on_previous_button_clicked)
        self.next_button.clicked.connect(self._on_next_button_clicked)
        self.board_button.clicked.connect(self._on_board_button_clicked)
        context.actor_changed.connect(self._on_context_actor_changed)
        context.database_changed.connect(self._on_context_database_changed)
        context.tender_changed.connect(self._on_context_tender_changed)
        context.tolerance_changed.connect(self._on_context_tolerance_changed)

    def _moving(self, text: str, keys: str, where: str) -> QPushButton:
        """A button to another response, with a key that works anywhere on the page (a
        button's own shortcut waits for its window to have a focused widget)."""
        button = QPushButton(text, self)
        button.setToolTip(f"The response {where} in discussion order, widest spread first ({keys})")
        action = QAction(text, self)
        action.setShortcut(QKeySequence(keys))
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(button.click)
        self.addAction(action)
        return button

    def _lay_out(self) -> None:
        header = QHBoxLayout()
        titles = QVBoxLayout()
        titles.setSpacing(SPACING // 2)
        titles.addWidget(self.title)
        titles.addWidget(self.subtitle)
        header.addLayout(titles, 1)
        for button in (self.board_button, self.previous_button, self.next_button):
            header.addWidget(button, 0, Qt.AlignmentFlag.AlignTop)
        meanwhile = QHBoxLayout()
        meanwhile.addWidget(self.meanwhile, 1)
        meanwhile.addWidget(self.theirs_button)

        panel = QScrollArea(self)
        panel.setWidgetResizable(True)
        panel.setFrameShape(QScrollArea.Shape.NoFrame)
        panel.setWidget(self.panel)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setChildrenCollapsible(False)
        for n, (widget, stretch) in enumerate(((self.question, 4), (panel, 3), (self.editor, 4))):
            self.splitter.addWidget(widget)
            self.splitter.setStretchFactor(n, stretch)
        self.splitter.setHandleWidth(SPACING * 2)
        self._moved = False  # the moderator resized the columns: their choice stays
        self.splitter.splitterMoved.connect(self._on_splitter_moved)
        panel.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(PAGE_MARGIN, PAGE_MARGIN, PAGE_MARGIN, PAGE_MARGIN)
        layout.setSpacing(SPACING)
        layout.addLayout(header)
        for banner in (self.locked, self.unreadable, self.outcome):
            layout.addWidget(banner)
            banner.hide()
        layout.addLayout(meanwhile)
        self.meanwhile.hide()
        self.theirs_button.hide()
        layout.addWidget(self.splitter, 1)

    # -- showing a response ---------------------------------------------------------------
    def show_target(self, target: Target, overview: TenderOverview) -> bool:
        if target.lot is None or target.bidder is None or target.criterion is None:
            return False
        key = (target.lot, target.bidder, target.criterion)
        self.order.ensure(target.lot, key)
        return self.open(key)

    def open(self, key: Key) -> bool:
        """Show the response of ``key`` (lot, bidder, criterion), read afresh."""
        from svdesk.services.moderation_consensus import response_in_moderation
        from svdesk.services.refusals import Refused

        tender = self._context.tender()
        if tender is None:
            return False
        db, reference = tender
        self.keeper.flush()  # what was typed on the last response is kept first
        try:
            view = response_in_moderation(db, reference, *key)
        except Refused as refused:
            self._show_unreadable(refused.reasons[0])
            return True
        self.unreadable.hide()
        self.splitter.show()
        self._show(db, reference, view)
        return True

    def _show_unreadable(self, reason: str) -> None:
        """Why the response cannot be shown, and nothing of another response."""
        self.view = None
        self.keeper.stop()
        self.title.setText("This response cannot be moderated")
        self.subtitle.setText("")
        for widget in (self.splitter, self.locked, self.meanwhile, self.theirs_button):
            widget.hide()
        self.outcome.hide()
        self.unreadable.set_text(reason[:1].upper() + reason[1:])
        self.unreadable.show()
        self.previous_button.setEnabled(False)
        self.next_button.setEnabled(False)
        self._context.set_moderating(None)

    def _show(self, db: Database, reference: str, view: ResponseInModeration) -> None:
        self.view = view
        key = (view.lot, view.bidder, view.criterion)
        self.keeper.start(db, reference, key, view.version, self._context.actor_name)
        draft = view.draft
        self._state = consensus_state(
            view.consensus, draft is not None, draft is not None and draft.confirmed
        )
        self.title.setText(f"Lot {view.lot} · {view.criterion} {view.criterion_title}")
        self.question.show_response(view, response_of(self._context.overview, view))
        self.panel.show_panel(view.panel, view.scale, panel_summary(view))
        self.editor.show_work(view.scale, view.sub_criteria, work_of(view))
        self.panel.set_fields(self.editor.field_names)
        self.editor.show_check(view.warnings, view.reconciliation_needed)
        self.editor.status.setText("")
        for banner in (self.meanwhile, self.theirs_button, self.outcome):
            banner.hide()
        self._show_lock()
        self._show_position()
        self._context.set_moderating(key)

    def _show_position(self) -> None:
        view = self.view
        if view is None:
            return
        key = (view.lot, view.bidder, view.criterion)
        order = self.order.keys
        at = order.index(key) if key in order else -1
        self.previous_button.setEnabled(at > 0)
        self.next_button.setEnabled(0 <= at < len(order) - 1)
        place = (
            "finding its place in the discussion order…"
            if self.order.is_reading()
            else position_text(at, len(order))
        )
        self.subtitle.setText(
            "  ·  ".join([f"{view.bidder_name} ({view.bidder})", place, state_text(self._state)])
        )

    def _show_lock(self) -> None:
        """Read-only, saying why, for a signed-off lot or someone who is not a moderator."""
        view = self.view
        if view is None:
            return
        why = ""
        if view.signed_off:
            why = locked_text(view.lot, self._signed_off_by(view.lot))
        else:
            actor = self._context.actor
            if actor is None or not actor.on_panel or actor.role != PanelRole.MODERATOR.value:
                why = not_moderator_text(None if actor is None else actor.label())
        self.locked.set_text(why)
        self.locked.setVisible(bool(why))
        self.editor.set_editable(not why)
        self.panel.set_editable(not why)

    def _signed_off_by(self, lot: str) -> tuple[str, str, str]:
        tender = self._context.tender()
        return ("", "", "") if tender is None else signed_off(*tender, lot)

    # -- the moderator's changes ------------------------------------------------------------
    @Slot(bool)
    def _on_editor_edited(self, at_once: bool) -> None:
        self.outcome.hide()
        self.keeper.changed(self.editor.work(), at_once=at_once)

    @Slot(object)
    def _on_keeper_saved(self, saved: Saved) -> None:
        self._state = ConsensusState.DRAFT
        self.editor.show_check(saved.warnings, saved.reconciliation_needed)
        self._show_position()
        self._context.announce_consensus()

    @Slot(object)
    def _on_keeper_edited_meanwhile(self, told: EditedMeanwhile) -> None:
        self.meanwhile.set_text(meanwhile_text(told))
        self.meanwhile.show()
        self.theirs_button.show()

    @Slot()
    def _on_theirs_button_clicked(self) -> None:
        """Show what the other moderator saved; the moderator's own text goes to the
        clipboard first, so that nothing of theirs is lost either."""
        view = self.view
        if view is None:
            return
        mine = self.editor.work()
        QGuiApplication.clipboard().setText(work_text(mine, self.editor.field_names))
        self.keeper.reload(self.keeper.version)
        self.open((view.lot, view.bidder, view.criterion))
        self.outcome.set_kind(BannerKind.INFO)
        self.outcome.set_text(theirs_text())
        self.outcome.show()

    @Slot()
    def _on_editor_agree_requested(self) -> None:
        from svdesk.services.moderation_consensus import EditedMeanwhile, confirm_consensus
        from svdesk.services.refusals import Refused
        from svdesk.store.errors import DatabaseError

        tender, view = self._context.tender(), self.view
        if tender is None or view is None:
            return
        if not self.keeper.flush():  # what is on screen could not be kept: say why
            if not self.keeper.held:
                self._show_outcome(BannerKind.ERROR, not_agreed_text(self.keeper.last_refusal))
            return
        self.outcome.hide()
        try:
            saved = confirm_consensus(
                *tender,
                view.lot,
                view.bidder,
                view.criterion,
                version=self.keeper.version,
                actor=self._context.actor_name,
            )
        except EditedMeanwhile as told:
            self.keeper.held = True
            self._on_keeper_edited_meanwhile(told)
            return
        except Refused as refused:
            self._show_outcome(BannerKind.ERROR, not_agreed_text(refused.reasons))
            return
        except DatabaseError as exc:
            self._show_outcome(BannerKind.ERROR, not_agreed_text([str(exc)]))
            return
        self.keeper.reload(saved.version)
        self._state = ConsensusState.CONFIRMED
        self.editor.show_check(saved.warnings, saved.reconciliation_needed)
        self._show_position()
        self._show_outcome(BannerKind.SUCCESS, agreed_text(self.editor.score(), saved.warnings))
        self._context.announce_consensus()

    def _show_outcome(self, kind: BannerKind, text: str) -> None:
        self.outcome.set_kind(kind)
        self.outcome.set_text(text)
        self.outcome.show()

    # -- moving on ------------------------------------------------------------------------
    def _step(self, step: int) -> None:
        view = self.view
        if view is None:
            return
        key = (view.lot, view.bidder, view.criterion)
        order = self.order.keys
        at = order.index(key) + step if key in order else -1
        if 0 <= at < len(order):
            self.open(order[at])

    @Slot()
    def _on_previous_button_clicked(self) -> None:
        self._step(-1)

    @Slot()
    def _on_next_button_clicked(self) -> None:
        self._step(1)

    @Slot()
    def _on_board_button_clicked(self) -> None:
        if self.view is not None:
            self.navigate_requested.emit(Target(Page.MODERATION, self.view.lot))

    @Slot(object)
    def _on_context_actor_changed(self, _actor: object) -> None:
        self.keeper.flush()  # what was typed is kept in the name of who typed it
        self.keeper.set_actor(self._context.actor_name)
        self._show_lock()

    @Slot(object)
    def _on_context_database_changed(self, _db: object) -> None:
        self.keeper.stop()  # the last database is closed: nothing more goes to it
        self.view = None
        self.order.forget()

    @Slot(object)
    def _on_context_tender_changed(self, _overview: object) -> None:
        self.order.forget()  # another tender's lot may have the same name

    @Slot()
    def _on_context_tolerance_changed(self) -> None:
        # The discussion order and the response's spread line follow the new tolerance;
        # what was typed is kept first, and shown again as kept.
        self.order.forget()
        view = self.view
        if view is not None and self.isVisible():
            key = (view.lot, view.bidder, view.criterion)
            self.order.ensure(view.lot, key)
            self.open(key)

    @Slot(int, int)
    def _on_splitter_moved(self, _pos: int, _index: int) -> None:
        self._moved = True

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if not self._moved:  # the answer, the panel and the editor share the width 4:3:4
            width = self.splitter.width() - 2 * self.splitter.handleWidth()
            self.splitter.setSizes([width * 4 // 11, width * 3 // 11, width * 4 // 11])

    def hideEvent(self, event: QHideEvent) -> None:
        # Leaving the page, or the window closing: what was typed is kept. A window merely
        # minimised (a spontaneous hide) still has the response on screen.
        if not self.keeper.flush() and self.keeper.held and self.keeper.pending():
            # Someone else's save stopped the keeping: the typing goes to the clipboard.
            QGuiApplication.clipboard().setText(
                work_text(self.editor.work(), self.editor.field_names)
            )
        if not event.spontaneous():
            self._context.set_moderating(None)
        super().hideEvent(event)

    def showEvent(self, event: QShowEvent) -> None:
        view = self.view
        if view is not None:
            self._context.set_moderating((view.lot, view.bidder, view.criterion))
        super().showEvent(event)


def _attachment(context: TenderContext, attachment_id: int) -> tuple[str, bytes]:
    from svdesk.services.tenders import attachment_file

    db = context.database
    if db is None:
        raise LookupError("no database is open")
    return attachment_file(db, attachment_id)
