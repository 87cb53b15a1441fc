from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from decimal import Decimal
from pathlib import Path

from PySide6.QtWidgets import QApplication

from svdesk.store.database import Database
from svdesk.ui.app import QUIT_AFTER_FIRST_PAINT, app_icon, classify, make_application
from svdesk.ui.formatting import local_time, money, percent


def test_what_the_window_is_asked_to_open(tmp_path: Path) -> None:
    assert classify(Path("panel.sqlite")) == "database"
    assert classify(Path("pack.XLSX")) == "pack"
    assert classify(Path("pack.zip")) == "pack"
    assert classify(Path("release.json")) == "pack"
    assert classify(tmp_path) == "pack"
    assert classify(Path("letter.pdf")) == "unknown"


def test_the_application_is_named_and_has_an_icon(qapp: QApplication) -> None:
    assert make_application() is qapp
    assert not app_icon().isNull()


# ``run()`` owns the event loop, so it runs in a child process of its own: an event
# loop run and quit inside the test process would disturb the tests that follow.
def run_in_child(code: str, tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environment = dict(os.environ, QT_QPA_PLATFORM="offscreen", **env)
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        env=environment,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_start_up_paints_then_quits_when_timed(tmp_path: Path) -> None:
    child = run_in_child(
        f"""
        import sys
        from svdesk.cli import main
        sys.exit(main(["--db", {str(tmp_path / "fresh.sqlite")!r}, "gui"]))
        """,
        tmp_path,
        **{QUIT_AFTER_FIRST_PAINT: "1"},
    )
    assert child.returncode == 0, child.stderr


def test_a_database_that_cannot_be_opened_is_explained_and_exits_1(tmp_path: Path) -> None:
    child = run_in_child(
        f"""
        import sys
        from PySide6.QtWidgets import QMessageBox
        from svdesk.ui.app import run

        def critical(_parent, _title, text):
            print("critical:", text)
            return QMessageBox.StandardButton.Ok

        QMessageBox.critical = critical
        sys.exit(run({str(tmp_path)!r}))
        """,
        tmp_path,
    )
    assert child.returncode == 1, child.stderr
    assert "is a folder, not a database file" in child.stdout


def test_values_as_the_panel_reads_them() -> None:
    assert money(Decimal("2400000")) == "£2,400,000"
    assert money(Decimal("1250.5")) == "£1,250.50"
    assert money(Decimal("900"), "EUR") == "€900"
    assert money(Decimal("900"), "CHF") == "900 CHF"
    assert money(None) == "—"
    assert percent(Decimal("12.50")) == "12.5%"
    import datetime as dt

    assert local_time(dt.datetime(2026, 3, 1, 9, 5)).endswith(
        dt.datetime(2026, 3, 1, 9, 5, tzinfo=dt.UTC).astimezone().strftime("%H:%M")
    )


def test_the_tender_is_painted_before_sqlalchemy_loads_then_who_is_asked(
    demo_db: Database, tmp_path: Path
) -> None:
    copy = demo_db.location
    # The moment of the tender's paint, as the start-up benchmark times it.
    painted = run_in_child(
        f"""
        import os, sys
        import svdesk.ui.app as app
        from PySide6.QtWidgets import QApplication

        def report():
            (window,) = [w for w in QApplication.topLevelWidgets() if hasattr(w, "who")]
            print("sqlalchemy" in sys.modules, window.who.dialog is None, flush=True)
            print(window.windowTitle(), flush=True)
            os._exit(0)

        app._report_painted = report
        sys.exit(app.run({copy!r}))
        """,
        tmp_path,
        **{QUIT_AFTER_FIRST_PAINT: "tender"},
    )
    assert painted.returncode == 0, painted.stderr
    facts, title = painted.stdout.splitlines()
    assert facts == "False True"  # no SQLAlchemy, nobody asked yet
    assert title.startswith("NBC-2026-0417 — ")
    # Then, the window having painted, the question comes (and SQLAlchemy with it).
    asked = run_in_child(
        f"""
        import os, sys
        from PySide6.QtCore import QTimer
        from PySide6.QtWidgets import QApplication
        from svdesk.ui.app import make_application, run

        app = make_application()

        def look():
            for window in QApplication.topLevelWidgets():
                dialog = getattr(getattr(window, "who", None), "dialog", None)
                if dialog is not None and dialog.isVisible():
                    print(dialog.windowTitle(), "sqlalchemy" in sys.modules, flush=True)
                    os._exit(0)

        timer = QTimer()
        timer.timeout.connect(look)
        timer.start(50)
        QTimer.singleShot(60_000, lambda: os._exit(3))
        sys.exit(run({copy!r}))
        """,
        tmp_path,
    )
    assert asked.returncode == 0, asked.stderr
    assert asked.stdout.strip() == "Who is working on NBC-2026-0417? True"
