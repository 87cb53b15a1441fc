"""Upgrading a database of schema 0007 to 0008: every agreed consensus gains a letter
reason seeded from its rationale, with nothing approved, and the trail still verifies; from
0010 to 0011 the reviewed letter reasons are kept as they were, and explanations can be
kept beside them."""

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
    assert sum(code.startswith("SV") for by_code in texts.values() for code in by_code) == 8
    assert texts[("1", "B01")]["SV1"] == rationale("1", "B01", "SV1", 75)
    assert verify(db, REF) == []
    assert readiness_problems(db, REF) == []
    db.close()


def test_reviewed_letter_reasons_are_kept_when_explanations_join_them(tmp_path: Path) -> None:
    from svdesk.services.confidentiality_review import (
        PassageRef,
        confidentiality_review,
        redact_passage,
    )
    from svdesk.store.database import open_database
    from tests.unit.services.test_confidentiality_review import OFFICER, QUOTING, agree

    db = make_tender(tmp_path)
    agree(db, "B02", "SV2", 100, QUOTING)
    redact_passage(db, REF, PassageRef("1", "B02", "SV2", 3), OFFICER)
    before = tender_letter_texts(db, REF)[("1", "B02")]["SV2"]
    path = Path(db.location)
    db.close()
    downgrade(path, "0010")

    db = open_database(path)
    assert tender_letter_texts(db, REF)[("1", "B02")]["SV2"] == before
    assert [p.sentence for p in confidentiality_review(db, REF).open] == [1]
    assert verify(db, REF) == []
    db.close()
