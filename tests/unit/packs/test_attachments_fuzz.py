"""Whatever bytes an attachment holds, reading it gives a text or a clear reason, within
its time budget, never a crash: random bytes, and real PDF, Word and text files damaged."""

from __future__ import annotations

import io
import time
import zipfile
from collections.abc import Iterator

import pytest
from hypothesis import example, given, settings

from svdesk.packs.attachments import AttachmentError, extract_text
from svdesk.packs.text_budget import TextBudget
from svdesk.packs.text_readers import TextReaders
from svdesk.packs.text_result import AttachmentText
from tests.support.fuzz import FILE_FUZZ, SAMPLES, attachment_files, docx_around
from tests.support.timeouts import within

BUDGET = TextBudget(seconds=5, characters=20_000)
SECONDS = 30  # per example, read here: far more than any of these small files needs


def check(path: str, outcome: AttachmentText | AttachmentError) -> None:
    if isinstance(outcome, AttachmentError):
        message = str(outcome)
        assert message.startswith(f"the attachment '{path}' ")
        assert "\n" not in message
        assert "Traceback" not in message
        return
    assert len(outcome.text) <= BUDGET.characters
    assert outcome.shortfall in ("", "its text is longer than the 20,000 characters svdesk keeps")


def read_here(path: str, data: bytes) -> AttachmentText | AttachmentError:
    try:
        return extract_text(path, data, BUDGET)
    except AttachmentError as exc:
        return exc


def unsupported_compression() -> bytes:
    data = bytearray(docx_around(b"<w:document/>"))
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        offset = archive.getinfo("word/document.xml").header_offset
    data[offset + 8 : offset + 10] = (99).to_bytes(2, "little")  # an unknown method
    central = data.find(b"word/document.xml", offset + 40) - 46
    data[central + 10 : central + 12] = (99).to_bytes(2, "little")
    return bytes(data)


def zip_changed(data: bytes, record: bytes, offset: int, value: int, size: int) -> bytes:
    """``data`` (a zip) with one field of its ``record`` (PK\\x01\\x02: each entry's, or
    PK\\x05\\x06: the end record) set to ``value``."""
    out = bytearray(data)
    at = out.find(record)
    while at >= 0:
        out[at + offset : at + offset + size] = value.to_bytes(size, "little")
        at = out.find(record, at + 4)
    return bytes(out)


# Zips that made the zip module raise what the reader did not expect: NotImplementedError
# for a version it does not know, ValueError for entries placed before the file's start.
NEEDS_VERSION_64 = zip_changed(SAMPLES[".docx"], b"PK\x01\x02", 6, 64, 2)
BEFORE_THE_START = zip_changed(SAMPLES[".docx"], b"PK\x05\x06", 16, 100_000, 4)


@settings(FILE_FUZZ, max_examples=150)
@given(file=attachment_files())
@example(file=("b.docx", unsupported_compression()))
@example(file=("a.pdf", SAMPLES[".pdf"][:-200]))
@example(file=("b.docx", NEEDS_VERSION_64))
@example(file=("b.docx", BEFORE_THE_START))
def test_any_attachment_gives_a_text_or_a_reason(file: tuple[str, bytes]) -> None:
    path, data = file
    check(path, within(SECONDS, lambda: read_here(path, data)))


@pytest.fixture(scope="module")
def readers() -> Iterator[TextReaders]:
    with TextReaders(BUDGET) as readers:  # one set of workers for every example
        yield readers


@settings(FILE_FUZZ, max_examples=40)
@given(file=attachment_files())
def test_through_the_workers_within_the_budget(
    readers: TextReaders, file: tuple[str, bytes]
) -> None:
    path, data = file
    started = time.monotonic()
    (outcome,) = readers.read_all([(path, data)])
    assert time.monotonic() - started < BUDGET.seconds + SECONDS
    check(path, outcome)
