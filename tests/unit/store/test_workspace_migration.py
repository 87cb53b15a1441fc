"""Upgrading a database of schema 0003 to 0004 adds the passphrases and the drafts, and
keeps the panel and its trail as they were."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import create_engine, event

from svdesk.services.audit_trail import verify
from svdesk.services.drafts import save_draft
from svdesk.services.panel import Declaration, add_member, declare, list_members
from svdesk.services.passphrases import set_passphrase, verify_passphrase
from svdesk.services.workspace import ItemState, evaluator_workspace
from svdesk.store import migrations
from svdesk.store.database import open_database
from tests.support.packs import write_pack

REF = "TST-2026-0001"
WHY = "Clear commitments with numbers, dates and a credible reporting plan."


def downgrade(path: Path, revision: str) -> None:
    config = Config()
    config.set_main_option("script_location", str(migrations.migrations_folder()))
    engine = create_engine(f"sqlite:///{path}")
    event.listen(engine, "connect", lambda c, _r: c.execute("PRAGMA foreign_keys = ON"))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, revision)
    engine.dispose()


def tables(path: Path) -> set[str]:
    with sqlite3.connect(path) as connection:
        names = {r[0] for r in connection.execute("SELECT name FROM sqlite_master")}
    connection.close()
    return names


def test_a_schema_0003_database_gains_passphrases_and_drafts(tmp_path: Path) -> None:
    from svdesk.services.imports import import_pack

    path = tmp_path / "t.sqlite"
    db = open_database(path)
    import_pack(db, write_pack(tmp_path / "p.xlsx"))
    add_member(db, REF, "Ann Lee")
    declare(db, REF, "Ann Lee", [Declaration("B01", False), Declaration("B02", False)])
    db.close()
    downgrade(path, "0003")
    assert {"passphrase", "score_draft"}.isdisjoint(tables(path))

    db = open_database(path)
    assert db.backup_path is not None
    assert {"passphrase", "score_draft"} <= tables(path)
    assert [m.name for m in list_members(db, REF)] == ["Ann Lee"]
    set_passphrase(db, REF, "Ann Lee", "a long enough passphrase")
    verify_passphrase(db, REF, "Ann Lee", "a long enough passphrase")
    save_draft(db, REF, "Ann Lee", "1", "B01", "SV1", score=50, justification=WHY, notes="")
    assert evaluator_workspace(db, REF, "Ann Lee").items[0].state == ItemState.DRAFT
    assert verify(db, REF) == []
    db.close()
