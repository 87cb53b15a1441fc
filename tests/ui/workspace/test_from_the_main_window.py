"""Evaluation > Score as a panel member… (Ctrl+Shift+S) asks who is working, then opens
their workspace on the tender on show."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from svdesk.store.database import Database
from tests.support.panel_tender import ANN, BEN
from tests.ui.conftest import OFFSCREEN_MESSAGE_BOXES, window_on

pytestmark = OFFSCREEN_MESSAGE_BOXES


def test_the_menu_asks_who_then_opens_their_workspace(
    qtbot: QtBot, declared_db: tuple[Database, Path]
) -> None:
    db, _path = declared_db
    window = window_on(qtbot, db)
    action = window.commands.score_action
    assert action.shortcut().toString() == "Ctrl+Shift+S"
    evaluation = window.menuBar().actions()[1].menu()
    assert evaluation is not None
    assert action in evaluation.actions()
    assert action.isEnabled()
    action.trigger()
    dialog = window.workspaces.dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    dialog.members.setCurrentRow(1)
    assert dialog.chosen() == BEN
    dialog.members.setCurrentRow(0)
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    workspace = window.workspaces.workspace
    assert workspace is not None
    qtbot.addWidget(workspace)
    assert workspace.windowTitle().startswith(f"Scoring TST-2026-0001 as {ANN}")
    assert workspace.pages.currentWidget() is workspace.scoring_page
    workspace.close()
