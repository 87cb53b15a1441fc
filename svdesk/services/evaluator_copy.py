"""An evaluator's copy of a tender, to score away from the panel's database.

``evaluator_copy`` reads what one evaluator's workspace needs (the tender's criteria and
scale, every bidder to declare for, the answers of the compliant bids with their
attached files) and their own record (declarations, scores, drafts and notes, the hash of
their passphrase). ``seed_working_copy`` puts such a copy into an empty database through
the same use cases as the panel's, so that the workspace runs on it unchanged.
``ReturnCheck`` guards the import of the copy's scores back into the panel's database.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from svdesk.domain.evaluation_rules import SCORES_FROZEN
from svdesk.domain.model import Attachment, Bid, Bidder, BidStatus, Response, TenderPack
from svdesk.services.drafts import save_draft
from svdesk.services.panel import Declaration, add_member, declare, require_evaluator
from svdesk.services.refusals import Refused
from svdesk.services.scoring import DeclaredInterest, ScoreEntry, SubmitOutcome, submit_scores
from svdesk.services.tenders import overview_of
from svdesk.store import audit
from svdesk.store.database import Database
from svdesk.store.draft_store import drafts_of, working_values
from svdesk.store.evaluation_store import TenderIndex, declarations_of, load_index, scores_of
from svdesk.store.models import AttachmentRow, AuditEventRow, PanelMemberRow, PassphraseRow
from svdesk.store.tender_store import find_tender, save_pack

RETURN_ENTITY = "evaluator pack"  # the trail's entries of packs returned to the panel


@dataclass(frozen=True, slots=True)
class WorkEntry:
    """One response the evaluator scores, with where they have got to."""

    lot: str
    bidder: str
    criterion: str
    score: int | None  # what they are working with: their draft, or as submitted
    justification: str
    notes: str
    submitted: bool  # the working score and justification are the ones submitted


@dataclass(frozen=True, slots=True)
class PanelFacts:
    """Which database and tender a copy was taken from, and the evaluator's submitted
    scores there at the time (a fingerprint), to know the panel's record on its return."""

    database: str  # the hash of the trail's first entry: the panel database's identity
    tender: str  # the hash of the trail's entry that imported the tender
    trail_tip: str  # ENTRIES:HASH when the copy was taken
    submitted: str  # the fingerprint of the evaluator's submitted scores


@dataclass(frozen=True, slots=True)
class EvaluatorCopy:
    tender: TenderPack  # every bidder (key and name), the compliant bids and their answers
    member: str  # as the panel spells the name
    passphrase_hash: str | None
    declarations: dict[str, DeclaredInterest]
    work: list[WorkEntry] = field(default_factory=list)


def evaluator_copy(
    db: Database, reference: str, evaluator: str, *, with_files: bool = True
) -> EvaluatorCopy:
    """``evaluator``'s copy of tender ``reference``, read in one go; without
    ``with_files``, the attached files' bytes are left out (empty)."""
    with db.reading() as session:
        index = _index(session, reference)
        member = require_evaluator(index, evaluator)
        overview = overview_of(session, reference)
        compliant = [b for b in overview.bids if b.status is BidStatus.COMPLIANT]
        wanted = {(b.lot, b.bidder) for b in compliant}
        views = [r for r in overview.responses if (r.lot, r.bidder) in wanted]
        cited = {r.attachment.id for r in views if r.attachment is not None}
        files = _files(session, cited) if with_files else dict.fromkeys(cited, b"")
        responses = tuple(
            Response(
                bidder=r.bidder,
                lot=r.lot,
                criterion=r.criterion,
                answer=r.answer,
                attachment=None
                if r.attachment is None
                else Attachment(
                    r.attachment.path,
                    files[r.attachment.id],
                    r.attachment.media_type,
                    r.attachment.text,
                ),
                missing=r.missing,
            )
            for r in views
        )
        tender = TenderPack(
            tender=overview.tender,
            lots=overview.lots,
            scale=overview.scale,
            criteria=overview.criteria,
            # The evaluator needs the bidders' names to declare, not their addresses.
            bidders=tuple(Bidder(b.key, b.name) for b in overview.bidders),
            bids=tuple(Bid(b.bidder, b.lot) for b in compliant),
            responses=responses,
        )
        bidder_keys = {b.id: b.key for b in index.bidders.values()}
        declared = {
            bidder_keys[bidder_id]: DeclaredInterest(d.conflict, d.details, d.declared_on)
            for bidder_id, d in declarations_of(session, member.id).items()
        }
        return EvaluatorCopy(
            tender=tender,
            member=member.name,
            passphrase_hash=session.scalar(
                select(PassphraseRow.hash).where(PassphraseRow.member_id == member.id)
            ),
            declarations=declared,
            work=_work(session, index, member, declared),
        )


def _index(session: Session, reference: str) -> TenderIndex:
    index = load_index(session, reference)
    if index is None:
        raise Refused([f"there is no tender with the reference {reference} in the database"])
    return index


def _files(session: Session, ids: set[int]) -> dict[int, bytes]:
    if not ids:
        return {}
    rows = session.execute(
        select(AttachmentRow.id, AttachmentRow.data).where(AttachmentRow.id.in_(ids))
    )
    return {row[0]: row[1] for row in rows}


def _work(
    session: Session,
    index: TenderIndex,
    member: PanelMemberRow,
    declared: dict[str, DeclaredInterest],
) -> list[WorkEntry]:
    drafts = drafts_of(session, member.id)
    recorded = scores_of(session, member.id)
    work = []
    for key, response in sorted(index.responses.items()):
        declaration = declared.get(key[1])
        if index.bids[(key[0], key[1])].status != "compliant" or (
            declaration is not None and declaration.conflict
        ):
            continue
        draft, mine = drafts.get(response.id), recorded.get(response.id)
        score, justification = working_values(draft, mine)
        notes = draft.notes if draft is not None else ""
        submitted = (
            mine is not None
            and mine.submitted
            and (score, justification) == (mine.score, mine.justification)
        )
        if score is not None or justification or notes or submitted:
            work.append(WorkEntry(*key, score, justification, notes, submitted))
    return work


# -- The panel's record ---------------------------------------------------------------------


def panel_facts(db: Database, reference: str, evaluator: str) -> PanelFacts:
    with db.reading() as session:
        index = _index(session, reference)
        member = require_evaluator(index, evaluator)
        return PanelFacts(
            database=_first_hash(session),
            tender=_import_hash(session, index.tender.reference),
            trail_tip=str(audit.tip(session) or ""),
            submitted=submitted_fingerprint(session, index, member),
        )


def _first_hash(session: Session) -> str:
    first = session.scalar(select(AuditEventRow.hash).order_by(AuditEventRow.id).limit(1))
    return first or ""


def _import_hash(session: Session, reference: str) -> str:
    last = session.scalar(
        select(AuditEventRow.hash)
        .where(
            AuditEventRow.tender_reference == reference,
            AuditEventRow.entity == "tender",
            AuditEventRow.action.in_(("imported", "replaced")),
        )
        .order_by(AuditEventRow.id.desc())
        .limit(1)
    )
    return last or ""


def submitted_fingerprint(session: Session, index: TenderIndex, member: PanelMemberRow) -> str:
    """A digest of ``member``'s submitted scores and justifications: equal digests, the
    same submitted scores."""
    keys = {ref.id: key for key, ref in index.responses.items()}
    rows = sorted(
        [*keys[response_id], row.score, row.justification]
        for response_id, row in scores_of(session, member.id).items()
        if row.submitted and response_id in keys
    )
    return hashlib.sha256(json.dumps(rows, ensure_ascii=False).encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class ReturnCheck:
    """Checks, inside the import's transaction, that a returned copy may be imported, and
    records its return in the trail: the same return twice is refused as nothing new, and
    so is a return over submitted scores that changed in the panel's database since the
    copy was taken (or last returned), which it would silently overwrite."""

    pack: str  # the pack's own identity, kept as it is rewritten
    sheet: str  # the SHA-256 of the score sheet returned
    source: str  # the file's name, for messages
    written_at: str  # when the pack was written from the panel's database
    facts: PanelFacts

    def before(self, session: Session, index: TenderIndex, member: PanelMemberRow) -> None:
        if self.facts.database and self.facts.database != _first_hash(session):
            raise Refused(
                [
                    f"{self.source} was written from another svdesk database than this one: "
                    "import it into the panel's database it came from"
                ]
            )
        if self.facts.tender and self.facts.tender != _import_hash(session, index.tender.reference):
            raise Refused(
                [
                    f"{self.source} was written for the tender {index.tender.reference} as it "
                    "was before it was imported again: write a fresh evaluator pack"
                ]
            )
        if index.moderation is not None:
            raise Refused([SCORES_FROZEN])
        returns = [
            entry
            for entry in audit.entries(session, index.tender.reference)
            if entry.entity == RETURN_ENTITY and entry.entity_key == self.pack
        ]
        for entry in returns:
            if isinstance(entry.new, dict) and entry.new.get("sheet_sha256") == self.sheet:
                raise Refused(
                    [
                        f"{self.source} was already imported on {_when(entry.occurred_at)}, "
                        f"as it is now: there is nothing new in it for {member.name}"
                    ]
                )
        expected = self.facts.submitted
        if returns and isinstance(returns[-1].new, dict):
            expected = str(returns[-1].new.get("submitted_after", expected))
        if submitted_fingerprint(session, index, member) != expected:
            raise Refused(
                [
                    f"{member.name}'s submitted scores in this database changed after "
                    f"{self.source} was written on {self.written_at} (submitted from the "
                    "window or another score sheet): importing it would overwrite them; "
                    f"write {member.name} a fresh evaluator pack instead"
                ]
            )

    def after(
        self,
        session: Session,
        index: TenderIndex,
        member: PanelMemberRow,
        outcome: SubmitOutcome,
        actor: str,
    ) -> None:
        session.flush()
        audit.record(
            session,
            index.tender.reference,
            actor,
            "returned",
            RETURN_ENTITY,
            self.pack,
            None,
            {
                "member": member.name,
                "source": self.source,
                "sheet_sha256": self.sheet,
                "written_at": self.written_at,
                "submitted_after": submitted_fingerprint(session, index, member),
                "outcome": outcome.summary().splitlines()[0],
            },
        )


def _when(moment: dt.datetime) -> str:
    return f"{moment:%d %B %Y at %H:%M} UTC"


# -- The working copy ------------------------------------------------------------------------


def seed_working_copy(db: Database, copy: EvaluatorCopy, source_name: str) -> None:
    """Put ``copy`` into the empty database ``db``: the tender, its one evaluator with their
    passphrase's hash, declarations, submitted scores and drafts."""
    reference = copy.tender.tender.reference
    with db.transaction() as session:
        if find_tender(session, reference) is not None:
            raise Refused([f"the working copy already holds the tender {reference}"])
        save_pack(session, copy.tender, source_name)
        audit.record(
            session, reference, copy.member, "opened", RETURN_ENTITY, source_name, None, None
        )
    add_member(db, reference, copy.member, actor=copy.member)
    if copy.passphrase_hash:
        with db.transaction() as session:
            index = _index(session, reference)
            member = require_evaluator(index, copy.member)
            session.add(PassphraseRow(member_id=member.id, hash=copy.passphrase_hash, failures=0))
    if copy.declarations:
        declare(
            db,
            reference,
            copy.member,
            [
                Declaration(key, d.conflict, d.details, d.declared_on)
                for key, d in copy.declarations.items()
            ],
        )
    submitted = [
        ScoreEntry(w.lot, w.bidder, w.criterion, w.score, w.justification)
        for w in copy.work
        if w.submitted
    ]
    if submitted:
        submit_scores(db, reference, copy.member, submitted)
    for w in copy.work:
        if not w.submitted or w.notes:
            save_draft(
                db,
                reference,
                copy.member,
                w.lot,
                w.bidder,
                w.criterion,
                score=w.score,
                justification=w.justification,
                notes=w.notes,
            )
