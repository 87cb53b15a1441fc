"""The workspace as svdesk opens it, typed into until it is killed: for the test that kills
it (test_killed_while_typing.py).

    python -m tests.ui.workspace.typing_app DATABASE MEMBER

Opens MEMBER's workspace on DATABASE with the application's own settings, moves to the
third response, picks the fourth score with its digit key and types ``TEXT`` into the
justification one key at a time. It prints ``at LOT BIDDER CRITERION`` once there, then
``typed N SECONDS`` after each key (N characters typed, at ``time.monotonic()``), and
types until it is killed.
"""

from __future__ import annotations

import sys
import time

SENTENCE = "Strong local hiring plan with dates; weak on measures. "
TEXT = SENTENCE * 60
KEY_EVERY_MS = 25


def main(database: str, member: str) -> None:
    from PySide6.QtCore import Qt, QTimer
    from PySide6.QtTest import QTest

    from svdesk.store.database import open_database
    from svdesk.ui.app import make_application
    from svdesk.ui.workspace.workspace_window import WorkspaceWindow
    from tests.support.panel_tender import REF

    app = make_application()
    db = open_database(database)
    window = WorkspaceWindow(db, REF, member)
    window.show()
    window.commands.next_action.trigger()
    window.commands.next_action.trigger()
    QTest.keyClick(window.list, Qt.Key.Key_4)
    key = window.current_key()
    assert key is not None
    print("at", *key, flush=True)
    editor = window.scoring.justification
    editor.setFocus()
    typed = 0

    def type_one() -> None:
        nonlocal typed
        if typed == len(TEXT):
            return
        QTest.keyClicks(editor, TEXT[typed])
        typed += 1
        print("typed", typed, f"{time.monotonic():.4f}", flush=True)

    timer = QTimer(app)
    timer.setInterval(KEY_EVERY_MS)
    timer.timeout.connect(type_one)
    timer.start()
    app.exec()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
