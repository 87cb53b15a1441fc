"""Reading tenders for display: the list of tenders and everything one tender holds."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from svdesk.domain.model import (
    Bid,
    Bidder,
    BidStatus,
    Criterion,
    Holidays,
    Lot,
    Regime,
    ScoringMethod,
    Tender,
    TieBreak,
    text_read,
)
from svdesk.domain.scale import Scale, ScaleLevel
from svdesk.domain.words import count_words, split_at_word_limit
from svdesk.store.database import Database
from svdesk.store.models import AttachmentRow, BidderRow, LotRow, TenderRow
from svdesk.store.overview_store import (
    bid_rows,
    bidder_rows,
    criterion_rows,
    lot_rows,
    response_rows,
)
from svdesk.store.tender_store import find_tender


class TenderNotFound(LookupError):
    def __init__(self, reference: str) -> None:
        super().__init__(f"there is no tender with the reference {reference} in the database")
        self.reference = reference


@dataclass(frozen=True, slots=True)
class TenderListItem:
    reference: str
    title: str
    authority: str
    regime: Regime
    lots: int
    bidders: int
    imported_at: dt.datetime


@dataclass(frozen=True, slots=True)
class AttachmentInfo:
    id: int
    path: str
    media_type: str
    size: int
    text: str


@dataclass(frozen=True, slots=True)
class ResponseView:
    """One answer as an evaluator reads it, split at the criterion's word limit."""

    id: int
    bidder: str
    bidder_name: str
    lot: str
    criterion: str
    criterion_title: str
    answer: str
    attachment: AttachmentInfo | None
    missing: bool
    word_limit: int | None
    # The word count, once counted: a page of every answer asks each whether it is over
    # its limit, and a thousand bidders' answers are thirty thousand texts to count.
    _counted: list[int] = field(default_factory=list, init=False, repr=False, compare=False)

    @property
    def text(self) -> str:
        return text_read(self.answer, self.attachment.text if self.attachment else "")

    @property
    def word_count(self) -> int:
        # Counted when first shown rather than stored: the view is never stale.
        if not self._counted:
            self._counted.append(count_words(self.text))
        return self._counted[0]

    @property
    def over_limit(self) -> bool:
        return self.word_limit is not None and self.word_count > self.word_limit

    def split_at_limit(self) -> tuple[str, str]:
        """The text within the word limit, and the words past it (not evaluated)."""
        return split_at_word_limit(self.text, self.word_limit)


@dataclass(frozen=True, slots=True)
class TenderOverview:
    tender: Tender
    lots: tuple[Lot, ...]
    scale: Scale
    criteria: tuple[Criterion, ...]
    bidders: tuple[Bidder, ...]
    bids: tuple[Bid, ...]
    responses: tuple[ResponseView, ...]
    source_name: str
    imported_at: dt.datetime
    # Looked up by key, once asked: a page listing a thousand bids with their answers would
    # otherwise search the thirty thousand answers once for each bid.
    _answers: dict[tuple[str, str], tuple[ResponseView, ...]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )
    _bidders: dict[str, Bidder] = field(default_factory=dict, init=False, repr=False, compare=False)

    def criteria_of(self, lot: str) -> tuple[Criterion, ...]:
        return tuple(c for c in self.criteria if c.lot == lot)

    def bids_of(self, lot: str) -> tuple[Bid, ...]:
        return tuple(b for b in self.bids if b.lot == lot)

    def responses_of(self, lot: str, bidder: str | None = None) -> tuple[ResponseView, ...]:
        if bidder is None:
            return tuple(r for r in self.responses if r.lot == lot)
        if not self._answers and self.responses:
            found: dict[tuple[str, str], list[ResponseView]] = {}
            for r in self.responses:
                found.setdefault((r.lot, r.bidder), []).append(r)
            self._answers.update((key, tuple(answers)) for key, answers in found.items())
        return self._answers.get((lot, bidder), ())

    def bidder(self, key: str) -> Bidder:
        if not self._bidders:
            # The first of two bidders with one key wins, as a search in order finds it.
            self._bidders.update((b.key, b) for b in reversed(self.bidders))
        return self._bidders[key]


def list_tenders(db: Database) -> list[TenderListItem]:
    with db.reading() as session:
        lots = (
            select(func.count(LotRow.id)).where(LotRow.tender_id == TenderRow.id).scalar_subquery()
        )
        # Counted by SQLite: loading a framework's thousand bidders to count them took longer
        # than showing its tender.
        bidders = (
            select(func.count(BidderRow.id))
            .where(BidderRow.tender_id == TenderRow.id)
            .scalar_subquery()
        )
        rows = session.execute(
            select(TenderRow, lots, bidders).order_by(
                TenderRow.imported_at.desc(), TenderRow.id.desc()
            )
        ).all()
        return [
            TenderListItem(
                reference=t.reference,
                title=t.title,
                authority=t.authority,
                regime=Regime(t.regime),
                lots=lot_count,
                bidders=bidder_count,
                imported_at=t.imported_at,
            )
            for t, lot_count, bidder_count in rows
        ]


def tender_overview(db: Database, reference: str) -> TenderOverview:
    """Everything one tender holds, as plain values (attachment files stay in the database)."""
    with db.reading() as session:
        return overview_of(session, reference)


def overview_of(session: Session, reference: str) -> TenderOverview:
    """``tender_overview`` read inside the caller's session."""
    row = find_tender(session, reference)
    if row is None:
        raise TenderNotFound(reference)
    return _overview(row, session)


def attachment_file(db: Database, attachment_id: int) -> tuple[str, bytes]:
    """An attached file as the bidder sent it: its path in the pack and its bytes."""
    with db.reading() as session:
        row = session.get(AttachmentRow, attachment_id)
        if row is None:
            raise LookupError(f"attachment {attachment_id} is not in the database")
        return row.path, row.data


def _overview(row: TenderRow, session: Session) -> TenderOverview:
    tender = Tender(
        reference=row.reference,
        title=row.title,
        authority=row.authority,
        social_value_weighting=row.social_value_weighting,
        authority_address=row.authority_address,
        regime=Regime(row.regime),
        currency=row.currency,
        estimated_value=row.estimated_value,
        price_weighting=row.price_weighting,
        quality_weighting=row.quality_weighting,
        scoring_method=ScoringMethod(row.scoring_method),
        tie_break=TieBreak(row.tie_break),
        contact_name=row.contact_name,
        contact_email=row.contact_email,
        signatory=row.signatory,
        tender_documents=row.tender_documents,
        holidays=Holidays(row.holidays) if row.holidays else None,
        hide_bidders_on_screen=bool(row.hide_bidders_on_screen),
        anonymous_evaluators=bool(row.anonymous_evaluators),
        moderation_tolerance=row.moderation_tolerance,
    )
    scale = Scale(
        tuple(ScaleLevel(s.score, s.label, s.descriptor) for s in row.scale_levels)
        or (ScaleLevel(0, "", ""),)
    )
    criteria = tuple(
        Criterion(
            lot=lot,
            code=code,
            title=title,
            question=question,
            weight=weight,
            guidance=guidance,
            sub_criteria=tuple(line for line in sub_criteria.splitlines() if line),
            word_limit=word_limit,
            minimum_score=minimum_score,
            model_criterion=model_criterion,
        )
        for (
            lot,
            code,
            title,
            question,
            weight,
            guidance,
            sub_criteria,
            word_limit,
            minimum_score,
            model_criterion,
        ) in criterion_rows(session, row.id)
    )
    bids = tuple(
        Bid(
            bidder=bidder,
            lot=lot,
            price_score=price,
            quality_score=quality,
            status=BidStatus(status),
            excluded_reason=reason,
            price_explanation=price_why,
            quality_explanation=quality_why,
        )
        for bidder, lot, price, quality, status, reason, price_why, quality_why in bid_rows(
            session, row.id
        )
    )
    responses = tuple(
        ResponseView(
            id=response_id,
            bidder=bidder,
            bidder_name=bidder_name,
            lot=lot,
            criterion=code,
            criterion_title=title,
            answer=answer,
            attachment=None
            if attachment_id is None
            else AttachmentInfo(attachment_id, path, media_type, size, text),
            missing=bool(missing),
            word_limit=word_limit,
        )
        for (
            response_id,
            bidder,
            bidder_name,
            lot,
            code,
            title,
            answer,
            missing,
            word_limit,
            attachment_id,
            path,
            media_type,
            size,
            text,
        ) in response_rows(session, row.id)
    )
    return TenderOverview(
        tender=tender,
        lots=tuple(Lot(key, title) for key, title in lot_rows(session, row.id)),
        scale=scale,
        criteria=criteria,
        bidders=tuple(Bidder(*b) for b in bidder_rows(session, row.id)),
        bids=bids,
        responses=responses,
        source_name=row.source_name,
        imported_at=row.imported_at,
    )
