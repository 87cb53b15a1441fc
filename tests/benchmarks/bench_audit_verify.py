"""``svdesk audit --verify`` on 200 bidders x 30 criteria x 7 evaluators, against hashing the
same rows with hashlib alone.

Both are timed in processor time (the check is single-threaded work on one core), so that
other programs on the machine do not decide the ratio.

Target: verifying (the whole chain re-hashed, and every figure that can change the award
compared with the last value the trail recorded) takes at most 3x the time of fetching the
trail's rows and the tender's rows with sqlite3 and hashing each one with SHA-256.
"""

from __future__ import annotations

import hashlib
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

from measure import fastest_in_turn, processor_time, verdict
from tenders import build_evaluated_tender

TARGET = 3.0
BIDDERS = 200
CRITERIA = 30
EVALUATORS = 7
RUNS = 5
REF = "BENCH-A"

# The rows the check reads: the whole trail, then the tender's figures.
ROWS = (
    "SELECT * FROM audit_event ORDER BY id",
    "SELECT * FROM tender",
    "SELECT * FROM criterion",
    "SELECT * FROM bidder",
    "SELECT * FROM bid",
    "SELECT * FROM response",
    "SELECT * FROM attachment",
    "SELECT * FROM panel_member",
    "SELECT * FROM declaration",
    "SELECT * FROM evaluator_score",
    "SELECT * FROM consensus",
)


def hash_rows(connection: sqlite3.Connection) -> int:
    hashed = 0
    for query in ROWS:
        for row in connection.execute(query):
            hashlib.sha256("\x1f".join(map(str, row)).encode()).digest()
            hashed += 1
    return hashed


def main() -> int:
    from svdesk.services.audit_trail import check_trail
    from svdesk.store.database import open_database

    with tempfile.TemporaryDirectory() as temp:
        start = time.perf_counter()
        path = build_evaluated_tender(Path(temp), REF, BIDDERS, CRITERIA, EVALUATORS)
        print(f"built the tender through the services in {time.perf_counter() - start:.1f} s")
        raw = sqlite3.connect(path)
        db = open_database(path)
        check = check_trail(db, REF)
        assert check.problems == [], check.problems[:3]

        def baseline() -> None:
            hash_rows(raw)

        def measured() -> None:
            check_trail(db, REF)

        rows = hash_rows(raw)
        base, ours = fastest_in_turn(
            lambda: processor_time(baseline), lambda: processor_time(measured), runs=RUNS
        )
        raw.close()
        db.close()
    print(
        f"tender: {BIDDERS} bidders x {CRITERIA} criteria x {EVALUATORS} evaluators; "
        f"{check.entries} trail entries, {rows} rows hashed by the baseline"
    )
    print(f"sqlite3 + hashlib over the rows: {base:.3f} s")
    print(f"svdesk audit --verify:           {ours:.3f} s")
    return verdict(base, ours, TARGET)


if __name__ == "__main__":
    sys.exit(main())
