"""The right letter for each case, and the winner's assessment in every losing bidder's letter.

Read back from the PDF and the Word file, for each regime: under the Act an excluded
supplier gets a notice of exclusion or disregard (not an assessment summary) and every
unsuccessful supplier the most advantageous tender's assessment on every criterion;
under the 2015 regulations a rejected tenderer gets its reasons under their own heading
and, like every unsuccessful tenderer, the characteristics and relative advantages of the
successful tender. The demo's ground of exclusion is cited from the tender's own law.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from svdesk.cli import main
from svdesk.documents.letter_content import build_letters
from svdesk.documents.letter_docx import render_docx
from svdesk.documents.letter_pdf import render_pdf
from svdesk.documents.letter_template import LetterTemplates
from tests.support.letter_tenders import REF, make_tender
from tests.unit.documents.test_letters_pdf_docx import docx_text, pdf_text

LETTER_DATE = dt.date(2026, 12, 21)
ACT, PCR, SCOT = "procurement-act-2023", "pcr-2015", "scotland-2015"
KEYS = {"successful": "B02", "unsuccessful": "B01", "below-minimum": "B03", "excluded": "B04"}
# The winner's (B02's) reasons on each criterion, by their tokens.
WINNER_SV1, WINNER_SV2 = "R-B02-SV1 the response commits", "R-B02-SV2: the response earns 100"

Texts = dict[tuple[str, str], list[str]]


@pytest.fixture(scope="module")
def texts(tmp_path_factory: pytest.TempPathFactory) -> Texts:
    """The PDF and DOCX text of every lot 1 letter, in every regime."""
    made: Texts = {}
    templates = LetterTemplates()
    for regime in (ACT, PCR, SCOT):
        folder = tmp_path_factory.mktemp(regime)
        db = make_tender(folder, regime)
        for letter in build_letters(db, REF, LETTER_DATE):
            if letter.lot != "1":
                continue
            rendered = templates.render(letter)
            stem = folder / letter.addressee.bidder
            render_pdf(rendered, stem.with_suffix(".pdf"))
            render_docx(rendered, stem.with_suffix(".docx"))
            made[(regime, letter.kind.value)] = [
                pdf_text(stem.with_suffix(".pdf")),
                docx_text(stem.with_suffix(".docx")),
            ]
        db.close()
    return made


def test_act_excluded_supplier_gets_a_notice_of_exclusion_or_disregard(texts: Texts) -> None:
    for text in texts[(ACT, "excluded")]:
        assert "Notice of exclusion or disregard" in text
        assert "Ground for exclusion or disregard" in text
        assert "not an assessment summary under section 50 of the Procurement Act 2023" in text
        assert "This letter is the assessment summary" not in text
        assert "regulation 31" not in text
        assert "rejected" not in text
        # Not assessed: nothing of the winner's tender is quoted to it.
        assert WINNER_SV2 not in text


@pytest.mark.parametrize("kind", ["unsuccessful", "below-minimum"])
def test_act_unsuccessful_letters_carry_the_winners_assessment_on_every_criterion(
    texts: Texts, kind: str
) -> None:
    for text in texts[(ACT, kind)]:
        assert "The assessment of the most advantageous tender" in text
        # Every criterion, the one the winner scored lower on included (s.50(4)(b)).
        assert "SV1 Jobs: 50.00 (Acceptable), against your" in text
        assert "SV2 Environment: 100.00 (Excellent), against your" in text
        assert WINNER_SV1 in text
        assert WINNER_SV2 in text
        assert "Price: 38.00 of 40.00 points, against your" in text
        assert "Quality: 28.00 of 40.00 points, against your" in text
        assert "P-B02: the tendered price" in text
        assert "characteristics and relative advantages" not in text  # the PCR test
        assert "most economically advantageous" not in text


def test_act_successful_letter_quotes_no_other_tender(texts: Texts) -> None:
    for text in texts[(ACT, "successful")]:
        assert "The assessment of the most advantageous tender" not in text
        assert "against your" not in text


@pytest.mark.parametrize("regime", [PCR, SCOT])
def test_regulations_rejection_letter_has_its_own_reasons_and_the_advantages(
    texts: Texts, regime: str
) -> None:
    for text in texts[(regime, "excluded")]:
        assert "Award decision notice" in text
        assert "Reasons for the rejection of your tender" in text
        assert "Did not provide evidence of insurance" in text
        assert "excluded" not in text  # rejected, and only rejected
        assert "Notice of exclusion" not in text
        # The section the letter promises is there, with the winner's characteristics.
        assert "the characteristics and relative advantages of the successful tender" in text
        assert "Characteristics and relative advantages of the successful tender" in text
        assert WINNER_SV1 in text
        assert WINNER_SV2 in text
        assert "Price: 38.00 of 40.00 points P-B02: the tendered price" in text
        assert "most economically advantageous tender" in text
        assert "most advantageous tender for" not in text


@pytest.mark.parametrize("kind", ["unsuccessful", "below-minimum"])
@pytest.mark.parametrize("regime", [PCR, SCOT])
def test_regulations_unsuccessful_letters_compare_on_every_criterion(
    texts: Texts, regime: str, kind: str
) -> None:
    for text in texts[(regime, kind)]:
        assert "Characteristics and relative advantages of the successful tender" in text
        assert "SV1 Jobs: 50.00 (Acceptable), against your" in text
        assert WINNER_SV1 in text
        assert WINNER_SV2 in text
    for text in texts[(regime, "unsuccessful")]:
        assert "it scored 80.00, against your 78.00" in text
        # B01 scored higher on SV1 and quality: those are not the winner's advantages.
        assert "the criteria on which it scored higher: SV2 Environment and Price." in text


@pytest.mark.parametrize("regime", [PCR, SCOT])
def test_regulations_successful_letter_has_no_comparison(texts: Texts, regime: str) -> None:
    for text in texts[(regime, "successful")]:
        assert "Characteristics and relative advantages" not in text
        assert "most economically advantageous tender" in text


@pytest.mark.parametrize(
    ("regime", "law", "foreign"),
    [
        (ACT, "Procurement Act 2023, section 22", "Regulations 2015"),
        (PCR, "Public Contracts Regulations 2015, regulations 56(1)(b) and 58", "Act"),
        (SCOT, "Public Contracts (Scotland) Regulations 2015, regulations 56(1)(b)", "Act"),
    ],
)
def test_the_demos_ground_of_exclusion_is_cited_from_its_own_regime(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], regime: str, law: str, foreign: str
) -> None:
    db = ["--db", str(tmp_path / "demo.sqlite")]
    assert main([*db, "demo", "--regime", regime]) == 0
    out = tmp_path / "letters"
    assert (
        main(
            [*db, "letters", "--tender", "NBC-2026-0417", "--out", str(out), "--date", "2099-01-05"]
        )
        == 0
    )
    capsys.readouterr()
    text = pdf_text(next(out.glob("2-B05-*.pdf")))
    assert law in text
    ground = text[text.index(law) - 80 : text.index(law) + 300]
    assert foreign not in ground


def test_an_unknown_demo_regime_is_refused_before_anything_is_made(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "demo.sqlite"
    assert main(["--db", str(path), "demo", "--regime", "pcr-2006"]) == 1
    assert "there is no regime 'pcr-2006': choose procurement-act-2023" in capsys.readouterr().err
    assert not path.exists()
