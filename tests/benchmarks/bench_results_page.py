"""The Results page's reading at 200 x 30 and 1000 x 30 (bidders x criteria, 7 evaluators,
moderated), against the results calculation alone.

The page shows, from one reading, every lot's results and the readiness check less the
rationales and the audit trail (``results_and_readiness``); the rationales are checked and
the trail verified after, on a worker thread (``text_and_trail_problems``). Timed
beside them: the whole readiness check as ``svdesk check`` and the Letters dialog run it
(``readiness_problems``), the trail's check alone (``check_trail``) and the moderation
meeting's reading (``moderation_items``). Each size's tender is built once through the
services (tenders.py) in a temporary folder; the readings take turns, the fastest of each
counts.

Target: what the page shows at once within 2x the results calculation, at each size.

    .venv/bin/python tests/benchmarks/bench_results_page.py [--sizes 200x30,1000x30] [--runs 3]
        [--folder DIR]   # keep the built tenders in DIR and use them again next time
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from measure import elapsed, fastest_in_turn, kept_options, peak_memory, verdict
from tenders import kept_tender

if TYPE_CHECKING:
    from svdesk.store.database import Database

TARGET = 2.0
EVALUATORS = 7


def readings(db: Database, ref: str, runs: int) -> list[float]:
    """The fastest times of: the results, what the page shows at once, what it checks
    after, the whole readiness check, the trail check, the moderation items; then the
    peak memory of the results and of what the page shows at once."""
    from svdesk.services.audit_trail import check_trail
    from svdesk.services.moderation import moderation_items
    from svdesk.services.readiness import (
        readiness_problems,
        results_and_readiness,
        text_and_trail_problems,
    )
    from svdesk.services.results import tender_results

    actions = (
        lambda: tender_results(db, ref),
        lambda: results_and_readiness(db, ref),
        lambda: text_and_trail_problems(db, ref),
        lambda: readiness_problems(db, ref),
        lambda: check_trail(db, ref),
        lambda: moderation_items(db, ref),
    )
    for action in actions:
        action()
    times = fastest_in_turn(
        *(lambda action=action: elapsed(action) for action in actions), runs=runs
    )
    # And the memory of the results and of what the page shows at once, apart.
    return [*times, peak_memory(actions[0]), peak_memory(actions[1])]


def main() -> int:
    from svdesk.store.database import open_database

    sizes, runs, kept = kept_options("200x30,1000x30", 3)
    code = 0
    with tempfile.TemporaryDirectory() as temp:
        folder = kept or Path(temp)
        folder.mkdir(parents=True, exist_ok=True)
        for bidders, criteria in sizes:
            ref = f"BENCH-PAGE-{bidders}x{criteria}"
            path = kept_tender(folder, ref, bidders, criteria, EVALUATORS)
            db = open_database(path)
            read = readings(db, ref, runs)
            results, shown, verified, readiness, trail, moderation, results_mib, shown_mib = read
            db.close()
            print(f"{bidders} x {criteria} x {EVALUATORS}:")
            print(f"  results calculation:                 {results:.3f} s")
            print(f"  Results page, shown at once:         {shown:.3f} s")
            print(f"  Results page, checked after:         {verified:.3f} s (a worker thread)")
            print(f"  whole readiness check (check, letters): {readiness:.3f} s")
            print(f"    of which the trail check:          {trail:.3f} s")
            print(f"  moderation items:                    {moderation:.3f} s")
            print(
                f"  peak memory: results {results_mib:.1f} MiB, shown at once "
                f"{shown_mib:.1f} MiB ({shown_mib / results_mib:.2f}x)"
            )
            print("  shown at once: ", end="")
            code |= verdict(results, shown, TARGET)
    return code


if __name__ == "__main__":
    sys.exit(main())
