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
        f"{REF}: 2 passage(s) of the winners' letter reasons and price and quality "
        "explanations quote their tenders; 2 open\n"
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


def test_the_demo_leaves_the_review_to_do_at_the_moderated_stage(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    db = tmp_path / "demo.sqlite"
    code, out, _ = svdesk(capsys, db, "demo", "--stage", "moderated")
    assert code == 0
    assert "its confidentiality review still to do before letters" in out
    code, _, err = svdesk(capsys, db, "check", "--tender", "NBC-2026-0417")
    assert code == 1
    problems = err.splitlines()[1:]
    assert len(problems) == 2  # one line for each lot's winning bid
    assert all(p.startswith("Confidentiality review: ") for p in problems)
    assert all("; Price sentence 1)" in p for p in problems)  # each winner's annual price


def test_the_demo_writes_letters_with_its_review_done(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    from pypdf import PdfReader

    db = tmp_path / "demo.sqlite"
    assert svdesk(capsys, db, "demo")[0] == 0
    out_dir = tmp_path / "letters"
    code, _, err = svdesk(
        capsys,
        db,
        "letters",
        "--tender",
        "NBC-2026-0417",
        "--out",
        str(out_dir),
        "--date",
        "2026-12-21",
    )
    assert code == 0, err
    # B02 lost lot 1 to B01, whose £45,000 supply-chain spend and £1.1 million fleet
    # financing the demo's officer withheld.
    (letter,) = out_dir.glob("1-B02-*.pdf")
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(letter).pages).split())
    assert "[Details withheld as commercially confidential.]" in text
    assert "£45,000" not in text
    assert "£1.1 million" not in text
    assert "Jobcentre Plus and Kelsbridge Works" in text  # approved as it stands
    # B01's annual price is edited out of the explanation of its price points.
    assert "£626,400" not in text
    assert "The tendered annual price for Lot 1 was scored by the price evaluation model" in text
    assert "giving 34.20 of 40 points" in text
    code, out, _ = svdesk(capsys, db, "audit", "--tender", "NBC-2026-0417", "--verify")
    assert code == 0, out


def test_an_explanation_is_reviewed_by_its_label(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    from tests.support.explanation_tenders import PRICE_EDITED, make_quoting_tender

    database = make_quoting_tender(tmp_path)
    db = Path(database.location)
    database.close()
    code, out, _ = svdesk(capsys, db, "review", "list", "--tender", REF)
    assert code == 0
    assert "Lot 1, B02, Price, sentence 1 (Beta Services plc, Price explanation) [open]" in out
    assert "Lot 1, B02, Quality, sentence 1 (Beta Services plc, Quality explanation) [open]" in out
    assert "or Price or Quality for an explanation" in out
    code, _, err = svdesk(capsys, db, "check", "--tender", REF)
    assert code == 1
    assert "(Price sentence 1; Quality sentence 1)" in err

    where = ("--tender", REF, "--lot", "1", "--bidder", "B02")
    code, out, _ = svdesk(
        capsys,
        db,
        "review",
        "edit",
        *where,
        "--criterion",
        "price",
        "--sentence",
        "1",
        "--text",
        PRICE_EDITED,
        "--as",
        "Alex Procurer",
    )
    assert (code, out) == (0, "Lot 1, B02, Price, sentence 1: edited by Alex Procurer\n")
    code, out, _ = svdesk(
        capsys, db, "review", "approve", *where, "--criterion", "Quality", "--sentence", "1"
    )
    assert code == 0, out
    code, out, _ = svdesk(capsys, db, "check", "--tender", REF)
    assert code == 0, out
    code, out, _ = svdesk(capsys, db, "audit", "--tender", REF)
    assert "edited letter reason lot 1 / B02 / Price / sentence 1" in out
