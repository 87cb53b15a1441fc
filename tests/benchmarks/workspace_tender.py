"""The scoring window on a tender of 200 bidders x 30 criteria, for the workspace
benchmarks: one evaluator who has declared no conflict, their window open offscreen (or on
the screen DISPLAY names) at 1366x768, and the medians the benchmarks compare."""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from tenders import write_pack

if TYPE_CHECKING:
    from svdesk.store.database import Database
    from svdesk.ui.workspace.workspace_window import WorkspaceWindow

BIDDERS = 200
CRITERIA = 30
REF = "BENCH-W"
EVALUATOR = "Evaluator 1"
SIZE = (1366, 768)


def open_workspace(folder: Path) -> tuple[Database, Path, WorkspaceWindow]:
    """The database, its path and the evaluator's window, shown and painted."""
    if not os.environ.get("DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from svdesk.services.imports import import_pack
    from svdesk.services.panel import Declaration, add_member, declare
    from svdesk.store.database import open_database
    from svdesk.ui.app import make_application
    from svdesk.ui.workspace.workspace_window import WorkspaceWindow

    make_application()
    path = folder / "workspace.sqlite"
    db = open_database(path)
    import_pack(db, write_pack(folder / "pack.xlsx", REF, BIDDERS, CRITERIA))
    add_member(db, REF, EVALUATOR)
    declare(db, REF, EVALUATOR, [Declaration(f"B{b + 1:04}", False) for b in range(BIDDERS)])
    settings = QSettings(str(folder / "settings.ini"), QSettings.Format.IniFormat)
    window = WorkspaceWindow(db, REF, EVALUATOR, settings=settings)
    window.resize(*SIZE)
    window.show()
    QApplication.processEvents()
    return db, path, window


def medians_in_turn(
    *actions: Callable[[int], object],
    runs: int,
    warm_up: int = 5,
    clock: Callable[[], float] = time.process_time,
) -> list[float]:
    """The median seconds of each action (given the run's number), the actions taking
    turns run by run. Processor time unless told, as the work runs on the window's one
    thread: on a shared machine, time spent waiting for a core would otherwise decide."""
    times: list[list[float]] = [[] for _ in actions]
    for run in range(-warm_up, runs):
        for mine, action in zip(times, actions, strict=True):
            start = clock()
            action(run)
            if run >= 0:
                mine.append(clock() - start)
    return [statistics.median(mine) for mine in times]
