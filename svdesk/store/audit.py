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
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from json.encoder import encode_basestring as _quoted
from typing import Any, NamedTuple, Protocol

from sqlalchemy import event, func, insert, select
from sqlalchemy.orm import Session

from svdesk.store.decision_state import canonical
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
    """The SHA-256 of the entry's fields as one JSON array (``["…", "…", null]``).

    The array is joined here from its strings, each escaped by the json module's own
    string encoder, rather than by ``json.dumps``: the text is the same character for
    character (a test holds it to that), and checking a trail of tens of thousands of
    entries takes half the time.
    """
    content = "".join(
        (
            "[",
            _quoted(prev_hash),
            ", ",
            _quoted(tender_reference),
            ", ",
            _quoted(occurred_at),
            ", ",
            _quoted(actor),
            ", ",
            _quoted(action),
            ", ",
            _quoted(entity),
            ", ",
            _quoted(entity_key),
            ", ",
            "null" if old_value is None else _quoted(old_value),
            ", ",
            "null" if new_value is None else _quoted(new_value),
            "]",
        )
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
    old_value, new_value = canonical(old), canonical(new)
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
def write_pending(session: Session) -> None:
    """Write the transaction's entries, in the order recorded (as it commits; a migration,
    whose transaction is not the session's, calls it itself)."""
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


def entries(
    session: Session, tender_reference: str | None = None, entity: str | None = None
) -> list[AuditEntry]:
    """The trail's entries in order: a tender's, and of one kind of ``entity``, if given."""
    query = select(*_COLUMNS).order_by(AuditEventRow.id)
    if tender_reference is not None:
        query = query.where(AuditEventRow.tender_reference == tender_reference)
    if entity is not None:
        query = query.where(AuditEventRow.entity == entity)
    return [as_entry(TrailRow(*row)) for row in session.execute(query)]


class ChainedEntry(Protocol):
    """What the chain check reads of an entry: a stored row, or a plain row of its columns."""

    @property
    def id(self) -> int: ...
    @property
    def tender_reference(self) -> str: ...
    @property
    def occurred_at(self) -> str: ...
    @property
    def actor(self) -> str: ...
    @property
    def action(self) -> str: ...
    @property
    def entity(self) -> str: ...
    @property
    def entity_key(self) -> str: ...
    @property
    def old_value(self) -> str | None: ...
    @property
    def new_value(self) -> str | None: ...
    @property
    def prev_hash(self) -> str: ...
    @property
    def hash(self) -> str: ...


def chain_problems(rows: Sequence[ChainedEntry]) -> list[str]:
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


class TrailRow(NamedTuple):
    """One stored entry, as plain columns (the whole trail is read to check it)."""

    id: int
    tender_reference: str
    occurred_at: str
    actor: str
    action: str
    entity: str
    entity_key: str
    old_value: str | None
    new_value: str | None
    prev_hash: str
    hash: str


def all_rows(session: Session) -> list[TrailRow]:
    """The whole trail, every tender's, in order: the chain runs through them all."""
    query = select(*_COLUMNS).order_by(AuditEventRow.id)
    # Core rows, not the ORM's: the trail runs to tens of thousands of entries.
    return [TrailRow(*row) for row in session.connection().execute(query).all()]


_COLUMNS = (
    AuditEventRow.id,
    AuditEventRow.tender_reference,
    AuditEventRow.occurred_at,
    AuditEventRow.actor,
    AuditEventRow.action,
    AuditEventRow.entity,
    AuditEventRow.entity_key,
    AuditEventRow.old_value,
    AuditEventRow.new_value,
    AuditEventRow.prev_hash,
    AuditEventRow.hash,
)


def as_entry(row: TrailRow) -> AuditEntry:
    return AuditEntry(
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


@dataclass(frozen=True, slots=True)
class TrailTip:
    """The last entry of the whole trail: its position and its hash.

    Printed on every document svdesk issues, it anchors the trail outside the database: a
    trail rewritten afterwards, even with every hash recomputed, no longer holds it.
    """

    entries: int
    hash: str

    def __str__(self) -> str:
        return f"{self.entries}:{self.hash}"


def tip(session: Session) -> TrailTip | None:
    """The trail's tip now, or None while it is empty."""
    row = session.execute(
        select(AuditEventRow.id, AuditEventRow.hash).order_by(AuditEventRow.id.desc()).limit(1)
    ).first()
    if row is None:
        return None
    count = session.execute(select(func.count()).select_from(AuditEventRow)).scalar_one()
    return TrailTip(count, row.hash)


def tip_of(rows: Sequence[TrailRow]) -> TrailTip | None:
    return TrailTip(len(rows), rows[-1].hash) if rows else None


def record_all(
    session: Session,
    tender_reference: str,
    actor: str,
    action: str,
    items: Iterable[tuple[str, str, Any]],
) -> None:
    """Record many items at once (``(entity, key, value)``), each as a new value."""
    for entity, key, value in items:
        record(session, tender_reference, actor, action, entity, key, None, value)
