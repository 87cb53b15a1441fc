"""The main window opens at the size it had when last closed (and where it was: on this
test screen, narrower than the window, Qt moves it to fit, so the place is not asserted)."""

from __future__ import annotations

from PySide6.QtCore import QSize
from pytestqt.qtbot import QtBot

from svdesk.store.database import Database
from svdesk.ui.main_window import MainWindow


def test_the_window_opens_at_the_size_it_was_closed(qtbot: QtBot, db: Database) -> None:
    first = MainWindow(db)
    qtbot.addWidget(first)
    first.show()
    # The test screen is 800 px square, narrower than the window can be: its height shows.
    narrowest = first.minimumSizeHint().expandedTo(first.minimumSize()).width()
    first.resize(narrowest, 520)
    kept = first.size()
    first.close()

    second = MainWindow(db)
    qtbot.addWidget(second)
    second.show_fitted()
    assert second.size() == kept
    assert kept != QSize(1280, 800)  # not the size a first run opens at
