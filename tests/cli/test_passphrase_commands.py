"""Passphrases on the command line: ``svdesk panel --set-passphrase`` sets or changes one,
and ``svdesk sheet`` and ``svdesk scores`` ask for it, from a file or a terminal, or say in
one line how to give it."""

from __future__ import annotations

import getpass
import io
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from svdesk.cli import main
from tests.cli.test_whole_evaluation import fill_score_sheet
from tests.support.packs import write_pack
from tests.support.snapshot import snapshot

REF = "TST-2026-0001"
ANN = "Ann Lee"
SECRET = "correct horse battery"


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def svdesk(capsys: pytest.CaptureFixture[str], db: Path, *args: str) -> tuple[int, str, str]:
    code = main(["--db", str(db), *args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def db(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    path = tmp_path / "t.sqlite"
    assert svdesk(capsys, path, "import", str(write_pack(tmp_path / "p.xlsx")))[0] == 0
    assert svdesk(capsys, path, "panel", "--tender", REF, "--add", ANN)[0] == 0
    return path


def typed(monkeypatch: pytest.MonkeyPatch, *answers: str) -> list[str]:
    """A terminal on standard input, where the user types ``answers`` in turn; returns the
    prompts shown."""
    prompts: list[str] = []
    replies: Iterator[str] = iter(answers)

    def ask(prompt: str = "") -> str:
        prompts.append(prompt)
        return next(replies)

    monkeypatch.setattr("sys.stdin", Terminal())
    monkeypatch.setattr(getpass, "getpass", ask)
    return prompts


def secret_file(folder: Path, *lines: str) -> str:
    path = folder / "secret.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return str(path)


def failures(db: Path) -> int:
    with sqlite3.connect(db) as connection:
        count = connection.execute("SELECT failures FROM passphrase").fetchone()[0]
    connection.close()
    return int(count)


def test_a_passphrase_is_set_from_a_terminal_typed_twice(
    db: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    prompts = typed(monkeypatch, SECRET, SECRET)
    code, out, err = svdesk(capsys, db, "panel", "--tender", REF, "--set-passphrase", "ann lee")
    assert code == 0, err
    assert prompts == ["New passphrase for ann lee: ", "The new passphrase again: "]
    assert out == (
        "Set a passphrase for ann lee: svdesk sheet and svdesk scores will ask for it from now on\n"
    )
    code, out, _ = svdesk(capsys, db, "audit", "--tender", REF)
    assert f"set passphrase {ANN}" in out
    assert SECRET not in out


def test_two_different_passphrases_typed_change_nothing(
    db: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    typed(monkeypatch, SECRET, SECRET + "!")
    before = snapshot(db)
    code, _out, err = svdesk(capsys, db, "panel", "--tender", REF, "--set-passphrase", ANN)
    assert code == 1
    assert err == "the two new passphrases typed differ: nothing was changed\n"
    assert snapshot(db) == before


def test_without_a_terminal_or_a_file_one_line_says_how(
    db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = snapshot(db)
    code, _out, err = svdesk(capsys, db, "panel", "--tender", REF, "--set-passphrase", ANN)
    assert code == 1
    assert err.count("\n") == 1
    assert err.startswith("setting a passphrase needs a terminal, to ask for it twice, or ")
    assert "--passphrase-file PATH" in err
    assert snapshot(db) == before


def test_changing_one_from_a_file_needs_the_current_one_first(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ("panel", "--tender", REF, "--set-passphrase", ANN, "--passphrase-file")
    assert svdesk(capsys, db, *args, secret_file(tmp_path, SECRET))[0] == 0
    code, _out, err = svdesk(capsys, db, *args, secret_file(tmp_path, "not the one", "new one!"))
    assert code == 1
    assert err == (
        f"the passphrase of {ANN} is wrong; after 2 more wrong tries, tries pause for 30 seconds\n"
    )
    code, _out, err = svdesk(capsys, db, *args, secret_file(tmp_path, "just one line"))
    assert code == 1
    assert (
        err
        == f"the passphrase file {tmp_path / 'secret.txt'} must hold a passphrase on its first 2 lines\n"
    )
    code, out, err = svdesk(capsys, db, *args, secret_file(tmp_path, SECRET, "the new one here"))
    assert code == 0, err
    assert out == f"Changed the passphrase of {ANN}\n"


def test_the_score_sheet_route_asks_for_the_passphrase(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    sheet = tmp_path / "ann.xlsx"
    write = ("sheet", "--tender", REF, "--evaluator", ANN, "-o", str(sheet))
    # Without a passphrase, nothing is asked.
    assert svdesk(capsys, db, *write)[0] == 0
    fill_score_sheet(sheet, ANN)
    set_it = ("panel", "--tender", REF, "--set-passphrase", ANN, "--passphrase-file")
    assert svdesk(capsys, db, *set_it, secret_file(tmp_path, SECRET))[0] == 0

    before = snapshot(db)
    code, _out, err = svdesk(capsys, db, "scores", str(sheet))
    assert code == 1
    assert err == (
        f"{ANN} has a passphrase: give it with --passphrase-file PATH (the passphrase on its "
        "first line), or run the command in a terminal to be asked for it\n"
    )
    assert snapshot(db) == before

    code, _out, err = svdesk(
        capsys, db, "scores", str(sheet), "--passphrase-file", secret_file(tmp_path, "wrong one")
    )
    assert code == 1
    assert err.startswith(f"the passphrase of {ANN} is wrong")
    assert failures(db) == 1
    with sqlite3.connect(db) as connection:
        assert connection.execute("SELECT COUNT(*) FROM evaluator_score").fetchone() == (0,)
    connection.close()

    code, out, err = svdesk(
        capsys, db, "scores", str(sheet), "--passphrase-file", secret_file(tmp_path, SECRET)
    )
    assert code == 0, err
    assert "6 score(s) submitted" in out
    assert failures(db) == 0

    again = tmp_path / "again.xlsx"
    prompts = typed(monkeypatch, SECRET)
    code, out, err = svdesk(
        capsys, db, "sheet", "--tender", REF, "--evaluator", ANN, "-o", str(again)
    )
    assert code == 0, err
    assert prompts == [f"Passphrase of {ANN}: "]
    assert out == f"Wrote {again}\n"


def test_no_sheet_is_written_without_the_right_passphrase(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    set_it = ("panel", "--tender", REF, "--set-passphrase", ANN, "--passphrase-file")
    assert svdesk(capsys, db, *set_it, secret_file(tmp_path, SECRET))[0] == 0
    sheet = tmp_path / "ann.xlsx"
    typed(monkeypatch, "a wrong guess")
    code, _out, err = svdesk(
        capsys, db, "sheet", "--tender", REF, "--evaluator", ANN, "-o", str(sheet)
    )
    assert code == 1
    assert err.startswith(f"the passphrase of {ANN} is wrong")
    assert not sheet.exists()


def test_a_moderator_resets_a_forgotten_passphrase(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    file = tmp_path / "new.txt"
    file.write_text(SECRET + "\n", encoding="utf-8")
    panel = ["panel", "--tender", REF]
    set_it = [*panel, "--set-passphrase", ANN, "--passphrase-file", str(file)]
    assert svdesk(capsys, db, *set_it)[0] == 0
    assert svdesk(capsys, db, *panel, "--add", "Mo Derator", "--role", "moderator")[0] == 0
    reset = [*panel, "--reset-passphrase", ANN]
    before = snapshot(db)
    code, _, err = svdesk(capsys, db, *reset, "--as", "Mo Derator")
    assert code == 1
    assert f'--reset-passphrase needs --reason "…": say why the passphrase of {ANN}' in err
    code, _, err = svdesk(capsys, db, *reset, "--as", ANN, "--reason", "I forgot it again")
    assert code == 1
    assert f"{ANN} cannot reset their own passphrase" in err
    assert snapshot(db) == before
    code, out, _ = svdesk(capsys, db, *reset, "--as", "Mo Derator", "--reason", "Ann forgot it")
    assert code == 0
    assert out.startswith(f"Reset the passphrase of {ANN}: they can work without one")
    code, out, _ = svdesk(capsys, db, "audit", "--tender", REF)
    assert "Mo Derator  reset passphrase Ann Lee" in out
    assert "Ann forgot it" in out
