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
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import URL, Engine, create_engine, make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from svdesk.store.errors import (
    DatabaseError,
    DatabaseReadOnly,
    in_words,
    is_cannot_open,
    is_read_only,
)
from svdesk.store.migrations import bring_up_to_date, schema_revision
from svdesk.store.sqlite_connections import (
    READING,
    accepts_writes,
    read_only_url,
    sqlite_engine,
)

# How many seconds a write waits for another svdesk to finish writing before giving up.
BUSY_TIMEOUT = 10.0


def database_url(location: str | Path) -> URL:
    """A SQLAlchemy URL for a path or URL as the user gave it (``--db``, ``SVDESK_DB``).

    A path is put in the URL as it is, never parsed: a folder named ``Bids #2?`` is a
    folder, not the start of a query string.
    """
    text = str(location)
    if "://" in text:
        return make_url(text)
    return URL.create("sqlite", database=str(Path(text).expanduser().resolve()))


class Database:
    """An open svdesk database, migrated to the schema this version understands."""

    def __init__(
        self,
        engine: Engine,
        location: str,
        backup_path: str | None,
        *,
        read_only: bool = False,
    ) -> None:
        self.engine = engine
        self.location = location
        # The copy made before a migration changed the file, if one was needed.
        self.backup_path = backup_path
        # Whether the file (or its folder) cannot be written: it is shown, not changed.
        self.read_only = read_only
        self._writing = sessionmaker(engine, expire_on_commit=False)
        self._reading = sessionmaker(engine.execution_options(**READING), expire_on_commit=False)

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
        try:
            with self._writing() as session, session.begin():
                yield session
        except DBAPIError as exc:
            raise in_words(exc, self.location) from exc

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A session for reading one snapshot; anything it changes is rolled back."""
        try:
            with self._reading() as session:
                try:
                    yield session
                finally:
                    session.rollback()
        except DBAPIError as exc:
            raise in_words(exc, self.location) from exc

    def close(self) -> None:
        self.engine.dispose()


def open_database(
    location: str | Path,
    *,
    busy_timeout: float | None = None,
    waiting: Callable[[], None] | None = None,
) -> Database:
    """Open (creating if need be) the database at a path or URL, migrating it first.

    A write waits ``busy_timeout`` seconds (``BUSY_TIMEOUT``) for another writer, and
    calls ``waiting`` once when it has waited a second. A database that cannot be written
    is opened for reading only (``Database.read_only``).
    """
    url = database_url(location)
    shown = str(location)
    path = _file_of(url)
    if path is not None:
        _check_file(path, shown)
    timeout = BUSY_TIMEOUT if busy_timeout is None else busy_timeout
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
    with engine.connect().execution_options(**READING) as connection:
        schema_revision(connection)


def _reading_engine(path: Path, shown: str, timeout: float) -> Engine:
    """An engine that reads ``path`` without writing anything beside it."""
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
    try:
        backup = bring_up_to_date(engine, shown, read_only=read_only)
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
