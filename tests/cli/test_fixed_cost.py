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


# What each command must not load: the libraries of work it does not do. Reading a PDF or
# Word attachment (pypdf) belongs to an import only; drawing a PDF (reportlab) to letters
# and the report; workbooks (openpyxl) to the commands that write or read one.
NOT_NEEDED = {
    # The list is read in plain SQL from a database already at this svdesk's schema.
    "tenders": (
        "PySide6",
        "sqlalchemy",
        "alembic",
        "openpyxl",
        "pypdf",
        "reportlab",
        "docx",
        "jinja2",
    ),
    "results": ("PySide6", "openpyxl", "pypdf", "reportlab", "docx", "jinja2"),
    "check": ("PySide6", "openpyxl", "pypdf", "reportlab", "docx", "jinja2"),
    "audit": ("PySide6", "openpyxl", "pypdf", "reportlab", "docx", "jinja2"),
    "export": ("PySide6", "pypdf", "reportlab", "docx", "jinja2"),
    "sheet": ("PySide6", "pypdf", "reportlab", "docx", "jinja2"),
    "consensus": ("PySide6", "pypdf", "reportlab", "docx", "jinja2"),
    "report": ("PySide6", "openpyxl", "pypdf", "docx", "jinja2"),
}

LOADED = """
import sys
from svdesk.cli import main
code = main(sys.argv[1:])
print("LOADED:" + ",".join(sorted(m for m in sys.modules if "." not in m)))
print("EXIT:" + str(code))
"""


@pytest.fixture(scope="module")
def demo_database(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    from svdesk.services.demo import demo_reference
    from tests.support.demo_files import demo_file

    return demo_file(tmp_path_factory.mktemp("demo") / "demo.sqlite"), demo_reference()


@pytest.mark.parametrize(
    "command",
    [
        ["tenders"],
        ["results", "--tender", "{ref}", "--json"],
        ["check", "--tender", "{ref}"],
        ["audit", "--tender", "{ref}", "--verify"],
        ["export", "--tender", "{ref}", "-o", "{out}/record.xlsx"],
        ["sheet", "--tender", "{ref}", "--evaluator", "{evaluator}", "-o", "{out}/sheet.xlsx"],
        ["consensus", "--template", "--tender", "{ref}", "-o", "{out}/consensus.xlsx"],
        ["report", "--tender", "{ref}", "-o", "{out}/report.pdf"],
    ],
    ids=lambda command: command[0],
)
def test_a_command_loads_only_the_libraries_of_its_own_work(
    command: list[str], demo_database: tuple[Path, str], tmp_path: Path
) -> None:
    from svdesk.services.panel import list_members
    from svdesk.store.database import open_database

    path, reference = demo_database
    db = open_database(path)
    evaluator = list_members(db, reference)[0].name
    db.close()
    args = [
        part.replace("{ref}", reference)
        .replace("{out}", str(tmp_path))
        .replace("{evaluator}", evaluator)
        for part in command
    ]
    done = subprocess.run(
        [sys.executable, "-c", LOADED, "--db", str(path), *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    lines = dict(line.split(":", 1) for line in done.stdout.splitlines() if ":" in line)
    assert "LOADED" in lines, done.stderr
    loaded = set(lines["LOADED"].split(","))
    assert sorted(loaded & set(NOT_NEEDED[command[0]])) == [], done.stderr
    assert lines.get("EXIT") == "0", done.stderr  # it did its work
