"""Saving a tender pack to the database and reading tenders back, inside a given session.

The caller owns the transaction (``Database.transaction()``), so an import is one
transaction: all of it is saved, or none.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from svdesk.domain.model import TenderPack
from svdesk.store.models import (
    AttachmentRow,
    BidderRow,
    BidRow,
    CriterionRow,
    LotRow,
    ResponseRow,
    ScaleLevelRow,
    TenderRow,
)


def find_tender(session: Session, reference: str) -> TenderRow | None:
    """The tender with this reference; references match without regard to case."""
    return session.scalars(
        select(TenderRow).where(func.lower(TenderRow.reference) == reference.lower())
    ).first()


def delete_tender(session: Session, tender: TenderRow) -> None:
    session.delete(tender)
    session.flush()


def save_pack(session: Session, pack: TenderPack, source_name: str) -> TenderRow:
    """Add the pack's tender and everything in it to the session; returns the tender row."""
    t = pack.tender
    tender = TenderRow(
        reference=t.reference,
        title=t.title,
        authority=t.authority,
        authority_address=t.authority_address,
        regime=t.regime.value,
        currency=t.currency,
        estimated_value=t.estimated_value,
        price_weighting=t.price_weighting,
        quality_weighting=t.quality_weighting,
        social_value_weighting=t.social_value_weighting,
        scoring_method=t.scoring_method.value,
        tie_break=t.tie_break.value,
        contact_name=t.contact_name,
        contact_email=t.contact_email,
        signatory=t.signatory,
        tender_documents=t.tender_documents,
        source_name=source_name,
    )
    tender.scale_levels = [
        ScaleLevelRow(score=level.score, label=level.label, descriptor=level.descriptor)
        for level in pack.scale.levels
    ]
    lots = {
        lot.key: LotRow(key=lot.key, title=lot.title, position=i) for i, lot in enumerate(pack.lots)
    }
    tender.lots = list(lots.values())
    criteria: dict[tuple[str, str], CriterionRow] = {}
    for i, c in enumerate(pack.criteria):
        row = CriterionRow(
            code=c.code,
            title=c.title,
            question=c.question,
            guidance=c.guidance,
            sub_criteria="\n".join(c.sub_criteria),
            weight=c.weight,
            word_limit=c.word_limit,
            minimum_score=c.minimum_score,
            model_criterion=c.model_criterion,
            position=i,
        )
        lots[c.lot].criteria.append(row)
        criteria[(c.lot, c.code)] = row
    bidders = {
        b.key: BidderRow(
            key=b.key,
            name=b.name,
            identifier=b.identifier,
            address=b.address,
            contact=b.contact,
            email=b.email,
            sme=b.sme,
            vcse=b.vcse,
            position=i,
        )
        for i, b in enumerate(pack.bidders)
    }
    tender.bidders = list(bidders.values())
    bids: dict[tuple[str, str], BidRow] = {}
    for bid in pack.bids:
        bid_row = BidRow(
            bidder=bidders[bid.bidder],
            price_score=bid.price_score,
            quality_score=bid.quality_score,
            status=bid.status.value,
            excluded_reason=bid.excluded_reason,
        )
        lots[bid.lot].bids.append(bid_row)
        bids[(bid.bidder, bid.lot)] = bid_row
    attachments: dict[str, AttachmentRow] = {}
    for response in pack.responses:
        attachment_row = None
        if response.attachment is not None:
            a = response.attachment
            attachment_row = attachments.get(a.path)
            if attachment_row is None:
                attachment_row = AttachmentRow(
                    path=a.path,
                    media_type=a.media_type,
                    sha256=hashlib.sha256(a.data).hexdigest(),
                    size=len(a.data),
                    data=a.data,
                    text=a.text,
                )
                attachments[a.path] = attachment_row
                tender.attachments.append(attachment_row)
        bids[(response.bidder, response.lot)].responses.append(
            ResponseRow(
                criterion=criteria[(response.lot, response.criterion)],
                answer=response.answer,
                attachment=attachment_row,
                missing=response.missing,
                word_count=response.word_count,
            )
        )
    session.add(tender)
    session.flush()
    return tender


def list_tenders(session: Session) -> Sequence[TenderRow]:
    return session.scalars(select(TenderRow).order_by(TenderRow.imported_at.desc())).all()
