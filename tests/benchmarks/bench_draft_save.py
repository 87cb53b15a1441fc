"""Saving an evaluator's draft of one response, on a tender of 200 bidders x 30 criteria,
against a bare sqlite3 UPDATE of one row in its own transaction.

Target: one save through ``services.drafts.save_draft`` (finding the tender, the member,
the response and the declaration, checking every rule, and writing the draft) takes at most
5x the bare UPDATE, both on the same database with the same settings (write-ahead log,
full syncs). Each side saves a batch of drafts, each in its own transaction; the fastest
batch of several counts, the two taking turns.
"""

from __future__ import annotations

import sqlite3
import sys
import tempfile
from pathlib import Path

from measure import elapsed, fastest_in_turn, verdict
from tenders import WHY, write_pack

TARGET = 5.0
BIDDERS = 200
CRITERIA = 30
SAVES = 40
RUNS = 5
REF = "BENCH-D"
EVALUATOR = "Evaluator 1"
# Drafts saved across the tender, as an evaluator moves from answer to answer.
KEYS = [(f"B{1 + 5 * i:04}", f"SV{1 + 7 * i % CRITERIA}") for i in range(SAVES)]


def main() -> int:
    from svdesk.services.drafts import save_draft
    from svdesk.services.imports import import_pack
    from svdesk.services.panel import Declaration, add_member, declare
    from svdesk.store.database import open_database

    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        path = folder / "draft.sqlite"
        db = open_database(path)
        import_pack(db, write_pack(folder / "pack.xlsx", REF, BIDDERS, CRITERIA))
        add_member(db, REF, EVALUATOR)
        declare(db, REF, EVALUATOR, [Declaration(f"B{b + 1:04}", False) for b in range(BIDDERS)])
        keys = KEYS
        for bidder, code in keys:
            save_draft(db, REF, EVALUATOR, "1", bidder, code, score=None, justification="")

        bare = sqlite3.connect(path, isolation_level=None)
        bare.execute("PRAGMA journal_mode = WAL").fetchall()
        bare.execute("PRAGMA synchronous = FULL").fetchall()
        # Both start from an empty log: the import's pages are in the database file.
        bare.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
        ids = [row[0] for row in bare.execute("SELECT id FROM score_draft ORDER BY id")]
        turn = {"n": 0}

        def baseline() -> None:
            turn["n"] += 1
            for draft_id in ids:
                bare.execute("BEGIN IMMEDIATE")
                bare.execute(
                    "UPDATE score_draft SET score = ?, justification = ?, notes = ?, "
                    "updated_at = datetime('now') WHERE id = ?",
                    (50, f"{WHY} ({turn['n']})", "A note", draft_id),
                )
                bare.execute("COMMIT")

        def svdesk() -> None:
            turn["n"] += 1
            for bidder, code in keys:
                save_draft(
                    db,
                    REF,
                    EVALUATOR,
                    "1",
                    bidder,
                    code,
                    score=75,
                    justification=f"{WHY} ({turn['n']})",
                    notes="A note",
                )

        base, mine = fastest_in_turn(lambda: elapsed(baseline), lambda: elapsed(svdesk), runs=RUNS)
        bare.close()
        db.close()
    print(f"tender: {BIDDERS} bidders x {CRITERIA} criteria; {len(keys)} drafts a batch")
    print(f"bare sqlite3 UPDATE: {base / len(keys) * 1000:.2f} ms a draft")
    print(f"svdesk save_draft:   {mine / len(keys) * 1000:.2f} ms a draft")
    return verdict(base, mine, TARGET)


if __name__ == "__main__":
    sys.exit(main())
