"""Pictures of the workspace's screens at both sizes (set SVDESK_SCREENSHOTS to a folder)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot

from svdesk.services.drafts import save_draft
from svdesk.services.passphrases import set_passphrase
from svdesk.store.database import Database
from svdesk.ui.workspace.member_dialog import MemberDialog
from tests.support.panel_tender import ANN, LOT_1, REF, WHY
from tests.ui.conftest import OFFSCREEN_MESSAGE_BOXES
from tests.ui.test_screenshots import SIZES, save
from tests.ui.workspace.conftest import workspace_on

pytestmark = OFFSCREEN_MESSAGE_BOXES


@pytest.mark.parametrize("size", list(SIZES))
def test_each_workspace_screen(
    qtbot: QtBot, panel_db: tuple[Database, Path], settings: QSettings, size: str
) -> None:
    db, _path = panel_db
    set_passphrase(db, REF, ANN, "correct horse battery")
    dialog = MemberDialog(db, REF)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.passphrase.setText("a wrong guess")
    dialog.ok.click()
    save(dialog, f"{size}-workspace-who")

    window = workspace_on(qtbot, db, ANN, settings, SIZES[size])
    save(window, f"{size}-workspace-declarations")
    for key, (group, _details) in window.declarations.rows.items():
        group.button(0).click()
        assert key
    window.declarations.save.click()
    save_draft(db, REF, ANN, *LOT_1[0], score=75, justification=WHY, notes="Check the dates")
    window.close()
    window = workspace_on(qtbot, db, ANN, settings, SIZES[size])
    window.go_to(LOT_1[0])
    save(window, f"{size}-workspace-scoring")
    window.answer.start_find()
    window.answer.find_box.setText("care leavers")
    save(window, f"{size}-workspace-find")
    window.commands.submit_action.trigger()
    save(window, f"{size}-workspace-refused")
    window.commands.compare_action.trigger()
    window.compare.resize(*SIZES[size])
    save(window.compare, f"{size}-workspace-compare")
    window.compare.close()
    window.close()
