"""The Results page during the moderation meeting: the ranking follows the consensus as it
is confirmed, the panel's scores appear once a lot's moderation is open, the count of what
is missing is one count everywhere, a tie for first place is the panel's decision, and the
trail is still verified before letters."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from svdesk.cli import main
from svdesk.domain.evaluation_rules import PanelRole
from svdesk.services.imports import import_pack
from svdesk.services.moderation import ConsensusEntry, open_moderation, record_consensus
from svdesk.services.moderation_consensus import (
    confirm_consensus,
    response_in_moderation,
    save_consensus_draft,
)
from svdesk.services.moderation_lots import open_lot
from svdesk.services.panel import Declaration, add_member
from svdesk.services.readiness import readiness_problems, require_ready
from svdesk.services.refusals import Refused
from svdesk.services.scoring import ScoreEntry, submit_scores
from svdesk.store.database import Database, open_database
from svdesk.ui.main_window import MainWindow
from svdesk.ui.models.results_model import TIED, ResultsModel
from svdesk.ui.theme import WARN_COLOUR, BannerKind
from svdesk.ui.views.navigator import Page, Target
from svdesk.ui.views.readiness_section import VERIFIED
from svdesk.ui.views.results_page import READY, ResultsPage
from tests.support.packs import Sheets, valid_sheets, write_pack
from tests.ui.conftest import window_on

REF = "TST-2026-0001"
_HORIZONTAL = Qt.Orientation.Horizontal
_FOREGROUND = Qt.ItemDataRole.ForegroundRole
_TOOLTIP = Qt.ItemDataRole.ToolTipRole
TIMEOUT = 30_000
MODERATOR = "Mo Derator"
WHY = "Clear commitments with numbers, dates and a credible reporting plan."
RATIONALE = (
    "The response commits four local residents to permanent roles, two for care leavers, "
    "with quarterly KPI reports to the council."
)
AGREED = "The panel discussed the difference and agreed; present: Ann, Ben and Mo."
ANN = {
    ("1", "B01", "SV1"): 75,
    ("1", "B01", "SV2"): 50,
    ("1", "B02", "SV1"): 50,
    ("1", "B02", "SV2"): 100,
    ("2", "B02", "SV1"): 25,
    ("2", "B02", "SV2"): 25,
}
BEN = {**ANN, ("1", "B01", "SV1"): 25}  # two steps from Ann: outside the tolerance


def _tender(tmp_path: Path, sheets: Sheets, ann: dict[tuple[str, str, str], int]) -> Database:
    path = write_pack(tmp_path / "p.xlsx", sheets)
    db = open_database(tmp_path / "t.sqlite")
    import_pack(db, path)
    add_member(db, REF, "Ann Evaluator")
    add_member(db, REF, "Ben Evaluator")
    add_member(db, REF, MODERATOR, PanelRole.MODERATOR)
    none = [Declaration("B01", False), Declaration("B02", False)]
    ben = {**ann, ("1", "B01", "SV1"): BEN[("1", "B01", "SV1")]}
    for name, scores in (("Ann Evaluator", ann), ("Ben Evaluator", ben)):
        submit_scores(db, REF, name, [ScoreEntry(*k, v, WHY) for k, v in scores.items()], none)
    return db


@pytest.fixture
def scored(tmp_path: Path) -> Iterator[Database]:
    """The valid pack, both evaluators submitted, moderation not yet open."""
    db = _tender(tmp_path, valid_sheets(), ANN)
    yield db
    db.close()


def _agree(db: Database, scores: dict[tuple[str, str, str], int]) -> None:
    record_consensus(
        db,
        REF,
        [ConsensusEntry(*k, v, RATIONALE, AGREED) for k, v in scores.items()],
        MODERATOR,
    )


def _confirm(db: Database, lot: str, bidder: str, criterion: str, score: int) -> None:
    """A consensus typed and confirmed at the moderation board."""
    version = response_in_moderation(db, REF, lot, bidder, criterion).version
    saved = save_consensus_draft(
        db,
        REF,
        lot,
        bidder,
        criterion,
        version=version,
        score=score,
        rationale=RATIONALE,
        reconciliation=AGREED,
        actor=MODERATOR,
    )
    confirm_consensus(db, REF, lot, bidder, criterion, version=saved.version, actor=MODERATOR)


def _page(qtbot: QtBot, db: Database, lot: str | None) -> tuple[MainWindow, ResultsPage]:
    window = window_on(qtbot, db)
    assert window.pages is not None
    page = window.pages.results
    window.go_to(Target(Page.RESULTS, lot))
    qtbot.waitUntil(lambda: not page.is_reading(), timeout=TIMEOUT)
    return window, page


def _column(page: ResultsPage, number: int) -> list[str]:
    model = page.model
    return [model.data(model.index(row, number)) for row in range(model.rowCount())]


def _file(db: Database) -> str:
    return str(db.engine.url.database)


def _banner_count(text: str) -> int:
    found = re.search(r"(\d+) responses? ha(?:s|ve) no moderated score yet", text)
    return int(found.group(1)) if found else 0


# -- the ranking follows the consensus -------------------------------------------------------
def test_the_ranking_follows_each_consensus_confirmed(qtbot: QtBot, scored: Database) -> None:
    open_moderation(scored, REF, MODERATOR)
    everything_but_one = {k: v for k, v in ANN.items() if k != ("1", "B02", "SV2")}
    _agree(scored, everything_but_one)
    window, page = _page(qtbot, scored, "1")
    assert page.status.text() == (
        "Incomplete: no winner yet. 1 response has no moderated score yet."
    )
    assert _column(page, ResultsModel.RANK) == ["—", "—"]
    page.table.selectRow(1)  # B02
    assert page.selected_bidder() == "B02"

    # The last consensus of the lot, confirmed at the board: B02 leads, 80 to 78.
    _confirm(scored, "1", "B02", "SV2", 100)
    with qtbot.waitSignal(page.refreshed, timeout=TIMEOUT):
        window.context.announce_consensus()
    assert page.status.kind() is BannerKind.SUCCESS
    assert "Winner: B02 Beta Services plc, with a total of 80.00" in page.status.text()
    assert _column(page, ResultsModel.BIDDER) == ["B02", "B01"]
    assert _column(page, ResultsModel.RANK) == ["1", "2"]
    assert page.selected_bidder() == "B02"  # the same bid, now on the first row

    # The panel changes its mind: 50, not 100. B01 now leads, 78 to 76.
    _confirm(scored, "1", "B02", "SV2", 50)
    with qtbot.waitSignal(page.refreshed, timeout=TIMEOUT):
        window.context.announce_consensus()
    assert _column(page, ResultsModel.BIDDER) == ["B01", "B02"]
    assert _column(page, page.model.total_column()) == ["78.00", "76.00"]
    assert page.selected_bidder() == "B02"
    assert page.table.selectionModel().selectedRows()[0].row() == 1


def test_a_large_tender_keeps_its_ranking_on_screen_while_it_reads_again(
    qtbot: QtBot, scored: Database
) -> None:
    open_moderation(scored, REF, MODERATOR)
    _agree(scored, ANN)
    window, page = _page(qtbot, scored, "1")
    page.read_in_background_above = 0  # read as a large tender is
    shown = page.status.text()

    _confirm(scored, "1", "B02", "SV2", 50)
    with qtbot.waitSignal(page.refreshed, timeout=TIMEOUT):
        window.context.announce_consensus()
        # No "Reading the scores…" in place of the lot while the new reading is on its way.
        assert page.status.text() == shown
        assert _column(page, ResultsModel.BIDDER) == ["B02", "B01"]
    assert _column(page, ResultsModel.BIDDER) == ["B01", "B02"]


# -- the panel's scores ----------------------------------------------------------------------
def test_individual_scores_are_private_until_the_lot_opens_then_shown_with_the_spread(
    qtbot: QtBot, scored: Database
) -> None:
    window, page = _page(qtbot, scored, "1")
    page.table.selectRow(0)  # B01
    page.panel_scores_button.click()
    view = page.panel_scores
    assert view.isVisibleTo(page)
    assert not view.table.isVisibleTo(page)
    assert view.model.rowCount() == 0
    assert view.note.text() == (
        "Moderation of lot 1 has not opened: the evaluators' scores are private until it does."
    )
    headers = [view.model.headerData(c, _HORIZONTAL) for c in range(view.model.columnCount())]
    assert "Ann Evaluator" not in headers

    open_lot(scored, REF, "1", actor=MODERATOR)
    with qtbot.waitSignal(page.refreshed, timeout=TIMEOUT):
        window.context.announce_consensus()
    assert view.table.isVisibleTo(page)
    model = view.model
    headers = [model.headerData(c, _HORIZONTAL) for c in range(model.columnCount())]
    assert headers == ["Criterion", "Ann Evaluator", "Ben Evaluator", "Spread", "Consensus"]
    assert view.title.text() == "Panel scores: B01 Alpha Grounds Ltd"
    cells = [[model.data(model.index(r, c)) for c in range(model.columnCount())] for r in (0, 1)]
    assert cells == [
        ["SV1 Jobs", "75", "25", "2 steps", "Not yet"],
        ["SV2 Environment", "50", "50", "Agreed", "Not yet"],
    ]
    spread = model.index(0, model.spread_column())
    assert model.data(spread, _FOREGROUND).color().name().upper() == WARN_COLOUR
    assert "more than the tolerance" in model.data(spread, _TOOLTIP)

    # Another bid selected: its scores, without reading again.
    page.table.selectRow(1)
    assert view.title.text() == "Panel scores: B02 Beta Services plc"
    assert model.data(model.index(1, 1)) == "100"

    page.panel_scores_button.click()
    assert not view.isVisibleTo(page)


def test_the_panel_s_scores_follow_the_tender_s_tolerance(qtbot: QtBot, scored: Database) -> None:
    from svdesk.services.moderation_tolerance import set_moderation_tolerance

    open_lot(scored, REF, "1", actor=MODERATOR)
    window, page = _page(qtbot, scored, "1")
    page.table.selectRow(0)  # B01: SV1 75 and 25, two steps apart
    page.panel_scores_button.click()
    view = page.panel_scores
    assert "Scores more than one step of the scale apart on 1 criterion" in view.note.text()
    set_moderation_tolerance(scored, REF, 2, "The panel discusses only the widest differences.")
    with qtbot.waitSignal(page.refreshed, timeout=TIMEOUT):
        window.context.announce_consensus()
    model = view.model
    spread = model.index(0, model.spread_column())
    assert model.data(spread, _FOREGROUND) is None
    assert "apart on" not in view.note.text()


# -- one count of what is missing ------------------------------------------------------------
@pytest.fixture
def gap(tmp_path: Path) -> Iterator[Database]:
    """B01 gave no answer to SV2 in lot 1: it counts at the lowest score, 0.00."""
    sheets = valid_sheets()
    sheets["Responses"] = [r for r in sheets["Responses"] if r[:3] != ["B01", "1", "SV2"]]
    scores = {k: v for k, v in ANN.items() if k != ("1", "B01", "SV2")}
    db = _tender(tmp_path, sheets, scores)
    yield db
    db.close()


def _check_lines(db: Database, capsys: pytest.CaptureFixture[str]) -> list[str]:
    assert main(["--db", _file(db), "check", "--tender", REF]) == 1
    return capsys.readouterr().err.splitlines()


@pytest.mark.parametrize("moderated", [0, 1], ids=["none-moderated", "one-moderated"])
def test_the_banner_the_list_and_check_count_alike(
    qtbot: QtBot, gap: Database, capsys: pytest.CaptureFixture[str], moderated: int
) -> None:
    open_moderation(gap, REF, MODERATOR)
    if moderated:
        _agree(gap, {("1", "B02", "SV1"): 50})
    _window, page = _page(qtbot, gap, "1")

    unscored = [p for p in page.problems.problems() if p.startswith("Lot 1, ")]
    unscored = [p for p in unscored if "no moderated score" in p]
    in_check = [line for line in _check_lines(gap, capsys) if line in unscored]
    assert _banner_count(page.status.text()) == len(unscored) == len(in_check) == 3 - moderated
    # The response shown at 0.00 is not among those waiting for a moderated score.
    b01 = page.model.result_row(page.model.find_row(lambda r: r.bid.bidder == "B01")).bid
    assert next(c for c in b01.criteria if c.criterion == "SV2").score == 0
    assert not any(p.startswith("Lot 1, B01, SV2") for p in unscored)
    assert page.problems.problems() == readiness_problems(gap, REF)


# -- a tie for first place -------------------------------------------------------------------
@pytest.fixture
def tied(tmp_path: Path) -> Iterator[Database]:
    """Lot 1 ends 78.00 to 78.00, and the tender has no tie-break."""
    sheets = valid_sheets()
    sheets["Tender"].append(["Tie-break", "none"])
    scores = {**ANN, ("1", "B02", "SV2"): 75}
    db = _tender(tmp_path, sheets, scores)
    open_moderation(db, REF, MODERATOR)
    _agree(db, scores)
    yield db
    db.close()


def test_a_tie_for_first_place_is_the_panels_decision(
    qtbot: QtBot, tied: Database, capsys: pytest.CaptureFixture[str]
) -> None:
    window, page = _page(qtbot, tied, "1")
    assert page.status.kind() is BannerKind.WARNING
    assert page.status.text() == (
        "Tied for first place: the panel must decide. B01 Alpha Grounds Ltd and B02 Beta "
        "Services plc have the same total, 78.00, and the tender has no tie-break. The lot "
        "has no winner until the panel decides."
    )
    assert _column(page, ResultsModel.RANK) == ["=1", "=1"]
    assert not page.table.isColumnHidden(page.model.problems_column())
    assert _column(page, page.model.problems_column()) == [TIED, TIED]
    assert not any(page.model.result_row(r).winner for r in range(2))

    window.go_to(Target(Page.RESULTS))
    assert page.status.text().endswith("A tie for first place in Lot 1 needs the panel's decision.")
    lots = page.lots_model
    assert lots.data(lots.index(0, lots.WINNER)) == "Tied: B01, B02 (the panel decides)"

    assert main(["--db", _file(tied), "results", "--tender", REF, "--lot", "1"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert "Lot 1 (complete; B01, B02 tied for first place: the panel must decide)" in out
    assert [line.split()[0] for line in out if "Alpha" in line or "Beta" in line] == ["=1", "=1"]
    check = _check_lines(tied, capsys)
    assert any(
        line.startswith("Lot 1: B01, B02 are tied for first place")
        and line.endswith("the panel must resolve the tie")
        for line in check
    )


# -- the trail is still verified before letters ----------------------------------------------
def test_a_record_changed_outside_svdesk_is_caught_after_the_results_are_shown(
    qtbot: QtBot, demo_db: Database
) -> None:
    _window, page = _page(qtbot, demo_db, "1")
    assert page.ready.text() == READY
    assert page.readiness.trail_line.text() == VERIFIED or not page.readiness.has_problems()

    with sqlite3.connect(_file(demo_db)) as connection:
        connection.execute(
            "UPDATE consensus SET score = 0 WHERE id = (SELECT MIN(id) FROM consensus)"
        )
    with qtbot.waitSignal(page.refreshed, timeout=TIMEOUT):
        page.refresh_button.click()
        # The results are shown at once, but not called ready before the trail is checked.
        assert page.ready.text() != READY
    trail = [p for p in page.problems.problems() if p.startswith("Audit trail: ")]
    assert trail
    assert not page.ready.isVisibleTo(page)
    with pytest.raises(Refused) as refused:
        require_ready(demo_db, "NBC-2026-0417")
    assert any(reason.startswith("Audit trail: ") for reason in refused.value.reasons)


def test_consensus_confirmed_in_quick_succession_verifies_the_trail_once_more_not_each_time(
    qtbot: QtBot, scored: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    import threading
    import time

    import svdesk.services.readiness as readiness

    open_moderation(scored, REF, MODERATOR)
    _agree(scored, ANN)
    window, page = _page(qtbot, scored, "1")
    real = readiness.text_and_trail_problems
    running: list[int] = []
    overlapped: list[bool] = []
    lock = threading.Lock()

    def slow(db: Database, reference: str) -> list[str]:
        with lock:
            overlapped.append(bool(running))
            running.append(1)
        time.sleep(0.3)
        try:
            return real(db, reference)
        finally:
            with lock:
                running.pop()

    monkeypatch.setattr(readiness, "text_and_trail_problems", slow)
    with qtbot.waitSignal(page.refreshed, timeout=TIMEOUT):
        for score in (50, 75, 100):
            _confirm(scored, "1", "B02", "SV2", score)
            window.context.announce_consensus()
    qtbot.waitUntil(lambda: not page.is_reading(), timeout=TIMEOUT)
    assert len(overlapped) == 2  # the first, then one for the latest reading
    assert not any(overlapped)  # never two passes over the trail at once
    assert page.ready.text() == READY
    assert _column(page, page.model.total_column()) == ["80.00", "78.00"]
