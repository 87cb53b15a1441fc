from __future__ import annotations

from pytestqt.qtbot import QtBot

from svdesk.services.tenders import TenderOverview
from svdesk.ui.views.tender_summary import TenderSummaryView


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
