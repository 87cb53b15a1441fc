from __future__ import annotations

from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication

from svdesk.domain.model import Criterion, Lot
from svdesk.domain.scoring import BidResult, CriterionResult, LotResult
from svdesk.ui.models.results_model import (
    LotOutcomesModel,
    ResultsModel,
    lot_outcomes,
    result_rows,
)
from svdesk.ui.theme import BAD_COLOUR, GOOD_COLOUR, MUTED_COLOUR, WARN_COLOUR

D = Decimal
CRITERIA = (
    Criterion("1", "SV1", "Jobs", "", D(12)),
    Criterion("1", "SV2", "Environment", "", D(8), minimum_score=25),
)
EXCLUDED = "excluded: did not provide evidence of insurance"


def bid(
    bidder: str,
    name: str,
    rank: int | None,
    scores: tuple[str | None, str | None],
    price: str,
    quality: str,
    *,
    eligible: bool = True,
    excluded: bool = False,
    problems: tuple[str, ...] = (),
) -> BidResult:
    criteria = []
    for criterion, score in zip(CRITERIA, scores, strict=True):
        counted = None if score is None else D(score)
        weighted = None if counted is None else counted / 100 * criterion.weight
        criteria.append(CriterionResult(criterion.code, criterion.weight, counted, weighted))
    social_value = sum((c.weighted for c in criteria if c.weighted is not None), D(0))
    total = D(price) + D(quality) + social_value
    return BidResult(
        bidder,
        name,
        rank,
        eligible,
        D(price),
        D(quality),
        social_value,
        total,
        tuple(criteria),
        problems,
        excluded,
    )


LOT = LotResult(
    "1",
    True,
    "B02",
    (
        bid("B02", "Beta Services plc", 1, ("50", "100"), "38", "28"),
        # 66.665 rounds half-up to 66.67 (half-even would give 66.66).
        bid("B01", "Alpha Grounds Ltd", 2, ("66.665", "50"), "35", "30.005"),
        bid(
            "B03",
            "Gamma Ltd",
            None,
            ("100", "0"),
            "40",
            "30",
            eligible=False,
            problems=("SV2 scored 0, below its minimum score of 25",),
        ),
        bid(
            "B04",
            "Delta & Sons Ltd",
            None,
            (None, None),
            "39",
            "29",
            eligible=False,
            excluded=True,
            problems=(EXCLUDED,),
        ),
    ),
    (),
)


def texts(model: ResultsModel | LotOutcomesModel, row: int) -> list[str]:
    return [model.data(model.index(row, c)) for c in range(model.columnCount())]


def colour(model: ResultsModel | LotOutcomesModel, row: int, column: int) -> str | None:
    brush = model.data(model.index(row, column), Qt.ItemDataRole.ForegroundRole)
    return None if brush is None else brush.color().name().upper()


@pytest.fixture
def model() -> ResultsModel:
    model = ResultsModel()
    model.set_rows(result_rows(LOT), CRITERIA)
    return model


def test_a_column_per_criterion_between_the_bidder_and_the_points(model: ResultsModel) -> None:
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert headers == [
        "Rank",
        "Bidder",
        "Name",
        "SV1",
        "SV2",
        "Price",
        "Quality",
        "Social value",
        "Total",
        "Problems",
    ]
    assert model.criterion_column("SV2") == 4
    assert (model.price_column(), model.total_column(), model.problems_column()) == (5, 8, 9)
    tip = model.headerData(4, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
    assert tip == "SV2 Environment\nWeight 8; minimum score 25"


def test_rows_in_rank_order_with_every_number_at_two_places(model: ResultsModel) -> None:
    assert model.rowCount() == 4
    assert texts(model, 0) == [
        "1",
        "B02",
        "Beta Services plc",
        "50.00",
        "100.00",
        "38.00",
        "28.00",
        "14.00",
        "80.00",
        "",
    ]
    second = texts(model, 1)
    assert second[:2] == ["2", "B01"]
    assert second[model.criterion_column("SV1")] == "66.67"  # half-up
    assert second[model.quality_column()] == "30.01"
    assert second[model.total_column()] == "77.00"  # 35 + 30.005 + 7.9998 + 4 = 77.0048
    right = int((Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter).value)
    left = int((Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter).value)
    align = Qt.ItemDataRole.TextAlignmentRole
    assert model.data(model.index(0, model.total_column()), align) == right
    assert model.data(model.index(0, ResultsModel.RANK), align) == right
    assert model.data(model.index(0, ResultsModel.NAME), align) == left


def test_a_criterion_cell_explains_its_weighted_points(model: ResultsModel) -> None:
    tip = model.data(model.index(0, model.criterion_column("SV1")), Qt.ItemDataRole.ToolTipRole)
    assert tip == "SV1 Jobs\nCounted score 50.00; weighted 6.00 of 12 points"


def test_excluded_and_ineligible_bids_are_greyed_with_their_reason(model: ResultsModel) -> None:
    below, excluded = texts(model, 2), texts(model, 3)
    assert below[ResultsModel.RANK] == "—"
    assert below[model.problems_column()] == "Below a minimum score"
    assert excluded[ResultsModel.RANK] == "—"
    assert excluded[model.criterion_column("SV1")] == "—"
    assert excluded[model.social_value_column()] == "—"
    assert excluded[model.total_column()] == "—"
    assert excluded[model.price_column()] == "39.00"  # given outside svdesk, kept on show
    assert excluded[model.problems_column()] == "Excluded"
    for row in (2, 3):
        assert colour(model, row, ResultsModel.NAME) == MUTED_COLOUR
        assert colour(model, row, model.total_column()) == MUTED_COLOUR
        assert colour(model, row, model.problems_column()) == BAD_COLOUR
    assert colour(model, 0, ResultsModel.NAME) is None
    reason = model.data(model.index(3, ResultsModel.NAME), Qt.ItemDataRole.ToolTipRole)
    assert reason == "Excluded: did not provide evidence of insurance"


def test_the_winner_stands_out(qapp: QApplication, model: ResultsModel) -> None:
    font = model.data(model.index(0, ResultsModel.NAME), Qt.ItemDataRole.FontRole)
    assert font is not None
    assert font.bold()
    assert model.data(model.index(1, ResultsModel.NAME), Qt.ItemDataRole.FontRole) is None
    tint = model.data(model.index(0, 0), Qt.ItemDataRole.BackgroundRole)
    assert tint.color().alpha() < 255
    assert tint.color().green() > tint.color().red()
    assert model.data(model.index(1, 0), Qt.ItemDataRole.BackgroundRole) is None
    assert model.result_row(0).winner


def test_an_unscored_bid_is_not_final() -> None:
    lot = LotResult(
        "1",
        False,
        None,
        (bid("B01", "Alpha", None, ("75", None), "35", "30", problems=("no score yet",)),),
        ("1 response has no moderated score yet",),
    )
    model = ResultsModel()
    model.set_rows(result_rows(lot), CRITERIA)

    row = texts(model, 0)
    assert row[model.criterion_column("SV2")] == "—"
    assert row[model.problems_column()] == "Not fully scored"
    assert colour(model, 0, model.total_column()) == MUTED_COLOUR
    assert colour(model, 0, model.problems_column()) == WARN_COLOUR
    tip = model.data(model.index(0, model.criterion_column("SV2")), Qt.ItemDataRole.ToolTipRole)
    assert tip == "SV2 Environment\nNo counted score yet"


def test_fewer_criteria_means_fewer_columns(model: ResultsModel) -> None:
    model.set_rows([], CRITERIA[:1])
    assert model.columnCount() == 9
    assert model.headerData(3, Qt.Orientation.Horizontal) == "SV1"
    assert model.headerData(4, Qt.Orientation.Horizontal) == "Price"


def test_every_lots_outcome() -> None:
    undecided = LotResult("2", False, None, (), ("2 responses have no moderated score yet",))
    model = LotOutcomesModel()
    model.set_rows(lot_outcomes((Lot("1", "North"), Lot("2", "South")), (LOT, undecided)))

    assert texts(model, 0) == [
        "Lot 1: North",
        "Complete",
        "B02 Beta Services plc",
        "80.00",
        "4",
        "",
    ]
    assert texts(model, 1) == [
        "Lot 2: South",
        "Incomplete",
        "No winner yet",
        "—",
        "0",
        "2 responses have no moderated score yet",
    ]
    assert colour(model, 0, LotOutcomesModel.STATUS) == GOOD_COLOUR.upper()
    assert colour(model, 1, LotOutcomesModel.WINNER) == WARN_COLOUR
    assert QColor(MUTED_COLOUR).isValid()
