"""Everything in a tender that can change its award, read as the audit trail records it.

The trail keeps, for each item, the last value svdesk recorded; ``svdesk audit --verify``
compares it with what the database holds now, so a change made outside svdesk (a raw SQL
update of a weight, a price score, a status, an answer) is reported by name. Both sides
come from here: an import records ``current_state`` item by item, and the check reads it
again, so the two can only differ where the database was changed behind svdesk's back.

The reviewed letter texts (a consensus's letter reason, a bid's price or quality
explanation as the letters quote it, and the sentences approved in it) are items too: the
review records each as it decides, so a letter text edited in the database is found. A text
not yet reviewed is not an item: it is its consensus rationale or the pack's explanation,
which the trail already holds.

Answers and attachments are recorded by content hash (SHA-256) rather than whole: the trail
proves they are unchanged without holding a second copy of every bid.
"""

from __future__ import annotations

import hashlib
import json
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy import text as sql
from sqlalchemy.orm import Session

from svdesk.domain.name_leaks import PRICE, QUALITY
from svdesk.store.models import (
    AttachmentRow,
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
    ScaleLevelRow,
    TenderRow,
)

StateKey = tuple[str, str]  # (entity, entity key), as the trail names an item

# The items an import records: the tender as the panel received it.
TENDER_ENTITIES = (
    "method",
    "scale",
    "lot",
    "criterion",
    "bidder",
    "bid",
    "attachment",
    "response",
)
# The items the panel's own work adds later, each recorded by the use case that makes it.
EVALUATION_ENTITIES = (
    "panel member",
    "declaration",
    "score",
    "consensus",
    "moderation",
    "letter text",
)
STATE_ENTITIES = frozenset(TENDER_ENTITIES + EVALUATION_ENTITIES)
# Fields recorded as a content hash rather than as the text itself.
HASHED_FIELDS = frozenset({"answer_sha256", "sha256", "text_sha256"})


# Made once: ``json.dumps`` with options builds an encoder on every call.
_ENCODER = json.JSONEncoder(sort_keys=True, ensure_ascii=False, default=str)


def canonical(value: Any) -> str | None:
    """The text the trail stores for a value: JSON with sorted keys, so equal values match."""
    if value is None:
        return None
    return _ENCODER.encode(value)


def content_hash(data: str | bytes) -> str:
    raw = data.encode("utf-8") if isinstance(data, str) else data
    return hashlib.sha256(raw).hexdigest()


def letter_text_value(
    kept: str, seeded_from: str, approved: str | None, source: str
) -> dict[str, Any] | None:
    """A letter text as the trail records it, or None while it is not reviewed: kept text
    seeded from what its ``source`` (the consensus rationale, the pack's explanation) says
    now, and either changed from it or with sentences approved."""
    approved_texts = sorted(json.loads(approved or "[]"))
    if seeded_from != source or (kept == source and not approved_texts):
        return None
    return {"text": kept, "approved": approved_texts}


def _decimal(value: Decimal | None) -> str | None:
    return None if value is None else format(value, "f")


def current_state(
    session: Session, tender_id: int, entities: frozenset[str] = STATE_ENTITIES
) -> dict[StateKey, Any]:
    """The tender's items of the given kinds, each as the value the trail records for it.

    Columns are read as plain rows: a large tender has tens of thousands of responses and
    scores, and they are only compared.
    """
    state: dict[StateKey, Any] = {}
    # Core rows, not the ORM's: tens of thousands of plain rows, read only.
    connection = session.connection()
    tender = connection.execute(
        select(
            TenderRow.reference,
            TenderRow.regime,
            TenderRow.price_weighting,
            TenderRow.quality_weighting,
            TenderRow.social_value_weighting,
            TenderRow.scoring_method,
            TenderRow.tie_break,
        ).where(TenderRow.id == tender_id)
    ).one()
    reference = tender.reference
    if "method" in entities:
        state[("method", reference)] = {
            "regime": tender.regime,
            "price_weighting": _decimal(tender.price_weighting),
            "quality_weighting": _decimal(tender.quality_weighting),
            "social_value_weighting": _decimal(tender.social_value_weighting),
            "scoring_method": tender.scoring_method,
            "tie_break": tender.tie_break,
        }
    if "scale" in entities:
        state[("scale", reference)] = [
            [score, label, descriptor]
            for score, label, descriptor in connection.execute(
                select(ScaleLevelRow.score, ScaleLevelRow.label, ScaleLevelRow.descriptor)
                .where(ScaleLevelRow.tender_id == tender_id)
                .order_by(ScaleLevelRow.score)
            )
        ]
    lots: dict[int, str] = {}
    for lot_id, key, title in connection.execute(
        select(LotRow.id, LotRow.key, LotRow.title).where(LotRow.tender_id == tender_id)
    ):
        lots[lot_id] = key
        if "lot" in entities:
            state[("lot", key)] = {"title": title}
    criteria: dict[int, tuple[str, str]] = {}
    c = CriterionRow
    for row in connection.execute(
        select(
            c.id,
            c.lot_id,
            c.code,
            c.title,
            c.question,
            c.guidance,
            c.sub_criteria,
            c.weight,
            c.word_limit,
            c.minimum_score,
            c.model_criterion,
        )
        .join(LotRow, LotRow.id == c.lot_id)
        .where(LotRow.tender_id == tender_id)
    ):
        criteria[row.id] = (lots[row.lot_id], row.code)
        if "criterion" in entities:
            state[("criterion", f"lot {lots[row.lot_id]} / {row.code}")] = {
                "title": row.title,
                "question": row.question,
                "guidance": row.guidance,
                "sub_criteria": row.sub_criteria,
                "weight": _decimal(row.weight),
                "word_limit": row.word_limit,
                "minimum_score": row.minimum_score,
                "model_criterion": row.model_criterion,
            }
    bidders: dict[int, str] = {}
    b = BidderRow
    for bidder in connection.execute(
        select(
            b.id, b.key, b.name, b.identifier, b.address, b.contact, b.email, b.sme, b.vcse
        ).where(b.tender_id == tender_id)
    ):
        bidders[bidder.id] = bidder.key
        if "bidder" in entities:
            state[("bidder", bidder.key)] = {
                "name": bidder.name,
                "identifier": bidder.identifier,
                "address": bidder.address,
                "contact": bidder.contact,
                "email": bidder.email,
                "sme": bidder.sme,
                "vcse": bidder.vcse,
            }
    bids: dict[int, str] = {}
    for bid in connection.execute(
        select(
            BidRow.id,
            BidRow.lot_id,
            BidRow.bidder_id,
            BidRow.price_score,
            BidRow.quality_score,
            BidRow.status,
            BidRow.excluded_reason,
        )
        .join(LotRow, LotRow.id == BidRow.lot_id)
        .where(LotRow.tender_id == tender_id)
    ):
        key = f"lot {lots[bid.lot_id]} / {bidders[bid.bidder_id]}"
        bids[bid.id] = key
        if "bid" in entities:
            state[("bid", key)] = {
                "price_score": _decimal(bid.price_score),
                "quality_score": _decimal(bid.quality_score),
                "status": bid.status,
                "excluded_reason": bid.excluded_reason,
            }
    attachments: dict[int, str] = {}
    if "attachment" in entities or "response" in entities:
        for attachment_id, path, media_type, data, text in connection.execute(
            select(
                AttachmentRow.id,
                AttachmentRow.path,
                AttachmentRow.media_type,
                AttachmentRow.data,
                AttachmentRow.text,
            ).where(AttachmentRow.tender_id == tender_id)
        ):
            attachments[attachment_id] = path
            if "attachment" in entities:
                state[("attachment", path)] = {
                    "media_type": media_type,
                    "size": len(data),
                    "sha256": content_hash(data),
                    "text_sha256": content_hash(text),
                }
    responses: dict[int, str] = {}
    r = ResponseRow
    for response in connection.execute(
        select(r.id, r.bid_id, r.criterion_id, r.answer, r.attachment_id, r.missing)
        .join(BidRow, BidRow.id == r.bid_id)
        .join(LotRow, LotRow.id == BidRow.lot_id)
        .where(LotRow.tender_id == tender_id)
    ):
        key = f"{bids[response.bid_id]} / {criteria[response.criterion_id][1]}"
        responses[response.id] = key
        if "response" in entities:
            attachment = response.attachment_id
            state[("response", key)] = {
                "answer_sha256": content_hash(response.answer),
                "missing": response.missing,
                "attachment": None if attachment is None else attachments.get(attachment),
            }
    _evaluation_state(session, tender_id, reference, bidders, bids, responses, entities, state)
    return state


def _evaluation_state(
    session: Session,
    tender_id: int,
    reference: str,
    bidders: dict[int, str],
    bids: dict[int, str],
    responses: dict[int, str],
    entities: frozenset[str],
    state: dict[StateKey, Any],
) -> None:
    connection = session.connection()
    members: dict[int, str] = {}
    for member_id, name, role in connection.execute(
        select(PanelMemberRow.id, PanelMemberRow.name, PanelMemberRow.role).where(
            PanelMemberRow.tender_id == tender_id
        )
    ):
        members[member_id] = name
        if "panel member" in entities:
            state[("panel member", name)] = {"name": name, "role": role}
    if "declaration" in entities and members:
        d = DeclarationRow
        for member_id, bidder_id, conflict, details, declared_on in connection.execute(
            select(d.member_id, d.bidder_id, d.conflict, d.details, d.declared_on)
            .join(PanelMemberRow, PanelMemberRow.id == d.member_id)
            .where(PanelMemberRow.tender_id == tender_id)
        ):
            state[("declaration", f"{members[member_id]} / {bidders[bidder_id]}")] = {
                "conflict": conflict,
                "details": details,
                "declared_on": declared_on.isoformat(),
            }
    if "score" in entities and members:
        s = EvaluatorScoreRow
        for response_id, member_id, score, justification, submitted in connection.execute(
            select(s.response_id, s.member_id, s.score, s.justification, s.submitted)
            .join(PanelMemberRow, PanelMemberRow.id == s.member_id)
            .where(PanelMemberRow.tender_id == tender_id)
        ):
            state[("score", f"{members[member_id]} / {responses[response_id]}")] = {
                "score": score,
                "justification": justification,
                "submitted": submitted,
            }
    if "consensus" in entities and responses:
        k = ConsensusRow
        for response_id, score, rationale, reconciliation in connection.execute(
            select(k.response_id, k.score, k.rationale, k.reconciliation)
            .join(ResponseRow, ResponseRow.id == k.response_id)
            .join(BidRow, BidRow.id == ResponseRow.bid_id)
            .join(LotRow, LotRow.id == BidRow.lot_id)
            .where(LotRow.tender_id == tender_id)
        ):
            state[("consensus", responses[response_id])] = {
                "score": score,
                "rationale": rationale,
                "reconciliation": reconciliation,
            }
    if "moderation" in entities:
        for (opened_by,) in connection.execute(
            select(ModerationRow.opened_by).where(ModerationRow.tender_id == tender_id)
        ):
            state[("moderation", reference)] = {"opened_by": opened_by}
    if "letter text" in entities:
        _letter_text_state(session, tender_id, bids, responses, state)


# The kept letter texts of a tender, with what each stands for now.
_LETTER_TEXTS = """
SELECT lr.response_id, lr.bid_id, lr.part, lr.text, lr.rationale, lr.approved,
       cs.rationale, b.price_explanation, b.quality_explanation
FROM letter_reason lr
LEFT JOIN consensus cs ON cs.response_id = lr.response_id
LEFT JOIN response r ON r.id = lr.response_id
LEFT JOIN bid b ON b.id = COALESCE(lr.bid_id, r.bid_id)
JOIN lot l ON l.id = b.lot_id
WHERE l.tender_id = :tender
"""
_PART_LABELS = {"price": PRICE, "quality": QUALITY}


def _letter_text_state(
    session: Session,
    tender_id: int,
    bids: dict[int, str],
    responses: dict[int, str],
    state: dict[StateKey, Any],
) -> None:
    rows = session.connection().execute(sql(_LETTER_TEXTS), {"tender": tender_id})
    for response_id, bid_id, part, kept, seeded, approved, rationale, price, quality in rows:
        if response_id is not None:
            if rationale is None:
                continue  # a letter reason without its consensus is quoted nowhere
            key, source = responses[response_id], rationale
        elif part in _PART_LABELS:
            key = f"{bids[bid_id]} / {_PART_LABELS[part]}"
            source = (price if part == "price" else quality).strip()
        else:
            continue  # a kept text of no known part is quoted nowhere
        value = letter_text_value(kept, seeded, approved, source)
        if value is not None:
            state[("letter text", key)] = value
