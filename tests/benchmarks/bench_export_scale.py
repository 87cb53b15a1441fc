"""``svdesk export`` at 50 x 20, 200 x 30 and 1000 x 30 (bidders x criteria, 7 evaluators,
moderated), against openpyxl's write-only mode writing the same cells.

Each size's tender is built once through the services (tenders.py) in a temporary folder.
The baseline is given every cell of svdesk's own workbook as plain values (formulas as
their text), row by row in memory, and writes them with a write-only workbook; svdesk
reads the tender from its database and writes the workbook. Each runs in a child process
of its own, in turn, so that the time and the peak memory (the child's maximum resident
size) are each one's alone.

Targets: at most 1.5x the baseline's time and 2x its peak memory at 200 and 1000 bidders.

    .venv/bin/python tests/benchmarks/bench_export_scale.py [--sizes 50x20,200x30,1000x30]
        [--runs N] [--folder DIR]   # keep the built tenders in DIR and use them again
"""

from __future__ import annotations

import pickle
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from measure import kept_options
from tenders import kept_tender

TIME_TARGET = 1.5
MEMORY_TARGET = 2.0
EVALUATORS = 7
RUNS = 3
SIZES = "50x20,200x30,1000x30"
HERE = Path(__file__).resolve().parent


def child(argv: list[str]) -> int:
    """Run one side in this process: print its seconds and peak memory (MiB)."""
    side, source, output = argv[0], Path(argv[1]), Path(argv[2])
    if side == "svdesk":
        from svdesk.documents.evaluation_workbook import write_evaluation_workbook
        from svdesk.store.database import open_database

        db = open_database(source)
        start = time.perf_counter()
        write_evaluation_workbook(db, argv[3], output)
    else:
        from openpyxl import Workbook

        with source.open("rb") as file:
            sheets: list[tuple[str, list[list[object]]]] = pickle.load(file)
        start = time.perf_counter()
        book = Workbook(write_only=True)
        for title, rows in sheets:
            sheet = book.create_sheet(title)
            for row in rows:
                sheet.append(row)
        book.save(output)
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{seconds} {peak}")
    return 0


def cells_of(workbook: Path, dump: Path) -> int:
    """Every cell of ``workbook`` as plain values (formulas as text), pickled to ``dump``."""
    from openpyxl import load_workbook

    book = load_workbook(workbook, read_only=True)
    sheets = [(s.title, [list(r) for r in s.iter_rows(values_only=True)]) for s in book]
    book.close()
    with dump.open("wb") as file:
        pickle.dump(sheets, file)
    return sum(1 for _, rows in sheets for row in rows for value in row if value is not None)


def run(*args: str) -> tuple[float, float]:
    out = subprocess.run(
        [sys.executable, str(Path(__file__)), "--child", *args],
        check=True,
        capture_output=True,
        text=True,
        cwd=HERE,
    ).stdout.split()
    return float(out[-2]), float(out[-1])


def main() -> int:
    sizes, runs, kept = kept_options(SIZES, RUNS)
    failed = 0
    ratios: dict[int, float] = {}
    with tempfile.TemporaryDirectory() as temp:
        folder = kept or Path(temp)
        folder.mkdir(parents=True, exist_ok=True)
        for bidders, criteria in sizes:
            reference = f"BENCH-{bidders}-{criteria}"
            database = kept_tender(folder, reference, bidders, criteria, EVALUATORS)
            written = Path(temp)  # the workbooks are not kept
            mine, bare = written / f"{reference}-svdesk.xlsx", written / f"{reference}-bare.xlsx"
            dump = written / f"{reference}.cells"
            run("svdesk", str(database), str(mine), reference)
            cells = cells_of(mine, dump)
            svdesk_runs, bare_runs = [], []
            for _ in range(runs):
                bare_runs.append(run("bare", str(dump), str(bare)))
                svdesk_runs.append(run("svdesk", str(database), str(mine), reference))
            time_svdesk = min(t for t, _ in svdesk_runs)
            time_bare = min(t for t, _ in bare_runs)
            peak_svdesk = min(m for _, m in svdesk_runs)
            peak_bare = min(m for _, m in bare_runs)
            ratio, memory = time_svdesk / time_bare, peak_svdesk / peak_bare
            ratios[bidders] = ratio
            met = ratio <= TIME_TARGET and memory <= MEMORY_TARGET
            if bidders >= 200 and not met:
                failed = 1
            print(
                f"{bidders} x {criteria} x {EVALUATORS} ({cells:,} cells): "
                f"svdesk {time_svdesk:.1f} s, {peak_svdesk:.0f} MiB; "
                f"openpyxl write-only {time_bare:.1f} s, {peak_bare:.0f} MiB; "
                f"time {ratio:.2f}x (target <= {TIME_TARGET}x), "
                f"memory {memory:.2f}x (target <= {MEMORY_TARGET}x)"
                + ("" if bidders < 200 else " OK" if met else " MISSED")
            )
    if 200 in ratios and 1000 in ratios:
        print(f"time ratio from 200 to 1000 bidders: {ratios[1000] / ratios[200]:.2f}x")
    return failed


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child"]:
        sys.exit(child(sys.argv[2:]))
    sys.exit(main())
