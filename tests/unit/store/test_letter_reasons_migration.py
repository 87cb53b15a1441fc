"""Upgrading a database of schema 0007 to 0008: every agreed consensus gains a letter
reason seeded from its rationale, with nothing approved, and the trail still verifies."""

from __future__ import annotations

from pathlib import Path

from svdesk.services.audit_trail import verify
from svdesk.services.letter_reasons import tender_letter_texts
from svdesk.services.readiness import readiness_problems
from tests.support.letter_tenders import REF, make_tender, rationale
from tests.unit.store.test_workspace_migration import downgrade, tables


def test_agreed_consensuses_are_seeded_on_upgrade(tmp_path: Path) -> None:
    from svdesk.store.database import open_database

    db = make_tender(tmp_path)
    path = Path(db.location)
    db.close()
    downgrade(path, "0007")
    assert "letter_reason" not in tables(path)

    db = open_database(path)
    assert db.backup_path is not None
    assert "letter_reason" in tables(path)
    texts = tender_letter_texts(db, REF)
    assert sum(len(by_code) for by_code in texts.values()) == 8
    assert texts[("1", "B01")]["SV1"] == rationale("1", "B01", "SV1", 75)
    assert verify(db, REF) == []
    assert readiness_problems(db, REF) == []
    db.close()
