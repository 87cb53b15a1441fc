"""SQLite as svdesk sets it up, without SQLAlchemy: the settings every connection gets, the
schema revision a file records, whether it can be written, and reading one snapshot on
the driver's own connection.

The window reads its first screen (the tender list, the tender's overview) through these
before SQLAlchemy is imported: importing SQLAlchemy and mapping the tables take longer
than reading a thousand bidders' answers, and need not stand between a panel and its
tender. The engine (``sqlite_connections``) gives its connections the same settings.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from svdesk.store.errors import is_busy, is_read_only


def configure(connection: sqlite3.Connection, busy_timeout: float) -> None:
    """Give a new connection svdesk's settings; a write waits ``busy_timeout`` seconds for
    another writer."""
    busy_milliseconds = max(0, round(busy_timeout * 1000))
    # svdesk emits BEGIN itself (see sqlite_connections); the driver must not emit its own.
    connection.isolation_level = None
    cursor = connection.cursor()
    try:
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute(f"PRAGMA busy_timeout = {busy_milliseconds}")
        # A write-ahead log with full syncs: a power cut loses nothing that was
        # committed, and the window can read while an import writes.
        try:
            cursor.execute("PRAGMA journal_mode = WAL")
        except sqlite3.OperationalError as exc:
            if not is_read_only(exc):
                raise
            # A read-only file keeps the journal it has; it is only read.
        cursor.execute("PRAGMA synchronous = FULL")
    finally:
        cursor.close()


def connect(path: Path, busy_timeout: float) -> sqlite3.Connection:
    """A connection to the SQLite file at ``path`` with svdesk's settings."""
    connection = sqlite3.connect(path, timeout=busy_timeout, check_same_thread=False)
    try:
        configure(connection, busy_timeout)
    except BaseException:
        connection.close()
        raise
    return connection


def recorded_revision(connection: sqlite3.Connection) -> str | None:
    """The schema revision the migrations recorded in the file; None when there is none."""
    cursor = connection.cursor()
    try:
        table = cursor.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'"
        ).fetchone()
        if table is None:
            return None
        row = cursor.execute("SELECT version_num FROM alembic_version").fetchone()
        return None if row is None else str(row[0])
    finally:
        cursor.close()


def can_write(connection: sqlite3.Connection) -> bool:
    """Whether the file behind ``connection`` can be written, found without changing it:
    a table created inside a transaction that is rolled back. Another writer at work (the
    write lock taken) means that it can."""
    cursor = connection.cursor()
    try:
        milliseconds = int(cursor.execute("PRAGMA busy_timeout").fetchone()[0])
        cursor.execute("PRAGMA busy_timeout = 0")
        try:
            cursor.execute("BEGIN IMMEDIATE")
            try:
                cursor.execute("CREATE TABLE svdesk_write_check (x INTEGER)")
            finally:
                cursor.execute("ROLLBACK")
        except sqlite3.OperationalError as exc:
            if is_busy(exc):
                return True
            if is_read_only(exc):
                return False
            raise
        finally:
            cursor.execute(f"PRAGMA busy_timeout = {milliseconds}")
        return True
    finally:
        cursor.close()


@contextmanager
def snapshot(connection: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """Read one snapshot of the file on ``connection``: a deferred BEGIN that never waits
    for a writer, rolled back at the end."""
    connection.execute("BEGIN")
    try:
        yield connection
    finally:
        connection.execute("ROLLBACK")
