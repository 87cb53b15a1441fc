"""Who is working: an evaluator of the panel, with their passphrase when they have one; a
wrong one is said in the dialog, and after three the dialog counts the pause down."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from svdesk.services.passphrases import Lockout, set_passphrase
from svdesk.store.database import Database
from svdesk.ui.workspace.member_dialog import MemberDialog
from tests.support.panel_tender import ANN, BEN, REF
from tests.ui.conftest import OFFSCREEN_MESSAGE_BOXES

pytestmark = OFFSCREEN_MESSAGE_BOXES

SECRET = "correct horse battery"


def dialog_on(qtbot: QtBot, db: Database, lockout: Lockout | None = None) -> MemberDialog:
    dialog = MemberDialog(db, REF, lockout=lockout)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def choose(qtbot: QtBot, dialog: MemberDialog, name: str) -> None:
    row = next(i for i in range(dialog.members.count()) if dialog.members.item(i).text() == name)
    rect = dialog.members.visualItemRect(dialog.members.item(row))
    qtbot.mouseClick(dialog.members.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_only_evaluators_are_offered_and_one_without_a_passphrase_passes(
    qtbot: QtBot, panel_db: tuple[Database, Path]
) -> None:
    db, _path = panel_db
    dialog = dialog_on(qtbot, db)
    names = [dialog.members.item(i).text() for i in range(dialog.members.count())]
    assert names == [ANN, BEN]  # the moderator does not score
    choose(qtbot, dialog, BEN)
    assert not dialog.passphrase.isVisible()
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.member == BEN


def test_a_wrong_passphrase_is_said_then_the_right_one_passes(
    qtbot: QtBot, panel_db: tuple[Database, Path]
) -> None:
    db, _path = panel_db
    set_passphrase(db, REF, ANN, SECRET)
    dialog = dialog_on(qtbot, db)
    choose(qtbot, dialog, ANN)
    assert dialog.passphrase.isVisible()
    assert dialog.passphrase.echoMode() == dialog.passphrase.EchoMode.Password
    qtbot.keyClicks(dialog.passphrase, "not it at all")
    qtbot.keyClick(dialog.passphrase, Qt.Key.Key_Return)
    assert dialog.isVisible()
    assert dialog.member is None
    assert dialog.message.isVisible()
    assert dialog.message.text().startswith(f"The passphrase of {ANN} is wrong")
    dialog.passphrase.clear()
    qtbot.keyClicks(dialog.passphrase, SECRET)
    qtbot.keyClick(dialog.passphrase, Qt.Key.Key_Return)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.member == ANN, dialog.message.text()


def test_three_wrong_tries_pause_the_dialog_for_as_long_as_the_service_says(
    qtbot: QtBot, panel_db: tuple[Database, Path]
) -> None:
    db, _path = panel_db
    set_passphrase(db, REF, ANN, SECRET)
    dialog = dialog_on(qtbot, db, Lockout(first_pause=2.0))
    choose(qtbot, dialog, ANN)
    for _ in range(3):
        dialog.passphrase.clear()
        qtbot.keyClicks(dialog.passphrase, "a wrong guess")
        qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    assert not dialog.ok.isEnabled()
    assert "Try again in 2 seconds." in dialog.message.text()
    # While the pause lasts even the right passphrase cannot be tried.
    dialog.passphrase.clear()
    qtbot.keyClicks(dialog.passphrase, SECRET)
    qtbot.keyClick(dialog.passphrase, Qt.Key.Key_Return)
    assert dialog.isVisible()
    assert dialog.member is None
    qtbot.waitUntil(lambda: "Try again in 1 second." in dialog.message.text(), timeout=3000)
    qtbot.waitUntil(dialog.ok.isEnabled, timeout=3000)
    assert dialog.message.text() == "The pause is over: you can try again."
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    assert dialog.member == ANN, dialog.message.text()
