"""Nothing the command line prints can drive the terminal: control and bidi characters in
stored names (or typed arguments) are shown as visible escapes, on stdout and stderr alike.

The names are put in the database with SQL, as a pack could not be relied on to carry them
(imports may refuse control characters); the output is read as bytes, as the terminal gets it.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

import svdesk.cli as cli
from svdesk.cli import main
from svdesk.terminal import shown
from tests.support.packs import write_pack

REF = "TST-2026-0001"
CLEAR = "\x1b[2J"
NAME = f"Alpha{CLEAR}\x07\x00 Ltd\u202egnp.exe"
TITLE = f"Grounds{CLEAR} \x9b31m Maintenance\u2066"
MEMBER = f"Ann{CLEAR}\x07 Evaluator"
RAW = [b"\x1b", b"\x07", b"\x00", b"\xc2\x9b", "\u202e".encode(), "\u2066".encode()]


@pytest.fixture
def db(tmp_path: Path, capfdbinary: pytest.CaptureFixture[bytes]) -> Path:
    path = tmp_path / "t.sqlite"
    assert main(["--db", str(path), "import", str(write_pack(tmp_path / "p.xlsx"))]) == 0
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE bidder SET name = ? WHERE key = 'B01'", (NAME,))
        connection.execute("UPDATE tender SET title = ?", (TITLE,))
    connection.close()
    assert main(["--db", str(path), "panel", "--tender", REF, "--add", MEMBER]) == 0
    capfdbinary.readouterr()
    return path


def run(capfd: pytest.CaptureFixture[bytes], *args: str) -> tuple[int, bytes, bytes]:
    code = main(list(args))
    out, err = capfd.readouterr()
    return code, out, err


def assert_inert(output: bytes) -> None:
    for raw in RAW:
        assert raw not in output, raw


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("tenders",), TITLE),
        (("results", "--tender", REF), NAME),
        (("panel", "--tender", REF, "--list"), MEMBER),
        (("audit", "--tender", REF), MEMBER),
    ],
)
def test_stored_names_are_printed_with_visible_escapes(
    db: Path, capfdbinary: pytest.CaptureFixture[bytes], args: tuple[str, ...], expected: str
) -> None:
    code, out, err = run(capfdbinary, "--db", str(db), *args)
    assert code == 0, err
    assert_inert(out + err)
    assert shown(expected).encode() in out


def test_json_output_escapes_them_the_json_way(
    db: Path, capfdbinary: pytest.CaptureFixture[bytes]
) -> None:
    code, out, err = run(capfdbinary, "--db", str(db), "results", "--tender", REF, "--json")
    assert code == 0, err
    assert_inert(out + err)
    assert b"\\u001b[2J" in out
    names = [bid["name"] for lot in json.loads(out)["lots"] for bid in lot["bids"]]
    assert NAME in names  # read back as stored


def test_a_refusal_quoting_a_name_or_an_argument_is_escaped_on_stderr(
    db: Path, capfdbinary: pytest.CaptureFixture[bytes]
) -> None:
    code, out, err = run(capfdbinary, "--db", str(db), "check", "--tender", REF)
    assert code == 1
    assert_inert(out + err)
    assert shown(MEMBER).encode() in err  # "Panel: Ann\x1b[2J... has not declared..."
    code, out, err = run(capfdbinary, "--db", str(db), "results", "--tender", f"X{CLEAR}")
    assert code == 1
    assert_inert(out + err)
    assert b"X\\x1b[2J" in err
    with pytest.raises(SystemExit) as usage:
        run(capfdbinary, "--db", str(db), "panel", "--tender", REF, "--list", "--role", CLEAR)
    assert usage.value.code == 2  # a usage error, which repeats what was typed
    out, err = capfdbinary.readouterr()
    assert_inert(out + err)
    assert b"invalid choice: '\\x1b[2J'" in err


def test_the_debug_traceback_is_escaped_too(
    db: Path, capfdbinary: pytest.CaptureFixture[bytes], monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(args: object) -> int:
        raise RuntimeError(f"cannot read {NAME}")

    monkeypatch.setitem(cli._HANDLERS, "tenders", broken)
    code, out, err = run(capfdbinary, "--debug", "--db", str(db), "tenders")
    assert code == 1
    assert b"Traceback" in err
    assert shown(f"cannot read {NAME}").encode() in err
    assert_inert(out + err)
    code, out, err = run(capfdbinary, "--db", str(db), "tenders")
    assert code == 1
    assert b"Traceback" not in err
    assert shown(NAME).encode() in err
    assert_inert(out + err)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("plain text, kept\nwith\tbreaks and tabs", "plain text, kept\nwith\tbreaks and tabs"),
        ("\x1b[2J", "\\x1b[2J"),
        ("bell\x07 nul\x00 cr\r del\x7f", "bell\\x07 nul\\x00 cr\\x0d del\\x7f"),
        ("c1\x9b31m", "c1\\x9b31m"),
        ("\u202aa\u202bb\u202cc\u202dd\u202ee", "<U+202A>a<U+202B>b<U+202C>c<U+202D>d<U+202E>e"),
        ("\u2066a\u2067b\u2068c\u2069", "<U+2066>a<U+2067>b<U+2068>c<U+2069>"),
        ("Zoë Łukasz – ✓", "Zoë Łukasz – ✓"),
    ],
)
def test_shown_escapes_controls_and_bidi_characters(text: str, expected: str) -> None:
    assert shown(text) == expected
