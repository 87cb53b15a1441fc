"""The tender summary's Moderation row follows each lot's moderation."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from svdesk.services.moderation_lots import open_lot, reopen_lot, sign_off_lot
from svdesk.store.database import Database
from tests.ui.conftest import DEMO_REFERENCE, window_on
from tests.ui.views.moderation.agreeing import MODERATOR

REOPEN = "The panel found that a rationale quoted the wrong part of the answer."


def test_the_summary_says_which_lot_has_opened(qtbot: QtBot, ready_db: Database) -> None:
    window = window_on(qtbot, ready_db)
    assert window.pages is not None
    moderation = window.pages.summary.fields["moderation"]
    assert moderation.text().startswith("not yet open")

    open_lot(ready_db, DEMO_REFERENCE, "1", actor=MODERATOR)
    window.context.announce_consensus()
    assert moderation.text() == "Lot 1 open · Lot 2 not yet open"

    open_lot(ready_db, DEMO_REFERENCE, "2", actor=MODERATOR)
    window.context.announce_consensus()
    assert moderation.text().startswith("open since ")


def test_the_summary_names_a_signed_off_lot(qtbot: QtBot, demo_db: Database) -> None:
    window = window_on(qtbot, demo_db)  # the demo: every lot signed off
    assert window.pages is not None
    moderation = window.pages.summary.fields["moderation"]
    assert moderation.text() == "Lot 1 signed off · Lot 2 signed off"

    reopen_lot(demo_db, DEMO_REFERENCE, "1", REOPEN, actor=MODERATOR)
    window.context.announce_consensus()
    assert moderation.text() == "Lot 1 open · Lot 2 signed off"

    sign_off_lot(demo_db, DEMO_REFERENCE, "1", "The whole panel", actor=MODERATOR)
    window.context.announce_consensus()
    assert moderation.text() == "Lot 1 signed off · Lot 2 signed off"


def test_the_panel_dialog_says_which_lot_has_opened(qtbot: QtBot, ready_db: Database) -> None:
    window = window_on(qtbot, ready_db)
    dialog = window.files.open_panel()
    assert dialog is not None
    assert dialog.moderation.text().startswith("Moderation has not opened")

    open_lot(ready_db, DEMO_REFERENCE, "1", actor=MODERATOR)
    dialog.refresh()
    assert dialog.moderation.text() == (
        "Moderation: Lot 1 open · Lot 2 not yet open. The evaluators' scores of a lot whose "
        "moderation has opened are frozen and seen side by side."
    )
