"""Every award criterion explained, or no claim that it is.

A version 2 pack gives each bid's price and quality explanations, which the letters quote
(the bid's own, and the winner's in every other letter). A version 1 pack gives points
only: under the Act ``check`` and the letters refuse, and under the 2015 regulations the
letters say plainly that the points were given as the tender documents set out and claim
no reasons they do not give.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import load_workbook

from svdesk.cli import main
from svdesk.documents.letter_batch import write_letters
from svdesk.documents.letter_content import build_letters
from svdesk.services.readiness import readiness_problems
from svdesk.services.refusals import Refused
from svdesk.services.templates import write_pack_template
from svdesk.store.database import Database
from tests.support.letter_tenders import REF, make_tender
from tests.support.snapshot import snapshot
from tests.unit.documents.test_letters_pdf_docx import docx_text, pdf_text

LETTER_DATE = dt.date(2099, 1, 5)
ACT, PCR = "procurement-act-2023", "pcr-2015"


def version_1(sheets: dict[str, list[list[object]]]) -> None:
    """The pack as format 1 wrote it: no explanation columns."""
    sheets["Bids"] = [row[:6] for row in sheets["Bids"]]


def social_value_only(sheets: dict[str, list[list[object]]]) -> None:
    version_1(sheets)
    tender = sheets["Tender"]
    sheets["Tender"] = [r for r in tender if r[0] not in ("Price weighting", "Quality weighting")]
    sheets["Bids"] = [[*row[:2], None, None, *row[4:]] for row in sheets["Bids"]]
    sheets["Bids"][0][2:4] = ["Price score", "Quality score"]


def texts(folder: Path, stem: str) -> list[str]:
    return [pdf_text(folder / f"{stem}.pdf"), docx_text(folder / f"{stem}.docx")]


def test_act_letters_are_refused_while_price_or_quality_is_unexplained(tmp_path: Path) -> None:
    db = make_tender(tmp_path, ACT, edit=version_1)
    problems = readiness_problems(db, REF)
    unexplained = [p for p in problems if "has no explanation" in p]
    assert len(unexplained) == 8  # B01, B02, B03 in lot 1 and B02 in lot 2; price and quality
    assert unexplained[0] == (
        "Lot 1, B01: Price has no explanation. Under the Procurement Act 2023 the assessment "
        "summary must explain the score on every award criterion (Procurement Regulations "
        "2024, regulation 31): give it in the Bids sheet of the tender pack "
        "('Price explanation', pack format 2)"
    )
    assert not any("B04" in p for p in unexplained)  # excluded: not assessed
    before = snapshot(tmp_path / f"{ACT}.sqlite")
    with pytest.raises(Refused) as refused:
        write_letters(db, REF, tmp_path / "out", LETTER_DATE)
    assert unexplained[0] in refused.value.reasons
    assert not (tmp_path / "out").exists()
    assert snapshot(tmp_path / f"{ACT}.sqlite") == before


def test_check_command_names_the_missing_explanations(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    make_tender(tmp_path, ACT, edit=version_1).close()
    assert main(["--db", str(tmp_path / f"{ACT}.sqlite"), "check", "--tender", REF]) == 1
    err = capsys.readouterr().err
    assert "Lot 2, B02: Quality has no explanation" in err


def test_pcr_letters_from_a_version_1_pack_claim_no_reasons_they_lack(tmp_path: Path) -> None:
    db = make_tender(tmp_path, PCR, edit=version_1)
    assert readiness_problems(db, REF) == []
    out = tmp_path / "out"
    write_letters(db, REF, out, LETTER_DATE, formats=("pdf", "docx"))
    for text in texts(out, "1-B01-Alpha-Grounds-Ltd"):
        assert "Price: 35.00 of 40.00 points" in text
        assert "Your price points were given as the tender documents set out." in text
        assert "The successful tender's quality points were given as the tender documents" in text
        assert "the reasons for each score are given above" not in text


def test_a_social_value_only_act_tender_is_fully_explained(tmp_path: Path) -> None:
    db = make_tender(tmp_path, ACT, edit=social_value_only)
    assert readiness_problems(db, REF) == []
    letter = next(x for x in build_letters(db, REF, LETTER_DATE) if x.addressee.bidder == "B01")
    assert letter.unexplained == ()
    assert letter.points_reasons == ()


def test_act_letters_quote_the_explanations_and_claim_regulation_31(tmp_path: Path) -> None:
    db = make_tender(tmp_path, ACT)
    out = tmp_path / "out"
    write_letters(db, REF, out, LETTER_DATE, formats=("pdf", "docx"))
    for text in texts(out, "1-B01-Alpha-Grounds-Ltd"):
        assert "It contains the information set out in regulation 31" in text
        assert "Price: 35.00 of 40.00 points P-B01: the tendered price" in text
        assert "Quality: 30.00 of 40.00 points Q-B01:" in text
        # The winner's explanations, on price where it scored higher and on quality where
        # it scored lower.
        assert "Price: 38.00 of 40.00 points, against your 35.00 P-B02:" in text
        assert "Quality: 28.00 of 40.00 points, against your 30.00 Q-B02:" in text
        assert "the reasons for each score are given above" in text
        assert "P-B03" not in text
        assert "Q-B03" not in text
        assert "P-B02-L2" not in text  # another lot's
    for text in texts(out, "1-B02-Beta-Services-plc"):
        assert "P-B02:" in text
        assert "Q-B02:" in text
        assert "P-B01" not in text
    for text in texts(out, "1-B04-Delta-and-Sons-Ltd"):
        assert "P-B" not in text
        assert "Q-B" not in text


def test_an_explanation_naming_another_bidder_is_refused(tmp_path: Path) -> None:
    def name_gamma(sheets: dict[str, list[list[object]]]) -> None:
        row = next(r for r in sheets["Bids"] if r[:2] == ["B02", "1"])
        row[7] = "Quality was scored above Gamma Łąki Ltd's approach."

    db = make_tender(tmp_path, PCR, edit=name_gamma)
    expected = (
        "Lot 1: the quality explanation of B02 names Gamma Łąki Ltd (a bidder), which the "
        "letters to B02, B01 and B04 must not show; reword it and try again"
    )
    assert expected in readiness_problems(db, REF)
    with pytest.raises(Refused) as refused:
        build_letters(db, REF, LETTER_DATE)
    assert expected in refused.value.reasons


def test_the_pack_template_carries_the_explanations(tmp_path: Path, act: Database) -> None:
    out = tmp_path / "template.xlsx"
    write_pack_template(out, db=act, reference=REF)
    sheet = load_workbook(out)["Bids"]
    header = [c.value for c in sheet[1]]
    assert "Price explanation" in header
    assert "Quality explanation" in header
    column = header.index("Price explanation")
    values = [row[column].value for row in sheet.iter_rows(min_row=2)]
    assert any(str(v).startswith("P-B01:") for v in values)


@pytest.fixture
def act(tmp_path: Path) -> Database:
    return make_tender(tmp_path, ACT)
