"""What an evaluator keeps and submits in their workspace is news for the main window: the
Results page on show reads the tender again by itself."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from svdesk.services.drafts import save_draft
from svdesk.store.database import Database
from svdesk.ui.views.navigator import Page, Target
from tests.support.panel_tender import ANN, LOT_1, REF, WHY
from tests.ui.conftest import OFFSCREEN_MESSAGE_BOXES, window_on

pytestmark = OFFSCREEN_MESSAGE_BOXES
TIMEOUT = 30_000


def test_a_lot_submitted_in_the_workspace_refreshes_the_results_page(
    qtbot: QtBot, declared_db: tuple[Database, Path]
) -> None:
    db, _path = declared_db
    for lot, bidder, criterion in LOT_1:
        save_draft(db, REF, ANN, lot, bidder, criterion, score=50, justification=WHY, notes="")
    window = window_on(qtbot, db)
    assert window.pages is not None
    results = window.pages.results
    window.go_to(Target(Page.RESULTS, "1"))
    qtbot.waitUntil(lambda: not results.is_reading(), timeout=TIMEOUT)
    before = "Panel: Ann Evaluator has not submitted scores for 6 responses"
    assert before in results.problems.problems()

    workspace = window.workspaces.open_for(ANN)
    assert workspace is not None
    qtbot.addWidget(workspace)
    news: list[str] = []
    window.context.scores_changed.connect(lambda: news.append("scores"))
    with qtbot.waitSignal(results.refreshed, timeout=TIMEOUT):
        workspace.commands.submit_action.trigger()

    assert news == ["scores"]
    problems = results.problems.problems()
    assert before not in problems
    assert "Panel: Ann Evaluator has not submitted scores for 2 responses" in problems
    workspace.close()


def test_drafts_kept_in_the_workspace_are_announced_but_never_read_as_results(
    qtbot: QtBot, declared_db: tuple[Database, Path]
) -> None:
    db, _path = declared_db
    window = window_on(qtbot, db)
    assert window.pages is not None
    workspace = window.workspaces.open_for(ANN)
    assert workspace is not None
    qtbot.addWidget(workspace)
    news: list[str] = []
    window.context.drafts_changed.connect(lambda: news.append("drafts"))
    window.context.scores_changed.connect(lambda: news.append("scores"))

    workspace.scoring.pick(2)
    assert workspace.keeper.flush()

    assert news == ["drafts"]
    workspace.close()
