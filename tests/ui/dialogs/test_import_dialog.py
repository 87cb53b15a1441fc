from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

import svdesk.services.imports as imports
from svdesk.services.imports import ImportSummary
from svdesk.services.panel import list_members
from svdesk.services.tenders import list_tenders
from svdesk.store.database import Database
from svdesk.ui.dialogs.import_dialog import NOTHING_CHANGED, ImportDialog
from svdesk.ui.views.issue_list import IssueList
from tests.support.packs import set_cell, valid_sheets, write_pack
from tests.ui.conftest import REFERENCE

TIMEOUT = 20_000


def dialog_for(qtbot: QtBot, db: Database, pack: Path) -> ImportDialog:
    dialog = ImportDialog(db, pack)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def finish(qtbot: QtBot, dialog: ImportDialog) -> None:
    qtbot.waitUntil(lambda: not dialog.is_running(), timeout=TIMEOUT)


def broken_pack(tmp_path: Path) -> Path:
    sheets = valid_sheets()
    set_cell(sheets, "Criteria", 2, "Weight", "ten")
    set_cell(sheets, "Bidders", 3, "Name", None)
    sheets["Notes"] = [["Anything"]]
    return write_pack(tmp_path / "broken.xlsx", sheets)


def test_a_valid_pack_is_imported_on_a_worker_thread(
    qtbot: QtBot, empty_db: Database, tmp_path: Path
) -> None:
    pack = write_pack(tmp_path / "pack.xlsx")
    dialog = dialog_for(qtbot, empty_db, pack)
    progress: list[str] = []

    dialog.progressed.connect(lambda _d, _t, message: progress.append(message))
    with qtbot.waitSignal(dialog.imported, timeout=TIMEOUT) as imported:
        dialog.start()
    finish(qtbot, dialog)

    assert imported.args == [REFERENCE]
    assert [t.reference for t in list_tenders(empty_db)] == [REFERENCE]
    assert dialog.heading.text() == f"Imported {REFERENCE}: Grounds Maintenance"
    assert dialog.summary is not None
    assert dialog.summary.responses == 6
    assert dialog.progress.value() == dialog.progress.maximum()
    assert any(message.startswith("Saving") for message in progress)
    assert not dialog.close_button.isHidden()
    assert dialog.cancel_button.isHidden()


def test_a_broken_pack_lists_every_problem_where_it_is(
    qtbot: QtBot, empty_db: Database, tmp_path: Path
) -> None:
    dialog = dialog_for(qtbot, empty_db, broken_pack(tmp_path))

    with qtbot.waitSignal(dialog.refused, timeout=TIMEOUT):
        dialog.start()
    finish(qtbot, dialog)

    issues: IssueList = dialog.issues
    rows = [
        (issues.topLevelItem(i).text(IssueList.WHERE), issues.topLevelItem(i).text(1))
        for i in range(issues.topLevelItemCount())
    ]
    assert rows == [
        ("Criteria!H2", "Weight must be a number, got 'ten'"),
        ("Bidders!B3", "Name is required but the cell is blank"),
        ("Notes", "This sheet is not part of the pack format and was ignored"),
    ]
    assert NOTHING_CHANGED == "Nothing was imported; the database is unchanged."
    assert NOTHING_CHANGED in dialog.banner.text()
    assert dialog.heading.text() == "broken.xlsx was not imported"
    assert list_tenders(empty_db) == []


def test_copy_all_puts_the_problems_on_the_clipboard(
    qtbot: QtBot, empty_db: Database, tmp_path: Path
) -> None:
    dialog = dialog_for(qtbot, empty_db, broken_pack(tmp_path))
    with qtbot.waitSignal(dialog.refused, timeout=TIMEOUT):
        dialog.start()
    finish(qtbot, dialog)

    assert not dialog.copy_button.isHidden()
    dialog.copy_button.click()

    assert QApplication.clipboard().text().splitlines() == [
        "error: Criteria!H2: Weight must be a number, got 'ten'",
        "error: Bidders!B3: Name is required but the cell is blank",
        "warning: Notes: this sheet is not part of the pack format and was ignored",
    ]


def test_replacing_a_tender_asks_first_and_replaces_when_confirmed(
    qtbot: QtBot, tender_db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[str] = []

    def question(_parent: Any, _title: str, text: str, *_args: Any) -> QMessageBox.StandardButton:
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", question)
    dialog = dialog_for(qtbot, tender_db, write_pack(tmp_path / "again.xlsx"))

    with qtbot.waitSignal(dialog.imported, timeout=TIMEOUT):
        dialog.start()
    finish(qtbot, dialog)

    assert asked == [f"Replace tender {REFERENCE} with the tender in again.xlsx?"]
    assert dialog.summary is not None
    assert dialog.summary.replaced
    assert dialog.heading.text().startswith(f"Replaced {REFERENCE}")


def test_declining_to_replace_closes_and_changes_nothing(
    qtbot: QtBot, tender_db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(QMessageBox, "question", lambda *_args: QMessageBox.StandardButton.Cancel)
    before = list_tenders(tender_db)
    dialog = dialog_for(qtbot, tender_db, write_pack(tmp_path / "again.xlsx"))

    with qtbot.waitSignal(dialog.rejected, timeout=TIMEOUT):
        dialog.start()
    finish(qtbot, dialog)

    assert list_tenders(tender_db) == before
    assert dialog.summary is None


def _fake_import(
    steps: Callable[[Callable[[int, int, str], None]], ImportSummary],
) -> Callable[..., ImportSummary]:
    def fake(_db: Database, _path: Path, *, progress: Any = None, **_options: Any) -> Any:
        return steps(progress)

    return fake


def test_cancel_while_reading_stops_before_anything_is_saved(
    qtbot: QtBot, empty_db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    reading = threading.Event()
    cancelled = threading.Event()
    saved: list[bool] = []

    def steps(progress: Callable[[int, int, str], None]) -> ImportSummary:
        progress(0, 100, "Reading pack.xlsx")
        reading.set()
        cancelled.wait(10)
        progress(50, 100, "Reading answers")  # the worker stops here
        saved.append(True)
        raise AssertionError("not reached")

    monkeypatch.setattr(imports, "import_pack", _fake_import(steps))
    dialog = dialog_for(qtbot, empty_db, tmp_path / "pack.xlsx")
    dialog.start()
    qtbot.waitUntil(reading.is_set, timeout=TIMEOUT)

    with qtbot.waitSignal(dialog.rejected, timeout=TIMEOUT):
        dialog.cancel_button.click()
        assert not dialog.cancel_button.isEnabled()
        assert dialog.cancel_button.text() == "Cancelling…"
        cancelled.set()
    finish(qtbot, dialog)
    assert saved == []


def test_cancel_is_disabled_while_saving(
    qtbot: QtBot, empty_db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    go_on = threading.Event()
    summary = ImportSummary(REFERENCE, "Grounds Maintenance", 1, 1, 1, 1, 1, 0, 0, False)

    def steps(progress: Callable[[int, int, str], None]) -> ImportSummary:
        progress(100, 100, "Saving to the database")
        go_on.wait(10)
        return summary

    monkeypatch.setattr(imports, "import_pack", _fake_import(steps))
    dialog = dialog_for(qtbot, empty_db, tmp_path / "pack.xlsx")
    dialog.start()
    qtbot.waitUntil(lambda: not dialog.cancel_button.isEnabled(), timeout=TIMEOUT)
    dialog.cancel_button.click()  # does nothing while saving
    dialog.reject()  # nor does Escape

    with qtbot.waitSignal(dialog.imported, timeout=TIMEOUT):
        go_on.set()
    finish(qtbot, dialog)
    assert dialog.summary is summary
    assert dialog.isVisible()


def test_an_unexpected_error_is_shown_not_raised(
    qtbot: QtBot, empty_db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def steps(_progress: Callable[[int, int, str], None]) -> ImportSummary:
        raise RuntimeError("the disk is full")

    monkeypatch.setattr(imports, "import_pack", _fake_import(steps))
    dialog = dialog_for(qtbot, empty_db, tmp_path / "pack.xlsx")
    dialog.start()
    finish(qtbot, dialog)
    qtbot.waitUntil(lambda: "the disk is full" in dialog.banner.text(), timeout=TIMEOUT)

    assert "did not expect" in dialog.banner.text()
    assert NOTHING_CHANGED in dialog.banner.text()
    assert dialog.heading.text() == "pack.xlsx could not be imported"


def evaluated(db: Database) -> None:
    """Give the tender an evaluation: a panel member and their declarations."""
    from svdesk.services.panel import Declaration, add_member, declare

    add_member(db, REFERENCE, "Ann Evaluator")
    declare(db, REFERENCE, "Ann Evaluator", [Declaration("B01", False), Declaration("B02", False)])


def answer_discard(monkeypatch: pytest.MonkeyPatch, button: str, asked: list[str]) -> None:
    """Answer the second question (a real QMessageBox) by pressing ``button``."""

    def exec_(box: QMessageBox) -> int:
        asked.append(f"{box.text()} {box.informativeText()}")
        for candidate in box.buttons():
            if candidate.text() == button:
                candidate.click()
        return 0

    monkeypatch.setattr(QMessageBox, "question", lambda *_a: QMessageBox.StandardButton.Yes)
    monkeypatch.setattr(QMessageBox, "exec", exec_)


def test_replacing_an_evaluated_tender_asks_again_naming_what_is_lost(
    qtbot: QtBot, tender_db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    evaluated(tender_db)
    asked: list[str] = []
    answer_discard(monkeypatch, "Discard and replace", asked)
    dialog = dialog_for(qtbot, tender_db, write_pack(tmp_path / "again.xlsx"))

    with qtbot.waitSignal(dialog.imported, timeout=TIMEOUT):
        dialog.start()
    finish(qtbot, dialog)

    assert asked == [
        f"Tender {REFERENCE} holds an evaluation: 1 panel member, 2 declarations. "
        "Replacing the tender discards all of it. A copy of the database as it is now is "
        "kept beside it first, and the audit trail records the replacement."
    ]
    assert dialog.summary is not None
    assert dialog.summary.discarded is not None
    assert dialog.summary.backup_path is not None
    assert Path(dialog.summary.backup_path).exists()
    assert list_members(tender_db, REFERENCE) == []


def test_declining_to_discard_an_evaluation_changes_nothing(
    qtbot: QtBot, tender_db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.support.snapshot import snapshot

    evaluated(tender_db)
    asked: list[str] = []
    answer_discard(monkeypatch, "Cancel", asked)
    before = snapshot(Path(tender_db.location))
    dialog = dialog_for(qtbot, tender_db, write_pack(tmp_path / "again.xlsx"))

    with qtbot.waitSignal(dialog.rejected, timeout=TIMEOUT):
        dialog.start()
    finish(qtbot, dialog)

    assert len(asked) == 1
    assert snapshot(Path(tender_db.location)) == before
    assert dialog.summary is None
