"""The window on a busy database and on a read-only one: the same sentences as the command
line, no SQL, and nothing changed."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from PySide6.QtWidgets import QFileDialog, QMessageBox
from pytestqt.qtbot import QtBot

from svdesk.domain.evaluation_rules import PanelRole
from svdesk.services.panel import add_member, list_members
from svdesk.sheets.score_sheet import write_score_sheet
from svdesk.store.database import Database, open_database
from svdesk.ui.dialogs.import_dialog import NOTHING_CHANGED
from svdesk.ui.file_tasks import FileTask
from tests.support.packs import write_pack
from tests.support.read_only import read_only_url
from tests.support.snapshot import snapshot
from tests.ui.conftest import OFFSCREEN_MESSAGE_BOXES, REFERENCE, MakeDb, window_on

TIMEOUT = 20_000
ANN = "Ann Evaluator"
WHY = "Clear commitments with numbers, dates and a credible reporting plan."
SQL_WORDS = ("SQL", "INSERT", "SELECT", "BEGIN", "parameters", "sqlite3")
pytestmark = OFFSCREEN_MESSAGE_BOXES


def busy_sentence(location: object) -> str:
    return (
        f"The database {location} is busy: another svdesk (or another window) is writing to "
        "it. Try again when it has finished."
    )


def read_only_sentence(location: object) -> str:
    return f"The database {location} is read-only: svdesk can show it but not change it."


@pytest.fixture
def db_file(make_db: MakeDb, tmp_path: Path) -> Path:
    """A tender with Ann on its panel, and her score sheet filled in (``ann.xlsx``)."""
    db = make_db()
    add_member(db, REFERENCE, ANN)
    add_member(db, REFERENCE, "Mo Derator", PanelRole.MODERATOR)
    sheet = write_score_sheet(db, REFERENCE, ANN, tmp_path / "ann.xlsx")
    book = load_workbook(sheet)
    for worksheet in book.worksheets:
        header = [cell.value for cell in worksheet[1]]
        for column, value in {"Score": 75, "Justification": WHY, "Conflict": "No"}.items():
            if column in header:
                for row in range(2, worksheet.max_row + 1):
                    worksheet.cell(row, header.index(column) + 1).value = value
    book.save(sheet)
    db.close()
    return tmp_path / "t.sqlite"


def finished(qtbot: QtBot, task: FileTask | None) -> FileTask:
    assert task is not None
    qtbot.waitUntil(lambda: task.message_box is not None and not task.is_running(), timeout=TIMEOUT)
    return task


def open_files(monkeypatch: pytest.MonkeyPatch, *paths: Path) -> list[str]:
    """Answer the open dialogs with ``paths``; what asked (nothing should, when refused)."""
    asked: list[str] = []

    def many(*_args: Any) -> tuple[list[str], str]:
        asked.append("files")
        return [str(p) for p in paths], ""

    def one(*_args: Any) -> tuple[str, str]:
        asked.append("file")
        return str(paths[0]), ""

    monkeypatch.setattr(QFileDialog, "getOpenFileNames", many)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", one)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", one)
    return asked


# -- busy -----------------------------------------------------------------------------------


@pytest.fixture
def busy(db_file: Path) -> Iterator[Database]:
    """The database, waiting a moment only for another program that holds its write lock."""
    db = open_database(db_file, busy_timeout=0.3)
    other = sqlite3.connect(db_file, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    yield db
    other.close()
    db.close()


def test_a_busy_database_is_said_in_the_panel_dialog(
    qtbot: QtBot, busy: Database, db_file: Path
) -> None:
    before = snapshot(db_file)
    window = window_on(qtbot, busy)
    dialog = window.files.open_panel()
    assert dialog is not None

    with qtbot.waitSignal(dialog.added, timeout=10_000) as added:
        dialog.add("Ben Evaluator", PanelRole.EVALUATOR)
        assert not dialog.add_button.isEnabled()  # one addition at a time
    assert added.args == [False]

    assert dialog.banner.text() == busy_sentence(db_file)
    assert snapshot(db_file) == before


def test_the_panel_dialog_says_it_is_waiting_for_a_busy_database(
    qtbot: QtBot, db_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import svdesk.ui.dialogs.panel_dialog as panel_dialog

    monkeypatch.setattr(panel_dialog, "WAITING_AFTER_MS", 100)
    db = open_database(db_file, busy_timeout=3.0)
    other = sqlite3.connect(db_file, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        window = window_on(qtbot, db)
        dialog = window.files.open_panel()
        assert dialog is not None
        with qtbot.waitSignal(dialog.added, timeout=10_000) as added:
            dialog.add("Ben Evaluator", PanelRole.EVALUATOR)
            # The window stays responsive, and says what it is waiting for.
            qtbot.waitUntil(lambda: dialog.banner.text() == panel_dialog.WAITING, timeout=2000)
            other.execute("COMMIT")  # the other svdesk finishes
        assert added.args == [True]
        assert dialog.banner.text() == "✓  Ben Evaluator is on the panel as evaluator."
    finally:
        other.close()
        db.close()


def test_a_busy_database_is_said_when_a_score_sheet_is_imported(
    qtbot: QtBot, busy: Database, db_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    open_files(monkeypatch, tmp_path / "ann.xlsx")
    before = snapshot(db_file)
    window = window_on(qtbot, busy)

    task = finished(qtbot, window.files.import_score_sheet())

    box = task.message_box
    assert box is not None
    assert box.icon() is QMessageBox.Icon.Warning
    assert box.text() == "No score sheet was imported; nothing was changed."
    assert box.informativeText() == (
        f"ann.xlsx was not imported; nothing of it was changed:\n    {busy_sentence(db_file)}"
    )
    assert not any(word in box.informativeText() for word in SQL_WORDS)
    assert snapshot(db_file) == before


def test_sheets_imported_before_the_database_was_busy_are_said_to_be_imported(
    qtbot: QtBot, db_file: Path, tmp_path: Path
) -> None:
    from svdesk.store.errors import DatabaseBusy
    from svdesk.ui.file_tasks import BatchImport
    from svdesk.ui.main_window import MainWindow

    def read(path: Path) -> str:
        if path.name == "second.xlsx":
            raise DatabaseBusy(str(db_file))
        return "6 score(s) submitted"

    parent = MainWindow()
    qtbot.addWidget(parent)
    task = BatchImport(parent, what="score sheet", file_filter="", read=read)
    task.read_all([tmp_path / "first.xlsx", tmp_path / "second.xlsx"])
    finished(qtbot, task)

    assert task.imported == [tmp_path / "first.xlsx"]
    box = task.message_box
    assert box is not None
    assert box.text() == "Imported 1 of 2 score sheets; 1 could not be"
    assert box.informativeText().splitlines() == [
        "first.xlsx: 6 score(s) submitted",
        "second.xlsx was not imported; nothing of it was changed:",
        f"    {busy_sentence(db_file)}",
    ]


def test_a_busy_database_is_said_when_a_pack_is_imported(
    qtbot: QtBot, busy: Database, db_file: Path, tmp_path: Path
) -> None:
    window = window_on(qtbot, busy)
    dialog = window.start_import(write_pack(tmp_path / "other.xlsx"))
    assert dialog is not None
    qtbot.waitUntil(lambda: not dialog.is_running(), timeout=TIMEOUT)

    assert dialog.heading.text() == "other.xlsx could not be imported"
    assert dialog.banner.text() == f"{busy_sentence(db_file)}\n\n{NOTHING_CHANGED}"


# -- read-only ------------------------------------------------------------------------------


@pytest.fixture
def read_only(db_file: Path) -> Iterator[Database]:
    db = open_database(read_only_url(db_file))
    yield db
    db.close()


def test_a_read_only_database_says_so_and_refuses_each_change_in_one_line(
    qtbot: QtBot,
    read_only: Database,
    db_file: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    told: list[tuple[str, str]] = []
    monkeypatch.setattr(
        QMessageBox, "information", lambda _parent, title, text: told.append((title, text))
    )
    asked = open_files(monkeypatch, tmp_path / "ann.xlsx")
    before = snapshot(db_file)
    window = window_on(qtbot, read_only)
    sentence = read_only_sentence(read_only.location)

    assert window.database_label.text() == f"Database: {read_only.location} (read-only)"
    assert window.windowTitle().endswith("· svdesk (read-only)")
    assert window.windowTitle().startswith(REFERENCE)

    window.commands.import_action.trigger()
    window.commands.import_folder_action.trigger()
    assert window.files.import_score_sheet() is None
    assert window.files.write_consensus_workbook() is None
    assert window.files.import_consensus_workbook() is None
    assert window.start_import(write_pack(tmp_path / "other.xlsx")) is None

    assert told == [("The database is read-only", sentence)] * 6
    assert asked == []  # refused before asking for a file
    dialog = window.files.open_panel()
    assert dialog is not None
    assert [m.name for m in dialog.model.rows()] == [ANN, "Mo Derator"]
    with qtbot.waitSignal(dialog.added) as added:
        dialog.add("Ben Evaluator", PanelRole.EVALUATOR)
    assert added.args == [False]
    assert dialog.banner.text() == sentence
    assert [m.name for m in list_members(read_only, REFERENCE)] == [ANN, "Mo Derator"]
    assert snapshot(db_file) == before


def test_a_read_only_database_can_still_be_checked(
    qtbot: QtBot, read_only: Database, db_file: Path
) -> None:
    window = window_on(qtbot, read_only)
    task = finished(qtbot, window.files.check_audit_trail())
    assert task.message_box is not None
    assert task.message_box.text() == f"The audit trail of {REFERENCE} is complete and intact."
