from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from decimal import Decimal
from pathlib import Path

from PySide6.QtWidgets import QApplication

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
