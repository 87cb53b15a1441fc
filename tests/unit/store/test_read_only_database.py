"""A database that cannot be written is opened for reading: everything can be read, and a
write is refused in one sentence. Read-only is found from SQLite itself (its refusal to
write), so that it holds for whoever runs svdesk, root included."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from svdesk.services.imports import import_pack
from svdesk.services.panel import add_member, list_members
from svdesk.services.tenders import list_tenders
from svdesk.store import migrations
from svdesk.store.database import Database, open_database
from svdesk.store.errors import DatabaseError, DatabaseReadOnly
from tests.support.packs import write_pack
from tests.support.read_only import immutable, read_only_url
from tests.support.snapshot import file_digest
from tests.unit.store.test_database import EXTRA_MIGRATION

REF = "TST-2026-0001"


def read_only_sentence(shown: object) -> str:
    return f"The database {shown} is read-only: svdesk can show it but not change it."


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A folder holding one database with a tender, closed (its log folded into it)."""
    folder = tmp_path / "shared"
    folder.mkdir()
    db = open_database(folder / "t.sqlite")
    import_pack(db, write_pack(tmp_path / "pack.xlsx"))
    db.close()
    assert sorted(p.name for p in folder.iterdir()) == ["t.sqlite"]
    return folder


def assert_readable_not_writable(db: Database, shown: object) -> None:
    assert db.read_only
    assert [t.reference for t in list_tenders(db)] == [REF]
    with pytest.raises(DatabaseReadOnly) as refused:
        add_member(db, REF, "Ann Lee")
    assert str(refused.value) == read_only_sentence(shown)
    assert list_members(db, REF) == []


@pytest.fixture
def opened() -> Iterator[list[Database]]:
    databases: list[Database] = []
    yield databases
    for db in databases:
        db.close()


def test_a_writable_database_is_not_read_only(folder: Path) -> None:
    db = open_database(folder / "t.sqlite")
    try:
        assert not db.read_only
        add_member(db, REF, "Ann Lee")
        assert [m.name for m in list_members(db, REF)] == ["Ann Lee"]
    finally:
        db.close()


def test_opened_read_only_by_sqlite(folder: Path, opened: list[Database]) -> None:
    path = folder / "t.sqlite"
    before = file_digest(path)
    url = read_only_url(path)
    opened.append(db := open_database(url))
    assert_readable_not_writable(db, url)
    db.close()
    assert file_digest(path) == before


def test_a_file_nobody_may_change(folder: Path, opened: list[Database]) -> None:
    path = folder / "t.sqlite"
    before = file_digest(path)
    with immutable(path):
        opened.append(db := open_database(path))
        assert_readable_not_writable(db, path)
        db.close()
    assert file_digest(path) == before


def test_a_folder_nobody_may_write_to(folder: Path, opened: list[Database]) -> None:
    # SQLite cannot make the files it shares between readers (t.sqlite-shm) beside it.
    path = folder / "t.sqlite"
    before = file_digest(path)
    with immutable(folder):
        opened.append(db := open_database(path))
        assert_readable_not_writable(db, path)
        db.close()
    assert file_digest(path) == before
    assert sorted(p.name for p in folder.iterdir()) == ["t.sqlite"]


def test_a_read_only_folder_with_changes_still_in_the_log_is_refused(
    folder: Path, tmp_path: Path
) -> None:
    path = folder / "t.sqlite"
    writer = sqlite3.connect(path)
    writer.execute("PRAGMA wal_autocheckpoint = 0")  # keep the change in the log
    writer.execute("UPDATE tender SET title = 'Changed'")
    writer.commit()
    copy = tmp_path / "copy"
    copy.mkdir()
    for name in ("t.sqlite", "t.sqlite-wal"):
        shutil.copyfile(folder / name, copy / name)
    writer.close()
    assert (copy / "t.sqlite-wal").stat().st_size > 0
    with immutable(copy), pytest.raises(DatabaseError) as refused:
        open_database(copy / "t.sqlite")
    assert str(refused.value) == (
        f"The database {copy / 't.sqlite'} is read-only, and changes to it are still in "
        "t.sqlite-wal beside it: svdesk cannot read it safely. Open it once where it can be "
        "changed (svdesk then saves those changes into the file)."
    )


def test_a_read_only_database_of_an_older_svdesk_is_refused_unchanged(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = folder / "t.sqlite"
    before = file_digest(path)
    head = migrations.HEAD_REVISION
    # This svdesk is newer: it has one more migration than the file.
    newer = tmp_path / "database"
    shutil.copytree(migrations.migrations_folder(), newer)
    (newer / "versions" / "0099_note.py").write_text(EXTRA_MIGRATION.format(head=head))
    monkeypatch.setattr(migrations, "migrations_folder", lambda: newer)
    monkeypatch.setattr(migrations, "HEAD_REVISION", "0099")
    from svdesk import __version__

    with immutable(path), pytest.raises(DatabaseError) as refused:
        open_database(path)
    assert str(refused.value) == (
        f"The database {path} is read-only, and was saved by an older svdesk (database schema "
        f"{head}): this svdesk ({__version__}) must first upgrade it to schema 0099, which it "
        "cannot do while the file is read-only. Open it with the svdesk that saved it, or make "
        "it writable. The file has not been changed."
    )
    assert file_digest(path) == before
    assert not list(folder.glob("*.bak-*"))


def test_an_older_database_opened_read_only_by_sqlite_is_refused(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    newer = tmp_path / "database"
    shutil.copytree(migrations.migrations_folder(), newer)
    (newer / "versions" / "0099_note.py").write_text(
        EXTRA_MIGRATION.format(head=migrations.HEAD_REVISION)
    )
    monkeypatch.setattr(migrations, "migrations_folder", lambda: newer)
    monkeypatch.setattr(migrations, "HEAD_REVISION", "0099")
    with pytest.raises(DatabaseError, match="cannot do while the file is read-only"):
        open_database(read_only_url(folder / "t.sqlite"))


def test_a_new_database_cannot_be_made_in_a_folder_nobody_may_write_to(tmp_path: Path) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    with immutable(folder), pytest.raises(DatabaseError) as refused:
        open_database(folder / "new.sqlite")
    assert str(refused.value) == (
        f"The database {folder / 'new.sqlite'} cannot be created: the folder {folder} is "
        "read-only. Choose another folder."
    )
    assert not (folder / "new.sqlite").exists()


def test_a_folder_with_url_characters_nobody_may_write_to(
    folder: Path, tmp_path: Path, opened: list[Database]
) -> None:
    odd = tmp_path / "Bids #2? 100%"
    odd.mkdir()
    shutil.copyfile(folder / "t.sqlite", odd / "t.sqlite")
    with immutable(odd):
        opened.append(db := open_database(odd / "t.sqlite"))
        assert_readable_not_writable(db, odd / "t.sqlite")
        db.close()
