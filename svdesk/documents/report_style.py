"""The evaluation report's look: page, fonts, colours, paragraph and table styles.

The price, quality and social value colours are the ones the window uses
(``svdesk/ui/theme.py``), so that a chart reads the same on screen and on paper.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph, Table, TableStyle

from svdesk import palette
from svdesk.documents.fonts import FontNames, register_fonts

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN_LEFT = MARGIN_RIGHT = 18 * mm
MARGIN_TOP = 24 * mm
MARGIN_BOTTOM = 20 * mm
TEXT_WIDTH = PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT

PRICE_COLOUR = colors.HexColor(palette.PRICE_COLOUR)
QUALITY_COLOUR = colors.HexColor(palette.QUALITY_COLOUR)
SOCIAL_VALUE_COLOUR = colors.HexColor(palette.SOCIAL_VALUE_COLOUR)
INK = colors.HexColor("#1A1A1A")
HEADING_COLOUR = colors.HexColor("#1F3A5F")
MUTED = colors.HexColor("#5F6B7A")
RULE = colors.HexColor("#B8C2CC")
HEADER_FILL = colors.HexColor("#E6ECF2")
ZEBRA_FILL = colors.HexColor("#F6F8FA")
FLAG_FILL = colors.HexColor("#FCE8D5")
FLAG_COLOUR = colors.HexColor("#B34700")
CONFLICT_FILL = colors.HexColor("#FBE3E4")
CONFLICT_COLOUR = colors.HexColor("#B00020")
GOOD_FILL = colors.HexColor("#E3F1E7")
GOOD_COLOUR = colors.HexColor("#1E6B3A")


@dataclass(frozen=True, slots=True)
class ReportStyles:
    fonts: FontNames
    body: ParagraphStyle
    small: ParagraphStyle
    muted: ParagraphStyle
    cell: ParagraphStyle
    cell_bold: ParagraphStyle
    cell_right: ParagraphStyle
    head: ParagraphStyle
    head_right: ParagraphStyle
    h1: ParagraphStyle
    h2: ParagraphStyle
    h3: ParagraphStyle
    title: ParagraphStyle
    subtitle: ParagraphStyle
    bullet: ParagraphStyle
    bullet_small: ParagraphStyle

    def p(self, text: str, style: ParagraphStyle | None = None) -> Paragraph:
        """A paragraph of plain text: markup characters in ``text`` are escaped."""
        return Paragraph(escape(text).replace("\n", "<br/>"), style or self.body)

    def m(self, markup: str, style: ParagraphStyle | None = None) -> Paragraph:
        """A paragraph of markup the report wrote itself (values escaped by the caller)."""
        return Paragraph(markup, style or self.body)

    def item(self, markup: str, small: bool = False, bullet: str = "•") -> Paragraph:
        """A bulleted item, its lines hanging clear of the bullet."""
        return Paragraph(markup, self.bullet_small if small else self.bullet, bulletText=bullet)


def make_styles() -> ReportStyles:
    fonts = register_fonts()
    regular, bold = fonts.regular, fonts.bold

    def style(name: str, **kw: Any) -> ParagraphStyle:
        options: dict[str, Any] = {
            "fontName": regular,
            "bulletFontName": regular,
            "fontSize": 9,
            "leading": 12.5,
            "textColor": INK,
        }
        options.update(kw)
        return ParagraphStyle(name, **options)

    return ReportStyles(
        fonts=fonts,
        body=style("body", spaceAfter=5),
        small=style("small", fontSize=7.5, leading=9.5),
        muted=style("muted", fontSize=8, leading=10.5, textColor=MUTED),
        cell=style("cell", fontSize=8, leading=10),
        cell_bold=style("cellBold", fontName=bold, fontSize=8, leading=10),
        cell_right=style("cellRight", fontSize=8, leading=10, alignment=TA_RIGHT),
        head=style("head", fontName=bold, fontSize=7.5, leading=9.5, textColor=HEADING_COLOUR),
        head_right=style(
            "headRight",
            fontName=bold,
            fontSize=7.5,
            leading=9.5,
            textColor=HEADING_COLOUR,
            alignment=TA_RIGHT,
        ),
        h1=style(
            "h1",
            fontName=bold,
            fontSize=15,
            leading=19,
            spaceBefore=4,
            spaceAfter=8,
            textColor=HEADING_COLOUR,
            keepWithNext=1,
        ),
        h2=style(
            "h2",
            fontName=bold,
            fontSize=11.5,
            leading=15,
            spaceBefore=10,
            spaceAfter=5,
            textColor=HEADING_COLOUR,
            keepWithNext=1,
        ),
        h3=style(
            "h3",
            fontName=bold,
            fontSize=9.5,
            leading=12.5,
            spaceBefore=6,
            spaceAfter=3,
            keepWithNext=1,
        ),
        title=style(
            "title",
            fontName=bold,
            fontSize=22,
            leading=27,
            spaceAfter=6,
            textColor=HEADING_COLOUR,
            alignment=TA_LEFT,
        ),
        subtitle=style("subtitle", fontSize=12.5, leading=16.5, spaceAfter=4),
        bullet=style("bullet", leftIndent=11, bulletIndent=2, spaceAfter=2),
        bullet_small=style(
            "bulletSmall", fontSize=8, leading=10.5, leftIndent=10, bulletIndent=1, spaceAfter=1
        ),
    )


def cell_font() -> tuple[Any, ...]:
    """The table command that sets DejaVu Sans for every cell (reportlab's default is an
    unembedded Helvetica, set even for cells that hold paragraphs)."""
    return ("FONTNAME", (0, 0), (-1, -1), register_fonts().regular)


def grid_style(extra: Sequence[tuple[Any, ...]] = (), zebra: bool = True) -> TableStyle:
    """Ruled rows with a shaded header row: the look of every table in the report."""
    commands: list[tuple[Any, ...]] = [
        cell_font(),
        ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, HEADING_COLOUR),
        ("LINEBELOW", (0, 1), (-1, -1), 0.3, RULE),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]
    if zebra:
        commands.append(("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, ZEBRA_FILL]))
    commands.extend(extra)
    return TableStyle(commands)


def grid(
    rows: list[list[Any]],
    widths: Sequence[float],
    extra: Sequence[tuple[Any, ...]] = (),
    zebra: bool = True,
) -> Table:
    table = Table(rows, colWidths=list(widths), repeatRows=1, hAlign="LEFT")
    table.setStyle(grid_style(extra, zebra))
    return table


def record_card(rows: list[list[Any]], fill: Any = HEADER_FILL, box: Any = RULE) -> Table:
    """One record as a card: a title row across both columns, shaded with ``fill``, then
    labelled rows, all boxed in ``box`` (a response's moderation, a letter text)."""
    table = Table(rows, colWidths=[28 * mm, TEXT_WIDTH - 28 * mm], hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                cell_font(),
                ("SPAN", (0, 0), (-1, 0)),
                ("BACKGROUND", (0, 0), (-1, 0), fill),
                ("BOX", (0, 0), (-1, -1), 0.6, box),
                ("LINEBELOW", (0, 1), (-1, -2), 0.3, RULE),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 5),
                ("RIGHTPADDING", (0, 0), (-1, -1), 5),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    return table


def key_values(styles: ReportStyles, pairs: Sequence[tuple[str, Any]], key_width: float) -> Table:
    """A two-column table of labels and values, without a header row."""
    rows = [
        [
            styles.p(key, styles.cell_bold),
            styles.p(value, styles.cell) if isinstance(value, str) else value,
        ]
        for key, value in pairs
    ]
    table = Table(rows, colWidths=[key_width, TEXT_WIDTH - key_width], hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                cell_font(),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.3, RULE),
                ("LEFTPADDING", (0, 0), (-1, -1), 4),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    return table


def page_decorator(fonts: FontNames, header: str, footer: str) -> Callable[[Canvas, Any], None]:
    """Draws the running header (not on the cover page) and the footer's left part."""

    def decorate(canvas: Canvas, doc: Any) -> None:
        canvas.saveState()
        if canvas.getPageNumber() > 1:
            canvas.setFont(fonts.regular, 7.5)
            canvas.setFillColor(MUTED)
            y = PAGE_HEIGHT - MARGIN_TOP + 9 * mm
            canvas.drawString(MARGIN_LEFT, y, header)
            canvas.setStrokeColor(RULE)
            canvas.setLineWidth(0.5)
            canvas.line(MARGIN_LEFT, y - 2.5 * mm, PAGE_WIDTH - MARGIN_RIGHT, y - 2.5 * mm)
        canvas.setFont(fonts.regular, 7.5)
        canvas.setFillColor(MUTED)
        canvas.drawString(MARGIN_LEFT, MARGIN_BOTTOM - 10 * mm, footer)
        canvas.restoreState()

    return decorate


def numbered_canvas(fonts: FontNames) -> type[Canvas]:
    """A canvas that holds its pages back until the end, to write "Page n of m" on each."""

    class NumberedCanvas(Canvas):  # type: ignore[misc]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            # Every page starts in DejaVu Sans: no unembedded Helvetica in the file.
            kwargs["initialFontName"] = kwargs.get("initialFontName") or fonts.regular
            super().__init__(*args, **kwargs)
            self._held: list[dict[str, Any]] = []

        def showPage(self) -> None:
            self._held.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._held)
            for state in self._held:
                self.__dict__.update(state)
                self.setFont(fonts.regular, 7.5)
                self.setFillColor(MUTED)
                self.drawRightString(
                    PAGE_WIDTH - MARGIN_RIGHT,
                    MARGIN_BOTTOM - 10 * mm,
                    f"Page {self._pageNumber} of {total}",
                )
                super().showPage()
            super().save()

    return NumberedCanvas
