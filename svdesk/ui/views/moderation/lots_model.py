"""Every lot's moderation, one row a lot: whom it waits for, who opened it, who signed it
off and when, and who was present."""

from __future__ import annotations

from typing import TYPE_CHECKING

from svdesk.ui.formatting import NOTHING, local_time
from svdesk.ui.models.row_table_model import RowTableModel
from svdesk.ui.theme import GOOD_COLOUR, WARN_COLOUR

if TYPE_CHECKING:
    from svdesk.services.moderation_lots import LotModeration


def lot_state(lot: LotModeration) -> str:
    if lot.signed_off:
        return "Signed off"
    if lot.opened:
        return "Open"
    return "Waiting for scores" if lot.waiting_for else "Ready to open"


def waiting_text(lot: LotModeration) -> str:
    """``Rebecca Thornton (2 responses)``, each evaluator yet to submit."""
    return ", ".join(f"{name} ({n} response{'' if n == 1 else 's'})" for name, n in lot.waiting_for)


def opened_text(lot: LotModeration) -> str:
    if not lot.opened or lot.opened_at is None:
        return NOTHING
    return f"{lot.opened_by}, {local_time(lot.opened_at)}"


def signed_off_text(lot: LotModeration) -> str:
    if not lot.signed_off or lot.signed_off_at is None:
        return NOTHING
    return f"{lot.signed_off_by}, {local_time(lot.signed_off_at)}"


class LotsModerationModel(RowTableModel):
    LOT, STATE, WAITING, OPENED, SIGNED_OFF, PRESENT = range(6)
    HEADERS = ("Lot", "Moderation", "Waiting for", "Opened by", "Signed off by", "Present")

    def lot(self, row: int) -> LotModeration:
        found: LotModeration = self.row_at(row)
        return found

    def cell(self, row: LotModeration, column: int) -> str:
        if column == self.LOT:
            return f"Lot {row.lot}: {row.title}" if row.title else f"Lot {row.lot}"
        if column == self.STATE:
            return lot_state(row)
        if column == self.WAITING:
            return waiting_text(row) or NOTHING
        if column == self.OPENED:
            return opened_text(row)
        if column == self.SIGNED_OFF:
            return signed_off_text(row)
        return row.present or NOTHING

    def tooltip(self, row: LotModeration, column: int) -> str | None:
        if column == self.OPENED and row.without_reason:
            return f"Opened without every evaluator's scores: {row.without_reason}"
        if column in (self.LOT, self.WAITING, self.PRESENT):
            return self.cell(row, column)
        return None

    def colour(self, row: LotModeration, column: int) -> str | None:
        if column != self.STATE:
            return None
        if row.signed_off:
            return GOOD_COLOUR
        return WARN_COLOUR if row.waiting_for else None
