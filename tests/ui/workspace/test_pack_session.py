"""``svdesk gui FILE.zip``: an evaluator pack opened in the scoring view away from the
panel's database, its work saved into the file as it is done, and imported back."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from svdesk.services.panel import Declaration, declare
from svdesk.services.passphrases import set_passphrase
from svdesk.services.scoring import my_responses
from svdesk.sheets.evaluator_pack import (
    import_evaluator_pack,
    read_evaluator_pack,
    write_evaluator_pack,
)
from svdesk.sheets.evaluator_pack_work import open_working_copy
from svdesk.store.database import Database
from svdesk.ui.workspace import pack_session
from svdesk.ui.workspace.member_dialog import MemberDialog
from svdesk.ui.workspace.pack_session import PackSession, run_pack
from svdesk.ui.workspace.workspace_window import WorkspaceWindow
from tests.support.evaluator_packs import ANN, ATTACHED_TEXT, REF, WHY, panel_database
from tests.ui.conftest import OFFSCREEN_MESSAGE_BOXES

SECRET = "correct horse battery"
pytestmark = OFFSCREEN_MESSAGE_BOXES  # the dialog that asks who is working has no parent


@pytest.fixture
def panel(tmp_path: Path) -> Iterator[Database]:
    db, _path = panel_database(tmp_path / "panel")
    declare(db, REF, ANN, [Declaration("B01", False), Declaration("B02", False)])
    yield db
    db.close()


def session_on(qtbot: QtBot, pack: Path, folder: Path, settings: QSettings) -> PackSession:
    session = PackSession(open_working_copy(pack, folder), settings=settings)
    dialog = session.start()
    qtbot.addWidget(dialog)
    return session


def started(qtbot: QtBot, session: PackSession, passphrase: str = "") -> WorkspaceWindow:
    dialog = session.dialog
    assert dialog is not None
    if passphrase:
        qtbot.keyClicks(dialog.passphrase, passphrase)
    dialog.ok.click()
    window = session.workspace
    assert window is not None
    qtbot.addWidget(window)
    handle = window.windowHandle()
    assert handle is not None
    handle.requestActivate()
    qtbot.waitUntil(window.isActiveWindow)
    return window


def test_a_pack_is_scored_in_the_window_saved_into_the_file_and_imported_back(
    qtbot: QtBot, tmp_path: Path, panel: Database, settings: QSettings
) -> None:
    pack = write_evaluator_pack(panel, REF, ANN, tmp_path / "ann.zip")
    session = session_on(qtbot, pack, tmp_path / "laptop", settings)
    window = started(qtbot, session)
    assert "ann.zip" in window.windowTitle()
    assert ATTACHED_TEXT in window.answer.browser.toPlainText()  # the attached file, in place

    qtbot.keyClick(window.answer.browser, Qt.Key.Key_4)  # the fourth score of the scale: 75
    window.scoring.justification.setFocus()
    qtbot.keyClicks(window.scoring.justification, WHY)
    window.close()

    work = read_evaluator_pack(pack).copy.work
    assert [(w.lot, w.bidder, w.criterion, w.score, w.justification) for w in work] == [
        ("1", "B01", "SV1", 75, WHY)
    ]
    session.copy.close()
    outcome = import_evaluator_pack(panel, pack)
    assert (outcome.submitted, outcome.unscored) == (1, 5)
    mine = {(r.lot, r.bidder, r.criterion): (r.score, r.justification, r.submitted) for r in
            my_responses(panel, REF, ANN)}  # fmt: skip
    assert mine[("1", "B01", "SV1")] == (75, WHY, True)


def test_the_pack_is_rewritten_shortly_after_a_change_without_closing(
    qtbot: QtBot, tmp_path: Path, panel: Database, settings: QSettings
) -> None:
    pack = write_evaluator_pack(panel, REF, ANN, tmp_path / "ann.zip")
    session = session_on(qtbot, pack, tmp_path / "laptop", settings)
    window = started(qtbot, session)
    qtbot.keyClick(window.answer.browser, Qt.Key.Key_2)
    with qtbot.waitSignal(session.saved, timeout=10_000) as saved:
        pass
    assert saved.args == ["Saved into ann.zip"]
    assert [w.score for w in read_evaluator_pack(pack).copy.work] == [25]
    window.close()
    session.copy.close()


def test_a_submitted_lot_is_saved_into_the_pack_at_once(
    qtbot: QtBot, tmp_path: Path, panel: Database, settings: QSettings
) -> None:
    pack = write_evaluator_pack(panel, REF, ANN, tmp_path / "ann.zip")
    session = session_on(qtbot, pack, tmp_path / "laptop", settings)
    window = started(qtbot, session)
    window.go_to(("2", "B02", "SV1"))
    for _ in range(2):
        window.scoring.pick(3)
        window.scoring.justification.setPlainText(WHY)
        window.keeper.flush()
        window.go_to(("2", "B02", "SV2"))
    session.timer.stop()  # only the submission saves now
    window.commands.submit_action.trigger()
    assert not session.timer.isActive()
    work = read_evaluator_pack(pack).copy.work
    assert [(w.lot, w.score, w.submitted) for w in work] == [("2", 50, True), ("2", 50, True)]
    window.close()
    session.copy.close()


def test_reopening_the_pack_returns_to_the_same_work(
    qtbot: QtBot, tmp_path: Path, panel: Database, settings: QSettings
) -> None:
    pack = write_evaluator_pack(panel, REF, ANN, tmp_path / "ann.zip")
    session = session_on(qtbot, pack, tmp_path / "laptop", settings)
    window = started(qtbot, session)
    qtbot.keyClick(window.answer.browser, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    qtbot.keyClick(window.answer.browser, Qt.Key.Key_3)
    window.close()
    session.copy.close()

    again = session_on(qtbot, pack, tmp_path / "laptop", settings)
    window = started(qtbot, again)
    assert window.current_key() == ("1", "B01", "SV2")
    assert window.scoring.scores.checkedId() == 50
    window.close()
    again.copy.close()
    # On another computer (another working folder) the pack alone brings the work back.
    elsewhere = session_on(qtbot, pack, tmp_path / "other laptop", settings)
    window = started(qtbot, elsewhere)
    assert window.workspace is not None
    assert [i.score for i in window.workspace.items][:2] == [None, 50]
    window.close()
    elsewhere.copy.close()


def test_the_members_passphrase_is_asked_before_the_pack_opens(
    qtbot: QtBot, tmp_path: Path, panel: Database, settings: QSettings
) -> None:
    set_passphrase(panel, REF, ANN, SECRET)
    pack = write_evaluator_pack(panel, REF, ANN, tmp_path / "ann.zip")
    session = session_on(qtbot, pack, tmp_path / "laptop", settings)
    dialog = session.dialog
    assert dialog is not None
    assert dialog.passphrase.isVisible()
    qtbot.keyClicks(dialog.passphrase, "not the passphrase")
    dialog.ok.click()
    assert session.workspace is None
    assert "passphrase" in dialog.message.text()
    assert dialog.message.isVisible()
    dialog.passphrase.clear()
    window = started(qtbot, session, SECRET)
    assert window.isVisible()
    window.close()
    session.copy.close()


def test_svdesk_gui_on_a_pack_runs_until_the_workspace_closes(
    qtbot: QtBot, tmp_path: Path, panel: Database
) -> None:
    pack = write_evaluator_pack(panel, REF, ANN, tmp_path / "ann.zip")
    seen: list[str] = []

    def windows_of(kind: type) -> list[Any]:
        return [w for w in QApplication.topLevelWidgets() if isinstance(w, kind) and w.isVisible()]

    def close_the_workspace() -> None:
        for window in windows_of(WorkspaceWindow):
            seen.append(window.windowTitle())
            window.scoring.pick(2)  # 25, kept as the window closes
            window.close()

    def start_scoring() -> None:
        for dialog in windows_of(MemberDialog):
            dialog.ok.click()
        QTimer.singleShot(200, close_the_workspace)

    QTimer.singleShot(200, start_scoring)
    assert run_pack(pack, tmp_path / "laptop") == 0
    assert seen == [f"Scoring {REF} as {ANN}, in ann.zip · svdesk"]
    assert [w.score for w in read_evaluator_pack(pack).copy.work] == [25]


def test_a_pack_that_cannot_be_opened_is_said_in_a_box(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    damaged = tmp_path / "ann.zip"
    damaged.write_bytes(b"PK\x03\x04 not really a zip")
    said: list[str] = []
    monkeypatch.setattr(
        pack_session.QMessageBox,
        "warning",
        lambda _parent, title, text: (
            said.append(f"{title}: {text}") or QMessageBox.StandardButton.Ok
        ),
    )
    assert run_pack(damaged, tmp_path / "laptop") == 1
    assert len(said) == 1
    assert said[0].startswith("svdesk cannot open this evaluator pack: 'ann.zip' is damaged")
