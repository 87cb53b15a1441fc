"""``svdesk gui FILE.zip``: scoring an evaluator pack away from the panel's database.

The evaluator's workspace opens on the pack's working database (``sheets.
evaluator_pack_work``), after the passphrase if the member set one. Drafts are kept there
as they are typed, exactly as at the panel; the pack file is rewritten a moment after each
change is kept, at once when a lot is submitted, and as the workspace closes, so that the
file sent back always holds the latest work.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QSettings, QTimer, Signal, Slot
from PySide6.QtWidgets import QMessageBox

from svdesk.ui.plain_text import literal

if TYPE_CHECKING:
    from svdesk.sheets.evaluator_pack_work import WorkingCopy
    from svdesk.ui.workspace.member_dialog import MemberDialog
    from svdesk.ui.workspace.workspace_window import WorkspaceWindow

SAVE_DELAY_MS = 2000  # after a change is kept in the working database


class PackSession(QObject):
    saved = Signal(str)  # the pack was rewritten, or why it could not be (in words)
    finished = Signal()  # the evaluator declined to start, or closed the workspace

    def __init__(
        self, copy: WorkingCopy, parent: QObject | None = None, *, settings: QSettings | None = None
    ) -> None:
        super().__init__(parent)
        self.copy = copy
        self._settings = settings
        self.dialog: MemberDialog | None = None
        self.workspace: WorkspaceWindow | None = None
        self.problem = ""  # why the pack could not be written last time, if it could not
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(SAVE_DELAY_MS)
        self.timer.timeout.connect(self._on_timer_timeout)

    def start(self) -> MemberDialog:
        """Ask who is working (and their passphrase, if set); the workspace opens after."""
        from svdesk.ui.workspace.member_dialog import MemberDialog

        self.dialog = MemberDialog(self.copy.db, self.copy.reference)
        self.dialog.setWindowTitle(f"Open the evaluator pack {self.copy.path.name}")
        self.dialog.accepted.connect(self._on_dialog_accepted)
        self.dialog.rejected.connect(self.finished)
        self.dialog.open()
        return self.dialog

    @Slot()
    def _on_dialog_accepted(self) -> None:
        if self.dialog is not None and self.dialog.member is not None:
            self.open_workspace(self.dialog.member)

    def open_workspace(self, member: str) -> WorkspaceWindow:
        from svdesk.ui.workspace.workspace_window import WorkspaceWindow

        window = WorkspaceWindow(self.copy.db, self.copy.reference, member, settings=self._settings)
        window.setWindowTitle(
            f"Scoring {self.copy.reference} as {member}, in {self.copy.path.name} · svdesk"
        )
        window.work_kept.connect(self._on_workspace_work_kept)
        window.submitted.connect(self.save_now)  # a submission is saved into the pack at once
        window.closed.connect(self._on_workspace_closed)
        self.workspace = window
        window.show()
        return window

    @Slot()
    def _on_workspace_work_kept(self) -> None:
        self.timer.start()

    @Slot()
    def _on_timer_timeout(self) -> None:
        self.save_now()

    @Slot()
    def _on_workspace_closed(self) -> None:
        if not self.save_now():
            QMessageBox.warning(
                None,
                "The evaluator pack was not saved",
                literal(
                    f"Your work is kept on this computer, but {self.copy.path.name} could not "
                    f"be written: {self.problem}\n\nOpen the pack again to save it into the "
                    "file."
                ),
            )
        self.finished.emit()

    def discard_windows(self) -> None:
        """Delete the dialog and the workspace now: left to Python's collector, windows
        without a parent could be destroyed at any moment, on any thread."""
        for widget in (self.workspace, self.dialog):
            if widget is not None:
                if widget.isVisible():
                    widget.close()
                widget.deleteLater()
        self.workspace = self.dialog = None
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)

    @Slot()
    def save_now(self) -> bool:
        """Rewrite the pack with the latest work; False (and ``problem`` says why) when the
        file cannot be written. The work itself stays kept in the working database."""
        from svdesk.services.refusals import Refused
        from svdesk.sheets.evaluator_pack_work import save_into_pack
        from svdesk.store.errors import DatabaseError

        self.timer.stop()
        try:
            written = save_into_pack(self.copy)
        except Refused as refused:
            self.problem = "; ".join(refused.reasons)
        except (OSError, DatabaseError) as exc:
            self.problem = str(exc)
        else:
            self.problem = ""
            if written:
                self._tell(f"Saved into {self.copy.path.name}")
            return True
        self._tell(f"Not saved into {self.copy.path.name}: {self.problem}")
        return False

    def _tell(self, text: str) -> None:
        if self.workspace is not None and self.workspace.isVisible():
            self.workspace.statusBar().showMessage(text, 5000)
        self.saved.emit(text)


def run_pack(file: Path, folder: Path) -> int:
    """Open the window on the evaluator pack ``file``, with its working database in
    ``folder``; the exit code."""
    from svdesk.services.refusals import Refused
    from svdesk.sheets.evaluator_pack_work import open_working_copy
    from svdesk.store.errors import DatabaseError
    from svdesk.ui.app import app_icon, make_application

    app = make_application()
    app.setWindowIcon(app_icon())
    try:
        copy = open_working_copy(file, folder)
    except (Refused, DatabaseError) as exc:
        reasons = exc.reasons if isinstance(exc, Refused) else [str(exc)]
        QMessageBox.warning(
            None, "svdesk cannot open this evaluator pack", literal("\n".join(reasons))
        )
        return 1
    # The dialog closes before the workspace shows: the session says when to stop.
    app.setQuitOnLastWindowClosed(False)
    session = PackSession(copy)
    session.finished.connect(app.quit)
    session.start()
    try:
        return app.exec()
    finally:
        app.setQuitOnLastWindowClosed(True)
        session.save_now()
        session.discard_windows()
        copy.close()
