"""The tree on the left: the tender, its lots and bids, criteria, bidders and answers.

Items draw their text as plain text; their tooltips, which Qt reads as HTML when they look
like it, go through ``literal``."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import QTreeWidget, QTreeWidgetItem, QWidget

from svdesk.domain.model import BidStatus
from svdesk.ui.formatting import count
from svdesk.ui.models.responses_model import response_note
from svdesk.ui.plain_text import literal
from svdesk.ui.theme import BAD_COLOUR, WARN_COLOUR, dot_icon, roomy_tree

if TYPE_CHECKING:
    from svdesk.services.tenders import TenderOverview
    from svdesk.ui.tender_context import TenderContext

ROLE = Qt.ItemDataRole.UserRole


class Page(StrEnum):
    SUMMARY = "summary"
    BIDS = "bids"  # a lot's bids (every lot's, with no lot)
    CRITERIA = "criteria"
    BIDDERS = "bidders"
    RESPONSES = "responses"  # a table of answers
    RESPONSE = "response"  # one answer, in the reader
    RESULTS = "results"  # a lot's ranking (every lot's outcome, with no lot)
    MODERATION = "moderation"  # a lot's moderation board (every lot's moderation, with no lot)
    CONSENSUS = "consensus"  # one response in moderation: the panel's scores and the consensus
    AGREEMENT = "agreement"  # how far the panel agreed: statistics and charts


@dataclass(frozen=True, slots=True)
class Target:
    """Where the navigator leads: a page, narrowed to a lot, and a row or answer in it."""

    page: Page
    lot: str | None = None
    bidder: str | None = None
    criterion: str | None = None
    response_id: int | None = None


class Navigator(QTreeWidget):
    target_chosen = Signal(object)  # a Target

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setHeaderHidden(True)
        self.setUniformRowHeights(True)
        self.setAnimated(False)
        self.setIndentation(16)
        self.setExpandsOnDoubleClick(True)
        self.setSelectionMode(QTreeWidget.SelectionMode.SingleSelection)
        self.setMinimumWidth(220)
        self.setAccessibleName("Tender navigator")
        roomy_tree(self)
        self._items: dict[Target, QTreeWidgetItem] = {}
        self._quiet = False
        self.currentItemChanged.connect(self._on_self_current_item_changed)

    # -- building ----------------------------------------------------------------------
    def follow(self, context: TenderContext) -> None:
        """Show the tender on show in ``context`` (nothing when there is none)."""
        context.tender_changed.connect(self._on_context_tender_changed)

    @Slot(object)
    def _on_context_tender_changed(self, overview: TenderOverview | None) -> None:
        if overview is None:
            self.clear()
            self._items.clear()
        else:
            self.set_overview(overview)

    def set_overview(self, overview: TenderOverview) -> None:
        self._quiet = True
        try:
            self.clear()
            self._items.clear()
            self._build(overview)
        finally:
            self._quiet = False

    def _item(
        self,
        parent: QTreeWidget | QTreeWidgetItem,
        text: str,
        target: Target,
        *,
        group: bool = False,
    ) -> QTreeWidgetItem:
        item = QTreeWidgetItem(parent, [text])
        item.setData(0, ROLE, target)
        item.setToolTip(0, literal(text))
        if group:
            font = item.font(0)
            font.setBold(True)
            item.setFont(0, font)
        self._items[target] = item
        return item

    def _build(self, o: TenderOverview) -> None:
        blank = dot_icon(None)
        summary = self._item(self, "Tender summary", Target(Page.SUMMARY), group=True)
        summary.setToolTip(0, literal(f"{o.tender.reference}: {o.tender.title}"))

        results = self._item(self, "Results", Target(Page.RESULTS), group=True)
        results.setToolTip(0, "Who wins each lot, and whether the letters can be sent")
        for lot in o.lots:
            self._item(results, lot.display_name, Target(Page.RESULTS, lot.key))

        moderation = self._item(self, "Moderation", Target(Page.MODERATION), group=True)
        moderation.setToolTip(0, "The moderation meeting: each lot's board, and its sign-off")
        for lot in o.lots:
            self._item(moderation, lot.display_name, Target(Page.MODERATION, lot.key))
        agreement = self._item(moderation, "Agreement statistics", Target(Page.AGREEMENT))
        agreement.setToolTip(0, "How far the evaluators agreed; it never changes a score")

        lots = self._item(self, f"Lots ({len(o.lots)})", Target(Page.BIDS), group=True)
        for lot in o.lots:
            lot_item = self._item(lots, lot.display_name, Target(Page.BIDS, lot.key))
            lot_item.setExpanded(True)
            for bid in o.bids_of(lot.key):
                name = o.bidder(bid.bidder).name
                item = self._item(
                    lot_item, f"{bid.bidder} · {name}", Target(Page.BIDS, lot.key, bid.bidder)
                )
                excluded = bid.status is BidStatus.EXCLUDED
                item.setIcon(0, dot_icon(BAD_COLOUR) if excluded else blank)
                if excluded:
                    item.setToolTip(0, literal(f"{name}: excluded: {bid.excluded_reason}"))

        criteria = self._item(
            self, f"Criteria ({len(o.criteria)})", Target(Page.CRITERIA), group=True
        )
        for lot in o.lots:
            lot_item = self._item(criteria, lot.display_name, Target(Page.CRITERIA, lot.key))
            lot_item.setExpanded(True)
            for c in o.criteria_of(lot.key):
                self._item(
                    lot_item,
                    f"{c.code} · {c.title}",
                    Target(Page.CRITERIA, lot.key, criterion=c.code),
                )

        bidders = self._item(self, f"Bidders ({len(o.bidders)})", Target(Page.BIDDERS), group=True)
        for b in o.bidders:
            self._item(bidders, f"{b.key} · {b.name}", Target(Page.BIDDERS, bidder=b.key))

        responses = self._item(
            self, f"Responses ({len(o.responses)})", Target(Page.RESPONSES), group=True
        )
        for lot in o.lots:
            lot_item = self._item(responses, lot.display_name, Target(Page.RESPONSES, lot.key))
            for bid in o.bids_of(lot.key):
                name = o.bidder(bid.bidder).name
                bid_item = self._item(
                    lot_item, f"{bid.bidder} · {name}", Target(Page.RESPONSES, lot.key, bid.bidder)
                )
                for r in o.responses_of(lot.key, bid.bidder):
                    item = self._item(
                        bid_item,
                        f"{r.criterion} · {r.criterion_title}",
                        Target(Page.RESPONSE, lot.key, r.bidder, r.criterion, r.id),
                    )
                    colour = BAD_COLOUR if r.missing else WARN_COLOUR if r.over_limit else None
                    item.setIcon(0, dot_icon(colour))
                    note = response_note(r)
                    if note:
                        tip = f"{r.criterion} · {r.criterion_title}: {note}"
                        item.setToolTip(0, literal(tip))
            lot_item.setExpanded(True)

        for group in (results, moderation, lots, criteria, bidders, responses):
            group.setExpanded(True)
        responses.setToolTip(0, count(len(o.responses), "response"))

    # -- selecting ---------------------------------------------------------------------
    def response_target(self, response_id: int) -> Target | None:
        return next(
            (t for t in self._items if t.page is Page.RESPONSE and t.response_id == response_id),
            None,
        )

    def select_target(self, target: Target) -> bool:
        """Select the item leading to ``target`` without emitting ``target_chosen``."""
        item = self._items.get(target)
        if item is None:
            return False
        self._quiet = True
        try:
            self.setCurrentItem(item)
            self.scrollToItem(item)
        finally:
            self._quiet = False
        return True

    def current_target(self) -> Target | None:
        item = self.currentItem()
        return None if item is None else item.data(0, ROLE)

    def targets(self) -> list[Target]:
        """Every target in the tree, from the top down."""
        return list(self._items)

    def item_for(self, target: Target) -> QTreeWidgetItem | None:
        return self._items.get(target)

    @Slot(QTreeWidgetItem, QTreeWidgetItem)
    def _on_self_current_item_changed(
        self, current: QTreeWidgetItem | None, _previous: QTreeWidgetItem | None
    ) -> None:
        if self._quiet or current is None:
            return
        target = current.data(0, ROLE)
        if target is not None:
            self.target_chosen.emit(target)
