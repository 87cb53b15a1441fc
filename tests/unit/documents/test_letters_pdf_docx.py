"""The letters as a reader gets them: text read back from the PDF and the Word file."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from docx import Document
from pypdf import PdfReader

from svdesk.documents.letter_blocks import Block, RenderedLetter, Span
from svdesk.documents.letter_content import build_letters
from svdesk.documents.letter_docx import render_docx
from svdesk.documents.letter_pdf import check_logo, render_pdf
from svdesk.documents.letter_tables import Column, LetterTable, TableRow
from svdesk.documents.letter_template import LetterTemplates
from svdesk.services.refusals import Refused
from tests.support.letter_tenders import (
    CONTACTS,
    EVALUATORS,
    EXCLUDED_REASON,
    MODERATOR,
    NAMES,
    RECONCILED,
    REF,
    make_tender,
)

LETTER_DATE = dt.date(2026, 12, 21)
REGIMES = ("procurement-act-2023", "pcr-2015", "scotland-2015", "procurement-act-2023-wales")
ACTS = ("procurement-act-2023", "procurement-act-2023-wales")
KEYS = {"successful": "B02", "unsuccessful": "B01", "below-minimum": "B03", "excluded": "B04"}

Files = dict[tuple[str, str], dict[str, Path]]


def squash(text: str) -> str:
    return " ".join(text.split())


_FOOTER = re.compile(r"^(Tudalen \d+ o \d+)?( / )?(Page \d+ of \d+)?$")


def pdf_text(path: Path) -> str:
    """The letter's text as a reader reads it on: without the page numbers and the running
    header of the later pages, which would otherwise split a sentence at a page break."""
    pages = [
        [line for line in page.extract_text().splitlines() if line.strip()]
        for page in PdfReader(path).pages
    ]
    seen: dict[str, int] = {}
    for lines in pages:
        for line in set(lines):
            seen[line] = seen.get(line, 0) + 1
    frame = {line for line, n in seen.items() if n > 1 and " · " in line}  # running header
    kept = [
        line
        for lines in pages
        for line in lines
        if line not in frame and not _FOOTER.match(line.strip())
    ]
    return squash(" ".join(kept))


def docx_text(path: Path) -> str:
    document = Document(str(path))
    parts = [p.text for p in document.paragraphs]
    parts += [c.text for t in document.tables for row in t.rows for c in row.cells]
    section = document.sections[0]
    for header in (section.first_page_header, section.header):
        parts += [p.text for p in header.paragraphs]
        parts += [c.text for t in header.tables for row in t.rows for c in row.cells]
    return squash(" ".join(parts))


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> Files:
    """Every letter of lot 1, in every regime, as PDF and DOCX."""
    made: Files = {}
    templates = LetterTemplates()
    for regime in REGIMES:
        folder = tmp_path_factory.mktemp(regime)
        db = make_tender(folder, regime)
        for letter in build_letters(db, REF, LETTER_DATE):
            if letter.lot != "1":
                continue
            rendered = templates.render(letter)
            stem = folder / f"{letter.addressee.bidder}"
            render_pdf(rendered, stem.with_suffix(".pdf"))
            render_docx(rendered, stem.with_suffix(".docx"))
            made[(regime, letter.kind.value)] = {
                "pdf": stem.with_suffix(".pdf"),
                "docx": stem.with_suffix(".docx"),
            }
        db.close()
    return made


def texts(files: Files, regime: str, kind: str) -> list[str]:
    paths = files[(regime, kind)]
    return [pdf_text(paths["pdf"]), docx_text(paths["docx"])]


EVERY_LETTER = [
    "Testshire County Council",
    "County Hall",
    "TS1 1AA",
    "21 December 2026",
    "Grounds Maintenance (TST-2026-0001), Lot 1: North",
    "Beta Services plc",
    "Relative importance",
    "SV1 Jobs",
    "12.00%",
    "0, 25, 50, 75 or 100",
    "Unacceptable",
    "Invitation to Tender TST-2026-0001, Part 4 (Award criteria)",
    "Total score",
    "Social value sub-total",
    "will not enter into the contract before the standstill period has ended",
    "Alex Procurer",
    "alex@example.gov.uk",
    "Sam Signer",
    "Head of Procurement",
    # The lines a legal team adds: no contract yet, remedies and their time limit.
    "is not an acceptance",
    "no contract exists",
    "Proceedings must be started within 30 days",
    "so that we can answer them before the standstill period ends",
]

BY_REGIME = {
    "procurement-act-2023": [
        "section 50 of the Procurement Act 2023",
        "section 51 of the Procurement Act 2023",
        "publish the contract award notice on Monday 21 December 2026",
        "midnight at the end of Tuesday 5 January 2027",
        "00:00 UK time on Wednesday 6 January 2027",
        "The contract award notice will be published on the Central Digital Platform",
        "section 101 of the Procurement Act 2023",
        "by 5pm on Wednesday 30 December 2026",
    ],
    "procurement-act-2023-wales": [
        "section 50 of the Procurement Act 2023",
        "publish the contract award notice on the Welsh platform (Sell2Wales) on Monday 21 "
        "December 2026",
        "midnight at the end of Tuesday 5 January 2027",
        "section 101 of the Procurement Act 2023",
    ],
    "pcr-2015": [
        "Award decision notice",
        "regulation 86 of the Public Contracts Regulations 2015",
        "regulation 87 of the Public Contracts Regulations 2015",
        "sent by electronic means on Monday 21 December 2026",
        "midnight at the end of Thursday 31 December 2026",
        "a contract award notice will be published on Find a Tender",
        "regulation 95 of the Public Contracts Regulations 2015",
        "by 5pm on Tuesday 29 December 2026",
    ],
    "scotland-2015": [
        "Award decision notice",
        "regulation 85 of the Public Contracts (Scotland) Regulations 2015",
        "regulation 86 of the Public Contracts (Scotland) Regulations 2015",
        "midnight at the end of Thursday 31 December 2026",
        "published on Public Contracts Scotland",
        "regulation 89 of the Public Contracts (Scotland) Regulations 2015",
    ],
}

BY_KIND = {
    "unsuccessful": [
        "Alpha Grounds Ltd",
        "For the attention of Zoë Ó Súilleabháin",
        "1 High St Testford",
        "b01@example.com",
        "Companies House number: 01234567",
        "Your tender scored 78.00 in total and was ranked 2nd",
        "Beta Services plc, scored 80.00",
        "SV1 Jobs 12.00 75.00 9.00 50.00 6.00",
        "Total score 100.00 – 78.00 – 80.00",
        "SV1 Jobs: 75.00 (Good)",
        "Sub-criterion 1: New jobs",
        "R-B01-SV1 the response commits to four local jobs with dates.",
        "R-B01-SV1-skills",
        "SV2 Environment: 100.00 (Excellent), against your 50.00 (Acceptable)",
        "R-B02-SV2: the response earns 100",
    ],
    "successful": [
        "For the attention of Łukasz Nowak",
        "to you, Beta Services plc",
        "Your tender scored 80.00 in total and was ranked 1st",
        "SV1 Jobs 12.00 50.00 6.00",
        "R-B02-SV1",
        "R-B02-SV2",
    ],
    "below-minimum": [
        "Gamma Łąki Ltd",
        "Your tender scored 82.00 in total",
        "not eligible for award and was not ranked",
        "Minimum score not met",
        "SV2 Environment: your tender scored 0.00, below the minimum score of 25",
        "R-B03-SV2",
        "R-B02-SV2",
    ],
    "excluded": [
        "Delta & Sons Ltd",
        EXCLUDED_REASON,
        "it was not assessed against the award criteria",
        "Total score 100.00 – 80.00",
    ],
}

# The Act's assessment summaries (the excluded supplier's letter is a notice of exclusion).
BY_BOTH = {
    (act, kind): ["Assessment summary"]
    for kind in ("successful", "unsuccessful", "below-minimum")
    for act in ACTS
}
# The content the regulations set is claimed only by the letters that carry it: an excluded
# supplier's notice is no assessment summary.
for _kind in ("successful", "unsuccessful", "below-minimum"):
    BY_BOTH[("procurement-act-2023", _kind)].append(
        "regulation 31 of the Procurement Regulations 2024"
    )
    BY_BOTH[("procurement-act-2023-wales", _kind)].append(
        "regulation 32 of the Procurement (Wales) Regulations 2024"
    )
for _act in ACTS:
    BY_BOTH[(_act, "excluded")] = ["Notice of exclusion or disregard"]
    BY_BOTH[(_act, "unsuccessful")] += [
        "The assessment of the most advantageous tender",
        # A Companies House number is not passed off as the platform's identifier.
        "(given in place of a Central Digital Platform unique identifier)",
    ]
for _regime in ("pcr-2015", "scotland-2015"):
    BY_BOTH[(_regime, "unsuccessful")] = [
        "Characteristics and relative advantages of the successful tender"
    ]

NEVER = [RECONCILED, *EVALUATORS, MODERATOR]


@pytest.mark.parametrize("kind", list(KEYS))
@pytest.mark.parametrize("regime", REGIMES)
def test_every_required_item_is_in_the_pdf_and_the_docx(
    files: Files, regime: str, kind: str
) -> None:
    for text in texts(files, regime, kind):
        missing = [
            item
            for item in EVERY_LETTER
            + BY_REGIME[regime]
            + BY_KIND[kind]
            + BY_BOTH.get((regime, kind), [])
            if item not in text
        ]
        assert missing == []


@pytest.mark.parametrize("kind", list(KEYS))
@pytest.mark.parametrize("regime", REGIMES)
def test_nothing_that_must_not_be_there(files: Files, regime: str, kind: str) -> None:
    bidder = KEYS[kind]
    others = [key for key in NAMES if key not in (bidder, "B02")]
    for text in texts(files, regime, kind):
        present = [item for item in NEVER if item in text]
        for other in others:
            present += [s for s in (NAMES[other], CONTACTS[other], f"R-{other}-") if s in text]
        assert present == []
        if kind in ("unsuccessful", "below-minimum"):
            # The winner's assessment is given on every criterion, where it scored lower too.
            assert "R-B02-SV1" in text
    if kind == "unsuccessful":
        # B03's total and B04's price score belong to other letters.
        assert not any(s in t for t in texts(files, regime, kind) for s in ("82.00", "39.00"))


def test_pcr_unsuccessful_letter_gives_the_relative_advantages(files: Files) -> None:
    for text in texts(files, "pcr-2015", "unsuccessful"):
        assert "including the characteristics and relative advantages of the successful" in text
        assert "the name of the successful tenderer" in text


def test_fonts_are_embedded_truetype_subsets(files: Files) -> None:
    reader = PdfReader(files[("procurement-act-2023", "unsuccessful")]["pdf"])
    fonts = {
        font.get_object()["/BaseFont"]: font.get_object()
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()
    }
    assert fonts
    for name, font in fonts.items():
        assert font["/Subtype"] == "/TrueType", name
        assert "+DejaVuSans" in name  # a subset: "AAAAAA+DejaVuSans"
        assert "/FontFile2" in font["/FontDescriptor"], name


def test_pdf_metadata_and_page_furniture(files: Files) -> None:
    reader = PdfReader(files[("procurement-act-2023", "unsuccessful")]["pdf"])
    assert reader.metadata is not None
    assert reader.metadata.author == "Testshire County Council"
    assert (
        reader.metadata.title
        == "Assessment summary: TST-2026-0001 Lot 1: North – Alpha Grounds Ltd"
    )
    assert reader.metadata.subject == "Grounds Maintenance (TST-2026-0001), Lot 1: North"
    pages = [squash(p.extract_text()) for p in reader.pages]
    total = len(pages)
    assert total > 1
    for number, text in enumerate(pages, start=1):
        assert f"Page {number} of {total}" in text
    running = (
        "Testshire County Council · Assessment summary · TST-2026-0001, Lot 1 · Alpha Grounds Ltd"
    )
    assert running in pages[1]
    assert running not in pages[0]
    assert float(reader.pages[0].mediabox.width) == pytest.approx(595.28, abs=0.1)  # A4


def _letter(blocks: list[Block], tables: dict[str, LetterTable] | None = None) -> RenderedLetter:
    return RenderedLetter(
        tuple(blocks),
        tables or {},
        "Łódź Borough Council",
        ("Town Hall",),
        "Title",
        "Subject",
        "Running header",
    )


def test_a_one_page_letter_has_no_page_number(tmp_path: Path) -> None:
    path = tmp_path / "short.pdf"
    render_pdf(_letter([Block("paragraph", (Span("Short letter for Zoë."),))]), path)
    reader = PdfReader(path)
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    assert "Zoë" in text
    assert "Łódź Borough Council" in text
    assert "Page" not in text


def test_a_long_score_table_wraps_and_repeats_its_header(tmp_path: Path) -> None:
    title = "A criterion title long enough to need wrapping within its cell number"
    rows = tuple(
        TableRow((f"SV{n} {title} {n}", "2.50", "75.00", "1.88", "100.00", "2.50"))
        for n in range(1, 61)
    )
    columns = (
        Column("Criterion", width=3.4),
        *(
            Column(t, "right")
            for t in ("Weight", "Score", "Weighted score", "Score", "Weighted score")
        ),
    )
    blocks = [
        Block("heading", (Span("Your scores"),)),
        Block("paragraph", (Span("Your scores were:"),)),
        Block("table", table="score"),
    ]
    path = tmp_path / "long.pdf"
    render_pdf(_letter(blocks, {"score": LetterTable(columns, rows)}), path)
    pages = [squash(p.extract_text()) for p in PdfReader(path).pages]
    assert len(pages) >= 2
    assert "SV1 " in pages[0]  # starts under its heading, not on a page of its own
    assert all("Criterion Weight Score Weighted score" in page for page in pages)
    text = " ".join(pages)
    assert all(f"SV{n} {title} {n}" in text for n in range(1, 61))


def test_the_docx_is_editable_structure(files: Files) -> None:
    document = Document(str(files[("procurement-act-2023", "unsuccessful")]["docx"]))
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert round(section.left_margin.mm) == 20
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert "Assessment summary" in headings
    assert "Standstill period" in headings
    score = document.tables[0]
    assert [c.text for c in score.rows[2].cells] == [
        "SV1 Jobs",
        "12.00",
        "75.00",
        "9.00",
        "50.00",
        "6.00",
    ]
    assert 'w:tblHeader w:val="true"' in score.rows[1]._tr.xml
    assert " PAGE " in section.footer._element.xml
    assert " NUMPAGES " in section.footer._element.xml
    properties = document.core_properties
    assert (properties.author, properties.subject) == (
        "Testshire County Council",
        "Grounds Maintenance (TST-2026-0001), Lot 1: North",
    )


def test_a_logo_is_drawn_and_a_file_that_is_not_an_image_is_refused(tmp_path: Path) -> None:
    from PIL import Image

    logo = tmp_path / "logo.png"
    Image.new("RGB", (120, 60), (31, 58, 95)).save(logo)
    check_logo(logo)
    letter = _letter([Block("paragraph", (Span("With a logo."),))])
    render_pdf(letter, tmp_path / "logo.pdf", logo)
    page = PdfReader(tmp_path / "logo.pdf").pages[0]
    assert any(
        x.get_object()["/Subtype"] == "/Image" for x in page["/Resources"]["/XObject"].values()
    )
    render_docx(letter, tmp_path / "logo.docx", logo)
    assert (
        "graphicData"
        in Document(str(tmp_path / "logo.docx")).sections[0].first_page_header._element.xml
    )
    not_image = tmp_path / "logo.png.txt"
    not_image.write_text("not a picture", encoding="utf-8")
    with pytest.raises(Refused, match="is not an image"):
        check_logo(not_image)
    fake = tmp_path / "fake.png"
    fake.write_bytes(b"\x89PNG\r\n\x1a\n" + b"broken")
    with pytest.raises(Refused, match="not an image that can be read"):
        check_logo(fake)
    with pytest.raises(Refused, match="cannot be read"):
        check_logo(tmp_path / "missing.png")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Grounds Maintenance", "Grounds Maintenance"),
        ("Two\nlines\tand\x1b[2J controls", "Two lines and [2J controls"),
        ("x" * 255, "x" * 255),
        ("x" * 256, "x" * 254 + "…"),
        ("word " * 60, ("word " * 51).strip() + "…"),
    ],
)
def test_a_property_is_one_line_within_the_word_limit(text: str, expected: str) -> None:
    from svdesk.documents.properties import property_text

    assert property_text(text) == expected
    assert len(property_text(text)) <= 255
