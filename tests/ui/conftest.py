"""Tender databases for the window's tests, made by importing a pack as a user would."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from svdesk.services.imports import import_pack
from svdesk.services.tenders import TenderOverview, tender_overview
from svdesk.store.database import Database, open_database
from tests.support.packs import Sheets, set_cell, valid_sheets, write_pack

if TYPE_CHECKING:
    from svdesk.ui.main_window import MainWindow

REFERENCE = "TST-2026-0001"
DEMO_REFERENCE = "NBC-2026-0417"
LONG_ANSWER = " ".join(f"word{n}" for n in range(1, 61))  # 60 words; SV1's limit is 50
ATTACHED_TEXT = "Our attached social value plan: ten apprenticeships and a community fund."
EXCLUDED_REASON = "Failed the financial standing test"

MakeDb = Callable[..., Database]
# The offscreen platform says so whenever a message box sizes itself; a real screen does not.
OFFSCREEN_MESSAGE_BOXES = pytest.mark.qt_log_ignore(
    "This plugin does not support propagateSizeHints"
)


OFFICER = "Pat Officer"


@pytest.fixture(autouse=True)
def someone_working() -> Iterator[None]:
    """Answer "who is working?" as a procurement officer not on the panel, so that tests
    opening a tender to check something else are not stopped by the question. The tests
    of the question itself turn this off (``asking_who``)."""
    from svdesk.ui.who_is_working import Actor, WhoAsker

    WhoAsker.preset = Actor(OFFICER, "procurement officer", on_panel=False)
    yield
    WhoAsker.preset = None


# Every main window a test opened, held until it is closed after the test. Without this,
# the cycle collector may free a window's Python side once the test has returned, clearing
# its tender context before Qt hides the pages during the window's destruction.
_OPEN_WINDOWS: list[MainWindow] = []


def window_on(qtbot: QtBot, db: Database) -> MainWindow:
    """The main window on ``db``, shown, and closed after the test."""
    from svdesk.ui.main_window import MainWindow

    window = MainWindow(db)
    qtbot.addWidget(window)
    _OPEN_WINDOWS.append(window)
    window.show()
    return window


@pytest.fixture(autouse=True)
def _windows_closed_whole(qtbot: QtBot) -> Iterator[None]:
    """Close the test's windows while every part of them is still alive (after the test,
    before pytest-qt's own closing, which needs ``qtbot`` set up first)."""
    yield
    while _OPEN_WINDOWS:
        _OPEN_WINDOWS.pop().close()


def rich_sheets() -> Sheets:
    """The valid pack, plus what the reader must show: an answer over its word limit,
    a missing answer, an excluded bid and an attached file."""
    sheets = valid_sheets()
    set_cell(sheets, "Responses", 2, "Answer", LONG_ANSWER)  # B01, lot 1, SV1
    del sheets["Responses"][2]  # B01, lot 1, SV2: missing
    set_cell(sheets, "Responses", 3, "Attachment", "answers/beta-sv1.txt")  # B02, lot 1, SV1
    set_cell(sheets, "Bids", 4, "Status", "excluded")  # B02, lot 2
    set_cell(sheets, "Bids", 4, "Excluded reason", EXCLUDED_REASON)
    return sheets


def write_folder_pack(folder: Path, sheets: Sheets) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    write_pack(folder / "pack.xlsx", sheets)
    (folder / "answers").mkdir(exist_ok=True)
    (folder / "answers" / "beta-sv1.txt").write_text(ATTACHED_TEXT, encoding="utf-8")
    return folder


@pytest.fixture(autouse=True)
def _collect_on_the_window_thread(qapp: QApplication) -> Iterator[None]:
    """As in the application: cycles are collected on the window's thread only, never by
    a worker thread that would destroy the window's objects (which crashes the process)."""
    from svdesk.ui.main_thread_gc import MainThreadCollector

    collector = MainThreadCollector(qapp)
    yield
    collector.stop()
    collector.deleteLater()


@pytest.fixture
def make_db(tmp_path: Path) -> Iterator[MakeDb]:
    """``make_db(sheets)``: a database holding the tender of ``sheets`` (default: valid)."""
    opened: list[Database] = []

    def make(sheets: Sheets | None = None, *, folder: bool = False) -> Database:
        db = open_database(tmp_path / "t.sqlite")
        opened.append(db)
        if folder:
            pack = write_folder_pack(tmp_path / "pack", sheets or valid_sheets())
        else:
            pack = write_pack(tmp_path / "pack.xlsx", sheets)
        import_pack(db, pack)
        return db

    yield make
    for db in opened:
        db.close()


@pytest.fixture
def tender_db(make_db: MakeDb) -> Database:
    return make_db()


@pytest.fixture
def rich_db(make_db: MakeDb) -> Database:
    return make_db(rich_sheets(), folder=True)


@pytest.fixture
def rich_overview(rich_db: Database) -> TenderOverview:
    return tender_overview(rich_db, REFERENCE)


@pytest.fixture
def empty_db(tmp_path: Path) -> Iterator[Database]:
    db = open_database(tmp_path / "empty.sqlite")
    yield db
    db.close()


@pytest.fixture(scope="session")
def _demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo tender (complete and moderated), made once; each test gets its own copy."""
    from tests.support.demo_files import demo_file

    return demo_file(tmp_path_factory.mktemp("demo") / "d.sqlite")


@pytest.fixture
def demo_db(_demo_file: Path, tmp_path: Path) -> Iterator[Database]:
    """A copy of the demo: NBC-2026-0417, won by B01 in lot 1 and B04 in lot 2."""
    copy = tmp_path / "d.sqlite"
    for source in _demo_file.parent.glob(_demo_file.name + "*"):  # with any -wal file
        shutil.copyfile(source, tmp_path / source.name)
    db = open_database(copy)
    yield db
    db.close()
