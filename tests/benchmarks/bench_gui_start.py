"""Start-up of the window: ``svdesk gui`` on the demo database to its first painted frame.

Baseline: a bare PySide6 script that shows an empty QMainWindow, timed the same way (from
starting the process to the end of its first paint). Target: at most 1.5x the baseline.
Both run offscreen unless DISPLAY is set (then on that screen, e.g. under xvfb-run).
The two are run in turn, so that a change in the machine's load touches both alike, and
svdesk's bytecode is compiled first, as installing svdesk compiles it.
"""

from __future__ import annotations

import compileall
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from measure import fastest_in_turn, verdict

TARGET = 1.5
RUNS = 9

BARE = """
import sys
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow

class FirstPaint(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint:
            QTimer.singleShot(0, self.report)
        return False

    def report(self):
        import os, time
        print(f"painted {time.time():.6f}", flush=True)
        os._exit(0)

app = QApplication(sys.argv)
window = QMainWindow()
window.resize(1280, 800)
spy = FirstPaint()
window.installEventFilter(spy)  # the window itself paints here
window.show()
sys.exit(app.exec())
"""


def timed(command: list[str], env: dict[str, str]) -> float:
    """Seconds from starting the process to the end of its first paint (as it reports)."""
    start = time.time()
    done = subprocess.run(command, env=env, check=True, capture_output=True, text=True, timeout=120)
    painted = [line for line in done.stdout.splitlines() if line.startswith("painted ")]
    if not painted:
        raise RuntimeError(f"{command[:3]} did not report its first paint: {done.stderr}")
    return float(painted[-1].split()[1]) - start


def best_of_each(*runs: tuple[list[str], dict[str, str]]) -> list[float]:
    """The fastest of RUNS starts of each command, the commands taking turns."""
    for command, env in runs:
        timed(command, env)  # warm the file cache
    return fastest_in_turn(
        *(lambda command=command, env=env: timed(command, env) for command, env in runs),
        runs=RUNS,
    )


def main() -> int:
    import svdesk

    compileall.compile_dir(Path(svdesk.__file__).parent, quiet=1)
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
        command = [sys.executable, "-m", "svdesk", "--db", str(db), "gui"]
        baseline, measured, content = best_of_each(
            ([sys.executable, "-c", BARE], env),
            (command, dict(env, SVDESK_QUIT_AFTER_FIRST_PAINT="window")),
            # For information: until the tender read from the database is on screen.
            (command, dict(env, SVDESK_QUIT_AFTER_FIRST_PAINT="tender")),
        )
    print(f"bare PySide6 QMainWindow to first paint:   {baseline:.3f} s")
    print(f"svdesk gui (demo database) to first paint: {measured:.3f} s")
    code = verdict(baseline, measured, TARGET)
    print(
        f"svdesk gui until the tender is painted:    {content:.3f} s "
        f"({content / baseline:.2f}x the bare window; for information)"
    )
    return code


if __name__ == "__main__":
    sys.exit(main())
