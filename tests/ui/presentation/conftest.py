"""The demo tender ready for its moderation meeting, lot 1 open, for the shared screen."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from svdesk.services.demo import DemoStage, create_demo
from svdesk.services.moderation_lots import open_lot
from svdesk.services.panel import list_members
from svdesk.store.database import Database, open_database

DEMO = "NBC-2026-0417"
MODERATOR = "Mark Hollingworth"


@pytest.fixture(scope="session")
def _moderation_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("moderation") / "m.sqlite"
    db = open_database(path)
    try:
        create_demo(db, stage=DemoStage.MODERATION)
        open_lot(db, DEMO, "1", actor=MODERATOR)
    finally:
        db.close()
    return path


@pytest.fixture
def moderation_db(_moderation_file: Path, tmp_path: Path) -> Iterator[Database]:
    """A copy of the demo with lot 1's moderation open (lot 2 not)."""
    import shutil

    for source in _moderation_file.parent.glob(_moderation_file.name + "*"):
        shutil.copyfile(source, tmp_path / source.name)
    db = open_database(tmp_path / _moderation_file.name)
    yield db
    db.close()


def evaluator_names(db: Database) -> list[str]:
    return [m.name for m in list_members(db, DEMO) if m.role.value == "evaluator"]
