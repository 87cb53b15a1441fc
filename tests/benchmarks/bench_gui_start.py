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
from pathlib import Path

from measure import FIRST_PAINT_SPY, fastest_in_turn, time_to_paint, verdict

TARGET = 1.5
RUNS = 9

BARE = (
    FIRST_PAINT_SPY
    + """
import sys
from PySide6.QtWidgets import QApplication, QMainWindow

app = QApplication(sys.argv)
window = QMainWindow()
window.resize(1280, 800)
spy = FirstPaint()
window.installEventFilter(spy)  # the window itself paints here
window.show()
sys.exit(app.exec())
"""
)


def best_of_each(*runs: tuple[list[str], dict[str, str]]) -> list[float]:
    """The fastest of RUNS starts of each command, the commands taking turns."""
    for command, env in runs:
        time_to_paint(command, env)[0]  # warm the file cache
    return fastest_in_turn(
        *(lambda command=command, env=env: time_to_paint(command, env)[0] for command, env in runs),
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
