"""Individual evaluation: each evaluator's scores and justifications, kept apart.

An evaluator declares their interests before scoring; a declared conflict takes them
off that bidder. A score with a justification is submitted; without one it cannot be.
Until moderation opens, nobody sees another evaluator's scores: the functions here
that read scores take the viewer and enforce it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from sqlalchemy import insert
from sqlalchemy.orm import Session

from svdesk.domain.evaluation_rules import (
    SCORES_FROZEN,
    PanelRole,
    conflict_problem,
    excluded_problem,
    lot_frozen_problem,
    reason_problem,
    score_problem,
    undeclared_problem,
)
from svdesk.services.panel import (
    Declaration,
    acting,
    require_evaluator,
    require_index,
    save_declarations,
)
from svdesk.services.refusals import Refused, located
from svdesk.services.stored_text import ReadsBack, scores_as_stored
from svdesk.store import audit
from svdesk.store.database import Database
from svdesk.store.evaluation_store import (
    ResponseKey,
    TenderIndex,
    all_scores,
    declarations_of,
    scores_of,
)
from svdesk.store.models import EvaluatorScoreRow, PanelMemberRow, utc_now

# The read models it fills, below the services since the documents take them (also
# offered here, where they were first written).
from svdesk.store.records.moderation import (
    IndividualScore as IndividualScore,
)


@dataclass(frozen=True, slots=True)
class ScoreEntry:
    """One row of an evaluator's scores; the ``where`` fields locate its cells in a sheet."""

    lot: str
    bidder: str
    criterion: str
    score: int | None
    justification: str = ""
    where_row: str = ""
    where_score: str = ""
    where_justification: str = ""


@dataclass(frozen=True, slots=True)
class SubmitOutcome:
    submitted: int  # scores newly submitted
    changed: int  # submitted scores replaced
    drafts: int  # rows kept as drafts (a justification without a score)
    unchanged: int
    unscored: int  # blank rows
    # What was read with a change, each with its cell (hidden characters removed).
    warnings: tuple[str, ...] = ()

    def summary(self) -> str:
        """``6 score(s) submitted, 0 changed, 0 unchanged, 0 draft(s), 0 not yet scored``,
        then a line for each warning."""
        counts = (
            f"{self.submitted} score(s) submitted, {self.changed} changed, "
            f"{self.unchanged} unchanged, {self.drafts} draft(s), {self.unscored} not yet scored"
        )
        return "\n".join([counts, *(f"warning: {w}" for w in self.warnings)])


@dataclass(frozen=True, slots=True)
class AssignedResponse:
    """A response an evaluator must score, with what they have recorded so far."""

    response_id: int
    lot: str
    bidder: str
    criterion: str
    score: int | None
    justification: str
    submitted: bool


def assignments(index: TenderIndex, session: Session, member: PanelMemberRow) -> list[ResponseKey]:
    """The responses ``member`` scores: every response of a compliant bid, less conflicts."""
    conflicts = {
        bidder_id for bidder_id, d in declarations_of(session, member.id).items() if d.conflict
    }
    keys = []
    for (lot, bidder, criterion), _response in index.responses.items():
        bid = index.bids[(lot, bidder)]
        if bid.status != "compliant" or index.bidders[bidder].id in conflicts:
            continue
        keys.append((lot, bidder, criterion))
    return in_tender_order(index, keys)


def in_tender_order(index: TenderIndex, keys: list[ResponseKey]) -> list[ResponseKey]:
    lots = {key: lot.position for key, lot in index.lots.items()}
    bidders = {key: b.position for key, b in index.bidders.items()}
    return sorted(
        keys, key=lambda k: (lots[k[0]], bidders[k[1]], index.criteria[(k[0], k[2])].position)
    )


def undeclared_bidders(index: TenderIndex, session: Session, member: PanelMemberRow) -> list[str]:
    declared = declarations_of(session, member.id)
    return [key for key, bidder in index.bidders.items() if bidder.id not in declared]


@dataclass(frozen=True, slots=True)
class DeclaredInterest:
    """An evaluator's declaration about one bidder, as recorded."""

    conflict: bool
    details: str
    declared_on: dt.date


@dataclass(frozen=True, slots=True)
class EvaluatorRecord:
    """What an evaluator has recorded so far, read together in one go."""

    name: str  # as the panel spells it
    responses: list[AssignedResponse]  # what they must score, with their own scores only
    declarations: dict[str, DeclaredInterest]  # by bidder key


def evaluator_record(
    db: Database,
    reference: str,
    evaluator: str,
    *,
    where_tender: str = "",
    where_evaluator: str = "",
) -> EvaluatorRecord:
    """``evaluator``'s responses to score and declarations. Refused for an unknown tender
    (the reason placed at ``where_tender``) or someone not an evaluator on its panel (at
    ``where_evaluator``)."""
    with db.reading() as session:
        index, member = _tender_and_evaluator(
            session, reference, evaluator, where_tender, where_evaluator
        )
        mine = scores_of(session, member.id)
        responses = []
        for key in assignments(index, session, member):
            response = index.responses[key]
            score = mine.get(response.id)
            responses.append(
                AssignedResponse(
                    response.id,
                    *key,
                    score=score.score if score else None,
                    justification=score.justification if score else "",
                    submitted=bool(score and score.submitted),
                )
            )
        bidders = {b.id: b.key for b in index.bidders.values()}
        declarations = {
            bidders[bidder_id]: DeclaredInterest(d.conflict, d.details, d.declared_on)
            for bidder_id, d in declarations_of(session, member.id).items()
        }
        return EvaluatorRecord(member.name, responses, declarations)


def my_responses(db: Database, reference: str, evaluator: str) -> list[AssignedResponse]:
    """What ``evaluator`` must score, with their own scores only."""
    return evaluator_record(db, reference, evaluator).responses


def _tender_and_evaluator(
    session: Session, reference: str, evaluator: str, where_tender: str, where_evaluator: str
) -> tuple[TenderIndex, PanelMemberRow]:
    """The tender and the evaluator, or refused with the reason placed where it was read
    (a sheet's Tender or Evaluator cell)."""
    try:
        index = require_index(session, reference)
    except Refused as refused:
        raise Refused([located(where_tender, r) for r in refused.reasons]) from None
    try:
        member = require_evaluator(index, evaluator)
    except Refused as refused:
        raise Refused([located(where_evaluator, r) for r in refused.reasons]) from None
    return index, member


def submit_scores(
    db: Database,
    reference: str,
    evaluator: str,
    entries: Sequence[ScoreEntry],
    declarations: Sequence[Declaration] = (),
    *,
    require_all_rows: bool = False,
    actor: str | None = None,
    reads_back: ReadsBack | None = None,
    where_tender: str = "",
    where_evaluator: str = "",
    guard: RecordingGuard | None = None,
) -> SubmitOutcome:
    """Record an evaluator's declarations and scores together: all of them, or none.

    A row with a score and a justification is submitted; a blank row stays unscored; a
    justification without a score is kept as a draft. ``require_all_rows`` (score sheets)
    also refuses a set of rows that leaves out responses the evaluator must score. A
    justification or declaration that ``reads_back`` as the one stored is kept as stored.
    An unknown tender is refused at ``where_tender``, someone not an evaluator on its
    panel at ``where_evaluator``. A ``guard`` checks, in the same transaction, before
    anything is recorded, and records its own entries after.
    """
    with db.transaction() as session:
        index, member = _tender_and_evaluator(
            session, reference, evaluator, where_tender, where_evaluator
        )
        who = acting(index, actor, member.name)
        if guard is not None:
            guard.before(session, index, member)
        if reads_back is not None:
            entries, declarations = scores_as_stored(
                session, index, member, entries, declarations, reads_back
            )
        outcome = record_scores(
            session, index, member, entries, declarations, require_all_rows, who
        )
        if guard is not None:
            guard.after(session, index, member, outcome, who)
        return outcome


class RecordingGuard(Protocol):
    """What else a recording of scores checks and records, in its transaction (an evaluator
    pack's return: ``services.evaluator_copy.ReturnCheck``)."""

    def before(self, session: Session, index: TenderIndex, member: PanelMemberRow) -> None: ...

    def after(
        self,
        session: Session,
        index: TenderIndex,
        member: PanelMemberRow,
        outcome: SubmitOutcome,
        actor: str,
    ) -> None: ...


def record_scores(
    session: Session,
    index: TenderIndex,
    member: PanelMemberRow,
    entries: Sequence[ScoreEntry],
    declarations: Sequence[Declaration],
    require_all_rows: bool,
    actor: str,
) -> SubmitOutcome:
    """``submit_scores`` inside the caller's transaction: a score sheet's rows, or a lot of
    the evaluator's drafts (``services.drafts.submit_lot``), recorded the same way."""
    problems = save_declarations(session, index, member, list(declarations), actor)
    # A bidder whose declaration was just refused is reported once, for that reason.
    attempted = {key for d in declarations if (key := index.bidder_key(d.bidder)) is not None}
    missing = [b for b in undeclared_bidders(index, session, member) if b not in attempted]
    if missing:
        problems.append(undeclared_problem(member.name, missing))
    if problems:
        raise Refused(problems)
    return _apply_scores(session, index, member, entries, require_all_rows, actor)


def _apply_scores(
    session: Session,
    index: TenderIndex,
    member: PanelMemberRow,
    entries: Sequence[ScoreEntry],
    require_all_rows: bool,
    actor: str,
) -> SubmitOutcome:
    problems: list[str] = []
    assigned = set(assignments(index, session, member))
    declared = declarations_of(session, member.id)
    conflicts = {
        key
        for key, bidder in index.bidders.items()
        if (d := declared.get(bidder.id)) is not None and d.conflict
    }
    existing = scores_of(session, member.id)
    moderation_open = index.moderation is not None
    seen: dict[ResponseKey, str] = {}
    counts = {"submitted": 0, "changed": 0, "drafts": 0, "unchanged": 0, "unscored": 0}
    new_rows: list[dict[str, object]] = []
    for entry in entries:
        key = _match(index, entry, problems)
        if key is None:
            continue
        if key in seen:
            problems.append(
                located(
                    entry.where_row,
                    f"this row repeats the row at {seen[key]} ({key[1]} {key[2]} in lot {key[0]})",
                )
            )
            continue
        seen[key] = entry.where_row or "another row"
        blank = entry.score is None and not entry.justification.strip()
        if key[1] in conflicts and not blank:
            problems.append(
                located(entry.where_score or entry.where_row, conflict_problem(member.name, key[1]))
            )
            continue
        if key not in assigned and not blank:
            problems.append(located(entry.where_row, excluded_problem(key[0], key[1])))
            continue
        if blank:
            counts["unscored"] += 1
            continue
        problem = score_problem(entry.score, index.scale)
        if problem:
            problems.append(located(entry.where_score, problem))
            continue
        if entry.score is not None:
            reason = reason_problem(entry.justification, "the justification")
            if reason:
                if not entry.justification.strip():
                    reason = "a score needs its justification: the Justification cell is blank"
                problems.append(located(entry.where_justification or entry.where_row, reason))
                continue
        kind = _record(
            session,
            index,
            member,
            key,
            entry,
            existing,
            moderation_open,
            actor,
            problems,
            new_rows,
        )
        if kind:
            counts[kind] += 1
    if require_all_rows:
        for key in sorted(assigned - set(seen)):
            problems.append(
                f"the sheet has no row for {key[1]} {key[2]} in lot {key[0]}: a row was deleted, "
                "or the sheet was written before a change to the declarations; write a fresh "
                "sheet with svdesk sheet"
            )
    if problems:
        raise Refused(problems)
    if new_rows:
        # One executemany for a sheet's worth of new scores, in this transaction.
        session.execute(insert(EvaluatorScoreRow.__table__), new_rows)  # type: ignore[arg-type]
    return SubmitOutcome(
        submitted=counts["submitted"],
        changed=counts["changed"],
        drafts=counts["drafts"],
        unchanged=counts["unchanged"],
        unscored=counts["unscored"],
    )


def _match(index: TenderIndex, entry: ScoreEntry, problems: list[str]) -> ResponseKey | None:
    lot = (
        index.lot_key(entry.lot)
        if entry.lot
        else (next(iter(index.lots)) if len(index.lots) == 1 else None)
    )
    bidder = index.bidder_key(entry.bidder)
    criterion = index.criterion_code(lot, entry.criterion) if lot else None
    key = (lot, bidder, criterion) if lot and bidder and criterion else None
    if key is None or key not in index.responses:
        problems.append(
            located(
                entry.where_row,
                f"no response of {index.tender.reference} matches lot '{entry.lot}', bidder "
                f"'{entry.bidder}', criterion '{entry.criterion}'",
            )
        )
        return None
    return key


def _record(
    session: Session,
    index: TenderIndex,
    member: PanelMemberRow,
    key: ResponseKey,
    entry: ScoreEntry,
    existing: dict[int, EvaluatorScoreRow],
    moderation_open: bool,
    actor: str,
    problems: list[str],
    new_rows: list[dict[str, object]],
) -> str | None:
    response = index.responses[key]
    row = existing.get(response.id)
    submitted = entry.score is not None
    new = {"score": entry.score, "justification": entry.justification, "submitted": submitted}
    entity_key = f"{member.name} / lot {key[0]} / {key[1]} / {key[2]}"
    if row is not None:
        old = {"score": row.score, "justification": row.justification, "submitted": row.submitted}
        if old == new:
            return "unchanged"
    if not moderation_open and index.lot_open(key[0]):
        problems.append(located(entry.where_score or entry.where_row, lot_frozen_problem(key[0])))
        return None
    if moderation_open:
        # Moderation shows the panel's scores side by side: a score given or changed after
        # that would not be independent. The moderated score is where views change now.
        problems.append(located(entry.where_score or entry.where_row, SCORES_FROZEN))
        return None
    if row is not None:
        old = {"score": row.score, "justification": row.justification, "submitted": row.submitted}
        row.score, row.justification, row.submitted = entry.score, entry.justification, submitted
        row.updated_at = utc_now()
        row.submitted_at = utc_now() if submitted else None
        audit.record(
            session, index.tender.reference, actor, "changed", "score", entity_key, old, new
        )
        return (
            "changed"
            if old["submitted"] and submitted
            else ("submitted" if submitted else "drafts")
        )
    now = utc_now()
    new_rows.append(
        {
            "response_id": response.id,
            "member_id": member.id,
            "score": entry.score,
            "justification": entry.justification,
            "submitted": submitted,
            "updated_at": now,
            "submitted_at": now if submitted else None,
        }
    )
    audit.record(
        session,
        index.tender.reference,
        actor,
        "submitted" if submitted else "drafted",
        "score",
        entity_key,
        None,
        new,
    )
    return "submitted" if submitted else "drafts"


def individual_scores(db: Database, reference: str, viewer: str) -> list[IndividualScore]:
    """The scores ``viewer`` may see: before moderation opens, an evaluator sees only their
    own and a moderator none; once a lot's moderation is open, the whole panel's of it."""
    with db.reading() as session:
        return individual_scores_in(session, require_index(session, reference), viewer)


def individual_scores_in(
    session: Session, index: TenderIndex, viewer: str
) -> list[IndividualScore]:
    """``individual_scores`` read inside the caller's session."""
    member = index.member(viewer)
    if member is None:
        raise Refused([f"{viewer} is not on the panel of {index.tender.reference}"])
    if not index.any_lot_open and member.role == PanelRole.MODERATOR:
        raise Refused(
            [
                "moderation has not opened: evaluators' scores stay private until it does "
                f"(svdesk consensus --template --tender {index.tender.reference} opens it)"
            ]
        )
    rows = all_scores(session, [r.id for r in index.responses.values()])
    members = {m.id: m for m in index.members.values()}
    keys = {r.id: k for k, r in index.responses.items()}
    # Once a lot's moderation opens, its scores are the whole panel's to see.
    visible = [
        row
        for row in rows
        if row.member_id == member.id or index.lot_open(keys[row.response_id][0])
    ]
    return [
        IndividualScore(
            members[row.member_id].name,
            *keys[row.response_id],
            row.score,
            row.justification,
            row.submitted,
        )
        for row in visible
    ]
