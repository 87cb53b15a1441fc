"""What an evaluator's workspace shows, read in one go: their declarations, and every
response they must score with how far they have got, lot by lot.

Only the evaluator's own drafts and notes are read here; a response of a bidder they
declared a conflict with is listed without its answer.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.orm import Session

from svdesk.domain.model import text_read
from svdesk.services.panel import require_evaluator, require_index
from svdesk.services.scoring import DeclaredInterest, in_tender_order
from svdesk.store.database import Database
from svdesk.store.draft_store import (
    Draft,
    drafts_of,
    member_facts,
    response_facts,
    working_values,
)
from svdesk.store.evaluation_store import ResponseKey, TenderIndex, declarations_of, scores_of
from svdesk.store.models import (
    AttachmentRow,
    BidRow,
    EvaluatorScoreRow,
    LotRow,
    ResponseRow,
    ScoreDraftRow,
)


class ItemState(StrEnum):
    NOT_STARTED = "not started"
    DRAFT = "draft"  # being worked on, or changed since it was submitted
    SUBMITTED = "submitted"
    CONFLICT = "conflict"  # a declared conflict: not theirs to score
    NO_ANSWER = "no answer"  # the bidder gave no answer, and it is not yet scored


@dataclass(frozen=True, slots=True)
class WorkItem:
    """One response the evaluator must score (or may not, for a conflict)."""

    lot: str
    bidder: str
    bidder_name: str
    criterion: str
    criterion_title: str
    state: ItemState
    missing: bool  # the bidder gave no answer
    answer: str  # the text to read: the answer, then its attachment's; "" for a conflict
    attachment: str | None  # the file the answer cites
    word_limit: int | None
    score: int | None  # what the evaluator is working with: their draft, or as submitted
    justification: str
    notes: str  # the evaluator's private notes
    submitted_score: int | None  # the score submitted, if any


@dataclass(frozen=True, slots=True)
class WorkItemState:
    """What changes in a ``WorkItem`` as the evaluator works on it."""

    state: ItemState
    score: int | None
    justification: str
    notes: str


@dataclass(frozen=True, slots=True)
class LotProgress:
    lot: str
    title: str
    to_score: int
    scored: int  # with a score, drafted or submitted
    submitted: int  # submitted, and not changed since

    def summary(self) -> str:
        """``14 of 24 scored, 10 submitted``."""
        if not self.to_score:
            return "nothing to score"
        text = f"{self.scored} of {self.to_score} scored"
        if self.submitted == self.to_score:
            return f"{text}, all submitted"
        return f"{text}, {self.submitted} submitted" if self.submitted else text


@dataclass(frozen=True, slots=True)
class Workspace:
    reference: str
    evaluator: str  # as the panel spells them
    moderation_open: bool  # nothing can be saved or submitted any more
    bidders: dict[str, str]  # every bidder to declare for, key to name, in tender order
    declarations: dict[str, DeclaredInterest]  # by bidder key
    undeclared: list[str]  # bidders not yet declared for: nothing can be scored until then
    items: list[WorkItem]  # by lot, bidder and criterion, in tender order
    progress: list[LotProgress]  # one per lot, in tender order
    # Lots whose moderation has opened: their scores are frozen (every lot once
    # ``moderation_open``).
    frozen_lots: frozenset[str] = frozenset()


def evaluator_workspace(db: Database, reference: str, evaluator: str) -> Workspace:
    """Everything ``evaluator``'s workspace shows, from one reading of the database."""
    with db.reading() as session:
        index = require_index(session, reference)
        member = require_evaluator(index, evaluator)
        bidders = {b.id: b for b in index.bidders.values()}
        declared = {
            bidders[bidder_id].key: DeclaredInterest(d.conflict, d.details, d.declared_on)
            for bidder_id, d in declarations_of(session, member.id).items()
        }
        ordered = sorted(index.bidders.values(), key=lambda b: b.position)
        keys = in_tender_order(
            index,
            [k for k in index.responses if index.bids[(k[0], k[1])].status == "compliant"],
        )
        conflicts = {key for key, d in declared.items() if d.conflict}
        answers = _answers(session, index)
        drafts = drafts_of(session, member.id)
        recorded = scores_of(session, member.id)
        items = []
        for key in keys:
            response = index.responses[key]
            if key[1] in conflicts:
                items.append(_item(index, key, ItemState.CONFLICT))
                continue
            draft = drafts.get(response.id)
            mine = recorded.get(response.id)
            score, justification = working_values(draft, mine)
            notes = draft.notes if draft is not None else ""
            submitted = mine if mine is not None and mine.submitted else None
            state = _state(score, justification, notes, submitted, response.missing)
            answer, attachment = answers.get(response.id, ("", None))
            items.append(
                _item(
                    index,
                    key,
                    state,
                    answer=answer,
                    attachment=attachment,
                    score=score,
                    justification=justification,
                    notes=notes,
                    submitted_score=submitted.score if submitted is not None else None,
                )
            )
        return Workspace(
            reference=index.tender.reference,
            evaluator=member.name,
            moderation_open=index.moderation is not None,
            bidders={b.key: b.name for b in ordered},
            declarations=declared,
            undeclared=[b.key for b in ordered if b.key not in declared],
            items=items,
            progress=_progress(index, items),
            frozen_lots=frozenset(index.lot_moderation),
        )


def _item(
    index: TenderIndex,
    key: ResponseKey,
    state: ItemState,
    *,
    answer: str = "",
    attachment: str | None = None,
    score: int | None = None,
    justification: str = "",
    notes: str = "",
    submitted_score: int | None = None,
) -> WorkItem:
    lot, bidder, code = key
    criterion = index.criteria[(lot, code)]
    return WorkItem(
        lot=lot,
        bidder=bidder,
        bidder_name=index.bidders[bidder].name,
        criterion=code,
        criterion_title=criterion.title,
        state=state,
        missing=index.responses[key].missing,
        answer=answer,
        attachment=attachment,
        word_limit=criterion.word_limit,
        score=score,
        justification=justification,
        notes=notes,
        submitted_score=submitted_score,
    )


def _state(
    score: int | None,
    justification: str,
    notes: str,
    submitted: EvaluatorScoreRow | None,
    missing: bool,
) -> ItemState:
    if submitted is not None:
        same = (score, justification) == (submitted.score, submitted.justification)
        return ItemState.SUBMITTED if same else ItemState.DRAFT
    if score is not None or justification.strip() or notes.strip():
        return ItemState.DRAFT
    return ItemState.NO_ANSWER if missing else ItemState.NOT_STARTED


def _answers(session: Session, index: TenderIndex) -> dict[int, tuple[str, str | None]]:
    """Every answer's text as evaluators read it, and the file it cites, by response id."""
    rows = session.execute(
        select(ResponseRow.id, ResponseRow.answer, AttachmentRow.path, AttachmentRow.text)
        .join(BidRow, BidRow.id == ResponseRow.bid_id)
        .join(LotRow, LotRow.id == BidRow.lot_id)
        .outerjoin(AttachmentRow, AttachmentRow.id == ResponseRow.attachment_id)
        .where(LotRow.tender_id == index.tender.id, BidRow.status == "compliant")
    )
    return {
        response_id: (text_read(answer, attachment_text or ""), path)
        for response_id, answer, path, attachment_text in rows
    }


def _progress(index: TenderIndex, items: list[WorkItem]) -> list[LotProgress]:
    lots = sorted(index.lots.values(), key=lambda lot: lot.position)
    return _counted([(lot.key, lot.title) for lot in lots], items)


def progress_of(progress: list[LotProgress], items: list[WorkItem]) -> list[LotProgress]:
    """Each lot's progress counted again from ``items`` (after ``response_state``)."""
    return _counted([(p.lot, p.title) for p in progress], items)


def _counted(lots: list[tuple[str, str]], items: list[WorkItem]) -> list[LotProgress]:
    progress = []
    for key, title in lots:
        mine = [i for i in items if i.lot == key and i.state != ItemState.CONFLICT]
        progress.append(
            LotProgress(
                key,
                title,
                to_score=len(mine),
                scored=sum(1 for i in mine if i.score is not None),
                submitted=sum(1 for i in mine if i.state == ItemState.SUBMITTED),
            )
        )
    return progress


def response_state(
    db: Database, reference: str, evaluator: str, lot: str, bidder: str, criterion: str
) -> WorkItemState | None:
    """One response's state and working values, as ``evaluator_workspace`` gives them,
    read from that response alone: after a draft is saved, the workspace is brought up to
    date without reading the whole tender. None for a response the evaluator does not see
    (the whole workspace, read again, says why)."""
    with db.reading() as session:
        member = member_facts(session, reference, evaluator)
        found = response_facts(session, member, lot, bidder, criterion, None) if member else None
        if member is None or found is None or found.bid_status != "compliant":
            return None
        if found.conflict:
            return WorkItemState(ItemState.CONFLICT, None, "", "")
        d, e = ScoreDraftRow, EvaluatorScoreRow
        row = session.execute(
            select(d.score, d.justification, d.notes, d.updated_at).where(
                d.member_id == member.id, d.response_id == found.id
            )
        ).first()
        draft = Draft(row[0], row[1], row[2], row[3]) if row is not None else None
        mine = session.scalars(
            select(e).where(e.member_id == member.id, e.response_id == found.id)
        ).one_or_none()
        missing = session.scalar(select(ResponseRow.missing).where(ResponseRow.id == found.id))
        score, justification = working_values(draft, mine)
        notes = draft.notes if draft is not None else ""
        submitted = mine if mine is not None and mine.submitted else None
        state = _state(score, justification, notes, submitted, bool(missing))
        return WorkItemState(state, score, justification, notes)
