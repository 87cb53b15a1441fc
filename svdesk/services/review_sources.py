"""What the confidentiality review reads for each text it reviews.

Which texts are reviewed (the winning bid's: its letter reasons and, where the tender
scores them, its price and quality explanations, since those are what other bidders'
letters quote), the tender each is compared with, what is public anyway, and the row that
keeps the reviewed text.
"""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from svdesk.domain.name_leaks import PRICE, QUALITY
from svdesk.domain.scoring import shown
from svdesk.services.letter_reasons import PARTS, LetterReason, is_explanation, reason_row
from svdesk.services.results import TenderResults, results_of
from svdesk.store.evaluation_store import ResponseKey, TenderIndex
from svdesk.store.models import AttachmentRow, LetterReasonRow, ResponseRow


def scored_parts(index: TenderIndex) -> list[str]:
    """``Price`` and ``Quality``, where the tender gives them weight (the letters show only
    those)."""
    tender = index.tender
    weights = ((PRICE, tender.price_weighting), (QUALITY, tender.quality_weighting))
    return [label for label, weight in weights if Decimal(weight) > 0]


def winning_keys(
    session: Session, index: TenderIndex, results: TenderResults | None = None
) -> list[ResponseKey]:
    """The texts of each lot's winning bid that other bidders' letters quote, in the
    tender's order: its responses' letter reasons, then its price and quality explanations."""
    if results is None:
        results = results_of(session, index.tender.reference)
    parts = scored_parts(index)
    keys: list[ResponseKey] = []
    for lot in results.lots:
        if lot.winner is None:
            continue
        winner = next(b for b in lot.bids if b.bidder == lot.winner)
        keys.extend((lot.lot, lot.winner, c.criterion) for c in winner.criteria)
        keys.extend((lot.lot, lot.winner, label) for label in parts)
    return keys


def public_text(index: TenderIndex, key: ResponseKey) -> str:
    """What the authority wrote or the letters show anyway: the criterion, the scale, the
    lot, the tender and the winner's own name; for an explanation, the tender documents it
    cites and the points and weight the letters print beside it."""
    bidder = index.bidders[key[1]]
    lot = index.lots[key[0]]
    tender = index.tender
    shared = [
        f"Lot {lot.key} {lot.title}",
        tender.title,
        tender.authority,
        bidder.name,
        bidder.key,
    ]
    if is_explanation(key):
        bid = index.bids[(key[0], key[1])]
        price = key[2] == PRICE
        points = bid.price_score if price else bid.quality_score
        weight = tender.price_weighting if price else tender.quality_weighting
        figures = [_figure(weight), *([] if points is None else [_figure(points)])]
        return "\n".join([key[2], tender.tender_documents, " ".join(figures), *shared])
    criterion = index.criteria[(key[0], key[2])]
    scale = " ".join(f"{level.label} {level.descriptor}" for level in index.scale.levels)
    return "\n".join(
        [
            criterion.title,
            criterion.question,
            criterion.guidance,
            criterion.sub_criteria,
            scale,
            *shared,
        ]
    )


def _figure(value: Decimal) -> str:
    """A number as the pack gives it and as the letters print it (``37.8 37.80``)."""
    return f"{value} {format(shown(Decimal(value)), 'f')}"


def tender_text(session: Session, index: TenderIndex, key: ResponseKey) -> str:
    """The tender the text is checked against: the response's answer and attachment; for an
    explanation, every answer and attachment of the bid."""
    query = select(ResponseRow.answer, AttachmentRow.text).outerjoin(
        AttachmentRow, AttachmentRow.id == ResponseRow.attachment_id
    )
    if is_explanation(key):
        query = query.where(ResponseRow.bid_id == index.bids[(key[0], key[1])].id)
    else:
        query = query.where(ResponseRow.id == index.responses[key].id)
    return "\n".join(f"{answer}\n{attached or ''}" for answer, attached in session.execute(query))


def kept_row(
    session: Session, index: TenderIndex, key: ResponseKey, reason: LetterReason
) -> LetterReasonRow:
    """The row of the letter text, as ``reason`` reads it (kept now where it was not)."""
    if is_explanation(key):
        bid_id = index.bids[(key[0], key[1])].id
        part = PARTS[key[2]]
        row = session.scalars(
            select(LetterReasonRow).where(
                LetterReasonRow.bid_id == bid_id, LetterReasonRow.part == part
            )
        ).first()
        if row is None:
            row = LetterReasonRow(bid_id=bid_id, part=part, approved="[]")
            session.add(row)
    else:
        response_id = index.responses[key].id
        found = reason_row(session, response_id)
        if found is None:
            found = LetterReasonRow(response_id=response_id, approved="[]")
            session.add(found)
        row = found
    if row.rationale != reason.rationale:
        # New, or seeded from a text since changed: it stands for the text now.
        row.text, row.rationale, row.approved = reason.text, reason.rationale, "[]"
    return row
