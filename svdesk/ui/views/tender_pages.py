"""The right-hand side of the window: one page for whatever the navigator points at."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import QStackedWidget, QWidget

from svdesk.domain.model import BidStatus
from svdesk.ui.formatting import count
from svdesk.ui.models.bidders_model import BiddersModel, bidder_rows
from svdesk.ui.models.bids_model import BidsModel, bid_rows
from svdesk.ui.models.responses_model import ResponsesModel
from svdesk.ui.views.criteria_page import CriteriaPage
from svdesk.ui.views.empty_state import EmptyState
from svdesk.ui.views.navigator import Page, Target
from svdesk.ui.views.response_reader import ResponseReader
from svdesk.ui.views.results_page import ResultsPage
from svdesk.ui.views.table_page import TablePage
from svdesk.ui.views.tender_summary import TenderSummaryView

if TYPE_CHECKING:
    from svdesk.services.tenders import TenderOverview
    from svdesk.store.database import Database


class TenderPages(QStackedWidget):
    """Every page of a tender, and the empty state; ``show_target`` picks and fills one."""

    navigate_requested = Signal(object)  # a Target: a row was opened on a table page

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._overview: TenderOverview | None = None
        self._db: Database | None = None
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
        for page in (
            self.empty,
            self.summary,
            self.criteria,
            self.bids,
            self.bidders,
            self.responses,
            self.reader,
            self.results,
        ):
            self.addWidget(page)
        self.setCurrentWidget(self.empty)
        self.reader.set_active(False)

        self.currentChanged.connect(self._on_self_current_changed)
        self.bids.row_activated.connect(self._on_bids_row_activated)
        self.bidders.row_activated.connect(self._on_bidders_row_activated)
        self.responses.row_activated.connect(self._on_responses_row_activated)
        self.results.navigate_requested.connect(self.navigate_requested)

    @property
    def overview(self) -> TenderOverview | None:
        return self._overview

    def set_database(self, db: Database | None) -> None:
        """The database the results page asks the services about."""
        self._db = db

    def set_overview(self, overview: TenderOverview | None) -> None:
        self._overview = overview
        if overview is None:
            self.empty.show_no_tender()
            self.setCurrentWidget(self.empty)
            return
        self.summary.set_overview(overview)
        self.reader.set_overview(overview)
        self.refresh_panel()

    def refresh_panel(self) -> None:
        """Read the panel and the state of moderation again, for the summary."""
        from svdesk.services.moderation import panel_status

        if self._db is None or self._overview is None:
            return
        self.summary.set_panel(*panel_status(self._db, self._overview.tender.reference))

    def show_target(self, target: Target) -> None:
        o = self._overview
        if o is None:
            return
        lot_names = {lot.key: lot.display_name for lot in o.lots}
        if target.page is Page.SUMMARY:
            self.setCurrentWidget(self.summary)
        elif target.page is Page.CRITERIA:
            criteria = o.criteria_of(target.lot) if target.lot else o.criteria
            self.criteria.set_criteria(
                criteria, lot_names, o.tender.social_value_weighting, target.lot
            )
            if target.criterion and target.lot:
                self.criteria.select_criterion(target.lot, target.criterion)
            self.setCurrentWidget(self.criteria)
        elif target.page is Page.BIDS:
            self._show_bids(o, target, lot_names)
        elif target.page is Page.BIDDERS:
            model = self.bidders.model
            model.set_rows(bidder_rows(o.bidders, o.bids, o.lots))
            sme = sum(1 for b in o.bidders if b.sme)
            vcse = sum(1 for b in o.bidders if b.vcse)
            self.bidders.set_heading(
                "Bidders",
                f"{count(len(o.bidders), 'bidder')}  ·  {sme} SME  ·  {vcse} VCSE",
            )
            self.bidders.select_row(model.find_row(lambda r: r.bidder.key == target.bidder))
            self.setCurrentWidget(self.bidders)
        elif target.page is Page.RESPONSES:
            self._show_responses(o, target, lot_names)
        elif target.page is Page.RESPONSE and target.response_id is not None:
            self.reader.show_response(target.response_id)
            self.setCurrentWidget(self.reader)
        elif target.page is Page.RESULTS and self._db is not None:
            self.results.show_results(self._db, o, target.lot)
            self.setCurrentWidget(self.results)

    def _show_bids(self, o: TenderOverview, target: Target, lot_names: dict[str, str]) -> None:
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
        self.setCurrentWidget(self.bids)

    def _show_responses(self, o: TenderOverview, target: Target, lot_names: dict[str, str]) -> None:
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
        self.setCurrentWidget(self.responses)

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
