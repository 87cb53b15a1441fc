"""Evaluation > Anonymity choices…: the tender's choices shown, changed and recorded in the
name of whoever is working."""

from __future__ import annotations

import sqlite3

from pytestqt.qtbot import QtBot

from svdesk.services.anonymity_setting import AnonymityChoices, anonymity_choices
from svdesk.store.database import Database
from svdesk.ui.dialogs.anonymity_dialog import AnonymityDialog
from tests.ui.conftest import OFFICER, OFFSCREEN_MESSAGE_BOXES, REFERENCE, window_on


@OFFSCREEN_MESSAGE_BOXES
def test_the_choices_are_kept_and_recorded(qtbot: QtBot, tender_db: Database) -> None:
    window = window_on(qtbot, tender_db)
    window.commands.anonymity_action.trigger()
    dialog = window.findChild(AnonymityDialog)
    assert dialog is not None
    assert not dialog.hide_bidders.isChecked()
    assert not dialog.anonymous_evaluators.isChecked()
    dialog.hide_bidders.setChecked(True)
    dialog.anonymous_evaluators.setChecked(True)
    dialog._on_buttons_accepted()
    assert dialog.kept == AnonymityChoices(True, True)
    assert anonymity_choices(tender_db, REFERENCE) == AnonymityChoices(True, True)
    with sqlite3.connect(tender_db.location) as connection:
        rows = connection.execute(
            "SELECT actor, entity_key, old_value, new_value FROM audit_event "
            "WHERE entity = 'anonymity choice' ORDER BY id"
        ).fetchall()
    connection.close()
    assert rows == [
        (OFFICER, "hide bidders on shared screen", '"no"', '"yes"'),
        (OFFICER, "anonymous evaluators in consensus workbook", '"no"', '"yes"'),
    ]

    again = AnonymityDialog(tender_db, REFERENCE, actor=OFFICER)
    qtbot.addWidget(again)
    assert again.hide_bidders.isChecked()
    assert again.anonymous_evaluators.isChecked()
