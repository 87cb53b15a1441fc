"""Reading tenders for display: the list of tenders and everything one tender holds."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

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
)
from svdesk.domain.scale import Scale, ScaleLevel
from svdesk.store.database import Database
from svdesk.store.models import AttachmentRow, BidRow, LotRow, ResponseRow, TenderRow

# The read models it fills, below the services since the documents take them (also
# offered here, where they were first written).
from svdesk.store.records.tender import (
    AttachmentInfo as AttachmentInfo,
)
from svdesk.store.records.tender import (
    ResponseView as ResponseView,
)
from svdesk.store.records.tender import (
    TenderOverview as TenderOverview,
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


def list_tenders(db: Database) -> list[TenderListItem]:
    with db.reading() as session:
        lots = (
            select(func.count(LotRow.id)).where(LotRow.tender_id == TenderRow.id).scalar_subquery()
        )
        rows = session.execute(
            select(TenderRow, lots).order_by(TenderRow.imported_at.desc(), TenderRow.id.desc())
        ).all()
        return [
            TenderListItem(
                reference=t.reference,
                title=t.title,
                authority=t.authority,
                regime=Regime(t.regime),
                lots=lot_count,
                bidders=len(t.bidders),
                imported_at=t.imported_at,
            )
            for t, lot_count in rows
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
    lots = session.scalars(
        select(LotRow)
        .where(LotRow.tender_id == row.id)
        .order_by(LotRow.position)
        .options(
            selectinload(LotRow.criteria),
            selectinload(LotRow.bids).selectinload(BidRow.bidder),
            selectinload(LotRow.bids)
            .selectinload(BidRow.responses)
            .selectinload(ResponseRow.attachment)
            .load_only(
                AttachmentRow.id,
                AttachmentRow.path,
                AttachmentRow.media_type,
                AttachmentRow.size,
                AttachmentRow.text,
            ),
            selectinload(LotRow.bids)
            .selectinload(BidRow.responses)
            .selectinload(ResponseRow.criterion),
        )
    ).all()
    return _overview(row, list(lots))


def attachment_file(db: Database, attachment_id: int) -> tuple[str, bytes]:
    """An attached file as the bidder sent it: its path in the pack and its bytes."""
    with db.reading() as session:
        row = session.get(AttachmentRow, attachment_id)
        if row is None:
            raise LookupError(f"attachment {attachment_id} is not in the database")
        return row.path, row.data


def _overview(row: TenderRow, lots: list[LotRow]) -> TenderOverview:
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
    )
    scale = Scale(
        tuple(ScaleLevel(s.score, s.label, s.descriptor) for s in row.scale_levels)
        or (ScaleLevel(0, "", ""),)
    )
    criteria: list[Criterion] = []
    bids: list[Bid] = []
    responses: list[ResponseView] = []
    for lot in lots:
        for c in lot.criteria:
            criteria.append(
                Criterion(
                    lot=lot.key,
                    code=c.code,
                    title=c.title,
                    question=c.question,
                    weight=c.weight,
                    guidance=c.guidance,
                    sub_criteria=tuple(line for line in c.sub_criteria.splitlines() if line),
                    word_limit=c.word_limit,
                    minimum_score=c.minimum_score,
                    model_criterion=c.model_criterion,
                )
            )
        for b in lot.bids:
            bids.append(
                Bid(
                    bidder=b.bidder.key,
                    lot=lot.key,
                    price_score=b.price_score,
                    quality_score=b.quality_score,
                    status=BidStatus(b.status),
                    excluded_reason=b.excluded_reason,
                    price_explanation=b.price_explanation,
                    quality_explanation=b.quality_explanation,
                )
            )
            for r in b.responses:
                attachment = r.attachment
                responses.append(
                    ResponseView(
                        id=r.id,
                        bidder=b.bidder.key,
                        bidder_name=b.bidder.name,
                        lot=lot.key,
                        criterion=r.criterion.code,
                        criterion_title=r.criterion.title,
                        answer=r.answer,
                        attachment=None
                        if attachment is None
                        else AttachmentInfo(
                            attachment.id,
                            attachment.path,
                            attachment.media_type,
                            attachment.size,
                            attachment.text,
                        ),
                        missing=r.missing,
                        word_limit=r.criterion.word_limit,
                    )
                )
    lot_position = {lot.key: i for i, lot in enumerate(lots)}
    bidder_position = {b.key: b.position for b in row.bidders}
    criterion_position = {(c.lot, c.code): i for i, c in enumerate(criteria)}
    responses.sort(
        key=lambda r: (
            lot_position[r.lot],
            bidder_position[r.bidder],
            criterion_position[(r.lot, r.criterion)],
        )
    )
    return TenderOverview(
        tender=tender,
        lots=tuple(Lot(lot.key, lot.title) for lot in lots),
        scale=scale,
        criteria=tuple(criteria),
        bidders=tuple(
            Bidder(b.key, b.name, b.identifier, b.address, b.contact, b.email, b.sme, b.vcse)
            for b in row.bidders
        ),
        bids=tuple(bids),
        responses=tuple(responses),
        source_name=row.source_name,
        imported_at=row.imported_at,
    )
