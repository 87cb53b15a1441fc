"""An award letter as an editable Word file, with the same content as the PDF.

Built with python-docx from the same blocks (``letter_template``): real headings (so the
navigation pane and screen readers find them), paragraphs, bullets, a real Word table
for the scores with its header row repeated on each page, the letterhead in the first
page's header, a running header after it, and ``Page N of M`` fields in the footer.
"""

from __future__ import annotations

import io
from pathlib import Path

from docx import Document
from docx.document import Document as WordDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Emu, Length, Mm, Pt, RGBColor
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from svdesk.documents.letter_blocks import Block, RenderedLetter, Span
from svdesk.documents.letter_tables import LetterTable
from svdesk.documents.properties import property_text

FONT = "Arial"
ACCENT = RGBColor(0x1F, 0x3A, 0x5F)
MUTED = RGBColor(0x5A, 0x62, 0x70)
HEADER_FILL = "EEF2F6"
TOTAL_FILL = "F5F7F9"
RULE = "CDD3DA"
ACCENT_HEX = "1F3A5F"
QUOTE_RULE = "9FB3C8"
CONTENT_WIDTH = Mm(170)
SHORT_TABLE_ROWS = 20  # a table of up to this many rows is kept on one page


def render_docx(letter: RenderedLetter, path: Path, logo: Path | None = None) -> None:
    """Write ``letter`` to ``path`` as a Word document (A4, 20 mm margins)."""
    document = Document()
    _page(document)
    _styles(document)
    _letterhead(document, letter, logo)
    _footer(document, letter.page_words)
    for block in letter.blocks:
        _block(document, block, letter)
    properties = document.core_properties
    properties.title = property_text(letter.title)
    properties.subject = property_text(letter.subject)
    properties.author = property_text(letter.authority)
    properties.language = "en-GB"
    # Built in memory, then written: a zip left half written by a full disk would fail
    # again, noisily, when Python collects it.
    data = io.BytesIO()
    document.save(data)
    with open(path, "wb") as target:
        target.write(data.getbuffer())


def _page(document: WordDocument) -> None:
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(20)
    section.top_margin, section.bottom_margin = Mm(22), Mm(20)
    section.header_distance, section.footer_distance = Mm(10), Mm(10)
    section.different_first_page_header_footer = True


def _styles(document: WordDocument) -> None:
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(10)
    _plain_font(normal.element)
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.line_spacing = 1.15
    for name, size, before in (("Heading 1", 16, 10), ("Heading 2", 12, 12), ("Heading 3", 10, 8)):
        style = document.styles[name]
        style.font.name = FONT
        style.font.size = Pt(size)
        style.font.bold = True
        style.font.italic = False
        style.font.color.rgb = ACCENT if name != "Heading 3" else RGBColor(0x1C, 0x1C, 0x1C)
        _plain_font(style.element)
        style.paragraph_format.space_before = Pt(before)
        style.paragraph_format.space_after = Pt(4)
        style.paragraph_format.keep_with_next = True


def _plain_font(element: object) -> None:
    """Use FONT for every script: drop the theme fonts the default headings carry."""
    rpr = element.get_or_add_rPr()  # type: ignore[attr-defined]
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attribute), None)
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), FONT)


def _runs(paragraph: Paragraph, spans: tuple[Span, ...], size: float | None = None) -> None:
    for span in spans:
        for n, piece in enumerate(span.text.split("\n")):
            run = paragraph.add_run()
            if n:
                run.add_break()
            run.add_text(piece)
            run.bold = span.bold or None
            run.italic = span.italic or None
            if size:
                run.font.size = Pt(size)


def _border(paragraph: Paragraph, side: str, colour: str, size: int, space: int = 1) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    borders = ppr.find(qn("w:pBdr"))
    if borders is None:
        borders = OxmlElement("w:pBdr")
        ppr.append(borders)
    edge = OxmlElement(f"w:{side}")
    for key, value in (("val", "single"), ("sz", str(size)), ("space", str(space))):
        edge.set(qn(f"w:{key}"), value)
    edge.set(qn("w:color"), colour)
    borders.append(edge)


def _letterhead(document: WordDocument, letter: RenderedLetter, logo: Path | None) -> None:
    section = document.sections[0]
    header = section.first_page_header
    table = header.add_table(1, 2, CONTENT_WIDTH)
    _widths(table, [Mm(110), Mm(60)])
    rule = header.paragraphs[0]
    rule._p.addprevious(table._tbl)  # the letterhead, then the paragraph that rules it off
    left, right = table.rows[0].cells
    name = left.paragraphs[0]
    if logo is not None:
        name.add_run().add_picture(str(logo), height=Mm(14))
        name = left.add_paragraph()
    run = name.add_run(letter.authority)
    run.bold, run.font.size, run.font.color.rgb = True, Pt(15), ACCENT
    address = right.paragraphs[0]
    address.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _runs(address, (Span("\n".join(letter.authority_lines)),), size=7.5)
    for run in address.runs:
        run.font.color.rgb = MUTED
    _border(rule, "bottom", ACCENT_HEX, 12)
    rule.paragraph_format.space_after = Pt(14)
    _cell_margins(table, 0, 0)
    running = section.header.paragraphs[0]
    _runs(running, (Span(letter.running_header),), size=7.5)
    for run in running.runs:
        run.font.color.rgb = MUTED
    _border(running, "bottom", RULE, 4, 4)


def _field(paragraph: Paragraph, instruction: str) -> None:
    """A Word field (PAGE, NUMPAGES) that Word and LibreOffice fill in when they lay out."""
    for kind, text in (("begin", None), ("instr", instruction), ("separate", None), ("end", None)):
        run = paragraph.add_run()
        run.font.size, run.font.color.rgb = Pt(8), MUTED
        if kind == "instr":
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = f" {text} "
        else:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        run._r.append(element)
        if kind == "separate":
            placeholder = paragraph.add_run("1")
            placeholder.font.size, placeholder.font.color.rgb = Pt(8), MUTED


def _footer(document: WordDocument, page_words: tuple[tuple[str, str], ...]) -> None:
    section = document.sections[0]
    for footer in (section.footer, section.first_page_footer):
        paragraph = footer.paragraphs[0]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        for n, (page, of) in enumerate(page_words):
            for text, field in ((" / " if n else "") + page, "PAGE"), (of, "NUMPAGES"):
                run = paragraph.add_run(text)
                run.font.size, run.font.color.rgb = Pt(8), MUTED
                _field(paragraph, field)


def _block(document: WordDocument, block: Block, letter: RenderedLetter) -> None:
    if block.kind == "table":
        table = letter.tables.get(block.table)
        if table is not None:
            short = len(table.rows) <= SHORT_TABLE_ROWS
            if short and document.paragraphs:
                document.paragraphs[-1].paragraph_format.keep_with_next = True
            _table(document, table, keep_together=short)
            document.add_paragraph().paragraph_format.space_after = Pt(2)
        return
    if block.kind == "page":
        document.add_page_break()  # type: ignore[no-untyped-call]
        return
    if block.kind == "space":
        # A signature stays with the closing line above it.
        if document.paragraphs:
            document.paragraphs[-1].paragraph_format.keep_with_next = True
        gap = document.add_paragraph().paragraph_format
        gap.space_after, gap.keep_with_next = Pt(28), True
        return
    style = {
        "title": "Heading 1",
        "heading": "Heading 2",
        "subheading": "Heading 3",
        "bullet": "List Bullet",
    }.get(block.kind, "Normal")
    paragraph = document.add_paragraph(style=style)
    if block.kind == "right":
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        paragraph.paragraph_format.space_after = Pt(10)
    if block.kind == "quote":
        paragraph.paragraph_format.left_indent = Mm(4)
        _border(paragraph, "left", QUOTE_RULE, 16, 8)
    _runs(paragraph, block.spans, size=9.5 if block.kind == "quote" else None)


def _cell(cell: _Cell, text: str, *, bold: bool, right: bool, size: float = 8.5) -> None:
    paragraph = cell.paragraphs[0]
    paragraph.paragraph_format.space_after = Pt(0)
    paragraph.paragraph_format.line_spacing = 1.0
    if right:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _runs(paragraph, (Span(text, bold=bold),), size=size)


def _cell_format(cell: _Cell, *, fill: str | None, bottom: tuple[str, int] | None) -> None:
    tcpr = cell._tc.get_or_add_tcPr()
    if fill:
        shade = OxmlElement("w:shd")
        shade.set(qn("w:val"), "clear")
        shade.set(qn("w:color"), "auto")
        shade.set(qn("w:fill"), fill)
        tcpr.append(shade)
    if bottom:
        borders = OxmlElement("w:tcBorders")
        edge = OxmlElement("w:bottom")
        edge.set(qn("w:val"), "single")
        edge.set(qn("w:sz"), str(bottom[1]))
        edge.set(qn("w:color"), bottom[0])
        borders.append(edge)
        tcpr.append(borders)


def _cell_margins(table: Table, vertical: int, horizontal: int) -> None:
    """The space inside every cell of ``table``, in twentieths of a point."""
    margins = OxmlElement("w:tblCellMar")
    for side, twips in (("top", vertical), ("left", horizontal)):
        for name in (side, {"top": "bottom", "left": "right"}[side]):
            margin = OxmlElement(f"w:{name}")
            margin.set(qn("w:w"), str(twips))
            margin.set(qn("w:type"), "dxa")
            margins.append(margin)
    table._tbl.tblPr.append(margins)


def _widths(table: Table, widths: list[Length]) -> None:
    """Fixed column widths, set where Word and LibreOffice each read them."""
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width


def _table(document: WordDocument, table: LetterTable, keep_together: bool = False) -> Table:
    groups = 1 if table.groups else 0
    word: Table = document.add_table(rows=groups + 1 + len(table.rows), cols=len(table.columns))
    word.alignment = WD_TABLE_ALIGNMENT.LEFT
    shares = sum(c.width for c in table.columns)
    _widths(word, [Emu(int(CONTENT_WIDTH * c.width / shares)) for c in table.columns])
    _cell_margins(word, 45, 85)
    for row in word.rows:
        keep = OxmlElement("w:cantSplit")  # a row is never broken across two pages
        row._tr.get_or_add_trPr().append(keep)
    if table.groups:
        column = 0
        for group in table.groups:
            cells = word.rows[0].cells
            merged = (
                cells[column].merge(cells[column + group.span - 1])
                if group.span > 1
                else (cells[column])
            )
            _cell(merged, group.title, bold=True, right=False, size=8)
            merged.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
            _cell_format(merged, fill=HEADER_FILL, bottom=(RULE, 4) if group.title else None)
            column += group.span
    for cell, column_spec in zip(word.rows[groups].cells, table.columns, strict=True):
        _cell(cell, column_spec.title, bold=True, right=column_spec.align == "right", size=8)
        _cell_format(cell, fill=HEADER_FILL, bottom=(ACCENT_HEX, 8))
    for index in range(groups + 1):
        header = word.rows[index]._tr.get_or_add_trPr()
        repeat = OxmlElement("w:tblHeader")
        repeat.set(qn("w:val"), "true")
        header.append(repeat)
    for data, row in zip(table.rows, word.rows[groups + 1 :], strict=True):
        for cell, text, column_spec in zip(row.cells, data.cells, table.columns, strict=True):
            _cell(cell, text, bold=data.style != "body", right=column_spec.align == "right")
            _cell_format(
                cell,
                fill=TOTAL_FILL if data.style == "total" else None,
                bottom=(ACCENT_HEX, 8) if data.style == "total" else (RULE, 4),
            )
    if keep_together:  # Word's way: every row but the last keeps with the next
        for row in word.rows[:-1]:
            for cell in row.cells:
                for paragraph in cell.paragraphs:
                    paragraph.paragraph_format.keep_with_next = True
    return word
