"""The letter batch's worker processes: started only for a large batch, while the templates
are filled in; drawing what this process draws; and never left behind."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import multiprocessing
import os
import pickle
import re
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from pypdf import PdfReader

import svdesk.documents.letter_batch as letters_service
import svdesk.documents.letter_drawing as letter_drawing
from svdesk.documents.letter_batch import write_letters
from svdesk.documents.letter_content import build_letters
from svdesk.documents.letter_drawing import DrawingPool, Job
from svdesk.documents.letter_template import LetterTemplates
from svdesk.services.refusals import Refused
from svdesk.store.database import Database
from tests.support.letter_tenders import REF, make_tender

LETTER_DATE = dt.date(2026, 12, 21)


@pytest.fixture(scope="module")
def act(tmp_path_factory: pytest.TempPathFactory) -> Database:
    return make_tender(tmp_path_factory.mktemp("act"))


class Watch:
    """What the batch did, in order: workers started, templates filled in, letters handed
    over; and, when ``refuse_letter`` is set, the letter whose template refuses."""

    def __init__(self) -> None:
        self.events: list[str] = []
        self.refuse_letter: int | None = None


@pytest.fixture
def watch(monkeypatch: pytest.MonkeyPatch) -> Watch:
    """Every batch of a test with this fixture counts as large enough for workers."""
    watched = Watch()
    render = LetterTemplates.render

    class Watched(DrawingPool):
        def __init__(self, workers: int, formats: tuple[str, ...]) -> None:
            watched.events.append("workers started")
            super().__init__(workers, formats)

        def add(self, job: Job) -> None:
            watched.events.append(f"handed over {job[2]}")
            super().add(job)

    def watched_render(self: LetterTemplates, *args: object) -> object:
        watched.events.append("filled in")
        if watched.events.count("filled in") == watched.refuse_letter:
            raise Refused(["The letter template mine/closing.md.j2 has an error at line 3"])
        return render(self, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(letters_service, "PARALLEL_FROM", 2)
    monkeypatch.setattr(letters_service, "DrawingPool", Watched)
    monkeypatch.setattr(LetterTemplates, "render", watched_render)
    return watched


def no_workers_left() -> bool:
    return multiprocessing.active_children() == []


def test_a_batch_below_the_threshold_starts_no_worker(
    act: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_pool(*args: object) -> None:
        raise AssertionError("workers were started for a small batch")

    monkeypatch.setattr(letters_service, "DrawingPool", no_pool)
    batch = write_letters(act, REF, tmp_path / "letters", LETTER_DATE, formats=("pdf", "docx"))
    assert len(batch.paths) == 10 < letters_service.PARALLEL_FROM
    assert no_workers_left()


def test_workers_start_after_the_first_letter_and_take_each_letter_as_it_is_ready(
    act: Database, tmp_path: Path, watch: Watch
) -> None:
    batch = write_letters(act, REF, tmp_path / "letters", LETTER_DATE)
    stems = [path.stem for path in batch.paths]
    assert len(stems) == 5
    # They start up while the other four are filled in, and draw each as soon as it is.
    rest = [step for stem in stems[1:] for step in ("filled in", f"handed over {stem}")]
    assert watch.events == ["filled in", "workers started", f"handed over {stems[0]}", *rest]
    assert no_workers_left()  # once the batch is written


def test_a_template_that_fails_at_once_refuses_before_any_worker_starts(
    act: Database, tmp_path: Path, watch: Watch
) -> None:
    watch.refuse_letter = 1
    with pytest.raises(Refused, match=r"closing\.md\.j2 has an error"):
        write_letters(act, REF, tmp_path / "letters", LETTER_DATE)
    assert watch.events == ["filled in"]
    assert list(tmp_path.iterdir()) == []


def test_a_batch_refused_after_its_workers_started_leaves_none_behind(
    act: Database, tmp_path: Path, watch: Watch
) -> None:
    watch.refuse_letter = 3  # a template that fails only for some letters
    with pytest.raises(Refused, match=r"closing\.md\.j2 has an error"):
        write_letters(act, REF, tmp_path / "letters", LETTER_DATE)
    assert "workers started" in watch.events
    assert no_workers_left()
    assert list(tmp_path.iterdir()) == []


def test_a_cancelled_batch_stops_its_workers_and_leaves_nothing(
    act: Database, tmp_path: Path, watch: Watch
) -> None:
    class Cancelled(Exception):
        pass

    def cancel(done: int, total: int, name: str) -> None:
        raise Cancelled

    with pytest.raises(Cancelled):
        write_letters(act, REF, tmp_path / "letters", LETTER_DATE, progress=cancel)
    assert "workers started" in watch.events
    assert no_workers_left()
    assert list(tmp_path.iterdir()) == []


def no_start(formats: tuple[str, ...]) -> None:
    """A worker that cannot start (an embedded interpreter, say)."""
    os._exit(3)


def test_a_batch_whose_workers_cannot_start_is_drawn_here(
    act: Database, tmp_path: Path, watch: Watch, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(letter_drawing, "prepare_worker", no_start)
    render = LetterTemplates.render

    def slowly(self: LetterTemplates, *args: object) -> object:
        # The later letters are handed over once the pool knows its workers are gone.
        if watch.events.count("filled in") == 2:
            while not no_workers_left():
                time.sleep(0.01)
            time.sleep(0.2)
        return render(self, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(LetterTemplates, "render", slowly)
    batch = write_letters(act, REF, tmp_path / "letters", LETTER_DATE)
    assert "workers started" in watch.events
    assert len(batch.paths) == 5
    assert "Beta Services plc" in " ".join(
        PdfReader(batch.paths[0]).pages[0].extract_text().split()
    )
    assert no_workers_left()


# Run as a spawned worker runs: a new interpreter, the drawing prepared, a job unpickled.
WORKER = """
import pickle, sys
from svdesk.documents.letter_drawing import prepare_worker, render_files
prepare_worker(("pdf", "docx"))
with open(sys.argv[1], "rb") as handle:
    print(render_files(pickle.load(handle))[0].name)
heavy = ("sqlalchemy", "jinja2", "openpyxl", "svdesk.store", "svdesk.services")
light = ("svdesk.services", "svdesk.services.refusals")  # the Refused a logo may raise
print(sorted(m for m in sys.modules if m.startswith(heavy) and m not in light))
"""


def test_a_worker_imports_only_what_drawing_needs(act: Database, tmp_path: Path) -> None:
    letter = LetterTemplates().render(build_letters(act, REF, LETTER_DATE)[0])
    job: Job = (letter, str(tmp_path), "letter", ("pdf", "docx"), None)
    (tmp_path / "job").write_bytes(pickle.dumps(job))
    ran = subprocess.run(
        [sys.executable, "-c", WORKER, str(tmp_path / "job")],
        capture_output=True,
        text=True,
        check=True,
    )
    # Each worker would otherwise import the database and the templates (over a second).
    assert ran.stdout.splitlines() == ["letter.pdf", "[]"]
    assert (tmp_path / "letter.docx").stat().st_size > 0


def test_the_workers_draw_the_same_files_as_this_process(
    act: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    formats = ("pdf", "docx")
    here = write_letters(act, REF, tmp_path / "here", LETTER_DATE, formats=formats)
    monkeypatch.setattr(letters_service, "PARALLEL_FROM", 2)
    there = write_letters(act, REF, tmp_path / "there", LETTER_DATE, formats=formats)
    assert [p.name for p in there.paths] == [p.name for p in here.paths]
    for mine, theirs in zip(here.paths, there.paths, strict=True):
        assert timeless(mine) == timeless(theirs), mine.name
    # The index holds each file's own digest, whoever drew it.
    for letter in there.letters:
        for file in letter.files:
            digest = hashlib.sha256((there.folder / file.name).read_bytes()).hexdigest()
            assert file.sha256 == digest


def timeless(path: Path) -> bytes:
    """The file without what differs between any two runs: the time it was made, and the
    PDF's identifier made from it."""
    data = path.read_bytes()
    if path.suffix == ".pdf":
        data = re.sub(rb"/(CreationDate|ModDate) \(D:[^)]*\)", b"", data)
        return re.sub(rb"/ID\s*\n?\[<[0-9a-f]+><[0-9a-f]+>\]", b"", data)
    with zipfile.ZipFile(io.BytesIO(data)) as parts:
        texts = {name: parts.read(name) for name in sorted(parts.namelist())}
    core = texts.get("docProps/core.xml", b"")
    texts["docProps/core.xml"] = re.sub(
        rb"<dcterms:(created|modified)[^<]*</dcterms:\1>", b"", core
    )
    return b"".join(name.encode() + b"\0" + body for name, body in texts.items())
