"""Files written whole: the temporaries of a killed run are removed by the next writer into
the folder (never those of a live process or of another computer), and a full disk is said
in one line, with nothing left behind and no noise on standard error."""

from __future__ import annotations

import builtins
import datetime as dt
import errno
import gc
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from svdesk.documents.evaluation_report import write_evaluation_report
from svdesk.documents.evaluation_workbook import write_evaluation_workbook
from svdesk.documents.letter_batch import write_letters
from svdesk.services.refusals import Refused
from svdesk.services.templates import write_pack_template
from svdesk.services.written_files import MARK, host_tag, process_alive
from svdesk.sheets.consensus_sheet import write_consensus_template
from svdesk.sheets.score_sheet import write_score_sheet
from svdesk.store.database import Database
from tests.support.letter_tenders import make_tender

REF = "TST-2026-0001"


@pytest.fixture(scope="module")
def act(tmp_path_factory: pytest.TempPathFactory) -> Database:
    return make_tender(tmp_path_factory.mktemp("act"))


@pytest.fixture(scope="module")
def dead_pid() -> int:
    """The id of a process that has ended."""
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    assert not process_alive(process.pid)
    return process.pid


@pytest.fixture
def live_pid() -> Iterator[int]:
    process = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"])
    try:
        yield process.pid
    finally:
        process.kill()
        process.wait()


def leftovers(folder: Path, pid: int, host: str | None = None) -> list[Path]:
    """What a run of svdesk killed while writing into ``folder`` leaves behind."""
    tag = f"{MARK}{host or host_tag()}-{pid}-"
    files = [
        folder / f".scores{tag}1a2b3c4d.tmp.xlsx",
        folder / f".report{tag}1a2b3c4d.tmp.pdf",
    ]
    for path in files:
        path.write_bytes(b"half a file")
    batch = folder / f".letters{tag}writing-k3j2"
    batch.mkdir()
    (batch / "1-B01-Alpha.pdf").write_bytes(b"%PDF-")
    return [*files, batch]


def test_the_next_writer_removes_what_a_killed_run_left(
    tmp_path: Path, dead_pid: int, live_pid: int
) -> None:
    dead = leftovers(tmp_path, dead_pid)
    live = leftovers(tmp_path, live_pid)
    elsewhere = leftovers(tmp_path, dead_pid, host="othercomputer")
    write_pack_template(tmp_path / "pack.xlsx")
    assert not [path for path in dead if path.exists()]
    assert all(path.exists() for path in live + elsewhere)
    assert (tmp_path / "pack.xlsx").exists()


@pytest.mark.parametrize("writer", ["score sheet", "report", "letters"])
def test_every_writer_removes_what_a_killed_run_left(
    act: Database, tmp_path: Path, dead_pid: int, live_pid: int, writer: str
) -> None:
    dead = leftovers(tmp_path, dead_pid)
    live = leftovers(tmp_path, live_pid)
    if writer == "score sheet":
        write_score_sheet(act, REF, "Ann Evaluator", tmp_path / "ann.xlsx")
    elif writer == "report":
        write_evaluation_report(act, REF, tmp_path / "report.pdf")
    else:
        write_letters(act, REF, tmp_path / "letters", dt.date(2026, 6, 1))
    assert not [path for path in dead if path.exists()]
    assert all(path.exists() for path in live)


# -- A full disk -----------------------------------------------------------------------------


class _FullDisk:
    """A file that takes ``room`` bytes, then fails as a full disk does."""

    def __init__(self, real: Any, room: int) -> None:
        self._real = real
        self._room = room

    def write(self, data: Any) -> int:
        size = len(memoryview(data))
        if size > self._room:
            raise OSError(errno.ENOSPC, "No space left on device")
        self._room -= size
        return int(self._real.write(data))

    def __getattr__(self, name: str) -> Any:
        return getattr(self._real, name)

    def __enter__(self) -> _FullDisk:
        return self

    def __exit__(self, *exc: object) -> None:
        self._real.close()


def fill_the_disk(monkeypatch: pytest.MonkeyPatch, room: int = 3000) -> None:
    """Every file svdesk opens to write fills the disk after ``room`` bytes."""
    real_open = builtins.open

    def opening(file: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        handle = real_open(file, mode, *args, **kwargs)
        return _FullDisk(handle, room) if "w" in mode and "b" in mode else handle

    monkeypatch.setattr(builtins, "open", opening)


WRITERS: dict[str, Callable[[Database, Path], object]] = {
    "export": lambda db, folder: write_evaluation_workbook(db, REF, folder / "export.xlsx"),
    "report": lambda db, folder: write_evaluation_report(db, REF, folder / "report.pdf"),
    "score sheet": lambda db, folder: write_score_sheet(
        db, REF, "Ann Evaluator", folder / "a.xlsx"
    ),
    "consensus workbook": lambda db, folder: write_consensus_template(db, REF, folder / "c.xlsx"),
    "letters": lambda db, folder: write_letters(
        db, REF, folder / "letters", dt.date(2026, 6, 1), formats=("pdf", "docx")
    ),
    "template": lambda _db, folder: write_pack_template(folder / "pack.xlsx"),
}
OUTPUTS = {
    "export": "export.xlsx",
    "report": "report.pdf",
    "score sheet": "a.xlsx",
    "consensus workbook": "c.xlsx",
    "letters": "letters",
    "template": "pack.xlsx",
}


@pytest.mark.parametrize("what", list(WRITERS))
def test_a_full_disk_is_said_in_one_line_and_leaves_nothing(
    act: Database,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capfd: pytest.CaptureFixture[str],
    what: str,
) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    fill_the_disk(monkeypatch)
    with pytest.raises(Refused) as refused:
        WRITERS[what](act, folder)
    monkeypatch.undo()
    gc.collect()  # a zip or file left open would complain now
    assert refused.value.reasons == [
        f"the disk is full: svdesk could not write {folder / OUTPUTS[what]}; nothing was written"
    ]
    assert list(folder.iterdir()) == []
    captured = capfd.readouterr()
    assert "Exception ignored" not in captured.err
    assert "OSError" not in captured.err


def test_the_next_start_removes_what_a_killed_run_left_in_any_folder_it_wrote_to(
    tmp_path: Path,
    dead_pid: int,
    live_pid: int,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from svdesk.cli import main
    from svdesk.paths import writing_journal

    out = tmp_path / "exports"
    out.mkdir()
    # A run writes a template into the folder: the journal notes the folder.
    assert main(["template", "-o", str(out / "pack.xlsx")]) == 0
    assert str(out.absolute()) in writing_journal().read_text(encoding="utf-8")
    # Another run is killed there, mid-write: its temporaries stay behind.
    dead = leftovers(out, dead_pid)
    live = leftovers(out, live_pid)
    # The next start of svdesk, whatever it does and wherever, tidies that folder up.
    assert main(["--db", str(tmp_path / "d.sqlite"), "tenders"]) == 0
    capsys.readouterr()
    assert not [path for path in dead if path.exists()]
    assert all(path.exists() for path in live)
    assert (out / "pack.xlsx").exists()
