"""The Evaluation menu: the panel, score sheets and the consensus workbook, from the window."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox
from pytestqt.qtbot import QtBot

from svdesk.domain.evaluation_rules import PanelRole
from svdesk.services.moderation import moderation_is_open, moderation_items
from svdesk.services.panel import add_member, list_members
from svdesk.services.scoring import individual_scores
from svdesk.store.database import Database
from svdesk.ui.file_tasks import FileTask
from svdesk.ui.who_is_working import Actor
from tests.support.packs import VALID_SCORES
from tests.ui.conftest import DEMO_REFERENCE, OFFSCREEN_MESSAGE_BOXES, REFERENCE, window_on

TIMEOUT = 60_000
WHY = "Clear commitments with numbers, dates and a credible reporting plan."
pytestmark = OFFSCREEN_MESSAGE_BOXES


def finished(qtbot: QtBot, task: FileTask | None) -> FileTask:
    assert task is not None
    qtbot.waitUntil(lambda: task.message_box is not None and not task.is_running(), timeout=TIMEOUT)
    return task


def answer_files(
    monkeypatch: pytest.MonkeyPatch, save: Path | None, open_: Path | None, *more: Path
) -> None:
    """Answer the file dialogs: ``save`` to save, ``open_`` (and ``more``) to open."""
    chosen = [str(p) for p in (open_, *more) if p is not None]
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a: (str(save or ""), ""))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *_a: (str(open_ or ""), ""))
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *_a: (chosen, ""))


def fill(path: Path, columns: dict[str, Any]) -> None:
    """Fill every row below the header of every sheet that has these columns."""
    book = load_workbook(path)
    for sheet in book.worksheets:
        header = [cell.value for cell in sheet[1]]
        for column, value in columns.items():
            if column in header:
                for row in range(2, sheet.max_row + 1):
                    sheet.cell(row, header.index(column) + 1).value = value
    book.save(path)


@pytest.fixture
def panel_db(tender_db: Database) -> Database:
    add_member(tender_db, REFERENCE, "Ann Evaluator")
    add_member(tender_db, REFERENCE, "Mo Derator", PanelRole.MODERATOR)
    return tender_db


def test_the_panel_dialog_lists_and_adds_members(qtbot: QtBot, panel_db: Database) -> None:
    window = window_on(qtbot, panel_db)
    dialog = window.files.open_panel()
    assert dialog is not None
    assert [(m.name, m.role) for m in dialog.model.rows()] == [
        ("Ann Evaluator", PanelRole.EVALUATOR),
        ("Mo Derator", PanelRole.MODERATOR),
    ]
    assert dialog.model.cell(dialog.model.row_at(0), dialog.model.DECLARATIONS) == (
        "0 of 2 bidders"
    )
    assert dialog.heading.text() == "Evaluation panel: 1 evaluator"
    assert dialog.moderation.text() == (
        "Moderation has not opened: each evaluator's scores are seen by nobody else."
    )
    assert not dialog.add_button.isEnabled()

    dialog.name_edit.setText("  Ben   Evaluator ")
    with qtbot.waitSignal(dialog.changed):
        dialog.add_button.click()
    assert [m.name for m in list_members(panel_db, REFERENCE)] == [
        "Ann Evaluator",
        "Mo Derator",
        "Ben Evaluator",
    ]
    assert dialog.heading.text() == "Evaluation panel: 2 evaluators"
    assert dialog.name_edit.text() == ""

    dialog.name_edit.setText("ann evaluator")
    with qtbot.waitSignal(dialog.added) as added:
        dialog.add_button.click()
    assert added.args == [False]
    assert dialog.banner.text().startswith("Ann Evaluator is already on the panel")
    assert len(list_members(panel_db, REFERENCE)) == 3


def test_a_moderator_resets_a_forgotten_passphrase_in_the_panel_dialog(
    qtbot: QtBot, panel_db: Database
) -> None:
    from svdesk.services.passphrases import has_passphrase, set_passphrase
    from svdesk.ui.dialogs.passphrase_reset_dialog import PassphraseResetDialog

    set_passphrase(panel_db, REFERENCE, "Ann Evaluator", "correct horse battery")
    window = window_on(qtbot, panel_db)
    window.context.set_actor(Actor("Ann Evaluator", "evaluator", on_panel=True))
    dialog = window.files.open_panel()
    assert dialog is not None
    assert not dialog.reset_button.isEnabled()  # nobody chosen yet
    dialog.table.setCurrentIndex(dialog.model.index(0, 0))
    assert dialog.reset_button.isEnabled()
    dialog.reset_button.click()
    asked = dialog.findChild(PassphraseResetDialog)
    assert isinstance(asked, PassphraseResetDialog)
    assert asked.heading.text() == "Reset the passphrase of Ann Evaluator"
    asked.reason.setPlainText("I forgot it over the weekend")
    asked.ok.click()  # Ann at work: nobody resets their own
    assert asked.isVisible()
    assert asked.refusal_text().startswith("Ann Evaluator cannot reset their own passphrase")
    assert has_passphrase(panel_db, REFERENCE, "Ann Evaluator")
    asked.reject()

    window.context.set_actor(Actor("Mo Derator", "moderator", on_panel=True))
    dialog.close()
    dialog = window.files.open_panel()
    assert dialog is not None
    dialog.table.setCurrentIndex(dialog.model.index(0, 0))
    asked = dialog.reset_passphrase()
    assert asked is not None
    asked.reason.setPlainText("Ann forgot it over the weekend and asked in person")
    asked.ok.click()
    assert not asked.isVisible()
    assert not has_passphrase(panel_db, REFERENCE, "Ann Evaluator")
    assert dialog.banner.text().startswith("✓  The passphrase of Ann Evaluator was reset")


def test_a_score_sheet_is_written_for_the_chosen_evaluator_and_imported_back(
    qtbot: QtBot, panel_db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sheet = tmp_path / "ann.xlsx"
    answer_files(monkeypatch, save=sheet, open_=sheet)
    asked: list[list[str]] = []

    def choose(_parent: Any, _title: str, _label: str, names: list[str], *_a: Any) -> Any:
        asked.append(names)
        return names[0], True

    monkeypatch.setattr(QInputDialog, "getItem", choose)
    window = window_on(qtbot, panel_db)

    written = finished(qtbot, window.files.write_score_sheet())
    assert asked == [["Ann Evaluator"]]  # evaluators only
    assert written.message_box is not None
    assert written.message_box.text() == "Wrote ann.xlsx"
    fill(sheet, {"Score": 75, "Justification": WHY, "Conflict": "No"})
    news: list[str] = []
    window.context.scores_changed.connect(lambda: news.append("scores"))

    imported = finished(qtbot, window.files.import_score_sheet())
    assert news == ["scores"]  # the pages that show scores read them again
    box = imported.message_box
    assert box is not None
    assert box.icon() is QMessageBox.Icon.Information
    assert box.text() == "Imported 1 score sheet"
    assert box.informativeText() == (
        "ann.xlsx: 6 score(s) submitted, 0 changed, 0 unchanged, 0 draft(s), 0 not yet scored"
    )
    scores = individual_scores(panel_db, REFERENCE, "Ann Evaluator")
    assert {(s.lot, s.bidder, s.criterion) for s in scores} == set(VALID_SCORES)
    assert {s.score for s in scores} == {75}


def test_a_score_sheet_that_is_not_one_is_refused_with_its_reason(
    qtbot: QtBot, panel_db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    notes = tmp_path / "notes.xlsx"
    notes.write_text("not a workbook", encoding="utf-8")
    answer_files(monkeypatch, save=None, open_=notes)
    window = window_on(qtbot, panel_db)

    task = finished(qtbot, window.files.import_score_sheet())
    box = task.message_box
    assert box is not None
    assert box.icon() is QMessageBox.Icon.Warning
    assert box.text() == "No score sheet was imported; nothing was changed."
    assert "notes.xlsx cannot be read as an Excel workbook" in box.informativeText()
    assert individual_scores(panel_db, REFERENCE, "Ann Evaluator") == []


def test_several_score_sheets_at_once_each_all_or_nothing(
    qtbot: QtBot, panel_db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from svdesk.sheets.score_sheet import write_score_sheet

    add_member(panel_db, REFERENCE, "Ben Evaluator")
    ann = write_score_sheet(panel_db, REFERENCE, "Ann Evaluator", tmp_path / "ann.xlsx")
    ben = write_score_sheet(panel_db, REFERENCE, "Ben Evaluator", tmp_path / "ben.xlsx")
    fill(ann, {"Score": 75, "Justification": WHY, "Conflict": "No"})
    fill(ben, {"Score": 30, "Justification": WHY, "Conflict": "No"})  # 30 is not on the scale
    answer_files(monkeypatch, None, ann, ben)
    window = window_on(qtbot, panel_db)

    task = finished(qtbot, window.files.import_score_sheet())
    box = task.message_box
    assert box is not None
    assert box.icon() is QMessageBox.Icon.Warning
    assert box.text() == "Imported 1 of 2 score sheets; 1 could not be"
    details = box.informativeText().splitlines()
    assert details[0].startswith("ann.xlsx: 6 score(s) submitted")
    assert details[1] == "ben.xlsx was not imported; nothing of it was changed:"
    assert details[2] == "    Scores!L2: 30 is not a score of the scale (0, 25, 50, 75 or 100)"
    assert len(details) == 8  # Ann's line, Ben's heading and his six reasons
    assert len(individual_scores(panel_db, REFERENCE, "Ann Evaluator")) == 6
    assert individual_scores(panel_db, REFERENCE, "Ben Evaluator") == []


def test_no_evaluators_no_score_sheet(
    qtbot: QtBot, tender_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _p, title, _t: told.append(title))
    window = window_on(qtbot, tender_db)
    assert window.files.write_score_sheet() is None
    assert told == ["No evaluators yet"]


def test_the_consensus_workbook_opens_moderation_only_when_confirmed(
    qtbot: QtBot, panel_db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    workbook = tmp_path / "consensus.xlsx"
    answer_files(monkeypatch, save=workbook, open_=workbook)
    answers = [QMessageBox.StandardButton.Cancel]
    monkeypatch.setattr(QMessageBox, "question", lambda *_a: answers.pop(0))
    window = window_on(qtbot, panel_db)
    # The moderator is working: the opening of moderation is recorded in their name.
    window.context.set_actor(Actor("Mo Derator", "moderator", on_panel=True))

    assert window.files.write_consensus_workbook() is None  # declined
    assert not moderation_is_open(panel_db, REFERENCE)
    assert not workbook.exists()

    answers.append(QMessageBox.StandardButton.Yes)
    news: list[str] = []
    window.context.consensus_changed.connect(lambda: news.append("consensus"))
    assert window.pages is not None
    moderation = window.pages.summary.fields["moderation"]
    assert moderation.text().startswith("not yet open")
    written = finished(qtbot, window.files.write_consensus_workbook())
    assert written.message_box is not None
    assert written.message_box.text() == "Wrote consensus.xlsx"
    assert moderation_is_open(panel_db, REFERENCE)
    assert news == ["consensus"]
    assert moderation.text().startswith("open since ")  # the summary followed

    fill(workbook, {"Score": 50, "Rationale": f"The panel agreed 50: {WHY}"})
    imported = finished(qtbot, window.files.import_consensus_workbook())
    assert imported.message_box is not None
    assert imported.message_box.informativeText() == (
        "6 consensus score(s) recorded, 0 changed, 0 unchanged, 0 blank"
    )
    assert {item.consensus for item in moderation_items(panel_db, REFERENCE)} == {50}
    assert news == ["consensus", "consensus"]

    panel = window.files.open_panel()
    assert panel is not None
    assert panel.moderation.text().startswith("Moderation opened on ")
    assert panel.moderation.text().endswith(
        " by Mo Derator: the evaluators' scores are frozen and seen side by side."
    )

    # Asked no more once moderation is open.
    finished(qtbot, window.files.write_consensus_workbook())
    assert answers == []


def test_the_audit_trail_is_checked_and_a_change_outside_svdesk_is_found(
    qtbot: QtBot, demo_db: Database
) -> None:
    import sqlite3

    from tests.ui.conftest import DEMO_REFERENCE

    window = window_on(qtbot, demo_db)
    check = finished(qtbot, window.files.check_audit_trail())
    box = check.message_box
    assert box is not None
    assert box.icon() is QMessageBox.Icon.Information
    assert box.text() == f"The audit trail of {DEMO_REFERENCE} is complete and intact."
    assert "entries: the tender as received, every change" in box.informativeText()
    assert "Tip of the trail: " in box.informativeText()

    with sqlite3.connect(demo_db.location) as raw:  # a score changed behind svdesk's back
        raw.execute(
            "UPDATE evaluator_score SET score = 0 WHERE id = (SELECT MIN(id) FROM evaluator_score)"
        )
    raw.close()
    check = finished(qtbot, window.files.check_audit_trail())
    box = check.message_box
    assert box is not None
    assert box.icon() is QMessageBox.Icon.Critical
    assert box.text().startswith(f"The audit trail of {DEMO_REFERENCE} is NOT intact")
    assert box.informativeText() == (
        "the score Andrew Fairclough / lot 1 / B01 / SV1 differs from what the audit trail "
        "last recorded (changed outside svdesk): now score 0, recorded score 100"
    )


def test_the_summary_names_the_panel_and_follows_its_changes(
    qtbot: QtBot, demo_db: Database, tender_db: Database
) -> None:
    window = window_on(qtbot, demo_db)
    assert window.pages is not None
    fields = window.pages.summary.fields
    assert fields["evaluators"].text() == ("Andrew Fairclough, Siobhán Doherty, Rebecca Thornton")
    assert fields["moderator"].text() == "Mark Hollingworth"
    assert fields["moderation"].text() == "Lot 1 signed off · Lot 2 signed off"
    # Moderation of the demo has opened: the panel is fixed, and the dialog says why.
    dialog = window.files.open_panel()
    assert dialog is not None
    with qtbot.waitSignal(dialog.added) as added:
        dialog.add("Priya Shah", PanelRole.EVALUATOR)
    assert added.args == [False]
    assert dialog.banner.text().startswith(
        f"moderation of {DEMO_REFERENCE} has opened, so Priya Shah cannot join the panel"
    )
    assert fields["evaluators"].text() == ("Andrew Fairclough, Siobhán Doherty, Rebecca Thornton")

    window = window_on(qtbot, tender_db)
    assert window.pages is not None
    fields = window.pages.summary.fields
    dialog = window.files.open_panel()
    assert dialog is not None
    with qtbot.waitSignal(dialog.added) as added:
        dialog.add("Priya Shah", PanelRole.EVALUATOR)
    assert added.args == [True]
    assert fields["evaluators"].text() == "Priya Shah"


def test_the_summary_of_a_tender_without_a_panel(qtbot: QtBot, tender_db: Database) -> None:
    window = window_on(qtbot, tender_db)
    assert window.pages is not None
    fields = window.pages.summary.fields
    assert fields["evaluators"].text() == "none yet"
    assert fields["moderator"].text() == "none yet"
    assert fields["moderation"].text() == "not yet open: each evaluator's scores are theirs alone"


def test_the_trail_is_checked_against_a_tip_printed_on_a_document(
    qtbot: QtBot, demo_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sqlite3

    from PySide6.QtWidgets import QInputDialog

    from svdesk.services.audit_trail import check_trail
    from tests.ui.conftest import DEMO_REFERENCE
    from tests.unit.services.test_audit_coverage import rewrite_trail

    tip = check_trail(demo_db, DEMO_REFERENCE).tip
    assert tip is not None
    typed: list[str] = []
    monkeypatch.setattr(QInputDialog, "getText", lambda *_a, **_k: (typed[-1], True))
    window = window_on(qtbot, demo_db)

    typed.append(f" {tip} ")
    check = finished(qtbot, window.files.check_against_tip())
    box = check.message_box
    assert box is not None
    assert box.icon() is QMessageBox.Icon.Information
    assert f"It still extends the tip recorded on the document (entry {tip.entries})" in (
        box.informativeText()
    )

    typed.append("12:not a tip")
    check = finished(qtbot, window.files.check_against_tip())
    assert check.message_box is not None
    assert "is not an audit trail tip" in check.message_box.informativeText()

    def forge_the_importer(connection: sqlite3.Connection) -> None:
        connection.execute("UPDATE audit_event SET actor = 'someone else' WHERE id = 1")

    rewrite_trail(Path(demo_db.location), forge_the_importer)
    typed.append(str(tip))
    check = finished(qtbot, window.files.check_against_tip())
    box = check.message_box
    assert box is not None
    assert box.icon() is QMessageBox.Icon.Critical
    assert box.informativeText() == (
        f"the recorded tip {tip} is no longer in the trail: the trail was rewritten after "
        "that tip was recorded on a document"
    )
