"""The one helper for work off the window's thread: what a task says reaches its owner on
the window's thread, and never an owner that has gone."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import pytest
import shiboken6
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from svdesk.services.refusals import DatabaseRefused, Refused
from svdesk.store.errors import DatabaseBusy, DatabaseReadOnly
from svdesk.ui.background import BackgroundTasks, Progress, background_tasks

TIMEOUT = 10_000


@pytest.fixture
def tasks(qapp: QApplication) -> Iterator[BackgroundTasks]:
    tasks = BackgroundTasks(qapp)
    yield tasks
    tasks.wait_all()
    tasks.deleteLater()


@pytest.fixture
def owner(qtbot: QtBot) -> QWidget:
    widget = QWidget()
    qtbot.addWidget(widget)
    return widget


class Calls:
    """What the callbacks were called with, and on which thread."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, Any]] = []
        self.threads: list[threading.Thread] = []

    def note(self, name: str) -> Any:
        def callback(*args: Any) -> None:
            self.threads.append(threading.current_thread())
            self.calls.append((name, args[0] if len(args) == 1 else args))

        return callback

    def all(self) -> dict[str, Any]:
        return {
            "on_done": self.note("done"),
            "on_refused": self.note("refused"),
            "on_failed": self.note("failed"),
            "on_cancelled": self.note("cancelled"),
            "on_finished": self.note("finished"),
        }


def test_what_a_task_returns_reaches_its_owner_on_the_window_thread(
    qtbot: QtBot, tasks: BackgroundTasks, owner: QWidget
) -> None:
    ran_on: list[threading.Thread] = []
    calls = Calls()

    def task(_progress: Progress) -> int:
        ran_on.append(threading.current_thread())
        return 42

    handle = tasks.run(task, owner=owner, what="answering", **calls.all())
    qtbot.waitUntil(lambda: not handle.running, timeout=TIMEOUT)

    assert ran_on
    assert ran_on[0] is not threading.main_thread()
    assert calls.calls == [("done", 42), ("finished", ())]
    assert all(thread is threading.main_thread() for thread in calls.threads)
    qtbot.waitUntil(lambda: not tasks.active(), timeout=TIMEOUT)


def test_a_refusal_reaches_the_owner_with_its_type(
    qtbot: QtBot, tasks: BackgroundTasks, owner: QWidget
) -> None:
    class TooLate(Refused):
        pass

    calls = Calls()

    def task(_progress: Progress) -> None:
        raise TooLate(["moderation has opened"])

    handle = tasks.run(task, owner=owner, what="refusing", **calls.all())
    qtbot.waitUntil(lambda: not handle.running, timeout=TIMEOUT)

    (kind, refused), finished = calls.calls
    assert kind == "refused"
    assert isinstance(refused, TooLate)
    assert refused.reasons == ["moderation has opened"]
    assert finished == ("finished", ())


@pytest.mark.parametrize(
    ("error", "busy", "read_only"),
    [(DatabaseBusy("t.sqlite"), True, False), (DatabaseReadOnly("t.sqlite"), False, True)],
)
def test_a_database_that_cannot_be_used_is_a_typed_refusal(
    qtbot: QtBot,
    tasks: BackgroundTasks,
    owner: QWidget,
    error: Exception,
    busy: bool,
    read_only: bool,
) -> None:
    refusals: list[Refused] = []

    def task(_progress: Progress) -> None:
        raise error

    handle = tasks.run(task, owner=owner, what="writing", on_refused=refusals.append)
    qtbot.waitUntil(lambda: not handle.running, timeout=TIMEOUT)

    (refused,) = refusals
    assert isinstance(refused, DatabaseRefused)
    assert (refused.busy, refused.read_only) == (busy, read_only)
    assert refused.reasons == [str(error)]


def test_an_unexpected_error_is_said_in_words(
    qtbot: QtBot, tasks: BackgroundTasks, owner: QWidget
) -> None:
    calls = Calls()

    def task(_progress: Progress) -> None:
        raise ValueError("the disk said no")

    handle = tasks.run(task, owner=owner, what="failing", **calls.all())
    qtbot.waitUntil(lambda: not handle.running, timeout=TIMEOUT)

    assert calls.calls == [("failed", "the disk said no"), ("finished", ())]


def test_progress_is_reported_and_a_cancel_stops_the_task(
    qtbot: QtBot, tasks: BackgroundTasks, owner: QWidget
) -> None:
    progress: list[tuple[int, int, str]] = []
    calls = Calls()
    reported = threading.Event()
    steps_taken: list[int] = []

    def task(report: Progress) -> str:
        for step in range(1000):
            report(step, 1000, f"step {step}")
            steps_taken.append(step)
            reported.set()
            threading.Event().wait(0.005)
        return "finished every step"

    handle = tasks.run(
        task,
        owner=owner,
        what="stepping",
        on_progress=lambda done, total, message: progress.append((done, total, message)),
        **calls.all(),
    )
    assert reported.wait(5)
    qtbot.waitUntil(lambda: bool(progress), timeout=TIMEOUT)
    handle.cancel()
    qtbot.waitUntil(lambda: not handle.running, timeout=TIMEOUT)

    assert calls.calls == [("cancelled", ()), ("finished", ())]
    assert len(steps_taken) < 1000
    assert progress[0] == (0, 1000, "step 0")


def test_an_owner_deleted_while_its_task_runs_is_never_called(
    qtbot: QtBot, tasks: BackgroundTasks
) -> None:
    owner = QWidget()
    owner.show()
    release = threading.Event()
    calls = Calls()
    discarded: list[str] = []

    def task(report: Progress) -> str:
        release.wait(5)
        report(1, 1, "nearly there")
        return "a file nobody will show"

    handle = tasks.run(
        task,
        owner=owner,
        what="outliving its owner",
        on_progress=calls.note("progress"),
        discard=discarded.append,
        **calls.all(),
    )
    owner.close()
    shiboken6.delete(owner)  # the dialog is gone, its thread is not
    assert handle.running
    release.set()
    qtbot.waitUntil(lambda: not handle.running, timeout=TIMEOUT)
    qtbot.waitUntil(lambda: not tasks.active(), timeout=TIMEOUT)

    assert calls.calls == []
    assert discarded == ["a file nobody will show"]


def test_waiting_at_shutdown_hands_over_every_outcome(
    qtbot: QtBot, tasks: BackgroundTasks, owner: QWidget
) -> None:
    results: list[int] = []

    def slow(number: int) -> Any:
        def task(_progress: Progress) -> int:
            threading.Event().wait(0.2)
            return number

        return task

    handles = [
        tasks.run(slow(n), owner=owner, what=f"task {n}", on_done=results.append) for n in (1, 2)
    ]
    assert all(handle.running for handle in handles)

    tasks.wait_all()  # no event loop turns: as when the window closes

    assert sorted(results) == [1, 2]
    assert not any(handle.running for handle in handles)
    assert tasks.active() == []


def test_waiting_on_one_task_hands_over_its_outcome(tasks: BackgroundTasks, owner: QWidget) -> None:
    results: list[str] = []

    def task(_progress: Progress) -> str:
        threading.Event().wait(0.1)
        return "drawn"

    handle = tasks.run(task, owner=owner, what="drawing", on_done=results.append)
    assert handle.wait()
    assert results == ["drawn"]
    assert not handle.running


def test_the_application_has_one_set_of_tasks(qapp: QApplication) -> None:
    assert background_tasks() is background_tasks()
    assert background_tasks().parent() is qapp
