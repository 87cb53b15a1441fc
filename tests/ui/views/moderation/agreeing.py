"""Agreeing a response's consensus through the services, as the consensus editor would."""

from __future__ import annotations

from svdesk.services.moderation_consensus import (
    confirm_consensus,
    response_in_moderation,
    save_consensus_draft,
)
from svdesk.store.database import Database

MODERATOR = "Mark Hollingworth"  # the demo's moderator
REASON = "The answer names specific local commitments with dates, numbers and a named lead."
NOTE = "The panel discussed the differing scores with everyone present and agreed this score."


def draft(db: Database, reference: str, lot: str, bidder: str, criterion: str, score: int) -> int:
    """Save a draft consensus of ``score``; its version."""
    view = response_in_moderation(db, reference, lot, bidder, criterion)
    return save_consensus_draft(
        db,
        reference,
        lot,
        bidder,
        criterion,
        version=view.version,
        score=score,
        rationale="" if view.sub_criteria else REASON,
        sub_rationales=[REASON for _ in view.sub_criteria],
        reconciliation=NOTE,
        actor=MODERATOR,
    ).version


def agree(db: Database, reference: str, lot: str, bidder: str, criterion: str, score: int) -> None:
    """Record ``score`` as the confirmed consensus of the response."""
    version = draft(db, reference, lot, bidder, criterion, score)
    confirm_consensus(db, reference, lot, bidder, criterion, version=version, actor=MODERATOR)
