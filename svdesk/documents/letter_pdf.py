"""An award letter as an A4 PDF: letterhead, clear headings, a readable score table.

Drawn with reportlab's platypus from the blocks a letter template wrote
(``letter_template``). Text is real text in DejaVu Sans, embedded as a TrueType subset,
so every name prints (``Zoë Ó Súilleabháin``, ``Łukasz``) and can be searched, copied
and read aloud. A letter over one page carries a running header and ``Page 2 of 3``.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any, BinaryIO
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from svdesk.documents.fonts import FontNames, register_fonts
from svdesk.documents.letter_blocks import Block, RenderedLetter, Span
from svdesk.documents.letter_tables import LetterTable
from svdesk.documents.properties import property_text
from svdesk.packs.ordinary_files import MB, PackFileError, quoted, read_ordinary
from svdesk.services.refusals import Refused

ACCENT = colors.HexColor("#1F3A5F")
QUOTE_RULE = colors.HexColor("#9FB3C8")
RULE = colors.HexColor("#CDD3DA")
HEADER_FILL = colors.HexColor("#EEF2F6")
TOTAL_FILL = colors.HexColor("#F5F7F9")
MUTED = colors.HexColor("#5A6270")
TEXT = colors.HexColor("#1C1C1C")

PAGE_WIDTH, PAGE_HEIGHT = A4
SIDE = 20 * mm
FIRST_TOP = 44 * mm  # room for the letterhead
LATER_TOP = 22 * mm  # room for the running header
BOTTOM = 20 * mm
LOGO_HEIGHT = 16 * mm
SHORT_TABLE = PAGE_HEIGHT / 2  # a table up to this tall is kept on one page
_HEADINGS = {"title": 40 * mm, "heading": 32 * mm, "subheading": 24 * mm}  # room they need


MAX_LOGO_SIZE = 10 * MB  # a letterhead logo; larger is surely the wrong file


def check_logo(path: Path) -> None:
    """Refuse a logo that is not a PNG or JPEG image that can be read."""
    path = Path(path)
    try:
        # Bounded, and a named pipe or a device is refused before it is opened.
        data = read_ordinary(path, MAX_LOGO_SIZE, f"The logo {quoted(str(path))}")
    except PackFileError as exc:
        raise Refused([str(exc)]) from None
    if not data.startswith((b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff")):
        raise Refused([f"The logo {path} is not an image: give a PNG or JPEG file"])
    try:
        ImageReader(io.BytesIO(data)).getSize()
    except Exception as exc:
        raise Refused([f"The logo {path} is not an image that can be read ({exc})"]) from None


def _styles(fonts: FontNames) -> dict[str, ParagraphStyle]:
    body = ParagraphStyle(
        "body",
        fontName=fonts.regular,
        bulletFontName=fonts.regular,
        fontSize=9.5,
        leading=13.5,
        textColor=TEXT,
        spaceAfter=6,
    )
    return {
        "paragraph": body,
        "title": ParagraphStyle(
            "title",
            parent=body,
            fontName=fonts.bold,
            fontSize=16,
            leading=20,
            textColor=ACCENT,
            spaceBefore=8,
            spaceAfter=4,
        ),
        "heading": ParagraphStyle(
            "heading",
            parent=body,
            fontName=fonts.bold,
            fontSize=11.5,
            leading=15,
            textColor=ACCENT,
            spaceBefore=10,
            spaceAfter=5,
        ),
        "subheading": ParagraphStyle(
            "subheading",
            parent=body,
            fontName=fonts.bold,
            fontSize=9.5,
            leading=13,
            spaceBefore=6,
            spaceAfter=3,
        ),
        "bullet": ParagraphStyle(
            "bullet", parent=body, leftIndent=12, bulletIndent=2, spaceAfter=3
        ),
        "quote": ParagraphStyle(
            "quote", parent=body, fontSize=9, leading=12.8, textColor=colors.HexColor("#2E3440")
        ),
        "right": ParagraphStyle("right", parent=body, alignment=TA_RIGHT, spaceAfter=10),
        "cell": ParagraphStyle("cell", parent=body, fontSize=8.5, leading=11, spaceAfter=0),
        "cell-right": ParagraphStyle(
            "cell-right", parent=body, fontSize=8.5, leading=11, spaceAfter=0, alignment=TA_RIGHT
        ),
        "head": ParagraphStyle(
            "head",
            parent=body,
            fontName=fonts.bold,
            fontSize=8,
            leading=10,
            spaceAfter=0,
            textColor=ACCENT,
        ),
    }


def markup(spans: tuple[Span, ...] | str) -> str:
    """Paragraph markup for ``spans``: escaped text, bold, italic and line breaks."""
    if isinstance(spans, str):
        spans = (Span(spans),)
    parts = []
    for span in spans:
        text = escape(span.text).replace("\n", "<br/>")
        if span.italic:
            text = f"<i>{text}</i>"
        if span.bold:
            text = f"<b>{text}</b>"
        parts.append(text)
    return "".join(parts)


class _Quoted(Flowable):  # type: ignore[misc]
    """A quotation: indented text with a rule down its left side; splits across pages."""

    def __init__(self, paragraph: Paragraph, indent: float = 10, rule: float = 2) -> None:
        super().__init__()
        self.paragraph = paragraph
        self.indent = indent
        self.rule = rule
        self.spaceAfter = 6

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        _, self.height = self.paragraph.wrap(available_width - self.indent, available_height)
        self.width = available_width
        return available_width, self.height

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        parts = self.paragraph.split(available_width - self.indent, available_height)
        return [_Quoted(part, self.indent, self.rule) for part in parts]

    def draw(self) -> None:
        self.canv.setStrokeColor(QUOTE_RULE)
        self.canv.setLineWidth(self.rule)
        self.canv.line(self.rule / 2, 1, self.rule / 2, self.height - 1)
        self.paragraph.drawOn(self.canv, self.indent, 0)


def table_flowable(table: LetterTable, styles: dict[str, ParagraphStyle], width: float) -> Table:
    """A table that wraps long text, right-aligns numbers and repeats its header."""
    shares = sum(c.width for c in table.columns)
    widths = [width * c.width / shares for c in table.columns]
    head = styles["head"]
    data: list[list[Any]] = []
    commands: list[tuple[Any, ...]] = [
        ("FONT", (0, 0), (-1, -1), head.fontName),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 5),
        ("RIGHTPADDING", (0, 0), (-1, -1), 5),
        ("TOPPADDING", (0, 0), (-1, -1), 3.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3.5),
    ]
    if table.groups:
        row: list[Any] = []
        column = 0
        for group in table.groups:
            style = ParagraphStyle("group", parent=head, alignment=TA_CENTER)
            row += [Paragraph(markup(group.title), style)] + [""] * (group.span - 1)
            if group.span > 1:
                commands.append(("SPAN", (column, 0), (column + group.span - 1, 0)))
            if group.title:
                end = column + group.span - 1
                commands.append(("LINEBELOW", (column, 0), (end, 0), 0.5, RULE))
            column += group.span
        data.append(row)
    header_row = len(data)
    data.append(
        [
            Paragraph(
                markup(c.title),
                ParagraphStyle(
                    "h", parent=head, alignment=TA_RIGHT if c.align == "right" else TA_LEFT
                ),
            )
            for c in table.columns
        ]
    )
    commands += [
        ("BACKGROUND", (0, 0), (-1, header_row), HEADER_FILL),
        ("LINEBELOW", (0, header_row), (-1, header_row), 0.8, ACCENT),
    ]
    for row_data in table.rows:
        index = len(data)
        bold = row_data.style != "body"
        cells = []
        for column_spec, text in zip(table.columns, row_data.cells, strict=True):
            style = styles["cell-right" if column_spec.align == "right" else "cell"]
            content = markup((Span(text, bold=bold),))
            cells.append(Paragraph(content, style))
        data.append(cells)
        if row_data.style == "total":
            commands += [
                ("BACKGROUND", (0, index), (-1, index), TOTAL_FILL),
                ("LINEABOVE", (0, index), (-1, index), 0.8, ACCENT),
                ("LINEBELOW", (0, index), (-1, index), 0.8, ACCENT),
            ]
        elif row_data.style == "subtotal":
            commands.append(("LINEABOVE", (0, index), (-1, index), 0.6, MUTED))
        else:
            commands.append(("LINEBELOW", (0, index), (-1, index), 0.3, RULE))
    flowable = Table(
        data, colWidths=widths, repeatRows=header_row + 1, style=TableStyle(commands), hAlign="LEFT"
    )
    flowable.spaceBefore = 4
    flowable.spaceAfter = 10
    return flowable


def flowables(letter: RenderedLetter, fonts: FontNames, width: float) -> list[Flowable]:
    styles = _styles(fonts)
    story: list[Flowable] = [NextPageTemplate("later")]
    for block in letter.blocks:
        if block.kind == "table":
            _add_table(story, letter.tables.get(block.table), styles, width)
        elif block.kind == "page":
            story.append(PageBreak())
        elif block.kind == "space":
            # A signature is not left alone on a page: the closing lines above it ("Yours
            # sincerely", the paragraph and heading before) go with it.
            for flowable in story[-1:-5:-1]:
                if not isinstance(flowable, Paragraph):
                    break
                flowable.keepWithNext = 1
                if flowable.style.name in _HEADINGS:
                    break
            gap = Spacer(1, 14 * mm)
            gap.keepWithNext = 1
            story.append(gap)
        else:
            if block.kind in _HEADINGS:
                # Never a heading alone at the foot of a page. (A page-break condition costs
                # nothing; keeping the heading with what follows would lay that out twice.)
                story.append(CondPageBreak(_HEADINGS[block.kind]))
            story.extend(_block(block, styles))
    return story


def _add_table(
    story: list[Flowable],
    table: LetterTable | None,
    styles: dict[str, ParagraphStyle],
    width: float,
) -> None:
    if table is None:
        return
    flowable = table_flowable(table, styles, width)
    height = _estimated_height(table, width)
    if height <= SHORT_TABLE:
        # A short table starts on a new page rather than split, together with the
        # sentence that introduces it and the heading above that. The height is
        # estimated: measuring it would lay the table out twice.
        at = len(story)
        if isinstance(story[at - 1], Paragraph):
            at -= 1
            lead = 14.0 * (1 + len(story[at].text) // 95)
            if isinstance(story[at - 1], Paragraph) and story[at - 1].style.name in _HEADINGS:
                at, lead = at - 1, lead + 24
            if isinstance(story[at - 1], CondPageBreak):
                at -= 1  # the heading's own condition: this one replaces it
                story.pop(at)
            story.insert(at, CondPageBreak(height + lead))
        else:
            story.append(CondPageBreak(height))
    story.append(flowable)  # a longer table splits where the page ends, repeating its header


def _estimated_height(table: LetterTable, width: float) -> float:
    """Roughly how tall ``table`` will be, from the length of the text in each cell."""
    shares = sum(c.width for c in table.columns)
    # Average width of a character at the cells' size, and the cells' padding.
    capacity = [max(1.0, (width * c.width / shares - 10) / 4.6) for c in table.columns]
    height = 30.0 if table.groups else 20.0
    for row in table.rows:
        lines = max(
            sum(1 + int(len(part) / chars) for part in cell.split("\n"))
            for cell, chars in zip(row.cells, capacity, strict=True)
        )
        height += 11 * lines + 7
    return height


def _block(block: Block, styles: dict[str, ParagraphStyle]) -> list[Flowable]:
    if block.kind == "quote":
        return [_Quoted(Paragraph(markup(block.spans), styles["quote"]))]
    if block.kind == "bullet":
        return [Paragraph(markup(block.spans), styles["bullet"], bulletText="•")]
    return [Paragraph(markup(block.spans), styles[block.kind])]


class _LetterCanvas(Canvas):  # type: ignore[misc]
    """Keeps each page until the end, so every page can say how many there are."""

    running_header = ""
    page_words: tuple[tuple[str, str], ...] = (("Page ", " of "),)
    fonts: FontNames

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._pages: list[dict[str, Any]] = []

    def showPage(self) -> None:  # reportlab's name
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        for number, state in enumerate(self._pages, start=1):
            self.__dict__.update(state)
            if total > 1:
                self._frame(number, total)
            super().showPage()
        super().save()

    def _fitted(self, text: str, width: float) -> str:
        """``text`` cut with an ellipsis to fit ``width`` (a long bidder's name would not)."""
        if self.stringWidth(text, self.fonts.regular, 8) <= width:
            return text
        while text and self.stringWidth(text + "…", self.fonts.regular, 8) > width:
            text = text[:-1]
        return text.rstrip() + "…"

    def _frame(self, number: int, total: int) -> None:
        self.saveState()
        self.setFont(self.fonts.regular, 8)
        self.setFillColor(MUTED)
        label = " / ".join(f"{page}{number}{of}{total}" for page, of in self.page_words)
        self.drawRightString(PAGE_WIDTH - SIDE, 11 * mm, label)
        if number > 1:
            top = PAGE_HEIGHT - 12 * mm
            self.drawString(SIDE, top, self._fitted(self.running_header, PAGE_WIDTH - 2 * SIDE))
            self.setStrokeColor(RULE)
            self.setLineWidth(0.5)
            self.line(SIDE, top - 2.5 * mm, PAGE_WIDTH - SIDE, top - 2.5 * mm)
        self.restoreState()


def _letterhead(
    canvas: Canvas, letter: RenderedLetter, fonts: FontNames, logo: Path | None
) -> None:
    canvas.saveState()
    top = PAGE_HEIGHT - 14 * mm
    x = SIDE
    if logo is not None:
        image = ImageReader(str(logo))
        w, h = image.getSize()
        width = LOGO_HEIGHT * w / h
        canvas.drawImage(image, SIDE, top - LOGO_HEIGHT, width, LOGO_HEIGHT, mask="auto")
        x += width + 5 * mm
    canvas.setFillColor(ACCENT)
    canvas.setFont(fonts.bold, 15)
    canvas.drawString(x, top - 6 * mm, letter.authority)
    canvas.setFont(fonts.regular, 7.8)
    canvas.setFillColor(MUTED)
    line_y = top - 1.5 * mm
    for line in letter.authority_lines:
        canvas.drawRightString(PAGE_WIDTH - SIDE, line_y, line)
        line_y -= 3.4 * mm
    rule_y = min(top - LOGO_HEIGHT, line_y) - 2 * mm
    canvas.setStrokeColor(ACCENT)
    canvas.setLineWidth(1.2)
    canvas.line(SIDE, rule_y, PAGE_WIDTH - SIDE, rule_y)
    canvas.restoreState()


def render_pdf(letter: RenderedLetter, path: Path, logo: Path | None = None) -> None:
    """Write ``letter`` to ``path`` as an A4 PDF."""
    # A file of ours, closed whatever happens: one reportlab opened itself would be left to
    # be collected, which fails noisily when the disk is full.
    with open(path, "wb") as target:
        _build(letter, target, logo)


def _build(letter: RenderedLetter, target: BinaryIO, logo: Path | None) -> None:
    fonts = register_fonts()
    width = PAGE_WIDTH - 2 * SIDE
    lines = max(len(letter.authority_lines), 1)
    first_top = max(FIRST_TOP, 14 * mm + lines * 3.4 * mm + 12 * mm)
    document = BaseDocTemplate(
        target,
        pagesize=A4,
        leftMargin=SIDE,
        rightMargin=SIDE,
        topMargin=LATER_TOP,
        bottomMargin=BOTTOM,
        title=property_text(letter.title),
        author=property_text(letter.authority),
        subject=property_text(letter.subject),
        creator="svdesk",
        lang="en-GB",
        displayDocTitle=1,
        initialFontName=fonts.regular,  # else every page names Helvetica, never embedded
        initialFontSize=9.5,
    )
    first = Frame(SIDE, BOTTOM, width, PAGE_HEIGHT - first_top - BOTTOM, id="first", showBoundary=0)
    later = Frame(SIDE, BOTTOM, width, PAGE_HEIGHT - LATER_TOP - BOTTOM, id="later", showBoundary=0)
    document.addPageTemplates(
        [
            PageTemplate(
                "first", [first], onPage=lambda c, _d: _letterhead(c, letter, fonts, logo)
            ),
            PageTemplate("later", [later]),
        ]
    )
    canvas_class = type(
        "LetterCanvas",
        (_LetterCanvas,),
        {
            "running_header": letter.running_header,
            "page_words": letter.page_words,
            "fonts": fonts,
        },
    )
    document.build(flowables(letter, fonts, width), canvasmaker=canvas_class)
