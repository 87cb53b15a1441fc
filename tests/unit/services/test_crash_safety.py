"""A process killed in the middle of a write leaves the database as it was before.

Each test runs a write in a child process and kills it (SIGKILL: no clean-up code runs)
inside its transaction, after rows have been written. The child's page cache is kept tiny
so that those uncommitted rows have already spilled into the database's write-ahead log,
as a large write's would. The database is then opened again and checked: intact, nothing
left of the half-done write, and everything saved before it still there.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from svdesk.services.audit_trail import verify
from svdesk.services.imports import import_pack
from svdesk.services.panel import Declaration, add_member
from svdesk.services.scoring import ScoreEntry, individual_scores, submit_scores
from svdesk.services.tenders import list_tenders
from svdesk.store.database import open_database
from tests.support.packs import VALID_SCORES, set_cell, valid_sheets, write_pack
from tests.support.snapshot import snapshot

pytestmark = pytest.mark.skipif(os.name != "posix", reason="SIGKILL is POSIX only")

REF = "TST-2026-0001"
WHY = "Clear commitments with numbers, dates and a credible reporting plan."
NONE_DECLARED = [Declaration("B01", False), Declaration("B02", False)]
SCORES = VALID_SCORES

# Run in the child: after the first INSERT into ``table`` the child says so and waits, its
# transaction still open, to be killed.
CHILD = """
import sys, time
from sqlalchemy import event
from svdesk.store.database import open_database

db = open_database(sys.argv[1])
table = sys.argv[2]

@event.listens_for(db.engine, "connect")
def _small_cache(dbapi_connection, _record):
    dbapi_connection.execute("PRAGMA cache_size = 1")

db.engine.dispose()  # new connections from here, each with the small cache

@event.listens_for(db.engine, "after_cursor_execute")
def _pause(_conn, _cursor, statement, *_args):
    if statement.lstrip().upper().startswith(f"INSERT INTO {table.upper()}"):
        print("written", flush=True)
        time.sleep(60)

{write}
print("finished", flush=True)
"""


def kill_mid_write(database: Path, table: str, write: str) -> None:
    """Run ``write`` in a child and kill it inside its transaction, after a row is written."""
    code = textwrap.dedent(CHILD).replace("{write}", textwrap.dedent(write))
    log = Path(f"{database}-wal")
    logged = log.stat().st_size if log.exists() else 0
    child = subprocess.Popen(
        [sys.executable, "-c", code, str(database), table],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout is not None
        line = child.stdout.readline().strip()
        if line != "written":
            child.kill()
            pytest.fail(f"the child did not pause inside its write: {line!r}")
        # Uncommitted rows are in the write-ahead log when the process dies.
        assert log.stat().st_size > logged
    finally:
        if child.poll() is None:
            os.kill(child.pid, signal.SIGKILL)
        child.wait(timeout=60)
        if child.stdout is not None:
            child.stdout.close()
        if child.stderr is not None:
            child.stderr.close()
    assert child.returncode == -signal.SIGKILL


def integrity(database: Path) -> str:
    with sqlite3.connect(database) as connection:
        return str(connection.execute("PRAGMA integrity_check").fetchone()[0])


def test_an_import_killed_while_saving_leaves_nothing_of_it(tmp_path: Path) -> None:
    database = tmp_path / "panel.sqlite"
    db = open_database(database)
    import_pack(db, write_pack(tmp_path / "first.xlsx"))
    db.close()
    before = snapshot(database)
    second = valid_sheets()
    set_cell(second, "Tender", 2, "Value", "TST-2026-0002")
    pack = write_pack(tmp_path / "second.xlsx", second)

    kill_mid_write(
        database,
        "response",
        f"""
        from pathlib import Path
        from svdesk.services.imports import import_pack
        import_pack(db, Path({str(pack)!r}))
        """,
    )

    db = open_database(database)  # recovers the write-ahead log
    try:
        assert integrity(database) == "ok"
        assert [t.reference for t in list_tenders(db)] == [REF]
        assert verify(db, REF) == []
    finally:
        db.close()
    assert snapshot(database) == before

    # The same pack then imports whole: the killed attempt left nothing in its way.
    db = open_database(database)
    try:
        import_pack(db, pack)
        assert sorted(t.reference for t in list_tenders(db)) == [REF, "TST-2026-0002"]
    finally:
        db.close()


def test_scores_killed_while_saving_leave_every_earlier_score(tmp_path: Path) -> None:
    database = tmp_path / "panel.sqlite"
    db = open_database(database)
    import_pack(db, write_pack(tmp_path / "pack.xlsx"))
    for name in ("Ann Evaluator", "Ben Evaluator"):
        add_member(db, REF, name)
    entries = [ScoreEntry(lot, b, c, s, WHY) for (lot, b, c), s in SCORES.items()]
    submit_scores(db, REF, "Ann Evaluator", entries, NONE_DECLARED)
    db.close()
    before = snapshot(database)

    kill_mid_write(
        database,
        "evaluator_score",
        f"""
        from svdesk.services.panel import Declaration
        from svdesk.services.scoring import ScoreEntry, submit_scores
        entries = [
            ScoreEntry(lot, bidder, code, score, {WHY!r})
            for (lot, bidder, code), score in {SCORES!r}.items()
        ]
        declared = [Declaration("B01", False), Declaration("B02", False)]
        submit_scores(db, {REF!r}, "Ben Evaluator", entries, declared)
        """,
    )

    db = open_database(database)
    try:
        assert integrity(database) == "ok"
        ann = individual_scores(db, REF, "Ann Evaluator")
        assert {(s.lot, s.bidder, s.criterion): s.score for s in ann} == SCORES
        assert all(s.submitted for s in ann)
        assert individual_scores(db, REF, "Ben Evaluator") == []
        assert verify(db, REF) == []
    finally:
        db.close()
    assert snapshot(database) == before
