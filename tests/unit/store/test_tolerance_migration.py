"""Upgrading a database of schema 0009 to 0010: the tender keeps the tolerance it always
had, one step, and the trail still verifies."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from svdesk.services.audit_trail import verify
from svdesk.services.moderation_tolerance import moderation_tolerance
from tests.support.letter_tenders import REF, make_tender
from tests.unit.store.test_workspace_migration import downgrade


def columns(path: Path) -> set[str]:
    with sqlite3.connect(path) as connection:
        found = {row[1] for row in connection.execute("PRAGMA table_info(tender)")}
    connection.close()
    return found


def test_a_tender_keeps_one_step_on_upgrade(tmp_path: Path) -> None:
    from svdesk.store.database import open_database

    db = make_tender(tmp_path)
    path = Path(db.location)
    db.close()
    downgrade(path, "0009")
    assert "moderation_tolerance" not in columns(path)

    db = open_database(path)
    assert db.backup_path is not None
    assert "moderation_tolerance" in columns(path)
    assert moderation_tolerance(db, REF).steps == 1
    assert verify(db, REF) == []
    db.close()
