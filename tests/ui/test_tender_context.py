"""The window's one tender context: a change made in one place is announced there, and the
pages that show it read afresh by themselves."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from svdesk.domain.evaluation_rules import PanelRole
from svdesk.services.panel import add_member
from svdesk.store.database import Database
from svdesk.ui.tender_context import TenderContext
from svdesk.ui.views.navigator import Navigator, Page, Target
from svdesk.ui.views.tender_summary import TenderSummaryView
from tests.ui.conftest import DEMO_REFERENCE, REFERENCE, window_on

TIMEOUT = 30_000


def test_a_tender_shown_through_the_context_fills_the_pages_that_follow_it(
    qtbot: QtBot, qapp: QApplication, tender_db: Database
) -> None:
    context = TenderContext(qapp)
    summary = TenderSummaryView()
    navigator = Navigator()
    for widget in (summary, navigator):
        qtbot.addWidget(widget)
    summary.follow(context)
    navigator.follow(context)
    context.set_database(tender_db)

    with qtbot.waitSignal(context.tender_changed) as changed:
        assert context.show_tender(REFERENCE)
    assert changed.args is not None
    assert changed.args[0].tender.reference == REFERENCE
    assert context.tender() == (tender_db, REFERENCE)
    assert summary.title.text() == "Grounds Maintenance"
    assert summary.fields["evaluators"].text() == "none yet"
    assert navigator.item_for(Target(Page.SUMMARY)) is not None

    # Another writer adds a member and says so: the summary reads its panel again.
    add_member(tender_db, REFERENCE, "Dana Evaluator", PanelRole.EVALUATOR)
    context.announce_panel()
    assert summary.fields["evaluators"].text() == "Dana Evaluator"

    # A tender that is not there changes nothing.
    with qtbot.assertNotEmitted(context.tender_changed):
        assert not context.show_tender("NO-SUCH-TENDER")
    assert context.reference == REFERENCE

    context.show_tender(None)
    assert context.tender() is None
    assert navigator.topLevelItemCount() == 0
    context.deleteLater()


def test_a_member_added_in_the_panel_dialog_refreshes_the_summary_and_the_results(
    qtbot: QtBot, tender_db: Database
) -> None:
    window = window_on(qtbot, tender_db)
    assert window.pages is not None
    results = window.pages.results
    window.go_to(Target(Page.RESULTS, "1"))
    qtbot.waitUntil(lambda: not results.is_reading(), timeout=TIMEOUT)
    assert "Panel: the tender has no evaluators" in results.problems.problems()

    dialog = window.files.open_panel()
    assert dialog is not None
    qtbot.addWidget(dialog)
    news: list[str] = []
    window.context.panel_changed.connect(lambda: news.append("panel"))
    # The results page is on show: it reads the tender again by itself.
    with (
        qtbot.waitSignal(results.refreshed, timeout=TIMEOUT),
        qtbot.waitSignal(dialog.added, timeout=TIMEOUT) as added,
    ):
        dialog.add("Late Evaluator", PanelRole.EVALUATOR)
    assert added.args == [True]
    assert news == ["panel"]
    problems = results.problems.problems()
    assert "Panel: the tender has no evaluators" not in problems
    assert "Panel: Late Evaluator has not declared their interests for B01, B02" in problems
    assert window.pages.summary.fields["evaluators"].text() == "Late Evaluator"
    dialog.close()


def test_a_page_not_on_show_does_not_read_until_it_is_shown(
    qtbot: QtBot, demo_db: Database
) -> None:
    window = window_on(qtbot, demo_db)
    assert window.pages is not None
    results = window.pages.results
    assert window.pages.currentWidget() is window.pages.summary
    readings: list[int] = []
    results.refreshed.connect(lambda: readings.append(1))

    window.context.announce_scores()
    window.context.announce_consensus()

    assert not results.is_reading()
    assert readings == []
    assert window.current_reference == DEMO_REFERENCE
