"""The audit trail: who changed what, when, from what to what, in an append-only chain.

Each entry carries the SHA-256 of its own content and of the entry before it, so that
an entry edited, removed or slipped in outside svdesk breaks the chain; the database's
triggers refuse updates and deletes from svdesk's own connection as well. Entries are
written in the same transaction as the change they record.
"""

from __future__ import annotations

import datetime as dt
import getpass
import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import event, insert, select
from sqlalchemy.orm import Session

from svdesk.store.models import AuditEventRow

GENESIS = "0" * 64
# Where a session keeps the hash of the last entry it recorded, and the entries it has
# yet to write.
_TIP = "svdesk.audit.tip"
_PENDING = "svdesk.audit.pending"


def current_user() -> str:
    """The person at the keyboard, as the operating system knows them."""
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return "unknown user"


def _canonical(value: Any) -> str | None:
    if value is None:
        return None
    return json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)


def entry_hash(
    prev_hash: str,
    tender_reference: str,
    occurred_at: str,
    actor: str,
    action: str,
    entity: str,
    entity_key: str,
    old_value: str | None,
    new_value: str | None,
) -> str:
    content = json.dumps(
        [
            prev_hash,
            tender_reference,
            occurred_at,
            actor,
            action,
            entity,
            entity_key,
            old_value,
            new_value,
        ],
        ensure_ascii=False,
    )
    return hashlib.sha256(content.encode("utf-8")).hexdigest()


def record(
    session: Session,
    tender_reference: str,
    actor: str,
    action: str,
    entity: str,
    entity_key: str,
    old: Any = None,
    new: Any = None,
) -> None:
    """Append one entry to the trail, inside the caller's transaction.

    The chain's tip is read once per session and then carried along, and entries are
    inserted when the session flushes, in the order recorded: a sheet of hundreds of
    scores costs one query for the tip and one insert of all the entries at commit.
    """
    prev_hash = session.info.get(_TIP)
    if prev_hash is None:
        last = session.execute(
            select(AuditEventRow.hash).order_by(AuditEventRow.id.desc()).limit(1)
        ).scalar()
        prev_hash = last or GENESIS
    occurred_at = dt.datetime.now(dt.UTC).isoformat(timespec="microseconds")
    old_value, new_value = _canonical(old), _canonical(new)
    digest = entry_hash(
        prev_hash,
        tender_reference,
        occurred_at,
        actor,
        action,
        entity,
        entity_key,
        old_value,
        new_value,
    )
    session.info.setdefault(_PENDING, []).append(
        {
            "tender_reference": tender_reference,
            "occurred_at": occurred_at,
            "actor": actor,
            "action": action,
            "entity": entity,
            "entity_key": entity_key,
            "old_value": old_value,
            "new_value": new_value,
            "prev_hash": prev_hash,
            "hash": digest,
        }
    )
    session.info[_TIP] = digest


@event.listens_for(Session, "before_commit")
def _write_pending(session: Session) -> None:
    """Write the transaction's entries, in the order recorded, as it commits."""
    rows = session.info.pop(_PENDING, None)
    session.info.pop(_TIP, None)
    if rows:
        session.execute(insert(AuditEventRow.__table__), rows)  # type: ignore[arg-type]


@event.listens_for(Session, "after_rollback")
def _forget_pending(session: Session) -> None:
    session.info.pop(_PENDING, None)
    session.info.pop(_TIP, None)


@dataclass(frozen=True, slots=True)
class AuditEntry:
    id: int
    tender_reference: str
    occurred_at: dt.datetime
    actor: str
    action: str
    entity: str
    entity_key: str
    old: Any
    new: Any


def entries(session: Session, tender_reference: str | None = None) -> list[AuditEntry]:
    query = select(AuditEventRow).order_by(AuditEventRow.id)
    if tender_reference is not None:
        query = query.where(AuditEventRow.tender_reference == tender_reference)
    return [
        AuditEntry(
            row.id,
            row.tender_reference,
            dt.datetime.fromisoformat(row.occurred_at),
            row.actor,
            row.action,
            row.entity,
            row.entity_key,
            json.loads(row.old_value) if row.old_value is not None else None,
            json.loads(row.new_value) if row.new_value is not None else None,
        )
        for row in session.scalars(query)
    ]


def chain_problems(rows: Sequence[AuditEventRow]) -> list[str]:
    """Where the chain is broken: entries edited, removed or inserted outside svdesk."""
    problems: list[str] = []
    prev_hash = GENESIS
    previous_id = 0
    for row in rows:
        if row.id != previous_id + 1:
            missing = row.id - previous_id - 1
            if missing > 0:
                problems.append(
                    f"entries {previous_id + 1} to {row.id - 1} are missing (removed outside "
                    "svdesk)"
                    if missing > 1
                    else f"entry {previous_id + 1} is missing (removed outside svdesk)"
                )
        if row.prev_hash != prev_hash:
            problems.append(
                f"entry {row.id} does not follow on from the entry before it (an entry was "
                "removed or inserted outside svdesk)"
            )
        expected = entry_hash(
            row.prev_hash,
            row.tender_reference,
            row.occurred_at,
            row.actor,
            row.action,
            row.entity,
            row.entity_key,
            row.old_value,
            row.new_value,
        )
        if row.hash != expected:
            problems.append(
                f"entry {row.id} ({row.action} {row.entity} {row.entity_key}) was changed "
                "outside svdesk: its content no longer matches its fingerprint"
            )
        prev_hash = row.hash
        previous_id = row.id
    return problems


def all_rows(session: Session) -> list[AuditEventRow]:
    return list(session.scalars(select(AuditEventRow).order_by(AuditEventRow.id)))
