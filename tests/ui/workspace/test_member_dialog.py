"""Who is working: an evaluator of the panel, with their passphrase when they have one; a
wrong one is said in the dialog, and after three the dialog counts the pause down. A member
sets or changes their passphrase from the same dialog."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QDialog, QLineEdit
from pytestqt.qtbot import QtBot

from svdesk.services.audit_trail import audit_entries
from svdesk.services.passphrases import (
    Lockout,
    WrongPassphrase,
    passphrase_is_set,
    set_passphrase,
    verify_passphrase,
)
from svdesk.store.database import Database
from svdesk.ui.workspace.member_dialog import MemberDialog
from svdesk.ui.workspace.passphrase_dialog import PassphraseDialog
from tests.support.panel_tender import ANN, BEN, REF
from tests.support.snapshot import snapshot
from tests.ui.conftest import OFFSCREEN_MESSAGE_BOXES
from tests.ui.workspace.conftest import workspace_on

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


def open_passphrase_dialog(qtbot: QtBot, dialog: MemberDialog, name: str) -> PassphraseDialog:
    choose(qtbot, dialog, name)
    qtbot.mouseClick(dialog.set_passphrase, Qt.MouseButton.LeftButton)
    changer = dialog.passphrase_dialog
    qtbot.waitExposed(changer)
    return changer


def type_into(qtbot: QtBot, field: QLineEdit, text: str) -> None:
    field.clear()
    qtbot.keyClicks(field, text)


def test_a_member_sets_a_passphrase_in_the_window_and_is_then_asked_for_it(
    qtbot: QtBot, panel_db: tuple[Database, Path]
) -> None:
    db, path = panel_db
    dialog = dialog_on(qtbot, db)
    changer = open_passphrase_dialog(qtbot, dialog, BEN)
    assert changer.windowTitle() == f"Set the passphrase of {BEN}"
    assert not changer.current.isVisible()  # none to give yet
    before = snapshot(path)
    type_into(qtbot, changer.new, SECRET)
    type_into(qtbot, changer.again, SECRET + "!")
    qtbot.mouseClick(changer.ok, Qt.MouseButton.LeftButton)
    assert changer.message.text() == (
        "The two new passphrases typed differ: type the same one twice."
    )
    type_into(qtbot, changer.new, "short")
    type_into(qtbot, changer.again, "short")
    qtbot.mouseClick(changer.ok, Qt.MouseButton.LeftButton)
    assert changer.message.text().startswith("A passphrase needs at least 8 characters")
    assert snapshot(path) == before
    type_into(qtbot, changer.new, SECRET)
    type_into(qtbot, changer.again, SECRET)
    qtbot.mouseClick(changer.ok, Qt.MouseButton.LeftButton)
    assert changer.result() == QDialog.DialogCode.Accepted
    assert passphrase_is_set(db, REF, BEN)
    assert dialog.message.text() == f"{BEN} now has a passphrase: svdesk asks for it from now on."
    assert dialog.passphrase.isVisible()  # asked for at once
    last = audit_entries(db, REF)[-1]
    assert (last.actor, last.action, last.entity, last.entity_key) == (
        BEN,
        "set",
        "passphrase",
        BEN,
    )
    assert SECRET not in repr(last)
    qtbot.keyClicks(dialog.passphrase, SECRET)
    qtbot.keyClick(dialog.passphrase, Qt.Key.Key_Return)
    assert dialog.member == BEN


def test_changing_a_passphrase_needs_the_current_one_and_wrong_tries_pause(
    qtbot: QtBot, panel_db: tuple[Database, Path]
) -> None:
    db, _path = panel_db
    set_passphrase(db, REF, ANN, SECRET)
    dialog = dialog_on(qtbot, db, Lockout(first_pause=2.0))
    changer = open_passphrase_dialog(qtbot, dialog, ANN)
    assert changer.windowTitle() == f"Change the passphrase of {ANN}"
    assert changer.current.isVisible()
    type_into(qtbot, changer.new, "a brand new phrase")
    type_into(qtbot, changer.again, "a brand new phrase")
    for _ in range(3):
        type_into(qtbot, changer.current, "a wrong guess")
        qtbot.keyClick(changer.current, Qt.Key.Key_Return)
    assert changer.isVisible()
    assert changer.message.text().startswith(f"The passphrase of {ANN} is wrong, 3 times")
    assert "Try again in 2 seconds." in changer.message.text()
    assert not changer.ok.isEnabled()
    type_into(qtbot, changer.current, SECRET)
    qtbot.keyClick(changer.current, Qt.Key.Key_Return)  # not even the right one, meanwhile
    assert changer.isVisible()
    qtbot.waitUntil(changer.ok.isEnabled, timeout=4000)
    assert changer.message.text() == "The pause is over: you can try again."
    qtbot.mouseClick(changer.ok, Qt.MouseButton.LeftButton)
    assert changer.result() == QDialog.DialogCode.Accepted
    assert dialog.message.text() == f"The passphrase of {ANN} is changed."
    verify_passphrase(db, REF, ANN, "a brand new phrase")
    with pytest.raises(WrongPassphrase):
        verify_passphrase(db, REF, ANN, SECRET)


def test_a_member_sets_their_passphrase_from_their_workspace(
    qtbot: QtBot, declared_db: tuple[Database, Path], settings: QSettings
) -> None:
    db, _path = declared_db
    window = workspace_on(qtbot, db, ANN, settings)
    menu_texts = [a.text() for a in window.menuBar().actions()[0].menu().actions()]
    assert "Set or change your &passphrase…" in menu_texts
    window.commands.passphrase_action.trigger()
    changer = window.passphrase_dialog
    qtbot.waitExposed(changer)
    type_into(qtbot, changer.new, SECRET)
    type_into(qtbot, changer.again, SECRET)
    qtbot.keyClick(changer.again, Qt.Key.Key_Return)
    assert passphrase_is_set(db, REF, ANN)
    assert window.statusBar().currentMessage() == (
        f"{ANN} now has a passphrase: svdesk asks for it from now on."
    )
