"""A panel's database for evaluator packs: the workspace's tender, given as a .zip whose
first answer cites an attached file, with a panel of two evaluators and a moderator."""

from __future__ import annotations

import zipfile
from pathlib import Path

from svdesk.domain.evaluation_rules import PanelRole
from svdesk.services.imports import import_pack
from svdesk.services.panel import add_member
from svdesk.store.database import Database, open_database
from tests.support.packs import valid_sheets, write_pack
from tests.support.panel_tender import ANN, BEN, MO, REF

ATTACHED = "answers/B01 plan.txt"
ATTACHED_TEXT = "Wallabyplan: twelve apprenticeships by March, reported each quarter."
WHY = "Clear commitments with numbers, dates and a credible reporting plan."

__all__ = ["ANN", "ATTACHED", "ATTACHED_TEXT", "BEN", "REF", "WHY", "panel_database"]


def tender_zip(folder: Path) -> Path:
    sheets = valid_sheets()
    responses = sheets["Responses"]
    responses[1] = [*responses[1][:4], ATTACHED]
    book = write_pack(folder / "tender.xlsx", sheets)
    path = folder / "tender pack.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.write(book, "tender.xlsx")
        archive.writestr(ATTACHED, ATTACHED_TEXT)
    book.unlink()
    return path


def panel_database(folder: Path, name: str = "panel.sqlite") -> tuple[Database, Path]:
    """The panel's database (open) and its path."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    db = open_database(path)
    import_pack(db, tender_zip(folder))
    add_member(db, REF, ANN)
    add_member(db, REF, BEN)
    add_member(db, REF, MO, PanelRole.MODERATOR)
    return db, path
