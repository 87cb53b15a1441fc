"""Evaluation > Moderation tolerance…: the tender's tolerance changed with a reason, in the
name of whoever is working, and the board (colours, legend, counts, discussion order and
its filter) following it at once; a refusal keeps the dialog open with what was typed."""

from __future__ import annotations

import sqlite3

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush
from pytestqt.qtbot import QtBot

from svdesk.services.moderation_lots import open_lot
from svdesk.services.moderation_tolerance import moderation_tolerance
from svdesk.store.database import Database
from svdesk.ui.dialogs.tolerance_dialog import ToleranceDialog
from svdesk.ui.main_window import MainWindow
from svdesk.ui.views.moderation.board_model import TINTS, Agreement
from svdesk.ui.views.moderation.board_view import BoardView
from svdesk.ui.views.navigator import Page, Target
from tests.ui.conftest import DEMO_REFERENCE, OFFSCREEN_MESSAGE_BOXES
from tests.ui.views.moderation.agreeing import MODERATOR
from tests.ui.views.moderation.conftest import ShowPage

pytestmark = OFFSCREEN_MESSAGE_BOXES
BECAUSE = "The panel chose to discuss only the widest differences at this meeting."


def tint(board: BoardView, bidder: str, criterion: str) -> Agreement:
    grid = board.grid_model
    brush = grid.data(grid.index_of(bidder, criterion), Qt.ItemDataRole.BackgroundRole)
    colour = QBrush(brush).color().name().upper()
    return next(kind for kind, t in TINTS.items() if t.background.upper() == colour)


def change(qtbot: QtBot, window: MainWindow, steps: int, reason: str = BECAUSE) -> ToleranceDialog:
    window.commands.tolerance_action.trigger()
    dialog = window.findChild(ToleranceDialog)
    assert dialog is not None
    dialog.steps.setValue(steps)
    dialog.reason.setPlainText(reason)
    dialog._on_buttons_accepted()
    return dialog


def test_the_board_follows_a_tolerance_of_2_then_0(
    qtbot: QtBot, moderation_page: ShowPage, ready_db: Database
) -> None:
    open_lot(ready_db, DEMO_REFERENCE, "1", actor=MODERATOR)
    window, page = moderation_page(ready_db, "1")
    board = page.board_view
    assert "1 outside the tolerance (1 step)" in board.subtitle.text()
    # B02 SV4: 75, 25, 50 (two steps); B02 SV3: 50, 50, 75 (one step).
    assert tint(board, "B02", "SV4") is Agreement.OUTSIDE
    assert tint(board, "B02", "SV3") is Agreement.WITHIN

    dialog = change(qtbot, window, 2)
    assert dialog.result() == ToleranceDialog.DialogCode.Accepted
    qtbot.waitUntil(lambda: "0 outside the tolerance (2 steps)" in board.subtitle.text())
    assert tint(board, "B02", "SV4") is Agreement.WITHIN
    assert "Outside tolerance: scores more than 2 steps apart" in board.legend.text()
    assert "Within tolerance: scores at most 2 steps apart" in board.legend.text()
    board.outside_only.setChecked(True)
    assert board.discussion_model.rowCount() == 0
    board.outside_only.setChecked(False)

    window.findChild(ToleranceDialog).deleteLater()
    qtbot.waitUntil(lambda: window.findChild(ToleranceDialog) is None)
    change(qtbot, window, 0)
    qtbot.waitUntil(lambda: tint(board, "B02", "SV3") is Agreement.OUTSIDE)
    assert "Outside tolerance: any difference in the scores" in board.legend.text()
    assert "Within tolerance: scores all the same" in board.legend.text()
    outside = sum(1 for c in page.board_view.discussion_model.rows() if c.outside_tolerance)
    assert f"{outside} outside the tolerance (0 steps)" in board.subtitle.text()
    first = board.discussion_model.rows()[:outside]
    assert all(c.spread > 0 for c in first)
    board.outside_only.setChecked(True)
    assert board.discussion_model.rowCount() == outside > 1

    with sqlite3.connect(ready_db.location) as connection:
        rows = connection.execute(
            "SELECT actor, old_value, new_value FROM audit_event "
            "WHERE entity = 'moderation tolerance' ORDER BY id"
        ).fetchall()
    connection.close()
    assert rows == [
        (MODERATOR, '{"steps": 1}', f'{{"reason": "{BECAUSE}", "steps": 2}}'),
        (MODERATOR, '{"steps": 2}', f'{{"reason": "{BECAUSE}", "steps": 0}}'),
    ]


def test_the_response_in_moderation_follows_the_tolerance(
    qtbot: QtBot, moderation_page: ShowPage, ready_db: Database
) -> None:
    open_lot(ready_db, DEMO_REFERENCE, "1", actor=MODERATOR)
    window, _page = moderation_page(ready_db, "1")
    overview = window.context.overview
    assert overview is not None
    response = next(
        r for r in overview.responses if (r.lot, r.bidder, r.criterion) == ("1", "B02", "SV4")
    )
    window.go_to(Target(Page.CONSENSUS, "1", "B02", "SV4", response.id))
    assert window.pages is not None
    consensus = window.pages.consensus
    # B02 SV4: 75, 25, 50, two steps apart: outside the tolerance of 1, discussed first.
    assert "more than the tolerance of 1 step" in consensus.panel.summary.text()
    assert "response 1 of" in consensus.subtitle.text()
    consensus.editor.fields[0].setPlainText("Typed before the tolerance changed.")

    change(qtbot, window, 2)
    qtbot.waitUntil(lambda: "tolerance" not in consensus.panel.summary.text())
    assert consensus.panel.summary.text().startswith("Spread 2 steps")
    # Read again with the new tolerance: still the widest spread, so still first.
    assert "response 1 of 12 in discussion order" in consensus.subtitle.text()
    assert consensus.editor.fields[0].toPlainText() == "Typed before the tolerance changed."


def test_a_refusal_keeps_the_dialog_and_what_was_typed(
    qtbot: QtBot, moderation_page: ShowPage, ready_db: Database
) -> None:
    window, _page = moderation_page(ready_db)
    dialog = change(qtbot, window, 3, "wider")
    assert dialog.isVisible()
    assert not dialog.message.isHidden()
    assert dialog.message.text().startswith("Say why the tolerance changes")
    assert dialog.reason.toPlainText() == "wider"
    assert moderation_tolerance(ready_db, DEMO_REFERENCE).steps == 1
    assert dialog.meaning.text() == (
        "Discussed first: responses with scores more than 3 steps of the scale apart."
    )
    assert dialog.steps.maximum() == 4
