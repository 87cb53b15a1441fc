"""Start-up of the window: ``svdesk gui`` on the demo database to its first painted frame.

Baseline: a bare PySide6 script that shows an empty QMainWindow, timed the same way (from
starting the process to the end of its first paint). Target: at most 1.5x the baseline.
Both run offscreen unless DISPLAY is set (then on that screen, e.g. under xvfb-run).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TARGET = 1.5
RUNS = 5

BARE = """
import sys
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow

class FirstPaint(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint:
            QTimer.singleShot(0, QApplication.quit)
        return False

app = QApplication(sys.argv)
window = QMainWindow()
window.resize(1280, 800)
spy = FirstPaint()
window.installEventFilter(spy)
window.show()
sys.exit(app.exec())
"""


def timed(command: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, env=env, check=True, capture_output=True, timeout=120)
    return time.perf_counter() - start


def best(command: list[str], env: dict[str, str]) -> float:
    timed(command, env)  # warm the file cache
    return min(timed(command, env) for _ in range(RUNS))


def main() -> int:
    env = dict(os.environ)
    if "DISPLAY" not in env:
        env["QT_QPA_PLATFORM"] = "offscreen"
    with tempfile.TemporaryDirectory() as temp:
        db = Path(temp) / "demo.sqlite"
        subprocess.run(
            [sys.executable, "-m", "svdesk", "--db", str(db), "demo"],
            env=env,
            check=True,
            capture_output=True,
        )
        baseline = best([sys.executable, "-c", BARE], env)
        svdesk_env = dict(env, SVDESK_QUIT_AFTER_FIRST_PAINT="1")
        measured = best([sys.executable, "-m", "svdesk", "--db", str(db), "gui"], svdesk_env)
    ratio = measured / baseline
    print(f"bare PySide6 QMainWindow to first paint: {baseline:.3f} s")
    print(f"svdesk gui (demo database) to first paint: {measured:.3f} s")
    print(f"ratio: {ratio:.2f}x (target <= {TARGET}x) {'OK' if ratio <= TARGET else 'MISSED'}")
    return 0 if ratio <= TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
