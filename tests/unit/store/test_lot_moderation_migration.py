"""Upgrading a database of schema 0004 to 0005: a tender whose moderation had opened has
every lot open, its scores stay frozen, and its trail still verifies."""

from __future__ import annotations

from pathlib import Path

import pytest

from svdesk.services.audit_trail import verify
from svdesk.services.moderation import open_moderation
from svdesk.services.moderation_lots import lot_moderation
from svdesk.services.refusals import Refused
from svdesk.services.scoring import ScoreEntry, submit_scores
from svdesk.store.database import open_database
from tests.unit.services.test_evaluation_flow import CONSENSUS, NONE_DECLARED, REF, WHY, entries
from tests.unit.store.test_workspace_migration import downgrade, tables


def test_an_open_moderation_opens_every_lot_on_upgrade(tmp_path: Path) -> None:
    from svdesk.domain.evaluation_rules import PanelRole
    from svdesk.services.imports import import_pack
    from svdesk.services.panel import add_member
    from tests.support.packs import write_pack

    path = tmp_path / "t.sqlite"
    db = open_database(path)
    import_pack(db, write_pack(tmp_path / "p.xlsx"))
    add_member(db, REF, "Ann Evaluator")
    add_member(db, REF, "Mo Derator", PanelRole.MODERATOR)
    submit_scores(db, REF, "Ann Evaluator", entries(CONSENSUS), NONE_DECLARED)
    open_moderation(db, REF)
    db.close()
    downgrade(path, "0004")
    assert {"lot_moderation", "consensus_draft"}.isdisjoint(tables(path))

    db = open_database(path)
    assert db.backup_path is not None
    assert {"lot_moderation", "consensus_draft"} <= tables(path)
    assert [(lot.lot, lot.opened, lot.opened_by) for lot in lot_moderation(db, REF)] == [
        ("1", True, "Mo Derator"),
        ("2", True, "Mo Derator"),
    ]
    with pytest.raises(Refused, match="moderation of this tender has begun"):
        submit_scores(db, REF, "Ann Evaluator", [ScoreEntry("1", "B01", "SV1", 100, WHY)])
    assert verify(db, REF) == []
    db.close()
