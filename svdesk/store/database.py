"""Opening the database: one engine, one session factory, every write one transaction.

A write (``Database.transaction``) begins with ``BEGIN IMMEDIATE``: it holds the write
lock from its first read, so what it checked cannot change before it commits. A reading
session (``Database.reading``) sees one snapshot and never waits for a writer.

A database that cannot be written (a read-only file or folder, a read-only drive) is
opened for reading: every reading works, and a write is refused with one sentence. An
error of the driver reaches the user as a sentence about the database, never as SQL.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, cast

from svdesk.store import migrations, plain_sqlite
from svdesk.store.errors import (
    DatabaseError,
    DatabaseReadOnly,
    in_words,
    is_cannot_open,
    is_read_only,
)

if TYPE_CHECKING:
    from sqlalchemy import URL, Engine
    from sqlalchemy.exc import DBAPIError
    from sqlalchemy.orm import Session, sessionmaker

    from svdesk.store.sqlite_connections import Waiting

# How many seconds a write waits for another svdesk to finish writing before giving up.
BUSY_TIMEOUT = 10.0


def database_url(location: str | Path) -> URL:
    """A SQLAlchemy URL for a path or URL as the user gave it (``--db``, ``SVDESK_DB``).

    A path is put in the URL as it is, never parsed: a folder named ``Bids #2?`` is a
    folder, not the start of a query string.
    """
    from sqlalchemy import URL, make_url

    text = str(location)
    if "://" in text:
        return make_url(text)
    return URL.create("sqlite", database=str(_path_of(text)))


def _path_of(location: str) -> Path:
    return Path(location).expanduser().resolve()


class Database:
    """An open svdesk database, migrated to the schema this version understands.

    Its engine is made when first used, so that a database found up to date can be read
    through ``plain_reading`` before SQLAlchemy is imported (the window's first screen).
    """

    def __init__(
        self,
        engine: Engine | Callable[[], Engine],
        location: str,
        backup_path: str | None,
        *,
        read_only: bool = False,
        plain_file: Path | None = None,
        busy_timeout: float = BUSY_TIMEOUT,
    ) -> None:
        self.location = location
        # The copy made before a migration changed the file, if one was needed.
        self.backup_path = backup_path
        # Whether the file (or its folder) cannot be written: it is shown, not changed.
        self.read_only = read_only
        # The SQLite file that plain readings open until the engine is made.
        self._plain_file = plain_file
        self._busy_timeout = busy_timeout
        self._made: tuple[Engine, sessionmaker[Session], sessionmaker[Session]] | None = None
        self._make_engine: Callable[[], Engine] | None = None
        self._making = threading.Lock()
        if callable(engine):  # (an engine itself is not)
            self._make_engine = engine
        else:
            self._made = _sessions(engine)

    def _parts(self) -> tuple[Engine, sessionmaker[Session], sessionmaker[Session]]:
        made = self._made
        if made is not None:
            return made
        with self._making:  # two threads asking at once make one engine
            if self._made is None:
                assert self._make_engine is not None
                self._made = _sessions(self._make_engine())
            return self._made

    @property
    def engine(self) -> Engine:
        return self._parts()[0]

    def require_writable(self) -> None:
        """Refuse, in one sentence, to change a database that cannot be written."""
        if self.read_only:
            raise DatabaseReadOnly(self.location)

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """A session whose work is committed as one transaction, or not at all.

        Its first statement takes the write lock (waiting for another writer to finish),
        so everything it reads stays as read until it commits.
        """
        self.require_writable()
        writing = self._parts()[1]
        from sqlalchemy.exc import DBAPIError

        try:
            with writing() as session, session.begin():
                yield session
        except DBAPIError as exc:
            raise in_words(exc, self.location) from exc

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A session for reading one snapshot; anything it changes is rolled back."""
        reading = self._parts()[2]
        from sqlalchemy.exc import DBAPIError

        try:
            with reading() as session:
                try:
                    yield session
                finally:
                    session.rollback()
        except DBAPIError as exc:
            raise in_words(exc, self.location) from exc

    @contextmanager
    def plain_reading(self) -> Iterator[sqlite3.Connection]:
        """One snapshot read on SQLite's own connection, in plain SQL, for the readings
        that must not wait for SQLAlchemy (the window's first screen)."""
        try:
            if self._made is None and self._plain_file is not None:
                connection = plain_sqlite.connect(self._plain_file, self._busy_timeout)
                try:
                    with plain_sqlite.snapshot(connection):
                        yield connection
                finally:
                    connection.close()
                return
            raw = self.engine.raw_connection()
            try:
                with plain_sqlite.snapshot(cast(sqlite3.Connection, raw.driver_connection)) as c:
                    yield c
            finally:
                raw.close()
        except sqlite3.Error as exc:
            raise in_words(exc, self.location) from exc

    def close(self) -> None:
        if self._made is not None:
            self._made[0].dispose()


def _sessions(engine: Engine) -> tuple[Engine, sessionmaker[Session], sessionmaker[Session]]:
    from sqlalchemy.orm import sessionmaker

    from svdesk.store.sqlite_connections import READING

    return (
        engine,
        sessionmaker(engine, expire_on_commit=False),
        sessionmaker(engine.execution_options(**READING), expire_on_commit=False),
    )


def open_database(
    location: str | Path,
    *,
    busy_timeout: float | None = None,
    waiting: Waiting | None = None,
) -> Database:
    """Open (creating if need be) the database at a path or URL, migrating it first.

    A write waits ``busy_timeout`` seconds (``BUSY_TIMEOUT``) for another writer, and
    calls ``waiting`` once when it has waited a second. A database that cannot be written
    is opened for reading only (``Database.read_only``).
    """
    shown = str(location)
    timeout = BUSY_TIMEOUT if busy_timeout is None else busy_timeout
    if "://" not in shown:
        path = _path_of(shown)
        _check_file(path, shown)
        ready = _up_to_date_file(path, shown, timeout, waiting)
        if ready is not None:
            return ready
    return _opened(location, shown, timeout, waiting)


def _up_to_date_file(
    path: Path, shown: str, timeout: float, waiting: Waiting | None
) -> Database | None:
    """The database at ``path``, found with SQLite alone to be at this svdesk's schema and
    writable: its engine is made when first used. None for anything else (a new, older,
    newer or read-only file, or one SQLite cannot open), which ``_opened`` handles and
    explains."""
    if not path.is_file() or path.stat().st_size == 0:
        return None
    try:
        connection = plain_sqlite.connect(path, timeout)
    except sqlite3.Error:
        return None
    try:
        if plain_sqlite.recorded_revision(connection) != migrations.HEAD_REVISION:
            return None
        if not plain_sqlite.can_write(connection):
            return None
    except sqlite3.Error:
        return None
    finally:
        connection.close()

    def make_engine() -> Engine:
        from svdesk.store.sqlite_connections import sqlite_engine

        return sqlite_engine(database_url(path), timeout, waiting)

    return Database(make_engine, shown, None, plain_file=path, busy_timeout=timeout)


def _opened(location: str | Path, shown: str, timeout: float, waiting: Waiting | None) -> Database:
    """``open_database`` through SQLAlchemy: migrating, reading a read-only file, and
    saying in words why a file cannot be opened."""
    from sqlalchemy import create_engine
    from sqlalchemy.exc import DBAPIError

    from svdesk.store.sqlite_connections import accepts_writes, sqlite_engine

    url = database_url(location)
    path = _file_of(url)
    if path is not None and "://" in shown:
        _check_file(path, shown)  # (a plain path was checked before)
    if url.get_backend_name() != "sqlite":
        engine = create_engine(url)
        return _migrated(engine, shown, read_only=False)
    engine = sqlite_engine(url, timeout, waiting)
    try:
        _read_revision(engine)
    except DBAPIError as exc:
        engine.dispose()
        if path is None or not (is_read_only(exc) or (is_cannot_open(exc) and path.exists())):
            raise _not_opened(exc, path, shown) from exc
        # The file is there but its folder (or the drive) cannot be written: SQLite cannot
        # make the files it shares with other svdesks beside it. Read the file as it is.
        engine = _reading_engine(path, shown, timeout)
        return _migrated(engine, shown, read_only=True)
    try:
        read_only = not accepts_writes(engine)
    except DBAPIError as exc:
        engine.dispose()
        raise in_words(exc, shown) from exc
    return _migrated(engine, shown, read_only=read_only)


def _file_of(url: URL) -> Path | None:
    """The file of a SQLite URL naming one by path (not a ``file:`` URI or memory)."""
    if url.get_backend_name() != "sqlite" or url.query.get("uri"):
        return None
    if not url.database or url.database == ":memory:":
        return None
    return Path(url.database)


def _check_file(path: Path, shown: str) -> None:
    if path.is_dir():
        raise DatabaseError(f"{shown} is a folder, not a database file.")
    if not path.parent.exists():
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise DatabaseError(
                f"The database {shown} cannot be created: its folder {path.parent} cannot "
                f"be made ({exc.strerror or exc}). Choose another folder."
            ) from exc
    if path.exists() and path.stat().st_size > 0 and not _looks_like_sqlite(path):
        raise DatabaseError(
            f"{shown} is not an svdesk database (it is not a SQLite file). "
            "To import a tender pack, use Import instead."
        )


def _read_revision(engine: Engine) -> None:
    from svdesk.store.migrations import schema_revision
    from svdesk.store.sqlite_connections import READING

    with engine.connect().execution_options(**READING) as connection:
        schema_revision(connection)


def _reading_engine(path: Path, shown: str, timeout: float) -> Engine:
    """An engine that reads ``path`` without writing anything beside it."""
    from sqlalchemy.exc import DBAPIError

    from svdesk.store.sqlite_connections import read_only_url, sqlite_engine

    engine = sqlite_engine(read_only_url(path, immutable=False), timeout, None)
    try:
        _read_revision(engine)
        return engine
    except DBAPIError:
        engine.dispose()
    log = path.with_name(f"{path.name}-wal")
    if log.exists() and log.stat().st_size > 0:
        # Read alone, the file would not show what its log holds.
        raise DatabaseError(
            f"The database {shown} is read-only, and changes to it are still in "
            f"{log.name} beside it: svdesk cannot read it safely. Open it once where it "
            "can be changed (svdesk then saves those changes into the file)."
        )
    engine = sqlite_engine(read_only_url(path, immutable=True), timeout, None)
    try:
        _read_revision(engine)
    except DBAPIError as exc:
        engine.dispose()
        raise in_words(exc, shown) from exc
    return engine


def _migrated(engine: Engine, shown: str, *, read_only: bool) -> Database:
    from sqlalchemy.exc import DBAPIError

    try:
        backup = migrations.bring_up_to_date(engine, shown, read_only=read_only)
    except DBAPIError as exc:
        engine.dispose()
        raise _not_opened(exc, None, shown) from exc
    except DatabaseError:
        engine.dispose()
        raise
    return Database(engine, shown, backup, read_only=read_only)


def _not_opened(exc: DBAPIError, path: Path | None, shown: str) -> DatabaseError:
    if path is not None and not path.exists() and not os.access(path.parent, os.W_OK):
        return DatabaseError(
            f"The database {shown} cannot be created: the folder {path.parent} is "
            "read-only. Choose another folder."
        )
    return in_words(exc, shown)


def _looks_like_sqlite(path: Path) -> bool:
    with path.open("rb") as handle:
        return handle.read(16) == b"SQLite format 3\x00"
