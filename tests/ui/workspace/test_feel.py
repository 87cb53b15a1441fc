"""A professional tool's feel: every frequent command has keys, shown in its menu and its
tooltip; the save state stays in sight; the right pane scrolls at 1366x768; states are
words, not colours alone; every control has a name a screen reader can say."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QLineEdit,
    QPlainTextEdit,
    QTextBrowser,
    QToolButton,
)
from pytestqt.qtbot import QtBot

from svdesk.store.database import Database
from svdesk.ui.workspace.draft_keeper import SAVED
from tests.support.panel_tender import ANN
from tests.ui.workspace.conftest import workspace_on


def test_frequent_commands_have_keys_shown_in_menus_tooltips_and_the_toolbar(
    qtbot: QtBot, declared_db: tuple[Database, Path], settings: QSettings
) -> None:
    db, _path = declared_db
    window = workspace_on(qtbot, db, ANN, settings)
    c = window.commands
    in_menus = {
        action
        for menu_action in window.menuBar().actions()
        if (menu := menu_action.menu()) is not None
        for action in menu.actions()
    }
    in_toolbar = set(c.toolbar.actions())
    for action in (
        c.previous_action,
        c.next_action,
        c.next_unscored_action,
        c.submit_action,
        c.compare_action,
    ):
        keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        assert keys, action.text()
        assert f"({keys}" in action.toolTip(), action.toolTip()
        assert action in in_menus
        assert action in in_toolbar
    button = c.toolbar.widgetForAction(c.next_action)
    assert isinstance(button, QToolButton)
    assert "Alt+Down" in button.toolTip()


def test_the_save_state_stays_in_the_status_bar(
    qtbot: QtBot, declared_db: tuple[Database, Path], settings: QSettings
) -> None:
    db, _path = declared_db
    window = workspace_on(qtbot, db, ANN, settings)
    qtbot.keyClick(window.list, Qt.Key.Key_3)
    assert window.save_state.text() == SAVED
    assert window.save_state.isVisible()
    window.statusBar().showMessage("Something else")  # another message does not hide it
    assert window.save_state.text() == SAVED
    assert window.save_state.isVisible()


def test_at_1366x768_the_right_pane_scrolls_to_the_notes(
    qtbot: QtBot, declared_db: tuple[Database, Path], settings: QSettings
) -> None:
    db, _path = declared_db
    window = workspace_on(qtbot, db, ANN, settings, (1366, 768))
    pane = window.scoring
    assert pane.verticalScrollBar().maximum() > 0
    pane.ensureWidgetVisible(pane.notes)
    top_left = pane.notes.mapTo(pane.viewport(), pane.notes.rect().topLeft())
    assert pane.viewport().rect().contains(top_left)
    assert pane.notes.height() >= 60  # room to write in, not squeezed to a line


def test_states_are_words_and_controls_have_names(
    qtbot: QtBot, declared_db: tuple[Database, Path], settings: QSettings
) -> None:
    db, _path = declared_db
    window = workspace_on(qtbot, db, ANN, settings)
    assert all(leaf.text(1) for leaf in window.list._leaves.values())
    unnamed = []
    for kind in (QLineEdit, QPlainTextEdit, QTextBrowser, QAbstractItemView, QAbstractButton):
        for widget in window.findChildren(kind):
            if not widget.isVisible():
                continue
            text = widget.text() if isinstance(widget, QAbstractButton) else ""
            if not (widget.accessibleName() or text.strip()):
                unnamed.append(f"{type(widget).__name__} {widget.objectName()}")
    assert unnamed == []
