"""The bids for one lot: each bidder's status, its other scores, and how its answers stand."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from svdesk.domain.model import Bid, Bidder, BidStatus
from svdesk.ui.formatting import NOTHING, number
from svdesk.ui.models.row_table_model import RowTableModel
from svdesk.ui.theme import BAD_COLOUR, WARN_COLOUR

if TYPE_CHECKING:
    from svdesk.services.tenders import ResponseView, TenderOverview


@dataclass(frozen=True, slots=True)
class BidRow:
    bid: Bid
    bidder: Bidder
    responses: tuple[ResponseView, ...]

    @property
    def answered(self) -> int:
        return sum(1 for r in self.responses if not r.missing)

    @property
    def missing(self) -> int:
        return sum(1 for r in self.responses if r.missing)

    @property
    def over_limit(self) -> int:
        return sum(1 for r in self.responses if r.over_limit)


class BidsModel(RowTableModel):
    LOT = 0
    BIDDER = 1
    NAME = 2
    STATUS = 3
    PRICE_SCORE = 4
    QUALITY_SCORE = 5
    ANSWERED = 6
    MISSING = 7
    OVER_LIMIT = 8

    HEADERS = (
        "Lot",
        "Bidder",
        "Name",
        "Status",
        "Price score",
        "Quality score",
        "Answers",
        "Missing",
        "Over word limit",
    )
    NUMERIC = frozenset({PRICE_SCORE, QUALITY_SCORE, ANSWERED, MISSING, OVER_LIMIT})

    def bid_row(self, row: int) -> BidRow:
        return self.row_at(row)  # type: ignore[no-any-return]

    def cell(self, row: BidRow, column: int) -> str:
        if column == self.LOT:
            return row.bid.lot
        if column == self.BIDDER:
            return row.bidder.key
        if column == self.NAME:
            return row.bidder.name
        if column == self.STATUS:
            return "Excluded" if row.bid.status is BidStatus.EXCLUDED else "Compliant"
        if column == self.PRICE_SCORE:
            return number(row.bid.price_score)
        if column == self.QUALITY_SCORE:
            return number(row.bid.quality_score)
        if column == self.ANSWERED:
            return str(row.answered)
        if column == self.MISSING:
            return str(row.missing) if row.missing else NOTHING
        if column == self.OVER_LIMIT:
            return str(row.over_limit) if row.over_limit else NOTHING
        return ""

    def tooltip(self, row: BidRow, column: int) -> str | None:
        if column == self.STATUS and row.bid.status is BidStatus.EXCLUDED:
            return f"Excluded: {row.bid.excluded_reason or 'no reason given'}"
        return None

    def colour(self, row: BidRow, column: int) -> str | None:
        if column == self.STATUS and row.bid.status is BidStatus.EXCLUDED:
            return BAD_COLOUR
        if column == self.MISSING and row.missing:
            return BAD_COLOUR
        if column == self.OVER_LIMIT and row.over_limit:
            return WARN_COLOUR
        return None


def bid_rows(overview: TenderOverview, lot: str | None = None) -> list[BidRow]:
    """The bids of ``lot`` (of every lot when None), each with its bidder and answers."""
    return [
        BidRow(bid, overview.bidder(bid.bidder), overview.responses_of(bid.lot, bid.bidder))
        for bid in overview.bids
        if lot is None or bid.lot == lot
    ]
