"""The right-hand side of the window: one page for whatever the navigator points at.

Each page registers for the kinds of target it shows (``PageRegistry``), and follows the
window's ``TenderContext`` for what it needs to read afresh.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import QStackedWidget, QWidget

from svdesk.domain.model import BidStatus
from svdesk.ui.formatting import count
from svdesk.ui.models.bidders_model import BiddersModel, bidder_rows
from svdesk.ui.models.bids_model import BidsModel, bid_rows
from svdesk.ui.models.responses_model import ResponsesModel
from svdesk.ui.views.agreement_page import AgreementPage
from svdesk.ui.views.criteria_page import CriteriaPage
from svdesk.ui.views.empty_state import EmptyState
from svdesk.ui.views.moderation.board_page import ModerationPage
from svdesk.ui.views.moderation.consensus_page import ConsensusPage
from svdesk.ui.views.navigator import Page, Target
from svdesk.ui.views.page_registry import PageRegistry
from svdesk.ui.views.response_reader import ResponseReader
from svdesk.ui.views.results_page import ResultsPage
from svdesk.ui.views.table_page import TablePage
from svdesk.ui.views.tender_summary import TenderSummaryView

if TYPE_CHECKING:
    from svdesk.services.tenders import TenderOverview
    from svdesk.ui.tender_context import TenderContext


class TenderPages(QStackedWidget):
    """Every page of a tender, and the empty state; ``show_target`` picks and fills one."""

    navigate_requested = Signal(object)  # a Target: a row was opened on a table page

    def __init__(self, context: TenderContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self.registry = PageRegistry()
        self.empty = EmptyState(self)
        self.summary = TenderSummaryView(self)
        self.criteria = CriteriaPage(self)
        self.bids_model = BidsModel()
        self.bidders_model = BiddersModel()
        self.responses_model = ResponsesModel()
        self.bids = TablePage(
            "Bids", self.bids_model, BidsModel.NAME, "Double-click a bid to see its answers.", self
        )
        self.bidders = TablePage(
            "Bidders",
            self.bidders_model,
            BiddersModel.NAME,
            "Double-click a bidder to see all its answers. Hover over a status for the reason.",
            self,
            caps={BiddersModel.CONTACT: 170, BiddersModel.EMAIL: 240},
        )
        self.responses = TablePage(
            "Responses",
            self.responses_model,
            ResponsesModel.TITLE,
            "Double-click an answer to read it.",
            self,
            caps={ResponsesModel.NAME: 260},
        )
        self.reader = ResponseReader(self)
        self.results = ResultsPage(self)
        self.moderation = ModerationPage(self)
        self.agreement = AgreementPage(self)
        self.addWidget(self.empty)
        shown = (self.summary, self.criteria, self.reader, self.results)
        for page in (*shown, self.moderation, self.agreement):
            self.registry.register(page.kinds, page, page.show_target)
        self.registry.register((Page.BIDS,), self.bids, self._show_bids)
        self.registry.register((Page.BIDDERS,), self.bidders, self._show_bidders)
        self.registry.register((Page.RESPONSES,), self.responses, self._show_responses)
        for widget in (
            self.summary,
            self.criteria,
            self.bids,
            self.bidders,
            self.responses,
            self.reader,
            self.results,
            self.moderation,
            self.agreement,
        ):
            self.addWidget(widget)
        self.setCurrentWidget(self.empty)
        self.reader.set_active(False)
        # One response in moderation, reached from its lot's board.
        self.consensus = ConsensusPage(context, self)
        self.registry.register(self.consensus.kinds, self.consensus, self.consensus.show_target)
        self.addWidget(self.consensus)
        self.consensus.navigate_requested.connect(self.navigate_requested)
        answer = self.consensus.answer
        answer.open_attachment_requested.connect(self.reader.open_attachment_requested)

        # The pages follow the tender: whoever changes it says so through the context.
        context.tender_changed.connect(self._on_context_tender_changed)
        self.summary.follow(context)
        self.results.follow(context)
        self.moderation.follow(context)
        self.agreement.follow(context)
        self.currentChanged.connect(self._on_self_current_changed)
        self.bids.row_activated.connect(self._on_bids_row_activated)
        self.bidders.row_activated.connect(self._on_bidders_row_activated)
        self.responses.row_activated.connect(self._on_responses_row_activated)
        self.results.navigate_requested.connect(self.navigate_requested)
        self.moderation.navigate_requested.connect(self.navigate_requested)
        self.moderation.response_chosen.connect(self.navigate_requested)

    @property
    def overview(self) -> TenderOverview | None:
        return self._context.overview

    @Slot(object)
    def _on_context_tender_changed(self, overview: TenderOverview | None) -> None:
        if overview is None:
            self.empty.show_no_tender()
            self.setCurrentWidget(self.empty)
            return
        self.reader.set_overview(overview)

    def show_target(self, target: Target) -> None:
        """Fill the page registered for ``target``'s kind, and show it."""
        o = self._context.overview
        page = self.registry.page_for(target.page)
        if o is None or page is None:
            return
        if page.show(target, o):
            self.setCurrentWidget(page.widget)

    # -- the table pages ------------------------------------------------------------------------
    def _show_bids(self, target: Target, o: TenderOverview) -> bool:
        lot_names = {lot.key: lot.display_name for lot in o.lots}
        rows = bid_rows(o, target.lot)
        self.bids.model.set_rows(rows)
        self.bids.table.setColumnHidden(BidsModel.LOT, target.lot is not None)
        excluded = sum(1 for r in rows if r.bid.status is BidStatus.EXCLUDED)
        title = lot_names.get(target.lot, "Bids") if target.lot else "Bids"
        scope = "this lot" if target.lot else count(len(o.lots), "lot")
        subtitle = f"{count(len(rows), 'bid')} {'for' if target.lot else 'across'} {scope}"
        if target.lot:
            subtitle += f"  ·  {count(len(o.criteria_of(target.lot)), 'criterion', 'criteria')}"
        if excluded:
            subtitle += f"  ·  {excluded} excluded"
        self.bids.set_heading(title, subtitle)
        self.bids.select_row(
            self.bids.model.find_row(
                lambda r: r.bid.bidder == target.bidder and r.bid.lot == target.lot
            )
        )
        return True

    def _show_bidders(self, target: Target, o: TenderOverview) -> bool:
        model = self.bidders.model
        model.set_rows(bidder_rows(o.bidders, o.bids, o.lots))
        sme = sum(1 for b in o.bidders if b.sme)
        vcse = sum(1 for b in o.bidders if b.vcse)
        self.bidders.set_heading(
            "Bidders",
            f"{count(len(o.bidders), 'bidder')}  ·  {sme} SME  ·  {vcse} VCSE",
        )
        self.bidders.select_row(model.find_row(lambda r: r.bidder.key == target.bidder))
        return True

    def _show_responses(self, target: Target, o: TenderOverview) -> bool:
        lot_names = {lot.key: lot.display_name for lot in o.lots}
        rows = [
            r
            for r in o.responses
            if (target.lot is None or r.lot == target.lot)
            and (target.bidder is None or r.bidder == target.bidder)
        ]
        self.responses.model.set_rows(rows)
        scope = [lot_names[target.lot] if target.lot else f"All {len(o.lots)} lots"]
        if target.bidder:
            scope.append(o.bidder(target.bidder).name)
        missing = sum(1 for r in rows if r.missing)
        over = sum(1 for r in rows if r.over_limit)
        facts = [count(len(rows) - missing, "answer")]
        if missing:
            facts.append(f"{missing} missing")
        if over:
            facts.append(f"{over} over the word limit")
        self.responses.set_heading("Responses", "  ·  ".join(scope + facts))
        self.responses.select_row(0)
        return True

    @Slot(int)
    def _on_self_current_changed(self, _index: int) -> None:
        self.reader.set_active(self.currentWidget() is self.reader)

    @Slot(int)
    def _on_bids_row_activated(self, row: int) -> None:
        bid = self.bids_model.bid_row(row).bid
        self.navigate_requested.emit(Target(Page.RESPONSES, bid.lot, bid.bidder))

    @Slot(int)
    def _on_bidders_row_activated(self, row: int) -> None:
        bidder = self.bidders_model.bidder_row(row).bidder
        self.navigate_requested.emit(Target(Page.RESPONSES, bidder=bidder.key))

    @Slot(int)
    def _on_responses_row_activated(self, row: int) -> None:
        r = self.responses_model.response(row)
        self.navigate_requested.emit(Target(Page.RESPONSE, r.lot, r.bidder, r.criterion, r.id))
