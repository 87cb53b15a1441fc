"""The typing pause: due once after typing pauses, never later than the longest wait
however long the typing goes on, and never once stopped."""

from __future__ import annotations

import time

from pytestqt.qtbot import QtBot

from svdesk.ui.typing_pause import TypingPause

# Long enough that a loaded machine's late timers and waits do not reorder the events
# (a wait of a sixth of the pause must end before the pause does), short enough to be quick.
PAUSE_MS, LONGEST_MS = 180, 600


def pause(_qtbot: QtBot) -> tuple[TypingPause, list[float]]:
    helper = TypingPause(pause_ms=PAUSE_MS, longest_ms=LONGEST_MS)
    times: list[float] = []
    helper.due.connect(lambda: times.append(time.monotonic()))
    return helper, times


def test_due_once_after_typing_pauses(qtbot: QtBot) -> None:
    helper, times = pause(qtbot)
    started = time.monotonic()
    helper.typed()
    qtbot.wait(PAUSE_MS // 6)
    assert times == []
    helper.typed()  # a second change restarts the pause
    assert helper.waiting()
    qtbot.waitUntil(lambda: bool(times), timeout=3000)
    assert times[0] - started >= (PAUSE_MS + PAUSE_MS // 6) / 1000 * 0.9
    qtbot.wait(LONGEST_MS + PAUSE_MS)
    assert len(times) == 1  # the longest wait was stopped with it
    assert not helper.waiting()


def test_never_later_than_the_longest_wait_while_typing_goes_on(qtbot: QtBot) -> None:
    helper, times = pause(qtbot)
    started = time.monotonic()
    while time.monotonic() - started < 3 * LONGEST_MS / 1000 and not times:
        helper.typed()  # faster than the pause: typing never pauses
        qtbot.wait(PAUSE_MS // 6)
    assert times, "due within the longest wait although typing went on"
    assert times[0] - started < (LONGEST_MS + PAUSE_MS) / 1000
    # The next change starts a new longest wait.
    helper.typed()
    qtbot.waitUntil(lambda: len(times) == 2, timeout=3000)


def test_nothing_is_due_once_stopped(qtbot: QtBot) -> None:
    helper, times = pause(qtbot)
    helper.typed()
    helper.stop()
    assert not helper.waiting()
    qtbot.wait(LONGEST_MS + PAUSE_MS)
    assert times == []
