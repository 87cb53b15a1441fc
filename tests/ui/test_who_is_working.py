"""Who is working at the main window: asked when a tender is opened, and what the window
changes is recorded in the audit trail under that person's name, never the login."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from svdesk.services.audit_trail import audit_entries
from svdesk.services.imports import import_pack
from svdesk.services.passphrases import set_passphrase
from svdesk.store.audit import current_user
from svdesk.store.database import Database, open_database
from svdesk.ui.dialogs.who_dialog import WhoDialog
from svdesk.ui.main_window import MainWindow
from svdesk.ui.who_is_working import Actor, WhoAsker
from tests.support.packs import set_cell, valid_sheets, write_pack
from tests.support.panel_tender import ANN, MO, REF, panel_tender
from tests.support.read_only import read_only_url
from tests.ui.conftest import OFFSCREEN_MESSAGE_BOXES, window_on

pytestmark = OFFSCREEN_MESSAGE_BOXES

SECRET = "correct horse battery"


@pytest.fixture(autouse=True)
def asking_who(tmp_path: Path) -> None:
    """The question is really asked; the choice is remembered in the test's own folder."""
    for kind in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(kind, QSettings.Scope.UserScope, str(tmp_path / "config"))
    WhoAsker.preset = None  # put back by the window tests' own fixture


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database, _path = panel_tender(tmp_path)
    yield database
    database.close()


def asked(qtbot: QtBot, window: MainWindow) -> WhoDialog:
    dialog = window.who.dialog
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible)
    return dialog


def choose_member(dialog: WhoDialog, name: str) -> None:
    dialog.member_choice.setChecked(True)
    for row in range(dialog.members.count()):
        if dialog.members.item(row).text().startswith(name + " ("):
            dialog.members.setCurrentRow(row)
            return
    raise AssertionError(f"{name} is not offered")


def choose_other(dialog: WhoDialog, name: str, role: str) -> None:
    dialog.other_choice.setChecked(True)
    dialog.other_name.setText(name)
    dialog.other_role.setText(role)


def test_opening_a_tender_asks_who_is_working(qtbot: QtBot, db: Database) -> None:
    window = window_on(qtbot, db)
    dialog = asked(qtbot, window)
    offered = [dialog.members.item(row).text() for row in range(dialog.members.count())]
    assert f"{MO} (moderator)" in offered
    assert f"{ANN} (evaluator)" in offered
    assert window.context.actor is None
    assert window.actor_label.text() == "Working: nobody chosen"

    choose_other(dialog, "  Pat   Officer ", "procurement officer")
    dialog.ok.click()

    assert window.context.actor == Actor("Pat Officer", "procurement officer", on_panel=False)
    assert window.actor_label.text() == "Working: Pat Officer (procurement officer)"


def test_a_member_with_a_passphrase_needs_it(qtbot: QtBot, db: Database) -> None:
    set_passphrase(db, REF, ANN, SECRET)
    window = window_on(qtbot, db)
    dialog = asked(qtbot, window)
    choose_member(dialog, ANN)
    assert dialog.passphrase.isVisible()
    assert dialog.forgotten.isVisible()  # and who can reset a forgotten one
    assert "A moderator of the panel can reset it" in dialog.forgotten.text()

    dialog.passphrase.setText("not the passphrase")
    dialog.ok.click()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert window.context.actor is None
    assert "passphrase" in dialog.message.text().lower()

    dialog.passphrase.setText(SECRET)
    dialog.ok.click()
    assert window.context.actor == Actor(ANN, "evaluator", on_panel=True)


def test_a_member_without_a_passphrase_is_not_asked_for_one(qtbot: QtBot, db: Database) -> None:
    window = window_on(qtbot, db)
    dialog = asked(qtbot, window)
    choose_member(dialog, MO)
    assert not dialog.passphrase.isVisible()
    assert not dialog.forgotten.isVisible()
    dialog.ok.click()
    assert window.context.actor == Actor(MO, "moderator", on_panel=True)


def test_someone_not_on_the_panel_gives_a_name_and_a_role(qtbot: QtBot, db: Database) -> None:
    window = window_on(qtbot, db)
    dialog = asked(qtbot, window)
    choose_other(dialog, "Pat Officer", " ")
    assert not dialog.ok.isEnabled()
    dialog.other_role.setText("procurement officer")
    assert dialog.ok.isEnabled()


def test_adding_a_panel_member_is_recorded_under_who_is_working(qtbot: QtBot, db: Database) -> None:
    window = window_on(qtbot, db)
    dialog = asked(qtbot, window)
    choose_other(dialog, "Pat Officer", "procurement officer")
    dialog.ok.click()

    panel = window.files.open_panel()
    assert panel is not None
    panel.name_edit.setText("Cy Newcomer")
    panel.add_button.click()
    qtbot.waitUntil(lambda: not panel.is_adding())

    added = [e for e in audit_entries(db, REF) if e.entity_key and "Cy Newcomer" in str(e.new)]
    assert added, "the addition is in the trail"
    assert {e.actor for e in added} == {"Pat Officer"}
    assert current_user() != "Pat Officer"


def test_changing_who_is_working(qtbot: QtBot, db: Database) -> None:
    window = window_on(qtbot, db)
    dialog = asked(qtbot, window)
    choose_member(dialog, MO)
    dialog.ok.click()

    window.commands.who_action.trigger()
    again = asked(qtbot, window)
    assert again is not dialog
    assert again.chosen_member() == (MO, "moderator")  # who is working now is offered first
    choose_other(again, "Pat Officer", "procurement officer")
    again.ok.click()
    assert window.context.actor_name == "Pat Officer"
    assert window.actor_label.text() == "Working: Pat Officer (procurement officer)"


def test_cancelling_a_change_keeps_who_is_working(qtbot: QtBot, db: Database) -> None:
    window = window_on(qtbot, db)
    dialog = asked(qtbot, window)
    choose_member(dialog, MO)
    dialog.ok.click()
    window.commands.who_action.trigger()
    asked(qtbot, window).reject()
    assert window.context.actor_name == MO


def test_the_last_choice_is_offered_first_next_time(
    qtbot: QtBot, db: Database, tmp_path: Path
) -> None:
    first = window_on(qtbot, db)
    dialog = asked(qtbot, first)
    choose_other(dialog, "Pat Officer", "procurement officer")
    dialog.ok.click()
    first.close()

    second = window_on(qtbot, db)
    offered = asked(qtbot, second)
    assert offered.other_choice.isChecked()
    assert offered.other_name.text() == "Pat Officer"
    assert offered.other_role.text() == "procurement officer"
    assert second.context.actor is None  # offered, never taken without asking


def test_a_tender_without_a_panel_offers_only_someone_not_on_it(
    qtbot: QtBot, tender_db: Database
) -> None:
    window = window_on(qtbot, tender_db)
    dialog = asked(qtbot, window)
    assert dialog.members.count() == 0
    assert not dialog.member_choice.isEnabled()
    assert dialog.other_choice.isChecked()
    choose_other(dialog, "Pat Officer", "procurement officer")
    dialog.ok.click()
    assert window.context.actor_name == "Pat Officer"


def test_scoring_opens_the_workspace_of_the_evaluator_working(qtbot: QtBot, db: Database) -> None:
    window = window_on(qtbot, db)
    dialog = asked(qtbot, window)
    choose_member(dialog, ANN)
    dialog.ok.click()

    window.commands.score_action.trigger()
    workspace = window.workspaces.workspace
    assert workspace is not None
    assert ANN in workspace.windowTitle()
    assert window.workspaces.dialog is None  # not asked a second time


def test_a_read_only_database_still_asks_for_a_name(
    qtbot: QtBot, db: Database, tmp_path: Path
) -> None:
    set_passphrase(db, REF, ANN, SECRET)
    location = tmp_path / "t.sqlite"
    read_only = open_database(read_only_url(location))
    try:
        window = window_on(qtbot, read_only)
        dialog = asked(qtbot, window)
        choose_member(dialog, ANN)
        dialog.passphrase.setText(SECRET)
        dialog.ok.click()
        assert window.context.actor == Actor(ANN, "evaluator", on_panel=True)
        window.close()
    finally:
        read_only.close()


def test_switching_tender_asks_again(qtbot: QtBot, db: Database, tmp_path: Path) -> None:
    second = valid_sheets()
    set_cell(second, "Tender", 2, "Value", "TST-2026-0002")
    import_pack(db, write_pack(tmp_path / "second.xlsx", second))
    window = window_on(qtbot, db)
    first = asked(qtbot, window)
    shown = window.current_reference
    choose_other(first, "Pat Officer", "procurement officer")
    first.ok.click()
    assert window.context.actor_name == "Pat Officer"

    chooser = window.commands.tender_chooser
    other = next(i for i in range(chooser.count()) if chooser.itemData(i) != shown)
    chooser.activated.emit(other)

    assert window.current_reference != shown
    assert window.context.actor is None  # the name given was for the other tender
    again = asked(qtbot, window)
    assert again is not first
    assert again.windowTitle() == f"Who is working on {window.current_reference}?"
    assert window.actor_label.text() == "Working: nobody chosen"


def test_while_the_window_opens_the_question_waits_for_the_tender_to_be_shown(
    qtbot: QtBot, empty_db: Database, db: Database
) -> None:
    window = window_on(qtbot, empty_db)
    window.who.hold()
    window.set_database(db)  # the tender comes on show: held, nothing asked yet
    assert window.context.reference == REF
    assert window.who.dialog is None
    window.who.release()
    dialog = asked(qtbot, window)
    assert dialog.windowTitle() == f"Who is working on {REF}?"
    window.who.release()  # a second release asks nothing more
    assert window.who.dialog is dialog
    dialog.reject()
    window.set_database(empty_db)  # no tender
    window.set_database(db)  # released: asked at once
    assert window.who.dialog is not dialog
    assert asked(qtbot, window).windowTitle() == f"Who is working on {REF}?"
