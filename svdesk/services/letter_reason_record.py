"""The letter reasons for the record (the evaluation workbook and the report): each
consensus's text for suppliers, with the decisions of its confidentiality review as the
audit trail keeps them.

The review's decisions are read from the trail, not from the letter reason's row: the row
holds only the text as it now stands, the trail who approved, edited or redacted what,
and when. The kinds of entry the record shows are listed here, so that a review that
comes to cover other explanations is one more entity in ``REVIEWED``.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy.orm import Session

from svdesk.domain.name_leaks import PRICE, QUALITY
from svdesk.services.letter_reasons import ENTITY, is_explanation, letter_texts_of
from svdesk.store import audit
from svdesk.store.audit import AuditEntry
from svdesk.store.evaluation_store import ResponseKey
from svdesk.store.records.letter_reasons import LetterReasonRecord, ReviewDecision
from svdesk.store.records.tender import TenderOverview

# The trail's entities that record decisions on a text that goes to suppliers, and the
# decisions the record shows.
REVIEWED = (ENTITY,)
DECISIONS = frozenset({"approved", "edited", "redacted", "reseeded"})


def review_entries(session: Session, reference: str) -> list[AuditEntry]:
    """The trail's entries on reviewed texts, in order (for a reading that does not read
    the whole trail)."""
    found = [e for entity in REVIEWED for e in audit.entries(session, reference, entity)]
    return sorted(found, key=lambda e: e.id)


def review_decisions(entries: Iterable[AuditEntry]) -> dict[ResponseKey, list[ReviewDecision]]:
    """Each consensus's decisions, in the trail's order, from the trail's ``entries``."""
    found: dict[ResponseKey, list[ReviewDecision]] = {}
    for entry in entries:
        if entry.entity not in REVIEWED or entry.action not in DECISIONS:
            continue
        place = _place(entry.entity_key)
        if place is None:
            continue
        key, sentence = place
        found.setdefault(key, []).append(
            ReviewDecision(
                entry.action,
                entry.actor,
                entry.occurred_at,
                sentence,
                _text(entry.old),
                _text(entry.new),
            )
        )
    return found


def letter_reason_records(
    session: Session, tender_id: int, overview: TenderOverview, entries: Iterable[AuditEntry]
) -> tuple[LetterReasonRecord, ...]:
    """Every text the letters quote, with its decisions from ``entries`` (the tender's
    trail, or ``review_entries``): each agreed consensus's letter reason in the tender's
    order of responses, then each price and quality explanation the review decided on or
    changed, in the order of the bids."""
    texts = letter_texts_of(session, tender_id)
    decisions = review_decisions(entries)
    names = {b.key: b.name for b in overview.bidders}
    titles = {(c.lot, c.code): c.title for c in overview.criteria}
    keys = [(r.lot, r.bidder, r.criterion) for r in overview.responses]
    keys += [(b.lot, b.bidder, part) for b in overview.bids for part in (PRICE, QUALITY)]
    records = []
    for key in keys:
        reason = texts.get(key)
        if reason is None:
            continue
        if is_explanation(key) and reason.text == reason.rationale and key not in decisions:
            continue  # an explanation the review never touched: the pack's, as it stands
        records.append(
            LetterReasonRecord(
                lot=key[0],
                bidder=key[1],
                bidder_name=names.get(key[1], ""),
                criterion=key[2],
                criterion_title=(
                    f"{key[2]} explanation"
                    if is_explanation(key)
                    else titles.get((key[0], key[2]), "")
                ),
                text=reason.text,
                rationale=reason.rationale,
                decisions=tuple(decisions.get(key, ())),
            )
        )
    return tuple(records)


def _place(entity_key: str) -> tuple[ResponseKey, int | None] | None:
    """``lot 1 / B01 / SV1 / sentence 2`` -> ((1, B01, SV1), 2); the sentence is None for
    a decision on the whole reason."""
    parts = entity_key.split(" / ")
    if len(parts) < 3 or not parts[0].startswith("lot "):
        return None
    sentence = None
    if len(parts) == 4 and parts[3].startswith("sentence ") and parts[3][9:].isdigit():
        sentence = int(parts[3][9:])
    elif len(parts) != 3:
        return None
    return (parts[0][4:], parts[1], parts[2]), sentence


def _text(value: object) -> str:
    if isinstance(value, dict):
        return str(value.get("text", ""))
    return "" if value is None else str(value)
