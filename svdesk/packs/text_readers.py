"""Reading attachments' text in worker processes, each file within a time and memory budget.

The readers of PDF and Word files are bounded (``pdf_text``, ``docx_text``), but a
library can still meet a file that costs it hours or gigabytes. So PDF and Word files
are read by a few worker processes, kept for the whole import and given one file at a
time: a process whose file takes longer than the budget is killed and replaced. On
Linux a process cannot take more memory than the budget (RLIMIT_AS), and on Linux and
macOS it cannot spin on after svdesk has gone (RLIMIT_CPU). Plain text is read here: it
costs no more than its size.

Workers are not forked from svdesk itself, which has the window's and the database's
threads: a forked copy of a threaded process can hang on a lock that another thread
held. Where it exists, a fork server (a small process started once, with the readers
already imported) forks each worker in a few milliseconds; elsewhere, and in an
installed (frozen) build, each worker is spawned, which takes about half a second.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import sys
import time
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from typing import Any, cast

from svdesk.packs import text_budget
from svdesk.packs.attachments import AttachmentError, extract_text, needs_worker
from svdesk.packs.text_budget import TextBudget
from svdesk.packs.text_result import AttachmentText

Outcome = AttachmentText | AttachmentError
Progress = Callable[[int, int, str], None]

WORKERS = 2  # at most: the machines panels use have few cores, and the window needs one
START_SECONDS = 60.0  # for a worker to start; a slow disk and a virus scan can take long
_READY = ("ready",)


def read_texts(
    files: Sequence[tuple[str, bytes]],
    budget: TextBudget | None = None,
    progress: Progress | None = None,
) -> list[Outcome]:
    """Each file's text, or the error that refuses it, in the order given."""
    with TextReaders(budget) as readers:
        return readers.read_all(files, progress)


@dataclass(eq=False)
class _Worker:
    process: BaseProcess
    connection: Connection

    def stop(self, *, kill: bool = False) -> None:
        if not kill:
            with contextlib.suppress(OSError):
                self.connection.send(None)
            self.process.join(1.0)
        if self.process.is_alive():
            self.process.kill()
            self.process.join(5.0)
        self.connection.close()
        with contextlib.suppress(ValueError):  # not yet started, or already closed
            self.process.close()


class TextReaders:
    """A few worker processes that read attachments' text, started when first needed."""

    def __init__(self, budget: TextBudget | None = None, workers: int | None = None) -> None:
        self.budget = budget or text_budget.BUDGET
        self.size = max(1, workers or min(WORKERS, os.cpu_count() or 1))
        self._idle: list[_Worker] = []
        self._live: set[_Worker] = set()
        self._unavailable = False  # no worker could start here: files are read in-process

    def __enter__(self) -> TextReaders:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def close(self) -> None:
        for worker in list(self._live):
            self._retire(worker, kill=worker not in self._idle)
        self._idle.clear()

    def read_all(
        self, files: Sequence[tuple[str, bytes]], progress: Progress | None = None
    ) -> list[Outcome]:
        outcomes: dict[int, Outcome] = {}

        def finish(index: int, outcome: Outcome) -> None:
            outcomes[index] = outcome
            if progress:
                progress(len(outcomes), len(files), files[index][0])

        queue: deque[int] = deque()
        for index, (path, data) in enumerate(files):
            if needs_worker(path):
                queue.append(index)
            else:
                finish(index, _read_here(path, data, self.budget))
        busy: dict[Connection, tuple[_Worker, int, float]] = {}
        while queue or busy:
            while queue and len(busy) < self.size:
                if not self._idle:
                    self._start(min(len(queue), self.size - len(busy)))
                index = queue.popleft()
                if not self._idle:  # no worker could start
                    finish(index, _read_here(*files[index], self.budget))
                    continue
                worker = self._idle.pop()
                try:
                    worker.connection.send(files[index])
                except OSError:  # it died while idle: the file goes to another
                    self._retire(worker, kill=True)
                    queue.appendleft(index)
                    continue
                busy[worker.connection] = (worker, index, time.monotonic() + self.budget.seconds)
            if not busy:
                continue
            deadline = min(limit for _worker, _index, limit in busy.values())
            for ready in wait(list(busy), max(0.0, deadline - time.monotonic())):
                worker, index, _limit = busy.pop(cast(Connection, ready))
                finish(index, self._receive(worker))
            now = time.monotonic()
            for connection, (worker, index, limit) in list(busy.items()):
                if now >= limit:  # too long: the process is stopped, and replaced if needed
                    del busy[connection]
                    self._retire(worker, kill=True)
                    took = f"reading it took longer than {self.budget.time_words()}"
                    finish(index, AttachmentText("", took))
        return [outcomes[index] for index in range(len(files))]

    def _receive(self, worker: _Worker) -> Outcome:
        try:
            message = worker.connection.recv()
        except (EOFError, OSError):
            message = ("stopped",)
        kind = message[0]
        if kind == "text":
            self._idle.append(worker)
            return AttachmentText(message[1], message[2])
        if kind == "refused":
            self._idle.append(worker)
            return AttachmentError(message[1])
        self._retire(worker, kill=True)  # out of memory, or dead: not used again
        if kind == "memory":
            memory = self.budget.memory_words()
            return AttachmentText("", f"reading it needed more than {memory} of memory")
        return AttachmentText("", "reading it stopped unexpectedly")

    def _start(self, wanted: int) -> None:
        """Have ``wanted`` idle workers, starting the missing ones together."""
        missing = wanted - len(self._idle)
        if missing <= 0 or self._unavailable:
            return
        starting: list[_Worker] = []
        try:
            context = _context()
            for _ in range(missing):
                ours, theirs = context.Pipe()
                process = context.Process(
                    target=serve, args=(theirs, self.budget), name="svdesk text reader"
                )
                process.daemon = True
                try:
                    process.start()
                except BaseException:
                    ours.close()
                    raise
                finally:
                    theirs.close()  # the worker's end: once it is gone, reading ours fails
                worker = _Worker(process, ours)
                self._live.add(worker)
                starting.append(worker)
        except (OSError, RuntimeError, ValueError):
            pass  # an embedded interpreter, say, cannot start processes
        for worker in starting:
            if _ready(worker.connection):
                self._idle.append(worker)
            else:
                self._retire(worker, kill=True)
        if not self._idle:
            self._unavailable = True

    def _retire(self, worker: _Worker, *, kill: bool) -> None:
        self._live.discard(worker)
        with contextlib.suppress(ValueError):
            self._idle.remove(worker)
        worker.stop(kill=kill)


def _ready(connection: Connection) -> bool:
    try:
        return bool(connection.poll(START_SECONDS)) and connection.recv() == _READY
    except (EOFError, OSError):
        return False


_READERS = ("svdesk.packs.pdf_text", "svdesk.packs.docx_text")


def _context() -> Any:  # a spawn or fork server context: typeshed's BaseContext has no Process
    if "forkserver" in multiprocessing.get_all_start_methods() and not getattr(
        sys, "frozen", False
    ):
        context = multiprocessing.get_context("forkserver")
        # The readers of each kind of file, loaded once in the server rather than in each
        # worker (attachments loads them only when a file of their kind is read).
        context.set_forkserver_preload([__name__, *_READERS])
        return context
    return multiprocessing.get_context("spawn")


def _read_here(path: str, data: bytes, budget: TextBudget) -> Outcome:
    try:
        return extract_text(path, data, budget)
    except AttachmentError as exc:
        return exc


# -- In the worker process ---------------------------------------------------------------------


def serve(connection: Connection, budget: TextBudget) -> None:
    """A worker's life: read each file sent, answer, until told to stop or the pipe closes."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C is svdesk's to handle: it stops us
    _limit_memory(budget.memory)
    connection.send(_READY)
    while True:
        try:
            job = connection.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        _limit_cpu(budget.seconds)
        message = _read(job[0], job[1], budget)
        job = None
        try:
            connection.send(message)
        except MemoryError:
            return  # the parent sees the pipe close: "stopped unexpectedly"
        if message[0] == "memory":
            return


def _read(path: str, data: bytes, budget: TextBudget) -> tuple[Any, ...]:
    try:
        result = extract_text(path, data, budget)
    except MemoryError:
        return ("memory",)
    except AttachmentError as exc:
        return ("memory",) if _ran_out_of_memory(exc) else ("refused", str(exc))
    except RecursionError:
        return ("stopped",)
    return ("text", result.text, result.shortfall)


def _ran_out_of_memory(exc: BaseException) -> bool:
    """Whether a reader's error was caused by running out of memory."""
    seen = 0
    cause: BaseException | None = exc
    while cause is not None and seen < 20:
        if isinstance(cause, MemoryError):
            return True
        cause, seen = cause.__cause__ or cause.__context__, seen + 1
    return False


def _limit_memory(limit: int) -> None:
    try:
        import resource
    except ImportError:  # Windows: the readers' own limits bound memory there
        return
    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    with contextlib.suppress(ValueError, OSError):  # macOS may refuse; see above
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def _limit_cpu(seconds: float) -> None:
    """Stop this process once it has used ``seconds`` more of processor time (and two
    seconds more than the parent waits), in case the parent is gone and cannot stop it."""
    try:
        import resource
    except ImportError:
        return
    usage = resource.getrusage(resource.RUSAGE_SELF)
    soft = int(usage.ru_utime + usage.ru_stime + seconds) + 2
    _soft, hard = resource.getrlimit(resource.RLIMIT_CPU)
    if hard != resource.RLIM_INFINITY:
        soft = min(soft, hard)
    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_CPU, (soft, hard))
