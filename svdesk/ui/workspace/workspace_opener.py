"""Evaluation > Score as a panel member…: ask who is working, then open their workspace."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Slot

if TYPE_CHECKING:
    from svdesk.ui.main_window import MainWindow
    from svdesk.ui.workspace.member_dialog import MemberDialog
    from svdesk.ui.workspace.workspace_window import WorkspaceWindow


class WorkspaceOpener(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._window = window
        self.dialog: MemberDialog | None = None
        self.workspace: WorkspaceWindow | None = None

    @Slot()
    def ask(self) -> MemberDialog | None:
        """Show the dialog that asks who is working; their workspace opens once it passes."""
        from svdesk.ui.workspace.member_dialog import MemberDialog

        db, reference = self._window.database, self._window.current_reference
        if db is None or reference is None:
            return None
        actor = self._window.context.actor
        if actor is not None and actor.on_panel and actor.role == "evaluator":
            # Already said who they are (and their passphrase) when the tender was opened.
            self.open_for(actor.name)
            return None
        self.dialog = MemberDialog(db, reference, self._window)
        self.dialog.accepted.connect(self._on_dialog_accepted)
        self.dialog.open()
        return self.dialog

    @Slot()
    def _on_dialog_accepted(self) -> None:
        dialog = self.dialog
        if dialog is not None and dialog.member is not None:
            self.open_for(dialog.member)

    def open_for(self, member: str) -> WorkspaceWindow | None:
        from svdesk.ui.workspace.workspace_window import WorkspaceWindow

        db, reference = self._window.database, self._window.current_reference
        if db is None or reference is None:
            return None
        self.close()
        self.workspace = WorkspaceWindow(db, reference, member)
        # What the evaluator keeps and submits is news for the main window's pages.
        context = self._window.context
        self.workspace.submitted.connect(context.announce_scores)
        self.workspace.drafts_saved.connect(context.announce_drafts)
        self.workspace.show()
        return self.workspace

    def close(self) -> None:
        """Close the workspace open, if any: its work is kept as it closes."""
        if self.workspace is not None:
            self.workspace.close()
            self.workspace.deleteLater()
            self.workspace = None
