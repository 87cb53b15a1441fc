"""Copies of the database file, kept beside it before svdesk does something that cannot be
undone from inside (a schema upgrade, replacing a tender that holds an evaluation)."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlalchemy import Engine


def copy_beside(engine: Engine, label: str) -> str | None:
    """Copy the database beside itself as ``NAME.bak-LABEL-YYYYmmdd-HHMMSS``; returns the
    copy's path (None for a database that is not a SQLite file).

    SQLite's backup API copies a consistent snapshot even with a write-ahead log, and
    while another connection of this process holds a write transaction that has not yet
    written anything.
    """
    if engine.url.get_backend_name() != "sqlite":
        return None
    database = engine.url.database
    if not database or database == ":memory:":
        return None
    source_path = Path(database)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    target_path = source_path.with_name(f"{source_path.name}.bak-{label}-{stamp}")
    suffix = 1
    while target_path.exists():
        suffix += 1
        target_path = source_path.with_name(f"{source_path.name}.bak-{label}-{stamp}-{suffix}")
    source = sqlite3.connect(source_path)
    try:
        target = sqlite3.connect(target_path)
        try:
            source.backup(target)
        finally:
            target.close()
    finally:
        source.close()
    return str(target_path)
