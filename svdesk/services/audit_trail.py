"""Reading and verifying the audit trail of a tender."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from svdesk.services.panel import require_index
from svdesk.store import audit
from svdesk.store.audit import AuditEntry
from svdesk.store.database import Database
from svdesk.store.evaluation_store import TenderIndex, all_scores, consensus_of
from svdesk.store.models import DeclarationRow

PRIVATE = "private until moderation opens"


def audit_entries(db: Database, reference: str) -> list[AuditEntry]:
    """The tender's trail. Until moderation opens, individual scores stay private here too:
    the entries say that a score was submitted or changed, not what it was."""
    with db.reading() as session:
        index = require_index(session, reference)
        entries = audit.entries(session, index.tender.reference)
        if index.moderation is not None:
            return entries
        return [_private(entry) if entry.entity == "score" else entry for entry in entries]


def _private(entry: AuditEntry) -> AuditEntry:
    return AuditEntry(
        entry.id,
        entry.tender_reference,
        entry.occurred_at,
        entry.actor,
        entry.action,
        entry.entity,
        entry.entity_key,
        None if entry.old is None else PRIVATE,
        None if entry.new is None else PRIVATE,
    )


@dataclass(frozen=True, slots=True)
class TrailCheck:
    problems: list[str]  # every sign of a change outside svdesk; empty when intact
    entries: int  # the tender's entries in the trail


def check_trail(db: Database, reference: str) -> TrailCheck:
    """The tender's trail checked, and how many entries it holds (one read of the trail).

    Two checks: the whole chain of entries (an entry edited, removed or inserted breaks
    it), and the tender's scores, consensus and declarations against the last value the
    trail recorded for each (a score edited in the database without an entry shows here).
    """
    with db.reading() as session:
        index = require_index(session, reference)
        rows = audit.all_rows(session)
        mine = audit.entries(session, index.tender.reference)
        problems = audit.chain_problems(rows)
        problems.extend(_state_problems(session, index, mine))
        return TrailCheck(problems, len(mine))


def verify(db: Database, reference: str) -> list[str]:
    """Every sign that the record was changed outside svdesk; empty when it is intact."""
    return check_trail(db, reference).problems


def _latest(entries: list[AuditEntry]) -> dict[tuple[str, str], Any]:
    latest: dict[tuple[str, str], Any] = {}
    for entry in entries:
        latest[(entry.entity, entry.entity_key)] = entry.new
    return latest


def _state_problems(session: Session, index: TenderIndex, entries: list[AuditEntry]) -> list[str]:
    recorded = _latest(entries)
    current = _current_state(session, index)
    private = index.moderation is None
    problems = []
    for key, value in current.items():
        if key not in recorded:
            problems.append(
                f"the {key[0]} {key[1]} is in the database but the audit trail "
                "never recorded it (added outside svdesk)"
            )
        elif recorded[key] != value:
            detail = (
                ""
                if private and key[0] == "score"
                else f": now {_show(value)}, recorded {_show(recorded[key])}"
            )
            problems.append(
                f"the {key[0]} {key[1]} differs from what the audit trail last "
                f"recorded (changed outside svdesk){detail}"
            )
    for key, value in recorded.items():
        if key[0] in {"score", "consensus", "declaration"} and key not in current and value:
            problems.append(
                f"the {key[0]} {key[1]} recorded in the audit trail is no longer "
                "in the database (removed outside svdesk)"
            )
    return problems


def _show(value: Any) -> str:
    if isinstance(value, dict) and "score" in value:
        return f"score {value['score']}"
    return str(value)


def _current_state(session: Session, index: TenderIndex) -> dict[tuple[str, str], Any]:
    members = {m.id: m for m in index.members.values()}
    keys = {r.id: k for k, r in index.responses.items()}
    bidders = {b.id: b.key for b in index.bidders.values()}
    state: dict[tuple[str, str], Any] = {}
    for member in members.values():
        state[("panel member", member.name)] = {"name": member.name, "role": member.role}
    for d in session.scalars(
        select(DeclarationRow).where(DeclarationRow.member_id.in_(list(members)))
    ):
        state[("declaration", f"{members[d.member_id].name} / {bidders[d.bidder_id]}")] = {
            "conflict": d.conflict,
            "details": d.details,
            "declared_on": d.declared_on.isoformat(),
        }
    for s in all_scores(session, list(keys)):
        lot, bidder, code = keys[s.response_id]
        state[("score", f"{members[s.member_id].name} / lot {lot} / {bidder} / {code}")] = {
            "score": s.score,
            "justification": s.justification,
            "submitted": s.submitted,
        }
    for response_id, c in consensus_of(session, list(keys)).items():
        lot, bidder, code = keys[response_id]
        state[("consensus", f"lot {lot} / {bidder} / {code}")] = {
            "score": c.score,
            "rationale": c.rationale,
            "reconciliation": c.reconciliation,
        }
    return state
