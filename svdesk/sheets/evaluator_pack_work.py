"""Working on an evaluator pack away from the panel (``svdesk gui FILE.zip``).

The workspace runs on a working database built from the pack through the services
(``seed_working_copy``), kept in the user's data folder under the pack's identity. Every
change is saved there at once, as at the panel; ``save_into_pack`` then rewrites the pack
whole (``written_files.write_whole``), so that the file the evaluator sends back always
holds their latest work. Reopening the pack goes back to the working database, unless the
pack holds work it never wrote (it was worked on on another computer): then the working
database is built again from the pack.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from svdesk.services.evaluator_copy import evaluator_copy, seed_working_copy
from svdesk.services.refusals import Refused
from svdesk.services.written_files import write_whole
from svdesk.sheets.evaluator_pack import (
    SHEET,
    WORK,
    EvaluatorPack,
    Manifest,
    now_utc,
    read_evaluator_pack,
    work_parts,
    write_pack,
)
from svdesk.store.database import Database, open_database

_IDENTITY = re.compile(r"^[0-9a-f-]{36}$")
_KEPT_DIGESTS = 50  # the pack's recent work parts the working database wrote


@dataclass(slots=True)
class WorkingCopy:
    db: Database
    path: Path  # the pack
    manifest: Manifest  # as last written
    fixed: dict[str, bytes] = field(repr=False)  # tender.json and the attachments
    state: Path  # what the working database has written into the pack

    @property
    def reference(self) -> str:
        return self.manifest.tender

    @property
    def member(self) -> str:
        return self.manifest.member

    def close(self) -> None:
        self.db.close()


def open_working_copy(path: Path, folder: Path) -> WorkingCopy:
    """Open the pack at ``path`` to work on, with its working database in ``folder``."""
    pack = read_evaluator_pack(path)
    identity = pack.manifest.pack
    if not _IDENTITY.match(identity):
        identity = hashlib.sha256(identity.encode()).hexdigest()[:36]
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise Refused([f"svdesk cannot keep its working copy in {folder}: {exc.strerror}"]) from exc
    database = folder / f"{identity}.sqlite"
    state = folder / f"{identity}.json"
    if not (database.exists() and pack.manifest.parts[WORK] in _written(state)):
        _build(database, pack)
        _remember(state, pack.manifest.parts[WORK], fresh=True)
    fixed = {k: v for k, v in pack.parts.items() if k not in (SHEET, WORK)}
    return WorkingCopy(open_database(database), pack.path, pack.manifest, fixed, state)


def _build(database: Path, pack: EvaluatorPack) -> None:
    """Build the working database beside its place, then move it there: a build cut short
    leaves the previous one (or none), never half of one."""
    building = database.with_name(f".{database.stem}-building.sqlite")
    _remove(building)
    db = open_database(building)
    try:
        seed_working_copy(db, pack.copy, pack.path.name)
    finally:
        db.close()
    _remove(database)
    os.replace(building, database)


def _remove(database: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        with contextlib.suppress(FileNotFoundError):
            os.unlink(f"{database}{suffix}")


def _written(state: Path) -> list[str]:
    try:
        value = json.loads(state.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    written = value.get("written") if isinstance(value, dict) else None
    return [str(v) for v in written] if isinstance(written, list) else []


def _remember(state: Path, digest: str, *, fresh: bool = False) -> None:
    written = [] if fresh else [d for d in _written(state) if d != digest]
    written = [*written, digest][-_KEPT_DIGESTS:]
    text = json.dumps({"written": written})

    def write(path: Path) -> None:
        path.write_text(text, encoding="utf-8")

    write_whole(state, write, ".tmp.json")


def save_into_pack(copy: WorkingCopy) -> bool:
    """Rewrite the pack with the work in the working database; False when the pack already
    holds it. Refused in one line when the pack cannot be written."""
    # The tender and its files never change: only the evaluator's work is read again.
    work = evaluator_copy(copy.db, copy.reference, copy.member, with_files=False)
    parts = work_parts(copy.db, work)
    digest = hashlib.sha256(parts[WORK]).hexdigest()
    if digest == copy.manifest.parts.get(WORK) and copy.path.exists():
        return False
    # Noted first: should svdesk stop between the two, the pack it finds next time is one
    # this working database wrote, or the one before it.
    _remember(copy.state, digest)
    saved = replace(copy.manifest, saved_at=now_utc())
    copy.manifest = write_pack(copy.path, saved, {**copy.fixed, **parts})
    return True
