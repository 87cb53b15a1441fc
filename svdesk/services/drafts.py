"""An evaluator's working drafts, and the submission of a lot of them.

A draft (a score, a justification that may be unfinished, private notes) is saved as the
evaluator works: one small transaction, not in the audit trail, seen by no one else, in no
export. Submitting a lot records its drafts as submitted scores, exactly as a score sheet
is recorded (``scoring.record_scores``), with the audit trail's entries.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from svdesk.domain.evaluation_rules import (
    SCORES_FROZEN,
    PanelRole,
    conflict_problem,
    excluded_problem,
    fold_name,
    lot_frozen_problem,
    reason_problem,
    score_problem,
    undeclared_problem,
)
from svdesk.services.panel import in_person, require_evaluator, require_index, someone_else
from svdesk.services.refusals import Refused, ResponsesNotReady
from svdesk.services.scoring import (
    ScoreEntry,
    SubmitOutcome,
    assignments,
    record_scores,
    undeclared_bidders,
)
from svdesk.store.database import Database
from svdesk.store.draft_store import (
    MemberFacts,
    ResponseFacts,
    drafts_of,
    member_facts,
    response_facts,
    save_draft_row,
    working_values,
)
from svdesk.store.evaluation_store import scores_of

# Long enough for any justification a panel writes; a bound on what one field may hold.
TEXT_LIMIT = 20_000
DRAFTS_FROZEN = (
    "moderation of this tender has begun: drafts can no longer be saved, and individual "
    "scores can no longer be submitted or changed"
)

LOT_DRAFTS_FROZEN = (
    "moderation of this lot has begun: drafts can no longer be saved, and individual "
    "scores can no longer be submitted or changed"
)


def save_draft(
    db: Database,
    reference: str,
    evaluator: str,
    lot: str,
    bidder: str,
    criterion: str,
    *,
    score: int | None,
    justification: str,
    notes: str = "",
    actor: str | None = None,
) -> None:
    """Keep ``evaluator``'s draft of one response, replacing the one before.

    Refused (changing nothing) for a response they may not score (an excluded bid, a
    declared conflict, interests not yet declared for every bidder), once moderation has
    opened, for someone else than the evaluator (``actor``), for a score not on the scale
    and for a text over ``TEXT_LIMIT`` characters.
    """
    problems = [
        p
        for p in (
            _length_problem(justification, "the justification is"),
            _length_problem(notes, "the notes are"),
        )
        if p
    ]
    if problems:
        raise Refused(problems)
    with db.transaction() as session:
        member = member_facts(session, reference, evaluator)
        if member is None or member.role != PanelRole.EVALUATOR:
            _refuse_evaluator(session, reference, evaluator)
            raise Refused([f"{evaluator} is not an evaluator of {reference}"])
        if actor is not None and actor.strip() and fold_name(actor) != fold_name(member.name):
            raise Refused(
                [someone_else(_shown_actor(session, reference, actor), member.name, "save drafts")]
            )
        if member.moderation_open:
            raise Refused([DRAFTS_FROZEN])
        response = _response(session, member, reference, lot, bidder, criterion, score)
        if response.lot_open:
            raise Refused([LOT_DRAFTS_FROZEN])
        if score is not None and not response.on_scale:
            index = require_index(session, reference)
            raise Refused([score_problem(score, index.scale) or f"{score} is not on the scale"])
        save_draft_row(session, member.id, response.id, score, justification, notes)


def _length_problem(text: str, what: str) -> str | None:
    if len(text) <= TEXT_LIMIT:
        return None
    return (
        f"{what} too long ({len(text):,} characters): keep it to {TEXT_LIMIT:,} characters or fewer"
    )


def _refuse_evaluator(session: Session, reference: str, evaluator: str) -> None:
    """Refuse an unknown tender, or someone not an evaluator on its panel, in the words the
    other use cases use (read from the whole tender: only on the way to a refusal)."""
    require_evaluator(require_index(session, reference), evaluator)


def _shown_actor(session: Session, reference: str, actor: str) -> str:
    member = require_index(session, reference).member(actor)
    return member.name if member is not None else " ".join(actor.split())


def _response(
    session: Session,
    member: MemberFacts,
    reference: str,
    lot: str,
    bidder: str,
    criterion: str,
    score: int | None,
) -> ResponseFacts:
    """The response the draft is for, refused when the evaluator may not score it."""
    found = response_facts(session, member, lot, bidder, criterion, score)
    index = None
    if found is None:
        # Keys typed in another case: matched as the rest of svdesk matches them.
        index = require_index(session, reference)
        lot_key = index.lot_key(lot)
        bidder_key = index.bidder_key(bidder)
        code = index.criterion_code(lot_key, criterion) if lot_key else None
        if lot_key and bidder_key and code:
            lot, bidder, criterion = lot_key, bidder_key, code
            found = response_facts(session, member, lot, bidder, criterion, score)
        if found is None:
            raise Refused(
                [
                    f"no response of {index.tender.reference} matches lot '{lot}', bidder "
                    f"'{bidder}', criterion '{criterion}'"
                ]
            )
    if found.bid_status != "compliant":
        raise Refused([excluded_problem(lot, bidder)])
    if member.undeclared:
        index = index or require_index(session, reference)
        row = index.member(member.name)
        assert row is not None
        raise Refused([undeclared_problem(member.name, undeclared_bidders(index, session, row))])
    if found.conflict:
        raise Refused([conflict_problem(member.name, bidder)])
    return found


def submit_lot(
    db: Database, reference: str, evaluator: str, lot: str, *, actor: str | None = None
) -> SubmitOutcome:
    """Submit ``evaluator``'s drafts of every response of ``lot`` they must score, as
    submitted scores with their audit trail entries; all of them, or none.

    Refused, naming each response, while any lacks a score or a justification that passes
    the rules; refused once moderation has opened. A score submitted before and changed
    since is replaced, and the trail records both.
    """
    with db.transaction() as session:
        index = require_index(session, reference)
        member = require_evaluator(index, evaluator)
        who = in_person(index, member, actor, "submit scores")
        if index.moderation is not None:
            raise Refused([SCORES_FROZEN])
        lot_key = index.lot_key(lot)
        if lot_key is None:
            raise Refused(
                [f"{index.tender.reference} has no lot '{lot}' (its lots: {', '.join(index.lots)})"]
            )
        if index.lot_open(lot_key):
            raise Refused([lot_frozen_problem(lot_key)])
        undeclared = undeclared_bidders(index, session, member)
        if undeclared:
            raise Refused([undeclared_problem(member.name, undeclared)])
        keys = [key for key in assignments(index, session, member) if key[0] == lot_key]
        if not keys:
            raise Refused(
                [
                    f"{member.name} has nothing to score in lot {lot_key}: every bid there is "
                    "excluded or one they declared a conflict with"
                ]
            )
        drafts = drafts_of(session, member.id)
        recorded = scores_of(session, member.id)
        problems: dict[tuple[str, str, str], str] = {}
        entries: list[ScoreEntry] = []
        for key in keys:
            response_id = index.responses[key].id
            score, justification = working_values(
                drafts.get(response_id), recorded.get(response_id)
            )
            where = f"Lot {key[0]}, {key[1]}, {key[2]}"
            if score is None:
                problems[key] = "no score yet"
                continue
            reason = reason_problem(justification, "the justification")
            if reason:
                problems[key] = reason
                continue
            entries.append(ScoreEntry(*key, score, justification, where, where, where))
        if problems:
            raise ResponsesNotReady(problems)
        return record_scores(session, index, member, entries, (), False, who)
