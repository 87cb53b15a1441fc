"""What the readiness check needs from the database, read in a few flat queries.

A large tender holds tens of thousands of individual scores; the check needs only, for
each evaluator, whom they have yet to declare and how many of their responses lack a
submitted score. SQLite counts those, and everything else is read as plain rows into the
dataclasses below rather than as ORM objects.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import and_, exists, func, select
from sqlalchemy.orm import Session

from svdesk.domain.evaluation_rules import PanelRole
from svdesk.store.models import (
    BidderRow,
    BidRow,
    ConsensusRow,
    CriterionRow,
    DeclarationRow,
    EvaluatorScoreRow,
    LotRow,
    PanelMemberRow,
    ResponseRow,
)


@dataclass(frozen=True, slots=True)
class EvaluatorProgress:
    """How far an evaluator has got."""

    name: str
    undeclared: tuple[str, ...]  # bidders they have yet to declare about, in the tender's order
    unscored: int  # responses they score (compliant bids, no conflict) not yet submitted


@dataclass(frozen=True, slots=True)
class BidderFacts:
    key: str
    name: str
    contact: str
    identifier: str
    bids: bool  # whether the bidder bid for any lot


@dataclass(frozen=True, slots=True)
class CriterionWeight:
    lot: str
    code: str
    title: str
    question: str
    weight: Decimal


@dataclass(frozen=True, slots=True)
class AgreedResponse:
    """A response with its bid's status and its consensus, if one is recorded."""

    lot: str
    bidder: str
    criterion: str
    compliant: bool
    score: int | None  # None while no consensus is recorded
    rationale: str
    missing: bool  # the bidder gave no answer


@dataclass(frozen=True, slots=True)
class BidFacts:
    """A bid's status and the explanations of its price and quality points."""

    status: str
    price_explanation: str
    quality_explanation: str


@dataclass(frozen=True, slots=True)
class ReadinessFacts:
    lots: tuple[str, ...]  # in the tender's order
    criteria: tuple[CriterionWeight, ...]  # in the tender's order
    evaluators: tuple[EvaluatorProgress, ...]  # in the order they joined the panel
    members: tuple[str, ...]  # every member's name, in the order they joined
    bidders: tuple[BidderFacts, ...]  # in the tender's order
    excluded_reasons: dict[tuple[str, str], str]  # by (lot, bidder)
    bids: dict[tuple[str, str], BidFacts]  # by (lot, bidder)
    responses: tuple[AgreedResponse, ...]  # in the tender's order


def unsubmitted_by_lot(session: Session, tender_id: int) -> dict[tuple[int, str], int]:
    """How many responses each evaluator has yet to submit in each lot, by (member id, lot
    key), counted by SQLite: every response of a compliant bid, less the bidders they
    declared a conflict with. Pairs with nothing left are absent."""
    m, b, d, es, r = PanelMemberRow, BidRow, DeclarationRow, EvaluatorScoreRow, ResponseRow
    rows = session.connection().execute(
        select(m.id, LotRow.key, func.count())
        .join(LotRow, LotRow.tender_id == m.tender_id)
        .join(b, and_(b.lot_id == LotRow.id, b.status == "compliant"))
        .join(r, r.bid_id == b.id)
        .outerjoin(d, and_(d.member_id == m.id, d.bidder_id == b.bidder_id, d.conflict.is_(True)))
        .outerjoin(es, and_(es.response_id == r.id, es.member_id == m.id, es.submitted.is_(True)))
        .where(
            m.tender_id == tender_id,
            m.role == PanelRole.EVALUATOR.value,
            d.id.is_(None),
            es.id.is_(None),
        )
        .group_by(m.id, LotRow.key)
    )
    return {(member_id, lot): left for member_id, lot, left in rows}


def load_readiness_facts(session: Session, tender_id: int) -> ReadinessFacts:
    """The facts of the tender with this id, read inside the caller's session."""
    connection = session.connection()
    m, bd, b, d = PanelMemberRow, BidderRow, BidRow, DeclarationRow
    evaluator = and_(m.tender_id == tender_id, m.role == PanelRole.EVALUATOR.value)

    undeclared: dict[int, list[str]] = {}
    for member_id, bidder in connection.execute(
        select(m.id, bd.key)
        .join(bd, bd.tender_id == m.tender_id)
        .outerjoin(d, and_(d.member_id == m.id, d.bidder_id == bd.id))
        .where(evaluator, d.id.is_(None))
        .order_by(m.id, bd.position)
    ):
        undeclared.setdefault(member_id, []).append(bidder)

    # A declared conflict takes an evaluator off that bidder; an excluded bid is not scored.
    es, r = EvaluatorScoreRow, ResponseRow
    unscored: dict[int, int] = dict(
        connection.execute(
            select(m.id, func.count())
            .join(LotRow, LotRow.tender_id == m.tender_id)
            .join(b, and_(b.lot_id == LotRow.id, b.status == "compliant"))
            .join(r, r.bid_id == b.id)
            .outerjoin(
                d, and_(d.member_id == m.id, d.bidder_id == b.bidder_id, d.conflict.is_(True))
            )
            .outerjoin(
                es,
                and_(es.response_id == r.id, es.member_id == m.id, es.submitted.is_(True)),
            )
            .where(evaluator, d.id.is_(None), es.id.is_(None))
            .group_by(m.id)
        ).all()
    )

    members = connection.execute(
        select(m.id, m.name, m.role).where(m.tender_id == tender_id).order_by(m.id)
    ).all()
    evaluators = tuple(
        EvaluatorProgress(name, tuple(undeclared.get(member_id, ())), unscored.get(member_id, 0))
        for member_id, name, role in members
        if role == PanelRole.EVALUATOR.value
    )
    c = CriterionRow
    criteria = tuple(
        CriterionWeight(*row)
        for row in connection.execute(
            select(LotRow.key, c.code, c.title, c.question, c.weight)
            .join(LotRow, LotRow.id == c.lot_id)
            .where(LotRow.tender_id == tender_id)
            .order_by(LotRow.position, c.position)
        )
    )
    bidders = tuple(
        BidderFacts(*row)
        for row in connection.execute(
            select(
                bd.key,
                bd.name,
                bd.contact,
                bd.identifier,
                exists().where(b.bidder_id == bd.id),
            )
            .where(bd.tender_id == tender_id)
            .order_by(bd.position)
        )
    )
    reasons: dict[tuple[str, str], str] = {}
    bids: dict[tuple[str, str], BidFacts] = {}
    for lot, bidder, reason, status, price, quality in connection.execute(
        select(
            LotRow.key,
            bd.key,
            b.excluded_reason,
            b.status,
            b.price_explanation,
            b.quality_explanation,
        )
        .join(LotRow, LotRow.id == b.lot_id)
        .join(bd, bd.id == b.bidder_id)
        .where(LotRow.tender_id == tender_id)
    ):
        reasons[(lot, bidder)] = reason
        bids[(lot, bidder)] = BidFacts(status, price or "", quality or "")
    k = ConsensusRow
    responses = tuple(
        AgreedResponse(
            lot, bidder, code, status == "compliant", score, rationale or "", bool(missing)
        )
        for lot, bidder, code, status, score, rationale, missing in connection.execute(
            select(LotRow.key, bd.key, c.code, b.status, k.score, k.rationale, r.missing)
            .select_from(r)
            .join(b, b.id == r.bid_id)
            .join(LotRow, LotRow.id == b.lot_id)
            .join(bd, bd.id == b.bidder_id)
            .join(c, c.id == r.criterion_id)
            .outerjoin(k, k.response_id == r.id)
            .where(LotRow.tender_id == tender_id)
            .order_by(LotRow.position, bd.position, c.position)
        )
    )
    lots = tuple(
        connection.execute(
            select(LotRow.key).where(LotRow.tender_id == tender_id).order_by(LotRow.position)
        ).scalars()
    )
    return ReadinessFacts(
        lots,
        criteria,
        evaluators,
        tuple(n for _, n, _ in members),
        bidders,
        reasons,
        bids,
        responses,
    )
