"""The scoring window's commands, with their keys shown in the menus and tooltips."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence, QUndoStack
from PySide6.QtWidgets import QMainWindow


def _shortcut_text(keys: list[QKeySequence]) -> str:
    return " or ".join(k.toString(QKeySequence.SequenceFormat.NativeText) for k in keys)


class WorkspaceActions(QObject):
    def __init__(self, window: QMainWindow, undo_stack: QUndoStack) -> None:
        super().__init__(window)
        self._window = window
        self.previous_action = self._action(
            "&Previous response", ["Alt+Up", "Ctrl+["], "The response above in the list"
        )
        self.next_action = self._action(
            "&Next response", ["Alt+Down", "Ctrl+]"], "The response below in the list"
        )
        self.next_unscored_action = self._action(
            "Next &unscored", ["Ctrl+U"], "The next response without a score"
        )
        self.compare_action = self._action(
            "&Compare answers…",
            ["Ctrl+K"],
            "Two to four bidders' answers to this criterion side by side",
        )
        self.find_action = self._action("&Find in answer", ["Ctrl+F"], "Find words in the answer")
        self.submit_action = self._action(
            "&Submit lot…",
            ["Ctrl+Return", "Ctrl+Enter"],
            "Submit your scores of this lot: each needs a score and a justification",
        )
        self.by_criterion_action = self._action(
            "List by c&riterion",
            ["Ctrl+G"],
            "List each lot's responses by criterion, then bidder (or by bidder, then criterion)",
        )
        self.by_criterion_action.setCheckable(True)
        self.passphrase_action = QAction("Set or change your &passphrase…", window)
        self.passphrase_action.setToolTip(
            "A passphrase svdesk asks for before showing or changing your work"
        )
        self.close_action = self._action("C&lose", ["Ctrl+W"], "Close the workspace: all is kept")
        self.undo_action = undo_stack.createUndoAction(window, "&Undo")
        self.redo_action = undo_stack.createRedoAction(window, "&Redo")
        for action, keys in (
            (self.undo_action, ["Ctrl+Z"]),
            (self.redo_action, ["Ctrl+Shift+Z", "Ctrl+Y"]),
        ):
            self._keys(action, keys)
            window.addAction(action)
        self._menus()

    def _action(self, text: str, keys: list[str], tip: str) -> QAction:
        action = QAction(text, self._window)
        action.setToolTip(tip)
        self._keys(action, keys)
        self._window.addAction(action)
        return action

    def _keys(self, action: QAction, keys: list[str]) -> None:
        sequences = [QKeySequence(k) for k in keys]
        action.setShortcuts(sequences)
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        tip = action.toolTip() or action.text().replace("&", "")
        action.setToolTip(f"{tip} ({_shortcut_text(sequences)})")

    def _menus(self) -> None:
        bar = self._window.menuBar()
        scoring = bar.addMenu("&Scoring")
        scoring.addActions([self.submit_action])
        scoring.addSeparator()
        scoring.addAction(self.passphrase_action)
        scoring.addSeparator()
        scoring.addAction(self.close_action)
        edit = bar.addMenu("&Edit")
        edit.addActions([self.undo_action, self.redo_action])
        edit.addSeparator()
        edit.addAction(self.find_action)
        go = bar.addMenu("&Go")
        go.addActions([self.previous_action, self.next_action, self.next_unscored_action])
        view = bar.addMenu("&View")
        view.addActions([self.compare_action, self.by_criterion_action])
        for menu in (scoring, edit, go, view):
            menu.setToolTipsVisible(True)
        # The frequent commands in sight, each tooltip naming its keys.
        tools = self._window.addToolBar("Scoring commands")
        tools.setObjectName("scoring-commands")
        tools.setMovable(False)
        tools.setFloatable(False)
        tools.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        tools.addActions([self.previous_action, self.next_action, self.next_unscored_action])
        tools.addSeparator()
        tools.addActions([self.find_action, self.compare_action])
        tools.addSeparator()
        tools.addAction(self.submit_action)
        self.toolbar = tools

    def set_scoring(self, enabled: bool) -> None:
        """Only the scoring view's commands while it shows (not over the declarations)."""
        for action in (
            self.previous_action,
            self.next_action,
            self.next_unscored_action,
            self.compare_action,
            self.find_action,
            self.submit_action,
            self.by_criterion_action,
        ):
            action.setEnabled(enabled)
