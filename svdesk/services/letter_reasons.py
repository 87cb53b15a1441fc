"""Letter reasons: the text of each consensus that goes to suppliers.

The moderation's rationale is the panel's record; the letter reason is what the letters
quote. It is seeded from the rationale when the consensus is agreed and then reviewed for
confidentiality (``services.confidentiality_review``). When the consensus rationale
changes, its letter reason is seeded afresh from the new one and its review reopens: an
approved or edited text never stands for a rationale it was not made from. The officer is
told, and the text that was replaced stays in the audit trail.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from svdesk.services.refusals import Refused
from svdesk.store import audit
from svdesk.store.database import Database
from svdesk.store.evaluation_store import ResponseKey
from svdesk.store.models import LetterReasonRow, utc_now
from svdesk.store.tender_store import find_tender

ENTITY = "letter reason"


@dataclass(frozen=True, slots=True)
class LetterReason:
    """The text a letter quotes for one consensus, and the sentences approved as they are."""

    lot: str
    bidder: str
    criterion: str
    text: str
    approved: frozenset[str]
    rationale: str  # the consensus rationale as it is now


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


def letter_texts(reasons: dict[ResponseKey, LetterReason]) -> dict[tuple[str, str], dict[str, str]]:
    """The reasons as the letters quote them: by lot and bidder, then criterion."""
    texts: dict[tuple[str, str], dict[str, str]] = {}
    for (lot, bidder, code), reason in reasons.items():
        texts.setdefault((lot, bidder), {})[code] = reason.text
    return texts


def tender_letter_texts(db: Database, reference: str) -> dict[tuple[str, str], dict[str, str]]:
    """Every letter reason of the tender, as the letters quote them (``letter_texts``)."""
    with db.reading() as session:
        tender = find_tender(session, reference)
        if tender is None:
            raise Refused([f"there is no tender with the reference {reference} in the database"])
        return letter_texts(letter_reasons_of(session, tender.id))
