"""The bidders as a table: who they are, which lots they bid for, and each bid's status."""

from __future__ import annotations

from dataclasses import dataclass

from svdesk.domain.model import Bid, Bidder, BidStatus, Lot
from svdesk.ui.formatting import NOTHING, yes_no
from svdesk.ui.models.row_table_model import RowTableModel
from svdesk.ui.theme import BAD_COLOUR


@dataclass(frozen=True, slots=True)
class BidderRow:
    """A bidder with its bids, and the lots those bids are for."""

    bidder: Bidder
    bids: tuple[Bid, ...]
    lots: tuple[Lot, ...]

    @property
    def excluded(self) -> tuple[Bid, ...]:
        return tuple(b for b in self.bids if b.status is BidStatus.EXCLUDED)


def bidder_rows(
    bidders: tuple[Bidder, ...], bids: tuple[Bid, ...], lots: tuple[Lot, ...]
) -> list[BidderRow]:
    lot_by_key = {lot.key: lot for lot in lots}
    # Each bidder's bids found in one pass (a thousand bidders each searching every bid
    # took a tenth of a second).
    by_bidder: dict[str, list[Bid]] = {}
    for bid in bids:
        by_bidder.setdefault(bid.bidder, []).append(bid)
    rows = []
    for bidder in bidders:
        own = tuple(by_bidder.get(bidder.key, ()))
        rows.append(
            BidderRow(bidder, own, tuple(lot_by_key[b.lot] for b in own if b.lot in lot_by_key))
        )
    return rows


class BiddersModel(RowTableModel):
    BIDDER = 0
    NAME = 1
    IDENTIFIER = 2
    SME = 3
    VCSE = 4
    CONTACT = 5
    EMAIL = 6
    LOTS = 7
    STATUS = 8

    HEADERS = (
        "Bidder",
        "Name",
        "Identifier",
        "SME",
        "VCSE",
        "Contact",
        "Email",
        "Lots bid for",
        "Status",
    )
    CENTRED = frozenset({SME, VCSE})

    def bidder_row(self, row: int) -> BidderRow:
        return self.row_at(row)  # type: ignore[no-any-return]

    def cell(self, row: BidderRow, column: int) -> str:
        b = row.bidder
        if column == self.BIDDER:
            return b.key
        if column == self.NAME:
            return b.name
        if column == self.IDENTIFIER:
            return b.identifier or NOTHING
        if column == self.SME:
            return yes_no(b.sme)
        if column == self.VCSE:
            return yes_no(b.vcse)
        if column == self.CONTACT:
            return b.contact or NOTHING
        if column == self.EMAIL:
            return b.email or NOTHING
        if column == self.LOTS:
            return ", ".join(lot.key for lot in row.lots) or "None"
        if column == self.STATUS:
            return _status(row)
        return ""

    def tooltip(self, row: BidderRow, column: int) -> str | None:
        if column == self.NAME and row.bidder.address:
            return f"{row.bidder.name}\n{row.bidder.address}"
        if column == self.LOTS and row.lots:
            return "\n".join(lot.display_name for lot in row.lots)
        if column == self.STATUS:
            lines = [
                f"Lot {bid.lot}: excluded: {bid.excluded_reason or 'no reason given'}"
                if bid.status is BidStatus.EXCLUDED
                else f"Lot {bid.lot}: compliant"
                for bid in row.bids
            ]
            return "\n".join(lines) or None
        if column in (self.CONTACT, self.EMAIL):
            return self.cell(row, column)
        if column == self.IDENTIFIER and not row.bidder.identifier:
            return "No identifier was given (e.g. Companies House number)"
        return None

    def colour(self, row: BidderRow, column: int) -> str | None:
        if column == self.STATUS and row.excluded:
            return BAD_COLOUR
        return None


def _status(row: BidderRow) -> str:
    if not row.bids:
        return "No bid"
    excluded = row.excluded
    if not excluded:
        return "Compliant"
    if len(excluded) == len(row.bids):
        return "Excluded"
    return "Excluded from lot " + ", ".join(b.lot for b in excluded)
