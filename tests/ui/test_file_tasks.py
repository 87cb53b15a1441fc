"""File > Export evaluation workbook… and File > Evaluation report… in the window."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QMessageBox
from pytestqt.qtbot import QtBot

import svdesk.documents.evaluation_workbook as evaluation_workbook
from svdesk.store.database import Database
from tests.support.threads import threads_calling
from tests.ui.conftest import DEMO_REFERENCE, OFFSCREEN_MESSAGE_BOXES, window_on

TIMEOUT = 60_000
pytestmark = OFFSCREEN_MESSAGE_BOXES


def save_as(monkeypatch: pytest.MonkeyPatch, path: Path | None) -> list[str]:
    """Answer the save dialog with ``path`` (None: the user cancels); what it suggested."""
    suggested: list[str] = []

    def answer(_parent: Any, _title: str, start: str, _filter: str) -> tuple[str, str]:
        suggested.append(start)
        return (str(path) if path is not None else "", "")

    monkeypatch.setattr(QFileDialog, "getSaveFileName", answer)
    return suggested


def test_the_workbook_is_written_off_the_ui_thread_and_can_be_opened(
    qtbot: QtBot, demo_db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    output = tmp_path / "evaluation.xlsx"
    suggested = save_as(monkeypatch, output)
    threads = threads_calling(monkeypatch, evaluation_workbook, "write_evaluation_workbook")
    window = window_on(qtbot, demo_db)
    assert window.commands.export_action.isEnabled()

    window.commands.export_action.trigger()
    export = window.files.task
    assert export is not None
    with qtbot.waitSignal(export.done, timeout=TIMEOUT) as written:
        pass
    qtbot.waitUntil(lambda: not export.is_running(), timeout=TIMEOUT)

    assert suggested[0].endswith(f"{DEMO_REFERENCE} evaluation.xlsx")
    assert written.args == [output]
    assert threads
    assert threads[0] is not threading.main_thread()
    book = load_workbook(output)
    assert "Consensus" in book.sheetnames
    box = export.message_box
    assert box is not None
    assert box.text() == "Wrote evaluation.xlsx"
    assert box.informativeText() == f"In {tmp_path}"

    opened: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    open_button = next(b for b in box.buttons() if b.text() == "Open")
    open_button.click()
    assert [Path(url.toLocalFile()) for url in opened] == [output]


def test_the_report_is_written_as_a_pdf(
    qtbot: QtBot, demo_db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    output = tmp_path / "report.pdf"
    suggested = save_as(monkeypatch, output)
    window = window_on(qtbot, demo_db)

    export = window.files.export_file("report")
    assert export is not None
    with qtbot.waitSignal(export.done, timeout=TIMEOUT):
        pass
    qtbot.waitUntil(lambda: not export.is_running(), timeout=TIMEOUT)

    assert suggested[0].endswith(f"{DEMO_REFERENCE} evaluation report.pdf")
    text = " ".join(page.extract_text() for page in PdfReader(output).pages)
    assert DEMO_REFERENCE in text
    assert export.message_box is not None
    assert export.message_box.icon() is QMessageBox.Icon.Information


def test_a_file_that_cannot_be_written_is_refused_with_its_reason(
    qtbot: QtBot, demo_db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    output = tmp_path / "report.txt"
    save_as(monkeypatch, output)
    window = window_on(qtbot, demo_db)

    export = window.files.export_file("report")
    assert export is not None
    with qtbot.waitSignal(export.refused, timeout=TIMEOUT) as refused:
        pass
    qtbot.waitUntil(lambda: not export.is_running(), timeout=TIMEOUT)

    reason = f"{output}: the evaluation report is a PDF file; name it ….pdf"
    assert refused.args == [[reason]]
    box = export.message_box
    assert box is not None
    assert box.icon() is QMessageBox.Icon.Warning
    assert box.text() == "The evaluation report was not written."
    assert box.informativeText() == reason
    assert not output.exists()


def test_cancelling_the_save_dialog_writes_nothing(
    qtbot: QtBot, demo_db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    save_as(monkeypatch, None)
    window = window_on(qtbot, demo_db)

    export = window.files.export_file("workbook")
    assert export is not None
    assert not export.is_running()
    assert export.message_box is None
    assert list(tmp_path.rglob("*.xlsx")) == []


def test_a_slow_export_shows_that_it_is_working_then_closes_it(
    qtbot: QtBot, tmp_path: Path
) -> None:
    from PySide6.QtWidgets import QMainWindow

    from svdesk.ui.file_tasks import FileExport

    parent = QMainWindow()
    qtbot.addWidget(parent)
    parent.show()
    release = threading.Event()

    def slow(output: Path) -> Path:
        release.wait(30)
        output.write_text("written", encoding="utf-8")
        return output

    export = FileExport(
        parent, what="evaluation report", suggested_name="r.pdf", file_filter="", write=slow
    )
    export.write_to(tmp_path / "r.pdf")
    progress = export.progress
    assert progress is not None
    qtbot.waitUntil(progress.isVisible, timeout=TIMEOUT)
    assert progress.labelText() == "Writing the evaluation report…"
    with qtbot.waitSignal(export.done, timeout=TIMEOUT):
        release.set()
    qtbot.waitUntil(lambda: export.progress is None, timeout=TIMEOUT)  # closed and let go
    assert not export.is_running()


def test_no_tender_no_export(qtbot: QtBot, empty_db: Database) -> None:
    window = window_on(qtbot, empty_db)
    assert not window.commands.export_action.isEnabled()
    assert not window.commands.report_action.isEnabled()
    assert window.files.export_file("workbook") is None


def test_a_long_list_of_reasons_is_cut_short_and_kept_whole_under_details(
    qtbot: QtBot, tmp_path: Path
) -> None:
    from PySide6.QtWidgets import QMainWindow

    from svdesk.services.refusals import Refused
    from svdesk.ui.file_tasks import SHOWN_DETAILS, BatchImport

    parent = QMainWindow()
    qtbot.addWidget(parent)
    reasons = [f"Scores!L{row}: 30 is not a score of the scale" for row in range(2, 42)]

    def refuse(_path: Path) -> str:
        raise Refused(reasons)

    task = BatchImport(parent, what="score sheet", file_filter="", read=refuse)
    with qtbot.waitSignal(task.done, timeout=TIMEOUT):
        task.read_all([tmp_path / "ben.xlsx"])
    qtbot.waitUntil(lambda: task.message_box is not None, timeout=TIMEOUT)
    box = task.message_box
    assert box is not None
    shown = box.informativeText().splitlines()
    assert len(shown) == SHOWN_DETAILS + 1
    assert shown[-1] == f"… and {1 + len(reasons) - SHOWN_DETAILS} more lines."
    every = box.detailedText().splitlines()
    assert every[0] == "ben.xlsx was not imported; nothing of it was changed:"
    assert every[1:] == [f"    {reason}" for reason in reasons]
    assert task.not_imported == [tmp_path / "ben.xlsx"]
    assert task.imported == []


def test_pack_templates_empty_or_of_the_tender_on_show(
    qtbot: QtBot, demo_db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    empty, prefilled = tmp_path / "empty.xlsx", tmp_path / "prefilled.xlsx"
    answers = [str(empty), str(prefilled)]
    suggested: list[str] = []

    def answer(_parent: Any, _title: str, start: str, _filter: str) -> tuple[str, str]:
        suggested.append(Path(start).name)
        return answers.pop(0), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", answer)
    window = window_on(qtbot, demo_db)
    assert window.commands.template_action.isEnabled()
    assert window.commands.tender_template_action.isEnabled()

    for of_this_tender in (False, True):
        task = window.files.write_pack_template(of_this_tender=of_this_tender)
        assert task is not None
        with qtbot.waitSignal(task.done, timeout=TIMEOUT):
            pass
        qtbot.waitUntil(lambda task=task: not task.is_running(), timeout=TIMEOUT)

    assert suggested == ["tender pack.xlsx", f"{DEMO_REFERENCE} pack.xlsx"]
    blank, filled = load_workbook(empty), load_workbook(prefilled)
    assert "Instructions" in blank.sheetnames

    def reference(book: Any) -> Any:
        rows = book["Tender"].iter_rows(min_row=2, values_only=True)
        return next(value for field, value, *_rest in rows if field == "Reference")

    assert reference(blank) in (None, "")
    assert reference(filled) == DEMO_REFERENCE


def test_no_tender_no_template_of_it(qtbot: QtBot, empty_db: Database) -> None:
    window = window_on(qtbot, empty_db)
    assert window.commands.template_action.isEnabled()
    assert not window.commands.tender_template_action.isEnabled()
    assert window.files.write_pack_template(of_this_tender=True) is None
