"""Scoring in the window: declarations first, then scores and justifications typed from the
keyboard, kept as drafts without a Save button, undone, submitted a lot at a time."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from svdesk.services.drafts import save_draft
from svdesk.services.workspace import ItemState, evaluator_workspace
from svdesk.store.database import Database, open_database
from svdesk.ui.workspace.draft_keeper import SAVED
from tests.support.packs import ANSWER
from tests.support.panel_tender import ANN, BEN, LOT_1, REF, WHY
from tests.support.snapshot import snapshot
from tests.ui.conftest import OFFSCREEN_MESSAGE_BOXES
from tests.ui.workspace.conftest import workspace_on

pytestmark = OFFSCREEN_MESSAGE_BOXES


def work_of(db: Database, member: str, key: tuple[str, str, str]) -> tuple[int | None, str, str]:
    item = next(
        i
        for i in evaluator_workspace(db, REF, member).items
        if (i.lot, i.bidder, i.criterion) == key
    )
    return item.score, item.justification, item.notes


def test_declarations_come_first_and_a_conflict_hides_the_bidder(
    qtbot: QtBot, panel_db: tuple[Database, Path], settings: QSettings
) -> None:
    db, path = panel_db
    window = workspace_on(qtbot, db, BEN, settings)
    form = window.declarations
    assert window.pages.currentWidget() is form
    assert not window.commands.submit_action.isEnabled()
    no_b01, yes_b02 = form.rows["B01"][0].button(0), form.rows["B02"][0].button(1)
    qtbot.mouseClick(no_b01, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(form.rows["B03"][0].button(0), Qt.MouseButton.LeftButton)
    qtbot.mouseClick(yes_b02, Qt.MouseButton.LeftButton)
    # A conflict without its details is refused, and nothing is kept.
    before = snapshot(path)
    qtbot.mouseClick(form.save, Qt.MouseButton.LeftButton)
    assert form.message.isVisible()
    assert "a declared conflict needs its details" in form.message.text()
    assert snapshot(path) == before
    qtbot.keyClicks(form.rows["B02"][1], "My brother directs Beta Services")
    qtbot.mouseClick(form.save, Qt.MouseButton.LeftButton)
    assert window.pages.currentWidget() is window.scoring_page
    conflicts = [k for k, i in window._items.items() if i.state is ItemState.CONFLICT]
    assert conflicts == [
        ("1", "B02", "SV1"),
        ("1", "B02", "SV2"),
        ("2", "B02", "SV1"),
        ("2", "B02", "SV2"),
    ]
    assert window.list._leaves[conflicts[0]].text(1) == "conflict"
    window.go_to(conflicts[0])
    assert window.answer.notice.isVisible()
    assert "conflict of interest" in window.answer.notice.text()
    assert ANSWER not in window.answer.browser.toPlainText()
    assert not window.scoring.justification.isEnabled()


def test_a_lot_scored_from_the_keyboard_is_kept_undone_and_submitted(
    qtbot: QtBot, declared_db: tuple[Database, Path], settings: QSettings
) -> None:
    db, _path = declared_db
    window = workspace_on(qtbot, db, ANN, settings)
    assert window.current_key() == LOT_1[0]
    window.list.setFocus()
    for number, key in enumerate(LOT_1, start=2):
        assert window.current_key() == key
        window.list.setFocus()
        qtbot.keyClick(window.list, Qt.Key(Qt.Key.Key_0 + number))  # 2 is the second score
        if key != LOT_1[-1]:  # the last one is left without a justification
            window.scoring.justification.setFocus()
            qtbot.keyClicks(window.scoring.justification, WHY)
        window.list.setFocus()
        qtbot.keyClick(window.list, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    # Moving on kept each draft at once; the last is kept after the pause in typing.
    qtbot.waitUntil(lambda: window.save_state.text() == SAVED, timeout=3000)
    assert work_of(db, ANN, LOT_1[0]) == (25, WHY, "")
    assert work_of(db, ANN, LOT_1[2]) == (75, WHY, "")
    assert work_of(db, ANN, LOT_1[3]) == (100, "", "")
    assert window.progress.text().startswith("Lot 1: 4 of 4 scored")

    # Undo takes back the last change (the score of the last response), wherever one is.
    qtbot.keyClick(window.list, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.current_key() == LOT_1[3]
    assert window.scoring.scores.checkedId() == -1
    qtbot.waitUntil(lambda: work_of(db, ANN, LOT_1[3])[0] is None, timeout=3000)
    redo = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(window.list, Qt.Key.Key_Z, redo)
    assert window.scoring.scores.checkedId() == 100
    qtbot.waitUntil(lambda: work_of(db, ANN, LOT_1[3])[0] == 100, timeout=3000)

    # Submitting with one justification missing is refused, naming that response.
    qtbot.keyClick(window.list, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert window.problems.isVisible()
    lines = [window.problems.lines.item(i).text() for i in range(window.problems.lines.count())]
    assert len(lines) == 1
    assert lines[0].startswith("Lot 1, B02, SV2: ")
    assert evaluator_workspace(db, REF, ANN).progress[0].submitted == 0
    window.go_to(LOT_1[0])
    window.problems.lines.setCurrentRow(0)
    assert window.current_key() == LOT_1[3]
    window.scoring.justification.setFocus()
    qtbot.keyClicks(window.scoring.justification, WHY)
    qtbot.keyClick(
        window.scoring.justification, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier
    )
    assert not window.problems.isVisible()
    assert window.progress.text().startswith("Lot 1: 4 of 4 scored, all submitted")


def test_typing_is_kept_after_a_pause_and_undone_as_one_step(
    qtbot: QtBot, declared_db: tuple[Database, Path], settings: QSettings
) -> None:
    db, _path = declared_db
    window = workspace_on(qtbot, db, ANN, settings)
    window.scoring.notes.setFocus()
    qtbot.keyClicks(window.scoring.notes, "Ask about dates")
    assert window.save_state.text() == "Saving…"
    qtbot.waitUntil(
        lambda: work_of(db, ANN, LOT_1[0]) == (None, "", "Ask about dates"), timeout=3000
    )
    assert window.save_state.text() == SAVED
    qtbot.keyClick(window.scoring.notes, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.scoring.notes.toPlainText() == ""
    qtbot.waitUntil(lambda: work_of(db, ANN, LOT_1[0]) == (None, "", ""), timeout=3000)


def test_closing_keeps_the_work_and_reopening_returns_to_it(
    qtbot: QtBot, declared_db: tuple[Database, Path], settings: QSettings
) -> None:
    db, _path = declared_db
    window = workspace_on(qtbot, db, ANN, settings)
    window.go_to(LOT_1[2])
    window.answer.browser.setFocus()
    qtbot.keyClick(window.answer.browser, Qt.Key.Key_4)
    window.scoring.justification.setFocus()
    qtbot.keyClicks(window.scoring.justification, "Half done")
    sizes = [200, 700, 466]
    window.splitter.setSizes(sizes)
    saved_sizes = window.splitter.sizes()
    window.close()  # at once, before the pause in typing is over
    assert work_of(db, ANN, LOT_1[2]) == (75, "Half done", "")
    again = workspace_on(qtbot, db, ANN, settings)
    assert again.current_key() == LOT_1[2]
    assert again.scoring.scores.checkedId() == 75
    assert again.scoring.justification.toPlainText() == "Half done"
    assert again.splitter.sizes() == saved_sizes


def test_another_evaluator_does_not_see_the_first_ones_drafts(
    qtbot: QtBot, declared_db: tuple[Database, Path], settings: QSettings
) -> None:
    db, _path = declared_db
    save_draft(db, REF, ANN, *LOT_1[0], score=75, justification=WHY, notes="Ann's own")
    window = workspace_on(qtbot, db, BEN, settings)
    assert window.current_key() == LOT_1[0]
    assert window.scoring.scores.checkedId() == -1
    assert window.scoring.justification.toPlainText() == ""
    assert window.scoring.notes.toPlainText() == ""
    assert window.progress.text().startswith("Lot 1: 0 of 4 scored")


def test_compare_shows_two_bidders_side_by_side_with_the_evaluators_own_work(
    qtbot: QtBot, declared_db: tuple[Database, Path], settings: QSettings
) -> None:
    db, _path = declared_db
    save_draft(db, REF, ANN, "1", "B01", "SV1", score=75, justification=WHY)
    window = workspace_on(qtbot, db, ANN, settings)
    qtbot.keyClick(window.list, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    dialog = window.compare
    qtbot.waitExposed(dialog)
    assert dialog.chosen() == ["B01", "B02"]
    assert dialog.columns.count() == 2
    first, second = (dialog.columns.widget(i) for i in range(2))
    assert first is not None
    assert second is not None
    texts = [label.text() for label in first.findChildren(type(window.progress))]
    assert "Alpha Grounds Ltd (B01)" in texts
    assert "Your score: 75 Good" in texts or any(t.startswith("Your score: 75") for t in texts)
    assert any(
        t == "Your score: not yet scored"
        for t in (label.text() for label in second.findChildren(type(window.progress)))
    )
    QApplication.processEvents()


def test_a_refused_draft_is_said_in_the_status_bar_and_kept_to_try_again(
    qtbot: QtBot,
    declared_db: tuple[Database, Path],
    settings: QSettings,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from svdesk.services.drafts import TEXT_LIMIT

    db, path = declared_db
    window = workspace_on(qtbot, db, ANN, settings)
    before = snapshot(path)
    window.scoring.justification.setPlainText("x" * (TEXT_LIMIT + 1))
    qtbot.waitUntil(
        lambda: window.statusBar().currentMessage().startswith("Not saved"), timeout=3000
    )
    assert window.statusBar().currentMessage() == (
        "Not saved: Lot 1, B01, SV1: the justification is too long (20,001 characters): keep "
        "it to 20,000 characters or fewer"
    )
    assert snapshot(path) == before
    # Closing asks first, since the work would be lost; it is tried again once shortened.
    asked: list[str] = []

    def cancel(box: QMessageBox) -> int:
        asked.append(box.informativeText())
        return QMessageBox.StandardButton.Cancel

    monkeypatch.setattr(QMessageBox, "exec", cancel)
    window.close()
    assert window.isVisible()
    assert asked[0].startswith("Not saved: Lot 1, B01, SV1: the justification is too long")
    window.scoring.notes.setPlainText("Shorten the justification")
    qtbot.waitUntil(
        lambda: window.statusBar().currentMessage().startswith("Not saved"), timeout=3000
    )
    assert snapshot(path) == before
    window.scoring.justification.setPlainText(WHY)
    qtbot.waitUntil(lambda: window.save_state.text() == SAVED, timeout=3000)
    assert work_of(db, ANN, LOT_1[0]) == (None, WHY, "Shorten the justification")


def test_the_attached_file_opens_from_a_temporary_copy(
    qtbot: QtBot, tmp_path: Path, settings: QSettings, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtCore import QUrl
    from PySide6.QtGui import QDesktopServices

    from svdesk.services.imports import import_pack
    from svdesk.services.panel import add_member, declare
    from tests.support.panel_tender import NONE_DECLARED
    from tests.ui.conftest import ATTACHED_TEXT, rich_sheets, write_folder_pack

    opened: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    db = open_database(tmp_path / "t.sqlite")
    try:
        import_pack(db, write_folder_pack(tmp_path / "pack", rich_sheets()))
        add_member(db, REF, ANN)
        declare(db, REF, ANN, NONE_DECLARED[:2])
        window = workspace_on(qtbot, db, ANN, settings)
        window.go_to(("1", "B02", "SV1"))
        assert ATTACHED_TEXT in window.answer.browser.toPlainText()
        assert window.answer.open_original.isVisible()
        qtbot.mouseClick(window.answer.open_original, Qt.MouseButton.LeftButton)
        assert len(opened) == 1
        copy = Path(opened[0].toLocalFile())
        assert copy.name == "beta-sv1.txt"
        assert copy.read_text(encoding="utf-8") == ATTACHED_TEXT
        window.close()
        assert not copy.exists()  # the copies go when the workspace closes
    finally:
        db.close()


def test_next_unscored_grouping_by_criterion_and_find_in_answer(
    qtbot: QtBot, declared_db: tuple[Database, Path], settings: QSettings
) -> None:
    db, _path = declared_db
    for key in LOT_1[:2]:
        save_draft(db, REF, ANN, *key, score=50, justification=WHY)
    window = workspace_on(qtbot, db, ANN, settings)
    window.list.setFocus()
    qtbot.keyClick(window.list, Qt.Key.Key_U, Qt.KeyboardModifier.ControlModifier)
    assert window.current_key() == LOT_1[2]  # B02's SV1, the first without a score
    assert "Ctrl+U" in window.commands.next_unscored_action.toolTip()

    qtbot.keyClick(window.list, Qt.Key.Key_G, Qt.KeyboardModifier.ControlModifier)
    lot_1 = window.list.topLevelItem(0)
    assert [lot_1.child(i).text(0) for i in range(lot_1.childCount())] == [
        "SV1 Jobs",
        "SV2 Environment",
    ]
    assert lot_1.child(0).child(1).text(0) == "Beta Services plc (B02)"
    assert window.current_key() == LOT_1[2]
    qtbot.keyClick(window.list, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert window.current_key() == LOT_1[1]  # B01's SV2 follows B02's SV1 by criterion

    qtbot.keyClick(window.list, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.answer.find_box.hasFocus()
    qtbot.keyClicks(window.answer.find_box, "care leavers")
    assert window.answer.browser.textCursor().selectedText() == "care leavers"
    qtbot.keyClicks(window.answer.find_box, " nowhere")
    assert window.answer.find_result.text() == "Not found"
    window.close()
    again = workspace_on(qtbot, db, ANN, settings)
    assert again.commands.by_criterion_action.isChecked()  # the listing chosen is kept
    first = again.list.topLevelItem(0)
    assert first is not None
    assert first.child(0).text(0) == "SV1 Jobs"


def test_once_moderation_has_begun_the_work_is_shown_and_cannot_change(
    qtbot: QtBot, demo_db: Database, settings: QSettings
) -> None:
    from svdesk.domain.evaluation_rules import PanelRole
    from svdesk.services.panel import list_members
    from svdesk.ui.workspace.workspace_window import WorkspaceWindow

    member = next(
        m.name for m in list_members(demo_db, "NBC-2026-0417") if m.role is PanelRole.EVALUATOR
    )
    window = WorkspaceWindow(demo_db, "NBC-2026-0417", member, settings=settings)
    qtbot.addWidget(window)
    window.show()
    assert window.statusBar().currentMessage().startswith("Moderation of this tender has begun")
    assert window.scoring.scores.checkedId() != -1  # their submitted score
    assert not window.scoring.justification.isEnabled()
    assert not window.scoring.buttons[0].isEnabled()
