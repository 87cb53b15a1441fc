"""The confidentiality review of the winners' letter reasons, before letters go out.

Every unsuccessful bidder's letter quotes the winning bid's letter reasons and its price
and quality explanations (``review_sources.winning_keys``). Each sentence of them that
quotes the winner's tender (``domain.confidential_passages``) is a passage an
officer approves as it stands, edits or redacts; each decision is one transaction and one
entry of the audit trail (who, what, the text before and after). Letters are refused while
any passage is open (``review_problems``, part of the readiness check).
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlalchemy.orm import Session

from svdesk.bundled import common_english_words
from svdesk.domain.confidential_passages import (
    Passage,
    Quote,
    Sentence,
    find_passages,
    sentences_of,
)
from svdesk.domain.hidden_characters import hidden_characters
from svdesk.services.letter_reasons import (
    ENTITY,
    PARTS,
    STATE_ENTITY,
    LetterReason,
    entity_key,
    is_explanation,
    letter_texts_of,
)
from svdesk.services.panel import acting, require_index
from svdesk.services.refusals import Refused
from svdesk.services.results import TenderResults, results_of
from svdesk.services.review_sources import (
    kept_row,
    public_text,
    scored_parts,
    tender_text,
    winning_keys,
)
from svdesk.store import audit
from svdesk.store.database import Database
from svdesk.store.decision_state import letter_text_value
from svdesk.store.evaluation_store import ResponseKey, TenderIndex
from svdesk.store.models import LetterReasonRow, TenderRow, utc_now

__all__ = [
    "REDACTED",
    "ConfidentialityReview",
    "PassageRef",
    "ReviewPassage",
    "approve_passage",
    "confidentiality_review",
    "edit_passage",
    "passages_of",
    "public_text",
    "redact_passage",
    "review_problems",
    "winning_keys",
]

# What a redacted passage becomes in the letters (docs/decisions.md).
REDACTED = "[Details withheld as commercially confidential.]"
# As a consensus rationale: a bound on what an edited passage may hold.
TEXT_LIMIT = 20_000


@dataclass(frozen=True, slots=True)
class ReviewPassage:
    """One sentence of a winning bid's letter reason (or of its price or quality
    explanation: ``criterion`` is then ``Price`` or ``Quality``) that quotes its tender."""

    lot: str
    bidder: str
    bidder_name: str
    criterion: str
    criterion_title: str  # "Environment"; "Price explanation" for an explanation
    sentence: int  # its number within the letter reason, from 1
    text: str
    quotes: tuple[Quote, ...]  # where it quotes the tender, within ``text``
    what: str  # "figures “£45,000”, “14”; a name “Kelsbridge Works”"
    why: str
    approved: bool
    reason: str  # the whole letter reason the passage is part of
    start: int  # where the passage lies in ``reason``

    @property
    def where(self) -> str:
        return f"Lot {self.lot}, {self.bidder}, {self.criterion}, sentence {self.sentence}"

    @property
    def subject(self) -> str:
        """What the passage explains: ``SV2 Environment`` or ``Price explanation``."""
        if self.criterion in PARTS:
            return self.criterion_title
        return f"{self.criterion} {self.criterion_title}"


@dataclass(frozen=True, slots=True)
class ConfidentialityReview:
    reference: str
    passages: tuple[ReviewPassage, ...]
    # Lots without a winner yet: their winning bid's reasons are reviewed once they have one.
    undecided: tuple[str, ...] = ()
    winners: int = 0  # lots with a winner

    def waiting(self) -> str:
        """``Lot 2 has no winner yet: …``, or "" when every lot has one."""
        if not self.undecided:
            return ""
        lots = " and ".join(f"Lot {lot}" for lot in self.undecided)
        verb = "has" if len(self.undecided) == 1 else "have"
        return (
            f"{lots} {verb} no winner yet: the winning bid's letter reasons are reviewed once "
            "the results are complete"
        )

    @property
    def open(self) -> tuple[ReviewPassage, ...]:
        return tuple(p for p in self.passages if not p.approved)


@dataclass(frozen=True, slots=True)
class PassageRef:
    """A passage as the officer chose it; ``as_read`` (when given) is its text as they read
    it, so that a decision on a text changed since is refused, not applied elsewhere."""

    lot: str
    bidder: str
    criterion: str
    sentence: int
    as_read: str | None = None


def confidentiality_review(db: Database, reference: str) -> ConfidentialityReview:
    """Every passage of the winners' letter reasons, open or approved, in the tender's order."""
    with db.reading() as session:
        index = require_index(session, reference)
        results = results_of(session, index.tender.reference)
        return ConfidentialityReview(
            index.tender.reference,
            tuple(passages_of(session, index, results)),
            tuple(lot.lot for lot in results.lots if lot.winner is None),
            sum(lot.winner is not None for lot in results.lots),
        )


def passages_of(
    session: Session, index: TenderIndex, results: TenderResults | None = None
) -> list[ReviewPassage]:
    """The passages, read inside the caller's session (``results``, when the caller has
    read them already)."""
    reasons = letter_texts_of(session, index.tender.id)
    found: list[ReviewPassage] = []
    words = common_english_words()
    for key in winning_keys(session, index, results):
        reason = reasons.get(key)
        if reason is None:
            continue
        answer = tender_text(session, index, key)
        for passage in find_passages(reason.text, answer, public_text(index, key), words):
            found.append(_review_passage(index, key, passage, reason))
    return found


def _review_passage(
    index: TenderIndex, key: ResponseKey, passage: Passage, reason: LetterReason
) -> ReviewPassage:
    return ReviewPassage(
        lot=key[0],
        bidder=key[1],
        bidder_name=index.bidders[key[1]].name,
        criterion=key[2],
        criterion_title=f"{key[2]} explanation"
        if is_explanation(key)
        else index.criteria[(key[0], key[2])].title,
        sentence=passage.sentence.number,
        text=passage.sentence.text,
        quotes=passage.quotes,
        what=passage.what,
        why=passage.why,
        approved=passage.sentence.text in reason.approved,
        reason=reason.text,
        start=passage.sentence.start,
    )


def review_problems(session: Session, tender: TenderRow, results: TenderResults) -> list[str]:
    """The open passages, one line per winning bid naming them, for the readiness check
    (``results`` as it has read them)."""
    if all(lot.winner is None for lot in results.lots):
        return []
    index = require_index(session, tender.reference)
    by_bid: dict[tuple[str, str], dict[str, list[int]]] = {}
    for passage in passages_of(session, index, results):
        if not passage.approved:
            bid = by_bid.setdefault((passage.lot, passage.bidder), {})
            bid.setdefault(passage.criterion, []).append(passage.sentence)
    problems = []
    for (lot, bidder), criteria in by_bid.items():
        count = sum(len(s) for s in criteria.values())
        noun = "passage" if count == 1 else "passages"
        places = "; ".join(
            f"{code} sentence{'' if len(s) == 1 else 's'} {_listed(s)}"
            for code, s in criteria.items()
        )
        problems.append(
            f"{count} open {noun} in the reasons of lot {lot}'s winning bid, {bidder} "
            f"({places}): they quote its tender; approve, edit or redact each (File > "
            f"Confidentiality review…, or svdesk review list {tender.reference})"
        )
    return problems


def _listed(numbers: list[int]) -> str:
    texts = [str(n) for n in numbers]
    return texts[0] if len(texts) == 1 else f"{', '.join(texts[:-1])} and {texts[-1]}"


def approve_passage(db: Database, reference: str, ref: PassageRef, actor: str | None = None) -> str:
    """Approve the passage as it stands; returns what was done, in words."""
    with db.transaction() as session:
        index, key, sentence, row = _chosen(session, reference, ref)
        who = acting(index, actor, audit.current_user())
        approved = json.loads(row.approved or "[]")
        if sentence.text in approved:
            return f"{_where(key, ref)}: already approved as it stands; nothing changed"
        approved.append(sentence.text)
        row.approved = json.dumps(approved, ensure_ascii=False)
        row.updated_by, row.updated_at = who, utc_now()
        _record(session, index, key, ref, who, "approved", sentence.text, sentence.text, row)
        return f"{_where(key, ref)}: approved as it stands, by {who}"


def edit_passage(
    db: Database, reference: str, ref: PassageRef, new_text: str, actor: str | None = None
) -> str:
    """Put ``new_text`` in the passage's place; what the officer wrote counts as approved."""
    new_text = " ".join(new_text.split())
    if not new_text:
        raise Refused(["the new text is empty: to take the passage out, redact it"])
    if len(new_text) > TEXT_LIMIT:
        raise Refused([f"the new text is too long: keep it to {TEXT_LIMIT:,} characters or fewer"])
    hidden = hidden_characters(new_text)
    if hidden:
        raise Refused(
            [
                "the new text holds characters that do not show ("
                + ", ".join(hidden)
                + "): type it again without them"
            ]
        )
    with db.transaction() as session:
        index, key, sentence, row = _chosen(session, reference, ref)
        who = acting(index, actor, audit.current_user())
        _replace(row, sentence, new_text, [s.text for s in sentences_of(new_text)])
        row.updated_by, row.updated_at = who, utc_now()
        _record(session, index, key, ref, who, "edited", sentence.text, new_text, row)
        return f"{_where(key, ref)}: edited by {who}"


def redact_passage(db: Database, reference: str, ref: PassageRef, actor: str | None = None) -> str:
    """Put the neutral ``REDACTED`` sentence in the passage's place."""
    with db.transaction() as session:
        index, key, sentence, row = _chosen(session, reference, ref)
        who = acting(index, actor, audit.current_user())
        _replace(row, sentence, REDACTED, [])
        row.updated_by, row.updated_at = who, utc_now()
        _record(session, index, key, ref, who, "redacted", sentence.text, REDACTED, row)
        return f"{_where(key, ref)}: redacted by {who}"


def _chosen(
    session: Session, reference: str, ref: PassageRef
) -> tuple[TenderIndex, ResponseKey, Sentence, LetterReasonRow]:
    """The passage ``ref`` names, read inside the caller's transaction, with its letter
    reason's row (kept now if it was not yet); refused when it is not a passage to review."""
    index = require_index(session, reference)
    key = _key(index, ref)
    if key not in winning_keys(session, index):
        if is_explanation(key) and key[2] not in scored_parts(index):
            raise Refused(
                [
                    f"{_where(key, ref)}: the tender gives {key[2].lower()} no weight, so no "
                    "letter quotes its explanation"
                ]
            )
        raise Refused(
            [
                f"{_where(key, ref)}: only the winning bid's letter reasons and explanations "
                "are reviewed (they are the ones quoted to other bidders)"
            ]
        )
    reason = letter_texts_of(session, index.tender.id).get(key)
    if reason is None:
        if is_explanation(key):
            raise Refused([f"{_where(key, ref)}: the pack gives the bid no explanation here"])
        raise Refused([f"{_where(key, ref)}: the consensus is not agreed yet"])
    answer = tender_text(session, index, key)
    found = {
        p.sentence.number: p
        for p in find_passages(reason.text, answer, public_text(index, key), common_english_words())
    }
    passage = found.get(ref.sentence)
    if passage is None:
        numbers = ", ".join(str(n) for n in found) or "none"
        raise Refused(
            [
                f"{_where(key, ref)}: there is no passage to review there (the passages of "
                f"this letter reason are its sentences {numbers})"
            ]
        )
    as_read = None if ref.as_read is None else " ".join(ref.as_read.split())
    if as_read is not None and as_read != " ".join(passage.sentence.text.split()):
        raise Refused(
            [
                f"{_where(key, ref)}: the passage has changed since you read it; read the "
                "review again, then decide"
            ]
        )
    return index, key, passage.sentence, kept_row(session, index, key, reason)


def _key(index: TenderIndex, ref: PassageRef) -> ResponseKey:
    lot = index.lot_key(ref.lot)
    bidder = index.bidder_key(ref.bidder)
    code = index.criterion_code(lot, ref.criterion) if lot is not None else None
    if code is None:
        # The price and quality explanations, named as the review lists them.
        code = next((p for p in PARTS if p.casefold() == ref.criterion.strip().casefold()), None)
        found = (lot, bidder) if lot is not None and bidder is not None else None
        if code is not None and found is not None and found in index.bids:
            return (found[0], found[1], code)
    if lot is None or bidder is None or code is None or (lot, bidder, code) not in index.responses:
        raise Refused(
            [
                f"no response of {index.tender.reference} matches lot '{ref.lot}', bidder "
                f"'{ref.bidder}' and criterion '{ref.criterion}'"
            ]
        )
    return (lot, bidder, code)


def _replace(row: LetterReasonRow, sentence: Sentence, new: str, approve: list[str]) -> None:
    row.text = row.text[: sentence.start] + new + row.text[sentence.end :]
    approved = [t for t in json.loads(row.approved or "[]") if t != sentence.text]
    approved.extend(t for t in approve if t not in approved)
    row.approved = json.dumps(approved, ensure_ascii=False)


def _where(key: ResponseKey, ref: PassageRef) -> str:
    return f"Lot {key[0]}, {key[1]}, {key[2]}, sentence {ref.sentence}"


def _record(
    session: Session,
    index: TenderIndex,
    key: ResponseKey,
    ref: PassageRef,
    who: str,
    action: str,
    old: str,
    new: str,
    row: LetterReasonRow,
) -> None:
    """The decision (who, what, the passage before and after), then the text as it now
    stands, which ``audit --verify`` compares with the database."""
    reference = index.tender.reference
    name = entity_key(key)
    audit.record(
        session,
        reference,
        who,
        action,
        ENTITY,
        f"{name} / sentence {ref.sentence}",
        {"text": old},
        {"text": new},
    )
    audit.record(
        session,
        reference,
        who,
        "reviewed",
        STATE_ENTITY,
        name,
        None,
        letter_text_value(row.text, row.rationale, row.approved, row.rationale),
    )
