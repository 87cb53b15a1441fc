"""The readings a page has on their way on worker threads: run through the application's
background tasks in the page's name, forgotten as each finishes, and waited for before the
window closes (the Results, Agreement statistics and Moderation pages)."""

from __future__ import annotations

from collections.abc import Callable
from itertools import count
from typing import TYPE_CHECKING, Any, TypeVar

from svdesk.ui.background import Progress, TaskHandle, background_tasks

if TYPE_CHECKING:
    from PySide6.QtCore import QObject

    from svdesk.services.refusals import Refused

T = TypeVar("T")


class PageReadings:
    def __init__(self, page: QObject) -> None:
        self._page = page
        self._handles: dict[int, TaskHandle[Any]] = {}
        self._numbers = count()

    def run(
        self,
        task: Callable[[Progress], T],
        what: str,
        on_done: Callable[[T], None],
        *,
        on_refused: Callable[[Refused], None] | None = None,
        on_failed: Callable[[str], None] | None = None,
        on_finished: Callable[[], None] | None = None,
    ) -> None:
        """Run ``task`` on a worker thread; ``on_done`` gets what it read (see
        ``BackgroundTasks.run``), while the page lives."""
        number = next(self._numbers)

        def finished() -> None:
            self._handles.pop(number, None)
            if on_finished is not None:
                on_finished()

        self._handles[number] = background_tasks().run(
            task,
            owner=self._page,
            what=what,
            on_done=on_done,
            on_refused=on_refused,
            on_failed=on_failed,
            on_finished=finished,
        )

    def handles(self) -> list[TaskHandle[Any]]:
        """The readings on their way."""
        return list(self._handles.values())

    def running(self) -> bool:
        """Whether a reading is still on its way."""
        return bool(self._handles)

    def wait(self) -> None:
        """Wait for every reading on its way, and have what each read handed over."""
        for handle in list(self._handles.values()):
            handle.wait()
        self._handles.clear()
