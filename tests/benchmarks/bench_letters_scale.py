"""``svdesk letters`` (PDF) at 50 x 20, 200 x 30 and 1000 x 30 (bidders x criteria, one lot,
7 evaluators, moderated), against bare reportlab drawing the same letters.

Each size's tender is built once through the services (tenders.py) in a temporary folder.
svdesk writes the whole batch (readiness check, letters built from the database, drawn in
its worker processes, index written); the baseline draws each letter's paragraphs and
tables with bare reportlab (bench_letters.py), one after another in one process. Both are
timed in elapsed time, in turn, and compared per page.

Target: at most 2x bare reportlab's time per page at every size, and no growth of the
ratio with the number of bidders.

    .venv/bin/python tests/benchmarks/bench_letters_scale.py [--sizes 50x20,200x30,500x30]
        [--runs N] [--folder DIR]

``--folder DIR`` builds each size's tender into DIR once and uses it again on later runs.

This module imports nothing but the standard library at its top: svdesk's worker processes
are spawned, and each imports the main module again, as it would import the ``svdesk``
command's (which is small). A benchmark that imported openpyxl there would charge every
worker for it.
"""

from __future__ import annotations

import datetime as dt
import resource
import shutil
import sys
import tempfile
from pathlib import Path

TARGET = 2.0
EVALUATORS = 7
RUNS = 2
SIZES = "50x20,200x30,1000x30"
DATE = dt.date(2026, 12, 21)


def pages_in(folder: Path) -> int:
    from pypdf import PdfReader

    # The batch's own letters only: each run after the first moves the one before it into
    # superseded-<time>/, whose pages are not this run's.
    return sum(len(PdfReader(path).pages) for path in folder.glob("*.pdf"))


def main() -> int:
    from bench_letters import bare_reportlab
    from measure import elapsed, fastest_in_turn, kept_options, peak_memory
    from tenders import kept_tender

    from svdesk.documents.letter_batch import write_letters
    from svdesk.documents.letter_content import build_letters
    from svdesk.documents.letter_template import LetterTemplates
    from svdesk.store.database import open_database

    sizes, runs, kept = kept_options(SIZES, RUNS)
    failed = 0
    ratios: dict[int, float] = {}
    with tempfile.TemporaryDirectory() as temp:
        folder = kept or Path(temp)
        folder.mkdir(parents=True, exist_ok=True)
        for bidders, criteria in sizes:
            reference = f"BENCH-{bidders}-{criteria}"
            db = open_database(kept_tender(folder, reference, bidders, criteria, EVALUATORS))
            templates = LetterTemplates()
            rendered = [templates.render(x) for x in build_letters(db, reference, DATE)]
            bare, mine = folder / f"{reference}-bare", folder / f"{reference}-svdesk"
            for done in (bare, mine):  # a kept folder's earlier run
                shutil.rmtree(done, ignore_errors=True)
            bare.mkdir()

            def baseline(rendered: list = rendered, bare: Path = bare) -> None:  # type: ignore[type-arg]
                for n, letter in enumerate(rendered):
                    bare_reportlab(letter, bare / f"{n}.pdf")

            def measured(db: object = db, reference: str = reference, mine: Path = mine) -> None:
                write_letters(db, reference, mine, DATE, replace=True)  # type: ignore[arg-type]

            base, ours = fastest_in_turn(
                lambda: elapsed(baseline), lambda: elapsed(measured), runs=runs
            )
            bare_pages, our_pages = pages_in(bare), pages_in(mine)
            ratio = (ours / our_pages) / (base / bare_pages)
            # Memory, apart from the timings: Python's allocations in this process for each
            # side, and the largest drawing worker's resident size.
            bare_mib, our_mib = peak_memory(baseline), peak_memory(measured)
            workers_mib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
            ratios[bidders] = ratio
            met = ratio <= TARGET
            failed |= not met
            print(
                f"{bidders} x {criteria} x {EVALUATORS}: {len(rendered)} letters; svdesk "
                f"{ours:.1f} s for {our_pages} pages, bare reportlab {base:.1f} s for "
                f"{bare_pages} pages; per page {ratio:.2f}x (target <= {TARGET}x) "
                + ("OK" if met else "MISSED")
            )
            print(
                f"  peak memory: svdesk {our_mib:.0f} MiB (and {workers_mib:.0f} MiB in its "
                f"largest worker), bare reportlab {bare_mib:.0f} MiB"
            )
            db.close()
    if len(ratios) > 1:
        first, last = min(ratios), max(ratios)
        print(
            f"ratio from {first} to {last} bidders: {ratios[last] / ratios[first]:.2f}x "
            "(1.00x: flat)"
        )
    return int(failed)


if __name__ == "__main__":
    sys.exit(main())
