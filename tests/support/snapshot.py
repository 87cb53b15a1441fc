"""What a database holds, to prove that a refused operation changed nothing."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path


def snapshot(path: Path) -> tuple[str, dict[str, int]]:
    """A digest of every row of every table, and the row count of each table."""
    with sqlite3.connect(path) as connection:
        dump = "\n".join(connection.iterdump())
        names = [
            row[0]
            for row in connection.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        counts = {
            name: connection.execute(f'SELECT COUNT(*) FROM "{name}"').fetchone()[0]
            for name in names
        }
    connection.close()
    return hashlib.sha256(dump.encode()).hexdigest(), counts


def file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
