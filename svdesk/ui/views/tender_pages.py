"""The right-hand side of the window: one page for whatever the navigator points at.

Each page registers for the kinds of target it shows (``PageRegistry``), and follows the
window's ``TenderContext`` for what it needs to read afresh.

Only the empty state, the tender summary and the reader (whose moves are in the View
menu) are made with the window. Every other page, and the modules it needs (the charts,
the moderation board and its services), is made when first shown or first asked for
(``pages.results``), so that a tender opens as soon as its summary can be painted.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import QStackedWidget, QWidget

from svdesk.domain.model import BidStatus
from svdesk.ui.formatting import count
from svdesk.ui.views.empty_state import EmptyState
from svdesk.ui.views.navigator import Page, Target
from svdesk.ui.views.page_registry import PageRegistry, Show
from svdesk.ui.views.response_reader import ResponseReader
from svdesk.ui.views.tender_summary import TenderSummaryView

if TYPE_CHECKING:
    from svdesk.services.tenders import TenderOverview
    from svdesk.ui.models.bidders_model import BiddersModel
    from svdesk.ui.models.bids_model import BidsModel
    from svdesk.ui.models.responses_model import ResponsesModel
    from svdesk.ui.tender_context import TenderContext
    from svdesk.ui.views.agreement_page import AgreementPage
    from svdesk.ui.views.criteria_page import CriteriaPage
    from svdesk.ui.views.moderation.board_page import ModerationPage
    from svdesk.ui.views.moderation.consensus_page import ConsensusPage
    from svdesk.ui.views.results_page import ResultsPage
    from svdesk.ui.views.table_page import TablePage


class TenderPages(QStackedWidget):
    """Every page of a tender, and the empty state; ``show_target`` picks and fills one."""

    navigate_requested = Signal(object)  # a Target: a row was opened on a table page
    letters_requested = Signal()  # the Results page's Letters button

    def __init__(self, context: TenderContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self.registry = PageRegistry()
        self.empty = EmptyState(self)
        self.summary = TenderSummaryView(self)
        self.reader = ResponseReader(self)
        self.addWidget(self.empty)
        for page in (self.summary, self.reader):
            self._add(page, page.kinds, page.show_target)
        self.setCurrentWidget(self.empty)
        self.reader.set_active(False)
        self._criteria: CriteriaPage | None = None
        self._results: ResultsPage | None = None
        self._moderation: ModerationPage | None = None
        self._agreement: AgreementPage | None = None
        self._consensus: ConsensusPage | None = None
        self._bids: TablePage | None = None
        self._bids_model: BidsModel | None = None
        self._bidders: TablePage | None = None
        self._bidders_model: BiddersModel | None = None
        self._responses: TablePage | None = None
        self._responses_model: ResponsesModel | None = None
        # What each page built later shows; a page that registers other kinds is refused.
        self.registry.register_later((Page.CRITERIA,), lambda: self.criteria)
        self.registry.register_later((Page.RESULTS,), lambda: self.results)
        self.registry.register_later((Page.MODERATION,), lambda: self.moderation)
        self.registry.register_later((Page.AGREEMENT,), lambda: self.agreement)
        self.registry.register_later((Page.CONSENSUS,), lambda: self.consensus)
        self.registry.register_later((Page.BIDS,), lambda: self.bids)
        self.registry.register_later((Page.BIDDERS,), lambda: self.bidders)
        self.registry.register_later((Page.RESPONSES,), lambda: self.responses)

        # The pages follow the tender: whoever changes it says so through the context.
        context.tender_changed.connect(self._on_context_tender_changed)
        self.summary.follow(context)
        self.currentChanged.connect(self._on_self_current_changed)

    def _add(self, widget: QWidget, kinds: tuple[Page, ...], show: Show) -> None:
        self.registry.register(kinds, widget, show)
        self.addWidget(widget)

    # -- the pages made when first needed -------------------------------------------------------
    @property
    def criteria(self) -> CriteriaPage:
        if self._criteria is None:
            from svdesk.ui.views.criteria_page import CriteriaPage

            self._criteria = page = CriteriaPage(self)
            self._add(page, page.kinds, page.show_target)
        return self._criteria

    @property
    def results(self) -> ResultsPage:
        if self._results is None:
            from svdesk.ui.views.results_page import ResultsPage

            self._results = page = ResultsPage(self)
            self._add(page, page.kinds, page.show_target)
            page.follow(self._context)
            page.navigate_requested.connect(self.navigate_requested)
            page.letters_requested.connect(self.letters_requested)
        return self._results

    @property
    def moderation(self) -> ModerationPage:
        if self._moderation is None:
            from svdesk.ui.views.moderation.board_page import ModerationPage

            self._moderation = page = ModerationPage(self)
            self._add(page, page.kinds, page.show_target)
            page.follow(self._context)
            page.navigate_requested.connect(self.navigate_requested)
            page.response_chosen.connect(self.navigate_requested)
        return self._moderation

    @property
    def agreement(self) -> AgreementPage:
        if self._agreement is None:
            from svdesk.ui.views.agreement_page import AgreementPage

            self._agreement = page = AgreementPage(self)
            self._add(page, page.kinds, page.show_target)
            page.follow(self._context)
        return self._agreement

    @property
    def consensus(self) -> ConsensusPage:
        """One response in moderation, reached from its lot's board."""
        if self._consensus is None:
            from svdesk.ui.views.moderation.consensus_page import ConsensusPage

            self._consensus = page = ConsensusPage(self._context, self)
            self._add(page, page.kinds, page.show_target)
            page.navigate_requested.connect(self.navigate_requested)
            page.answer.open_attachment_requested.connect(self.reader.open_attachment_requested)
        return self._consensus

    @property
    def bids(self) -> TablePage:
        if self._bids is None:
            from svdesk.ui.models.bids_model import BidsModel
            from svdesk.ui.views.table_page import TablePage

            hint = "Double-click a bid to see its answers."
            self._bids_model = model = BidsModel()
            self._bids = page = TablePage("Bids", model, BidsModel.NAME, hint, self)
            self._add(page, (Page.BIDS,), self._show_bids)
            page.row_activated.connect(self._on_bids_row_activated)
        return self._bids

    @property
    def bidders(self) -> TablePage:
        if self._bidders is None:
            from svdesk.ui.models.bidders_model import BiddersModel
            from svdesk.ui.views.table_page import TablePage

            self._bidders_model = model = BiddersModel()
            self._bidders = page = TablePage(
                "Bidders",
                model,
                BiddersModel.NAME,
                "Double-click a bidder to see all its answers. Hover over a status for the reason.",
                self,
                caps={BiddersModel.CONTACT: 170, BiddersModel.EMAIL: 240},
            )
            self._add(page, (Page.BIDDERS,), self._show_bidders)
            page.row_activated.connect(self._on_bidders_row_activated)
        return self._bidders

    @property
    def responses(self) -> TablePage:
        if self._responses is None:
            from svdesk.ui.models.responses_model import ResponsesModel
            from svdesk.ui.views.table_page import TablePage

            self._responses_model = model = ResponsesModel()
            self._responses = page = TablePage(
                "Responses",
                model,
                ResponsesModel.TITLE,
                "Double-click an answer to read it.",
                self,
                caps={ResponsesModel.NAME: 260},
            )
            self._add(page, (Page.RESPONSES,), self._show_responses)
            page.row_activated.connect(self._on_responses_row_activated)
        return self._responses

    @property
    def bids_model(self) -> BidsModel:
        self.bids  # noqa: B018 (made with its page)
        assert self._bids_model is not None
        return self._bids_model

    @property
    def bidders_model(self) -> BiddersModel:
        self.bidders  # noqa: B018 (made with its page)
        assert self._bidders_model is not None
        return self._bidders_model

    @property
    def responses_model(self) -> ResponsesModel:
        self.responses  # noqa: B018 (made with its page)
        assert self._responses_model is not None
        return self._responses_model

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

    def finish_reading(self) -> None:
        """Wait for the readings the pages made so far still have on their way."""
        for page in (self._results, self._agreement):
            if page is not None:
                page.finish_reading()

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
        from svdesk.ui.models.bids_model import BidsModel, bid_rows

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
        from svdesk.ui.models.bidders_model import bidder_rows

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
