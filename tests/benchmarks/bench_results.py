"""``results`` for 200 bidders x 30 criteria x 7 evaluators against one raw sqlite3 query.

Target: computing the results (every bid's weighted scores, totals and ranks) takes at
most 3x the time of one raw ``sqlite3`` query that fetches the same score rows.
"""

from __future__ import annotations

import random
import sqlite3
import sys
import tempfile
from pathlib import Path

from measure import elapsed, fastest_in_turn, verdict
from openpyxl import Workbook

TARGET = 3.0
BIDDERS = 200
CRITERIA = 30
EVALUATORS = 7
RUNS = 5
SCALE = (0, 25, 50, 75, 100)
REF = "BENCH-R"

RAW_QUERY = """
SELECT r.id, es.score, c.score
FROM response r
JOIN bid b ON b.id = r.bid_id
JOIN lot l ON l.id = b.lot_id
JOIN tender t ON t.id = l.tender_id
LEFT JOIN evaluator_score es ON es.response_id = r.id AND es.submitted = 1
LEFT JOIN consensus c ON c.response_id = r.id
WHERE t.reference = ?
"""


def make_database(folder: Path) -> Path:
    from svdesk.services.imports import import_pack
    from svdesk.store.database import open_database

    book = Workbook()
    book.remove(book.active)
    tender = book.create_sheet("Tender")
    for row in (
        ("Field", "Value"),
        ("Reference", REF),
        ("Title", "Benchmark"),
        ("Authority", "Council"),
        ("Price weighting", 40),
        ("Quality weighting", 30),
        ("Social value weighting", 30),
    ):
        tender.append(row)
    criteria = book.create_sheet("Criteria")
    criteria.append(["Code", "Title", "Question", "Weight"])
    for c in range(CRITERIA):
        criteria.append([f"SV{c + 1}", f"Criterion {c + 1}", "Question?", 1])
    bidders = book.create_sheet("Bidders")
    bidders.append(["Bidder", "Name", "Identifier"])
    bids = book.create_sheet("Bids")
    bids.append(["Bidder", "Price score", "Quality score"])
    rng = random.Random(7)
    responses = book.create_sheet("Responses")
    responses.append(["Bidder", "Criterion", "Answer"])
    for b in range(BIDDERS):
        key = f"B{b + 1:03}"
        bidders.append([key, f"Bidder {b + 1} Ltd", f"{b + 1:08}"])
        bids.append([key, round(rng.uniform(10, 40), 1), round(rng.uniform(10, 30), 1)])
        for c in range(CRITERIA):
            responses.append([key, f"SV{c + 1}", "A short answer."])
    pack = folder / "bench.xlsx"
    book.save(pack)
    path = folder / "bench.sqlite"
    db = open_database(path)
    import_pack(db, pack)
    db.close()
    # Scores are written straight into the tables: how they got there is not measured.
    with sqlite3.connect(path) as connection:
        tender_id = connection.execute("SELECT id FROM tender").fetchone()[0]
        members = []
        for e in range(EVALUATORS):
            cursor = connection.execute(
                "INSERT INTO panel_member (tender_id, name, name_key, role, added_at) "
                "VALUES (?, ?, ?, 'evaluator', '2026-01-01')",
                (tender_id, f"Evaluator {e}", f"evaluator {e}"),
            )
            members.append(cursor.lastrowid)
        response_ids = [row[0] for row in connection.execute("SELECT id FROM response")]
        connection.executemany(
            "INSERT INTO evaluator_score (response_id, member_id, score, justification, "
            "submitted, updated_at) VALUES (?, ?, ?, 'A reason of some words here.', 1, "
            "'2026-01-01')",
            [(r, m, rng.choice(SCALE)) for r in response_ids for m in members],
        )
        connection.executemany(
            "INSERT INTO consensus (response_id, score, rationale, reconciliation, "
            "recorded_by, recorded_at) VALUES (?, ?, 'The agreed reasons.', '', 'M', "
            "'2026-01-01')",
            [(r, rng.choice(SCALE)) for r in response_ids],
        )
    connection.close()
    return path


def main() -> int:
    from svdesk.services.results import tender_results
    from svdesk.store.database import open_database

    with tempfile.TemporaryDirectory() as temp:
        path = make_database(Path(temp))
        raw = sqlite3.connect(path)
        db = open_database(path)

        def baseline() -> None:
            raw.execute(RAW_QUERY, (REF,)).fetchall()

        def measured() -> None:
            tender_results(db, REF)

        for action in (baseline, measured):
            action()
        base, ours = fastest_in_turn(
            lambda: elapsed(baseline), lambda: elapsed(measured), runs=RUNS
        )
        rows = len(raw.execute(RAW_QUERY, (REF,)).fetchall())
        raw.close()
        db.close()
    print(
        f"tender: {BIDDERS} bidders x {CRITERIA} criteria x {EVALUATORS} evaluators "
        f"({rows} score rows)"
    )
    print(f"raw sqlite3 query of the score rows: {base:.3f} s")
    print(f"svdesk results:                      {ours:.3f} s")
    return verdict(base, ours, TARGET)


if __name__ == "__main__":
    sys.exit(main())
