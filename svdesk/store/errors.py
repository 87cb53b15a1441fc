"""Errors of the store, worded for the person who chose the file.

A driver's error (SQLite's, through SQLAlchemy) carries the statement and its parameters;
none of that reaches the user. ``in_words`` says what went wrong with the database as a
procurement officer would, and the same sentence is shown by the command line and the
window.
"""

from __future__ import annotations

import sqlite3


class DatabaseError(Exception):
    """The database cannot be opened or used as asked; the message says why and what to do."""


class DatabaseBusy(DatabaseError):
    """Another svdesk held the database for writing longer than this one would wait."""

    def __init__(self, where: str) -> None:
        super().__init__(
            f"The database {where} is busy: another svdesk (or another window) is writing "
            "to it. Try again when it has finished."
        )


class DatabaseReadOnly(DatabaseError):
    """The database file, or its folder, cannot be written: it can be read, not changed."""

    def __init__(self, where: str) -> None:
        super().__init__(
            f"The database {where} is read-only: svdesk can show it but not change it."
        )


# SQLite's primary result codes (the low byte of an extended code).
_BUSY_CODES = {sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED}
_READ_ONLY = sqlite3.SQLITE_READONLY


def sqlite_code(error: BaseException) -> int | None:
    """SQLite's primary result code of a driver error (wrapped by SQLAlchemy or not)."""
    original = getattr(error, "orig", error)
    code = getattr(original, "sqlite_errorcode", None)
    return None if code is None else int(code) & 0xFF


def is_busy(error: BaseException) -> bool:
    return sqlite_code(error) in _BUSY_CODES


def is_read_only(error: BaseException) -> bool:
    return sqlite_code(error) == _READ_ONLY


def is_cannot_open(error: BaseException) -> bool:
    return sqlite_code(error) == sqlite3.SQLITE_CANTOPEN


def in_words(error: BaseException, where: str) -> DatabaseError:
    """A driver's error about the database at ``where``, without SQL or parameters."""
    code = sqlite_code(error)
    if code in _BUSY_CODES:
        return DatabaseBusy(where)
    if code == _READ_ONLY:
        return DatabaseReadOnly(where)
    if code == sqlite3.SQLITE_FULL:
        return DatabaseError(
            f"The database {where} could not be saved: the disk is full. Nothing was "
            "changed; free some space and try again."
        )
    if code in {sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB}:
        return DatabaseError(
            f"The database {where} is damaged and cannot be read. Open the copy svdesk "
            "keeps beside it (NAME.bak-…), or your latest backup."
        )
    if code == sqlite3.SQLITE_CANTOPEN:
        return DatabaseError(
            f"The database {where} cannot be opened: its file or its folder cannot be "
            "reached. Check that the drive is connected and the folder is there."
        )
    return DatabaseError(
        f"The database {where} could not be read or changed: {plain_reason(error)}."
    )


def plain_reason(error: BaseException) -> str:
    """The driver's own reason for ``error``, without the statement SQLAlchemy adds to it."""
    original = getattr(error, "orig", None)
    if isinstance(original, BaseException) and str(original):
        return str(original)
    from sqlalchemy.exc import StatementError

    if isinstance(error, StatementError) or not str(error):
        # Nothing from the driver to go on (a value that could not be stored, say): the
        # message SQLAlchemy made would quote the statement and its values.
        return "an unexpected problem"
    return str(error)
