"""Looking up a tender's parts by the keys people use (lot, bidder, criterion, name)."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from svdesk.domain.evaluation_rules import fold_name
from svdesk.domain.scale import Scale, ScaleLevel
from svdesk.store.models import (
    BidderRow,
    BidRow,
    ConsensusRow,
    CriterionRow,
    DeclarationRow,
    EvaluatorScoreRow,
    LotRow,
    ModerationRow,
    PanelMemberRow,
    ResponseRow,
    TenderRow,
)
from svdesk.store.tender_store import find_tender

ResponseKey = tuple[str, str, str]  # (lot, bidder, criterion)


@dataclass(slots=True)
class TenderIndex:
    """One tender's rows, indexed for the evaluation's use cases (one session's worth)."""

    tender: TenderRow
    scale: Scale
    lots: dict[str, LotRow] = field(default_factory=dict)
    bidders: dict[str, BidderRow] = field(default_factory=dict)
    bids: dict[tuple[str, str], BidRow] = field(default_factory=dict)  # (lot, bidder)
    criteria: dict[tuple[str, str], CriterionRow] = field(default_factory=dict)
    responses: dict[ResponseKey, ResponseRow] = field(default_factory=dict)
    members: dict[str, PanelMemberRow] = field(default_factory=dict)  # by folded name
    moderation: ModerationRow | None = None

    def lot_key(self, text: str) -> str | None:
        for key in self.lots:
            if key.casefold() == text.strip().casefold():
                return key
        return None

    def bidder_key(self, text: str) -> str | None:
        for key in self.bidders:
            if key.casefold() == text.strip().casefold():
                return key
        return None

    def criterion_code(self, lot: str, text: str) -> str | None:
        for lot_key, code in self.criteria:
            if lot_key == lot and code.casefold() == text.strip().casefold():
                return code
        return None

    def member(self, name: str) -> PanelMemberRow | None:
        return self.members.get(fold_name(name))


def load_index(session: Session, reference: str) -> TenderIndex | None:
    tender = find_tender(session, reference)
    if tender is None:
        return None
    scale = Scale(tuple(ScaleLevel(s.score, s.label, s.descriptor) for s in tender.scale_levels))
    index = TenderIndex(tender, scale)
    for lot in session.scalars(select(LotRow).where(LotRow.tender_id == tender.id)):
        index.lots[lot.key] = lot
    for bidder in session.scalars(select(BidderRow).where(BidderRow.tender_id == tender.id)):
        index.bidders[bidder.key] = bidder
    lots_by_id = {lot.id: lot.key for lot in index.lots.values()}
    bidders_by_id = {b.id: b.key for b in index.bidders.values()}
    criteria_by_id: dict[int, tuple[str, str]] = {}
    for criterion in session.scalars(
        select(CriterionRow).where(CriterionRow.lot_id.in_(list(lots_by_id)))
    ):
        key = (lots_by_id[criterion.lot_id], criterion.code)
        index.criteria[key] = criterion
        criteria_by_id[criterion.id] = key
    bids_by_id: dict[int, tuple[str, str]] = {}
    for bid in session.scalars(select(BidRow).where(BidRow.lot_id.in_(list(lots_by_id)))):
        key2 = (lots_by_id[bid.lot_id], bidders_by_id[bid.bidder_id])
        index.bids[key2] = bid
        bids_by_id[bid.id] = key2
    for response in session.scalars(
        select(ResponseRow).where(ResponseRow.bid_id.in_(list(bids_by_id)))
    ):
        lot_key, bidder_key = bids_by_id[response.bid_id]
        index.responses[(lot_key, bidder_key, criteria_by_id[response.criterion_id][1])] = response
    for member in session.scalars(
        select(PanelMemberRow).where(PanelMemberRow.tender_id == tender.id)
    ):
        index.members[member.name_key] = member
    index.moderation = session.scalars(
        select(ModerationRow).where(ModerationRow.tender_id == tender.id)
    ).first()
    return index


def declarations_of(session: Session, member_id: int) -> dict[int, DeclarationRow]:
    """The member's declarations by bidder id."""
    return {
        d.bidder_id: d
        for d in session.scalars(
            select(DeclarationRow).where(DeclarationRow.member_id == member_id)
        )
    }


def scores_of(session: Session, member_id: int) -> dict[int, EvaluatorScoreRow]:
    """The member's scores by response id."""
    return {
        s.response_id: s
        for s in session.scalars(
            select(EvaluatorScoreRow).where(EvaluatorScoreRow.member_id == member_id)
        )
    }


def all_scores(session: Session, response_ids: list[int]) -> list[EvaluatorScoreRow]:
    return list(
        session.scalars(
            select(EvaluatorScoreRow).where(EvaluatorScoreRow.response_id.in_(response_ids))
        )
    )


def consensus_of(session: Session, response_ids: list[int]) -> dict[int, ConsensusRow]:
    return {
        c.response_id: c
        for c in session.scalars(
            select(ConsensusRow).where(ConsensusRow.response_id.in_(response_ids))
        )
    }
