"""Moving to the next response in the scoring window, on a tender of 200 bidders x 30
criteria (6,000 responses in the evaluator's list), against a bare QTextEdit showing the
same answer.

Target: the median move (Next response, then the window painting what changed: the list's
selection, the answer with its word count, the criterion and the evaluator's work) takes at
most 3x the median of the bare QTextEdit given the same answer's text and painting it,
the two at the same size in the same window system, taking turns.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from measure import verdict
from workspace_tender import BIDDERS, CRITERIA, SIZE, medians_in_turn, open_workspace

TARGET = 3.0
MOVES = 300


def main() -> int:
    from PySide6.QtWidgets import QApplication, QTextEdit

    with tempfile.TemporaryDirectory() as temp:
        db, _path, window = open_workspace(Path(temp))
        assert window.workspace is not None
        answers = [item.answer for item in window.workspace.items]
        bare = QTextEdit()
        bare.setReadOnly(True)
        bare.resize(window.answer.browser.size())
        bare.show()
        QApplication.processEvents()
        next_action = window.commands.next_action

        def move(_run: int) -> None:
            next_action.trigger()
            QApplication.processEvents()  # the paint of what changed

        def baseline(run: int) -> None:
            bare.setPlainText(answers[(run + 1) % len(answers)])
            QApplication.processEvents()

        base, mine = medians_in_turn(baseline, move, runs=MOVES)
        assert window.current_key() is not None
        window.close()
        bare.close()
        db.close()
    print(f"tender: {BIDDERS} bidders x {CRITERIA} criteria; window {SIZE[0]}x{SIZE[1]}")
    print(f"bare QTextEdit, the next answer: {base * 1000:.2f} ms (median of {MOVES})")
    print(f"svdesk, Next response:           {mine * 1000:.2f} ms (median of {MOVES})")
    return verdict(base, mine, TARGET)


if __name__ == "__main__":
    sys.exit(main())
