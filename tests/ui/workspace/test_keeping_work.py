"""How soon work is kept: a score at once, typing within a second however long it goes on,
and a justification pasted far past what a draft holds refused in words, losing nothing."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from svdesk.services.drafts import TEXT_LIMIT
from svdesk.services.workspace import evaluator_workspace
from svdesk.store.database import Database
from svdesk.ui.workspace.draft_keeper import SAVED
from tests.support.panel_tender import ANN, LOT_1, REF
from tests.support.snapshot import snapshot
from tests.ui.workspace.conftest import workspace_on


def work_of(db: Database, key: tuple[str, str, str]) -> tuple[int | None, str]:
    item = next(
        i for i in evaluator_workspace(db, REF, ANN).items if (i.lot, i.bidder, i.criterion) == key
    )
    return item.score, item.justification


def test_a_score_chosen_is_kept_at_once(
    qtbot: QtBot,
    declared_db: tuple[Database, Path],
    settings: QSettings,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from svdesk.services import workspace

    db, _path = declared_db
    window = workspace_on(qtbot, db, ANN, settings)
    read_whole: list[str] = []
    whole = workspace.evaluator_workspace
    monkeypatch.setattr(
        workspace,
        "evaluator_workspace",
        lambda *a: read_whole.append("read") or whole(*a),
    )
    qtbot.keyClick(window.list, Qt.Key.Key_4)
    assert work_of(db, LOT_1[0]) == (75, "")  # with no wait for a pause
    assert window.save_state.text() == SAVED
    # The list and the progress follow, from that response alone.
    assert window.list._leaves[LOT_1[0]].text(1) == "draft"
    assert window.progress.text().startswith("Lot 1: 1 of 4 scored")
    assert read_whole == []  # the window did not read the whole workspace again


def test_typing_without_a_pause_is_kept_within_a_second(
    qtbot: QtBot, declared_db: tuple[Database, Path], settings: QSettings
) -> None:
    db, _path = declared_db
    window = workspace_on(qtbot, db, ANN, settings)
    editor = window.scoring.justification
    editor.setFocus()
    started = time.monotonic()
    kept_while_typing = ""
    while time.monotonic() - started < 1.6:  # a key every 20 ms: never a pause
        qtbot.keyClicks(editor, "a")
        qtbot.wait(20)
        kept_while_typing = work_of(db, LOT_1[0])[1]
        if kept_while_typing:
            break
    assert kept_while_typing
    assert time.monotonic() - started < 1.5


def test_a_justification_pasted_past_the_limit_is_refused_in_words(
    qtbot: QtBot, declared_db: tuple[Database, Path], settings: QSettings
) -> None:
    db, path = declared_db
    window = workspace_on(qtbot, db, ANN, settings)
    editor = window.scoring.justification
    editor.setFocus()
    qtbot.keyClicks(editor, "Clear plan. ")
    qtbot.waitUntil(lambda: work_of(db, LOT_1[0]) == (None, "Clear plan. "), timeout=3000)
    before = snapshot(path)
    pasted = "Long quotation from the answer. " * 1250  # 40,000 characters
    QApplication.clipboard().setText(pasted)
    started = time.monotonic()
    qtbot.keyClick(editor, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert time.monotonic() - started < 1.0  # no freeze
    assert editor.toPlainText() == "Clear plan. "
    banner = window.scoring.paste_refused
    assert banner.isVisible()
    assert banner.text() == (
        "Nothing was pasted: the text has 40,000 characters, and a justification holds at "
        f"most {TEXT_LIMIT:,} (19,988 more here). The text is still on the clipboard, to "
        "shorten before pasting it again."
    )
    assert QApplication.clipboard().text() == pasted
    qtbot.wait(1200)
    assert snapshot(path) == before
    # A paste that fits goes in, is kept, and the note goes.
    fits = pasted[:15_000]
    QApplication.clipboard().setText(fits)
    started = time.monotonic()
    qtbot.keyClick(editor, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(editor, " Done.")
    assert time.monotonic() - started < 1.0
    assert not banner.isVisible()
    whole = "Clear plan. " + fits + " Done."
    qtbot.waitUntil(lambda: work_of(db, LOT_1[0]) == (None, whole), timeout=3000)
