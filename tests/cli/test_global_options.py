"""Global options of the command line: --db, SVDESK_DB, --version, --debug, exit codes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from svdesk import __version__
from svdesk.cli import main
from tests.support.packs import write_pack


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out.strip() == f"svdesk {__version__}"


def test_usage_error_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["import"])
    assert exit_info.value.code == 2
    assert "svdesk: the following arguments are required: pack" in capsys.readouterr().err


def test_unknown_command_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["frobnicate"])
    assert exit_info.value.code == 2


def test_db_option_wins_over_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    env_db = tmp_path / "env.sqlite"
    opt_db = tmp_path / "opt.sqlite"
    monkeypatch.setenv("SVDESK_DB", str(env_db))
    assert main(["--db", str(opt_db), "import", str(write_pack(tmp_path / "p.xlsx"))]) == 0
    assert opt_db.exists()
    assert not env_db.exists()
    capsys.readouterr()
    assert main(["tenders"]) == 0
    assert "No tenders yet" in capsys.readouterr().out
    assert env_db.exists()


def test_default_database_is_in_the_user_data_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from svdesk.paths import default_database

    assert main(["import", str(write_pack(tmp_path / "p.xlsx"))]) == 0
    assert default_database().exists()
    assert default_database().name == "svdesk.sqlite"
    # conftest points the data folder into the test's home
    assert str(default_database()).startswith(str(Path.home()))


def test_bad_database_file_gives_one_clear_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bogus = tmp_path / "bogus.sqlite"
    bogus.write_text("not a database")
    assert main(["--db", str(bogus), "tenders"]) == 1
    err = capsys.readouterr().err
    assert (
        err.strip()
        == f"svdesk: {bogus} is not an svdesk database (it is not a SQLite file). To import a tender pack, use Import instead."
    )


def test_debug_shows_a_traceback_and_no_debug_does_not(tmp_path: Path) -> None:
    bogus = tmp_path / "bogus.sqlite"
    bogus.write_text("not a database")
    plain = subprocess.run(
        [sys.executable, "-m", "svdesk", "--db", str(bogus), "tenders"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert plain.returncode == 1
    assert "Traceback" not in plain.stderr
    debug = subprocess.run(
        [sys.executable, "-m", "svdesk", "--debug", "--db", str(bogus), "tenders"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert debug.returncode == 1
    assert "Traceback" in debug.stderr


WINDOW_FORMS = [
    [],
    ["gui"],
    ["--db", "x.sqlite", "gui", "pack.xlsx"],
    ["--debug", "--db=x.sqlite"],
    ["--db", "a.sqlite", "--db", "b.sqlite", "gui"],
    ["--db=sqlite:///x.sqlite", "--debug", "gui", "folder"],
]
NOT_WINDOW_FORMS = [
    ["import", "pack.xlsx"],
    ["gui", "--help"],
    ["--version"],
    ["--db"],
    ["--db", "--debug"],
    ["--db="],
    ["--d", "x.sqlite"],
    ["gui", "a.xlsx", "b.xlsx"],
    ["gui", "-f"],
    ["tenders"],
]


@pytest.mark.parametrize("argv", WINDOW_FORMS, ids=" ".join)
def test_the_window_forms_are_read_as_the_parser_reads_them(argv: list[str]) -> None:
    from svdesk.cli import window_request
    from svdesk.cli_parser import build_parser

    request = window_request(argv)
    args = build_parser().parse_args(argv)
    assert request is not None
    assert args.command in (None, "gui")
    assert request.db == args.db
    assert request.debug == args.debug
    assert request.file == getattr(args, "file", None)


@given(
    st.lists(
        st.sampled_from(
            ["--db", "--db=x.sqlite", "--db=", "x.sqlite", "gui", "--debug", "pack.xlsx", "-", "--"]
        ),
        max_size=6,
    )
)
def test_what_is_read_by_hand_is_what_the_parser_would_read(argv: list[str]) -> None:
    from svdesk.cli import window_request
    from svdesk.cli_parser import build_parser

    request = window_request(argv)
    if request is None:
        return  # the parser decides
    args = build_parser().parse_args(argv)
    assert args.command in (None, "gui")
    assert (request.db, request.debug, request.file) == (
        args.db,
        args.debug,
        getattr(args, "file", None),
    )


@pytest.mark.parametrize("argv", NOT_WINDOW_FORMS, ids=" ".join)
def test_everything_else_goes_to_the_parser(argv: list[str]) -> None:
    from svdesk.cli import window_request

    assert window_request(argv) is None


def test_a_database_option_without_its_path_is_a_usage_error(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--db"])
    assert exit_info.value.code == 2
    assert "svdesk: argument --db: expected one argument" in capsys.readouterr().err
