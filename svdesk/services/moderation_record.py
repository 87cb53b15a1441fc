"""Each lot's moderation as the record keeps it: who opened it and when (and, where the
panel went on without someone, without whom and why), who signed it off, when and in whose
presence, and every reopening with its reason.

Read from the audit trail's entries for lot moderation, so that a reopened lot still shows
the sign-off it had and why it was reopened: the lot's own row holds only where it stands.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from svdesk.services.moderation_lots import ENTITY
from svdesk.services.panel import require_index
from svdesk.store import audit
from svdesk.store.audit import AuditEntry
from svdesk.store.database import Database

# The read models it fills, below the services since the documents take them (also
# offered here, where they were first written).
from svdesk.store.records.moderation import (
    OPENED as OPENED,
)
from svdesk.store.records.moderation import (
    REOPENED as REOPENED,
)
from svdesk.store.records.moderation import (
    SIGNED_OFF as SIGNED_OFF,
)
from svdesk.store.records.moderation import (
    LotEvent as LotEvent,
)
from svdesk.store.records.moderation import (
    LotRecord as LotRecord,
)


def lot_records(entries: Iterable[AuditEntry], lots: Sequence[str]) -> list[LotRecord]:
    """The record of each of ``lots`` (in their order) from the trail's ``entries``."""
    events: dict[str, list[LotEvent]] = {lot: [] for lot in lots}
    for entry in entries:
        if entry.entity != ENTITY or not entry.entity_key.startswith("lot "):
            continue
        lot = entry.entity_key[len("lot ") :]
        event = _event(entry)
        if lot in events and event is not None:
            events[lot].append(event)
    return [LotRecord(lot, tuple(events[lot])) for lot in lots]


def moderation_record(db: Database, reference: str) -> list[LotRecord]:
    """Every lot's moderation record, in the tender's order of lots."""
    with db.reading() as session:
        index = require_index(session, reference)
        found = audit.entries(session, index.tender.reference, ENTITY)
        return lot_records(found, list(index.lots))


def _event(entry: AuditEntry) -> LotEvent | None:
    new: dict[str, Any] = entry.new if isinstance(entry.new, dict) else {}
    old: dict[str, Any] = entry.old if isinstance(entry.old, dict) else {}
    if entry.action == OPENED:
        without = tuple(str(name) for name in new.get("without", ()))
        return LotEvent(OPENED, entry.actor, entry.occurred_at, without, str(new.get("reason", "")))
    if entry.action == SIGNED_OFF:
        present = str(new.get("present", ""))
        return LotEvent(SIGNED_OFF, entry.actor, entry.occurred_at, present=present)
    if entry.action == REOPENED:
        return LotEvent(
            REOPENED,
            entry.actor,
            entry.occurred_at,
            reason=str(new.get("reason", "")),
            undid_by=str(old.get("signed_off_by", "")),
            undid_present=str(old.get("present", "")),
        )
    return None
