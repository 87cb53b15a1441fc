"""The Agreement statistics page shows the hand-worked numbers of a small moderated tender,
in its tables and in its charts' series; it says the statistics never change a score and
what to do when there are too few scores; it follows the consensus and the text size."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCharts import QAbstractBarSeries, QBarCategoryAxis, QChart, QLineSeries
from PySide6.QtCore import QAbstractItemModel, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from svdesk.services.moderation import ConsensusEntry, record_consensus
from svdesk.services.moderation_lots import reopen_lot
from svdesk.services.moderation_tolerance import set_moderation_tolerance
from svdesk.services.tenders import tender_overview
from svdesk.store.database import Database
from svdesk.ui.tender_context import TenderContext
from svdesk.ui.theme import BannerKind
from svdesk.ui.views.agreement_charts import FAIR, GOOD, LENIENT, LOW, SEVERE, shown
from svdesk.ui.views.agreement_page import AgreementPage, LotSection
from svdesk.ui.views.navigator import Page, Target
from tests.support.agreement_tender import (
    ALPHA_LOT_1,
    ALPHA_SV1,
    ALPHA_SV2,
    ANN,
    BEN,
    CAT,
    MO,
    REF,
    agreement_tender,
)
from tests.support.panel_tender import panel_tender
from tests.ui.conftest import OFFSCREEN_MESSAGE_BOXES, window_on

# A page shown as a window of its own says so on the offscreen platform as it sizes itself.
pytestmark = OFFSCREEN_MESSAGE_BOXES


@pytest.fixture
def moderated(tmp_path: Path) -> Database:
    return agreement_tender(tmp_path)


@pytest.fixture
def context(moderated: Database) -> TenderContext:
    context = TenderContext()
    context.set_database(moderated)
    assert context.show_tender(REF)
    return context


def page_on(qtbot: QtBot, context: TenderContext, lot: str | None = None) -> AgreementPage:
    page = AgreementPage()
    qtbot.addWidget(page)
    page.follow(context)
    page.resize(1500, 1000)
    page.show()
    assert context.overview is not None
    assert page.show_target(Target(Page.AGREEMENT, lot), context.overview)
    return page


def table_text(model: QAbstractItemModel) -> list[list[str]]:
    return [
        [
            str(model.index(r, c).data(Qt.ItemDataRole.DisplayRole))
            for c in range(model.columnCount())
        ]
        for r in range(model.rowCount())
    ]


def bar_values(chart: QChart) -> dict[str, list[float]]:
    (series,) = [s for s in chart.series() if isinstance(s, QAbstractBarSeries)]
    return {
        bars.label(): [round(bars.at(i), 4) for i in range(bars.count())]
        for bars in series.barSets()
    }


def categories(chart: QChart) -> list[str]:
    (axis,) = [a for a in chart.axes() if isinstance(a, QBarCategoryAxis)]
    return list(axis.categories())


def test_the_page_shows_the_hand_worked_statistics(qtbot: QtBot, context: TenderContext) -> None:
    page = page_on(qtbot, context)
    assert "never change a score" in page.inform.text()
    assert "0.800" in page.how_to_read.text()
    assert "0.667" in page.how_to_read.text()
    lot_1, lot_2 = page.sections
    assert lot_1.title.text().startswith("Lot 1")
    alpha = {row[1]: row[3:] for row in table_text(lot_1.alpha_model)}
    assert alpha["SV1"] == [f"{float(ALPHA_SV1):.3f}", "2", "good agreement"]
    assert alpha["SV2"] == [f"{float(ALPHA_SV2):.3f}", "2", "low agreement: discuss"]
    assert alpha["All criteria"] == [f"{float(ALPHA_LOT_1):.3f}", "4", "low agreement: discuss"]
    assert "0.603 over 4 responses (low agreement: discuss)" in lot_1.summary.text()
    deviations = {row[1]: row[2:] for row in table_text(lot_1.deviation_model)}
    assert deviations[ANN] == ["4", "0.00", "0.00", "0 of 4 (0%)", "in line"]
    assert deviations[BEN] == ["4", "-18.75", "-0.75", "1 of 4 (25%)", "severe"]
    assert deviations[CAT] == ["4", "+12.50", "+0.50", "0 of 4 (0%)", "lenient"]

    alpha_chart, deviation_chart, outside_chart = lot_1.charts()
    assert bar_values(alpha_chart) == {
        GOOD: [round(float(ALPHA_SV1), 4), 0.0, 0.0],
        FAIR: [0.0, 0.0, 0.0],
        LOW: [0.0, round(float(ALPHA_SV2), 4), round(float(ALPHA_LOT_1), 4)],
    }
    assert categories(alpha_chart) == ["SV1<br>0.88", "SV2<br>0.56", "All<br>0.60"]
    thresholds = {
        s.name(): {p.y() for p in s.points()}
        for s in alpha_chart.series()
        if isinstance(s, QLineSeries)
    }
    assert thresholds == {"0.800": {0.8}, "0.667": {0.667}}
    assert bar_values(deviation_chart) == {LENIENT: [0.5, 0.0, 0.0], SEVERE: [0.0, -0.75, 0.0]}
    assert bar_values(outside_chart) == {"Outside the tolerance": [0.0, 25.0, 0.0]}
    # QtCharts reads its labels as HTML: the evaluator named with markup is given escaped,
    # so that it is drawn as written.
    # Drawn from the bottom up: the panel's first evaluator at the top, as in the table.
    assert categories(deviation_chart) == [shown(CAT), BEN, ANN]
    assert categories(outside_chart) == [shown(CAT), BEN, ANN]
    assert shown(CAT) == "Cat &lt;b&gt;Evaluator&lt;/b&gt;"
    # Lot 2: every score the same, and Cat did not score it.
    assert not lot_2.notice.isHidden()
    assert "could not be measured for SV1 (every score is the same" in lot_2.notice.text()
    assert "moderate each response on its merits" in lot_2.notice.text()
    assert lot_1.notice.isHidden()
    assert {row[1]: row[6] for row in table_text(lot_2.deviation_model)}[CAT] == (
        "no consensus to compare with yet"
    )
    assert "n/a" in categories(lot_2.charts()[0])[0]


def test_a_lot_of_its_own(qtbot: QtBot, context: TenderContext) -> None:
    page = page_on(qtbot, context, "2")
    (section,) = page.sections
    assert section.lot.lot == "2"
    assert section.title.text().startswith("Lot 2")


def test_a_new_consensus_is_shown_at_once(
    qtbot: QtBot, context: TenderContext, moderated: Database
) -> None:
    page = page_on(qtbot, context)
    before = {row[1]: row[3] for row in table_text(page.sections[1].deviation_model)}
    assert before[ANN] == "0.00"
    record_consensus(
        moderated,
        REF,
        [
            ConsensusEntry(
                "2",
                "B02",
                "SV1",
                50,
                "The response earns 50: four local residents recruited into permanent roles, "
                "with quarterly KPI reports.",
                "The panel agreed a higher score after reading the plan attached to the answer.",
            )
        ],
        MO,
    )
    with qtbot.waitSignal(page.refreshed):
        context.announce_consensus()
    after = {row[1]: row[3] for row in table_text(page.sections[1].deviation_model)}
    assert after[ANN] == after[BEN] == "-12.50"  # 25 against 50 on one of two responses


@pytest.mark.parametrize(
    ("steps", "outside", "words"),
    [
        (0, ["0 of 4 (0%)", "2 of 4 (50%)", "2 of 4 (50%)"], "Tolerance: none"),
        (2, ["0 of 4 (0%)", "0 of 4 (0%)", "0 of 4 (0%)"], "Tolerance: 2 steps of the scale"),
    ],
)
def test_the_statistics_follow_the_tender_s_tolerance(
    qtbot: QtBot,
    context: TenderContext,
    moderated: Database,
    steps: int,
    outside: list[str],
    words: str,
) -> None:
    page = page_on(qtbot, context)
    lot_1 = page.sections[0]
    assert "Tolerance: 1 step of the scale." in lot_1.summary.text()
    reopen_lot(moderated, REF, "1", "The panel meets again to look at its tolerance.", actor=MO)
    set_moderation_tolerance(
        moderated, REF, steps, "The panel agreed a different tolerance for this tender.", actor=MO
    )
    with qtbot.waitSignal(page.refreshed):
        context.announce_consensus()
    lot_1 = page.sections[0]
    assert [row[5] for row in table_text(lot_1.deviation_model)] == outside
    assert words in lot_1.summary.text()
    shares = [float(text.split("(")[1].rstrip("%)")) for text in outside]
    assert bar_values(lot_1.charts()[2]) == {"Outside the tolerance": shares[::-1]}


def test_a_large_tender_is_worked_out_off_the_window_s_thread(
    qtbot: QtBot, context: TenderContext
) -> None:
    page = page_on(qtbot, context)
    page.read_in_background_above = 0
    with qtbot.waitSignal(page.refreshed, timeout=10_000):
        page.refresh()
        assert page.status.text() == "Working out the statistics…"
    assert not page.status.isVisible()
    assert len(page.sections) == 2
    assert table_text(page.sections[0].alpha_model)[0][3] == f"{float(ALPHA_SV1):.3f}"


def test_before_moderation_the_page_says_why_there_is_nothing(qtbot: QtBot, tmp_path: Path) -> None:
    db, _ = panel_tender(tmp_path)
    context = TenderContext()
    context.set_database(db)
    assert context.show_tender(REF)
    page = page_on(qtbot, context)
    assert page.sections == []
    assert page.status.kind() is BannerKind.WARNING
    assert "No statistics yet" in page.status.text()
    assert "private until it does" in page.status.text()
    assert "never change a score" in page.inform.text()
    db.close()


def test_the_charts_follow_the_text_size(qtbot: QtBot, context: TenderContext) -> None:
    page = page_on(qtbot, context)
    chart = page.sections[0].charts()[0]
    original = QApplication.font()
    size = original.pointSizeF()
    assert chart.legend().font().pointSizeF() == pytest.approx(size)
    bigger = original
    bigger.setPointSizeF(size * 1.5)
    QApplication.setFont(bigger)
    try:
        QApplication.processEvents()
        assert chart.legend().font().pointSizeF() == pytest.approx(size * 1.5)
        assert chart.titleFont().pointSizeF() == pytest.approx(size * 1.5 * 1.1)
        for axis in chart.axes():
            assert axis.labelsFont().pointSizeF() == pytest.approx(size * 1.5 * 0.92)
    finally:
        original.setPointSizeF(size)
        QApplication.setFont(original)


def test_the_window_opens_the_page_from_the_navigator(qtbot: QtBot, moderated: Database) -> None:
    overview = tender_overview(moderated, REF)
    assert overview.lots
    window = window_on(qtbot, moderated)
    assert window.pages is not None
    window.go_to(Target(Page.AGREEMENT))
    assert window.pages.currentWidget() is window.pages.agreement
    assert all(isinstance(s, LotSection) for s in window.pages.agreement.sections)
    assert len(window.pages.agreement.sections) == 2
