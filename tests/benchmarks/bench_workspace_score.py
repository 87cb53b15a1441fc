"""A key that changes a score in the scoring window, to the draft saved in the database, on
a tender of 200 bidders x 30 criteria, against a bare sqlite3 UPDATE of one row in its own
transaction.

Target: the median keypress (a digit key in the window, through the window's undo stack and
``save_draft``, to the draft committed, the window's list and progress brought up to date)
takes at most 5x the median bare UPDATE, both on the same database with the same settings
(write-ahead log, full syncs), taking turns. Wall-clock time: both wait for the disk.
"""

from __future__ import annotations

import sqlite3
import sys
import tempfile
import time
from pathlib import Path

from measure import verdict
from workspace_tender import BIDDERS, CRITERIA, EVALUATOR, REF, medians_in_turn, open_workspace

TARGET = 5.0
PRESSES = 200


def main() -> int:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    from svdesk.services.workspace import evaluator_workspace

    with tempfile.TemporaryDirectory() as temp:
        db, path, window = open_workspace(Path(temp))
        key = window.current_key()
        assert key is not None
        QTest.keyClick(window.list, Qt.Key.Key_2)  # the draft the baseline updates
        keys = [Qt.Key.Key_3, Qt.Key.Key_4]  # 50 and 75 in turn: every press changes it
        bare = sqlite3.connect(path, isolation_level=None)
        bare.execute("PRAGMA journal_mode = WAL").fetchall()
        bare.execute("PRAGMA synchronous = FULL").fetchall()
        bare.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
        (draft_id,) = bare.execute("SELECT id FROM score_draft").fetchone()

        def baseline(run: int) -> None:
            bare.execute("BEGIN IMMEDIATE")
            bare.execute(
                "UPDATE score_draft SET score = ?, updated_at = datetime('now') WHERE id = ?",
                (50 + 25 * (run % 2), draft_id),
            )
            bare.execute("COMMIT")

        def press(run: int) -> None:
            QTest.keyClick(window.list, keys[run % 2])

        base, mine = medians_in_turn(baseline, press, runs=PRESSES, clock=time.perf_counter)
        kept = next(
            i
            for i in evaluator_workspace(db, REF, EVALUATOR).items
            if (i.lot, i.bidder, i.criterion) == key
        )
        assert kept.score == 75, kept
        bare.close()
        window.close()
        db.close()
    print(f"tender: {BIDDERS} bidders x {CRITERIA} criteria")
    print(f"bare sqlite3 UPDATE:        {base * 1000:.2f} ms (median of {PRESSES})")
    print(f"svdesk, a digit key pressed: {mine * 1000:.2f} ms (median of {PRESSES})")
    return verdict(base, mine, TARGET)


if __name__ == "__main__":
    sys.exit(main())
