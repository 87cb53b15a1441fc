"""A service call on a worker thread (importing a pack, writing letters, drawing a
preview), reporting through signals only.

The worker never touches a widget: the service's progress callback becomes the
``progressed`` signal, delivered to the window's thread by Qt. A cancel is honoured at
the next progress report, by raising ``TaskCancelled`` inside the service, which then
leaves nothing behind: an import is cancelled before its one transaction begins, and
``write_letters`` writes into a staging folder that it removes.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QObject, Qt, QThread, Signal, Slot

log = logging.getLogger(__name__)

Progress = Callable[[int, int, str], None]
Task = Callable[[Progress], object]


class TaskCancelled(Exception):
    """The user cancelled; the service stopped at its next progress report."""


class TaskWorker(QObject):
    progressed = Signal(int, int, str)  # done, total, what is happening
    succeeded = Signal(object)  # what the task returned
    refused = Signal(object)  # a svdesk.services.refusals.Refused (the database's too)
    failed = Signal(str)  # an unexpected error, in words
    cancelled = Signal()
    finished = Signal()  # after any one of the four above

    def __init__(self, task: Task, what: str = "a task") -> None:
        super().__init__()
        self._task = task
        self._what = what
        self._cancel = threading.Event()

    def cancel(self) -> None:
        """Ask the task to stop; safe to call from any thread."""
        self._cancel.set()

    @Slot()
    def run(self) -> None:
        try:
            from svdesk.services.refusals import Refused
            from svdesk.store.errors import DatabaseError

            try:
                result = self._task(self._report)
            except TaskCancelled:
                self.cancelled.emit()
            except Refused as refused:
                self.refused.emit(refused)
            except DatabaseError as exc:
                # Busy, read-only, a full disk: not a fault of svdesk, and nothing was
                # changed. Said as a refusal, in the same sentence as the command line's.
                self.refused.emit(Refused([str(exc)]))
            else:
                self.succeeded.emit(result)
        except Exception as exc:
            from svdesk.store.errors import plain_reason

            log.exception("%s failed", self._what)
            self.failed.emit(plain_reason(exc))
        finally:
            # Hand the worker back to the window's thread, where it is deleted.
            app = QCoreApplication.instance()
            if app is not None:
                self.moveToThread(app.thread())
            self.finished.emit()

    def _report(self, done: int, total: int, message: str) -> None:
        if self._cancel.is_set():
            raise TaskCancelled
        self.progressed.emit(done, total, message)


def start_on_thread(worker: TaskWorker, parent: QObject) -> QThread:
    """Run ``worker`` on a new thread owned by ``parent``; connect its signals first."""
    thread = QThread(parent)
    worker.moveToThread(thread)
    thread.started.connect(worker.run)
    worker.finished.connect(thread.quit, Qt.ConnectionType.DirectConnection)
    thread.start()
    return thread
