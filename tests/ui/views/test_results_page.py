from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from svdesk.domain.evaluation_rules import PanelRole
from svdesk.services.panel import add_member
from svdesk.services.readiness import readiness_problems
from svdesk.store.database import Database
from svdesk.ui.background import background_tasks
from svdesk.ui.main_window import MainWindow
from svdesk.ui.models.results_model import ResultsModel
from svdesk.ui.theme import BannerKind
from svdesk.ui.views.navigator import Page, Target
from svdesk.ui.views.readiness_section import ALL_BUT_TRAIL, VERIFYING
from svdesk.ui.views.results_page import READY, ResultsPage
from tests.support.threads import threads_calling
from tests.ui.conftest import DEMO_REFERENCE, REFERENCE, window_on


def results_page(qtbot: QtBot, db: Database, target: Target) -> tuple[MainWindow, ResultsPage]:
    window = MainWindow(db)
    qtbot.addWidget(window)
    window.show()
    window.go_to(target)
    assert window.pages is not None
    assert window.pages.currentWidget() is window.pages.results
    page = window.pages.results
    # The readiness check (which verifies the audit trail) is read on a worker thread.
    qtbot.waitUntil(lambda: not page.is_reading(), timeout=30_000)
    return window, page


def column(page: ResultsPage, number: int) -> list[str]:
    model = page.model
    return [model.data(model.index(row, number)) for row in range(model.rowCount())]


def test_the_demo_lot_1_is_won_by_b01_and_ready_for_letters(
    qtbot: QtBot, demo_db: Database
) -> None:
    window, page = results_page(qtbot, demo_db, Target(Page.RESULTS, "1"))

    assert page.title.text() == "Results: Lot 1"
    assert page.status.kind() is BannerKind.SUCCESS
    assert "Winner: B01 Moorside Passenger Services Ltd, with a total of 86.45" in (
        page.status.text()
    )
    assert column(page, ResultsModel.RANK) == ["1", "2", "3"]
    assert column(page, ResultsModel.BIDDER) == ["B01", "B02", "B03"]
    assert column(page, page.model.total_column()) == ["86.45", "76.55", "71.25"]
    assert [c.code for c in page.model.criteria()] == ["SV1", "SV2", "SV3", "SV4"]
    assert page.model.result_row(0).winner
    assert page.table.isColumnHidden(page.model.problems_column())  # nothing to say
    assert page.ready.isVisibleTo(page)
    assert page.ready.text() == READY
    assert not page.problems.isVisibleTo(page)
    assert not page.readiness_title.isVisibleTo(page)
    assert window.navigator is not None
    assert window.navigator.current_target() == Target(Page.RESULTS, "1")


def test_lot_2_greys_the_excluded_bid_and_says_why(qtbot: QtBot, demo_db: Database) -> None:
    _window, page = results_page(qtbot, demo_db, Target(Page.RESULTS, "2"))

    assert "Winner: B04 Oxley Vale Community Transport" in page.status.text()
    assert column(page, ResultsModel.BIDDER) == ["B04", "B02", "B05"]
    assert column(page, ResultsModel.RANK) == ["1", "2", "—"]
    assert not page.table.isColumnHidden(page.model.problems_column())
    assert column(page, page.model.problems_column())[2] == "Excluded"
    assert page.notes.isVisibleTo(page)
    assert "B05 Three Dales Accessible Transport Trust</b>: Excluded: Does not satisfy" in (
        page.notes.text()
    )
    # Every row is on show: the table is as tall as its rows, without a scroll bar.
    qtbot.waitUntil(lambda: not page.table.verticalScrollBar().isVisible())


def test_every_lot_at_once_leads_to_each_lot(qtbot: QtBot, demo_db: Database) -> None:
    window, page = results_page(qtbot, demo_db, Target(Page.RESULTS))
    model = page.lots_model

    assert page.tables.currentWidget() is page.lots_table
    assert model.rowCount() == 2
    winners = [model.data(model.index(row, model.WINNER)) for row in range(2)]
    assert winners == [
        "B01 Moorside Passenger Services Ltd",
        "B04 Oxley Vale Community Transport Community Interest Company",
    ]
    assert page.status.text() == "✓  Every lot is complete and has a winner."

    page.lots_table.activated.emit(model.index(1, model.WINNER))

    assert page.title.text() == "Results: Lot 2"
    assert window.navigator is not None
    assert window.navigator.current_target() == Target(Page.RESULTS, "2")


def test_a_tender_not_yet_scored_lists_what_stands_before_the_letters(
    qtbot: QtBot, tender_db: Database
) -> None:
    _window, page = results_page(qtbot, tender_db, Target(Page.RESULTS, "1"))

    assert page.status.kind() is BannerKind.WARNING
    assert page.status.text() == (
        "Incomplete: no winner yet. 4 responses have no moderated score yet."
    )
    assert column(page, ResultsModel.RANK) == ["—", "—"]
    assert column(page, page.model.problems_column()) == ["Not fully scored"] * 2
    problems = readiness_problems(tender_db, REFERENCE)
    assert page.problems.problems() == problems
    assert page.readiness_title.text() == f"Before letters can be sent ({len(problems)} problems)"
    assert page.problems.isVisibleTo(page)
    assert not page.ready.isVisibleTo(page)

    page.copy_button.click()
    assert QApplication.clipboard().text().splitlines() == problems


def test_refresh_reads_the_tender_again(qtbot: QtBot, tender_db: Database) -> None:
    _window, page = results_page(qtbot, tender_db, Target(Page.RESULTS))
    assert "Panel: the tender has no evaluators" in page.problems.problems()
    assert page.status.text() == "No winner yet in Lot 1, Lot 2. Open a lot to see why."

    add_member(tender_db, REFERENCE, "Ann Evaluator", PanelRole.EVALUATOR)
    with qtbot.waitSignal(page.refreshed, timeout=30_000):
        page.refresh_button.click()

    assert "Panel: the tender has no evaluators" not in page.problems.problems()
    assert any(p.startswith("Panel: Ann Evaluator") for p in page.problems.problems())


def test_the_letters_button_opens_the_letters_dialog(qtbot: QtBot, demo_db: Database) -> None:
    window, page = results_page(qtbot, demo_db, Target(Page.RESULTS, "1"))

    page.letters_button.click()

    dialog = window._letters_dialog
    assert dialog is not None
    qtbot.addWidget(dialog)
    assert dialog.isVisible()
    assert DEMO_REFERENCE in dialog.windowTitle()
    dialog.close()


def test_a_large_tender_is_read_off_the_window_thread(
    qtbot: QtBot, demo_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    import threading

    import svdesk.services.readiness as readiness

    threads = threads_calling(monkeypatch, readiness, "results_and_readiness")
    window = window_on(qtbot, demo_db)
    assert window.pages is not None
    page = window.pages.results
    page.read_in_background_above = 0  # the demo counts as large here
    threads.clear()

    with qtbot.waitSignal(page.refreshed, timeout=30_000):
        window.go_to(Target(Page.RESULTS, "1"))
        assert page.status.text() == "Reading the scores…"
        assert not page.refresh_button.isEnabled()
    assert threads
    assert threads[0] is not threading.main_thread()
    assert page.title.text() == "Results: Lot 1"
    assert column(page, ResultsModel.BIDDER) == ["B01", "B02", "B03"]
    assert page.refresh_button.isEnabled()
    qtbot.waitUntil(lambda: not page.is_reading(), timeout=30_000)


def test_closing_the_window_waits_for_a_reading_on_its_way(qtbot: QtBot, demo_db: Database) -> None:
    window = window_on(qtbot, demo_db)
    assert window.pages is not None
    page = window.pages.results
    page.read_in_background_above = 0
    window.go_to(Target(Page.RESULTS, "1"))
    assert page.is_reading()
    readings = page._readers.handles()
    window.close()
    assert not page.is_reading()
    assert readings
    assert not any(reading.running for reading in readings)
    assert not background_tasks().active()  # every thread has finished


def test_a_reading_refused_on_its_way_says_why(
    qtbot: QtBot, demo_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    import svdesk.services.readiness as readiness
    from svdesk.services.refusals import Refused

    def gone(*_args: Any, **_kwargs: Any) -> Any:
        raise Refused(["there is no tender with the reference NBC-2026-0417 in the database"])

    window = window_on(qtbot, demo_db)
    assert window.pages is not None
    page = window.pages.results
    page.read_in_background_above = 0
    monkeypatch.setattr(readiness, "results_and_readiness", gone)
    window.go_to(Target(Page.RESULTS, "1"))
    qtbot.waitUntil(page.refresh_button.isEnabled, timeout=30_000)
    assert page.status.kind() is BannerKind.ERROR
    assert page.status.text() == (
        "The results could not be read: there is no tender with the reference "
        "NBC-2026-0417 in the database"
    )


def test_the_readiness_check_and_its_audit_verification_run_off_the_window_thread(
    qtbot: QtBot, demo_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    import threading

    import svdesk.services.readiness as readiness

    threads = threads_calling(monkeypatch, readiness, "trail_check")
    window = window_on(qtbot, demo_db)
    assert window.pages is not None
    page = window.pages.results
    threads.clear()

    with qtbot.waitSignal(page.refreshed, timeout=30_000):
        window.go_to(Target(Page.RESULTS, "1"))
        # The ranking of an ordinary tender and the checks that need no trail are there
        # at once; the trail's verification follows, and only then is the tender ready.
        assert column(page, ResultsModel.BIDDER) == ["B01", "B02", "B03"]
        assert page.ready.isVisibleTo(page)
        assert page.ready.kind() is BannerKind.INFO
        assert page.ready.text() == ALL_BUT_TRAIL
        assert page.readiness.trail_line.text() == VERIFYING
    assert threads
    assert all(thread is not threading.main_thread() for thread in threads)
    assert page.ready.text() == READY
    assert page.ready.kind() is BannerKind.SUCCESS
    assert page.ready.isVisibleTo(page)


def test_another_lot_read_on_its_way_shows_nothing_of_the_last_under_its_heading(
    qtbot: QtBot, demo_db: Database
) -> None:
    window = window_on(qtbot, demo_db)
    assert window.pages is not None
    page = window.pages.results
    page.read_in_background_above = 0  # as for a tender of thousands of responses
    window.go_to(Target(Page.RESULTS, "1"))
    qtbot.waitUntil(lambda: not page.is_reading(), timeout=30_000)
    assert page.model.rowCount() > 0
    window.go_to(Target(Page.RESULTS))  # every lot: read on a worker thread
    assert page.title.text() == "Results"
    assert page.tables.currentWidget() is page.lots_table
    assert page.model.rowCount() == 0  # lot 1's ranking is not left on show
    assert page.status.text() == "Reading the scores…"
    qtbot.waitUntil(lambda: page.lots_model.rowCount() == 2, timeout=30_000)
    window.go_to(Target(Page.RESULTS, "2"))
    assert page.title.text() == "Results: Lot 2"
    assert page.tables.currentWidget() is page.table
    assert page.lots_model.rowCount() == 0
    qtbot.waitUntil(lambda: page.model.rowCount() > 0, timeout=30_000)
    assert page.title.text().startswith("Results: Lot 2")
