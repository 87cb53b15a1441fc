"""The tree on the left: the tender, its lots and bids, criteria, bidders and answers.

Items draw their text as plain text; their tooltips, which Qt reads as HTML when they look
like it, go through ``literal``."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QTreeWidget, QTreeWidgetItem, QWidget

from svdesk.domain.model import Bid, BidStatus
from svdesk.ui.formatting import count
from svdesk.ui.models.responses_model import response_note
from svdesk.ui.plain_text import literal
from svdesk.ui.theme import BAD_COLOUR, WARN_COLOUR, dot_icon, roomy_tree

if TYPE_CHECKING:
    from svdesk.services.tenders import ResponseView, TenderOverview
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
    """The tender's tree. A long branch (a lot's bids, the bidders, a bid's answers) gets
    its items only when it is first opened, or when something in it is asked for: a
    framework of a thousand bidders would otherwise build some 33,000 items before the
    window shows anything."""

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
        # The branches whose items are not built yet, and what builds them.
        self._pending: dict[Target, Callable[[QTreeWidgetItem], None]] = {}
        self._overview: TenderOverview | None = None
        self._shape: _Shape | None = None
        self._icons: dict[str | None, QIcon] = {}
        self._quiet = False
        self.currentItemChanged.connect(self._on_self_current_item_changed)
        self.itemExpanded.connect(self._on_self_item_expanded)

    # -- building ----------------------------------------------------------------------
    def follow(self, context: TenderContext) -> None:
        """Show the tender on show in ``context`` (nothing when there is none)."""
        context.tender_changed.connect(self._on_context_tender_changed)

    @Slot(object)
    def _on_context_tender_changed(self, overview: TenderOverview | None) -> None:
        if overview is None:
            self._forget()
        else:
            self.set_overview(overview)

    def _forget(self) -> None:
        self.clear()
        self._items.clear()
        self._pending.clear()
        self._overview = self._shape = None

    def set_overview(self, overview: TenderOverview) -> None:
        self._quiet = True
        try:
            self._forget()
            self._overview, self._shape = overview, _Shape(overview)
            self._build(overview)
        finally:
            self._quiet = False

    def _icon(self, colour: str | None) -> QIcon:
        icon = self._icons.get(colour)
        if icon is None:
            icon = self._icons[colour] = dot_icon(colour)
        return icon

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

    def _branch(
        self,
        item: QTreeWidgetItem,
        size: int,
        fill: Callable[[QTreeWidgetItem], None],
        *,
        folded: bool = False,
    ) -> None:
        """Let ``item`` hold ``size`` items that ``fill`` builds when first needed. A short
        branch starts open (every branch of a small tender does), unless ``folded``."""
        if not size:
            return
        target: Target = item.data(0, ROLE)
        self._pending[target] = fill
        item.setChildIndicatorPolicy(QTreeWidgetItem.ChildIndicatorPolicy.ShowIndicator)
        if size <= OPEN_UP_TO and not folded:
            item.setExpanded(True)  # built now, by the expansion

    def _fill(self, item: QTreeWidgetItem) -> None:
        fill = self._pending.pop(item.data(0, ROLE), None)
        if fill is not None:
            fill(item)
            item.setChildIndicatorPolicy(
                QTreeWidgetItem.ChildIndicatorPolicy.DontShowIndicatorWhenChildless
            )

    @Slot(QTreeWidgetItem)
    def _on_self_item_expanded(self, item: QTreeWidgetItem) -> None:
        self._fill(item)

    def _build(self, o: TenderOverview) -> None:
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
        for group in (results, moderation):
            group.setExpanded(True)

        lots = self._item(self, f"Lots ({len(o.lots):,})", Target(Page.BIDS), group=True)
        lots.setExpanded(True)
        for lot in o.lots:
            lot_item = self._item(lots, lot.display_name, Target(Page.BIDS, lot.key))
            self._branch(lot_item, len(self._bids(lot.key)), self._fill_bids)

        criteria = self._item(
            self, f"Criteria ({len(o.criteria):,})", Target(Page.CRITERIA), group=True
        )
        criteria.setExpanded(True)
        for lot in o.lots:
            lot_item = self._item(criteria, lot.display_name, Target(Page.CRITERIA, lot.key))
            self._branch(lot_item, len(o.criteria_of(lot.key)), self._fill_criteria)

        bidders = self._item(
            self, f"Bidders ({len(o.bidders):,})", Target(Page.BIDDERS), group=True
        )
        self._branch(bidders, len(o.bidders), self._fill_bidders)

        responses = self._item(
            self, f"Responses ({len(o.responses):,})", Target(Page.RESPONSES), group=True
        )
        responses.setToolTip(0, count(len(o.responses), "response"))
        responses.setExpanded(True)
        for lot in o.lots:
            lot_item = self._item(responses, lot.display_name, Target(Page.RESPONSES, lot.key))
            self._branch(lot_item, len(self._bids(lot.key)), self._fill_answering_bids)

    def _bids(self, lot: str) -> tuple[Bid, ...]:
        assert self._shape is not None
        return self._shape.bids.get(lot, ())

    def _fill_bids(self, lot_item: QTreeWidgetItem) -> None:
        assert self._shape is not None
        lot = lot_item.data(0, ROLE).lot
        blank = self._icon(None)
        for bid in self._bids(lot):
            name = self._shape.names[bid.bidder]
            item = self._item(
                lot_item, f"{bid.bidder} · {name}", Target(Page.BIDS, lot, bid.bidder)
            )
            excluded = bid.status is BidStatus.EXCLUDED
            item.setIcon(0, self._icon(BAD_COLOUR) if excluded else blank)
            if excluded:
                item.setToolTip(0, literal(f"{name}: excluded: {bid.excluded_reason}"))

    def _fill_criteria(self, lot_item: QTreeWidgetItem) -> None:
        assert self._overview is not None
        lot = lot_item.data(0, ROLE).lot
        for c in self._overview.criteria_of(lot):
            self._item(
                lot_item, f"{c.code} · {c.title}", Target(Page.CRITERIA, lot, criterion=c.code)
            )

    def _fill_bidders(self, group: QTreeWidgetItem) -> None:
        assert self._overview is not None
        for b in self._overview.bidders:
            self._item(group, f"{b.key} · {b.name}", Target(Page.BIDDERS, bidder=b.key))

    def _fill_answering_bids(self, lot_item: QTreeWidgetItem) -> None:
        assert self._shape is not None
        lot = lot_item.data(0, ROLE).lot
        for bid in self._bids(lot):
            name = self._shape.names[bid.bidder]
            bid_item = self._item(
                lot_item, f"{bid.bidder} · {name}", Target(Page.RESPONSES, lot, bid.bidder)
            )
            answers = self._shape.responses.get((lot, bid.bidder), ())
            # A bid's answers start folded: they are read one bid at a time.
            self._branch(bid_item, len(answers), self._fill_answers, folded=True)

    def _fill_answers(self, bid_item: QTreeWidgetItem) -> None:
        assert self._shape is not None
        target: Target = bid_item.data(0, ROLE)
        for r in self._shape.responses.get((target.lot or "", target.bidder or ""), ()):
            item = self._item(
                bid_item,
                f"{r.criterion} · {r.criterion_title}",
                Target(Page.RESPONSE, r.lot, r.bidder, r.criterion, r.id),
            )
            colour = BAD_COLOUR if r.missing else WARN_COLOUR if r.over_limit else None
            item.setIcon(0, self._icon(colour))
            note = response_note(r)
            if note:
                item.setToolTip(0, literal(f"{r.criterion} · {r.criterion_title}: {note}"))

    # -- selecting ---------------------------------------------------------------------
    def response_target(self, response_id: int) -> Target | None:
        r = None if self._shape is None else self._shape.by_id.get(response_id)
        return None if r is None else Target(Page.RESPONSE, r.lot, r.bidder, r.criterion, r.id)

    def select_target(self, target: Target) -> bool:
        """Select the item leading to ``target`` without emitting ``target_chosen``."""
        item = self.item_for(target)
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
        """Every target in the tree, from the top down (built or not yet)."""
        found: list[Target] = []

        def walk(item: QTreeWidgetItem | None) -> None:
            if item is None:
                return
            self._fill(item)
            found.append(item.data(0, ROLE))
            for i in range(item.childCount()):
                walk(item.child(i))

        for i in range(self.topLevelItemCount()):
            walk(self.topLevelItem(i))
        return found

    def item_for(self, target: Target) -> QTreeWidgetItem | None:
        """The item leading to ``target``, its branch built first if need be."""
        item = self._items.get(target)
        if item is None:
            parent = _branch_of(target)
            holder = None if parent is None else self.item_for(parent)
            if holder is not None:
                self._fill(holder)
                item = self._items.get(target)
        return item

    @Slot(QTreeWidgetItem, QTreeWidgetItem)
    def _on_self_current_item_changed(
        self, current: QTreeWidgetItem | None, _previous: QTreeWidgetItem | None
    ) -> None:
        if self._quiet or current is None:
            return
        target = current.data(0, ROLE)
        if target is not None:
            self.target_chosen.emit(target)


# A branch of at most this many items starts open; a longer one starts folded, so that a
# large tender's groups all show at once (a list of thirty criteria would push them off).
OPEN_UP_TO = 12


def _branch_of(target: Target) -> Target | None:
    """The branch built with the item leading to ``target`` (None: built with the tree)."""
    if target.page is Page.RESPONSE:
        return Target(Page.RESPONSES, target.lot, target.bidder)
    if target.bidder is not None and target.page in (Page.BIDS, Page.RESPONSES):
        return Target(target.page, target.lot)
    if target.page is Page.BIDDERS and target.bidder is not None:
        return Target(Page.BIDDERS)
    if target.page is Page.CRITERIA and target.criterion is not None:
        return Target(Page.CRITERIA, target.lot)
    return None


class _Shape:
    """The overview indexed for the tree: each lot's bids, each bid's answers, each
    bidder's name and each answer by its id (one pass over the answers)."""

    def __init__(self, o: TenderOverview) -> None:
        self.names = {b.key: b.name for b in o.bidders}
        self.bids: dict[str, tuple[Bid, ...]] = {}
        for bid in o.bids:
            self.bids[bid.lot] = (*self.bids.get(bid.lot, ()), bid)
        answers: dict[tuple[str, str], list[ResponseView]] = {}
        for r in o.responses:
            answers.setdefault((r.lot, r.bidder), []).append(r)
        self.responses = {key: tuple(found) for key, found in answers.items()}
        self.by_id = {r.id: r for r in o.responses}
