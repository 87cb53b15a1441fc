"""Opening the database: one engine, one session factory, every write one transaction."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import DatabaseError as SqlDatabaseError
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from svdesk.store.errors import DatabaseError
from svdesk.store.migrations import bring_up_to_date


def database_url(location: str | Path) -> str:
    """A SQLAlchemy URL for a path or URL as the user gave it (``--db``, ``SVDESK_DB``)."""
    text = str(location)
    if "://" in text:
        return text
    return f"sqlite:///{Path(text).expanduser().resolve()}"


def _configure_sqlite(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA foreign_keys = ON")
        # A write-ahead log with full syncs: a power cut loses nothing that was committed,
        # and the window can read while an import writes.
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = FULL")
        cursor.execute("PRAGMA busy_timeout = 10000")
    finally:
        cursor.close()


class Database:
    """An open svdesk database, migrated to the schema this version understands."""

    def __init__(self, engine: Engine, location: str, backup_path: str | None) -> None:
        self.engine = engine
        self.location = location
        # The copy made before a migration changed the file, if one was needed.
        self.backup_path = backup_path
        self._sessions = sessionmaker(engine, expire_on_commit=False)

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """A session whose work is committed as one transaction, or not at all."""
        with self._sessions() as session, session.begin():
            yield session

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A session for reading; anything it changes is rolled back."""
        with self._sessions() as session:
            try:
                yield session
            finally:
                session.rollback()

    def close(self) -> None:
        self.engine.dispose()


def open_database(location: str | Path) -> Database:
    """Open (creating if need be) the database at a path or URL, migrating it first."""
    url = database_url(location)
    shown = str(location)
    if url.startswith("sqlite:///"):
        path = Path(url.removeprefix("sqlite:///"))
        if path.is_dir():
            raise DatabaseError(f"{shown} is a folder, not a database file.")
        if not path.parent.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
        if path.exists() and path.stat().st_size > 0 and not _looks_like_sqlite(path):
            raise DatabaseError(
                f"{shown} is not an svdesk database (it is not a SQLite file). "
                "To import a tender pack, use Import instead."
            )
    engine = create_engine(url)
    if engine.url.get_backend_name() == "sqlite":
        event.listen(engine, "connect", _configure_sqlite)
    try:
        backup = bring_up_to_date(engine, shown)
    except (OperationalError, SqlDatabaseError) as exc:
        engine.dispose()
        raise DatabaseError(f"{shown} cannot be opened as a database: {exc.orig}") from exc
    except DatabaseError:
        engine.dispose()
        raise
    return Database(engine, shown, backup)


def _looks_like_sqlite(path: Path) -> bool:
    with path.open("rb") as handle:
        return handle.read(16) == b"SQLite format 3\x00"
