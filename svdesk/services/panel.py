"""The evaluation panel: its members, and their declarations of interest."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.orm import Session

from svdesk.domain.evaluation_rules import PanelRole, fold_name
from svdesk.domain.words import count_words
from svdesk.services.refusals import Refused
from svdesk.store import audit
from svdesk.store.database import Database
from svdesk.store.evaluation_store import (
    TenderIndex,
    declarations_of,
    load_index,
)
from svdesk.store.models import DeclarationRow, PanelMemberRow
from svdesk.store.overview_store import session_connection
from svdesk.store.panel_store import panel_members

# The read models it fills, below the services since the documents take them (also
# offered here, where they were first written).
from svdesk.store.records.panel import (
    DeclarationRecord as DeclarationRecord,
)
from svdesk.store.records.panel import (
    PanelMember as PanelMember,
)


@dataclass(frozen=True, slots=True)
class Declaration:
    """What an evaluator declared about one bidder; ``where`` locates it in a sheet."""

    bidder: str
    conflict: bool
    details: str = ""
    declared_on: dt.date | None = None
    where: str = ""


def require_index(session: Session, reference: str, *, panel_only: bool = False) -> TenderIndex:
    """The tender's index (``panel_only``: without its criteria, bids and responses);
    refused for an unknown tender."""
    index = load_index(session, reference, panel_only=panel_only)
    if index is None:
        raise Refused([f"there is no tender with the reference {reference} in the database"])
    return index


# A panel change's written reason: a few words, kept in the audit trail.
MIN_REASON_WORDS = 3


def require_reason(reason: str, why: str) -> None:
    """Refuse a ``reason`` shorter than a few words; ``why`` says what it must explain
    ("why Ann Lee is withdrawn from the panel")."""
    if count_words(reason) < MIN_REASON_WORDS:
        raise Refused(
            [
                f"say {why}, in a few words ({MIN_REASON_WORDS} or more): the reason is kept "
                "in the audit trail"
            ]
        )


def acting(index: TenderIndex, actor: str | None, default: str) -> str:
    """Who the audit trail records for a change: ``actor`` (as the panel spells them when
    they are on it), or ``default`` when no one is named."""
    if actor is None or not actor.strip():
        return default
    member = index.member(actor)
    return member.name if member is not None else " ".join(actor.split())


def in_person(index: TenderIndex, member: PanelMemberRow, actor: str | None, what: str) -> str:
    """``member``'s own act, recorded in their name: anyone else doing ``what`` for them is
    refused (an evaluator's drafts, their submission and their passphrase are theirs)."""
    who = acting(index, actor, member.name)
    if fold_name(who) != member.name_key:
        raise Refused([someone_else(who, member.name, what)])
    return who


def someone_else(who: str, name: str, what: str) -> str:
    return f"{who} cannot {what} for {name}: only {name} can, when working"


def add_member(
    db: Database,
    reference: str,
    name: str,
    role: PanelRole = PanelRole.EVALUATOR,
    actor: str | None = None,
) -> PanelMember:
    """Add someone to the panel; refused once moderation has opened (the panel is fixed)."""
    name = " ".join(name.split())
    if not name:
        raise Refused(["a panel member needs a name"])
    with db.transaction() as session:
        index = require_index(session, reference)
        if index.moderation is not None or index.any_lot_open:
            raise Refused([_panel_fixed(index, name, role)])
        existing = index.member(name)
        if existing is not None:
            raise Refused(
                [
                    f"{existing.name} is already on the panel of {index.tender.reference} "
                    f"as {existing.role}"
                ]
            )
        member = PanelMemberRow(
            tender_id=index.tender.id, name=name, name_key=fold_name(name), role=role.value
        )
        session.add(member)
        session.flush()
        audit.record(
            session,
            index.tender.reference,
            acting(index, actor, audit.current_user()),
            "added",
            "panel member",
            name,
            None,
            {"name": name, "role": role.value},
        )
    return PanelMember(name, role, 0, ())


def _panel_fixed(index: TenderIndex, name: str, role: PanelRole) -> str:
    opened = f"moderation of {index.tender.reference} has opened"
    if role == PanelRole.EVALUATOR:
        return (
            f"{opened}, so {name} cannot join the panel: individual scores are frozen once "
            "moderation opens, so an evaluator added now could never submit a score, and the "
            "letters would wait for their scores for ever"
        )
    return (
        f"{opened}, so {name} cannot join the panel: the panel that moderates is the one "
        "that saw the scores side by side, as the record shows"
    )


def list_members(db: Database, reference: str) -> list[PanelMember]:
    with db.reading() as session:
        return members_of(session, require_index(session, reference, panel_only=True))


def members_of(session: Session, index: TenderIndex) -> list[PanelMember]:
    """The panel in the order its members were added, with what each has declared (read
    as the tender summary reads it, ``panel_store.panel_members``)."""
    return panel_members(session_connection(session), index.tender.id)


def require_member(index: TenderIndex, name: str) -> PanelMemberRow:
    member = index.member(name)
    if member is None:
        names = ", ".join(m.name for m in index.members.values()) or "nobody yet"
        raise Refused(
            [
                f"{name} is not on the panel of {index.tender.reference} (the panel: {names}); "
                f'add them with: svdesk panel --tender {index.tender.reference} --add "{name}"'
            ]
        )
    return member


def require_evaluator(index: TenderIndex, name: str) -> PanelMemberRow:
    member = require_member(index, name)
    if member.role != PanelRole.EVALUATOR:
        raise Refused(
            [
                f"{member.name} is the {member.role} of {index.tender.reference}, not an "
                "evaluator, and does not score responses"
            ]
        )
    return member


def save_declarations(
    session: Session,
    index: TenderIndex,
    member: PanelMemberRow,
    declarations: list[Declaration],
    actor: str,
) -> list[str]:
    """Record declarations inside the caller's transaction; returns the problems found.

    A conflict needs its details.
    """
    problems: list[str] = []
    seen: dict[str, str] = {}
    existing = declarations_of(session, member.id)
    today = dt.date.today()
    for declaration in declarations:
        key = index.bidder_key(declaration.bidder)
        where = f"{declaration.where}: " if declaration.where else ""
        if key is None:
            problems.append(
                f"{where}bidder '{declaration.bidder}' is not a bidder of {index.tender.reference}"
            )
            continue
        if key in seen:
            problems.append(f"{where}bidder {key} is declared twice (also at {seen[key]})")
            continue
        seen[key] = declaration.where or key
        if declaration.conflict and len(declaration.details.split()) < 3:
            problems.append(
                f"{where}a declared conflict needs its details: say what the interest is"
            )
            continue
        bidder = index.bidders[key]
        new = {
            "conflict": declaration.conflict,
            "details": declaration.details,
            "declared_on": (declaration.declared_on or today).isoformat(),
        }
        row = existing.get(bidder.id)
        if row is not None:
            old = {
                "conflict": row.conflict,
                "details": row.details,
                "declared_on": row.declared_on.isoformat(),
            }
            if (old["conflict"], old["details"]) == (new["conflict"], new["details"]):
                continue
            row.conflict, row.details = declaration.conflict, declaration.details
            row.declared_on = declaration.declared_on or today
            audit.record(
                session,
                index.tender.reference,
                actor,
                "changed",
                "declaration",
                f"{member.name} / {key}",
                old,
                new,
            )
            continue
        session.add(
            DeclarationRow(
                member_id=member.id,
                bidder_id=bidder.id,
                conflict=declaration.conflict,
                details=declaration.details,
                declared_on=declaration.declared_on or today,
            )
        )
        audit.record(
            session,
            index.tender.reference,
            actor,
            "declared",
            "declaration",
            f"{member.name} / {key}",
            None,
            new,
        )
    session.flush()
    return problems


def declare(
    db: Database,
    reference: str,
    evaluator: str,
    declarations: list[Declaration],
    actor: str | None = None,
) -> None:
    with db.transaction() as session:
        index = require_index(session, reference)
        member = require_evaluator(index, evaluator)
        problems = save_declarations(
            session, index, member, declarations, acting(index, actor, member.name)
        )
        if problems:
            raise Refused(problems)


def declarations_record(db: Database, reference: str) -> list[DeclarationRecord]:
    """Every declaration of interest made for the tender, for the record and the report."""
    with db.reading() as session:
        return declarations_in(session, require_index(session, reference))


def declarations_in(session: Session, index: TenderIndex) -> list[DeclarationRecord]:
    """``declarations_record`` read inside the caller's session."""
    bidders = {b.id: b for b in index.bidders.values()}
    records = []
    for member in sorted(index.members.values(), key=lambda m: m.id):
        for bidder_id, d in sorted(
            declarations_of(session, member.id).items(),
            key=lambda item: bidders[item[0]].position,
        ):
            bidder = bidders[bidder_id]
            records.append(
                DeclarationRecord(
                    member.name, bidder.key, bidder.name, d.conflict, d.details, d.declared_on
                )
            )
    return records
