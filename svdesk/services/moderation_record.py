"""Each lot's moderation as the record keeps it: who opened it and when (and, where the
panel went on without someone, without whom and why), who signed it off, when and in whose
presence, and every reopening with its reason.

Read from the audit trail's entries for lot moderation, so that a reopened lot still shows
the sign-off it had and why it was reopened: the lot's own row holds only where it stands.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from svdesk.services.moderation_lots import ENTITY
from svdesk.services.panel import require_index
from svdesk.store import audit
from svdesk.store.audit import AuditEntry
from svdesk.store.database import Database

OPENED, SIGNED_OFF, REOPENED = "opened", "signed off", "reopened"


@dataclass(frozen=True, slots=True)
class LotEvent:
    """One step of a lot's moderation."""

    action: str  # OPENED, SIGNED_OFF or REOPENED
    by: str
    at: dt.datetime
    without: tuple[str, ...] = ()  # opened: the evaluators the panel went on without
    reason: str = ""  # opened without someone, or reopened: why
    present: str = ""  # signed off: who was present
    # reopened: the sign-off it undid, by whom and in whose presence
    undid_by: str = ""
    undid_present: str = ""

    def describe(self) -> str:
        """The step in a sentence, for a cell of the record."""
        when = f"{self.at:%Y-%m-%d %H:%M} UTC"
        if self.action == OPENED:
            text = f"Opened by {self.by} on {when}"
            if self.without:
                text += f", going on without {', '.join(self.without)}"
            return text + (f": {self.reason}" if self.reason else "")
        if self.action == SIGNED_OFF:
            return f"Signed off by {self.by} on {when}; present: {self.present or 'not recorded'}"
        text = f"Reopened by {self.by} on {when}"
        if self.undid_by:
            text += f" (it had been signed off by {self.undid_by})"
        return text + f": {self.reason}"


@dataclass(frozen=True, slots=True)
class LotRecord:
    lot: str
    events: tuple[LotEvent, ...]

    @property
    def opening(self) -> LotEvent | None:
        return next((e for e in self.events if e.action == OPENED), None)

    @property
    def sign_off(self) -> LotEvent | None:
        """The sign-off in force: the last one, unless a reopening came after it."""
        last = next((e for e in reversed(self.events) if e.action != OPENED), None)
        return last if last is not None and last.action == SIGNED_OFF else None

    @property
    def reopenings(self) -> tuple[LotEvent, ...]:
        return tuple(e for e in self.events if e.action == REOPENED)

    def state(self) -> str:
        """``not opened``, ``open``, ``signed off`` or ``reopened``: where the lot stands."""
        if self.opening is None:
            return "not opened"
        if self.sign_off is not None:
            return "signed off"
        return "reopened" if self.reopenings else "open"


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
