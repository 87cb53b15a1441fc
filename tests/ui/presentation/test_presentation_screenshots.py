"""Pictures of the shared screen at a projector's 1920x1080 (set SVDESK_SCREENSHOTS to a
folder), and a check that what the room must read fits on it."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from svdesk.store.database import Database
from svdesk.ui.presentation.presentation_window import PresentationWindow
from tests.ui.conftest import window_on
from tests.ui.presentation.test_presentation_window import discussed
from tests.ui.test_screenshots import save


@pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
def test_the_shared_screen_at_1920_by_1080(qtbot: QtBot, moderation_db: Database) -> None:
    window = window_on(qtbot, moderation_db)
    presentation = PresentationWindow(window.context, 1080)
    qtbot.addWidget(presentation)
    presentation.resize(1920, 1080)
    presentation.show()
    save(presentation, "presentation-board")
    window.context.set_moderating(discussed(moderation_db))
    save(presentation, "presentation-response")
    slide = presentation.response
    # The scores, the consensus and the leaving hint are all on the screen, whole.
    for widget in (slide.scores, slide.consensus, slide.consensus_heading, presentation.hint):
        place = widget.mapTo(presentation, widget.rect().bottomRight())
        assert presentation.rect().contains(place), widget
        needed = (
            widget.heightForWidth(widget.width())
            if widget.hasHeightForWidth()
            else widget.sizeHint().height()
        )
        assert widget.height() >= needed, widget
    assert slide.answer.font().pixelSize() >= 28  # a line of it reads across a room
