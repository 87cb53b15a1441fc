"""Reading a Word document's text as a stream: what is read, and what it may cost."""

from __future__ import annotations

import io
import time
import zipfile

import docx
import pytest
from docx.enum.text import WD_BREAK

from svdesk.packs.docx_text import docx_text
from svdesk.packs.text_budget import BUDGET, MB, TextBudget
from svdesk.packs.text_result import Unreadable
from tests.support.hostile_files import docx_from_body, expanding_docx, merged_tables_docx


def paragraph(text: str, inner: str = "") -> str:
    return f"<w:p>{inner}<w:r><w:t xml:space='preserve'>{text}</w:t></w:r></w:p>"


def body_text(body: str, budget: TextBudget = BUDGET) -> tuple[str, str]:
    return docx_text(docx_from_body(body.encode()), budget)


def test_runs_breaks_and_tabs_as_python_docx_renders_them() -> None:
    document = docx.Document()
    first = document.add_paragraph("Line one")
    run = first.add_run()
    run.add_break()
    run.add_text("after a line break\tand a tab")
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    document.add_paragraph("Last")
    out = io.BytesIO()
    document.save(out)

    assert docx_text(out.getvalue(), BUDGET) == (
        "Line one\nafter a line break\tand a tab\n\nLast",
        "",
    )


def test_merged_cells_appear_once_and_nested_tables_stay_in_their_cell() -> None:
    document = docx.Document()
    table = document.add_table(rows=3, cols=2)
    table.cell(0, 0).merge(table.cell(2, 0)).text = "Merged down"
    table.cell(0, 1).text = "a"
    table.cell(1, 1).text = "b"
    table.cell(2, 1).text = "c"
    inner = table.cell(1, 1).add_table(rows=1, cols=2)
    inner.cell(0, 0).text = "inner one"
    inner.cell(0, 1).text = "inner two"
    document.add_paragraph("After")
    out = io.BytesIO()
    document.save(out)

    text, shortfall = docx_text(out.getvalue(), BUDGET)

    assert shortfall == ""
    assert text.split("\n") == [
        "",
        "Merged down | a",
        " | b",
        "inner one",
        "inner two",
        " | c",
        "",
        "After",
    ]


def test_inserted_text_and_content_controls_are_read_deleted_and_fallbacks_are_not() -> None:
    body = (
        paragraph("Kept")
        + "<w:p><w:ins><w:r><w:t>Inserted</w:t></w:r></w:ins>"
        + "<w:del><w:r><w:delText>Deleted</w:delText></w:r></w:del>"
        + "<w:moveFrom><w:r><w:t>Moved away</w:t></w:r></w:moveFrom></w:p>"
        + "<w:sdt><w:sdtContent>"
        + paragraph("In a content control")
        + "</w:sdtContent></w:sdt>"
        + "<w:p><w:r><w:t>Before the box </w:t></w:r><w:r><mc:AlternateContent "
        + "xmlns:mc='http://schemas.openxmlformats.org/markup-compatibility/2006'>"
        + "<mc:Choice Requires='wps'><w:txbxContent>"
        + paragraph("Text box")
        + "</w:txbxContent></mc:Choice><mc:Fallback><w:t>Fallback copy</w:t></mc:Fallback>"
        + "</mc:AlternateContent></w:r><w:r><w:t>after it</w:t></w:r></w:p>"
        + "<w:p><w:pPr><w:tabs><w:tab w:val='left' w:pos='720'/></w:tabs></w:pPr>"
        + "<w:r><w:t>Tab stops are not tabs</w:t></w:r></w:p>"
    )
    assert body_text(body) == (
        "Kept\nInserted\nIn a content control\nBefore the box after it\nTab stops are not tabs",
        "",
    )


# Processor time, not the wall clock: the bound is on the work done, which a busy machine
# does not change.


def test_merged_cell_tables_are_read_in_a_moment() -> None:
    """Six tables of 800 rows, every column merged top to bottom: python-docx took
    minutes for them; the stream reads each cell once."""
    data = merged_tables_docx()
    started = time.process_time()
    text, shortfall = docx_text(data, BUDGET)
    assert time.process_time() - started < 5
    assert shortfall == ""
    assert text.count("Column 0 | Column 1 | Column 2 | Column 3") == 6


def test_xml_that_expands_hugely_is_read_in_bounded_time_and_memory() -> None:
    """190 MB of empty paragraphs in a 300 KB file: read up to the budget, then cut."""
    started = time.process_time()
    text, shortfall = docx_text(expanding_docx(), BUDGET)
    assert time.process_time() - started < 10
    assert text == ""
    assert shortfall == "it has more than 250,000 paragraphs and table rows, more than svdesk reads"


def test_the_document_part_is_cut_at_the_budgets_size() -> None:
    body = [paragraph(f"Paragraph {n} of the offer").encode() for n in range(40_000)]
    budget = TextBudget(docx_xml=MB)

    text, shortfall = docx_text(docx_from_body(body), budget)

    assert shortfall == "its text takes more than 1 MB inside the file, more than svdesk reads"
    assert text.startswith("Paragraph 0 of the offer\nParagraph 1 of the offer\n")
    assert 10_000 < text.count("\n") < 40_000


def test_text_longer_than_the_budget_is_cut() -> None:
    body = paragraph("word " * 1_000) * 30
    text, shortfall = body_text(body, TextBudget(characters=10_000))
    assert shortfall == "its text is longer than the 10,000 characters svdesk keeps"
    assert 10_000 < len(text) < 30_000  # cut after twice the budget; tidying cuts the rest


def test_entities_are_not_expanded() -> None:
    """A 'billion laughs': entities that expand to each other, ten times over."""
    entities = '<!ENTITY a0 "ha">' + "".join(
        f'<!ENTITY a{n} "{f"&a{n - 1};" * 10}">' for n in range(1, 10)
    )
    xml = (
        f'<?xml version="1.0"?><!DOCTYPE w:document [{entities}]>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        "<w:body><w:p><w:r><w:t>&a9;</w:t></w:r></w:p></w:body></w:document>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("word/document.xml", xml)
    started = time.process_time()
    try:
        text, _shortfall = docx_text(out.getvalue(), BUDGET)
    except Unreadable:
        text = ""
    assert time.process_time() - started < 2
    assert "haha" not in text


@pytest.mark.parametrize(
    ("xml", "expected"),
    [
        ("<w:document><w:body><w:p>", "it is damaged"),
        ("not xml at all", "it is damaged"),
    ],
)
def test_damaged_xml_is_unreadable(xml: str, expected: str) -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("word/document.xml", xml)
    with pytest.raises(Unreadable, match=expected):
        docx_text(out.getvalue(), BUDGET)


def test_the_main_part_is_found_through_the_package_relationships() -> None:
    data = docx_from_body(paragraph("Main").encode())
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            content = source.read(info)
            if info.filename == "_rels/.rels":
                content = content.replace(b"word/document.xml", b"word/main.xml")
            name = "word/main.xml" if info.filename == "word/document.xml" else info.filename
            target.writestr(name, content)
    assert docx_text(out.getvalue(), BUDGET) == ("Main", "")
