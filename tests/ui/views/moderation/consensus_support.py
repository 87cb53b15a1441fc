"""The consensus page on a tender whose lot 1 is open for moderation: Ann Evaluator gave
B01's SV1 75 and Ben Evaluator 50; every other response has the same score from both.
Mo Derator and Zoe Moderator moderate."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from pytestqt.qtbot import QtBot

from svdesk.services.moderation_consensus import ResponseInModeration, response_in_moderation
from svdesk.store.database import Database
from svdesk.ui.tender_context import TenderContext
from svdesk.ui.views.moderation.consensus_page import ConsensusPage
from svdesk.ui.views.navigator import Page, Target
from svdesk.ui.who_is_working import Actor
from tests.unit.services.test_evaluation_flow import REF, WHY, tender
from tests.unit.services.test_moderation_consensus import NOTE, RATIONALE, moderating

__all__ = ["NOTE", "RATIONALE", "REF", "WHY", "moderating", "tender"]
MO = "Mo Derator"
ZOE = "Zoe Moderator"
MODERATOR = Actor(MO, "moderator", True)
# The offscreen platform says so whenever a window's size hints change; a real screen does
# not (the page is shown on its own here, as a window).
OFFSCREEN_WINDOW = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@dataclass
class OnPage:
    page: ConsensusPage
    context: TenderContext

    def open(self, bidder: str, criterion: str, lot: str = "1") -> None:
        overview = self.context.overview
        assert overview is not None
        response = next(
            r
            for r in overview.responses
            if (r.lot, r.bidder, r.criterion) == (lot, bidder, criterion)
        )
        target = Target(Page.CONSENSUS, lot, bidder, criterion, response.id)
        assert self.page.show_target(target, overview)

    def read(self, bidder: str, criterion: str) -> ResponseInModeration:
        """The response as the services hold it now."""
        db = self.context.database
        assert db is not None
        return response_in_moderation(db, REF, "1", bidder, criterion)

    def type_into(self, field: int, text: str) -> None:
        self.page.editor.fields[field].setPlainText(text)

    def pick(self, score: int) -> None:
        button = next(
            b for b in self.page.editor.score_buttons if b.text().startswith(f"{score}\n")
        )
        button.click()


def page_on(qtbot: QtBot, db: Database, actor: Actor | None = MODERATOR) -> OnPage:
    """The consensus page, shown, on ``db``'s tender, with ``actor`` working."""
    context = TenderContext()
    context.set_database(db)
    assert context.show_tender(REF)
    context.set_actor(actor)
    page = ConsensusPage(context)
    qtbot.addWidget(page)
    context.setParent(page)
    page.resize(1600, 1000)
    page.show()
    return OnPage(page, context)
