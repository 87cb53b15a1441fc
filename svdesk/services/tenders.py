"""Reading tenders for display: the list of tenders and everything one tender holds."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

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
)
from svdesk.domain.scale import Scale, ScaleLevel
from svdesk.services.refusals import Refused
from svdesk.store.database import Database
from svdesk.store.models import AttachmentRow, BidderRow, LotRow, TenderRow
from svdesk.store.overview_store import (
    bid_rows,
    bidder_rows,
    criterion_rows,
    lot_rows,
    response_rows,
)

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


def found_overview(session: Session, reference: str) -> TenderOverview:
    """``overview_of``, refused in the user's words for a tender not in the database (what
    the records of the workbook, the report and the letters start from)."""
    try:
        return overview_of(session, reference)
    except TenderNotFound as missing:
        raise Refused([str(missing)]) from None


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
