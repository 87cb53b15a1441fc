"""The evaluation report's charts of how far the panel agreed, drawn with reportlab's
own graphics.

* ``alpha_chart``: Krippendorff's alpha per criterion and for the whole lot, each bar
  coloured by what the value means, with the 0.667 and 0.800 thresholds drawn across.
* ``deviation_chart``: each evaluator's mean deviation from the consensus in steps,
  diverging from zero (right: more lenient, left: more severe), and their share of scores
  outside the tolerance.

Names are drawn as strings of the drawing: plain text, never markup.
"""

from __future__ import annotations

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.shapes import Drawing, Line, Rect, String
from reportlab.lib import colors
from reportlab.lib.units import mm

from svdesk.documents.fonts import FontNames
from svdesk.documents.report_style import (
    FLAG_COLOUR,
    GOOD_COLOUR,
    INK,
    MUTED,
    RULE,
    TEXT_WIDTH,
)
from svdesk.domain.words import clipped
from svdesk.store.records.agreement import RELIABLE_ALPHA, TENTATIVE_ALPHA, LotAgreement

LABEL_SIZE = 7.5
FAIR_COLOUR = colors.HexColor("#C77700")
LOW_COLOUR = colors.HexColor("#B00020")
LENIENT_COLOUR = colors.HexColor("#2F6DB5")
SEVERE_COLOUR = colors.HexColor("#B34700")
NO_VALUE = "–"


def _band_colour(alpha: float) -> colors.Color:
    if alpha >= RELIABLE_ALPHA:
        return GOOD_COLOUR
    return FAIR_COLOUR if alpha >= TENTATIVE_ALPHA else LOW_COLOUR


def alpha_chart(lot: LotAgreement, fonts: FontNames) -> Drawing:
    """A bar per criterion and one for the whole lot, coloured by what the value means,
    with the 0.667 and 0.800 thresholds drawn across."""
    entries = [(c.criterion, c.agreement) for c in lot.criteria] + [("Whole lot", lot.overall)]
    left, right, bottom, top = 16 * mm, 34 * mm, 14 * mm, 6 * mm
    height = 52 * mm
    drawing = Drawing(TEXT_WIDTH, height + bottom + top)
    drawing.initialFontName = fonts.regular
    chart = VerticalBarChart()
    chart.x, chart.y = left, bottom
    chart.width, chart.height = TEXT_WIDTH - left - right, height
    chart.data = [[0.0 if a.alpha is None else a.alpha for _, a in entries]]
    lowest = min((a.alpha for _, a in entries if a.alpha is not None), default=0.0)
    floor = min(0.0, int(lowest * 5 - (1 if lowest < 0 else 0)) / 5)
    chart.valueAxis.valueMin, chart.valueAxis.valueMax = floor, 1.0
    chart.valueAxis.valueStep = 0.2
    chart.valueAxis.labelTextFormat = "%.1f"
    chart.valueAxis.labels.fontName = fonts.regular
    chart.valueAxis.labels.fontSize = LABEL_SIZE
    chart.valueAxis.strokeColor = MUTED
    chart.valueAxis.visibleGrid = 1
    chart.valueAxis.gridStrokeColor = RULE
    chart.valueAxis.gridStrokeWidth = 0.3
    chart.categoryAxis.categoryNames = [
        f"{clipped(code, 12)}\n{'n/a' if a.alpha is None else f'{a.alpha:.2f}'}"
        for code, a in entries
    ]
    chart.categoryAxis.labels.fontName = fonts.regular
    chart.categoryAxis.labels.fontSize = LABEL_SIZE
    chart.categoryAxis.labels.boxAnchor = "n"
    chart.categoryAxis.labels.dy = -2
    chart.categoryAxis.strokeColor = MUTED
    chart.barSpacing = 0
    chart.groupSpacing = 6 * mm
    chart.bars.strokeColor = None
    for i, (_, agreement) in enumerate(entries):
        if agreement.alpha is not None:
            chart.bars[(0, i)].fillColor = _band_colour(agreement.alpha)
    drawing.add(chart)
    if all(a.alpha is None for _, a in entries):
        drawing.add(
            String(
                chart.x + chart.width / 2,
                chart.y + chart.height / 2,
                "Too few different scores to measure agreement: see the table below",
                fontName=fonts.regular,
                fontSize=LABEL_SIZE + 0.5,
                fillColor=MUTED,
                textAnchor="middle",
            )
        )
    span = 1.0 - floor
    for level, text, dash in (
        (RELIABLE_ALPHA, f"{RELIABLE_ALPHA:.3f}: reliable", [4, 2]),
        (TENTATIVE_ALPHA, f"{TENTATIVE_ALPHA:.3f}: tentative", [1, 2]),
    ):
        y = chart.y + (level - floor) / span * chart.height
        drawing.add(
            Line(
                chart.x,
                y,
                chart.x + chart.width,
                y,
                strokeColor=INK,
                strokeWidth=0.8,
                strokeDashArray=dash,
            )
        )
        drawing.add(
            String(
                chart.x + chart.width + 3,
                y - 2.5,
                text,
                fontName=fonts.regular,
                fontSize=LABEL_SIZE,
                fillColor=INK,
            )
        )
    drawing.add(
        String(
            left,
            height + bottom + 1.5 * mm,
            "Krippendorff's alpha (ordinal) per criterion",
            fontName=fonts.bold,
            fontSize=LABEL_SIZE + 0.5,
            fillColor=INK,
        )
    )
    return drawing


def deviation_chart(lot: LotAgreement, fonts: FontNames) -> Drawing:
    """Per evaluator: their mean deviation from the consensus in steps, a bar to the right
    (more lenient) or to the left (more severe) of zero; and their share of scores outside
    the tolerance, as a bar of its own."""
    names_w, gap, share_w = 40 * mm, 8 * mm, 38 * mm
    plot_w = TEXT_WIDTH - names_w - gap - share_w
    row_h, head_h, foot_h = 7 * mm, 8 * mm, 9 * mm
    rows = max(len(lot.evaluators), 1)
    drawing = Drawing(TEXT_WIDTH, head_h + rows * row_h + foot_h)
    drawing.initialFontName = fonts.regular
    steps = [abs(float(e.mean_steps)) for e in lot.evaluators if e.mean_steps is not None]
    reach = max(1.0, _ceil_half(max(steps, default=0.0)))
    zero = names_w + plot_w / 2
    top = foot_h + rows * row_h
    share_x = names_w + plot_w + gap
    for text, x in (
        ("Mean deviation from the consensus, in steps of the scale", names_w),
        (
            f"Outside ({lot.tolerance} step{'s' if lot.tolerance != 1 else ''})",
            share_x,
        ),
    ):
        drawing.add(String(x, top + 3 * mm, text, fontName=fonts.bold, fontSize=LABEL_SIZE + 0.5))
    # The scale under the plot: -reach … 0 … +reach, with light rules.
    ticks = [i / 2 for i in range(int(-reach * 2), int(reach * 2) + 1)]
    for tick in ticks:
        x = zero + tick / reach * plot_w / 2
        drawing.add(Line(x, foot_h, x, top, strokeColor=RULE, strokeWidth=0.3))
        drawing.add(
            String(
                x,
                foot_h - 3.5 * mm,
                "0" if tick == 0 else f"{tick:+.1f}",
                fontName=fonts.regular,
                fontSize=LABEL_SIZE,
                textAnchor="middle",
            )
        )
    drawing.add(Line(zero, foot_h, zero, top, strokeColor=INK, strokeWidth=0.8))
    drawing.add(
        String(
            names_w,
            foot_h - 7.5 * mm,
            "◀ more severe than the panel",
            fontName=fonts.regular,
            fontSize=LABEL_SIZE,
            fillColor=SEVERE_COLOUR,
        )
    )
    drawing.add(
        String(
            names_w + plot_w,
            foot_h - 7.5 * mm,
            "more lenient than the panel ▶",
            fontName=fonts.regular,
            fontSize=LABEL_SIZE,
            fillColor=LENIENT_COLOUR,
            textAnchor="end",
        )
    )
    for n, e in enumerate(lot.evaluators):
        y = top - (n + 0.5) * row_h
        drawing.add(
            String(
                names_w - 3,
                y - 2.5,
                clipped(e.evaluator, 30),
                fontName=fonts.regular,
                fontSize=LABEL_SIZE + 0.5,
                textAnchor="end",
            )
        )
        bar_h = row_h * 0.55
        if e.mean_steps is None:
            drawing.add(
                String(
                    zero + 3,
                    y - 2.5,
                    "no consensus to compare with",
                    fontName=fonts.regular,
                    fontSize=LABEL_SIZE,
                    fillColor=MUTED,
                )
            )
        else:
            value = float(e.mean_steps)
            width = value / reach * plot_w / 2
            colour = LENIENT_COLOUR if value > 0 else SEVERE_COLOUR
            x = zero if value >= 0 else zero + width
            drawing.add(
                Rect(x, y - bar_h / 2, abs(width), bar_h, fillColor=colour, strokeColor=None)
            )
            label = f"{e.mean_steps:+.2f}" if value else "0.00"
            anchor_x = zero + width + (3 if value >= 0 else -3)
            drawing.add(
                String(
                    anchor_x,
                    y - 2.5,
                    label,
                    fontName=fonts.bold,
                    fontSize=LABEL_SIZE,
                    textAnchor="start" if value >= 0 else "end",
                )
            )
        share = e.share_outside
        drawing.add(
            Rect(share_x, y - bar_h / 2, share_w - 16 * mm, bar_h, fillColor=None, strokeColor=RULE)
        )
        if share is not None:
            drawing.add(
                Rect(
                    share_x,
                    y - bar_h / 2,
                    float(share) * (share_w - 16 * mm),
                    bar_h,
                    fillColor=FLAG_COLOUR,
                    strokeColor=None,
                )
            )
        drawing.add(
            String(
                share_x + share_w - 14 * mm,
                y - 2.5,
                NO_VALUE if share is None else f"{share * 100:.0f}%",
                fontName=fonts.regular,
                fontSize=LABEL_SIZE,
            )
        )
    return drawing


def _ceil_half(value: float) -> float:
    whole = int(value * 2)
    return (whole + (1 if whole < value * 2 else 0)) / 2
