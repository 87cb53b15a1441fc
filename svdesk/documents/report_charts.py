"""The evaluation report's charts, drawn with reportlab's own graphics.

* ``totals_chart``: each bid's total as a stacked bar of price, quality and social value,
  the total written at the end of the bar.
* ``spread_chart``: for each criterion, each bid's range of evaluators' scores (lowest to
  highest), every evaluator's score as a dot and the consensus score as a diamond.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Circle, Drawing, Group, Line, Polygon, Rect, String
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth

from svdesk.documents.fonts import FontNames
from svdesk.documents.report_style import (
    FLAG_COLOUR,
    FLAG_FILL,
    INK,
    MUTED,
    PRICE_COLOUR,
    QUALITY_COLOUR,
    RULE,
    SOCIAL_VALUE_COLOUR,
    TEXT_WIDTH,
)
from svdesk.domain.model import Criterion
from svdesk.domain.moderation_rules import DEFAULT_TOLERANCE_STEPS, outside_short
from svdesk.domain.scale import Scale
from svdesk.domain.scoring import BidResult, shown
from svdesk.domain.words import clipped
from svdesk.store.records.moderation import ModerationItem

LABEL_SIZE = 7.5
RANGE_FILL = colors.HexColor("#C9D3DD")
RANGE_STROKE = colors.HexColor("#7A8896")


def totals_chart(
    bids: Sequence[BidResult], labels: Sequence[str], maximum: Decimal, fonts: FontNames
) -> Drawing:
    """Stacked bars of price, quality and social value per bid, best first, with totals."""
    left, right, bar_pitch = 62 * mm, 14 * mm, 9 * mm
    chart_height = bar_pitch * max(len(bids), 1)
    bottom = 20 * mm
    drawing = Drawing(TEXT_WIDTH, chart_height + bottom + 4 * mm)
    drawing.initialFontName = fonts.regular  # not reportlab's unembedded Helvetica
    chart = HorizontalBarChart()
    chart.x, chart.y = left, bottom
    chart.width, chart.height = TEXT_WIDTH - left - right, chart_height
    chart.data = [
        [float(shown(b.price)) for b in bids],
        [float(shown(b.quality)) for b in bids],
        [float(shown(b.social_value)) for b in bids],
    ]
    chart.categoryAxis.style = "stacked"
    chart.categoryAxis.categoryNames = [clipped(label, 40) for label in labels]
    chart.categoryAxis.reverseDirection = 1  # the first (best) bid at the top
    chart.categoryAxis.labels.fontName = fonts.regular
    chart.categoryAxis.labels.fontSize = LABEL_SIZE
    chart.categoryAxis.labels.boxAnchor = "e"
    chart.categoryAxis.labels.dx = -3
    chart.categoryAxis.strokeColor = MUTED
    top = float(maximum) if maximum > 0 else 100.0
    chart.valueAxis.valueMin, chart.valueAxis.valueMax = 0, top
    chart.valueAxis.valueStep = 10 if top >= 50 else 5
    chart.valueAxis.labels.fontName = fonts.regular
    chart.valueAxis.labels.fontSize = LABEL_SIZE
    chart.valueAxis.labelTextFormat = "%d"
    chart.valueAxis.strokeColor = MUTED
    chart.valueAxis.visibleGrid = 1
    chart.valueAxis.gridStrokeColor = RULE
    chart.valueAxis.gridStrokeWidth = 0.3
    chart.barSpacing = 0
    chart.groupSpacing = 3.5 * mm
    for i, colour in enumerate((PRICE_COLOUR, QUALITY_COLOUR, SOCIAL_VALUE_COLOUR)):
        chart.bars[i].fillColor = colour
        chart.bars[i].strokeColor = colors.white
        chart.bars[i].strokeWidth = 0.5
    drawing.add(chart)
    step = chart_height / max(len(bids), 1)
    for i, bid in enumerate(bids):
        x = chart.x + float(shown(bid.total)) / top * chart.width + 3
        y = chart.y + chart_height - (i + 0.5) * step - LABEL_SIZE / 3
        drawing.add(
            String(x, y, f"{shown(bid.total):.2f}", fontName=fonts.bold, fontSize=LABEL_SIZE)
        )
    drawing.add(
        String(
            chart.x + chart.width / 2,
            bottom - 8 * mm,
            f"Points (out of {top:g})",
            fontName=fonts.regular,
            fontSize=LABEL_SIZE,
            fillColor=INK,
            textAnchor="middle",
        )
    )
    legend = Legend()
    legend.x, legend.y = chart.x, 4 * mm
    legend.alignment = "right"
    legend.columnMaximum = 1
    legend.fontName = fonts.regular
    legend.fontSize = LABEL_SIZE
    legend.deltax = 30 * mm
    legend.dx = legend.dy = 7
    legend.strokeColor = None
    legend.colorNamePairs = [
        (PRICE_COLOUR, "Price"),
        (QUALITY_COLOUR, "Quality"),
        (SOCIAL_VALUE_COLOUR, "Social value"),
    ]
    drawing.add(legend)
    return drawing


def spread_chart(
    criteria: Sequence[Criterion],
    items: Sequence[ModerationItem],
    bidders: Sequence[str],
    scale: Scale,
    fonts: FontNames,
    tolerance: int = DEFAULT_TOLERANCE_STEPS,
) -> Drawing:
    """One panel per criterion: per bid, the evaluators' range, their scores and consensus;
    the ranges outside the tender's ``tolerance`` flagged."""
    columns = min(len(criteria), 4) or 1
    rows = (len(criteria) + columns - 1) // columns or 1
    axis_w, gap, panel_h, title_h, label_h = 26 * mm, 4 * mm, 46 * mm, 9 * mm, 6 * mm
    legend_h = 12 * mm
    panel_w = (TEXT_WIDTH - axis_w - gap * (columns - 1)) / columns
    row_h = title_h + panel_h + label_h + 3 * mm
    drawing = Drawing(TEXT_WIDTH, rows * row_h + legend_h)
    drawing.initialFontName = fonts.regular
    low, high = scale.min_score, scale.max_score
    span = (high - low) or 1
    by_key = {(i.bidder, i.criterion): i for i in items}
    for n, criterion in enumerate(criteria):
        row, column = divmod(n, columns)
        x0 = axis_w + column * (panel_w + gap)
        y0 = legend_h + (rows - 1 - row) * row_h + label_h
        group = Group()
        group.add(
            Rect(x0, y0, panel_w, panel_h, fillColor=None, strokeColor=MUTED, strokeWidth=0.5)
        )
        for level in scale.levels:
            y = y0 + (level.score - low) / span * panel_h
            group.add(Line(x0, y, x0 + panel_w, y, strokeColor=RULE, strokeWidth=0.3))
            if column == 0:
                text = f"{level.score} {clipped(level.label, 13)}".strip()
                group.add(
                    String(
                        x0 - 3,
                        y - 2.5,
                        text,
                        fontName=fonts.regular,
                        fontSize=6.5,
                        fillColor=INK,
                        textAnchor="end",
                    )
                )
        middle = x0 + panel_w / 2
        group.add(
            String(
                middle,
                y0 + panel_h + 4.5 * mm,
                criterion.code,
                fontName=fonts.bold,
                fontSize=7.5,
                fillColor=INK,
                textAnchor="middle",
            )
        )
        group.add(
            String(
                middle,
                y0 + panel_h + 1.5 * mm,
                clipped(criterion.title, int(panel_w / 3.4)),
                fontName=fonts.regular,
                fontSize=6,
                fillColor=MUTED,
                textAnchor="middle",
            )
        )
        pitch = panel_w / max(len(bidders), 1)
        for b, bidder in enumerate(bidders):
            cx = x0 + (b + 0.5) * pitch
            group.add(
                String(
                    cx,
                    y0 - 4 * mm,
                    clipped(bidder, max(int(pitch / 3.6), 3)),
                    fontName=fonts.regular,
                    fontSize=6.5,
                    fillColor=INK,
                    textAnchor="middle",
                )
            )
            item = by_key.get((bidder, criterion.code))
            if item is not None:
                _draw_response(group, item, cx, y0, panel_h, low, span)
        drawing.add(group)
    _spread_legend(drawing, axis_w, fonts, tolerance)
    axis_title = Group(
        String(0, 0, "Score", fontName=fonts.regular, fontSize=LABEL_SIZE, textAnchor="middle")
    )
    axis_title.translate(3 * mm, legend_h + (rows * row_h) / 2)
    axis_title.rotate(90)
    drawing.add(axis_title)
    return drawing


def _draw_response(
    group: Group, item: ModerationItem, cx: float, y0: float, height: float, low: int, span: int
) -> None:
    def y_of(score: int) -> float:
        return y0 + (score - low) / span * height

    values = sorted(s.score for s in item.scores)
    if values:
        fill, stroke = (FLAG_FILL, FLAG_COLOUR) if item.flagged else (RANGE_FILL, RANGE_STROKE)
        bottom, top = y_of(values[0]), y_of(values[-1])
        group.add(
            Rect(
                cx - 3.5,
                bottom - 1.5,
                7,
                top - bottom + 3,
                rx=2,
                ry=2,
                fillColor=fill,
                strokeColor=stroke,
                strokeWidth=0.8 if item.flagged else 0.5,
            )
        )
        seen: dict[int, int] = {}
        for value in values:
            # Equal scores sit side by side, so that each evaluator's dot shows.
            k = seen.get(value, 0)
            seen[value] = k + 1
            count = values.count(value)
            dx = (k - (count - 1) / 2) * 3.2
            group.add(Circle(cx + dx, y_of(value), 1.6, fillColor=INK, strokeColor=None))
    if item.consensus is not None:
        y = y_of(item.consensus)
        group.add(_diamond(cx + 8, y, 3.2, SOCIAL_VALUE_COLOUR))


def _diamond(x: float, y: float, r: float, colour: colors.Color) -> Polygon:
    return Polygon(
        [x - r, y, x, y + r, x + r, y, x, y - r],
        fillColor=colour,
        strokeColor=colors.white,
        strokeWidth=0.4,
    )


def _spread_legend(drawing: Drawing, x: float, fonts: FontNames, tolerance: int) -> None:
    """The key to the spread chart, in one line from ``x``."""
    y = 3 * mm
    keys = [
        ("range", "Evaluators' range"),
        ("dot", "An evaluator's score"),
        ("diamond", "Consensus score"),
        ("flagged", f"Flagged: {outside_short(tolerance)}"),
    ]
    for kind, text in keys:
        if kind == "dot":
            drawing.add(Circle(x + 2, y, 1.6, fillColor=INK, strokeColor=None))
            width = 4.0
        elif kind == "diamond":
            drawing.add(_diamond(x + 3.5, y, 3.2, SOCIAL_VALUE_COLOUR))
            width = 7.0
        else:
            flagged = kind == "flagged"
            drawing.add(
                Rect(
                    x,
                    y - 4.5,
                    7,
                    9,
                    rx=2,
                    ry=2,
                    fillColor=FLAG_FILL if flagged else RANGE_FILL,
                    strokeColor=FLAG_COLOUR if flagged else RANGE_STROKE,
                    strokeWidth=0.8 if flagged else 0.5,
                )
            )
            width = 7.0
        drawing.add(
            String(x + width + 3, y - 2.5, text, fontName=fonts.regular, fontSize=LABEL_SIZE)
        )
        x += width + 3 + stringWidth(text, fonts.regular, LABEL_SIZE) + 6 * mm
