"""Opening databases: migrations at start-up, backups before changes, refusing what we cannot read."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory

from svdesk.store import migrations
from svdesk.store.database import open_database
from svdesk.store.errors import DatabaseError
from svdesk.store.models import Base

EXTRA_MIGRATION = '''
"""add a note to tenders"""

import sqlalchemy as sa
from alembic import op

revision = "0099"
down_revision = "{head}"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("tender") as batch:
        batch.add_column(sa.Column("note", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("tender") as batch:
        batch.drop_column("note")
'''


def tables(path: Path) -> set[str]:
    with sqlite3.connect(path) as connection:
        return {
            row[0]
            for row in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")
        }


def revision(path: Path) -> str:
    with sqlite3.connect(path) as connection:
        return connection.execute("SELECT version_num FROM alembic_version").fetchone()[0]


def test_a_new_file_is_created_at_the_newest_schema(db_path: Path) -> None:
    db = open_database(db_path)
    db.close()
    assert revision(db_path) == migrations.HEAD_REVISION
    assert {"tender", "lot", "criterion", "bidder", "bid", "response", "attachment"} <= tables(
        db_path
    )
    assert db.backup_path is None
    assert list(db_path.parent.glob("*.bak-*")) == []


def test_head_revision_constant_matches_the_migrations() -> None:
    script = ScriptDirectory(str(migrations.migrations_folder()))
    assert script.get_current_head() == migrations.HEAD_REVISION


def test_models_match_the_migrated_schema(db_path: Path) -> None:
    db = open_database(db_path)
    with db.engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    db.close()
    assert differences == []


def test_foreign_keys_are_enforced(db_path: Path) -> None:
    db = open_database(db_path)
    with pytest.raises(Exception, match="FOREIGN KEY"), db.engine.begin() as connection:
        connection.exec_driver_sql(
            "INSERT INTO lot (tender_id, key, title, position) VALUES (999, '1', '', 0)"
        )
    db.close()


def test_a_database_from_a_newer_svdesk_is_refused_and_left_alone(db_path: Path) -> None:
    open_database(db_path).close()
    with sqlite3.connect(db_path) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '0999'")
    before = db_path.read_bytes()
    with pytest.raises(DatabaseError, match="saved by a newer version of svdesk"):
        open_database(db_path)
    assert db_path.read_bytes() == before


def test_a_file_that_is_not_a_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "pack.xlsx"
    path.write_bytes(b"PK\x03\x04 this is a workbook, not a database")
    with pytest.raises(DatabaseError, match="is not an svdesk database"):
        open_database(path)
    assert path.read_bytes().startswith(b"PK")


def test_a_sqlite_file_of_another_program_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite"
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE things (id INTEGER)")
    with pytest.raises(DatabaseError, match="holds tables svdesk did not make"):
        open_database(path)
    assert tables(path) == {"things"}


def test_an_older_database_is_copied_before_it_is_migrated(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "old.sqlite"
    head = migrations.HEAD_REVISION
    db = open_database(path)
    with db.engine.begin() as connection:
        connection.exec_driver_sql(
            "INSERT INTO tender (reference, title, authority, authority_address, regime, "
            "currency, price_weighting, quality_weighting, social_value_weighting, "
            "scoring_method, tie_break, contact_name, contact_email, signatory, "
            "tender_documents, source_name, imported_at) VALUES ('OLD-1', 'Old', 'A', '', "
            "'pcr-2015', 'GBP', '0', '0', '100', 'consensus', 'none', '', '', '', '', '', "
            "'2026-01-01 00:00:00')"
        )
    db.close()
    # A newer svdesk: the same migrations plus one more.
    folder = tmp_path / "database"
    shutil.copytree(migrations.migrations_folder(), folder)
    (folder / "versions" / "0099_note.py").write_text(
        EXTRA_MIGRATION.format(head=migrations.HEAD_REVISION)
    )
    monkeypatch.setattr(migrations, "migrations_folder", lambda: folder)
    monkeypatch.setattr(migrations, "HEAD_REVISION", "0099")

    upgraded = open_database(path)
    upgraded.close()

    assert revision(path) == "0099"
    assert upgraded.backup_path is not None
    backup = Path(upgraded.backup_path)
    assert backup.name.startswith(f"old.sqlite.bak-{head}-")
    assert revision(backup) == head
    with sqlite3.connect(backup) as connection:
        assert connection.execute("SELECT reference FROM tender").fetchall() == [("OLD-1",)]
    with sqlite3.connect(path) as connection:
        columns = [row[1] for row in connection.execute("PRAGMA table_info(tender)")]
        assert "note" in columns
        assert connection.execute("SELECT reference FROM tender").fetchall() == [("OLD-1",)]


def test_a_folder_is_not_a_database(tmp_path: Path) -> None:
    with pytest.raises(DatabaseError, match="is a folder"):
        open_database(tmp_path)


def test_a_first_schema_database_is_upgraded_with_its_data(tmp_path: Path) -> None:
    from alembic import command
    from alembic.config import Config
    from sqlalchemy import create_engine

    path = tmp_path / "v1.sqlite"
    config = Config()
    config.set_main_option("script_location", str(migrations.migrations_folder()))
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0001")
        connection.exec_driver_sql(
            "INSERT INTO tender (reference, title, authority, authority_address, regime, "
            "currency, price_weighting, quality_weighting, social_value_weighting, "
            "scoring_method, tie_break, contact_name, contact_email, signatory, "
            "tender_documents, source_name, imported_at) VALUES ('V1-1', 'Old', 'A', '', "
            "'pcr-2015', 'GBP', '0', '0', '100', 'consensus', 'none', '', '', '', '', '', "
            "'2026-01-01 00:00:00')"
        )
    engine.dispose()
    assert revision(path) == "0001"

    db = open_database(path)
    db.close()

    assert revision(path) == migrations.HEAD_REVISION
    assert {"panel_member", "evaluator_score", "consensus", "audit_event"} <= tables(path)
    with sqlite3.connect(path) as connection:
        assert connection.execute("SELECT reference FROM tender").fetchall() == [("V1-1",)]
    assert db.backup_path is not None
    assert revision(Path(db.backup_path)) == "0001"


def test_a_path_with_url_characters_opens_that_file(tmp_path: Path) -> None:
    folder = tmp_path / "Bids #2? 100%"
    folder.mkdir()
    db = open_database(folder / "t.sqlite")
    db.close()
    assert sorted(p.name for p in folder.iterdir()) == ["t.sqlite"]
    assert revision(folder / "t.sqlite") == migrations.HEAD_REVISION
    assert sorted(p.name for p in tmp_path.iterdir()) == ["Bids #2? 100%"]
