"""File > Export evaluator pack… writes an evaluator's pack off the window's thread, and
Evaluation > Import score sheets… takes the pack back, as ``svdesk sheet`` and ``svdesk
scores`` do."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QInputDialog
from pytestqt.qtbot import QtBot

from svdesk.services.drafts import save_draft
from svdesk.services.panel import Declaration, declare
from svdesk.services.scoring import my_responses
from svdesk.sheets.evaluator_pack import read_evaluator_pack
from svdesk.sheets.evaluator_pack_work import open_working_copy, save_into_pack
from svdesk.store.database import Database
from tests.support.evaluator_packs import ANN, REF, WHY, panel_database
from tests.ui.conftest import OFFSCREEN_MESSAGE_BOXES, window_on
from tests.ui.test_evaluation_files import answer_files, finished

pytestmark = OFFSCREEN_MESSAGE_BOXES


def test_the_menu_writes_a_pack_and_takes_it_back(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db: Database
    db, _path = panel_database(tmp_path / "panel")
    declare(db, REF, ANN, [Declaration("B01", False), Declaration("B02", False)])
    pack = tmp_path / "ann.zip"
    answer_files(monkeypatch, save=pack, open_=pack)
    asked: list[str] = []

    def choose(_parent: Any, title: str, _label: str, names: list[str], *_a: Any) -> Any:
        asked.append(title)
        return names[0], True

    monkeypatch.setattr(QInputDialog, "getItem", choose)
    window = window_on(qtbot, db)
    actions = window.commands
    assert actions.evaluator_pack_action.isEnabled()
    file_menu = window.menuBar().actions()[0].menu()
    assert actions.evaluator_pack_action in file_menu.actions()  # type: ignore[union-attr]

    written = finished(qtbot, window.files.write_evaluator_pack())
    assert asked == ["Export an evaluator pack"]
    assert written.message_box is not None
    assert written.message_box.text() == "Wrote ann.zip"
    assert read_evaluator_pack(pack).manifest.member == ANN

    copy = open_working_copy(pack, tmp_path / "laptop")
    save_draft(copy.db, REF, ANN, "1", "B01", "SV1", score=75, justification=WHY)
    save_into_pack(copy)
    copy.close()

    imported = finished(qtbot, window.files.import_score_sheet())
    assert imported.message_box is not None
    assert imported.message_box.informativeText().startswith("ann.zip: 1 score(s) submitted")
    mine = {(r.lot, r.bidder, r.criterion): r.score for r in my_responses(db, REF, ANN)}
    assert mine[("1", "B01", "SV1")] == 75
    db.close()
