"""Pictures of the workspace's screens at both sizes (set SVDESK_SCREENSHOTS to a folder)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication
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


def dark_palette() -> QPalette:
    """A dark system theme's colours, as a desktop set to dark mode hands them to Qt."""
    palette = QPalette()
    role = QPalette.ColorRole
    for which, colour in (
        (role.Window, "#2B2B2B"),
        (role.WindowText, "#E6E6E6"),
        (role.Base, "#1E1E1E"),
        (role.AlternateBase, "#262626"),
        (role.Text, "#E6E6E6"),
        (role.PlaceholderText, "#8C8C8C"),
        (role.Button, "#353535"),
        (role.ButtonText, "#E6E6E6"),
        (role.Highlight, "#2F6FB0"),
        (role.HighlightedText, "#FFFFFF"),
        (role.ToolTipBase, "#353535"),
        (role.ToolTipText, "#E6E6E6"),
        (role.Light, "#505050"),
        (role.Midlight, "#404040"),
        (role.Mid, "#303030"),
        (role.Dark, "#202020"),
        (role.Shadow, "#101010"),
        (role.Link, "#7DB3F0"),
    ):
        palette.setColor(which, QColor(colour))
    return palette


@pytest.mark.parametrize("size", list(SIZES))
def test_the_scoring_screen_in_a_dark_theme(
    qtbot: QtBot, declared_db: tuple[Database, Path], settings: QSettings, size: str
) -> None:
    db, _path = declared_db
    save_draft(db, REF, ANN, *LOT_1[0], score=75, justification=WHY, notes="Check the dates")
    light = QApplication.palette()
    QApplication.setPalette(dark_palette())
    try:
        window = workspace_on(qtbot, db, ANN, settings, SIZES[size])
        window.go_to(LOT_1[0])
        assert window.palette().color(QPalette.ColorRole.Window).lightness() < 128
        save(window, f"{size}-workspace-scoring-dark")
        window.close()
    finally:
        QApplication.setPalette(light)
