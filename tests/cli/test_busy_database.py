"""Another svdesk writing: a write waits (and says so), then gives up with one sentence in
the user's words; readings go on meanwhile. No SQL or parameters ever reach the user."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from svdesk.cli import main
from svdesk.store import database, sqlite_connections
from tests.support.packs import write_pack
from tests.support.snapshot import snapshot

REF = "TST-2026-0001"
SQL_WORDS = ("SQL", "INSERT", "SELECT", "UPDATE", "BEGIN", "parameters", "[", "sqlite3")


def busy_sentence(path: Path) -> str:
    return (
        f"svdesk: The database {path} is busy: another svdesk (or another window) is writing "
        "to it. Try again when it has finished."
    )


@pytest.fixture
def db_path(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    path = tmp_path / "t.sqlite"
    assert main(["--db", str(path), "import", str(write_pack(tmp_path / "p.xlsx"))]) == 0
    capsys.readouterr()
    return path


@pytest.fixture
def held(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[sqlite3.Connection]:
    """Another program holding the database's write lock, and a short wait for it."""
    monkeypatch.setattr(database, "BUSY_TIMEOUT", 0.6)
    monkeypatch.setattr(sqlite_connections, "WAIT_NOTICE", 0.2)
    other = sqlite3.connect(db_path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    yield other
    other.close()


def test_a_write_waits_then_says_the_database_is_busy(
    db_path: Path, held: sqlite3.Connection, capsys: pytest.CaptureFixture[str]
) -> None:
    before = snapshot(db_path)
    code = main(["--db", str(db_path), "panel", "--tender", REF, "--add", "Ann Lee"])
    out, err = capsys.readouterr()
    assert code == 1
    assert out == ""
    assert err.splitlines() == [
        "svdesk: waiting for the database: another svdesk (or another window) is writing to it…",
        busy_sentence(db_path),
    ]
    assert not any(word in err for word in SQL_WORDS)
    held.execute("ROLLBACK")
    assert snapshot(db_path) == before


def test_readings_go_on_while_another_svdesk_writes(
    db_path: Path, held: sqlite3.Connection, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--db", str(db_path), "tenders"]) == 0
    assert capsys.readouterr().out.startswith(f"{REF}  Grounds Maintenance")
    assert main(["--db", str(db_path), "audit", "--tender", REF, "--verify"]) == 0
    out, err = capsys.readouterr()
    assert out.startswith(f"The audit trail of {REF} is complete and intact")
    assert err == ""


def test_a_write_that_gets_the_lock_in_time_says_nothing_of_waiting(
    db_path: Path, held: sqlite3.Connection, capsys: pytest.CaptureFixture[str]
) -> None:
    held.execute("ROLLBACK")
    assert main(["--db", str(db_path), "panel", "--tender", REF, "--add", "Ann Lee"]) == 0
    out, err = capsys.readouterr()
    assert out == f"Added Ann Lee to the panel of {REF} as evaluator\n"
    assert err == ""


def test_an_unexpected_database_error_shows_no_sql(
    db_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from sqlalchemy.exc import OperationalError

    def broken(*_args: object, **_kwargs: object) -> None:
        raise OperationalError(
            "INSERT INTO panel_member (name) VALUES (?)", ("Ann Lee",), Exception("disk I/O error")
        )

    monkeypatch.setattr("svdesk.services.panel.add_member", broken)
    code = main(["--db", str(db_path), "panel", "--tender", REF, "--add", "Ann Lee"])
    _out, err = capsys.readouterr()
    assert code == 1
    assert "disk I/O error" in err
    assert not any(word in err for word in SQL_WORDS)
    assert "Ann Lee" not in err
