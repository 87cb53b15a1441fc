"""The shared screen: one response at a time, following the moderator; evaluators only as
Evaluator A, B, C and, where the tender chooses, bidders only as Bidder 1, 2, 3 (asserted
on every text the window shows); Esc leaves."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from svdesk.services.anonymity_setting import set_anonymity
from svdesk.services.moderation_board import moderation_board
from svdesk.services.moderation_consensus import response_in_moderation, save_consensus_draft
from svdesk.services.tenders import tender_overview
from svdesk.store.database import Database
from svdesk.ui.main_window import MainWindow
from svdesk.ui.presentation.presentation_window import PresentationWindow
from tests.ui.conftest import window_on
from tests.ui.presentation.conftest import DEMO, MODERATOR, evaluator_names

# What the offscreen test platform says of a full-screen window; a real screen does not.
pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support (propagateSizeHints|raise)")

RATIONALE = (
    "The answer names two routes and a driver academy with dates, but gives no measures "
    "for the academy's intake: an acceptable answer, not a good one."
)
SECRET_NOTE = "Reconciliation still being drafted: Siobhan wanted 25, the others did not."


def discussed(db: Database) -> tuple[str, str, str]:
    """The lot 1 response whose scores lie furthest apart."""
    board = moderation_board(db, DEMO, "1")
    cell = board.by_spread()[0]
    assert cell.outside_tolerance
    return ("1", cell.bidder, cell.criterion)


def presenting(qtbot: QtBot, db: Database) -> tuple[MainWindow, PresentationWindow]:
    window = window_on(qtbot, db)
    presentation = window.presenter.open()
    qtbot.addWidget(presentation)
    return window, presentation


def shown(presentation: PresentationWindow) -> str:
    return "\n".join(presentation.visible_text())


def bidder_names(db: Database) -> list[str]:
    return [b.name for b in tender_overview(db, DEMO).bidders]


def test_it_follows_the_response_the_moderator_has_on_screen(
    qtbot: QtBot, moderation_db: Database
) -> None:
    window, presentation = presenting(qtbot, moderation_db)
    assert presentation.slides.currentWidget() is presentation.board  # lot 1's board
    assert "To discuss first: 1 response" in shown(presentation)

    lot, bidder, criterion = discussed(moderation_db)
    window.context.set_moderating((lot, bidder, criterion))
    assert presentation.slides.currentWidget() is presentation.response
    text = shown(presentation)
    assert f"{criterion}  " in presentation.response.criterion.text()
    assert "Discuss first" in text
    for label in ("Evaluator A", "Evaluator B", "Evaluator C"):
        assert label in text

    window.context.set_moderating(None)
    assert presentation.slides.currentWidget() is presentation.board


def test_evaluators_are_never_named(qtbot: QtBot, moderation_db: Database) -> None:
    window, presentation = presenting(qtbot, moderation_db)
    names = evaluator_names(moderation_db)
    assert len(names) == 3
    window.context.set_moderating(discussed(moderation_db))
    text = shown(presentation)
    for name in names:
        for part in name.split():
            assert part not in text, part
    # Bidders keep their names unless the tender chose otherwise.
    assert presentation.response.where.text().endswith(
        next(n for n in bidder_names(moderation_db) if n in text)
    )


def test_bidders_are_numbered_where_the_tender_chose(qtbot: QtBot, moderation_db: Database) -> None:
    set_anonymity(moderation_db, DEMO, hide_bidders_on_screen=True, actor=MODERATOR)
    window, presentation = presenting(qtbot, moderation_db)
    board_text = shown(presentation)
    window.context.set_moderating(discussed(moderation_db))
    text = shown(presentation) + "\n" + board_text
    assert "Bidder 2" in presentation.response.where.text()
    for name in bidder_names(moderation_db):
        assert name not in text
        assert name.split()[0] not in text  # "Greenway" alone, as its answer calls itself


def test_a_draft_shows_its_score_and_rationale_never_its_reconciliation(
    qtbot: QtBot, moderation_db: Database
) -> None:
    window, presentation = presenting(qtbot, moderation_db)
    key = discussed(moderation_db)
    window.context.set_moderating(key)
    assert "Consensus: not yet discussed" in shown(presentation)
    version = response_in_moderation(moderation_db, DEMO, *key).version
    save_consensus_draft(
        moderation_db,
        DEMO,
        *key,
        version=version,
        score=50,
        rationale=RATIONALE,
        reconciliation=SECRET_NOTE,
        actor=MODERATOR,
    )
    window.context.announce_consensus()  # as the consensus editor does after a save
    text = shown(presentation)
    assert "Proposed consensus" in text
    assert presentation.response.consensus.text() == "50"
    assert RATIONALE in text
    assert "Reconciliation still being drafted" not in text
    assert MODERATOR not in text


def test_esc_leaves_and_the_menu_says_so(qtbot: QtBot, moderation_db: Database) -> None:
    window, presentation = presenting(qtbot, moderation_db)
    assert window.commands.present_action.isChecked()
    assert presentation.isFullScreen() or presentation.isVisible()
    qtbot.keyClick(presentation, Qt.Key.Key_Escape)
    assert not presentation.isVisible()
    assert window.presenter.presentation is None
    assert not window.commands.present_action.isChecked()


def test_its_key_also_closes_it_from_the_shared_screen(
    qtbot: QtBot, moderation_db: Database
) -> None:
    window, presentation = presenting(qtbot, moderation_db)
    handle = presentation.windowHandle()
    assert handle is not None
    handle.requestActivate()
    qtbot.waitUntil(presentation.isActiveWindow)
    qtbot.keyClick(
        presentation,
        Qt.Key.Key_P,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert window.presenter.presentation is None
    assert not presentation.isVisible()


def test_the_view_menu_action_opens_and_closes_it(qtbot: QtBot, moderation_db: Database) -> None:
    window = window_on(qtbot, moderation_db)
    action = window.commands.present_action
    assert action.text() == "&Present to the room"
    assert action.shortcut().toString() == "Ctrl+Shift+P"
    action.trigger()
    presentation = window.presenter.presentation
    assert presentation is not None
    qtbot.addWidget(presentation)
    assert presentation.isVisible()
    action.trigger()
    assert window.presenter.presentation is None


def test_with_no_tender_on_show_it_waits_calmly(qtbot: QtBot, demo_db: Database) -> None:
    # The moderated demo: its lots are open, so the board shows until the tender goes.
    window, presentation = presenting(qtbot, demo_db)
    assert presentation.slides.currentWidget() is presentation.board
    window.context.show_tender(None)
    assert presentation.slides.currentWidget() is presentation.waiting
    assert "No tender is open." in shown(presentation)


@pytest.mark.parametrize("height", [768, 1080, 2160])
def test_the_type_grows_with_the_screen(qtbot: QtBot, moderation_db: Database, height: int) -> None:
    window = window_on(qtbot, moderation_db)
    presentation = PresentationWindow(window.context, height)
    qtbot.addWidget(presentation)
    body = presentation.look.body_pixels
    assert body >= height // 31
    assert presentation.response.criterion.font().pixelSize() > body


class _Screen:
    """A stand-in for a QScreen: only who it is matters."""


def test_a_second_screen_is_the_rooms(monkeypatch: pytest.MonkeyPatch) -> None:
    from PySide6.QtGui import QGuiApplication

    from svdesk.ui.presentation import presenter

    laptop, projector = _Screen(), _Screen()

    class Window:
        def screen(self) -> _Screen:
            return laptop

    monkeypatch.setattr(QGuiApplication, "screens", staticmethod(lambda: [laptop, projector]))
    assert presenter.screen_for_room(Window()) is projector  # type: ignore[arg-type]
    monkeypatch.setattr(QGuiApplication, "screens", staticmethod(lambda: [laptop]))
    assert presenter.screen_for_room(Window()) is laptop  # type: ignore[arg-type]


def test_the_board_shows_where_each_response_stands(qtbot: QtBot, moderation_db: Database) -> None:
    _window, presentation = presenting(qtbot, moderation_db)
    texts = [label.text() for label in presentation.board.grid.findChildren(QLabel)]
    assert texts[:4] == ["SV1", "SV2", "SV3", "SV4"]
    assert "25–75" in texts  # the response to discuss first: the panel's range


def test_its_type_comes_from_the_screen_not_the_text_size(
    qtbot: QtBot, moderation_db: Database
) -> None:
    from PySide6.QtWidgets import QApplication

    from svdesk.ui.text_size import TextSize, apply_size

    window = window_on(qtbot, moderation_db)
    presentation = PresentationWindow(window.context, 1080)
    qtbot.addWidget(presentation)
    before = presentation.board.title.font().pixelSize()
    try:
        apply_size(TextSize.LARGER)
        QApplication.processEvents()
        assert presentation.board.title.font().pixelSize() == before
    finally:
        apply_size(TextSize.NORMAL)


def test_the_shared_screen_follows_the_tender_s_tolerance(
    qtbot: QtBot, moderation_db: Database
) -> None:
    from svdesk.services.moderation_tolerance import set_moderation_tolerance

    window, presentation = presenting(qtbot, moderation_db)
    lot, bidder, criterion = discussed(moderation_db)  # two steps apart
    set_moderation_tolerance(
        moderation_db, DEMO, 2, "The panel discusses only the widest differences first."
    )
    window.presenter.refresh()
    text = shown(presentation)
    assert "The panel's scores are at most 2 steps apart everywhere" in text
    assert "To discuss first" not in text
    window.context.set_moderating((lot, bidder, criterion))
    assert "Discuss first" not in shown(presentation)
    assert presentation.response.state.text() == "Scores close"

    window.context.set_moderating(None)
    set_moderation_tolerance(
        moderation_db, DEMO, 0, "The panel discusses every difference first, as agreed."
    )
    window.presenter.refresh()
    assert "with scores that differ at all" in shown(presentation)
