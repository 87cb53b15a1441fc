"""``svdesk review``: the confidentiality review from the command line, and ``check``
refusing letters while it is open."""

from __future__ import annotations

from pathlib import Path

import pytest

from svdesk.cli import main
from svdesk.services.confidentiality_review import REDACTED
from svdesk.services.letter_reasons import tender_letter_texts
from svdesk.store.database import open_database
from tests.support.letter_tenders import REF, make_tender
from tests.unit.services.test_confidentiality_review import QUOTING, agree


@pytest.fixture
def db(tmp_path: Path) -> Path:
    database = make_tender(tmp_path)
    agree(database, "B02", "SV2", 100, QUOTING)
    path = Path(database.location)
    database.close()
    return path


def svdesk(capsys: pytest.CaptureFixture[str], db: Path, *args: str) -> tuple[int, str, str]:
    code = main(["--db", str(db), *args])
    out, err = capsys.readouterr()
    return code, out, err


PASSAGE = ("--tender", REF, "--lot", "1", "--bidder", "B02", "--criterion", "SV2")


def test_list_approve_edit_and_redact(
    capsys: pytest.CaptureFixture[str], db: Path, tmp_path: Path
) -> None:
    code, _, err = svdesk(capsys, db, "check", "--tender", REF)
    assert code == 1
    assert "Confidentiality review: 2 open passages in the reasons of lot 1's winning" in err

    code, out, _ = svdesk(capsys, db, "review", "list", "--tender", REF)
    assert code == 0
    assert out.startswith(
        f"{REF}: 2 passage(s) of the winners' letter reasons quote their tenders; 2 open\n"
    )
    assert "Lot 1, B02, SV2, sentence 1 (Beta Services plc, Environment) [open]" in out
    assert "  It funds the work with £12,000 a year from its own reserves." in out
    assert "quotes: a figure “£12,000”" in out

    code, out, _ = svdesk(
        capsys, db, "review", "approve", *PASSAGE, "--sentence", "1", "--as", "Alex Procurer"
    )
    assert (code, out) == (
        0,
        "Lot 1, B02, SV2, sentence 1: approved as it stands, by Alex Procurer\n",
    )
    new_text = tmp_path / "new.txt"
    new_text.write_text("It funds the work from its own resources.\n", encoding="utf-8")
    code, out, _ = svdesk(
        capsys, db, "review", "edit", *PASSAGE, "--sentence", "3", "--text-file", str(new_text)
    )
    assert code == 0
    assert out.startswith("Lot 1, B02, SV2, sentence 3: edited by ")

    code, out, _ = svdesk(capsys, db, "review", "list", "--tender", REF, "--open")
    assert code == 0
    assert "; 0 open\n" in out.splitlines()[0] + "\n"

    code, out, _ = svdesk(capsys, db, "check", "--tender", REF)
    assert code == 0, out

    code, out, _ = svdesk(capsys, db, "review", "redact", *PASSAGE, "--sentence", "1")
    assert code == 0
    database = open_database(db)
    try:
        text = tender_letter_texts(database, REF)[("1", "B02")]["SV2"]
    finally:
        database.close()
    assert (
        text == f"{REDACTED} The response gives a credible reporting plan for the whole "
        "contract. It funds the work from its own resources."
    )


def test_refusals_say_what_is_wrong(capsys: pytest.CaptureFixture[str], db: Path) -> None:
    code, _, err = svdesk(capsys, db, "review", "approve", *PASSAGE, "--sentence", "2")
    assert code == 1
    assert err == (
        "Lot 1, B02, SV2, sentence 2: there is no passage to review there (the passages of "
        "this letter reason are its sentences 1, 3)\n"
    )
    code, _, err = svdesk(capsys, db, "review", "edit", *PASSAGE, "--sentence", "1")
    assert (code, err) == (1, "give the new text with either --text or --text-file\n")
    code, _, err = svdesk(
        capsys,
        db,
        "review",
        "edit",
        *PASSAGE,
        "--sentence",
        "1",
        "--text-file",
        "/nonexistent/new.txt",
    )
    assert code == 1
    assert err.startswith("/nonexistent/new.txt: cannot be read")
