from __future__ import annotations

from svdesk.services.tenders import TenderOverview
from svdesk.ui.models.bids_model import BidsModel, bid_rows


def test_a_lots_bids_with_their_scores_and_answers(rich_overview: TenderOverview) -> None:
    model = BidsModel()
    model.set_rows(bid_rows(rich_overview, "1"))

    assert model.rowCount() == 2
    first = [model.data(model.index(0, c)) for c in range(model.columnCount())]
    assert first == ["1", "B01", "Alpha Grounds Ltd", "Compliant", "35", "30", "1", "1", "1"]
    second = model.bid_row(1)
    assert (second.answered, second.missing, second.over_limit) == (2, 0, 0)


def test_every_lot_and_an_excluded_bid(rich_overview: TenderOverview) -> None:
    model = BidsModel()
    model.set_rows(bid_rows(rich_overview))

    assert model.rowCount() == 3
    assert model.data(model.index(2, BidsModel.STATUS)) == "Excluded"
    assert model.data(model.index(2, BidsModel.PRICE_SCORE)) == "37.5"
