"""Reading and verifying the audit trail of a tender."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from svdesk.domain.words import clipped
from svdesk.services.panel import require_index
from svdesk.services.refusals import Refused
from svdesk.store import audit
from svdesk.store.audit import AuditEntry, TrailTip
from svdesk.store.database import Database
from svdesk.store.decision_state import (
    HASHED_FIELDS,
    STATE_ENTITIES,
    StateKey,
    canonical,
    current_state,
)
from svdesk.store.evaluation_store import TenderIndex
from svdesk.store.models import TenderRow

PRIVATE = "private until moderation opens"
# The trail entries that bring a tender in; what was recorded before them is history.
IMPORT_ACTIONS = frozenset({"imported", "replaced"})
# The confidentiality review's decisions on a passage of a letter text.
REVIEW_DECISIONS = frozenset({"approved", "edited", "redacted"})


def audit_entries(db: Database, reference: str) -> list[AuditEntry]:
    """The tender's trail. Until moderation opens, individual scores stay private here too:
    the entries say that a score was submitted or changed, not what it was."""
    with db.reading() as session:
        index = require_index(session, reference)
        entries = audit.entries(session, index.tender.reference)
        if index.moderation is not None:
            return entries
        return [_private(entry) if entry.entity == "score" else entry for entry in entries]


@dataclass(frozen=True, slots=True)
class CheckedTrail:
    """The tender's entries and the trail's check, from one read of the trail."""

    entries: list[AuditEntry]
    check: TrailCheck


def checked_entries_in(session: Session, index: TenderIndex) -> CheckedTrail:
    """The tender's entries and the trail's check, the trail read once for both, inside the
    caller's session (the evaluation workbook shows the entries under the check's verdict)."""
    rows = audit.all_rows(session)
    check = _check_rows(session, index.tender, rows, None)
    ref = index.tender.reference
    mine = [audit.as_entry(row) for row in rows if row.tender_reference == ref]
    if index.moderation is None:
        mine = [_private(entry) if entry.entity == "score" else entry for entry in mine]
    return CheckedTrail(mine, check)


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
    tip: TrailTip | None  # the whole trail's tip as checked
    anchor: TrailTip | None = None  # the recorded tip it was checked against, if any


@dataclass(frozen=True, slots=True)
class RecordedTip:
    """A tip as read from a document: its hash (or the start of it), and its position if
    given (``1234:5d1c…``)."""

    entries: int | None
    hash: str


# Enough of a hash that no forged entry can be made to start with it.
_SHORTEST_TIP = 16


def parse_tip(text: str) -> RecordedTip:
    """A tip as printed on a document, ``ENTRIES:HASH`` or ``HASH``; refuses anything else."""
    cleaned = "".join(text.split()).lower().replace(",", "")
    entries_text, _, digest = cleaned.rpartition(":")
    entries: int | None = None
    if entries_text:
        if not entries_text.isdigit() or int(entries_text) < 1:
            raise Refused([_bad_tip(text)])
        entries = int(entries_text)
    if len(digest) < _SHORTEST_TIP or len(digest) > 64 or not _is_hex(digest):
        raise Refused([_bad_tip(text)])
    return RecordedTip(entries, digest)


def _is_hex(text: str) -> bool:
    return all(ch in "0123456789abcdef" for ch in text)


def _bad_tip(text: str) -> str:
    return (
        f"{text!r} is not an audit trail tip: give it as printed on the document, "
        f"ENTRIES:HASH (for example 1234:5d1c…) or the hash alone, at least {_SHORTEST_TIP} "
        "of its characters"
    )


def current_tip(db: Database) -> TrailTip | None:
    """The whole trail's tip now, to stamp on a document."""
    with db.reading() as session:
        return audit.tip(session)


def check_trail(db: Database, reference: str, recorded_tip: str | None = None) -> TrailCheck:
    """The tender's trail checked, and how many entries it holds (one read of the trail).

    Three checks: the whole chain of entries (an entry edited, removed or inserted breaks
    it); every item that can change the award, against the last value the trail recorded
    for it (a weight, price score, answer or score edited in the database without an entry
    shows here); and, given a tip recorded on a document, that the trail still extends it
    (a trail rewritten end to end, hashes and all, no longer does).
    """
    anchor = parse_tip(recorded_tip) if recorded_tip is not None else None
    with db.reading() as session:
        index = require_index(session, reference)
        return trail_check(session, index.tender, anchor)


def verify(db: Database, reference: str) -> list[str]:
    """Every sign that the record was changed outside svdesk; empty when it is intact."""
    return check_trail(db, reference).problems


def trail_check(
    session: Session, tender: TenderRow, anchor: RecordedTip | None = None
) -> TrailCheck:
    """``check_trail`` inside the caller's session (the readiness check shares its read)."""
    return _check_rows(session, tender, audit.all_rows(session), anchor)


def _check_rows(
    session: Session,
    tender: TenderRow,
    rows: list[audit.TrailRow],
    anchor: RecordedTip | None,
) -> TrailCheck:
    problems = audit.chain_problems(rows)
    found = None
    if anchor is not None:
        found, anchor_problem = _find_anchor(rows, anchor)
        if anchor_problem:
            problems.append(anchor_problem)
    reference = tender.reference
    mine = [row for row in rows if row.tender_reference == reference]
    problems.extend(_state_problems(session, tender, mine))
    return TrailCheck(problems, len(mine), audit.tip_of(rows), found)


def _find_anchor(
    rows: list[audit.TrailRow], anchor: RecordedTip
) -> tuple[TrailTip | None, str | None]:
    shown = f"{anchor.entries}:{anchor.hash}" if anchor.entries else anchor.hash
    if anchor.entries is not None:
        if anchor.entries > len(rows):
            return None, (
                f"the recorded tip {shown} is entry {anchor.entries}, but the trail now holds "
                f"only {len(rows)} entries: entries were removed after the tip was recorded"
            )
        row = rows[anchor.entries - 1]
        if row.hash.startswith(anchor.hash):
            return TrailTip(anchor.entries, row.hash), None
    else:
        for position, row in enumerate(rows, start=1):
            if row.hash.startswith(anchor.hash):
                return TrailTip(position, row.hash), None
    return None, (
        f"the recorded tip {shown} is no longer in the trail: the trail was rewritten after "
        "that tip was recorded on a document"
    )


def _state_problems(session: Session, tender: TenderRow, mine: list[audit.TrailRow]) -> list[str]:
    recorded = _recorded_state(mine)
    current = current_state(session, tender.id)
    reviewed_before = _reviewed_before_recording(mine)
    # Until moderation opens, a changed score is named but its values are not shown.
    private = ("moderation", tender.reference) not in current
    problems = []
    for key, value in current.items():
        if key not in recorded:
            if key[0] == "letter text" and key[1] in reviewed_before:
                continue
            problems.append(
                f"{_item(key)} is in the database but the audit trail never recorded it "
                "(added outside svdesk)"
            )
            continue
        stored = recorded[key]
        if stored == canonical(value):
            continue
        old = json.loads(stored) if stored is not None else None
        if old == value:
            continue
        detail = "" if private and key[0] == "score" else _difference(value, old)
        problems.append(
            f"{_item(key)} differs from what the audit trail last recorded "
            f"(changed outside svdesk){detail}"
        )
    for key, stored in recorded.items():
        if key not in current and stored is not None:
            problems.append(
                f"{_item(key)} recorded in the audit trail is no longer in the database "
                "(removed outside svdesk)"
            )
    return problems


def _reviewed_before_recording(mine: list[audit.TrailRow]) -> frozenset[str]:
    """The letter texts decided on before svdesk recorded letter texts as they stand: the
    trail has its decisions on them but never the text, so there is nothing to compare with
    until the next decision records it (from then on every decision records it)."""
    decided: set[str] = set()
    recorded: set[str] = set()
    for row in mine[_last_import(mine) :]:
        if row.entity == "letter reason" and row.action in REVIEW_DECISIONS:
            decided.add(row.entity_key.rsplit(" / sentence ", 1)[0])
        elif row.entity == "letter text":
            recorded.add(row.entity_key)
    return frozenset(decided - recorded)


def _last_import(mine: list[audit.TrailRow]) -> int:
    start = 0
    for position, row in enumerate(mine):
        if row.entity == "tender" and row.action in IMPORT_ACTIONS:
            start = position
    return start


def _recorded_state(mine: list[audit.TrailRow]) -> dict[StateKey, str | None]:
    """The last value recorded for each item since the tender was last imported: a
    replaced tender's earlier items are history, not state."""
    return {
        (row.entity, row.entity_key): row.new_value
        for row in mine[_last_import(mine) :]
        if row.entity in STATE_ENTITIES
    }


def _item(key: StateKey) -> str:
    entity, name = key
    if entity == "method":
        return f"the weightings and scoring method of {name}"
    if entity == "scale":
        return f"the scoring scale of {name}"
    if entity == "moderation":
        return f"the opening of moderation of {name}"
    if entity == "letter text":
        return f"the letter text of {name} (as the letters quote it)"
    return f"the {entity} {name}"


def _difference(now: Any, recorded: Any) -> str:
    """What changed, in a few words: ``: weight now 30, recorded 12``."""
    if not isinstance(now, dict) or not isinstance(recorded, dict):
        if now is None or recorded is None:
            return ""
        return f": now {_clip(now)}, recorded {_clip(recorded)}"
    if "score" in now and now.get("score") != recorded.get("score"):
        return f": now score {now['score']}, recorded score {recorded.get('score')}"
    changes = []
    for field in sorted(set(now) | set(recorded)):
        if now.get(field) == recorded.get(field):
            continue
        name = _FIELD_NAMES.get(field, field.replace("_", " "))
        if field in HASHED_FIELDS:
            changes.append(f"{name} changed")
        elif field == "approved":
            # The sentences approved as they stand: say how many, not every one of them.
            now_count, recorded_count = len(now.get(field) or []), len(recorded.get(field) or [])
            changes.append(f"{name} now {now_count}, recorded {recorded_count}")
        else:
            changes.append(
                f"{name} now {_clip(now.get(field))}, recorded {_clip(recorded.get(field))}"
            )
    return ": " + "; ".join(changes) if changes else ""


_FIELD_NAMES = {
    "approved": "the sentences approved as they stand",
    "answer_sha256": "its answer text",
    "sha256": "the file's content",
    "text_sha256": "the text read from the file",
}


def _clip(value: Any) -> str:
    text = "none" if value is None else str(value).replace("\n", " ")
    return clipped(text, 60, "...")
