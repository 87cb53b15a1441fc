"""Writing or reading one file from the window: the evaluation workbook and report, a
score sheet, the consensus workbook.

The file is chosen in a file dialog, written or read on a worker thread behind a busy
dialog (the window stays responsive), and the outcome is told in a message box: what was
done, or every reason it was not.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QMessageBox, QProgressDialog, QWidget

from svdesk.ui.background import Progress, TaskHandle, background_tasks
from svdesk.ui.folders import documents_folder
from svdesk.ui.formatting import count
from svdesk.ui.plain_text import plain_box, plain_progress

if TYPE_CHECKING:
    from svdesk.services.refusals import Refused
    from svdesk.store.database import Database

Writer = Callable[[Path], Path]
WORKBOOKS = "Excel workbooks (*.xlsx)"  # the file dialogs' filter for workbooks
SHOWN_DETAILS = 12  # lines of reasons in a message box; the rest under Show Details
Reader = Callable[[Path], str]  # what was recorded, in words


class FileTask(QObject):
    """One file's work on a worker thread, behind a busy dialog, told in a message box.

    ``done`` carries the file's path; ``refused`` the reasons nothing was done.
    ``message_box`` is the box last shown (for the caller, and for tests).
    """

    done = Signal(object)  # the Path written or read
    refused = Signal(object)  # list[str]: every reason, nothing changed

    def __init__(self, parent: QWidget, *, what: str) -> None:
        super().__init__(parent)
        self._parent = parent
        self._what = what
        self._running: TaskHandle[object] | None = None
        self._path: Path | None = None
        self.progress: QProgressDialog | None = None
        self.message_box: QMessageBox | None = None

    def is_running(self) -> bool:
        return self._running is not None and self._running.running

    def start(self) -> bool:
        """Begin (asking first where a task needs to); False when the user cancelled."""
        raise NotImplementedError

    # -- what each kind of task says -------------------------------------------------------
    def _busy_text(self) -> str:
        raise NotImplementedError

    def _not_done_text(self) -> str:
        raise NotImplementedError

    def _tell_done(self, path: Path, result: object) -> None:
        raise NotImplementedError

    # -- running ---------------------------------------------------------------------------
    def _run(self, path: Path, work: Callable[[Path], object]) -> None:
        self._path = path

        def task(_progress: Progress) -> object:
            return work(path)

        progress = QProgressDialog(self._busy_text(), "", 0, 0, self._parent)
        plain_progress(progress)  # "Writing the score sheet of <a panel member>…"
        progress.setWindowTitle("svdesk")
        progress.setMinimumWidth(360)
        progress.setCancelButton(None)  # the work is done whole or not at all
        progress.setMinimumDuration(300)
        progress.setAutoClose(False)
        progress.setValue(0)  # starts its clock: it shows itself if the work takes a while
        self.progress = progress
        self._running = background_tasks().run(
            task,
            owner=self,
            what=f"{self._busy_text()} ({path})",
            on_done=self._on_task_done,
            on_refused=self._on_task_refused,
            on_failed=self._on_task_failed,
            on_finished=self._on_task_finished,
        )

    def _on_task_done(self, result: object) -> None:
        assert self._path is not None
        self._tell_done(self._path, result)
        self.done.emit(self._path)

    def _on_task_refused(self, refused: Refused) -> None:
        self._tell_not_done(refused.reasons)

    def _on_task_failed(self, message: str) -> None:
        self._tell_not_done([f"Something went wrong that svdesk did not expect: {message}"])

    def _on_task_finished(self) -> None:
        if self.progress is not None:
            self.progress.close()
            self.progress.deleteLater()
            self.progress = None

    def _tell_not_done(self, reasons: list[str]) -> None:
        box = self._box(
            QMessageBox.Icon.Warning, self._not_done_text(), self._not_done_text(), reasons
        )
        box.addButton(QMessageBox.StandardButton.Close)
        box.open()
        self.refused.emit(reasons)

    def _box(
        self, icon: QMessageBox.Icon, title: str, text: str, details: list[str]
    ) -> QMessageBox:
        if self.message_box is not None:
            self.message_box.deleteLater()
        box = QMessageBox(icon, title, text, QMessageBox.StandardButton.NoButton, self._parent)
        # Wide enough that a path or a reason reads on one or two lines, not five.
        box.setStyleSheet(
            "QLabel#qt_msgbox_label, QLabel#qt_msgbox_informativelabel { min-width: 440px; }"
        )
        if len(details) <= SHOWN_DETAILS:
            box.setInformativeText("\n".join(details))
        else:
            # A sheet refused row by row would make a box taller than the screen: the first
            # lines are shown, and all of them under Show Details (where they can be copied).
            hidden = len(details) - SHOWN_DETAILS
            box.setInformativeText(
                "\n".join(details[:SHOWN_DETAILS]) + f"\n… and {count(hidden, 'more line')}."
            )
            box.setDetailedText("\n".join(details))
        plain_box(box)  # a reason may quote a bidder's name or a file's
        self.message_box = box
        return box


class FileExport(FileTask):
    """Writes one file: ``start()`` asks where, writes, and says where it is."""

    def __init__(
        self,
        parent: QWidget,
        *,
        what: str,
        suggested_name: str,
        file_filter: str,
        write: Writer,
    ) -> None:
        super().__init__(parent, what=what)
        self._suggested = suggested_name
        self._filter = file_filter
        self._write = write

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
        self._run(output, self._write)

    def _busy_text(self) -> str:
        return f"Writing the {self._what}…"

    def _not_done_text(self) -> str:
        return f"The {self._what} was not written."

    def _tell_done(self, path: Path, result: object) -> None:
        written = Path(str(result)) if result is not None else path
        box = self._box(
            QMessageBox.Icon.Information,
            f"The {self._what} is written",
            f"Wrote {written.name}",
            [f"In {written.parent}"],
        )
        open_button = box.addButton("Open", QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Close)
        open_button.clicked.connect(
            lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(written)))
        )
        box.open()


class FileImport(FileTask):
    """Reads one file into the database: ``start()`` asks which, reads it, says what came in."""

    def __init__(self, parent: QWidget, *, what: str, file_filter: str, read: Reader) -> None:
        super().__init__(parent, what=what)
        self._filter = file_filter
        self._read = read

    def start(self) -> bool:
        """Ask for the file, then read it on a worker thread; False when the user declines."""
        path, _chosen = QFileDialog.getOpenFileName(
            self._parent, f"Import the {self._what}", str(documents_folder()), self._filter
        )
        if not path:
            return False
        self.read_from(Path(path))
        return True

    def read_from(self, path: Path) -> None:
        """Read ``path`` on a worker thread; the outcome is told when it is done."""
        self._run(path, self._read)

    def _busy_text(self) -> str:
        return f"Importing the {self._what}…"

    def _not_done_text(self) -> str:
        return f"The {self._what} was not imported; nothing was changed."

    def _tell_done(self, path: Path, result: object) -> None:
        box = self._box(
            QMessageBox.Icon.Information,
            f"The {self._what} is imported",
            f"Imported {path.name}",
            [str(result)],
        )
        box.addButton(QMessageBox.StandardButton.Close)
        box.open()


class BatchImport(FileTask):
    """Reads several files of one kind (the panel's score sheets), each on its own: a file
    that is refused changes nothing, and does not stop the others.

    ``done`` is emitted once every file has been tried; ``imported`` and ``not_imported``
    then say which came in.
    """

    def __init__(self, parent: QWidget, *, what: str, file_filter: str, read: Reader) -> None:
        super().__init__(parent, what=what)
        self._filter = file_filter
        self._read = read
        self.imported: list[Path] = []
        self.not_imported: list[Path] = []

    def start(self) -> bool:
        """Ask for the files, then read them on a worker thread; False when none is chosen."""
        paths, _chosen = QFileDialog.getOpenFileNames(
            self._parent, f"Import {self._what}s", str(documents_folder()), self._filter
        )
        if not paths:
            return False
        self.read_all([Path(p) for p in paths])
        return True

    def read_all(self, paths: list[Path]) -> None:
        """Read each of ``paths`` in turn on a worker thread; the outcome is told at the end."""
        from svdesk.services.refusals import Refused
        from svdesk.store.errors import DatabaseError

        read = self._read

        def work(_first: Path) -> object:
            outcomes: list[tuple[Path, str, list[str]]] = []
            for path in paths:
                try:
                    outcomes.append((path, read(path), []))
                except Refused as refused:
                    outcomes.append((path, "", refused.reasons))
                except DatabaseError as exc:
                    # Busy or read-only: this file is not imported, those before it are.
                    outcomes.append((path, "", [str(exc)]))
            return outcomes

        self._run(paths[0], work)

    def _busy_text(self) -> str:
        return f"Importing {self._what}s…"

    def _not_done_text(self) -> str:
        return f"No {self._what} was imported; nothing was changed."

    def _tell_done(self, path: Path, result: object) -> None:
        outcomes: list[tuple[Path, str, list[str]]] = result  # type: ignore[assignment]
        self.imported = [p for p, _summary, reasons in outcomes if not reasons]
        self.not_imported = [p for p, _summary, reasons in outcomes if reasons]
        details = []
        for p, summary, reasons in outcomes:
            if reasons:
                details.append(f"{p.name} was not imported; nothing of it was changed:")
                details.extend(f"    {reason}" for reason in reasons)
            else:
                details.append(f"{p.name}: {summary}")
        if not self.not_imported:
            kind = QMessageBox.Icon.Information
            text = f"Imported {count(len(outcomes), self._what)}"
        elif not self.imported:
            kind, text = QMessageBox.Icon.Warning, self._not_done_text()
        else:
            kind = QMessageBox.Icon.Warning
            text = (
                f"Imported {len(self.imported)} of {count(len(outcomes), self._what)}; "
                f"{len(self.not_imported)} could not be"
            )
        box = self._box(kind, text, text, details)
        box.addButton(QMessageBox.StandardButton.Close)
        box.open()


# What each of a tender's exports is called, its file's suggested name, and its kind.
_TENDER_EXPORTS = {
    "workbook": ("evaluation workbook", "{} evaluation.xlsx", WORKBOOKS),
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


def pack_template_export(parent: QWidget, tender: tuple[Database, str] | None) -> FileExport:
    """A pack workbook to fill in (``svdesk template``): empty, or pre-filled from
    ``tender`` (``svdesk template --tender REF``)."""

    def write(output: Path) -> Path:
        from svdesk.services.templates import write_pack_template

        if tender is None:
            return write_pack_template(output)
        db, reference = tender
        return write_pack_template(output, db=db, reference=reference)

    name = "tender pack.xlsx" if tender is None else f"{tender[1]} pack.xlsx"
    return FileExport(
        parent,
        what="pack template",
        suggested_name=name,
        file_filter=WORKBOOKS,
        write=write,
    )
