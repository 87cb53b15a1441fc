"""A tender's parts read as plain rows, for showing it: lots, criteria, bidders, bids and
every answer. A large tender holds tens of thousands of answers; read as ORM objects
through their relationships they took over a second to load at 1,000 bidders, as rows a
small part of that."""

from __future__ import annotations

from typing import Any, cast

from sqlalchemy import select
from sqlalchemy.orm import Session

from svdesk.store.models import BidderRow, BidRow, CriterionRow, LotRow

# Plain rows (tuples), unpacked by the caller in the order each query names its columns.
Rows = list[tuple[Any, ...]]


def lot_rows(session: Session, tender_id: int) -> Rows:
    """(key, title) of each lot, in the tender's order."""
    return cast(
        Rows,
        session.execute(
            select(LotRow.key, LotRow.title)
            .where(LotRow.tender_id == tender_id)
            .order_by(LotRow.position)
        ).all(),
    )


def criterion_rows(session: Session, tender_id: int) -> Rows:
    """Each lot's criteria, the lot's key first, in the tender's order."""
    c = CriterionRow
    return cast(
        Rows,
        session.execute(
            select(
                LotRow.key,
                c.code,
                c.title,
                c.question,
                c.weight,
                c.guidance,
                c.sub_criteria,
                c.word_limit,
                c.minimum_score,
                c.model_criterion,
            )
            .join(LotRow, LotRow.id == c.lot_id)
            .where(LotRow.tender_id == tender_id)
            .order_by(LotRow.position, c.position)
        ).all(),
    )


def bidder_rows(session: Session, tender_id: int) -> Rows:
    b = BidderRow
    return cast(
        Rows,
        session.execute(
            select(b.key, b.name, b.identifier, b.address, b.contact, b.email, b.sme, b.vcse)
            .where(b.tender_id == tender_id)
            .order_by(b.position)
        ).all(),
    )


def bid_rows(session: Session, tender_id: int) -> Rows:
    """Each bid with its bidder's key and its lot's key, lot by lot in the order read in."""
    b = BidRow
    return cast(
        Rows,
        session.execute(
            select(
                BidderRow.key,
                LotRow.key,
                b.price_score,
                b.quality_score,
                b.status,
                b.excluded_reason,
                b.price_explanation,
                b.quality_explanation,
            )
            .join(LotRow, LotRow.id == b.lot_id)
            .join(BidderRow, BidderRow.id == b.bidder_id)
            .where(LotRow.tender_id == tender_id)
            .order_by(LotRow.position, b.id)
        ).all(),
    )


# Written out rather than built with SQLAlchemy, and run on the driver's own cursor: at
# 30,000 answers, SQLAlchemy's handling of each row took as long as SQLite's reading.
_RESPONSES = """
SELECT r.id, bd.key, bd.name, l.key, c.code, c.title, r.answer, r.missing, c.word_limit,
       a.id, a.path, a.media_type, a.size, a.text
FROM response r
JOIN bid b ON b.id = r.bid_id
JOIN lot l ON l.id = b.lot_id
JOIN bidder bd ON bd.id = b.bidder_id
JOIN criterion c ON c.id = r.criterion_id
LEFT JOIN attachment a ON a.id = r.attachment_id
WHERE l.tender_id = ?
ORDER BY l.position, bd.position, c.position
"""


def response_rows(session: Session, tender_id: int) -> Rows:
    """Every answer with its bidder, lot and criterion, and its attachment's text (its file
    stays in the database), in the tender's order: lot, bidder, criterion. ``missing`` is
    SQLite's 0 or 1."""
    cursor = session.connection().connection.cursor()
    try:
        return cast(Rows, cursor.execute(_RESPONSES, (tender_id,)).fetchall())
    finally:
        cursor.close()
