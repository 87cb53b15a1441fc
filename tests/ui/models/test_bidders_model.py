from __future__ import annotations

from PySide6.QtCore import Qt

from svdesk.services.tenders import TenderOverview
from svdesk.ui.models.bidders_model import BiddersModel, bidder_rows
from tests.ui.conftest import EXCLUDED_REASON


def model_of(overview: TenderOverview) -> BiddersModel:
    model = BiddersModel()
    model.set_rows(bidder_rows(overview.bidders, overview.bids, overview.lots))
    return model


def test_who_they_are_and_what_they_bid_for(rich_overview: TenderOverview) -> None:
    model = model_of(rich_overview)

    def row(n: int) -> list[str]:
        return [model.data(model.index(n, c)) for c in range(model.columnCount())]

    assert row(0) == [
        "B01",
        "Alpha Grounds Ltd",
        "01234567",
        "Yes",
        "—",
        "Ann",
        "a@example.com",
        "1",
        "Compliant",
    ]
    assert row(1) == [
        "B02",
        "Beta Services plc",
        "07654321",
        "—",
        "—",
        "Bob",
        "b@example.com",
        "1, 2",
        "Excluded from lot 2",
    ]


def test_an_exclusion_shows_its_reason_in_the_tooltip(rich_overview: TenderOverview) -> None:
    model = model_of(rich_overview)
    status = model.index(1, BiddersModel.STATUS)

    tooltip = model.data(status, Qt.ItemDataRole.ToolTipRole)
    assert f"Lot 2: excluded: {EXCLUDED_REASON}" in tooltip
    assert "Lot 1: compliant" in tooltip
    assert model.data(status, Qt.ItemDataRole.ForegroundRole) is not None
    assert model.data(model.index(0, BiddersModel.STATUS), Qt.ItemDataRole.ForegroundRole) is None


def test_yes_no_columns_are_centred(rich_overview: TenderOverview) -> None:
    model = model_of(rich_overview)
    centre = Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignVCenter
    alignment = model.data(model.index(0, BiddersModel.SME), Qt.ItemDataRole.TextAlignmentRole)
    assert alignment == centre.value
