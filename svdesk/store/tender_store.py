"""Saving a tender pack to the database and reading tenders back, inside a given session.

The caller owns the transaction (``Database.transaction()``), so an import is one
transaction: all of it is saved, or none.
"""

from __future__ import annotations

import hashlib
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from svdesk.domain.model import TenderPack
from svdesk.domain.scale import Scale, ScaleLevel
from svdesk.store.models import (
    AttachmentRow,
    Base,
    BidderRow,
    BidRow,
    CriterionRow,
    LotRow,
    ResponseRow,
    ScaleLevelRow,
    TenderRow,
)
from svdesk.store.overview_store import session_connection, tender_id_of


def find_tender(session: Session, reference: str) -> TenderRow | None:
    """The tender with this reference; references match without regard to case
    (``overview_store.tender_id_of``)."""
    tender_id = tender_id_of(session_connection(session), reference)
    return None if tender_id is None else session.get(TenderRow, tender_id)


def tender_scale(tender: TenderRow) -> Scale:
    """The tender's scoring scale, lowest score first."""
    return Scale(tuple(ScaleLevel(s.score, s.label, s.descriptor) for s in tender.scale_levels))


def delete_tender(session: Session, tender: TenderRow) -> None:
    session.delete(tender)
    session.flush()


def save_pack(session: Session, pack: TenderPack, source_name: str) -> TenderRow:
    """Insert the pack's tender and everything in it; returns the tender row.

    A pack holds thousands of rows; each table is written with one executemany insert
    (SQLite cannot hand back generated keys of a batch in order, so the keys are read
    back by their natural keys afterwards). It all happens in the caller's transaction.
    """
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
    if t.holidays is not None:
        tender.holidays = t.holidays.value
    # Left out unless chosen, as the holidays: the server default says no.
    if t.hide_bidders_on_screen:
        tender.hide_bidders_on_screen = True
    if t.anonymous_evaluators:
        tender.anonymous_evaluators = True
    if t.moderation_tolerance != 1:
        tender.moderation_tolerance = t.moderation_tolerance
    session.add(tender)
    session.flush()
    tender_id = tender.id
    _insert(
        session,
        ScaleLevelRow,
        [
            {
                "tender_id": tender_id,
                "score": level.score,
                "label": level.label,
                "descriptor": level.descriptor,
            }
            for level in pack.scale.levels
        ],
    )
    _insert(
        session,
        LotRow,
        [
            {"tender_id": tender_id, "key": lot.key, "title": lot.title, "position": i}
            for i, lot in enumerate(pack.lots)
        ],
    )
    lots = dict(
        session.execute(select(LotRow.key, LotRow.id).where(LotRow.tender_id == tender_id)).all()
    )
    _insert(
        session,
        CriterionRow,
        [
            {
                "lot_id": lots[c.lot],
                "code": c.code,
                "title": c.title,
                "question": c.question,
                "guidance": c.guidance,
                "sub_criteria": "\n".join(c.sub_criteria),
                "weight": c.weight,
                "word_limit": c.word_limit,
                "minimum_score": c.minimum_score,
                "model_criterion": c.model_criterion,
                "position": i,
            }
            for i, c in enumerate(pack.criteria)
        ],
    )
    criteria = {
        (lot, code): id_
        for lot, code, id_ in session.execute(
            select(LotRow.key, CriterionRow.code, CriterionRow.id)
            .join(LotRow)
            .where(LotRow.tender_id == tender_id)
        )
    }
    _insert(
        session,
        BidderRow,
        [
            {
                "tender_id": tender_id,
                "key": b.key,
                "name": b.name,
                "identifier": b.identifier,
                "address": b.address,
                "contact": b.contact,
                "email": b.email,
                "sme": b.sme,
                "vcse": b.vcse,
                "position": i,
            }
            for i, b in enumerate(pack.bidders)
        ],
    )
    bidders = dict(
        session.execute(
            select(BidderRow.key, BidderRow.id).where(BidderRow.tender_id == tender_id)
        ).all()
    )
    # The explanations are written only when the pack gives any (a version 2 pack), so that
    # a version 1 pack's bids are the same insert as before.
    explained = any(b.price_explanation or b.quality_explanation for b in pack.bids)
    _insert(
        session,
        BidRow,
        [
            {
                "lot_id": lots[bid.lot],
                "bidder_id": bidders[bid.bidder],
                "price_score": bid.price_score,
                "quality_score": bid.quality_score,
                "status": bid.status.value,
                "excluded_reason": bid.excluded_reason,
            }
            | (
                {
                    "price_explanation": bid.price_explanation,
                    "quality_explanation": bid.quality_explanation,
                }
                if explained
                else {}
            )
            for bid in pack.bids
        ],
    )
    bids = {
        (bidder, lot): id_
        for bidder, lot, id_ in session.execute(
            select(BidderRow.key, LotRow.key, BidRow.id)
            .join(LotRow)
            .join(BidderRow)
            .where(LotRow.tender_id == tender_id)
        )
    }
    attachments: dict[str, int] = {}
    for response in pack.responses:
        a = response.attachment
        if a is not None and a.path not in attachments:
            row = AttachmentRow(
                tender_id=tender_id,
                path=a.path,
                media_type=a.media_type,
                sha256=hashlib.sha256(a.data).hexdigest(),
                size=len(a.data),
                data=a.data,
                text=a.text,
            )
            session.add(row)
            session.flush()
            attachments[a.path] = row.id
    _insert(
        session,
        ResponseRow,
        [
            {
                "bid_id": bids[(r.bidder, r.lot)],
                "criterion_id": criteria[(r.lot, r.criterion)],
                "answer": r.answer,
                "attachment_id": attachments[r.attachment.path] if r.attachment else None,
                "missing": r.missing,
            }
            for r in pack.responses
        ],
    )
    return tender


def _insert(session: Session, model: type[Base], rows: list[dict[str, Any]]) -> None:
    if rows:
        session.execute(insert(model.__table__), rows)  # type: ignore[arg-type]
