"""Upgrading a database from before the trail covered the whole decision (schema 0002).

Its tenders have no entries for their weightings, bids or answers; the upgrade records
them as they stand, so that ``audit --verify`` covers them from then on instead of raising
an alarm for every item.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import create_engine, event
from sqlalchemy.orm import Session

from svdesk.services.audit_trail import audit_entries, verify
from svdesk.services.imports import check_pack
from svdesk.store import audit, migrations
from svdesk.store.database import open_database
from svdesk.store.tender_store import save_pack
from tests.support.packs import VALID, format_1, write_pack

REF = "TST-2026-0001"


def schema_0002_database(tmp_path: Path) -> Path:
    """A database as svdesk wrote it at schema 0002: the tender and one 'imported' entry."""
    path = tmp_path / "old.sqlite"
    config = Config()
    config.set_main_option("script_location", str(migrations.migrations_folder()))
    engine = create_engine(f"sqlite:///{path}")
    event.listen(engine, "connect", lambda c, _r: c.execute("PRAGMA foreign_keys = ON"))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0002")
    _name, result = check_pack(write_pack(tmp_path / "p.xlsx", format_1(VALID)))
    assert result.pack is not None
    with Session(engine) as session, session.begin():
        save_pack(session, result.pack, "p.xlsx")
        audit.record(session, REF, "ann", "imported", "tender", REF, None, {"source": "p.xlsx"})
    engine.dispose()
    return path


def test_an_upgrade_records_the_tenders_items_and_the_check_then_covers_them(
    tmp_path: Path,
) -> None:
    path = schema_0002_database(tmp_path)
    db = open_database(path)
    assert db.backup_path is not None
    assert verify(db, REF) == []
    baseline = [e for e in audit_entries(db, REF) if e.actor.startswith("svdesk (upgrade")]
    assert {e.entity for e in baseline} == {
        "method",
        "scale",
        "lot",
        "criterion",
        "bidder",
        "bid",
        "response",
    }
    assert all(e.action == "received" for e in baseline)
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE bid SET price_score = '40' WHERE id = 1")
    connection.close()
    problems = verify(db, REF)
    assert len(problems) == 1
    assert "the bid lot 1 / B01 differs" in problems[0]
    db.close()
