from __future__ import annotations

import datetime as dt

from pytestqt.qtbot import QtBot

from svdesk.services.moderation import ModerationOpened
from svdesk.services.panel_summary import LotStage
from svdesk.services.tenders import TenderOverview
from svdesk.ui.views.tender_summary import TenderSummaryView, moderation_line


def test_the_tender_at_a_glance(qtbot: QtBot, rich_overview: TenderOverview) -> None:
    view = TenderSummaryView()
    qtbot.addWidget(view)
    view.set_overview(rich_overview)

    assert view.title.text() == "Grounds Maintenance"
    assert view.subtitle.text() == "TST-2026-0001  ·  Testshire County Council"
    assert view.fields["regime"].text() == "Procurement Act 2023"
    assert view.fields["address"].text() == "County Hall\nTestford\nTS1 1AA"
    assert view.fields["contact"].text() == "Alex Procurer · alex@example.gov.uk"
    assert view.fields["estimated_value"].text() == "—"
    assert view.fields["scoring_method"].text().startswith("Consensus")
    counts = {key: tile.value.text() for key, tile in view.tiles.items()}
    assert counts == {
        "lots": "2",
        "criteria": "4",
        "bidders": "2",
        "bids": "3",
        "responses": "5",
        "missing": "1",
    }
    assert view.imported.text().startswith("Imported from pack on ")


def test_the_weightings_as_a_table_and_a_bar(qtbot: QtBot, rich_overview: TenderOverview) -> None:
    view = TenderSummaryView()
    qtbot.addWidget(view)
    view.set_overview(rich_overview)

    grid = view.weightings._grid
    cells = [
        [grid.itemAtPosition(row, column).widget().text() for column in (1, 2)]
        for row in range(grid.rowCount())
    ]
    assert cells == [
        ["Price", "40%"],
        ["Quality", "40%"],
        ["Social value", "20%"],
        ["Total", "100%"],
    ]
    parts = [(name, str(value)) for name, value, _ in view.weightings.bar._parts]
    assert parts == [("Price", "40"), ("Quality", "40"), ("Social value", "20")]


def stage(lot: str, *, opened: bool = True, signed_off: bool = False) -> LotStage:
    at = dt.datetime(2026, 3, 2, 10, 0, tzinfo=dt.UTC) if opened else None
    return LotStage(lot, at, signed_off)


def test_the_moderation_row_says_where_each_lot_stands() -> None:
    opened = ModerationOpened(dt.datetime(2026, 3, 2, 10, 0, tzinfo=dt.UTC), "Mo")
    closed = [stage("1", opened=False), stage("2", opened=False)]
    assert moderation_line(None, closed) == (
        "not yet open: each evaluator's scores are theirs alone"
    )
    assert moderation_line(opened, [stage("1"), stage("2")]).startswith("open since ")
    assert moderation_line(None, [stage("1"), stage("2", opened=False)]) == (
        "Lot 1 open · Lot 2 not yet open"
    )
    three = [stage("1", signed_off=True), stage("2"), stage("3", opened=False)]
    assert moderation_line(None, three) == ("Lot 1 signed off · Lot 2 open · Lot 3 not yet open")
    assert moderation_line(opened, [stage("1", signed_off=True), stage("2")]) == (
        "Lot 1 signed off · Lot 2 open"
    )
    many = [stage(str(n), signed_off=n < 3, opened=n < 6) for n in range(1, 11)]
    assert moderation_line(None, many) == "10 lots: 2 signed off · 3 open · 5 not yet open"
