"""Work off the window's thread: every service call that takes a while (importing a pack,
writing letters, drawing a preview, reading the results, checking the audit trail) runs
through ``BackgroundTasks.run``.

The threads belong to the application, not to the dialog or page that asked: a widget may
be closed and deleted while its task runs, and a running thread must never be destroyed
with it. The task never touches a widget; what it returns, and its progress, reach the
window's thread through Qt's queued signals, and are handed to the callbacks only while
their ``owner`` is alive. A cancel is honoured at the task's next progress report, by
raising ``TaskCancelled`` inside the service, which then leaves nothing behind: an import
is cancelled before its one transaction begins, and ``write_letters`` writes into a
staging folder that it removes.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Generic, TypeVar

import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QThread, Signal, Slot

if TYPE_CHECKING:
    from svdesk.services.refusals import Refused

log = logging.getLogger(__name__)

T = TypeVar("T")
Progress = Callable[[int, int, str], None]  # done, total, what is happening

# What a task's outcome was, as carried from its thread to the window's.
DONE, REFUSED, FAILED, CANCELLED = "done", "refused", "failed", "cancelled"


class TaskCancelled(Exception):
    """The user cancelled; the service stopped at its next progress report."""


class _Worker(QObject):
    """Runs one task on its thread and says how it went, once, through ``outcome``."""

    progressed = Signal(int, int, str)
    outcome = Signal(str, object)  # DONE, REFUSED, FAILED or CANCELLED, and its value
    finished = Signal()

    def __init__(self, task: Callable[[Progress], object], what: str) -> None:
        super().__init__()
        self._task = task
        self._what = what
        self.cancel_event = threading.Event()

    @Slot()
    def run(self) -> None:
        try:
            from svdesk.services.refusals import DatabaseRefused, Refused
            from svdesk.store.errors import DatabaseError

            try:
                result = self._task(self._report)
            except TaskCancelled:
                self.outcome.emit(CANCELLED, None)
            except Refused as refused:
                self.outcome.emit(REFUSED, refused)
            except DatabaseError as exc:
                # Busy, read-only, a full disk: not a fault of svdesk, and nothing was
                # changed. Said as a refusal, in the same sentence as the command line's.
                self.outcome.emit(REFUSED, DatabaseRefused(exc))
            else:
                self.outcome.emit(DONE, result)
        except Exception as exc:
            from svdesk.store.errors import plain_reason

            log.exception("%s failed", self._what)
            self.outcome.emit(FAILED, plain_reason(exc))
        finally:
            # Hand the worker back to the window's thread, where it is deleted.
            app = QCoreApplication.instance()
            if app is not None:
                self.moveToThread(app.thread())
            self.finished.emit()

    def _report(self, done: int, total: int, message: str) -> None:
        if self.cancel_event.is_set():
            raise TaskCancelled
        self.progressed.emit(done, total, message)


class TaskHandle(QObject, Generic[T]):
    """One task on its way: ``cancel`` it, ask whether it is ``running``, ``wait`` for it.

    It lives on the window's thread; its callbacks are called there, and only while the
    owner they were given for is alive. ``finished`` is emitted once the outcome has been
    handed over (or dropped, the owner being gone).
    """

    finished = Signal()

    def __init__(
        self,
        tasks: BackgroundTasks,
        owner: QObject,
        callbacks: dict[str, Callable[..., None] | None],
    ) -> None:
        super().__init__(tasks)
        self._tasks = tasks
        self._owner: QObject | None = owner
        self._callbacks = callbacks
        self._delivered = False
        self._thread: QThread | None = None
        self._worker: _Worker | None = None

    @property
    def running(self) -> bool:
        """True until the task's outcome has been handed over."""
        return not self._delivered

    def cancel(self) -> None:
        """Ask the task to stop at its next progress report; safe to call at any time."""
        if self._worker is not None and shiboken6.isValid(self._worker):
            self._worker.cancel_event.set()

    def wait(self, timeout_ms: int | None = None) -> bool:
        """Block until the task has finished and its outcome has been handed over; False
        when ``timeout_ms`` passed first."""
        thread = self._thread
        if thread is not None and shiboken6.isValid(thread):
            finished = thread.wait() if timeout_ms is None else thread.wait(timeout_ms)
            if not finished:
                return False
            # What the task said is queued for this thread: hand it over now.
            QCoreApplication.sendPostedEvents(self, QEvent.Type.MetaCall)
        return True

    def _start(self, task: Callable[[Progress], object], what: str) -> None:
        worker = _Worker(task, what)
        thread = QThread(self._tasks)
        thread.setObjectName(what[:60])
        worker.moveToThread(thread)
        thread.started.connect(worker.run)
        worker.finished.connect(thread.quit, Qt.ConnectionType.DirectConnection)
        worker.progressed.connect(self._on_worker_progressed)
        worker.outcome.connect(self._on_worker_outcome)
        thread.finished.connect(self._on_thread_finished)
        self._worker, self._thread = worker, thread
        thread.start()

    def _owner_alive(self) -> bool:
        return self._owner is not None and shiboken6.isValid(self._owner)

    @Slot(int, int, str)
    def _on_worker_progressed(self, done: int, total: int, message: str) -> None:
        on_progress = self._callbacks.get("progress")
        if not self._delivered and on_progress is not None and self._owner_alive():
            on_progress(done, total, message)

    @Slot(str, object)
    def _on_worker_outcome(self, kind: str, value: object) -> None:
        if self._delivered:
            return
        self._delivered = True  # before the callbacks, which may start the next task
        try:
            if self._owner_alive():
                callback = self._callbacks.get(kind)
                if callback is not None and kind == CANCELLED:
                    callback()
                elif callback is not None:
                    callback(value)
                on_finished = self._callbacks.get("finished")
                if on_finished is not None and self._owner_alive():
                    on_finished()
            elif kind == DONE:
                discard = self._callbacks.get("discard")
                if discard is not None:
                    discard(value)  # what nobody will show: a file to remove, say
        finally:
            self.finished.emit()

    @Slot()
    def _on_thread_finished(self) -> None:
        thread, worker = self._thread, self._worker
        if thread is None or not shiboken6.isValid(thread):
            return
        thread.wait()  # it is quitting: the worker has said its last
        # Anything the worker said before it stopped is handed over first.
        QCoreApplication.sendPostedEvents(self, QEvent.Type.MetaCall)
        self._thread = self._worker = None
        self._callbacks = {}  # they hold their owner; let it go
        self._owner = None
        self._tasks._forget(self)
        if worker is not None:
            worker.deleteLater()
        thread.deleteLater()
        self.deleteLater()


class BackgroundTasks(QObject):
    """The application's worker threads. ``run`` starts a task; ``wait_all`` waits for every
    one still on its way (before the database closes, or the application quits)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._handles: list[TaskHandle[Any]] = []

    def run(
        self,
        task: Callable[[Progress], T],
        *,
        owner: QObject,
        what: str,
        on_done: Callable[[T], None] | None = None,
        on_refused: Callable[[Refused], None] | None = None,
        on_failed: Callable[[str], None] | None = None,
        on_progress: Callable[[int, int, str], None] | None = None,
        on_cancelled: Callable[[], None] | None = None,
        on_finished: Callable[[], None] | None = None,
        discard: Callable[[T], None] | None = None,
    ) -> TaskHandle[T]:
        """Run ``task(progress)`` on a worker thread.

        On the window's thread, while ``owner`` is alive: ``on_progress`` as it goes, then
        one of ``on_done`` (what it returned), ``on_refused`` (a ``Refused``; a database
        that is busy or read-only is a ``DatabaseRefused``), ``on_failed`` (an unexpected
        error, in words) or ``on_cancelled``; then ``on_finished``. When the owner is gone
        by then, nothing is called but ``discard``, with what a finished task returned.
        ``what`` names the task in the log.
        """
        handle: TaskHandle[T] = TaskHandle(
            self,
            owner,
            {
                DONE: on_done,
                REFUSED: on_refused,
                FAILED: on_failed,
                CANCELLED: on_cancelled,
                "progress": on_progress,
                "finished": on_finished,
                "discard": discard,
            },
        )
        self._handles.append(handle)
        handle._start(task, what)
        return handle

    def active(self) -> list[TaskHandle[Any]]:
        """The tasks whose threads have not finished yet."""
        return list(self._handles)

    def wait_all(self) -> None:
        """Wait for every task on its way, and hand over what each said."""
        while self._handles:
            handle = self._handles[0]
            handle.wait()
            handle._on_thread_finished()  # (handed over by ``wait`` already, as a rule)
            self._forget(handle)

    def _forget(self, handle: TaskHandle[Any]) -> None:
        if handle in self._handles:
            self._handles.remove(handle)


_tasks: BackgroundTasks | None = None


def background_tasks() -> BackgroundTasks:
    """The application's ``BackgroundTasks``, made the first time it is asked for; it
    waits for every task still running when the application is about to quit."""
    global _tasks
    if _tasks is not None and shiboken6.isValid(_tasks):
        return _tasks
    app = QCoreApplication.instance()
    if app is None:
        raise RuntimeError("background tasks need the application to be made first")
    _tasks = BackgroundTasks(app)
    app.aboutToQuit.connect(_tasks.wait_all)
    return _tasks
