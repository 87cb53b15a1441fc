"""The agreement statistics of one lot as charts (QtCharts).

* ``alpha_chart``: Krippendorff's alpha per criterion and for the whole lot, each bar
  coloured by what it means, with the conventional thresholds (0.667 and 0.800) drawn
  across it.
* ``deviation_chart``: each evaluator's mean deviation from the consensus in steps of the
  scale, diverging from zero: to the right more lenient than the panel, to the left more
  severe.
* ``outside_chart``: the share of each evaluator's scores outside the tolerance.

QtCharts draws axis labels, titles and legend entries as HTML, so every name and code is
escaped: an evaluator named ``<b>Ann</b>`` is shown as written. Fonts come from the
application's (``apply_fonts``), so View > Text size reaches the charts too.
"""

from __future__ import annotations

import html
import math
from collections.abc import Sequence

from PySide6.QtCharts import (
    QAbstractAxis,
    QBarCategoryAxis,
    QBarSet,
    QChart,
    QHorizontalBarSeries,
    QHorizontalStackedBarSeries,
    QLineSeries,
    QStackedBarSeries,
    QValueAxis,
)
from PySide6.QtCore import QMargins, Qt
from PySide6.QtGui import QColor, QFont, QPalette, QPen
from PySide6.QtWidgets import QApplication

from svdesk.services.moderation_stats import (
    RELIABLE_ALPHA,
    TENTATIVE_ALPHA,
    Agreement,
    EvaluatorDeviation,
    LotAgreement,
)
from svdesk.ui.theme import BAD_COLOUR, GOOD_COLOUR, WARN_COLOUR, scaled_font

# Short, so that a legend fits a third of the page; the page says what each means.
GOOD, FAIR, LOW = "Good", "Fair", "Low"
LENIENT, SEVERE = "Lenient", "Severe"
OUTSIDE = "Outside the tolerance"
WHOLE_LOT = "All"  # the whole lot: short, so that it fits under its bar
_LENIENT_COLOUR = "#2F6DB5"
_SEVERE_COLOUR = "#B34700"
_OUTSIDE_COLOUR = "#7A5AA6"


def shown(text: str) -> str:
    """``text`` as QtCharts must be given it to draw it as written (it reads HTML)."""
    return html.escape(text, quote=False)


def _alpha_label(code: str, agreement: Agreement) -> str:
    value = "n/a" if agreement.alpha is None else f"{agreement.alpha:.2f}"
    return f"{shown(code)}<br>{value}"


def alpha_chart(lot: LotAgreement) -> QChart:
    """Alpha per criterion and for the whole lot; a criterion without one has no bar."""
    entries = [(c.criterion, c.agreement) for c in lot.criteria] + [(WHOLE_LOT, lot.overall)]
    sets = {name: QBarSet(name) for name in (GOOD, FAIR, LOW)}
    for name, colour in ((GOOD, GOOD_COLOUR), (FAIR, WARN_COLOUR), (LOW, BAD_COLOUR)):
        sets[name].setColor(QColor(colour))
        sets[name].setBorderColor(QColor(colour))
    for _, agreement in entries:
        alpha = agreement.alpha
        band = None if alpha is None else _band(alpha)
        for name, bars in sets.items():
            bars.append(alpha if alpha is not None and name == band else 0.0)
    # One coloured bar in each category: the bands are stacked, the others are zero.
    series = QStackedBarSeries()
    series.setBarWidth(0.55)
    for bars in sets.values():
        series.append(bars)
    chart = _chart("Agreement (alpha)")
    chart.addSeries(series)
    categories = QBarCategoryAxis()
    categories.append([_alpha_label(code, a) for code, a in entries])
    values = QValueAxis()
    lowest = min((a.alpha for _, a in entries if a.alpha is not None), default=0.0)
    values.setRange(min(0.0, math.floor(lowest * 5) / 5), 1.0)
    values.setTickCount(6 if lowest >= 0 else 11)
    values.setLabelFormat("%.1f")
    values.setTitleText("Alpha")
    chart.addAxis(categories, Qt.AlignmentFlag.AlignBottom)
    chart.addAxis(values, Qt.AlignmentFlag.AlignLeft)
    series.attachAxis(categories)
    series.attachAxis(values)
    for level, text, style in (
        (RELIABLE_ALPHA, f"{RELIABLE_ALPHA:.3f}", Qt.PenStyle.DashLine),
        (TENTATIVE_ALPHA, f"{TENTATIVE_ALPHA:.3f}", Qt.PenStyle.DotLine),
    ):
        line = QLineSeries()
        line.setName(text)
        line.append(-0.5, level)
        line.append(len(entries) - 0.5, level)
        pen = QPen(QColor("#44505C"), 2, style)
        line.setPen(pen)
        chart.addSeries(line)
        line.attachAxis(categories)
        line.attachAxis(values)
    apply_fonts(chart)
    return chart


def _band(alpha: float) -> str:
    if alpha >= RELIABLE_ALPHA:
        return GOOD
    return FAIR if alpha >= TENTATIVE_ALPHA else LOW


def deviation_chart(lot: LotAgreement) -> QChart:
    """Each evaluator's mean deviation from the consensus, in steps: lenient to the right,
    severe to the left (an evaluator with nothing to compare has no bar)."""
    lenient, severe = QBarSet(LENIENT), QBarSet(SEVERE)
    lenient.setColor(QColor(_LENIENT_COLOUR))
    severe.setColor(QColor(_SEVERE_COLOUR))
    widest = 1.0
    for e in _top_down(lot):
        steps = 0.0 if e.mean_steps is None else float(e.mean_steps)
        lenient.append(max(steps, 0.0))
        severe.append(min(steps, 0.0))
        widest = max(widest, abs(steps))
    series = QHorizontalStackedBarSeries()
    series.setBarWidth(0.55)
    series.append(lenient)
    series.append(severe)
    chart = _chart("Leaning")
    chart.addSeries(series)
    names = _evaluator_axis(lot)
    values = QValueAxis()
    reach = math.ceil(widest * 2) / 2
    values.setRange(-reach, reach)
    values.setTickCount(int(reach * 4) + 1 if reach <= 2 else 5)
    values.setLabelFormat("%+.1f")
    values.setTitleText("Steps from the consensus")
    chart.addAxis(names, Qt.AlignmentFlag.AlignLeft)
    chart.addAxis(values, Qt.AlignmentFlag.AlignBottom)
    series.attachAxis(names)
    series.attachAxis(values)
    apply_fonts(chart)
    return chart


def outside_chart(lot: LotAgreement) -> QChart:
    """The share of each evaluator's scores more than the tolerance from the consensus."""
    bars = QBarSet(OUTSIDE)
    bars.setColor(QColor(_OUTSIDE_COLOUR))
    for e in _top_down(lot):
        share = e.share_outside
        bars.append(0.0 if share is None else float(share * 100))
    series = QHorizontalBarSeries()
    series.setBarWidth(0.55)
    series.append(bars)
    series.setLabelsVisible(True)
    series.setLabelsFormat("@value%")
    series.setLabelsPrecision(3)
    series.setLabelsPosition(QHorizontalBarSeries.LabelsPosition.LabelsOutsideEnd)
    none = all(e.outside == 0 for e in lot.evaluators)
    chart = _chart("Outside the tolerance" + (": none" if none else ""))
    chart.addSeries(series)
    names = _evaluator_axis(lot)
    values = QValueAxis()
    values.setRange(0, 100)
    values.setTickCount(5)
    values.setLabelFormat("%d%%")
    values.setTitleText("Share of their scores")
    chart.addAxis(names, Qt.AlignmentFlag.AlignLeft)
    chart.addAxis(values, Qt.AlignmentFlag.AlignBottom)
    series.attachAxis(names)
    series.attachAxis(values)
    chart.legend().hide()
    apply_fonts(chart)
    return chart


def _evaluator_axis(lot: LotAgreement) -> QBarCategoryAxis:
    names = QBarCategoryAxis()
    names.append([shown(e.evaluator) for e in _top_down(lot)])
    return names


def _top_down(lot: LotAgreement) -> list[EvaluatorDeviation]:
    """The evaluators in the order a horizontal chart draws them from the bottom up, so
    that the panel's first evaluator is at the top, as in the table."""
    return list(reversed(lot.evaluators))


def _chart(title: str) -> QChart:
    chart = QChart()
    chart.setTitle(shown(title))
    chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
    chart.setBackgroundRoundness(0)
    chart.setMargins(QMargins(4, 4, 4, 4))
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
    return chart


def apply_fonts(chart: QChart, base: QFont | None = None) -> None:
    """Every text of ``chart`` in the application's font (its title a little larger), in
    the palette's colours."""
    font = QFont(base if base is not None else QApplication.font())
    palette = QApplication.palette()
    text = palette.color(QPalette.ColorRole.WindowText)
    chart.setTitleFont(scaled_font(font, 1.1, bold=True))
    chart.setTitleBrush(text)
    chart.setBackgroundBrush(palette.color(QPalette.ColorRole.Base))
    chart.legend().setFont(font)
    chart.legend().setLabelColor(text)
    small = scaled_font(font, 0.92)
    axes: Sequence[QAbstractAxis] = chart.axes()
    for axis in axes:
        axis.setLabelsFont(small)
        axis.setLabelsColor(text)
        axis.setTitleFont(small)
        axis.setTitleBrush(text)
    for series in chart.series():
        if isinstance(series, QHorizontalBarSeries):
            for bars in series.barSets():
                bars.setLabelFont(small)
                bars.setLabelColor(text)
