"""Every kind of target the navigator leads to has a page registered to show it."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from svdesk.store.database import Database
from svdesk.ui.views.navigator import Page, Target
from svdesk.ui.views.page_registry import PageRegistry
from tests.ui.conftest import window_on


def test_every_navigator_target_kind_has_a_registered_page(qtbot: QtBot, rich_db: Database) -> None:
    window = window_on(qtbot, rich_db)
    assert window.pages is not None
    assert window.pages.registry.kinds() == frozenset(Page)
    assert window.navigator is not None
    # Each kind the navigator offers opens its own page when chosen there.
    shown: dict[Page, QWidget] = {}
    for target in window.navigator.targets():
        if target.page in shown:
            continue
        window.navigator.setCurrentItem(window.navigator.item_for(target))
        page = window.pages.registry.page_for(target.page)
        assert page is not None
        assert window.pages.currentWidget() is page.widget, target
        shown[target.page] = page.widget
    # One response in moderation is reached from its lot's board, not from the tree.
    from_pages = {Page.CONSENSUS}
    assert set(shown) == set(Page) - from_pages
    assert len(set(shown.values())) == len(shown)  # one page a kind, none shared by chance
    consensus = window.pages.registry.page_for(Page.CONSENSUS)
    assert consensus is not None
    assert consensus.widget not in shown.values()


def test_an_answer_without_a_response_leaves_the_page_on_show(
    qtbot: QtBot, rich_db: Database
) -> None:
    window = window_on(qtbot, rich_db)
    assert window.pages is not None
    window.go_to(Target(Page.BIDDERS))
    window.go_to(Target(Page.RESPONSE))  # no response named
    assert window.pages.currentWidget() is window.pages.bidders


def test_a_kind_is_shown_by_one_page_only(qtbot: QtBot) -> None:
    registry = PageRegistry()
    first, second = QWidget(), QWidget()
    for widget in (first, second):
        qtbot.addWidget(widget)
    registry.register([Page.SUMMARY], first, lambda _target, _overview: True)
    with pytest.raises(ValueError, match="registered twice"):
        registry.register([Page.BIDS, Page.SUMMARY], second, lambda _target, _overview: True)
    page = registry.page_for(Page.SUMMARY)
    assert page is not None
    assert page.widget is first
    assert registry.kinds() == {Page.SUMMARY}  # nothing of the refused registration


def test_a_page_registered_for_later_is_built_when_first_asked_for(qtbot: QtBot) -> None:
    registry = PageRegistry()
    built: list[QWidget] = []

    def build() -> None:
        page = QWidget()
        qtbot.addWidget(page)
        built.append(page)
        registry.register([Page.BIDS, Page.BIDDERS], page, lambda _target, _overview: True)

    registry.register_later([Page.BIDS, Page.BIDDERS], build)
    assert registry.kinds() == {Page.BIDS, Page.BIDDERS}
    assert not registry.built(Page.BIDS)
    assert built == []
    bids = registry.page_for(Page.BIDS)
    assert bids is not None
    assert built == [bids.widget]
    bidders = registry.page_for(Page.BIDDERS)
    assert bidders is not None
    assert bidders.widget is bids.widget
    assert len(built) == 1  # built once for both its kinds
    with pytest.raises(ValueError, match="registered twice"):
        registry.register_later([Page.BIDS], build)


def test_a_page_that_does_not_register_what_it_promised_is_found_out(qtbot: QtBot) -> None:
    registry = PageRegistry()
    page = QWidget()
    qtbot.addWidget(page)

    def build() -> None:
        registry.register([Page.BIDS], page, lambda _target, _overview: True)

    registry.register_later([Page.BIDS, Page.BIDDERS], build)
    with pytest.raises(LookupError, match="bidders"):
        registry.page_for(Page.BIDS)


def test_opening_a_tender_builds_only_the_summary_and_the_reader(
    qtbot: QtBot, rich_db: Database
) -> None:
    window = window_on(qtbot, rich_db)
    assert window.pages is not None
    registry = window.pages.registry
    assert window.pages.currentWidget() is window.pages.summary
    built = {kind for kind in Page if registry.built(kind)}
    assert built == {Page.SUMMARY, Page.RESPONSE}
    results = window.pages.results  # reached for before it is shown: built now, once
    assert registry.built(Page.RESULTS)
    window.go_to(Target(Page.RESULTS))
    assert window.pages.currentWidget() is results
