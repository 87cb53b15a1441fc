"""The window's work with files of the tender on show and with its panel: the evaluation
workbook and report, score sheets, the consensus workbook, and the Panel dialog.

One file task runs at a time (``task``); when it has recorded or written something, the
Results page, if on show, reads the tender again.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Slot

if TYPE_CHECKING:
    from svdesk.ui.dialogs.panel_dialog import PanelDialog
    from svdesk.ui.file_tasks import FileTask
    from svdesk.ui.main_window import MainWindow
    from svdesk.ui.window_actions import WindowActions


class WindowFiles(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._window = window
        self.task: FileTask | None = None
        self.panel_dialog: PanelDialog | None = None

    def connect_actions(self, c: WindowActions) -> None:
        c.template_action.triggered.connect(self._on_template_action_triggered)
        c.tender_template_action.triggered.connect(self._on_tender_template_action_triggered)
        c.export_action.triggered.connect(self._on_export_action_triggered)
        c.report_action.triggered.connect(self._on_report_action_triggered)
        c.panel_action.triggered.connect(self._on_panel_action_triggered)
        c.score_sheet_action.triggered.connect(self._on_score_sheet_action_triggered)
        c.import_scores_action.triggered.connect(self._on_import_scores_action_triggered)
        c.consensus_action.triggered.connect(self._on_consensus_action_triggered)
        c.import_consensus_action.triggered.connect(self._on_import_consensus_action_triggered)
        c.audit_action.triggered.connect(self._on_audit_action_triggered)

    # -- the evaluation workbook and report ---------------------------------------------------
    def export_file(self, kind: str) -> FileTask | None:
        """Ask where, then write the tender's evaluation ``"workbook"`` or ``"report"``."""
        from svdesk.ui.file_tasks import tender_export

        db, reference = self._window.database, self._window.current_reference
        if db is None or reference is None:
            return None
        return self._start(tender_export(self._window, db, reference, kind))

    def write_pack_template(self, *, of_this_tender: bool = False) -> FileTask | None:
        """An empty pack to fill in, or (``of_this_tender``) one pre-filled from the tender."""
        from svdesk.ui.file_tasks import pack_template_export

        db, reference = self._window.database, self._window.current_reference
        if of_this_tender and (db is None or reference is None):
            return None
        chosen = (db, reference) if of_this_tender and db is not None and reference else None
        return self._start(pack_template_export(self._window, chosen))

    # -- the panel, score sheets and moderation ---------------------------------------------
    def open_panel(self) -> PanelDialog | None:
        from svdesk.ui.dialogs.panel_dialog import PanelDialog

        db, reference = self._window.database, self._window.current_reference
        if db is None or reference is None:
            return None
        if self.panel_dialog is not None:
            self.panel_dialog.deleteLater()
        dialog = PanelDialog(db, reference, self._window)
        dialog.changed.connect(self._on_panel_dialog_changed)
        self.panel_dialog = dialog
        dialog.open()
        return dialog

    def write_score_sheet(self, evaluator: str | None = None) -> FileTask | None:
        """Write ``evaluator``'s score sheet (asked for when not given)."""
        from svdesk.ui.evaluation_files import choose_evaluator, score_sheet_export

        db, reference = self._window.database, self._window.current_reference
        if db is None or reference is None:
            return None
        if evaluator is None:
            evaluator = choose_evaluator(self._window, db, reference)
            if evaluator is None:
                return None
        return self._start(score_sheet_export(self._window, db, reference, evaluator))

    def import_score_sheet(self) -> FileTask | None:
        from svdesk.ui.evaluation_files import score_sheet_import

        db = self._window.database
        if db is None or self._window.current_reference is None:
            return None
        return self._start(score_sheet_import(self._window, db))

    def write_consensus_workbook(self) -> FileTask | None:
        """Write the consensus workbook, after saying that it opens moderation."""
        from svdesk.ui.evaluation_files import confirm_opening_moderation, consensus_export

        db, reference = self._window.database, self._window.current_reference
        if db is None or reference is None:
            return None
        if not confirm_opening_moderation(self._window, db, reference):
            return None
        return self._start(consensus_export(self._window, db, reference))

    def import_consensus_workbook(self) -> FileTask | None:
        from svdesk.ui.evaluation_files import consensus_import

        db, reference = self._window.database, self._window.current_reference
        if db is None or reference is None:
            return None
        return self._start(consensus_import(self._window, db, reference))

    def check_audit_trail(self) -> FileTask | None:
        """Check the tender's audit trail, as ``svdesk audit --verify`` does."""
        from svdesk.ui.audit_check import AuditCheck

        db, reference = self._window.database, self._window.current_reference
        if db is None or reference is None:
            return None
        return self._start(AuditCheck(self._window, db, reference))

    # -- running ------------------------------------------------------------------------------
    def _start(self, task: FileTask) -> FileTask:
        """Run ``task``, unless another is still running (which is then returned)."""
        running = self.task
        if running is not None and running.is_running():
            task.deleteLater()
            return running
        if running is not None:
            running.deleteLater()
        self.task = task
        task.done.connect(self._on_task_done)
        task.start()
        return task

    def _refresh_results(self) -> None:
        # Scores, a consensus or a new panel member may change what the Results page and
        # the summary's panel say.
        pages = self._window.pages
        if pages is None:
            return
        pages.refresh_panel()
        if pages.currentWidget() is pages.results:
            pages.results.refresh()

    @Slot(object)
    def _on_task_done(self, _path: Path) -> None:
        self._refresh_results()

    @Slot()
    def _on_panel_dialog_changed(self) -> None:
        self._refresh_results()

    @Slot()
    def _on_template_action_triggered(self) -> None:
        self.write_pack_template()

    @Slot()
    def _on_tender_template_action_triggered(self) -> None:
        self.write_pack_template(of_this_tender=True)

    @Slot()
    def _on_export_action_triggered(self) -> None:
        self.export_file("workbook")

    @Slot()
    def _on_report_action_triggered(self) -> None:
        self.export_file("report")

    @Slot()
    def _on_panel_action_triggered(self) -> None:
        self.open_panel()

    @Slot()
    def _on_score_sheet_action_triggered(self) -> None:
        self.write_score_sheet()

    @Slot()
    def _on_import_scores_action_triggered(self) -> None:
        self.import_score_sheet()

    @Slot()
    def _on_consensus_action_triggered(self) -> None:
        self.write_consensus_workbook()

    @Slot()
    def _on_import_consensus_action_triggered(self) -> None:
        self.import_consensus_workbook()

    @Slot()
    def _on_audit_action_triggered(self) -> None:
        self.check_audit_trail()
