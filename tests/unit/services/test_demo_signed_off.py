"""The demo's moderated stage signs every lot off through the services, the whole panel
present, so its report tells a complete moderation record; the moderation stage leaves
every lot for the moderator to open."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from svdesk.documents.report_agreement import moderation_summary
from svdesk.services.audit_trail import verify
from svdesk.services.demo import DemoStage, create_demo, demo_reference
from svdesk.services.moderation_lots import lot_moderation
from svdesk.services.report_record import read_report_record
from svdesk.store.database import open_database

MODERATOR = "Mark Hollingworth"
PANEL = f"{MODERATOR}, Andrew Fairclough, Siobhán Doherty, Rebecca Thornton"


def test_the_moderated_demo_has_every_lot_signed_off(tmp_path: Path) -> None:
    db = open_database(tmp_path / "d.sqlite")
    create_demo(db, stage=DemoStage.MODERATED)
    reference = demo_reference()
    lots = lot_moderation(db, reference)
    assert [(lot.lot, lot.signed_off, lot.signed_off_by, lot.present) for lot in lots] == [
        ("1", True, MODERATOR, PANEL),
        ("2", True, MODERATOR, PANEL),
    ]
    data = read_report_record(db, reference, dt.date(2026, 12, 4))
    summary = moderation_summary(data)
    assert "not yet signed off" not in summary
    assert summary.startswith(f"Lot 1 signed off by {MODERATOR} on ")
    assert f"; Lot 2 signed off by {MODERATOR} on " in summary
    assert verify(db, reference) == []


def test_the_moderation_stage_leaves_the_lots_to_open(tmp_path: Path) -> None:
    db = open_database(tmp_path / "d.sqlite")
    create_demo(db, stage=DemoStage.MODERATION)
    assert not any(lot.opened or lot.signed_off for lot in lot_moderation(db, demo_reference()))
