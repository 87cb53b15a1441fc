from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt

from svdesk.domain.model import Criterion
from svdesk.services.tenders import TenderOverview
from svdesk.ui.models.criteria_model import CriteriaModel

RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


def text(model: CriteriaModel, row: int, column: int) -> str:
    return model.data(model.index(row, column))


def test_one_row_per_criterion_of_every_lot(rich_overview: TenderOverview) -> None:
    model = CriteriaModel()
    model.set_rows(rich_overview.criteria)

    assert model.rowCount() == 4
    assert model.columnCount() == len(CriteriaModel.HEADERS)
    rows = [
        [text(model, row, column) for column in range(model.columnCount())]
        for row in range(model.rowCount())
    ]
    assert rows == [
        ["1", "SV1", "MAC 2.1", "Jobs", "12%", "50", "—"],
        ["1", "SV2", "MAC 4.1", "Environment", "8%", "—", "25"],
        ["2", "SV1", "MAC 2.1", "Jobs", "12%", "50", "—"],
        ["2", "SV2", "MAC 4.1", "Environment", "8%", "—", "25"],
    ]


def test_headers_and_numbers_are_right_aligned() -> None:
    model = CriteriaModel()
    model.set_rows([Criterion("1", "SV1", "Jobs", "How?", Decimal(20), word_limit=500)])
    header = model.headerData(CriteriaModel.WEIGHT, Qt.Orientation.Horizontal)
    assert header == "Weight"
    for column in (CriteriaModel.WEIGHT, CriteriaModel.WORD_LIMIT, CriteriaModel.MINIMUM_SCORE):
        alignment = model.data(model.index(0, column), Qt.ItemDataRole.TextAlignmentRole)
        assert alignment == RIGHT.value
    title = model.data(model.index(0, CriteriaModel.TITLE), Qt.ItemDataRole.TextAlignmentRole)
    assert title != RIGHT.value


def test_total_per_lot_and_whether_it_matches_the_social_value_weighting(
    rich_overview: TenderOverview,
) -> None:
    model = CriteriaModel()
    model.set_rows(rich_overview.criteria)

    assert model.lots() == ["1", "2"]
    assert model.total_weight("1") == Decimal(20)
    assert model.total_weight() == Decimal(40)
    assert model.weights_add_up(Decimal(20))
    assert not model.weights_add_up(Decimal(25))


def test_nothing_is_editable_and_set_rows_resets(rich_overview: TenderOverview) -> None:
    model = CriteriaModel()
    model.set_rows(rich_overview.criteria)
    flags = model.flags(model.index(0, CriteriaModel.TITLE))
    assert not flags & Qt.ItemFlag.ItemIsEditable

    model.set_rows(rich_overview.criteria_of("2"))
    assert model.rowCount() == 2
    assert model.criterion(0).lot == "2"
    assert model.find_row(lambda c: c.code == "SV2") == 1
