"""The evaluation's workbooks from the window: an evaluator's score sheet and the
moderation's consensus workbook, written and read by the same functions as ``svdesk
sheet``, ``svdesk scores`` and ``svdesk consensus``. Given the window's ``TenderContext``,
each that records something announces it there once done."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QInputDialog, QMessageBox, QWidget

from svdesk.ui.file_tasks import WORKBOOKS, BatchImport, FileExport, FileImport

EVALUATOR_PACKS = "Evaluator packs (*.zip)"
SCORE_FILES = "Score sheets and evaluator packs (*.xlsx *.zip);;Excel workbooks (*.xlsx);;" + (
    EVALUATOR_PACKS
)

if TYPE_CHECKING:
    from svdesk.store.database import Database
    from svdesk.ui.tender_context import TenderContext


def choose_evaluator(
    parent: QWidget,
    db: Database,
    reference: str,
    title: str = "Write a score sheet",
    question: str = "Whose score sheet?",
) -> str | None:
    """Ask whose score sheet to write; None when there is nobody, or the user declines."""
    from svdesk.domain.evaluation_rules import PanelRole
    from svdesk.services.panel import list_members

    names = [m.name for m in list_members(db, reference) if m.role is PanelRole.EVALUATOR]
    if not names:
        QMessageBox.information(
            parent,
            "No evaluators yet",
            "The panel has no evaluators yet. Add them first: Evaluation > Panel…",
        )
        return None
    name, chosen = QInputDialog.getItem(parent, title, question, names, 0, False)
    return name if chosen and name else None


def score_sheet_export(parent: QWidget, db: Database, reference: str, evaluator: str) -> FileExport:
    from svdesk.documents.letter_batch import safe_part

    def write(output: Path) -> Path:
        from svdesk.sheets.score_sheet import write_score_sheet

        return write_score_sheet(db, reference, evaluator, output)

    return FileExport(
        parent,
        what=f"score sheet of {evaluator}",
        suggested_name=f"{reference} score sheet {safe_part(evaluator)}.xlsx",
        file_filter=WORKBOOKS,
        write=write,
    )


def evaluator_pack_export(
    parent: QWidget, db: Database, reference: str, evaluator: str
) -> FileExport:
    from svdesk.documents.letter_batch import safe_part

    def write(output: Path) -> Path:
        from svdesk.sheets.evaluator_pack import write_evaluator_pack

        return write_evaluator_pack(db, reference, evaluator, output)

    return FileExport(
        parent,
        what=f"evaluator pack of {evaluator}",
        suggested_name=f"{reference} evaluator pack {safe_part(evaluator)}.zip",
        file_filter=EVALUATOR_PACKS,
        write=write,
    )


def score_sheet_import(
    parent: QWidget, db: Database, *, context: TenderContext | None = None
) -> BatchImport:
    """The panel's filled score sheets and returned evaluator packs, one or several at
    once, each all or nothing."""

    actor = None if context is None else context.actor_name  # None: the login

    def read(path: Path) -> str:
        if path.suffix.lower() == ".zip":
            from svdesk.sheets.evaluator_pack import import_evaluator_pack

            return import_evaluator_pack(db, path, actor=actor).summary()
        from svdesk.sheets.score_sheet import import_score_sheet

        return import_score_sheet(db, path, actor=actor).summary()

    task = BatchImport(parent, what="score sheet", file_filter=SCORE_FILES, read=read)
    if context is not None:
        task.done.connect(context.announce_scores)
    return task


def confirm_opening_moderation(parent: QWidget, db: Database, reference: str) -> bool:
    """Writing the consensus workbook opens moderation; ask first, the first time."""
    from svdesk.services.moderation import moderation_is_open

    if moderation_is_open(db, reference):
        return True
    answer = QMessageBox.question(
        parent,
        "Open moderation?",
        "Writing the consensus workbook opens moderation of this tender.\n\n"
        "From then on the evaluators' scores are shown side by side and can no longer be "
        "submitted or changed. Do this when every evaluator has submitted their score sheet.",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
        QMessageBox.StandardButton.Cancel,
    )
    return answer == QMessageBox.StandardButton.Yes


def consensus_export(
    parent: QWidget, db: Database, reference: str, *, context: TenderContext | None = None
) -> FileExport:
    """The consensus workbook; writing it opens moderation (announced as a consensus change)."""

    actor = None if context is None else context.actor_name  # None: the login

    def write(output: Path) -> Path:
        from svdesk.sheets.consensus_sheet import write_consensus_template

        return write_consensus_template(db, reference, output, actor=actor)

    task = FileExport(
        parent,
        what="consensus workbook",
        suggested_name=f"{reference} consensus.xlsx",
        file_filter=WORKBOOKS,
        write=write,
    )
    if context is not None:
        task.done.connect(context.announce_consensus)
    return task


def consensus_import(
    parent: QWidget, db: Database, reference: str, *, context: TenderContext | None = None
) -> FileImport:
    actor = None if context is None else context.actor_name  # None: the login

    def read(path: Path) -> str:
        from svdesk.sheets.consensus_sheet import import_consensus_sheet

        return import_consensus_sheet(db, path, reference=reference, actor=actor).summary()

    task = FileImport(parent, what="consensus workbook", file_filter=WORKBOOKS, read=read)
    if context is not None:
        task.done.connect(context.announce_consensus)
    return task
