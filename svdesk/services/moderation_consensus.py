"""The consensus of one response, as the moderation meeting writes it.

The moderator's consensus is saved as typed (a draft: score, rationale, one rationale per
sub-criterion where the criterion has any, and the reconciliation note), then confirmed,
which records it as the consensus that counts, in the audit trail. Each save carries the
version the moderator read: a second moderator saving over a consensus they did not read
is told who saved first, and nothing is overwritten.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from svdesk.domain.evaluation_rules import PanelRole, reason_problem, score_problem
from svdesk.domain.moderation_rules import (
    bidder_label,
    evaluator_label,
    median_score,
    reconciliation_reason,
    spread,
)
from svdesk.domain.rationale_check import RationaleContext, RationaleFlag, rationale_flags
from svdesk.domain.scale import ScaleLevel
from svdesk.services.letter_reasons import seed_letter_reason
from svdesk.services.moderation_board import BoardFlavour
from svdesk.services.moderation_lots import require_lot, require_moderator, require_unlocked
from svdesk.services.moderation_rationale import (
    criterion_text,
    descriptors_of,
    english_stems,
    tender_finder,
)
from svdesk.services.panel import require_index
from svdesk.services.refusals import Refused
from svdesk.store import audit
from svdesk.store.database import Database
from svdesk.store.evaluation_store import ResponseKey, TenderIndex, all_scores, consensus_of
from svdesk.store.models import (
    AttachmentRow,
    ConsensusDraftRow,
    ConsensusRow,
    ResponseRow,
    utc_now,
)

# As an evaluator's draft: a bound on what one field may hold.
TEXT_LIMIT = 20_000


class EditedMeanwhile(Refused):
    """Someone else saved this response's consensus since the moderator read it."""

    def __init__(self, by: str, at: dt.datetime, version: int) -> None:
        self.by, self.at, self.version = by, at, version
        super().__init__(
            [
                f"{by} saved this consensus at {at:%H:%M} (UTC) since you opened it: nothing of "
                "yours was saved. Read theirs, then make your change again"
            ]
        )


@dataclass(frozen=True, slots=True)
class PanelView:
    evaluator: str  # the name, or Evaluator A in a presentation
    score: int | None
    justification: str


@dataclass(frozen=True, slots=True)
class ConsensusDraft:
    score: int | None
    rationale: str
    sub_rationales: tuple[str, ...]
    reconciliation: str
    version: int
    confirmed: bool
    updated_by: str
    updated_at: dt.datetime


@dataclass(frozen=True, slots=True)
class ResponseInModeration:
    """One response as the consensus editor shows it."""

    lot: str
    bidder: str
    bidder_name: str
    criterion: str
    criterion_title: str
    question: str
    sub_criteria: tuple[str, ...]
    answer: str
    missing_response: bool
    scale: tuple[ScaleLevel, ...]
    panel: tuple[PanelView, ...]  # one per evaluator, in the panel's order
    spread: int
    median: Decimal | None
    outside_tolerance: bool
    tolerance: int  # the tender's, in steps of the scale
    consensus: int | None  # the confirmed consensus
    consensus_rationale: str
    consensus_reconciliation: str
    draft: ConsensusDraft | None
    version: int  # give it back when saving (0: no draft yet)
    signed_off: bool
    # For the draft's score: why a reconciliation note is needed (None: it is not).
    reconciliation_needed: str | None
    warnings: tuple[RationaleFlag, ...]  # the rationale check, on the draft's rationale


@dataclass(frozen=True, slots=True)
class Saved:
    version: int
    warnings: tuple[RationaleFlag, ...]
    reconciliation_needed: str | None
    # The letter reason was seeded afresh and its confidentiality review reopened: why.
    reopened: str | None = None


def compose_rationale(sub_criteria: Sequence[str], parts: Sequence[str], intro: str = "") -> str:
    """The rationale the letters quote, one ``Sub-criterion N:`` part per sub-criterion
    (the letters label each with the sub-criterion in full)."""
    lines = [intro.strip()] if intro.strip() else []
    for n, part in enumerate(parts, start=1):
        if n <= len(sub_criteria):
            lines.append(f"Sub-criterion {n}: {part.strip()}")
    return "\n".join(lines)


def _checked(subs: Sequence[str], parts: Sequence[str], intro: str) -> str:
    """What the rationale check reads of a draft: its parts per sub-criterion, composed as
    the letters will quote them, once any is written (empty ones alone are nothing)."""
    if subs and any(part.strip() for part in parts):
        return compose_rationale(subs, parts, intro)
    return intro


def _subs(index: TenderIndex, key: ResponseKey) -> tuple[str, ...]:
    raw = index.criteria[(key[0], key[2])].sub_criteria
    return tuple(line.strip() for line in raw.splitlines() if line.strip())


def _key(index: TenderIndex, lot: str, bidder: str, criterion: str) -> ResponseKey:
    lot_key = require_lot(index, lot)
    bidder_key = index.bidder_key(bidder)
    code = index.criterion_code(lot_key, criterion)
    key = (lot_key, bidder_key or bidder, code or criterion)
    if bidder_key is None or code is None or key not in index.responses:
        raise Refused(
            [f"no response of lot {lot_key} matches bidder '{bidder}' and criterion '{criterion}'"]
        )
    if index.bids[(lot_key, bidder_key)].status != "compliant":
        raise Refused([f"{bidder_key}'s bid for lot {lot_key} is excluded; it is not moderated"])
    return key


def _draft_row(session: Session, response_id: int) -> ConsensusDraftRow | None:
    return session.scalars(
        select(ConsensusDraftRow).where(ConsensusDraftRow.response_id == response_id)
    ).first()


def _draft(row: ConsensusDraftRow | None) -> ConsensusDraft | None:
    if row is None:
        return None
    return ConsensusDraft(
        row.score,
        row.rationale,
        tuple(json.loads(row.sub_rationales or "[]")),
        row.reconciliation,
        row.version,
        row.confirmed,
        row.updated_by,
        row.updated_at,
    )


def _panel_scores(session: Session, index: TenderIndex, response_id: int) -> list[int]:
    return [
        f.score for f in all_scores(session, [response_id]) if f.submitted and f.score is not None
    ]


def _flags(
    index: TenderIndex, key: ResponseKey, session: Session, rationale: str
) -> tuple[RationaleFlag, ...]:
    criterion = index.criteria[(key[0], key[2])]
    answer, missing = _answer(session, index.responses[key].id)
    context = RationaleContext(
        rationale,
        criterion_text(criterion.title, criterion.question, criterion.sub_criteria),
        descriptors_of(index),
        answer,
        missing,
    )
    return rationale_flags(context, tender_finder(index), key[1], english_stems)


def _answer(session: Session, response_id: int) -> tuple[str, bool]:
    row = session.execute(
        select(ResponseRow.answer, ResponseRow.missing, AttachmentRow.text)
        .outerjoin(AttachmentRow, AttachmentRow.id == ResponseRow.attachment_id)
        .where(ResponseRow.id == response_id)
    ).one()
    return f"{row[0]}\n{row[2] or ''}", bool(row[1])


def response_in_moderation(
    db: Database,
    reference: str,
    lot: str,
    bidder: str,
    criterion: str,
    flavour: BoardFlavour = BoardFlavour.WORKING,
    *,
    hide_bidders: bool = False,
) -> ResponseInModeration:
    """The response with the panel's scores and justifications, the scale and the
    consensus (confirmed and draft). Refused until the lot's moderation has opened.

    In a presentation the evaluators are Evaluator A, B, C and, with ``hide_bidders``,
    the bidder is named as on the board (Bidder 1, 2, 3 in the tender's order).
    """
    with db.reading() as session:
        index = require_index(session, reference)
        key = _key(index, lot, bidder, criterion)
        if not index.lot_open(key[0]):
            raise Refused(
                [
                    f"moderation of lot {key[0]} has not opened: the evaluators' scores are "
                    "private until it does"
                ]
            )
        response = index.responses[key]
        evaluators = sorted(
            (m for m in index.members.values() if m.role == PanelRole.EVALUATOR), key=lambda m: m.id
        )
        facts = {
            f.member_id: f
            for f in all_scores(session, [response.id])
            if f.submitted and f.score is not None
        }
        presentation = flavour is BoardFlavour.PRESENTATION
        panel = tuple(
            PanelView(
                evaluator_label(i) if presentation else m.name,
                facts[m.id].score if m.id in facts else None,
                facts[m.id].justification if m.id in facts else "",
            )
            for i, m in enumerate(evaluators)
        )
        given = [p.score for p in panel if p.score is not None]
        steps = spread(given, index.scale)
        agreed = consensus_of(session, [response.id]).get(response.id)
        draft = _draft(_draft_row(session, response.id))
        score = draft.score if draft else (agreed.score if agreed else None)
        rationale = (
            _checked(_subs(index, key), draft.sub_rationales, draft.rationale)
            if draft
            else (agreed.rationale if agreed else "")
        )
        criterion_row = index.criteria[(key[0], key[2])]
        answer, missing = _answer(session, response.id)
        row = index.lot_moderation[key[0]]
        name = index.bidders[key[1]].name
        if presentation and hide_bidders:
            name = bidder_label(_board_position(index, key))
        return ResponseInModeration(
            lot=key[0],
            bidder=key[1],
            bidder_name=name,
            criterion=key[2],
            criterion_title=criterion_row.title,
            question=criterion_row.question,
            sub_criteria=_subs(index, key),
            answer=answer.strip(),
            missing_response=missing,
            scale=index.scale.levels,
            panel=panel,
            spread=steps,
            median=median_score(given),
            outside_tolerance=steps > index.tender.moderation_tolerance,
            tolerance=index.tender.moderation_tolerance,
            consensus=agreed.score if agreed else None,
            consensus_rationale=agreed.rationale if agreed else "",
            consensus_reconciliation=agreed.reconciliation if agreed else "",
            draft=draft,
            version=draft.version if draft else 0,
            signed_off=row.signed_off_at is not None,
            reconciliation_needed=(
                None if score is None else reconciliation_reason(given, score, index.scale)
            ),
            warnings=_flags(index, key, session, rationale) if rationale.strip() else (),
        )


def _board_position(index: TenderIndex, key: ResponseKey) -> int:
    """Where the bidder stands among the lot's compliant bids, as the board lists them."""
    bidders = sorted(
        (
            index.bidders[b]
            for (lot, b), bid in index.bids.items()
            if lot == key[0] and bid.status == "compliant"
        ),
        key=lambda row: row.position,
    )
    return [b.key for b in bidders].index(key[1])


def _check_version(row: ConsensusDraftRow | None, version: int) -> None:
    current = row.version if row is not None else 0
    if current == version:
        return
    if row is None:
        raise Refused(["this consensus is not as you read it: read the response again, then save"])
    raise EditedMeanwhile(row.updated_by, row.updated_at, row.version)


def save_consensus_draft(
    db: Database,
    reference: str,
    lot: str,
    bidder: str,
    criterion: str,
    *,
    version: int,
    score: int | None,
    rationale: str = "",
    sub_rationales: Sequence[str] = (),
    reconciliation: str = "",
    actor: str | None = None,
) -> Saved:
    """Keep the consensus as typed (not yet the consensus that counts).

    ``version`` is the one read (``ResponseInModeration.version``); refused, changing
    nothing, when someone saved since (``EditedMeanwhile``), for a score off the scale, a
    text over ``TEXT_LIMIT`` characters, a lot not open or signed off, and for anyone but
    a moderator. Returns the new version and the rationale check's warnings.
    """
    texts = [rationale, reconciliation, *sub_rationales]
    if any(len(t) > TEXT_LIMIT for t in texts):
        raise Refused([f"a text is too long: keep each to {TEXT_LIMIT:,} characters or fewer"])
    with db.transaction() as session:
        index = require_index(session, reference)
        who = require_moderator(index, actor)
        key = _key(index, lot, bidder, criterion)
        require_unlocked(index, key[0])
        problem = score_problem(score, index.scale)
        if problem:
            raise Refused([problem])
        response = index.responses[key]
        row = _draft_row(session, response.id)
        _check_version(row, version)
        if row is None:
            row = ConsensusDraftRow(response_id=response.id, version=0)
            session.add(row)
        row.score, row.rationale, row.reconciliation = score, rationale, reconciliation
        row.sub_rationales = json.dumps(list(sub_rationales), ensure_ascii=False)
        row.version, row.confirmed = row.version + 1, False
        row.updated_by, row.updated_at = who, utc_now()
        given = _panel_scores(session, index, response.id)
        subs = _subs(index, key)
        checked = _checked(subs, sub_rationales, rationale)
        return Saved(
            row.version,
            _flags(index, key, session, checked) if checked.strip() else (),
            None if score is None else reconciliation_reason(given, score, index.scale),
        )


def confirm_consensus(
    db: Database,
    reference: str,
    lot: str,
    bidder: str,
    criterion: str,
    *,
    version: int,
    actor: str | None = None,
) -> Saved:
    """Record the draft as the consensus that counts (in the audit trail).

    Refused, naming each problem: no score; a missing or too short rationale (one per
    sub-criterion where the criterion has any); a reconciliation note missing where the
    consensus needs one (it differs from every evaluator's score, lies more than one step
    from their median, or the scores differed); a version someone else has saved over.
    """
    with db.transaction() as session:
        index = require_index(session, reference)
        who = require_moderator(index, actor)
        key = _key(index, lot, bidder, criterion)
        require_unlocked(index, key[0])
        response = index.responses[key]
        row = _draft_row(session, response.id)
        _check_version(row, version)
        if row is None:
            raise Refused(["there is no consensus to confirm yet: type the score and rationale"])
        problems: list[str] = []
        if row.score is None:
            problems.append("the consensus score is blank")
        elif problem := score_problem(row.score, index.scale):
            problems.append(problem)
        subs = _subs(index, key)
        parts = tuple(json.loads(row.sub_rationales or "[]"))
        if subs:
            for n, title in enumerate(subs, start=1):
                part = parts[n - 1] if n <= len(parts) else ""
                reason = reason_problem(part, f"the rationale for sub-criterion {n} ({title})")
                if reason:
                    problems.append(reason)
            rationale = compose_rationale(subs, parts, row.rationale)
        else:
            rationale = row.rationale
            reason = reason_problem(rationale, "the rationale")
            if reason:
                problems.append(reason)
        given = _panel_scores(session, index, response.id)
        needed = None if row.score is None else reconciliation_reason(given, row.score, index.scale)
        if needed:
            reason = reason_problem(row.reconciliation, "the reconciliation note")
            if reason:
                problems.append(
                    f"{reason}: {needed}, so say how the panel resolved the difference and "
                    "who was present"
                )
        if problems:
            raise Refused(problems)
        assert row.score is not None
        notes: list[str] = []
        record_agreed(session, index, key, row.score, rationale, row.reconciliation, who, notes)
        row.version, row.confirmed = row.version + 1, True
        row.updated_by, row.updated_at = who, utc_now()
        return Saved(
            row.version, _flags(index, key, session, rationale), needed, "; ".join(notes) or None
        )


def record_agreed(
    session: Session,
    index: TenderIndex,
    key: ResponseKey,
    score: int,
    rationale: str,
    reconciliation: str,
    who: str,
    notes: list[str] | None = None,
) -> str:
    """Write the consensus that counts and its trail entry: ``recorded``, ``changed`` or
    ``unchanged``. Its letter reason is seeded (afresh when the rationale changed, adding
    to ``notes`` what the officer must be told)."""
    note = seed_letter_reason(
        session, index.tender.reference, key, index.responses[key].id, rationale, who
    )
    if note and notes is not None:
        notes.append(note)
    response = index.responses[key]
    new = {"score": score, "rationale": rationale, "reconciliation": reconciliation}
    entity_key = f"lot {key[0]} / {key[1]} / {key[2]}"
    row = consensus_of(session, [response.id]).get(response.id)
    reference = index.tender.reference
    if row is None:
        session.add(
            ConsensusRow(
                response_id=response.id,
                score=score,
                rationale=rationale,
                reconciliation=reconciliation,
                recorded_by=who,
            )
        )
        audit.record(session, reference, who, "agreed", "consensus", entity_key, None, new)
        return "recorded"
    old = {"score": row.score, "rationale": row.rationale, "reconciliation": row.reconciliation}
    if old == new:
        return "unchanged"
    row.score, row.rationale, row.reconciliation = score, rationale, reconciliation
    row.recorded_by, row.recorded_at = who, utc_now()
    audit.record(session, reference, who, "changed", "consensus", entity_key, old, new)
    return "changed"


def follow_recorded(
    session: Session,
    response_id: int,
    score: int | None,
    rationale: str,
    reconciliation: str,
    who: str,
) -> None:
    """A consensus recorded another way (the workbook): a draft of it, if any, now holds
    what was recorded, under a new version, so that an editor holding the old one is told."""
    row = _draft_row(session, response_id)
    if row is None:
        return
    row.score, row.rationale, row.reconciliation = score, rationale, reconciliation
    row.sub_rationales = "[]"
    row.version, row.confirmed = row.version + 1, True
    row.updated_by, row.updated_at = who, utc_now()
