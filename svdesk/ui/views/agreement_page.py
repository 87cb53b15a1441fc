"""How far the panel agreed: each lot's agreement statistics as charts and as tables.

The page asks ``agreement_statistics`` each time it is shown, and again when scores or the
consensus change while it is on show; it keeps nothing of its own. The statistics inform
the discussion: they never change a score, and the page says so. A tender with many
responses is read on a worker thread, so that the window stays responsive.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCharts import QChart, QChartView
from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QGridLayout,
    QHeaderView,
    QScrollArea,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from svdesk.ui.background import Progress
from svdesk.ui.formatting import count
from svdesk.ui.models.agreement_model import (
    AlphaModel,
    DeviationModel,
    alpha_rows,
    alpha_text,
    deviation_rows,
)
from svdesk.ui.theme import (
    PAGE_MARGIN,
    SPACING,
    Banner,
    BannerKind,
    Heading,
    muted_label,
    style_table,
)
from svdesk.ui.views.agreement_charts import (
    alpha_chart,
    apply_fonts,
    deviation_chart,
    outside_chart,
)
from svdesk.ui.views.evaluation_page import EvaluationPage
from svdesk.ui.views.navigator import Page
from svdesk.ui.views.page_readings import PageReadings

if TYPE_CHECKING:
    from svdesk.services.moderation_stats import LotAgreement
    from svdesk.services.refusals import Refused
    from svdesk.store.database import Database

INFORM_ONLY = (
    "These statistics inform the panel's discussion; they never change a score. What "
    "counts is the consensus the panel agrees for each response, with its reasons."
)
HOW_TO_READ = (
    "Krippendorff's alpha (ordinal) measures how far the evaluators' scores agree beyond "
    "what chance would give: 1 is full agreement, 0 no better than chance, below 0 "
    "systematic disagreement. By convention, 0.800 or more means the scores can be relied "
    "on; 0.667 to 0.800, only tentatively: look again at how the criterion was read; under "
    "0.667, the panel read it differently: talk it through before agreeing the scores. "
    "Each evaluator's mean deviation compares their scores with the consensus the panel "
    "confirmed: above zero more lenient than the panel, below zero more severe; within half "
    "a step either way is in line. Outside the tolerance counts their scores further from the "
    "consensus than the tender's moderation tolerance (given with each lot)."
)
TOO_FEW = (
    "Where there are too few scores to measure agreement, moderate each response on its "
    "merits; the statistics fill in as more scores and consensus scores are recorded."
)
READ_IN_BACKGROUND_ABOVE = 2000  # responses; fewer are read in a blink, at once
CHART_LINES = 19  # a chart's height, in lines of the application's text

Reading = tuple[int, "list[LotAgreement]"]


def _statistics(db: Database, reference: str, lot: str | None) -> list[LotAgreement]:
    from svdesk.services.moderation_stats import agreement_statistics

    return agreement_statistics(db, reference, lot)


class ChartView(QChartView):
    """A chart drawn smoothly, as tall as CHART_LINES lines of the application's text."""

    def __init__(self, chart: QChart, description: str, parent: QWidget | None = None) -> None:
        super().__init__(chart, parent)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setAccessibleDescription(description)
        self._fit()

    def fit(self) -> None:
        """The chart's fonts and height after the application's font has changed."""
        apply_fonts(self.chart())
        self._fit()

    def _fit(self) -> None:
        self.setMinimumHeight(self.fontMetrics().height() * CHART_LINES)


class LotSection(QWidget):
    """One lot's statistics: a line on the whole lot, three charts and the two tables."""

    def __init__(self, lot: LotAgreement, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lot = lot
        self.title = Heading(name, 2, self)
        whole = lot.overall
        if whole.alpha is None:
            summary = f"Agreement over the whole lot: not computed ({whole.why})."
        else:
            summary = (
                f"Agreement over the whole lot: {alpha_text(whole)} over "
                f"{count(whole.responses, 'response')} ({whole.reading})."
            )
        summary += f" Tolerance: {_tolerance_words(lot.tolerance)}."
        self.summary = muted_label(summary, self)
        self.notice = Banner(BannerKind.WARNING, _not_computed(lot), self)
        self.notice.setVisible(bool(self.notice.text()))
        self.alpha = ChartView(alpha_chart(lot), _describe_alpha(lot), self)
        self.deviation = ChartView(deviation_chart(lot), _describe_deviation(lot), self)
        self.outside = ChartView(outside_chart(lot), _describe_outside(lot), self)
        self.alpha_model = AlphaModel(self)
        self.alpha_model.set_rows(alpha_rows([lot]))
        self.deviation_model = DeviationModel(self)
        self.deviation_model.set_rows(deviation_rows([lot]))
        self.alpha_table = _table(self.alpha_model, AlphaModel.READING, self)
        self.deviation_table = _table(self.deviation_model, DeviationModel.LEANING, self)
        for table in (self.alpha_table, self.deviation_table):
            table.setColumnHidden(0, True)  # the lot is this section's heading

        charts = QGridLayout()
        charts.setSpacing(SPACING)
        charts.addWidget(self.alpha, 0, 0)
        charts.addWidget(self.deviation, 0, 1)
        charts.addWidget(self.outside, 0, 2)
        charts.setColumnStretch(0, 5)
        charts.setColumnStretch(1, 4)
        charts.setColumnStretch(2, 4)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, SPACING * 2)
        layout.setSpacing(SPACING)
        layout.addWidget(self.title)
        layout.addWidget(self.summary)
        layout.addWidget(self.notice)
        layout.addLayout(charts)
        layout.addWidget(self.alpha_table)
        layout.addWidget(self.deviation_table)

    def charts(self) -> list[QChart]:
        return [self.alpha.chart(), self.deviation.chart(), self.outside.chart()]

    def event(self, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.ApplicationFontChange, QEvent.Type.FontChange):
            # (A chart view is not told of the change itself: its section tells it.)
            for view in (self.alpha, self.deviation, self.outside):
                view.fit()
            for table in (self.alpha_table, self.deviation_table):
                table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 14)
                _fit_height(table)
        return super().event(event)


def _table(model: AlphaModel | DeviationModel, stretch: int, parent: QWidget) -> QTableView:
    table = QTableView(parent)
    table.setModel(model)
    style_table(table)
    table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    table.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    _fit_height(table)
    return table


def _fit_height(table: QTableView) -> None:
    """Every row shown: the page scrolls, not the table."""
    rows = table.model().rowCount()
    height = table.horizontalHeader().sizeHint().height()
    height += rows * table.verticalHeader().defaultSectionSize() + 2 * table.frameWidth() + 2
    table.setFixedHeight(height)


def _not_computed(lot: LotAgreement) -> str:
    missing = [
        f"{c.criterion} ({c.agreement.why})" for c in lot.criteria if c.agreement.alpha is None
    ]
    lines = []
    if missing:
        lines.append("Agreement could not be measured for " + "; ".join(missing) + ".")
    if not any(e.compared for e in lot.evaluators):
        lines.append(
            "No consensus has been confirmed yet, so no evaluator can be compared with it."
        )
    return " ".join([*lines, TOO_FEW]) if lines else ""


def _describe_alpha(lot: LotAgreement) -> str:
    parts = [f"{c.criterion}: {alpha_text(c.agreement)}" for c in lot.criteria]
    return "Krippendorff's alpha per criterion. " + "; ".join(parts)


def _describe_deviation(lot: LotAgreement) -> str:
    parts = [
        f"{e.evaluator}: {e.leaning}"
        + ("" if e.mean_steps is None else f" ({e.mean_steps:+.2f} steps)")
        for e in lot.evaluators
    ]
    return "Mean deviation from the consensus. " + "; ".join(parts)


def _tolerance_words(tolerance: int) -> str:
    if tolerance == 0:
        return "none (any difference from the consensus counts as outside it)"
    return f"{count(tolerance, 'step')} of the scale"


def _describe_outside(lot: LotAgreement) -> str:
    return "Scores outside the tolerance. " + "; ".join(
        f"{e.evaluator}: {e.outside} of {e.compared}" for e in lot.evaluators
    )


class AgreementPage(EvaluationPage):
    """Every open lot's agreement statistics (or one lot's), read afresh when shown."""

    refreshed = Signal()  # the page shows all it has just read
    kinds = (Page.AGREEMENT,)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.read_in_background_above = READ_IN_BACKGROUND_ABOVE
        self._reading = 0  # the number of the latest reading; older ones are dropped
        self._readers = PageReadings(self)
        self.sections: list[LotSection] = []

        self.title = Heading("Agreement statistics", 1, self)
        self.subtitle = muted_label("", self)
        self.inform = Banner(BannerKind.INFO, INFORM_ONLY, self)
        self.status = Banner(BannerKind.WARNING, "", self)
        self.status.hide()
        self.how_to_read = muted_label(HOW_TO_READ, self)
        self.body = QWidget()
        self._body_layout = QVBoxLayout(self.body)
        self._body_layout.setContentsMargins(0, 0, 0, 0)
        self._body_layout.setSpacing(SPACING * 2)
        self._body_layout.addWidget(self.how_to_read)  # scrolls away, leaving room to read
        self._body_layout.addStretch(1)
        self.scroller = QScrollArea(self)
        self.scroller.setWidgetResizable(True)
        self.scroller.setFrameShape(QFrame.Shape.NoFrame)
        self.scroller.setWidget(self.body)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(PAGE_MARGIN, PAGE_MARGIN, PAGE_MARGIN, PAGE_MARGIN)
        layout.setSpacing(SPACING)
        layout.addWidget(self.title)
        layout.addWidget(self.subtitle)
        layout.addWidget(self.inform)
        layout.addWidget(self.status)
        layout.addWidget(self.scroller, 1)

    # -- reading -------------------------------------------------------------------------------
    def refresh(self) -> None:
        if self._db is None or self._overview is None:
            return
        db, reference, lot = self._db, self._overview.tender.reference, self._lot
        self._reading += 1
        number = self._reading
        # (A lot's name is its section's heading.)
        self.subtitle.setText(f"{reference}  ·  " + ("one lot" if lot else "every lot"))
        if len(self._overview.responses) <= self.read_in_background_above:
            from svdesk.services.refusals import Refused

            try:
                self._show(number, _statistics(db, reference, lot))
            except Refused as refused:
                self._show_refused(refused)
            return
        self.status.set_kind(BannerKind.INFO)
        self.status.set_text("Working out the statistics…")
        self.status.show()

        def task(_progress: Progress) -> Reading:
            return number, _statistics(db, reference, lot)

        self._readers.run(
            task,
            f"working out the agreement statistics of {reference}",
            self._on_reader_done,
            on_refused=self._show_refused,
            on_failed=self._show_unread,
        )

    def is_reading(self) -> bool:
        return self._readers.running()

    def finish_reading(self) -> None:
        """Wait for any reading still on its way (before the window closes)."""
        self._reading += 1
        self._readers.wait()

    def _on_reader_done(self, numbered: Reading) -> None:
        self._show(*numbered)

    def _show_refused(self, refused: Refused) -> None:
        # Moderation has not opened: the scores are private, so there is nothing to measure.
        self._clear()
        reasons = "; ".join(refused.reasons)
        self.status.set_kind(BannerKind.WARNING)
        self.status.set_text(
            f"No statistics yet: {reasons}. They appear once moderation of a lot opens."
        )
        self.status.show()
        self.refreshed.emit()

    def _show_unread(self, why: str) -> None:
        self.status.set_kind(BannerKind.ERROR)
        self.status.set_text(f"The statistics could not be worked out: {why}")
        self.status.show()

    def _show(self, number: int, lots: list[LotAgreement]) -> None:
        if number != self._reading:
            return  # a later reading is on its way
        self._clear()
        self.status.hide()
        names = (
            {} if self._overview is None else {x.key: x.display_name for x in self._overview.lots}
        )
        for at, lot in enumerate(lots):
            section = LotSection(lot, names.get(lot.lot, f"Lot {lot.lot}"), self.body)
            self._body_layout.insertWidget(at + 1, section)  # after how to read them
            self.sections.append(section)
        self.refreshed.emit()

    def _clear(self) -> None:
        for section in self.sections:
            self._body_layout.removeWidget(section)
            section.deleteLater()
        self.sections = []
