from __future__ import annotations

from decimal import Decimal

from pytestqt.qtbot import QtBot

from svdesk.services.tenders import TenderOverview
from svdesk.ui.models.criteria_model import CriteriaModel
from svdesk.ui.theme import BannerKind
from svdesk.ui.views.criteria_page import CriteriaPage


def page_for(qtbot: QtBot, overview: TenderOverview, weighting: Decimal, lot: str | None):
    page = CriteriaPage()
    qtbot.addWidget(page)
    names = {lot.key: lot.display_name for lot in overview.lots}
    criteria = overview.criteria_of(lot) if lot else overview.criteria
    page.set_criteria(criteria, names, weighting, lot)
    return page


def test_the_weights_adding_up_is_confirmed(qtbot: QtBot, rich_overview: TenderOverview) -> None:
    page = page_for(qtbot, rich_overview, Decimal(20), "1")

    assert page.model.rowCount() == 2
    assert page.table.isColumnHidden(CriteriaModel.LOT)
    assert page.total.text().startswith("✓  Total weight 20%")
    assert page.total.kind() is BannerKind.SUCCESS


def test_weights_that_do_not_add_up_are_a_clear_warning(
    qtbot: QtBot, rich_overview: TenderOverview
) -> None:
    page = page_for(qtbot, rich_overview, Decimal(25), None)

    assert not page.table.isColumnHidden(CriteriaModel.LOT)
    assert "do not add up" in page.total.text()
    assert "Lot 1: North: the weights add up to 20%, not 25%" in page.total.text()
    assert page.total.kind() is BannerKind.ERROR


def test_selecting_a_criterion_shows_its_question_guidance_and_sub_criteria(
    qtbot: QtBot, rich_overview: TenderOverview
) -> None:
    page = page_for(qtbot, rich_overview, Decimal(20), "1")
    page.select_criterion("1", "SV1")

    text = page.detail.toPlainText()
    assert "How will you create jobs?" in text
    assert "Specific numbers" in text
    assert "New jobs" in text
    assert "Skills" in text

    page.select_criterion("1", "SV2")
    assert "How will you cut emissions?" in page.detail.toPlainText()
