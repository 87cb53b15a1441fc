"""What the results need from the database, read in a few flat queries.

A large tender holds tens of thousands of individual scores. The mean that the rules
need is added up by SQLite (sum and count per response), and everything is read as
plain rows rather than ORM objects, so that results stay quick for any panel size.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import text
from sqlalchemy.orm import Session

from svdesk.domain.scale import Scale
from svdesk.store.models import TenderRow
from svdesk.store.tender_store import find_tender, tender_scale


@dataclass(frozen=True, slots=True)
class CriterionFacts:
    lot: str
    code: str
    title: str
    weight: Decimal
    minimum_score: int | None


@dataclass(frozen=True, slots=True)
class BidFacts:
    lot: str
    bidder: str
    name: str
    status: str
    excluded_reason: str
    price: Decimal | None
    quality: Decimal | None


@dataclass(frozen=True, slots=True)
class ResponseFacts:
    lot: str
    bidder: str
    criterion: str
    missing: bool
    consensus: int | None
    evaluator_total: int
    evaluator_count: int


@dataclass(frozen=True, slots=True)
class ResultFacts:
    tender: TenderRow
    scale: Scale
    lots: tuple[str, ...]  # in the tender's order
    criteria: tuple[CriterionFacts, ...]  # in the tender's order
    bids: tuple[BidFacts, ...]  # in the tender's order of bidders
    responses: tuple[ResponseFacts, ...]


_CRITERIA = """
SELECT l.key, c.code, c.title, c.weight, c.minimum_score
FROM criterion c JOIN lot l ON l.id = c.lot_id
WHERE l.tender_id = :tender ORDER BY l.position, c.position
"""

_BIDS = """
SELECT l.key, bd.key, bd.name, b.status, b.excluded_reason, b.price_score, b.quality_score
FROM bid b JOIN lot l ON l.id = b.lot_id JOIN bidder bd ON bd.id = b.bidder_id
WHERE l.tender_id = :tender ORDER BY l.position, bd.position
"""

_RESPONSES = """
SELECT l.key, bd.key, c.code, r.missing, cs.score,
       COALESCE(agg.total, 0), COALESCE(agg.n, 0)
FROM response r
JOIN bid b ON b.id = r.bid_id
JOIN lot l ON l.id = b.lot_id
JOIN bidder bd ON bd.id = b.bidder_id
JOIN criterion c ON c.id = r.criterion_id
LEFT JOIN consensus cs ON cs.response_id = r.id
LEFT JOIN (
    SELECT es.response_id AS response_id, SUM(es.score) AS total, COUNT(es.score) AS n
    FROM evaluator_score es
    JOIN response r2 ON r2.id = es.response_id
    JOIN bid b2 ON b2.id = r2.bid_id
    JOIN lot l2 ON l2.id = b2.lot_id
    WHERE l2.tender_id = :tender AND es.submitted = 1 AND es.score IS NOT NULL
    GROUP BY es.response_id
) agg ON agg.response_id = r.id
WHERE l.tender_id = :tender
"""


def _decimal(value: str | None) -> Decimal | None:
    return None if value is None else Decimal(value)


def load_result_facts(session: Session, reference: str) -> ResultFacts | None:
    tender = find_tender(session, reference)
    if tender is None:
        return None
    scale = tender_scale(tender)
    lots = tuple(lot.key for lot in tender.lots)
    params = {"tender": tender.id}
    criteria = tuple(
        CriterionFacts(lot, code, title, Decimal(weight), minimum)
        for lot, code, title, weight, minimum in session.execute(text(_CRITERIA), params)
    )
    bids = tuple(
        BidFacts(lot, bidder, name, status, reason, _decimal(price), _decimal(quality))
        for lot, bidder, name, status, reason, price, quality in session.execute(
            text(_BIDS), params
        )
    )
    responses = tuple(
        ResponseFacts(lot, bidder, code, bool(missing), consensus, int(total), int(count))
        for lot, bidder, code, missing, consensus, total, count in session.execute(
            text(_RESPONSES), params
        )
    )
    return ResultFacts(tender, scale, lots, criteria, bids, responses)
