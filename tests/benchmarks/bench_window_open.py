"""Opening the window on a large tender: ``svdesk gui DB`` from the process starting to the
tender summary painted, beside the navigator, at 200 x 30 and 1000 x 30 (bidders x
criteria, one lot, 7 evaluators, moderated).

Baseline: a bare PySide6 script that reads the same items with sqlite3 (lots, criteria,
bidders, bids, and every response with its answer) and shows them in a QTreeWidget with
the same tree (the tender, results, moderation, lots with their bids, criteria, bidders,
responses by lot and bid, every item built), in a window of the same size, until it has
painted. Both run as fresh processes offscreen (unless DISPLAY is set), taking turns; the
fastest of each counts. svdesk's bytecode is compiled first, as installing it compiles it.
Each is timed in elapsed time and in the processor time the process used until its paint
(on a shared machine, the elapsed times wander with the others' load).

Target: at most 2x the bare tree's processor time at each size.

    .venv/bin/python tests/benchmarks/bench_window_open.py [--sizes 200x30,1000x30] [--runs 5]
        [--folder DIR]   # keep the built tenders in DIR and use them again next time
"""

from __future__ import annotations

import compileall
import os
import sys
import tempfile
from pathlib import Path

from measure import FIRST_PAINT_SPY, kept_options, time_to_paint, verdict
from tenders import kept_tender

TARGET = 2.0
EVALUATORS = 7

BARE = (
    FIRST_PAINT_SPY
    + """
import sqlite3, sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow, QTreeWidget, QTreeWidgetItem

app = QApplication(sys.argv[:1])
window = QMainWindow()
window.resize(1280, 800)
spy = FirstPaint()

def fill():
    db = sqlite3.connect(sys.argv[1])
    lots = db.execute("SELECT id, key, title FROM lot ORDER BY position").fetchall()
    criteria = db.execute(
        "SELECT lot_id, code, title FROM criterion ORDER BY lot_id, position").fetchall()
    bidders = db.execute("SELECT id, key, name FROM bidder ORDER BY position").fetchall()
    bids = db.execute(
        "SELECT b.id, b.lot_id, bd.key, bd.name, b.status FROM bid b"
        " JOIN bidder bd ON bd.id = b.bidder_id ORDER BY b.lot_id, bd.position").fetchall()
    responses = db.execute(
        "SELECT r.id, r.bid_id, c.code, c.title, r.missing, r.answer FROM response r"
        " JOIN criterion c ON c.id = r.criterion_id ORDER BY r.bid_id, c.position").fetchall()
    tree = QTreeWidget()
    tree.setHeaderHidden(True)
    tree.setUniformRowHeights(True)
    def item(parent, text):
        return QTreeWidgetItem(parent, [text])
    groups = [item(tree, "Tender summary")]
    results = item(tree, "Results")
    moderation = item(tree, "Moderation")
    lots_item = item(tree, f"Lots ({len(lots)})")
    criteria_item = item(tree, f"Criteria ({len(criteria)})")
    bidders_item = item(tree, f"Bidders ({len(bidders)})")
    responses_item = item(tree, f"Responses ({len(responses)})")
    by_bid = {}
    for r in responses:
        by_bid.setdefault(r[1], []).append(r)
    for lot_id, key, title in lots:
        name = f"Lot {key}: {title}" if title else f"Lot {key}"
        item(results, name)
        item(moderation, name)
        lot_bids = item(lots_item, name)
        lot_criteria = item(criteria_item, name)
        lot_responses = item(responses_item, name)
        for c in criteria:
            if c[0] == lot_id:
                item(lot_criteria, f"{c[1]} · {c[2]}")
        for bid_id, bid_lot, bidder, bidder_name, status in bids:
            if bid_lot != lot_id:
                continue
            item(lot_bids, f"{bidder} · {bidder_name}")
            bid_item = item(lot_responses, f"{bidder} · {bidder_name}")
            for r in by_bid.get(bid_id, ()):
                item(bid_item, f"{r[2]} · {r[3]}")
        for branch in (lot_bids, lot_criteria, lot_responses):
            branch.setExpanded(True)
    item(moderation, "Agreement statistics")
    for _id, key, name in bidders:
        item(bidders_item, f"{key} · {name}")
    for group in (results, moderation, lots_item, criteria_item, bidders_item, responses_item):
        group.setExpanded(True)
    db.close()
    window.setCentralWidget(tree)
    tree.installEventFilter(spy)
    tree.viewport().installEventFilter(spy)

window.show()
QTimer.singleShot(0, fill)
sys.exit(app.exec())
"""
)


def measure(db: Path, runs: int, env: dict[str, str]) -> list[tuple[float, float, float]]:
    """The fastest (elapsed, processor) seconds, and the least peak memory (MiB), of the
    bare tree and of svdesk's window showing the tender, the two taking turns."""
    bare = ([sys.executable, "-c", BARE, str(db)], env)
    svdesk = (
        [sys.executable, "-m", "svdesk", "gui", str(db)],
        dict(env, SVDESK_QUIT_AFTER_FIRST_PAINT="tender"),
    )
    for command, environment in (bare, svdesk):
        time_to_paint(command, environment)  # warm the file cache
    found: list[list[tuple[float, float, float]]] = [[], []]
    for _ in range(runs):
        for mine, (command, environment) in zip(found, (bare, svdesk), strict=True):
            mine.append(time_to_paint(command, environment))
    return [(min(t[0] for t in m), min(t[1] for t in m), min(t[2] for t in m)) for m in found]


def main() -> int:
    import svdesk

    sizes, runs, kept = kept_options("200x30,1000x30", 5)
    compileall.compile_dir(Path(svdesk.__file__).parent, quiet=1)
    code = 0
    with tempfile.TemporaryDirectory() as temp:
        folder = kept or Path(temp)
        folder.mkdir(parents=True, exist_ok=True)
        env = dict(os.environ)
        if "DISPLAY" not in env:
            env["QT_QPA_PLATFORM"] = "offscreen"
        # A settings folder of its own: the window opens at its usual size, asks nothing.
        env["XDG_CONFIG_HOME"] = str(Path(temp) / "config")
        for bidders, criteria in sizes:
            reference = f"BENCH-OPEN-{bidders}x{criteria}"
            db = kept_tender(folder, reference, bidders, criteria, EVALUATORS)
            (bare_wall, bare_cpu, bare_peak), (wall, cpu, peak) = measure(db, runs, env)
            print(f"{bidders} x {criteria} x {EVALUATORS} (elapsed, processor time, peak memory):")
            print(
                f"  bare sqlite3 + QTreeWidget, painted:      {bare_wall:.3f} s, {bare_cpu:.3f} s,"
                f" {bare_peak:.0f} MiB"
            )
            print(
                f"  svdesk gui until the summary is painted:  {wall:.3f} s, {cpu:.3f} s,"
                f" {peak:.0f} MiB ({peak / bare_peak:.2f}x)"
            )
            print(f"  elapsed ratio: {wall / bare_wall:.2f}x")
            print("  processor time ", end="")
            code |= verdict(bare_cpu, cpu, TARGET)
    return code


if __name__ == "__main__":
    sys.exit(main())
