"""What the consensus page reads besides the response: the lot's discussion order, who
signed the lot off, and what the editor starts from."""

from __future__ import annotations

from typing import TYPE_CHECKING

from svdesk.ui.views.moderation.consensus_keeper import ConsensusWork

if TYPE_CHECKING:
    from svdesk.services.moderation_consensus import ResponseInModeration
    from svdesk.store.database import Database

Key = tuple[str, str, str]  # lot, bidder, criterion


def discussion_order(db: Database, reference: str, lot: str) -> list[Key]:
    """The lot's responses as the board lists them by spread: those outside the tolerance
    first, then the widest spread first; empty when the board cannot be read."""
    from svdesk.services.moderation_board import moderation_board
    from svdesk.services.refusals import Refused

    try:
        board = moderation_board(db, reference, lot)
    except Refused:
        return []
    return [(board.lot, c.bidder, c.criterion) for c in board.by_spread()]


def signed_off(db: Database, reference: str, lot: str) -> tuple[str, str, str]:
    """Who signed ``lot`` off, on what date, and who was present (blank when it is not)."""
    from svdesk.services.moderation_lots import lot_moderation

    status = next((s for s in lot_moderation(db, reference) if s.lot == lot), None)
    if status is None or status.signed_off_at is None:
        return "", "", ""
    return status.signed_off_by, f"{status.signed_off_at:%d %B %Y}", status.present


def work_of(view: ResponseInModeration) -> ConsensusWork:
    """What the editor starts from: the draft, else the confirmed consensus."""
    draft = view.draft
    if draft is not None:
        return ConsensusWork(
            draft.score, draft.rationale, draft.sub_rationales, draft.reconciliation
        )
    return ConsensusWork(
        view.consensus, view.consensus_rationale, (), view.consensus_reconciliation
    )
