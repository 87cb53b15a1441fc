"""Attachments read in worker processes: each within its time and memory, the workers
kept for the whole import, a worker that is stopped replaced."""

from __future__ import annotations

import os
import sys
import threading
import time
from typing import Any

import pytest

from svdesk.packs import text_readers
from svdesk.packs.attachments import AttachmentError
from svdesk.packs.text_budget import MB, TextBudget
from svdesk.packs.text_readers import TextReaders, read_texts
from svdesk.packs.text_result import AttachmentText
from tests.support.hostile_files import docx_from_body, slow_pdf
from tests.unit.packs.test_attachments import make_docx, make_pdf

PDF = ("answers/B01.pdf", make_pdf([["Social value offer"]]))
DOCX = ("answers/B02.docx", make_docx())
TEXT = ("answers/B03.txt", b"We will hire 12 apprentices.")
SLOW_PDF = ("answers/slow.pdf", slow_pdf())


@pytest.fixture
def started(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """Every worker process started, in order."""
    processes: list[Any] = []
    real = text_readers._context

    def counting() -> Any:
        context = real()

        class Counting:
            def __getattr__(self, name: str) -> Any:
                return getattr(context, name)

            def Process(self, *args: Any, **kwargs: Any) -> Any:
                process = context.Process(*args, **kwargs)
                processes.append(process)
                return process

        return Counting()

    monkeypatch.setattr(text_readers, "_context", counting)
    return processes


def test_each_file_gets_its_text_or_its_refusal_in_order(started: list[Any]) -> None:
    files = [PDF, DOCX, TEXT, ("bad.pdf", b"not a pdf"), PDF, DOCX]
    seen: list[tuple[int, int]] = []

    outcomes = read_texts(files, progress=lambda done, total, _path: seen.append((done, total)))

    assert outcomes[0] == AttachmentText("Social value offer")
    assert outcomes[1] == outcomes[5]
    assert isinstance(outcomes[1], AttachmentText)
    assert outcomes[1].text.startswith("Our social value offer\nWe will hire local people.")
    assert outcomes[2] == AttachmentText("We will hire 12 apprentices.")
    assert isinstance(outcomes[3], AttachmentError)
    assert str(outcomes[3]) == (
        "the attachment 'bad.pdf' cannot be read as a PDF: it is not a PDF file (was it renamed?)"
    )
    assert outcomes[4] == outcomes[0]
    assert sorted(seen) == [(done, 6) for done in range(1, 7)]
    assert len(started) <= 2  # the workers are kept from file to file, not started for each


def test_a_file_that_takes_too_long_is_stopped_and_the_next_still_read(
    started: list[Any],
) -> None:
    began = time.monotonic()
    with TextReaders(TextBudget(seconds=1), workers=1) as readers:
        outcomes = readers.read_all([SLOW_PDF, PDF, SLOW_PDF, DOCX])
    assert outcomes[0] == AttachmentText("", "reading it took longer than 1 second")
    assert outcomes[1] == AttachmentText("Social value offer")
    assert outcomes[2] == outcomes[0]
    assert isinstance(outcomes[3], AttachmentText)
    assert outcomes[3].text.startswith("Our social value offer")
    assert len(started) == 3  # the first, and one after each stopped
    assert time.monotonic() - began < 20
    assert not any(process._popen and process.is_alive() for process in started)


@pytest.mark.skipif(sys.platform != "linux", reason="the memory limit is enforced on Linux")
def test_a_file_that_needs_too_much_memory_is_stopped_and_the_next_still_read() -> None:
    """One paragraph of 25 million empty elements (150 MB of XML, 200 KB zipped):
    its parse needs gigabytes."""
    huge = docx_from_body([b"<w:p>", *[b"<w:b/>" * 1_000_000] * 25, b"</w:p>"])
    budget = TextBudget(memory=300 * MB, docx_xml=400 * MB, docx_paragraphs=10**9)

    with TextReaders(budget, workers=1) as readers:
        outcomes = readers.read_all([("big.docx", huge), PDF])

    assert outcomes == [
        AttachmentText("", "reading it needed more than 300 MB of memory"),
        AttachmentText("Social value offer"),
    ]


def test_a_worker_that_dies_while_idle_is_replaced(started: list[Any]) -> None:
    with TextReaders(workers=1) as readers:
        assert readers.read_all([PDF]) == [AttachmentText("Social value offer")]
        started[0].kill()
        started[0].join()
        assert readers.read_all([PDF]) == [AttachmentText("Social value offer")]
    assert len(started) == 2


def test_a_worker_that_dies_while_reading_says_so(started: list[Any]) -> None:
    with TextReaders(workers=1) as readers:
        readers.read_all([PDF])  # the worker is started and waiting
        threading.Timer(0.5, lambda: started[0].kill()).start()
        outcomes = readers.read_all([SLOW_PDF, PDF])
    assert outcomes == [
        AttachmentText("", "reading it stopped unexpectedly"),
        AttachmentText("Social value offer"),
    ]


def test_files_are_read_here_when_no_worker_can_start(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_processes() -> Any:
        raise OSError("processes cannot be started here")

    monkeypatch.setattr(text_readers, "_context", no_processes)
    outcomes = read_texts([PDF, TEXT])
    assert outcomes == [
        AttachmentText("Social value offer"),
        AttachmentText("We will hire 12 apprentices."),
    ]


def test_plain_text_is_read_without_a_worker(started: list[Any]) -> None:
    assert read_texts([TEXT, ("b.md", b"# Offer")]) == [
        AttachmentText("We will hire 12 apprentices."),
        AttachmentText("# Offer"),
    ]
    assert started == []


@pytest.mark.skipif(not hasattr(os, "getpgid"), reason="POSIX")
def test_workers_are_stopped_when_reading_is_done(started: list[Any]) -> None:
    read_texts([PDF, DOCX])
    assert started
    assert all(process._popen is None or not process.is_alive() for process in started)
