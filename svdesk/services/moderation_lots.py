"""Moderation lot by lot: opening it, signing it off, and reopening it with a reason.

A moderator opens a lot's moderation once every evaluator has submitted their scores of
it, or records why the panel goes on without someone. From then on the lot's individual
scores are frozen and the moderator sees them side by side. Once every response of the
lot has its confirmed consensus, the moderator signs the lot off, naming who was present:
its consensus is then locked until a moderator reopens it, giving the reason. Each step is
one entry of the audit trail (entity ``lot moderation``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.orm import Session

from svdesk.domain.evaluation_rules import PanelRole, reason_problem
from svdesk.services.panel import require_index
from svdesk.services.refusals import Refused
from svdesk.store import audit
from svdesk.store.database import Database
from svdesk.store.evaluation_store import TenderIndex, consensus_of
from svdesk.store.models import LotModerationRow, ModerationRow, utc_now
from svdesk.store.readiness_store import unsubmitted_by_lot

ENTITY = "lot moderation"
# A reason to go on without someone, or to reopen a signed-off lot, is a sentence.
MIN_WORDS = 6


@dataclass(frozen=True, slots=True)
class LotModeration:
    """Where one lot's moderation stands."""

    lot: str
    title: str
    opened: bool
    opened_by: str = ""
    opened_at: dt.datetime | None = None
    without_reason: str = ""  # why it went on before everyone had submitted
    signed_off: bool = False
    signed_off_by: str = ""
    signed_off_at: dt.datetime | None = None
    present: str = ""
    # Evaluators who have not submitted every response of the lot they score, and how many
    # they have left (what stops moderation opening without a reason).
    waiting_for: tuple[tuple[str, int], ...] = ()


def require_moderator(index: TenderIndex, actor: str | None) -> str:
    """The moderator at work, as the panel spells them: ``actor``, or the tender's only
    moderator when no one is named. Anyone else is refused."""
    moderators = [m for m in index.members.values() if m.role == PanelRole.MODERATOR]
    reference = index.tender.reference
    if actor is None or not actor.strip():
        if len(moderators) == 1:
            return moderators[0].name
        if not moderators:
            raise Refused(
                [
                    f"{reference} has no moderator on its panel: add one first (svdesk panel "
                    f"--tender {reference} --add NAME --role moderator)"
                ]
            )
        names = ", ".join(sorted(m.name for m in moderators))
        raise Refused([f"{reference} has several moderators ({names}): say which one is at work"])
    member = index.member(actor)
    if member is None or member.role != PanelRole.MODERATOR:
        shown = member.name if member is not None else " ".join(actor.split())
        raise Refused([f"{shown} is not a moderator of {reference}: only a moderator can do this"])
    return member.name


def require_lot(index: TenderIndex, lot: str) -> str:
    key = index.lot_key(lot)
    if key is None:
        raise Refused(
            [f"{index.tender.reference} has no lot '{lot}' (its lots: {', '.join(index.lots)})"]
        )
    return key


def waiting_for(session: Session, index: TenderIndex, lot: str) -> tuple[tuple[str, int], ...]:
    """Each evaluator with responses of ``lot`` still to submit, and how many."""
    return _waiting(index, unsubmitted_by_lot(session, index.tender.id), lot)


def _waiting(
    index: TenderIndex, left: dict[tuple[int, str], int], lot: str
) -> tuple[tuple[str, int], ...]:
    evaluators = sorted(
        (m for m in index.members.values() if m.role == PanelRole.EVALUATOR), key=lambda m: m.id
    )
    return tuple((m.name, left[(m.id, lot)]) for m in evaluators if (m.id, lot) in left)


def lot_moderation(db: Database, reference: str) -> list[LotModeration]:
    """Every lot's moderation, in the tender's order."""
    with db.reading() as session:
        index = require_index(session, reference, panel_only=True)
        closed = [key for key in index.lots if key not in index.lot_moderation]
        # Who has yet to submit is counted for every lot not yet open at once, by SQLite.
        left = unsubmitted_by_lot(session, index.tender.id) if closed else {}
        evaluators = sorted(
            (m for m in index.members.values() if m.role == PanelRole.EVALUATOR),
            key=lambda m: m.id,
        )
        return [
            _status(
                index,
                key,
                tuple((m.name, left[(m.id, key)]) for m in evaluators if (m.id, key) in left),
            )
            for key in index.lots
        ]


def _status(index: TenderIndex, lot: str, waiting: tuple[tuple[str, int], ...]) -> LotModeration:
    row = index.lot_moderation.get(lot)
    title = index.lots[lot].title
    if row is None:
        return LotModeration(lot, title, False, waiting_for=waiting)
    return LotModeration(
        lot,
        title,
        True,
        row.opened_by,
        row.opened_at,
        row.without_reason,
        row.signed_off_at is not None,
        row.signed_off_by,
        row.signed_off_at,
        row.present,
    )


def open_lot(
    db: Database,
    reference: str,
    lot: str,
    *,
    actor: str | None = None,
    without_reason: str = "",
) -> LotModeration:
    """Open moderation of ``lot``: its scores freeze and the moderator sees them.

    Refused while an evaluator has not submitted the lot, unless ``without_reason`` says
    why the panel goes on without them (a sentence, kept in the trail); refused for a lot
    already open. Opening the last lot opens the tender's moderation as a whole.
    """
    with db.transaction() as session:
        index = require_index(session, reference)
        who = require_moderator(index, actor)
        key = require_lot(index, lot)
        if index.lot_open(key):
            row = index.lot_moderation[key]
            raise Refused([f"moderation of lot {key} is already open (opened by {row.opened_by})"])
        missing = waiting_for(session, index, key)
        reason = " ".join(without_reason.split())
        if missing and not reason:
            raise Refused(
                [
                    f"moderation of lot {key} cannot open yet: "
                    + "; ".join(f"{name} has {_responses(n)} to submit" for name, n in missing),
                    "wait for their scores, or give the reason the panel goes on without "
                    "them (it is kept in the audit trail)",
                ]
            )
        if missing:
            problem = reason_problem(reason, "the reason to go on without them")
            if problem:
                raise Refused([problem])
        else:
            reason = ""
        open_lot_row(session, index, key, who, reason, missing)
        if len(index.lot_moderation) == len(index.lots) and index.moderation is None:
            open_tender_row(session, index, who)
        return _status(index, key, ())  # open: nobody is waited for


def _responses(count: int) -> str:
    return f"{count} response" + ("" if count == 1 else "s")


def open_lot_row(
    session: Session,
    index: TenderIndex,
    lot: str,
    who: str,
    reason: str = "",
    missing: tuple[tuple[str, int], ...] = (),
) -> None:
    """Record the opening of ``lot`` inside the caller's transaction (and in ``index``)."""
    row = LotModerationRow(lot_id=index.lots[lot].id, opened_by=who, without_reason=reason)
    session.add(row)
    index.lot_moderation[lot] = row
    new: dict[str, object] = {"opened_by": who}
    if reason:
        new["without"] = [name for name, _ in missing]
        new["reason"] = reason
    audit.record(session, index.tender.reference, who, "opened", ENTITY, f"lot {lot}", None, new)


def open_tender_row(session: Session, index: TenderIndex, who: str) -> None:
    """Record, inside the caller's transaction, that the tender's moderation is open: every
    lot is open, as the workbook would open them."""
    row = ModerationRow(tender_id=index.tender.id, opened_by=who)
    session.add(row)
    index.moderation = row
    audit.record(
        session,
        index.tender.reference,
        who,
        "opened",
        "moderation",
        index.tender.reference,
        None,
        {"opened_by": who},
    )


def require_unlocked(index: TenderIndex, lot: str) -> None:
    """Refuse a change to the consensus of a lot that is not open or is signed off."""
    row = index.lot_moderation.get(lot)
    if row is None:
        raise Refused(
            [
                f"moderation of lot {lot} has not opened: open it first (the evaluators' "
                "scores are private until then)"
            ]
        )
    if row.signed_off_at is not None:
        raise Refused(
            [
                f"lot {lot} was signed off by {row.signed_off_by}: its consensus is locked; "
                "a moderator must reopen it, giving the reason, to change it"
            ]
        )


def sign_off_lot(
    db: Database, reference: str, lot: str, present: str, *, actor: str | None = None
) -> LotModeration:
    """Sign off ``lot`` (its consensus is then locked), naming who was present.

    Refused while any response of a compliant bid lacks its confirmed consensus (each is
    named), for a lot not open or signed off already, and without ``present``.
    """
    with db.transaction() as session:
        index = require_index(session, reference)
        who = require_moderator(index, actor)
        key = require_lot(index, lot)
        require_unlocked(index, key)
        people = " ".join(present.split())
        problems = []
        if not people:
            problems.append("say who was present at the moderation meeting")
        agreed = consensus_of(session, [r.id for r in index.responses.values()])
        unmoderated = [
            f"Lot {k[0]}, {k[1]}, {k[2]}: no confirmed consensus yet"
            for k, response in index.responses.items()
            if k[0] == key
            and index.bids[(k[0], k[1])].status == "compliant"
            and response.id not in agreed
        ]
        if unmoderated:
            problems.append(
                f"lot {key} cannot be signed off: {_responses(len(unmoderated))} "
                + ("has" if len(unmoderated) == 1 else "have")
                + " no confirmed consensus"
            )
            problems.extend(sorted(unmoderated))
        if problems:
            raise Refused(problems)
        row = index.lot_moderation[key]
        row.signed_off_at, row.signed_off_by, row.present = utc_now(), who, people
        audit.record(
            session,
            index.tender.reference,
            who,
            "signed off",
            ENTITY,
            f"lot {key}",
            None,
            {"signed_off_by": who, "present": people},
        )
        return _status(index, key, ())  # open: nobody is waited for


def reopen_lot(
    db: Database, reference: str, lot: str, reason: str, *, actor: str | None = None
) -> LotModeration:
    """Reopen a signed-off lot so that its consensus can change; the reason (a sentence)
    goes into the trail with who reopened it."""
    with db.transaction() as session:
        index = require_index(session, reference)
        who = require_moderator(index, actor)
        key = require_lot(index, lot)
        row = index.lot_moderation.get(key)
        if row is None or row.signed_off_at is None:
            raise Refused([f"lot {key} is not signed off: there is nothing to reopen"])
        text = " ".join(reason.split())
        problem = reason_problem(text, "the reason to reopen the lot")
        if problem:
            raise Refused([problem])
        old = {"signed_off_by": row.signed_off_by, "present": row.present}
        row.signed_off_at, row.signed_off_by, row.present = None, "", ""
        audit.record(
            session,
            index.tender.reference,
            who,
            "reopened",
            ENTITY,
            f"lot {key}",
            old,
            {"reopened_by": who, "reason": text},
        )
        return _status(index, key, ())  # open: nobody is waited for
