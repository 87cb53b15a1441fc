"""The moderation board of a lot of 200 bidders x 30 criteria x 7 evaluators appearing in
the window, against a bare QTableView over the same numbers.

svdesk: the Moderation page shown for the lot (``show_target``): every lot's moderation and
the lot's board read through the services (on a worker thread, as for any tender of more
than 2,000 responses), the grid and the discussion order filled, and the page painted. Baseline: the same scores and consensus read with raw sqlite3 (one query,
a row per score) into a simple QAbstractTableModel of bidders by criteria, each cell the
scores joined, and a bare QTableView painting it. Both at 1920x1080 in the same window
system (offscreen unless DISPLAY is set), taking turns; processor time, as both run on one
core, and the fastest of each counts.

Target: the board appears in at most 3x the time of the bare table.

    .venv/bin/python tests/benchmarks/bench_moderation_board.py [--sizes 200x30] [--runs 5]
"""

from __future__ import annotations

import os
import sqlite3
import sys
import tempfile
from pathlib import Path
from typing import Any

from measure import fastest_in_turn, processor_time, size_options, verdict
from tenders import build_evaluated_tender

TARGET = 3.0
EVALUATORS = 7
REF = "BENCH-BOARD"
SIZE = (1920, 1080)

# The same numbers the board shows: each response's submitted scores and its consensus.
_NUMBERS = """
SELECT bd.position, bd.name, c.position, c.code, es.score, cs.score
FROM response r
JOIN bid b ON b.id = r.bid_id
JOIN bidder bd ON bd.id = b.bidder_id
JOIN criterion c ON c.id = r.criterion_id
LEFT JOIN evaluator_score es ON es.response_id = r.id AND es.submitted = 1
LEFT JOIN consensus cs ON cs.response_id = r.id
ORDER BY bd.position, c.position, es.member_id
"""


def bare_model() -> Any:
    """A plain table model over a list of rows of strings."""
    from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt

    class Bare(QAbstractTableModel):
        def __init__(self) -> None:
            super().__init__()
            self.rows: list[list[str]] = []
            self.headers: list[str] = []

        def set_rows(self, headers: list[str], rows: list[list[str]]) -> None:
            self.beginResetModel()
            self.headers, self.rows = headers, rows
            self.endResetModel()

        def rowCount(self, parent: Any = QModelIndex()) -> int:  # noqa: B008
            return len(self.rows)

        def columnCount(self, parent: Any = QModelIndex()) -> int:  # noqa: B008
            return len(self.headers)

        def data(self, index: Any, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
            if role == Qt.ItemDataRole.DisplayRole:
                return self.rows[index.row()][index.column()]
            return None

        def headerData(self, section: int, orientation: Any, role: int = 0) -> Any:
            if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
                return self.headers[section]
            return None

    return Bare()


def read_bare(path: Path) -> tuple[list[str], list[list[str]]]:
    """The numbers, read with sqlite3 into rows of bidders by criteria."""
    connection = sqlite3.connect(path)
    try:
        rows = connection.execute(_NUMBERS).fetchall()
    finally:
        connection.close()
    codes: dict[int, str] = {}
    cells: dict[tuple[int, int], list[str]] = {}
    names: dict[int, str] = {}
    agreed: dict[tuple[int, int], Any] = {}
    for bidder, name, criterion, code, score, consensus in rows:
        names[bidder], codes[criterion] = name, code
        cells.setdefault((bidder, criterion), []).append(str(score))
        agreed[(bidder, criterion)] = consensus
    columns = sorted(codes)
    table = [
        [names[b]] + ["  ".join(cells[(b, c)]) + f"\nagreed {agreed[(b, c)]}" for c in columns]
        for b in sorted(names)
    ]
    return ["Bidder", *(codes[c] for c in columns)], table


def measure(bidders: int, criteria: int, runs: int) -> tuple[float, float]:
    """The fastest seconds of the bare table and of svdesk's board appearing."""
    from PySide6.QtWidgets import QApplication, QTableView

    from svdesk.store.database import open_database
    from svdesk.ui.tender_context import TenderContext
    from svdesk.ui.views.moderation.board_page import ModerationPage
    from svdesk.ui.views.navigator import Page, Target

    with tempfile.TemporaryDirectory() as temp:
        path = build_evaluated_tender(Path(temp), REF, bidders, criteria, EVALUATORS)
        db = open_database(path)
        context = TenderContext()
        context.set_database(db)
        context.show_tender(REF)
        overview = context.overview
        assert overview is not None
        page = ModerationPage()
        page.follow(context)
        page.resize(*SIZE)
        page.show()
        bare = QTableView()
        bare.resize(*SIZE)
        bare.show()
        model = bare_model()
        bare.setModel(model)
        board, elsewhere = Target(Page.MODERATION, "1"), Target(Page.MODERATION)

        def show_board() -> None:
            page.show_target(board, overview)
            page.wait_for_reading()  # a tender this size is read on a worker thread
            QApplication.processEvents()

        def svdesk_board() -> float:
            page.show_target(elsewhere, overview)  # away, so that the board is read anew
            page.wait_for_reading()
            QApplication.processEvents()
            return processor_time(show_board)

        def show_bare() -> None:
            model.set_rows(*read_bare(path))
            bare.verticalHeader().setDefaultSectionSize(44)  # two lines, as the board's
            QApplication.processEvents()

        def bare_table() -> float:
            model.set_rows([], [])
            QApplication.processEvents()
            return processor_time(show_bare)

        svdesk_board(), bare_table()  # warm up: the first paint loads fonts
        assert page.board is not None
        assert len(page.board.cells) == bidders * criteria
        base, mine = fastest_in_turn(bare_table, svdesk_board, runs=runs)
        page.close()
        bare.close()
        db.close()
    return base, mine


def main() -> int:
    if not os.environ.get("DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from svdesk.ui.app import make_application

    sizes, runs = size_options("200x30", 5)
    make_application()
    code = 0
    for bidders, criteria in sizes:
        base, mine = measure(bidders, criteria, runs)
        print(f"{bidders} x {criteria} x {EVALUATORS}, at {SIZE[0]}x{SIZE[1]}:")
        print(f"  bare QTableView (sqlite3):  {base * 1000:.1f} ms")
        print(f"  svdesk's moderation board: {mine * 1000:.1f} ms")
        code |= verdict(base, mine, TARGET)
    return code


if __name__ == "__main__":
    sys.exit(main())
