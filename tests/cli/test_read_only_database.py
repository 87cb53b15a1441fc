"""Every reading command works on a database that cannot be written, and every writing
command is refused in one line, changing nothing.

The database is made read-only three ways: SQLite's ``mode=ro``, and ``chattr +i`` on the
file or on its folder (which binds root too). Last, the real thing: the folder and file
``chmod``-ed read-only, with svdesk run as another user when the tests run as root.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path

import pytest

from svdesk.cli import main
from tests.support.read_only import as_another_user, immutable, read_only_url
from tests.support.snapshot import file_digest

REF = "NBC-2026-0417"


def reading_commands(out: Path) -> list[list[str]]:
    """Each reading command, writing any file into ``out`` (a folder that can be written)."""
    return [
        ["tenders"],
        ["results", "--tender", REF],
        ["results", "--tender", REF, "--json"],
        ["check", "--tender", REF],
        ["audit", "--tender", REF],
        ["audit", "--tender", REF, "--verify"],
        ["panel", "--tender", REF, "--list"],
        ["export", "--tender", REF, "-o", str(out / "evaluation.xlsx")],
        ["report", "--tender", REF, "-o", str(out / "report.pdf")],
        ["letters", "--tender", REF, "--out", str(out / "letters"), "--date", "2026-05-01"],
        ["sheet", "--tender", REF, "--evaluator", "Rebecca Thornton", "-o", str(out / "s.xlsx")],
    ]


def writing_commands(out: Path, pack: Path) -> list[list[str]]:
    """Each writing command; those naming a missing file are refused before reading it."""
    missing = str(out / "missing.xlsx")
    return [
        ["panel", "--tender", REF, "--add", "Ann Lee"],
        # Refused before the passphrase or the reason is asked for.
        ["panel", "--tender", REF, "--set-passphrase", "Andrew Fairclough"],
        ["panel", "--tender", REF, "--withdraw", "Andrew Fairclough", "--reason", "x"],
        ["consensus", "--template", "--tender", REF, "-o", str(out / "consensus.xlsx")],
        ["import", str(pack), "--replace"],
        ["import", missing],
        ["scores", missing],
        ["consensus", missing],
        ["demo", "--reset"],
    ]


@pytest.fixture(scope="module")
def demo_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("demo")
    assert main(["--db", str(folder / "d.sqlite"), "demo"]) == 0
    return folder


@pytest.fixture
def shared(demo_folder: Path, tmp_path: Path) -> Path:
    """A copy of the demo, alone in its folder."""
    folder = tmp_path / "shared"
    folder.mkdir()
    shutil.copyfile(demo_folder / "d.sqlite", folder / "d.sqlite")
    return folder


@pytest.fixture
def pack(demo_folder: Path, tmp_path: Path) -> Path:
    """A valid pack of the demo tender (importing it would replace the tender)."""
    from svdesk.services.demo import write_demo_pack

    return write_demo_pack(tmp_path / "demo-pack")


def how(kind: str, shared: Path) -> tuple[str, AbstractContextManager[object]]:
    path = shared / "d.sqlite"
    if kind == "mode=ro":
        return read_only_url(path), nullcontext()
    if kind == "file":
        return str(path), immutable(path)
    return str(path), immutable(shared)


@pytest.mark.parametrize("kind", ["mode=ro", "file", "folder"])
def test_reading_works_and_writing_is_refused(
    kind: str, shared: Path, pack: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    before = file_digest(shared / "d.sqlite")
    location, read_only = how(kind, shared)
    with read_only:
        for command in reading_commands(out):
            code = main(["--db", location, *command])
            printed, err = capsys.readouterr()
            assert (code, err) == (0, ""), command
            assert printed, command
        for command in writing_commands(out, pack):
            code = main(["--db", location, *command])
            printed, err = capsys.readouterr()
            assert code == 1, command
            assert printed == ""
            assert err.splitlines() == [
                f"svdesk: The database {location} is read-only: svdesk can show it but not "
                "change it."
            ], command
    assert file_digest(shared / "d.sqlite") == before
    assert (out / "evaluation.xlsx").is_file()
    assert (out / "report.pdf").is_file()
    assert (out / "letters").is_dir()
    assert not (out / "consensus.xlsx").exists()


# -- chmod, as a user -----------------------------------------------------------------------

DRIVER = """
import json, sys
from svdesk.cli import main
database, commands = sys.argv[1], json.loads(sys.argv[2])
codes = [main(["--db", database, *command]) for command in commands]
print(json.dumps(codes))
"""


@pytest.fixture
def open_to_all(demo_folder: Path) -> Iterator[Path]:
    """A folder another user can reach (pytest's own are private to the user running it)."""
    top = Path(tempfile.mkdtemp(prefix="svdesk-read-only-"))
    try:
        top.chmod(0o755)
        for name in ("db", "out", "home"):
            (top / name).mkdir()
        shutil.copyfile(demo_folder / "d.sqlite", top / "db" / "d.sqlite")
        if os.geteuid() == 0:
            for name in ("out", "home"):
                os.chown(top / name, 65534, 65534)
        yield top
    finally:
        (top / "db").chmod(0o755)
        shutil.rmtree(top)


def test_a_folder_and_file_chmod_read_only(open_to_all: Path) -> None:
    database = open_to_all / "db" / "d.sqlite"
    database.chmod(0o444)
    database.parent.chmod(0o555)
    before = file_digest(database)
    out = open_to_all / "out"
    commands = [*reading_commands(out), ["panel", "--tender", REF, "--add", "Ann Lee"]]
    home = open_to_all / "home"
    ran = subprocess.run(
        [*as_another_user(), sys.executable, "-c", DRIVER, str(database), json.dumps(commands)],
        capture_output=True,
        text=True,
        env={**os.environ, "HOME": str(home), "XDG_DATA_HOME": str(home / "data")},
        cwd=open_to_all,
        timeout=300,
        check=False,
    )
    assert ran.returncode == 0, ran.stderr
    codes = json.loads(ran.stdout.splitlines()[-1])
    assert codes == [0] * len(reading_commands(out)) + [1], ran.stderr
    assert ran.stderr.splitlines() == [
        f"svdesk: The database {database} is read-only: svdesk can show it but not change it."
    ]
    assert file_digest(database) == before
    assert sorted(p.name for p in database.parent.iterdir()) == ["d.sqlite"]
    assert (out / "report.pdf").is_file()
