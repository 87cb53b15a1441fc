"""Letter reasons: the texts the letters quote, each reviewed before it reaches a supplier.

The moderation's rationale is the panel's record; the letter reason is what the letters
quote. It is seeded from the rationale when the consensus is agreed and then reviewed for
confidentiality (``services.confidentiality_review``). When the consensus rationale
changes, its letter reason is seeded afresh from the new one and its review reopens: an
approved or edited text never stands for a rationale it was not made from. The officer is
told, and the text that was replaced stays in the audit trail.

A bid's price and quality explanations (pack format 2) have letter texts of the same kind,
keyed ``(lot, bidder, "Price")``: the pack's explanation until an officer decides on a
passage of it, and the pack's explanation again, with nothing approved, if it is no longer
the one the kept text was seeded from.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from svdesk.domain.name_leaks import PRICE, QUALITY
from svdesk.services.refusals import Refused
from svdesk.store import audit
from svdesk.store.database import Database
from svdesk.store.evaluation_store import ResponseKey
from svdesk.store.models import LetterReasonRow, utc_now
from svdesk.store.tender_store import find_tender

ENTITY = "letter reason"
# The trail's record of each reviewed text as it stands (``store.decision_state``).
STATE_ENTITY = "letter text"
# The explanations' labels, as letters and the review show them, and as ``part`` keeps them.
PARTS = {PRICE: "price", QUALITY: "quality"}
_LABELS = {part: label for label, part in PARTS.items()}


@dataclass(frozen=True, slots=True)
class LetterReason:
    """The text a letter quotes for one consensus, and the sentences approved as they are."""

    lot: str
    bidder: str
    criterion: str
    text: str
    approved: frozenset[str]
    rationale: str  # the consensus rationale as it is now


def is_explanation(key: ResponseKey) -> bool:
    """Whether ``key`` names a bid's price or quality explanation, not a consensus."""
    return key[2] in PARTS


def entity_key(key: ResponseKey) -> str:
    return f"lot {key[0]} / {key[1]} / {key[2]}"


def where(key: ResponseKey) -> str:
    return f"Lot {key[0]}, {key[1]}, {key[2]}"


def reason_row(session: Session, response_id: int) -> LetterReasonRow | None:
    return session.scalars(
        select(LetterReasonRow).where(LetterReasonRow.response_id == response_id)
    ).first()


def seed_letter_reason(
    session: Session,
    reference: str,
    key: ResponseKey,
    response_id: int,
    rationale: str,
    who: str,
) -> str | None:
    """Seed the letter reason of a consensus just recorded, inside the caller's transaction.

    Returns what the officer must be told when a reviewed reason (edited, or with approved
    sentences) was replaced because the rationale changed; None otherwise.
    """
    row = reason_row(session, response_id)
    if row is None:
        session.add(
            LetterReasonRow(
                response_id=response_id,
                text=rationale,
                rationale=rationale,
                approved="[]",
                updated_by=who,
                updated_at=utc_now(),
            )
        )
        return None
    if row.rationale == rationale:
        return None
    reviewed = row.text != row.rationale or json.loads(row.approved or "[]")
    old = {"text": row.text, "approved": json.loads(row.approved or "[]")}
    row.text, row.rationale, row.approved = rationale, rationale, "[]"
    row.updated_by, row.updated_at = who, utc_now()
    if not reviewed:
        return None
    audit.record(
        session,
        reference,
        who,
        "reseeded",
        ENTITY,
        entity_key(key),
        old,
        {"text": rationale, "approved": []},
    )
    # The text reviewed before is no longer what the letters quote: the trail says so.
    audit.record(session, reference, who, "reseeded", STATE_ENTITY, entity_key(key), old, None)
    return (
        f"{where(key)}: the consensus rationale changed, so the letter reason is the new "
        "rationale and its confidentiality review is open again (the reviewed text it "
        "replaces is kept in the audit trail)"
    )


# Every consensus of a tender with its letter reason, if one is kept.
_REASONS = """
SELECT l.key, bd.key, c.code, cs.rationale, lr.id, lr.text, lr.rationale, lr.approved
FROM consensus cs
JOIN response r ON r.id = cs.response_id
JOIN bid b ON b.id = r.bid_id
JOIN lot l ON l.id = b.lot_id
JOIN bidder bd ON bd.id = b.bidder_id
JOIN criterion c ON c.id = r.criterion_id
LEFT JOIN letter_reason lr ON lr.response_id = cs.response_id
WHERE l.tender_id = :tender
"""


def letter_reasons_of(session: Session, tender_id: int) -> dict[ResponseKey, LetterReason]:
    """The letter reason of every consensus of the tender, read in one flat query.

    A reason seeded from another rationale than the consensus now holds (the consensus
    was changed some other way) counts as the new rationale, with nothing approved.
    """
    found: dict[ResponseKey, LetterReason] = {}
    rows = session.connection().execute(text(_REASONS), {"tender": tender_id})
    for lot, bidder, code, rationale, row_id, kept, seeded_from, approved in rows:
        if row_id is None or seeded_from != rationale:
            found[(lot, bidder, code)] = LetterReason(
                lot, bidder, code, rationale, frozenset(), rationale
            )
        else:
            found[(lot, bidder, code)] = LetterReason(
                lot, bidder, code, kept, frozenset(json.loads(approved or "[]")), rationale
            )
    return found


# Every explanation of a tender's bids, with its kept letter text, if one is kept.
_EXPLANATIONS = """
SELECT l.key, bd.key, b.price_explanation, b.quality_explanation,
       lr.part, lr.id, lr.text, lr.rationale, lr.approved
FROM bid b
JOIN lot l ON l.id = b.lot_id
JOIN bidder bd ON bd.id = b.bidder_id
LEFT JOIN letter_reason lr ON lr.bid_id = b.id
WHERE l.tender_id = :tender
"""


def explanation_reasons_of(session: Session, tender_id: int) -> dict[ResponseKey, LetterReason]:
    """The letter text of every price and quality explanation of the tender's bids, keyed
    ``(lot, bidder, "Price")``, read in one flat query (explanations left blank have none).
    """
    explained: dict[ResponseKey, str] = {}
    kept: dict[ResponseKey, tuple[str, str, str]] = {}
    rows = session.connection().execute(text(_EXPLANATIONS), {"tender": tender_id})
    for lot, bidder, price, quality, part, row_id, kept_text, seeded_from, approved in rows:
        for label, explanation in ((PRICE, price), (QUALITY, quality)):
            if explanation.strip():
                explained[(lot, bidder, label)] = explanation.strip()
        kept_as = _LABELS.get(part)
        if row_id is not None and kept_as is not None:
            kept[(lot, bidder, kept_as)] = (kept_text, seeded_from, approved)
    found: dict[ResponseKey, LetterReason] = {}
    for key, explanation in explained.items():
        lot, bidder, label = key
        row = kept.get(key)
        if row is None or row[1] != explanation:
            found[key] = LetterReason(lot, bidder, label, explanation, frozenset(), explanation)
        else:
            approved_texts = frozenset(json.loads(row[2] or "[]"))
            found[key] = LetterReason(lot, bidder, label, row[0], approved_texts, explanation)
    return found


def letter_texts_of(session: Session, tender_id: int) -> dict[ResponseKey, LetterReason]:
    """Every text the letters quote: the letter reasons and the explanations' letter texts."""
    return letter_reasons_of(session, tender_id) | explanation_reasons_of(session, tender_id)


def letter_texts(reasons: dict[ResponseKey, LetterReason]) -> dict[tuple[str, str], dict[str, str]]:
    """The reasons as the letters quote them: by lot and bidder, then criterion (or
    ``Price`` and ``Quality``)."""
    texts: dict[tuple[str, str], dict[str, str]] = {}
    for (lot, bidder, code), reason in reasons.items():
        texts.setdefault((lot, bidder), {})[code] = reason.text
    return texts


def tender_letter_texts(db: Database, reference: str) -> dict[tuple[str, str], dict[str, str]]:
    """Every letter reason of the tender and its explanations' letter texts, as the letters
    quote them (``letter_texts``)."""
    with db.reading() as session:
        tender = find_tender(session, reference)
        if tender is None:
            raise Refused([f"there is no tender with the reference {reference} in the database"])
        return letter_texts(letter_texts_of(session, tender.id))
