"""What the benchmarks share: timing an action, taking turns with the baseline, reading a
workbook the bare-openpyxl way, and the verdict against the target ratio.

Only the standard library is imported at the top (here and in tenders.py): a benchmark
whose svdesk spawns worker processes has its main module imported again in each worker."""

from __future__ import annotations

import argparse
import os
import subprocess
import tempfile
import time
from collections.abc import Callable
from pathlib import Path


def elapsed(action: Callable[[], object]) -> float:
    """Seconds of wall-clock time ``action`` takes."""
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def processor_time(action: Callable[[], object]) -> float:
    """Seconds of this process's processor time ``action`` takes."""
    start = time.process_time()
    action()
    return time.process_time() - start


def peak_memory(action: Callable[[], object]) -> float:
    """The most memory (MiB) Python had allocated at once while ``action`` ran, beyond what
    was allocated before it (``tracemalloc``: run apart from the timings, which it slows)."""
    import tracemalloc

    tracemalloc.start()
    try:
        action()
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak / 2**20


def fastest_in_turn(*timings: Callable[[], float], runs: int) -> list[float]:
    """The fastest of ``runs`` of each timing (each returns seconds), the timings taking
    turns: a change in the machine's load then touches all of them alike."""
    times: list[list[float]] = [[] for _ in timings]
    for _ in range(runs):
        for mine, timing in zip(times, timings, strict=True):
            mine.append(timing())
    return [min(mine) for mine in times]


def openpyxl_read(path: Path) -> None:
    """Every cell of every sheet, read as openpyxl alone reads it (read-only, values)."""
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True, data_only=True)
    for sheet in book.worksheets:
        for _row in sheet.iter_rows(values_only=True):
            pass
    book.close()


def verdict(baseline: float, measured: float, target: float) -> int:
    """Print the ratio against ``target``; the exit code: 0 when it is met, 1 when missed."""
    ratio = measured / baseline
    print(f"ratio: {ratio:.2f}x (target <= {target}x) {'OK' if ratio <= target else 'MISSED'}")
    return 0 if ratio <= target else 1


def kept_options(sizes: str, runs: int) -> tuple[list[tuple[int, int]], int, Path | None]:
    """``--sizes``, ``--runs`` and ``--folder DIR`` (keep the built tenders in DIR and use
    them again next time) from the command line."""
    options = _options(sizes, runs, folder=True)
    return _sizes(options.sizes), options.runs, options.folder


def size_options(sizes: str, runs: int) -> tuple[list[tuple[int, int]], int]:
    """``--sizes 50x20,200x30`` (bidders x criteria) and ``--runs N`` from the command line."""
    options = _options(sizes, runs, folder=False)
    return _sizes(options.sizes), options.runs


def _options(sizes: str, runs: int, *, folder: bool) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default=sizes)
    parser.add_argument("--runs", type=int, default=runs)
    if folder:
        parser.add_argument("--folder", type=Path, default=None)
    return parser.parse_args()


def _sizes(text: str) -> list[tuple[int, int]]:
    chosen = [size.split("x") for size in text.split(",")]
    return [(int(bidders), int(criteria)) for bidders, criteria in chosen]


# For the start-up benchmarks' bare scripts: reports the first paint of what it watches
# (as svdesk reports its own, ``ui/app.py``), then ends the process at once.
FIRST_PAINT_SPY = """
from PySide6.QtCore import QEvent, QObject, QTimer

class FirstPaint(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint:
            QTimer.singleShot(0, self.report)
        return False

    def report(self):
        import os, time
        print(f"painted {time.time():.6f}", flush=True)
        os._exit(0)
"""


def time_to_paint(command: list[str], env: dict[str, str]) -> tuple[float, float, float]:
    """Seconds from starting ``command`` to the end of its paint (as it reports, and then
    ends itself), the processor time it used until then, and its peak memory (MiB)."""
    start = time.time()
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        child = subprocess.Popen(command, env=env, stdout=out, stderr=err, text=True)
        # Reaped here rather than by Popen, for the child's own usage (wait4).
        _pid, status, usage = os.wait4(child.pid, 0)
        child.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        painted = [line for line in out.read().splitlines() if line.startswith("painted ")]
        if child.returncode != 0 or not painted:
            raise RuntimeError(f"{command[:3]} did not report its paint: {err.read()}")
    used = usage.ru_utime + usage.ru_stime
    return float(painted[-1].split()[1]) - start, used, usage.ru_maxrss / 1024
