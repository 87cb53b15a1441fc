from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt
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
    bid = responses.child(0).child(0)
    assert not bid.isExpanded()  # a bid's answers start folded
    bid.setExpanded(True)
    assert children(bid) == ["SV1 · Jobs", "SV2 · Environment"]


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


def framework(o: TenderOverview, extra: int) -> TenderOverview:
    """``o`` with ``extra`` more bidders, each bidding for lot 1 with every answer."""
    bidder, bid = o.bidders[0], o.bids_of("1")[0]
    answers = o.responses_of("1", bid.bidder)
    bidders, bids, responses = list(o.bidders), list(o.bids), list(o.responses)
    for n in range(extra):
        key = f"X{n:04}"
        bidders.append(replace(bidder, key=key, name=f"Extra {n} Ltd"))
        bids.append(replace(bid, bidder=key))
        responses += [
            replace(r, id=100_000 + n * 10 + i, bidder=key, bidder_name=f"Extra {n} Ltd")
            for i, r in enumerate(answers)
        ]
    return replace(o, bidders=tuple(bidders), bids=tuple(bids), responses=tuple(responses))


def test_a_long_branch_starts_folded_and_is_built_when_opened(
    qtbot: QtBot, rich_overview: TenderOverview
) -> None:
    navigator = Navigator()
    qtbot.addWidget(navigator)
    navigator.set_overview(framework(rich_overview, 500))

    bidders = navigator.topLevelItem(5)
    assert bidders.text(0) == "Bidders (502)"
    assert not bidders.isExpanded()
    assert bidders.childCount() == 0  # not built until opened
    assert bidders.childIndicatorPolicy() is QTreeWidgetItem.ChildIndicatorPolicy.ShowIndicator
    lot_bids = navigator.topLevelItem(3).child(0)
    assert not lot_bids.isExpanded()
    assert lot_bids.childCount() == 0
    assert navigator.topLevelItem(3).child(1).isExpanded()  # lot 2's one bid: short, open

    bidders.setExpanded(True)
    assert bidders.childCount() == 502
    assert bidders.child(501).text(0) == "X0499 · Extra 499 Ltd"
    assert bidders.child(501).data(0, ROLE) == Target(Page.BIDDERS, bidder="X0499")


def test_the_keyboard_opens_a_folded_branch(qtbot: QtBot, rich_overview: TenderOverview) -> None:
    navigator = Navigator()
    qtbot.addWidget(navigator)
    navigator.set_overview(framework(rich_overview, 500))
    navigator.show()
    bidders = navigator.topLevelItem(5)
    navigator.setCurrentItem(bidders)

    qtbot.keyClick(navigator, Qt.Key.Key_Right)
    assert bidders.isExpanded()
    assert bidders.childCount() == 502
    qtbot.keyClick(navigator, Qt.Key.Key_Down)
    assert navigator.current_target() == Target(Page.BIDDERS, bidder="B01")


def test_an_item_not_yet_built_is_found_and_selected(
    qtbot: QtBot, rich_overview: TenderOverview
) -> None:
    navigator = Navigator()
    qtbot.addWidget(navigator)
    navigator.set_overview(framework(rich_overview, 500))
    target = navigator.response_target(100_000 + 4321)  # extra bidder 432's second answer
    assert target == Target(Page.RESPONSE, "1", "X0432", "SV2", 104_321)

    with qtbot.assertNotEmitted(navigator.target_chosen):
        assert navigator.select_target(target)
    assert navigator.current_target() == target
    item = navigator.currentItem()
    assert item.text(0) == "SV2 · Environment"
    assert item.parent().text(0) == "X0432 · Extra 432 Ltd"
    assert item.parent().isExpanded()  # shown where it is
    assert navigator.item_for(Target(Page.BIDS, "1", "X0007")) is not None
    assert navigator.item_for(Target(Page.BIDS, "1", "NOBODY")) is None
    assert len(navigator.targets()) == len(set(navigator.targets()))
