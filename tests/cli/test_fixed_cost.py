"""Commands that need no database do not pay for loading one: SQLAlchemy, the migrations
and Qt take longer to import than these commands take to run."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

PROBE = """
import sys
from svdesk.cli import main
try:
    main(sys.argv[1:])
except SystemExit:
    pass
heavy = sorted(
    name for name in ("sqlalchemy", "alembic", "PySide6", "reportlab", "docx")
    if name in sys.modules
)
print("HEAVY:" + ",".join(heavy))
"""


@pytest.mark.parametrize(
    "command",
    [["--version"], ["--help"], ["import", "--help"], ["template", "-o", "{out}"]],
)
def test_a_command_without_a_database_loads_no_database_library(
    command: list[str], tmp_path: Path
) -> None:
    args = [part.replace("{out}", str(tmp_path / "pack.xlsx")) for part in command]
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *args],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    heavy = next(
        line.removeprefix("HEAVY:")
        for line in done.stdout.splitlines()
        if line.startswith("HEAVY:")
    )
    assert heavy == "", (command, heavy, done.stderr)
    if command[0] == "template":
        assert (tmp_path / "pack.xlsx").is_file()
