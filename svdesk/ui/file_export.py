"""Writing one file of a tender from the window (the evaluation workbook, the report).

The file is chosen in a save dialog, written on a worker thread behind a busy dialog
(the window stays responsive), and the outcome is told in a message box: where the file
is, with a button to open it, or every reason it was not written.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QUrl, Signal, Slot
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QMessageBox, QProgressDialog, QWidget

from svdesk.ui.folders import documents_folder
from svdesk.ui.task_worker import Progress, TaskWorker, start_on_thread

if TYPE_CHECKING:
    from PySide6.QtCore import QThread

    from svdesk.services.refusals import Refused
    from svdesk.store.database import Database

Writer = Callable[[Path], Path]


class FileExport(QObject):
    """One export: ``start()`` asks where, writes, and says how it went.

    ``written`` carries the file's path; ``refused`` the reasons it was not written.
    ``message_box`` is the box last shown (for the caller, and for tests).
    """

    written = Signal(object)  # the Path written
    refused = Signal(object)  # list[str]: every reason, nothing written

    def __init__(
        self,
        parent: QWidget,
        *,
        what: str,
        suggested_name: str,
        file_filter: str,
        write: Writer,
    ) -> None:
        super().__init__(parent)
        self._parent = parent
        self._what = what
        self._suggested = suggested_name
        self._filter = file_filter
        self._write = write
        self._thread: QThread | None = None
        self._worker: TaskWorker | None = None
        self.progress: QProgressDialog | None = None
        self._output: Path | None = None
        self.message_box: QMessageBox | None = None

    def is_running(self) -> bool:
        return self._thread is not None and self._thread.isRunning()

    def start(self) -> bool:
        """Ask for the file, then write it on a worker thread; False when the user declines."""
        path, _chosen = QFileDialog.getSaveFileName(
            self._parent,
            f"Save the {self._what}",
            str(documents_folder() / self._suggested),
            self._filter,
        )
        if not path:
            return False
        self.write_to(Path(path))
        return True

    def write_to(self, output: Path) -> None:
        """Write to ``output`` on a worker thread; the outcome is told when it is done."""
        write = self._write
        self._output = output

        def task(_progress: Progress) -> object:
            return write(output)

        progress = QProgressDialog(f"Writing the {self._what}…", "", 0, 0, self._parent)
        progress.setWindowTitle("svdesk")
        progress.setMinimumWidth(360)
        progress.setCancelButton(None)  # the file is written whole or not at all
        progress.setMinimumDuration(300)
        progress.setAutoClose(False)
        progress.setValue(0)  # starts its clock: it shows itself if the work takes a while
        self.progress = progress
        worker = TaskWorker(task, f"writing the {self._what} to {output}")
        worker.succeeded.connect(self._on_worker_succeeded)
        worker.refused.connect(self._on_worker_refused)
        worker.failed.connect(self._on_worker_failed)
        worker.finished.connect(self._on_worker_finished)
        self._worker = worker  # kept: a worker nobody holds would be deleted mid-task
        self._thread = start_on_thread(worker, self)

    # -- how it went --------------------------------------------------------------------------
    @Slot(object)
    def _on_worker_succeeded(self, path: Path) -> None:
        box = self._box(
            QMessageBox.Icon.Information,
            f"The {self._what} is written",
            f"Wrote {path.name}",
            f"In {path.parent}",
        )
        open_button = box.addButton("Open", QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Close)
        open_button.clicked.connect(lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))))
        box.open()
        self.written.emit(path)

    @Slot(object)
    def _on_worker_refused(self, refused: Refused) -> None:
        self._tell_not_written(refused.reasons)

    @Slot(str)
    def _on_worker_failed(self, message: str) -> None:
        self._tell_not_written([f"Something went wrong that svdesk did not expect: {message}"])

    @Slot()
    def _on_worker_finished(self) -> None:
        if self._thread is not None:
            self._thread.wait()
        self._worker = None
        if self.progress is not None:
            self.progress.close()
            self.progress.deleteLater()
            self.progress = None

    def _tell_not_written(self, reasons: list[str]) -> None:
        box = self._box(
            QMessageBox.Icon.Warning,
            f"The {self._what} was not written",
            f"The {self._what} was not written.",
            "\n".join(reasons),
        )
        box.addButton(QMessageBox.StandardButton.Close)
        box.open()
        self.refused.emit(reasons)

    def _box(self, icon: QMessageBox.Icon, title: str, text: str, detail: str) -> QMessageBox:
        if self.message_box is not None:
            self.message_box.deleteLater()
        box = QMessageBox(icon, title, text, QMessageBox.StandardButton.NoButton, self._parent)
        box.setInformativeText(detail)
        self.message_box = box
        return box


# What each of a tender's exports is called, its file's suggested name, and its kind.
_TENDER_EXPORTS = {
    "workbook": ("evaluation workbook", "{} evaluation.xlsx", "Excel workbooks (*.xlsx)"),
    "report": ("evaluation report", "{} evaluation report.pdf", "PDF files (*.pdf)"),
}


def tender_export(parent: QWidget, db: Database, reference: str, kind: str) -> FileExport:
    """Tender ``reference``'s evaluation ``"workbook"`` (``svdesk export``) or ``"report"``
    (``svdesk report``), written by the same functions as the command line's."""
    what, name, file_filter = _TENDER_EXPORTS[kind]

    def write(output: Path) -> Path:
        if kind == "workbook":
            from svdesk.documents.evaluation_workbook import write_evaluation_workbook

            return write_evaluation_workbook(db, reference, output)
        from svdesk.documents.evaluation_report import write_evaluation_report

        return write_evaluation_report(db, reference, output)

    return FileExport(
        parent,
        what=what,
        suggested_name=name.format(reference),
        file_filter=file_filter,
        write=write,
    )
