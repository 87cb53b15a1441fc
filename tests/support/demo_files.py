"""Databases holding the demo tender, made once per test session or module and copied."""

from __future__ import annotations

from pathlib import Path

from svdesk.services.demo import DemoStage, create_demo
from svdesk.store.database import open_database


def demo_file(path: Path, stage: DemoStage = DemoStage.REVIEWED) -> Path:
    """``path``, a database holding the demo tender with its evaluation at ``stage``,
    closed (its write-ahead log saved into the file)."""
    db = open_database(path)
    try:
        create_demo(db, stage=stage)
    finally:
        db.close()
    return path
