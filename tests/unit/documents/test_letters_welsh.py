"""A devolved Welsh authority's letters in Welsh, and bilingually (Welsh, then English)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from svdesk.documents.letter_content import build_letters
from svdesk.documents.letter_docx import render_docx
from svdesk.documents.letter_pdf import render_pdf
from svdesk.documents.letter_template import LetterTemplates
from svdesk.documents.welsh import welsh_date
from svdesk.domain.model import LetterLanguage, Regime
from svdesk.services.refusals import Refused
from tests.support.letter_tenders import EVALUATORS, MODERATOR, NAMES, RECONCILED, REF, make_tender
from tests.unit.documents.test_letters_pdf_docx import docx_text, pdf_text

LETTER_DATE = dt.date(2026, 12, 21)
footers: dict[str, str] = {}  # the first page's text, footer included, by language
WALES = "procurement-act-2023-wales"

WELSH = [
    "21 Rhagfyr 2026",
    "Ein cyfeirnod: TST-2026-0001",
    "Crynodeb asesu",
    "adran 50 o Ddeddf Caffael 2023",
    "rheoliad 32 o Reoliadau Caffael (Cymru) 2024",
    "Y cyfnod segur",
    "ar ddydd Llun 21 Rhagfyr 2026",
    "hanner nos ar ddiwedd dydd Mawrth 5 Ionawr 2027",
    "00:00 ar ddydd Mercher 6 Ionawr 2027",
    "Cyfanswm y sgôr",
    "Is-gyfanswm gwerth cymdeithasol",
    "Is-faen prawf 1: New jobs",
    "Y meini prawf dyfarnu a sut y cawsant eu sgorio",
    "0, 25, 50, 75 neu 100",
    "Rhif Tŷ'r Cwmnïau: 01234567",
    "Nid yw'r llythyr hwn yn derbyn unrhyw dendr",
    "GwerthwchiGymru",
    "Yr eiddoch yn gywir",
    "Asesiad y tendr mwyaf manteisiol",
]


@pytest.fixture(scope="module")
def unsuccessful(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[str, str]]:
    """Lot 1's unsuccessful letter (B01's) in Welsh and bilingually: PDF and Word text."""
    folder = tmp_path_factory.mktemp("wales")
    db = make_tender(folder, WALES)
    letter = next(
        x
        for x in build_letters(db, REF, LETTER_DATE)
        if x.lot == "1" and x.addressee.bidder == "B01"
    )
    db.close()
    made = {}
    for language in (LetterLanguage.WELSH, LetterLanguage.BILINGUAL):
        rendered = LetterTemplates().render(letter, language)
        pdf, docx = folder / f"{language.value}.pdf", folder / f"{language.value}.docx"
        render_pdf(rendered, pdf)
        render_docx(rendered, docx)
        made[language.value] = (pdf_text(pdf), docx_text(docx))
        footers[language.value] = PdfReader(pdf).pages[0].extract_text()
    return made


def test_a_welsh_letter_carries_every_item_in_welsh(
    unsuccessful: dict[str, tuple[str, str]],
) -> None:
    for text in unsuccessful["welsh"]:
        assert [item for item in WELSH if item not in text] == []
    for text in unsuccessful["welsh"]:
        # Nothing of the English letter, and nothing that must never be shown.
        for english in ("Assessment summary", "Dear ", "Yours sincerely", "Page 1 of"):
            assert english not in text
        for never in (RECONCILED, *EVALUATORS, MODERATOR, NAMES["B03"], NAMES["B04"]):
            assert never not in text


def test_a_bilingual_letter_gives_the_welsh_then_the_english(
    unsuccessful: dict[str, tuple[str, str]],
) -> None:
    pdf, docx = unsuccessful["bilingual"]
    assert "Crynodeb asesu / Assessment summary" in docx  # the running header
    for text in (pdf, docx):
        assert text.index("Annwyl") < text.index("Yr eiddoch yn gywir") < text.index("Dear ")
        assert "regulation 32 of the Procurement (Wales) Regulations 2024" in text


def test_the_page_numbers_are_in_the_letters_languages(
    unsuccessful: dict[str, tuple[str, str]],
) -> None:
    assert re.search(r"Tudalen 1 o \d+$", footers["welsh"], re.MULTILINE)
    assert re.search(r"Tudalen 1 o (\d+) / Page 1 of \1$", footers["bilingual"], re.MULTILINE)


def test_welsh_dates_are_spelt_by_the_locale_data() -> None:
    day = dt.date(2027, 3, 17)
    assert welsh_date(day) == "17 Mawrth 2027"
    assert welsh_date(day, weekday=True) == "dydd Mercher 17 Mawrth 2027"
    assert welsh_date(day, weekday=True, mutated=True) == "ddydd Mercher 17 Mawrth 2027"


def test_a_regime_without_welsh_templates_is_refused_before_any_letter(tmp_path: Path) -> None:
    db = make_tender(tmp_path, "pcr-2015")
    letters = build_letters(db, REF, LETTER_DATE)
    db.close()
    with pytest.raises(Refused, match=r"no Welsh letter template for the Public Contracts") as no:
        LetterTemplates().check({letters[0].regime}, LetterLanguage.WELSH)
    assert "add pcr-2015/letter.cy.md.j2 to a template folder of your own" in no.value.reasons[0]
    mine = tmp_path / "mine"
    mine.mkdir()
    with pytest.raises(Refused, match=f"to your template folder {mine}"):
        LetterTemplates(mine).check({letters[0].regime}, LetterLanguage.BILINGUAL)


def test_a_users_terms_file_replaces_the_bundled_citation(tmp_path: Path) -> None:
    folder = tmp_path / "mine" / WALES
    folder.mkdir(parents=True)
    bundled = LetterTemplates().terms(Regime(WALES))
    text = (Path(__file__).parents[3] / "resources/letters" / WALES / "terms.toml").read_text()
    (folder / "terms.toml").write_text(
        text.replace(bundled.content_provision, "regulation 32 as amended"), encoding="utf-8"
    )
    mine = LetterTemplates(tmp_path / "mine").terms(Regime(WALES))
    assert mine.content_provision == "regulation 32 as amended"
    (folder / "terms.toml").write_text('law = "Procurement Act 2023"\n', encoding="utf-8")
    with pytest.raises(Refused, match="lacks document"):
        LetterTemplates(tmp_path / "mine").terms(Regime(WALES))
