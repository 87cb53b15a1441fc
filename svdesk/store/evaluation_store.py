"""Looking up a tender's parts by the keys people use (lot, bidder, criterion, name)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from svdesk.domain.evaluation_rules import fold_name
from svdesk.domain.scale import Scale
from svdesk.store.models import (
    BidderRow,
    BidRow,
    ConsensusRow,
    CriterionRow,
    DeclarationRow,
    EvaluatorScoreRow,
    LotModerationRow,
    LotRow,
    ModerationRow,
    PanelMemberRow,
    ResponseRow,
    TenderRow,
)
from svdesk.store.tender_store import find_tender, tender_scale

ResponseKey = tuple[str, str, str]  # (lot, bidder, criterion)


class ResponseRef(NamedTuple):
    """A response, as the evaluation's use cases need it: which row, and whether the bidder
    gave no answer."""

    id: int
    missing: bool


@dataclass(slots=True)
class TenderIndex:
    """One tender's rows, indexed for the evaluation's use cases (one session's worth)."""

    tender: TenderRow
    scale: Scale
    lots: dict[str, LotRow] = field(default_factory=dict)
    bidders: dict[str, BidderRow] = field(default_factory=dict)
    bids: dict[tuple[str, str], BidRow] = field(default_factory=dict)  # (lot, bidder)
    criteria: dict[tuple[str, str], CriterionRow] = field(default_factory=dict)
    responses: dict[ResponseKey, ResponseRef] = field(default_factory=dict)
    members: dict[str, PanelMemberRow] = field(default_factory=dict)  # by folded name
    moderation: ModerationRow | None = None  # every lot's moderation has opened
    lot_moderation: dict[str, LotModerationRow] = field(default_factory=dict)  # by lot key

    # Keys by their case-folded form (set by ``load_index``): a sheet looks up every row's.
    folded_lots: dict[str, str] = field(default_factory=dict)
    folded_bidders: dict[str, str] = field(default_factory=dict)
    folded_criteria: dict[tuple[str, str], str] = field(default_factory=dict)  # (lot, code)

    def lot_key(self, text: str) -> str | None:
        return self.folded_lots.get(text.strip().casefold())

    def bidder_key(self, text: str) -> str | None:
        return self.folded_bidders.get(text.strip().casefold())

    def criterion_code(self, lot: str, text: str) -> str | None:
        return self.folded_criteria.get((lot, text.strip().casefold()))

    def member(self, name: str) -> PanelMemberRow | None:
        return self.members.get(fold_name(name))

    def lot_open(self, lot: str) -> bool:
        """Whether moderation of ``lot`` has opened: its individual scores are frozen."""
        return lot in self.lot_moderation

    @property
    def any_lot_open(self) -> bool:
        return bool(self.lot_moderation)


def load_index(session: Session, reference: str, *, panel_only: bool = False) -> TenderIndex | None:
    """The tender's index; with ``panel_only``, without its criteria, bids and responses
    (a thousand bidders' answers are thirty thousand rows the panel's questions never need).
    """
    tender = find_tender(session, reference)
    if tender is None:
        return None
    scale = tender_scale(tender)
    index = TenderIndex(tender, scale)
    for lot in session.scalars(select(LotRow).where(LotRow.tender_id == tender.id)):
        index.lots[lot.key] = lot
    for bidder in session.scalars(select(BidderRow).where(BidderRow.tender_id == tender.id)):
        index.bidders[bidder.key] = bidder
    lots_by_id = {lot.id: lot.key for lot in index.lots.values()}
    bidders_by_id = {b.id: b.key for b in index.bidders.values()}
    if not panel_only:
        _load_parts(session, index, lots_by_id, bidders_by_id)
    for member in session.scalars(
        select(PanelMemberRow).where(PanelMemberRow.tender_id == tender.id)
    ):
        index.members[member.name_key] = member
    index.moderation = session.scalars(
        select(ModerationRow).where(ModerationRow.tender_id == tender.id)
    ).first()
    for row in session.scalars(
        select(LotModerationRow).where(LotModerationRow.lot_id.in_(list(lots_by_id)))
    ):
        index.lot_moderation[lots_by_id[row.lot_id]] = row
    # The first of any keys that differ only in case wins, as it would in a search in order.
    for lot_key in reversed(index.lots):
        index.folded_lots[lot_key.casefold()] = lot_key
    for bidder_key in reversed(index.bidders):
        index.folded_bidders[bidder_key.casefold()] = bidder_key
    for lot_key, code in reversed(index.criteria):
        index.folded_criteria[(lot_key, code.casefold())] = code
    return index


def _load_parts(
    session: Session,
    index: TenderIndex,
    lots_by_id: dict[int, str],
    bidders_by_id: dict[int, str],
) -> None:
    """The criteria, bids and responses of the index."""
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
    # Plain rows rather than ORM objects: a tender has thousands of responses, and the use
    # cases need only to know which row each one is.
    for response_id, bid_id, criterion_id, missing in session.execute(
        select(
            ResponseRow.id, ResponseRow.bid_id, ResponseRow.criterion_id, ResponseRow.missing
        ).where(ResponseRow.bid_id.in_(list(bids_by_id)))
    ):
        lot_key, bidder_key = bids_by_id[bid_id]
        code = criteria_by_id[criterion_id][1]
        index.responses[(lot_key, bidder_key, code)] = ResponseRef(response_id, missing)


def declarations_of(session: Session, member_id: int) -> dict[int, DeclarationRow]:
    """The member's declarations by bidder id."""
    return {
        d.bidder_id: d
        for d in session.scalars(
            select(DeclarationRow).where(DeclarationRow.member_id == member_id)
        )
    }


def find_member(session: Session, reference: str, name: str) -> PanelMemberRow | None:
    """The member of the tender's panel called ``name`` (as folded), without the index."""
    tender = find_tender(session, reference)
    if tender is None:
        return None
    return session.scalars(
        select(PanelMemberRow).where(
            PanelMemberRow.tender_id == tender.id, PanelMemberRow.name_key == fold_name(name)
        )
    ).first()


def scores_of(session: Session, member_id: int) -> dict[int, EvaluatorScoreRow]:
    """The member's scores by response id."""
    return {
        s.response_id: s
        for s in session.scalars(
            select(EvaluatorScoreRow).where(EvaluatorScoreRow.member_id == member_id)
        )
    }


class ScoreFact(NamedTuple):
    """An evaluator's score of a response, for reading only."""

    response_id: int
    member_id: int
    score: int | None
    justification: str
    submitted: bool


def all_scores(session: Session, response_ids: list[int]) -> list[ScoreFact]:
    """Every evaluator's score of these responses. Plain rows, not ORM objects: a large
    tender has tens of thousands, and they are only read."""
    s = EvaluatorScoreRow
    return [
        ScoreFact(*row)
        for row in session.execute(
            select(s.response_id, s.member_id, s.score, s.justification, s.submitted).where(
                s.response_id.in_(response_ids)
            )
        )
    ]


class ConsensusFact(NamedTuple):
    """A response's consensus, for reading only."""

    score: int
    rationale: str
    reconciliation: str


def agreed_of(session: Session, response_ids: list[int]) -> dict[int, ConsensusFact]:
    """The consensus of these responses, by response id, as plain rows (a large tender has
    thousands, and they are only read)."""
    k = ConsensusRow
    return {
        response_id: ConsensusFact(score, rationale, reconciliation)
        for response_id, score, rationale, reconciliation in session.execute(
            select(k.response_id, k.score, k.rationale, k.reconciliation).where(
                k.response_id.in_(response_ids)
            )
        )
    }


def consensus_of(session: Session, response_ids: list[int]) -> dict[int, ConsensusRow]:
    return {
        c.response_id: c
        for c in session.scalars(
            select(ConsensusRow).where(ConsensusRow.response_id.in_(response_ids))
        )
    }


@dataclass(frozen=True, slots=True)
class EvaluationHeld:
    """How much of an evaluation a tender holds: what replacing it would discard."""

    members: int
    declarations: int
    scores: int
    consensus: int
    moderation_opened: bool

    @property
    def any(self) -> bool:
        return bool(self.members or self.declarations or self.scores or self.consensus)

    def describe(self) -> str:
        parts = [
            _count(self.members, "panel member"),
            _count(self.declarations, "declaration"),
            _count(self.scores, "individual score"),
            _count(self.consensus, "consensus score"),
        ]
        text = ", ".join(part for part in parts if part)
        if self.moderation_opened:
            text += "; moderation has opened"
        return text


def _count(number: int, noun: str) -> str:
    if not number:
        return ""
    return f"{number} {noun}" + ("" if number == 1 else "s")


def evaluation_held(session: Session, tender_id: int) -> EvaluationHeld:
    members = select(PanelMemberRow.id).where(PanelMemberRow.tender_id == tender_id)
    responses = (
        select(ResponseRow.id)
        .join(BidRow, BidRow.id == ResponseRow.bid_id)
        .join(LotRow, LotRow.id == BidRow.lot_id)
        .where(LotRow.tender_id == tender_id)
    )

    def number(query: Select[int]) -> int:
        return session.execute(query).scalar_one()

    return EvaluationHeld(
        members=number(select(func.count()).select_from(members.subquery())),
        declarations=number(select(func.count()).where(DeclarationRow.member_id.in_(members))),
        scores=number(select(func.count()).where(EvaluatorScoreRow.member_id.in_(members))),
        consensus=number(select(func.count()).where(ConsensusRow.response_id.in_(responses))),
        moderation_opened=session.execute(
            select(ModerationRow.id).where(ModerationRow.tender_id == tender_id)
        ).first()
        is not None,
    )
