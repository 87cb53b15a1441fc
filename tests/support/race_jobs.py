"""Writes run in child processes against one database, to race each other.

Each job opens the database itself, as a separate ``svdesk`` would, waits until the
moment the parent chose (so that two jobs start together), and says how it went in
plain values that cross the process boundary.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from sqlalchemy import event

from svdesk.services.refusals import Refused
from svdesk.store.database import open_database


def _start_at(moment: float) -> None:
    delay = moment - time.time()
    if delay > 0:
        time.sleep(delay)


def import_scores(database: str, sheet: str, start: float, hold: float) -> tuple[str, list[str]]:
    """``svdesk scores SHEET``, lingering ``hold`` seconds just before its first score is
    written (after it has read whether moderation is open): the widest window for a
    moderation opened by another svdesk to slip in between."""
    from svdesk.sheets.score_sheet import import_score_sheet

    _start_at(start)
    db = open_database(database)
    paused = False

    def pause(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        nonlocal paused
        if not paused and statement.lstrip().upper().startswith("UPDATE EVALUATOR_SCORE"):
            paused = True
            time.sleep(hold)

    event.listen(db.engine, "before_cursor_execute", pause)
    try:
        outcome = import_score_sheet(db, Path(sheet))
    except Refused as refused:
        return "refused", refused.reasons
    finally:
        db.close()
    return "imported", [outcome.summary()]


def write_consensus(database: str, reference: str, output: str, start: float) -> str:
    """``svdesk consensus --template --tender REF -o OUTPUT``, which opens moderation."""
    from svdesk.sheets.consensus_sheet import write_consensus_template

    _start_at(start)
    db = open_database(database)
    try:
        write_consensus_template(db, reference, Path(output))
    finally:
        db.close()
    return output
