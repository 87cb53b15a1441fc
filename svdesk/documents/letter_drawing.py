"""Drawing a batch's letters into files: in this process, or in worker processes.

The workers are spawned, not forked: a fork of a process with a window and database
threads can hang. A spawned worker starts a new interpreter and imports what its tasks
name, so this module imports no more than the drawing needs: a job holds the letter ready
to draw (``letter_blocks``), and the worker imports reportlab, the fonts and (for Word
files) python-docx, never the database, the templates or the letters' content. That
keeps a worker's start to about 0.2 s of processor time.

``DrawingPool`` starts its workers when it is made, so that they import and read the fonts
while the batch is still filling in its templates; each letter is handed over as soon as
its template is filled in. ``close`` lets the workers finish and leave; ``stop`` (a batch
refused or cancelled part way) ends them at once. Either waits until they are gone, so
that none still writes into a folder that is being removed.
"""

from __future__ import annotations

import hashlib
import multiprocessing
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path

from svdesk.documents.letter_blocks import RenderedLetter

Progress = Callable[[int, int, str], None]


@dataclass(frozen=True, slots=True)
class LetterFile:
    format: str  # "pdf" or "docx"
    name: str
    sha256: str


# The letter, the folder to write into, the file's stem, the formats, the logo's path.
Job = tuple[RenderedLetter, str, str, tuple[str, ...], str | None]
Files = tuple[LetterFile, ...]


def render_files(job: Job) -> Files:
    """Draw one letter in each format; returns its files with their SHA-256."""
    letter, folder, stem, formats, logo = job
    logo_path = None if logo is None else Path(logo)
    files = []
    for fmt in formats:
        path = Path(folder) / f"{stem}.{fmt}"
        if fmt == "pdf":
            from svdesk.documents.letter_pdf import render_pdf

            render_pdf(letter, path, logo_path)
        else:
            from svdesk.documents.letter_docx import render_docx

            render_docx(letter, path, logo_path)
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        files.append(LetterFile(fmt, path.name, digest))
    return tuple(files)


def draw_here(jobs: list[Job], progress: Progress | None) -> list[Files]:
    """Every letter drawn in this process, one after another."""
    results: list[Files] = []
    for done, job in enumerate(jobs, start=1):
        results.append(render_files(job))
        if progress:
            progress(done, len(jobs), results[-1][0].name)
    return results


def prepare_worker(formats: tuple[str, ...]) -> None:
    """Run by each worker as it starts, before its first letter."""
    if "pdf" in formats:
        from svdesk.documents.fonts import register_fonts
        from svdesk.documents.letter_pdf import render_pdf  # noqa: F401

        register_fonts()
    if "docx" in formats:
        from svdesk.documents.letter_docx import render_docx  # noqa: F401


def _started() -> None:
    """A task that does nothing: handing one to the pool per worker starts them all now."""


class DrawingPool:
    """Worker processes that draw letters handed to them, started as the pool is made."""

    def __init__(self, workers: int, formats: tuple[str, ...]) -> None:
        self._executor = ProcessPoolExecutor(
            workers,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=prepare_worker,
            initargs=(formats,),
        )
        self._jobs: list[Job] = []
        self._futures: list[Future[Files]] = []
        self._broken = False  # no worker could start: the letters are drawn here
        # The pool spawns a worker for a task that finds none idle, up to ``workers``.
        for _ in range(workers):
            self._executor.submit(_started)

    def add(self, job: Job) -> None:
        """Hand one letter to the workers; it is drawn while the next is prepared."""
        self._jobs.append(job)
        if not self._broken:
            try:
                self._futures.append(self._executor.submit(render_files, job))
            except BrokenProcessPool:
                self._broken = True

    def files(self, progress: Progress | None) -> list[Files]:
        """Every letter's files, in the order they were added."""
        results: list[Files] = []
        try:
            if self._broken:
                raise BrokenProcessPool
            for done, future in enumerate(self._futures, start=1):
                results.append(future.result())
                if progress:
                    progress(done, len(self._futures), results[-1][0].name)
        except BrokenProcessPool:
            # No worker could start (an embedded interpreter, say), or one died: draw them
            # all here.
            self.close()
            return draw_here(self._jobs, progress)
        return results

    def close(self) -> None:
        """Let the workers finish what they have and leave; wait until they are gone."""
        self._executor.shutdown(wait=True, cancel_futures=True)

    def stop(self) -> None:
        """Stop the workers at once, whatever they are doing, and wait until they are gone.

        For a batch refused or cancelled part way: it does not wait for a worker to finish
        starting or drawing, and no worker writes into the batch's folder once it returns.
        """
        # The pool has no public way to end its workers before Python 3.14 (terminate_workers).
        # Ended first, so that the shutdown's wait cannot wait on a worker that is busy; the
        # pool then finds them gone, as it does any worker that died, and joins them.
        for process in list((self._executor._processes or {}).values()):
            process.terminate()
        self._executor.shutdown(wait=True, cancel_futures=True)
