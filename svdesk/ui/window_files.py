"""The window's work with files of the tender on show and with its panel: the evaluation
workbook and report, score sheets, the consensus workbook, and the Panel dialog.

One file task runs at a time (``task``). What changes the evaluation (a member added, score
sheets or a consensus read in, moderation opened) is announced through the window's
``TenderContext``, and the pages that show it read afresh.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Slot

if TYPE_CHECKING:
    from svdesk.store.database import Database
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
        c.evaluator_pack_action.triggered.connect(self._on_evaluator_pack_action_triggered)
        c.import_scores_action.triggered.connect(self._on_import_scores_action_triggered)
        c.consensus_action.triggered.connect(self._on_consensus_action_triggered)
        c.import_consensus_action.triggered.connect(self._on_import_consensus_action_triggered)
        c.audit_action.triggered.connect(self._on_audit_action_triggered)
        c.audit_tip_action.triggered.connect(self._on_audit_tip_action_triggered)

    # -- the evaluation workbook and report ---------------------------------------------------
    def export_file(self, kind: str) -> FileTask | None:
        """Ask where, then write the tender's evaluation ``"workbook"`` or ``"report"``."""
        from svdesk.ui.file_tasks import tender_export

        return self._for_tender(lambda db, ref: tender_export(self._window, db, ref, kind))

    def write_pack_template(self, *, of_this_tender: bool = False) -> FileTask | None:
        """An empty pack to fill in, or (``of_this_tender``) one pre-filled from the tender."""
        from svdesk.ui.file_tasks import pack_template_export

        tender = self._tender() if of_this_tender else None
        if of_this_tender and tender is None:
            return None
        return self._start(pack_template_export(self._window, tender))

    # -- the panel, score sheets and moderation ---------------------------------------------
    def open_panel(self) -> PanelDialog | None:
        from svdesk.ui.dialogs.panel_dialog import PanelDialog

        tender = self._tender()
        if tender is None:
            return None
        if self.panel_dialog is not None:
            self.panel_dialog.deleteLater()
        context = self._window.context
        dialog = PanelDialog(
            *tender, self._window, actor=context.actor_name, overview=context.overview
        )
        dialog.changed.connect(self._window.context.announce_panel)
        self.panel_dialog = dialog
        dialog.open()
        return dialog

    def write_score_sheet(self, evaluator: str | None = None) -> FileTask | None:
        """Write ``evaluator``'s score sheet (asked for when not given)."""
        from svdesk.ui.evaluation_files import choose_evaluator, score_sheet_export

        def make(db: Database, reference: str) -> FileTask | None:
            name = evaluator or choose_evaluator(self._window, db, reference)
            return None if name is None else score_sheet_export(self._window, db, reference, name)

        return self._for_tender(make)

    def write_evaluator_pack(self, evaluator: str | None = None) -> FileTask | None:
        """Write ``evaluator``'s evaluator pack (asked for when not given)."""
        from svdesk.ui.evaluation_files import choose_evaluator, evaluator_pack_export

        def make(db: Database, reference: str) -> FileTask | None:
            name = evaluator or choose_evaluator(
                self._window, db, reference, "Export an evaluator pack", "Whose pack?"
            )
            return (
                None if name is None else evaluator_pack_export(self._window, db, reference, name)
            )

        return self._for_tender(make)

    def import_score_sheet(self) -> FileTask | None:
        from svdesk.ui.evaluation_files import score_sheet_import

        context = self._window.context
        return self._for_tender(
            lambda db, _ref: score_sheet_import(self._window, db, context=context), write=True
        )

    def write_consensus_workbook(self) -> FileTask | None:
        """Write the consensus workbook, after saying that it opens moderation."""
        from svdesk.ui.evaluation_files import confirm_opening_moderation, consensus_export

        def make(db: Database, reference: str) -> FileTask | None:
            if not confirm_opening_moderation(self._window, db, reference):
                return None
            return consensus_export(self._window, db, reference, context=self._window.context)

        return self._for_tender(make, write=True)

    def import_consensus_workbook(self) -> FileTask | None:
        from svdesk.ui.evaluation_files import consensus_import

        context = self._window.context
        return self._for_tender(
            lambda db, ref: consensus_import(self._window, db, ref, context=context), write=True
        )

    def check_audit_trail(self) -> FileTask | None:
        """Check the tender's audit trail, as ``svdesk audit --verify`` does."""
        from svdesk.ui.audit_check import AuditCheck

        return self._for_tender(lambda db, ref: AuditCheck(self._window, db, ref))

    def check_against_tip(self) -> FileTask | None:
        """Ask for a tip printed on a document, then check that the trail still extends it."""
        from PySide6.QtWidgets import QInputDialog

        from svdesk.ui.audit_check import AuditCheck

        text, ok = QInputDialog.getText(
            self._window,
            "Check against a recorded tip",
            "The audit trail tip printed on the document (the letters' index.csv, the\n"
            "evaluation workbook's Tender sheet, or the report), as ENTRIES:HASH:",
        )
        if not ok or not text.strip():
            return None
        return self._for_tender(lambda db, ref: AuditCheck(self._window, db, ref, text))

    # -- running ------------------------------------------------------------------------------
    def _tender(self) -> tuple[Database, str] | None:
        """The database and the reference of the tender on show; None when there is none."""
        return self._window.context.tender()

    def _for_tender(
        self, make: Callable[[Database, str], FileTask | None], *, write: bool = False
    ) -> FileTask | None:
        """Make a task for the tender on show and run it; None when there is no tender, or
        ``make`` declines (the user cancelled a question it asked). A task that would
        ``write`` to a read-only database is refused, in one line, before it asks anything."""
        if write and self._window.refuse_if_read_only():
            return None
        tender = self._tender()
        task = None if tender is None else make(*tender)
        return None if task is None else self._start(task)

    def _start(self, task: FileTask) -> FileTask:
        """Run ``task``, unless another is still running (which is then returned)."""
        running = self.task
        if running is not None and running.is_running():
            task.deleteLater()
            return running
        if running is not None:
            running.deleteLater()
        self.task = task
        task.start()
        return task

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
    def _on_evaluator_pack_action_triggered(self) -> None:
        self.write_evaluator_pack()

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

    @Slot()
    def _on_audit_tip_action_triggered(self) -> None:
        self.check_against_tip()
