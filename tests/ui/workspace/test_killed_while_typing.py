"""Never lose work: svdesk killed in the middle of typing a justification keeps all of it
but the last second, and opens again on the same response."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot

from svdesk.services.workspace import evaluator_workspace
from svdesk.store.database import Database
from svdesk.ui.typing_pause import LONGEST_WAIT_MS
from svdesk.ui.workspace.workspace_window import WorkspaceWindow
from tests.support.panel_tender import ANN, REF
from tests.ui.workspace.typing_app import TEXT

ROOT = Path(__file__).resolve().parents[3]
# The machine running the tests is shared: the killed process may have been kept from
# running for a moment just before it was killed.
SLACK_SECONDS = 0.5
TYPED_BEFORE_KILL = 100  # characters, about two and a half seconds of typing


def test_killed_while_typing_keeps_all_but_the_last_second_and_reopens_there(
    qtbot: QtBot, declared_db: tuple[Database, Path], tmp_path: Path
) -> None:
    db, path = declared_db
    config = tmp_path / "app-config"
    env = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        XDG_CONFIG_HOME=str(config),
        PYTHONPATH=str(ROOT),
    )
    app = subprocess.Popen(
        [sys.executable, "-m", "tests.ui.workspace.typing_app", str(path), ANN],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert app.stdout is not None
    typed: list[tuple[int, float]] = []
    at: tuple[str, ...] = ()
    try:
        while not typed or typed[-1][0] < TYPED_BEFORE_KILL:
            line = app.stdout.readline()
            assert line, f"the workspace stopped: {app.stderr.read() if app.stderr else ''}"
            words = line.split()
            if words[0] == "at":
                at = tuple(words[1:])
            elif words[0] == "typed":
                typed.append((int(words[1]), float(words[2])))
        killed_at = time.monotonic()
        app.send_signal(signal.SIGKILL)
    finally:
        app.kill()
        rest, _ = app.communicate(timeout=30)
    typed += [(int(w[1]), float(w[2])) for w in (x.split() for x in rest.splitlines())]
    assert app.returncode == -signal.SIGKILL

    kept = next(
        i for i in evaluator_workspace(db, REF, ANN).items if (i.lot, i.bidder, i.criterion) == at
    )
    assert kept.score == 75  # the fourth score, picked with its digit key
    assert TEXT.startswith(kept.justification)
    a_second_before = killed_at - LONGEST_WAIT_MS / 1000 - SLACK_SECONDS
    typed_then = max(n for n, moment in typed if moment <= a_second_before)
    assert len(kept.justification) >= typed_then > 0
    assert len(kept.justification) <= typed[-1][0]

    # Opened again, with the settings the killed one kept: the same response and its work.
    settings = QSettings(str(config / "svdesk" / "svdesk.conf"), QSettings.Format.IniFormat)
    window = WorkspaceWindow(db, REF, ANN, settings=settings)
    qtbot.addWidget(window)
    assert window.current_key() == at
    assert window.scoring.scores.checkedId() == 75
    assert window.scoring.justification.toPlainText() == kept.justification
