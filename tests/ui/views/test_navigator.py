from __future__ import annotations

from PySide6.QtWidgets import QTreeWidgetItem
from pytestqt.qtbot import QtBot

from svdesk.services.tenders import TenderOverview
from svdesk.ui.views.navigator import ROLE, Navigator, Page, Target


def children(item: QTreeWidgetItem) -> list[str]:
    return [item.child(i).text(0) for i in range(item.childCount())]


def test_the_tree_of_the_tender(qtbot: QtBot, rich_overview: TenderOverview) -> None:
    navigator = Navigator()
    qtbot.addWidget(navigator)
    navigator.set_overview(rich_overview)

    top = [navigator.topLevelItem(i).text(0) for i in range(navigator.topLevelItemCount())]
    assert top == [
        "Tender summary",
        "Results",
        "Moderation",
        "Lots (2)",
        "Criteria (4)",
        "Bidders (2)",
        "Responses (6)",
    ]
    results = navigator.topLevelItem(1)
    assert children(results) == ["Lot 1: North", "Lot 2: South"]
    assert results.child(1).data(0, ROLE) == Target(Page.RESULTS, "2")
    moderation = navigator.topLevelItem(2)
    assert moderation.data(0, ROLE) == Target(Page.MODERATION)
    assert children(moderation) == ["Lot 1: North", "Lot 2: South", "Agreement statistics"]
    assert moderation.child(0).data(0, ROLE) == Target(Page.MODERATION, "1")
    assert moderation.child(2).data(0, ROLE) == Target(Page.AGREEMENT)
    lots = navigator.topLevelItem(3)
    assert children(lots) == ["Lot 1: North", "Lot 2: South"]
    assert children(lots.child(0)) == ["B01 · Alpha Grounds Ltd", "B02 · Beta Services plc"]
    assert children(lots.child(1)) == ["B02 · Beta Services plc"]
    criteria = navigator.topLevelItem(4)
    assert children(criteria.child(0)) == ["SV1 · Jobs", "SV2 · Environment"]
    assert children(navigator.topLevelItem(5)) == [
        "B01 · Alpha Grounds Ltd",
        "B02 · Beta Services plc",
    ]
    responses = navigator.topLevelItem(6)
    assert children(responses.child(0).child(0)) == ["SV1 · Jobs", "SV2 · Environment"]


def test_choosing_an_item_emits_where_it_leads(qtbot: QtBot, rich_overview: TenderOverview) -> None:
    navigator = Navigator()
    qtbot.addWidget(navigator)
    navigator.set_overview(rich_overview)
    item = navigator.item_for(Target(Page.CRITERIA, "2"))
    assert item is not None

    with qtbot.waitSignal(navigator.target_chosen) as chosen:
        navigator.setCurrentItem(item)
    assert chosen.args == [Target(Page.CRITERIA, "2")]


def test_selecting_a_target_quietly_does_not_emit(
    qtbot: QtBot, rich_overview: TenderOverview
) -> None:
    navigator = Navigator()
    qtbot.addWidget(navigator)
    navigator.set_overview(rich_overview)
    response = rich_overview.responses[0]
    target = navigator.response_target(response.id)
    assert target is not None

    with qtbot.assertNotEmitted(navigator.target_chosen):
        assert navigator.select_target(target)
    assert navigator.current_target() == target
