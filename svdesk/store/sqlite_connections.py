"""How svdesk talks to SQLite: each connection's settings, how its transactions begin, and
whether the file can be written at all.

Python's sqlite3 module begins a transaction lazily, just before the first INSERT, UPDATE
or DELETE: the reads a write depends on ran outside it, before the write lock was taken,
and another svdesk could change what they read in between. So the module's own handling
is switched off (``isolation_level = None``) and the engine's ``begin`` event emits BEGIN
itself, SQLAlchemy's documented recipe for pysqlite: ``BEGIN IMMEDIATE`` for a write,
which takes the write lock before its first read, and a plain (deferred) ``BEGIN`` for a
reading session, which sees one snapshot of the file and never waits for a writer.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, cast
from urllib.parse import quote

from sqlalchemy import URL, Connection, Engine, create_engine, event

from svdesk.store.plain_sqlite import can_write, configure

# The execution options that make a connection's transactions reading ones.
READING: dict[str, Any] = {"svdesk_reading": True}
# After this many seconds waiting for another writer, the write says that it is waiting.
WAIT_NOTICE = 1.0

Waiting = Callable[[], None]


def sqlite_engine(url: str | URL, busy_timeout: float, waiting: Waiting | None) -> Engine:
    """An engine on a SQLite file whose writes begin IMMEDIATE and wait ``busy_timeout``
    seconds for another writer, calling ``waiting`` once after ``WAIT_NOTICE`` seconds."""
    engine = create_engine(url)

    def configure_new(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
        configure(dbapi_connection, busy_timeout)

    def begin(connection: Connection) -> None:
        if connection.get_execution_options().get("svdesk_reading"):
            connection.exec_driver_sql("BEGIN")
            return
        timer = None
        if waiting is not None:
            timer = threading.Timer(WAIT_NOTICE, waiting)
            timer.daemon = True
            timer.start()
        try:
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        finally:
            if timer is not None:
                timer.cancel()

    event.listen(engine, "connect", configure_new)
    event.listen(engine, "begin", begin)
    return engine


def read_only_url(path: Path, *, immutable: bool) -> URL:
    """The URL that opens ``path`` for reading only.

    ``mode=ro`` reads a file that cannot be written, sharing its write-ahead log with
    other readers; that needs the ``-shm`` file, which SQLite cannot create in a read-only
    folder. ``immutable=1`` reads the file alone, promising SQLite that nobody changes it
    (true of a file in a folder nobody may write to).
    """
    option = {"immutable": "1"} if immutable else {"mode": "ro"}
    return URL.create(
        "sqlite",
        database="file:" + quote(str(path)),
        query={**option, "uri": "true"},
    )


def accepts_writes(engine: Engine) -> bool:
    """Whether the database behind ``engine`` can be written, found without changing it
    (``plain_sqlite.can_write``)."""
    raw = engine.raw_connection()
    try:
        return can_write(cast(sqlite3.Connection, raw.driver_connection))
    finally:
        raw.close()
