"""Who wins: a lot's ranking (or every lot's outcome), and what stands before the letters.

The page asks the services for the results (``tender_results``) and the readiness check
(``readiness_problems``) each time it is shown or refreshed; it keeps nothing of its own.
The readiness check verifies the whole audit trail, so it always runs on a worker thread;
the results of an ordinary tender are read at once, so the ranking never flickers.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QModelIndex, Qt, Signal, Slot
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from svdesk.domain.model import ScoringMethod
from svdesk.ui.background import Progress, TaskHandle, background_tasks
from svdesk.ui.formatting import count, two_places
from svdesk.ui.models.results_model import (
    LotOutcomesModel,
    ResultsModel,
    lot_outcomes,
    problems_text,
    result_rows,
)
from svdesk.ui.plain_text import rich_label
from svdesk.ui.theme import (
    PAGE_MARGIN,
    SPACING,
    Banner,
    BannerKind,
    Heading,
    muted_label,
    style_table,
)
from svdesk.ui.views.navigator import Page, Target
from svdesk.ui.views.problem_list import ProblemList

if TYPE_CHECKING:
    from svdesk.domain.scoring import LotResult
    from svdesk.services.refusals import Refused
    from svdesk.services.results import TenderResults
    from svdesk.services.tenders import TenderOverview
    from svdesk.store.database import Database
    from svdesk.ui.tender_context import TenderContext

READY = "✓  Ready for letters: every check has passed."
BEFORE_LETTERS = "Before letters can be sent"
NAME_CAP = 360  # pixels: a long lot name is cut here (whole in its tooltip)
MAX_TABLE_ROWS = 12  # the table grows to show this many rows, then scrolls
# Above this many responses the results are read off the window's thread (a tender this
# size reads in well under a tenth of a second).
READ_IN_BACKGROUND_ABOVE = 2000


Reading = tuple[int, tuple["TenderResults | None", list[str]]]  # numbered: the latest is shown


def _read(
    db: Database, reference: str, lot: str | None, with_results: bool
) -> tuple[TenderResults | None, list[str]]:
    """The results (of ``lot``, or of every lot) when asked for, and the readiness problems."""
    from svdesk.services.readiness import readiness_problems

    results = _results(db, reference, lot) if with_results else None
    return results, readiness_problems(db, reference)


def _results(db: Database, reference: str, lot: str | None) -> TenderResults:
    from svdesk.services.results import tender_results

    return tender_results(db, reference, lot)


class ResultsPage(QWidget):
    """A lot's ranking, or every lot's outcome, and what stands before the letters.

    The results of a tender with more responses than ``read_in_background_above`` are read
    on a worker thread, so that the window stays responsive; a smaller one's, in a blink,
    at once. The readiness check always runs on a worker thread. ``refreshed`` is emitted
    whenever the page shows all it has just read.
    """

    letters_requested = Signal()
    navigate_requested = Signal(object)  # a Target: a lot was opened in the all-lots table
    refreshed = Signal()
    kinds = (Page.RESULTS,)  # the navigator's targets it shows

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context: TenderContext | None = None
        self._db: Database | None = None
        self._overview: TenderOverview | None = None
        self._lot: str | None = None
        self.read_in_background_above = READ_IN_BACKGROUND_ABOVE
        self._reading = 0  # the number of the latest reading; older ones are dropped
        self._readers: dict[int, TaskHandle[Reading]] = {}
        self.title = Heading("Results", 1, self)
        self.subtitle = muted_label("", self)
        self.refresh_button = QPushButton("Refresh", self)
        self.refresh_button.setToolTip("Read the scores again (F5)")
        self.refresh_button.setShortcut("F5")
        self.letters_button = QPushButton("Letters…", self)
        self.letters_button.setToolTip("Write the award letters (Ctrl+L)")
        self.status = Banner(BannerKind.INFO, "", self)

        self.model = ResultsModel(self)
        self.table = self._table(self.model)
        self.lots_model = LotOutcomesModel(self)
        self.lots_table = self._table(self.lots_model)
        self.tables = QStackedWidget(self)
        self.tables.addWidget(self.table)
        self.tables.addWidget(self.lots_table)
        self.tables.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self.notes = rich_label(self)  # bold names: every value in it is escaped
        self.notes.setWordWrap(True)
        self.notes.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.legend = muted_label("", self)

        self.readiness_title = Heading(BEFORE_LETTERS, 2, self)
        self.readiness_note = muted_label(
            "These concern the whole tender; each must be put right before any letter is written.",
            self,
        )
        self.problems = ProblemList(self)
        self.copy_button = QPushButton("Copy", self)
        self.copy_button.setToolTip("Copy every problem to the clipboard")
        self.ready = Banner(BannerKind.SUCCESS, READY, self)

        header = QHBoxLayout()
        header.setSpacing(SPACING)
        titles = QVBoxLayout()
        titles.setSpacing(SPACING // 2)
        titles.addWidget(self.title)
        titles.addWidget(self.subtitle)
        header.addLayout(titles, 1)
        header.addWidget(self.refresh_button)
        header.addWidget(self.letters_button)

        readiness_header = QHBoxLayout()
        readiness_header.addWidget(self.readiness_title, 1)
        readiness_header.addWidget(self.copy_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(PAGE_MARGIN, PAGE_MARGIN, PAGE_MARGIN, PAGE_MARGIN)
        layout.setSpacing(SPACING)
        layout.addLayout(header)
        layout.addSpacing(SPACING // 2)
        layout.addWidget(self.status)
        layout.addSpacing(SPACING // 2)
        layout.addWidget(self.tables)
        layout.addWidget(self.notes)
        layout.addWidget(self.legend)
        layout.addSpacing(SPACING * 2)
        layout.addLayout(readiness_header)
        layout.addWidget(self.readiness_note)
        layout.addWidget(self.problems, 1)
        layout.addWidget(self.ready)
        layout.addStretch(0)
        self._stretch_index = layout.count() - 1
        self._layout = layout

        self.refresh_button.clicked.connect(self._on_refresh_button_clicked)
        self.letters_button.clicked.connect(self.letters_requested)
        self.copy_button.clicked.connect(self._on_copy_button_clicked)
        self.lots_table.activated.connect(self._on_lots_table_activated)
        for table in (self.table, self.lots_table):
            table.horizontalScrollBar().rangeChanged.connect(self._on_scroll_bar_range_changed)

    def _table(self, model: ResultsModel | LotOutcomesModel) -> QTableView:
        table = QTableView(self)
        table.setModel(model)
        style_table(table)
        table.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        return table

    # -- following the tender -----------------------------------------------------------------
    def follow(self, context: TenderContext) -> None:
        """Read the results afresh, when on show, whenever scores, the consensus or the
        panel change in ``context``."""
        self._context = context
        for news in (context.scores_changed, context.consensus_changed, context.panel_changed):
            news.connect(self._on_context_evaluation_changed)

    def show_target(self, target: Target, overview: TenderOverview) -> bool:
        db = None if self._context is None else self._context.database
        if db is None:
            return False
        self.show_results(db, overview, target.lot)
        return True

    @Slot()
    def _on_context_evaluation_changed(self) -> None:
        if self.isVisible():
            self.refresh()
        # (When not on show, the page reads afresh as it is next shown.)

    # -- showing ---------------------------------------------------------------------------
    def show_results(self, db: Database, overview: TenderOverview, lot: str | None) -> None:
        """Show ``lot``'s ranking (every lot's outcome when None), read afresh."""
        self._db, self._overview, self._lot = db, overview, lot
        self.refresh()

    def refresh(self) -> None:
        """Read the results and the readiness check afresh, and show them."""
        if self._db is None or self._overview is None:
            return
        db, reference, lot = self._db, self._overview.tender.reference, self._lot
        self._reading += 1
        number = self._reading
        at_once = len(self._overview.responses) <= self.read_in_background_above
        if at_once:
            self._show_results(_results(db, reference, lot))
            self._show_checking()
        else:
            self.status.set_kind(BannerKind.INFO)
            self.status.set_text("Reading the scores…")

        def task(_progress: Progress) -> Reading:
            return number, _read(db, reference, lot, with_results=not at_once)

        self.refresh_button.setEnabled(False)
        self._readers[number] = background_tasks().run(
            task,
            owner=self,
            what=f"reading the results of {reference}",
            on_done=self._on_reader_done,
            on_refused=self._on_reader_refused,
            on_failed=self._show_unread,
            on_finished=lambda: self._forget_reader(number),
        )

    def _forget_reader(self, number: int) -> None:
        self._readers.pop(number, None)

    def is_reading(self) -> bool:
        """Whether a reading (of the readiness check, at least) is still on its way."""
        return bool(self._readers)

    def _show_reading(self, number: int, reading: tuple[TenderResults | None, list[str]]) -> None:
        if number != self._reading:
            return  # a later reading is on its way
        results, problems = reading
        if results is not None:
            self._show_results(results)
        self._show_readiness(problems)
        self.refresh_button.setEnabled(True)
        self.refreshed.emit()

    def _show_results(self, results: TenderResults) -> None:
        if self._lot is None:
            self._show_every_lot(results.lots)
        else:
            self._show_lot(results.lots[0])

    def finish_reading(self) -> None:
        """Wait for any reading still on its way (before the window closes)."""
        self._reading += 1  # what they read is no longer wanted
        for reader in list(self._readers.values()):
            reader.wait()
        self._readers.clear()

    def _on_reader_done(self, numbered: Reading) -> None:
        self._show_reading(*numbered)

    def _on_reader_refused(self, refused: Refused) -> None:
        # The tender was replaced or removed while it was being read, say.
        self._show_unread("; ".join(refused.reasons))

    def _show_unread(self, why: str) -> None:
        self.refresh_button.setEnabled(True)
        self.status.set_kind(BannerKind.ERROR)
        self.status.set_text(f"The results could not be read: {why}")

    def _show_lot(self, result: LotResult) -> None:
        assert self._overview is not None
        o = self._overview
        lot = next(x for x in o.lots if x.key == result.lot)
        self.title.setText(f"Results: Lot {lot.key}")
        facts = [lot.title] if lot.title else []
        facts.append(count(len(result.bids), "bid"))
        self.subtitle.setText("  ·  ".join(facts))
        self.model.set_rows(result_rows(result), o.criteria_of(lot.key))
        self._arrange_lot_columns()
        self.tables.setCurrentWidget(self.table)
        self.status.set_kind(_status_kind(result))
        self.status.set_text(_status_text(result))
        scores = (
            "moderated score"
            if o.tender.scoring_method is ScoringMethod.CONSENSUS
            else "mean of the evaluators' scores"
        )
        codes = [c.code for c in self.model.criteria()]
        span = f"{codes[0]}–{codes[-1]}" if len(codes) > 1 else "".join(codes)
        self.legend.setText(
            f"{span}: each criterion's {scores} ({o.scale.describe()}); hover over a "
            "score for its weighted points. Price, Quality, Social value and Total are "
            "weighted points, shown and ranked at 2 decimal places."
        )
        self._fit_height(self.table)

    def _arrange_lot_columns(self) -> None:
        rows = self.model.rows()
        problems = self.model.problems_column()
        self.table.setColumnHidden(problems, not any(r.bid.problems for r in rows))
        header = self.table.horizontalHeader()
        for column in range(self.model.columnCount()):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(ResultsModel.NAME, QHeaderView.ResizeMode.Stretch)
        notes = [
            f"<b>{html.escape(r.bid.bidder)} {html.escape(r.bid.name)}</b>: "
            f"{html.escape(problems_text(r.bid.problems))}"
            for r in rows
            if r.bid.problems and not r.counts  # why it cannot win; "not scored" is above
        ]
        self.notes.setText("<br>".join(notes))
        self.notes.setVisible(bool(notes))

    def _show_every_lot(self, results: tuple[LotResult, ...]) -> None:
        assert self._overview is not None
        o = self._overview
        self.title.setText("Results")
        self.subtitle.setText(f"{o.tender.reference}  ·  {count(len(results), 'lot')}")
        self.lots_model.set_rows(lot_outcomes(o.lots, results))
        has_notes = any(r.problems for r in results)
        self.lots_table.setColumnHidden(LotOutcomesModel.NOTE, not has_notes)
        header = self.lots_table.horizontalHeader()
        for column in range(self.lots_model.columnCount()):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(LotOutcomesModel.LOT, QHeaderView.ResizeMode.Interactive)
        stretch = LotOutcomesModel.NOTE if has_notes else LotOutcomesModel.WINNER
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
        self.lots_table.resizeColumnToContents(LotOutcomesModel.LOT)
        width = min(self.lots_table.columnWidth(LotOutcomesModel.LOT), NAME_CAP)
        self.lots_table.setColumnWidth(LotOutcomesModel.LOT, width)
        self.notes.hide()
        self.tables.setCurrentWidget(self.lots_table)
        undecided = [r for r in results if r.winner is None]
        if not undecided:
            self.status.set_kind(BannerKind.SUCCESS)
            self.status.set_text(
                f"✓  {'The lot is' if len(results) == 1 else 'Every lot is'} complete and "
                "has a winner."
            )
        else:
            self.status.set_kind(BannerKind.WARNING)
            lots = ", ".join(f"Lot {r.lot}" for r in undecided)
            self.status.set_text(f"No winner yet in {lots}. Open a lot to see why.")
        self.legend.setText("Double-click a lot to see its ranking.")
        self._fit_height(self.lots_table)

    def _show_checking(self) -> None:
        """The readiness section while the check (and the audit trail's) is on its way."""
        self.readiness_title.setText(f"{BEFORE_LETTERS}: checking the record…")
        self.readiness_title.setVisible(True)
        for widget in (self.readiness_note, self.problems, self.copy_button, self.ready):
            widget.setVisible(False)

    def _show_readiness(self, problems: list[str]) -> None:
        self.problems.set_problems(problems)
        has_problems = bool(problems)
        self.readiness_title.setText(
            f"{BEFORE_LETTERS} ({count(len(problems), 'problem')})"
            if has_problems
            else BEFORE_LETTERS
        )
        for widget in (self.readiness_title, self.readiness_note, self.problems, self.copy_button):
            widget.setVisible(has_problems)
        self.ready.setVisible(not has_problems)
        # With no list to fill the page, the space goes below the banner.
        self._layout.setStretch(self._stretch_index, 0 if has_problems else 1)

    def _fit_height(self, table: QTableView) -> None:
        """Make ``table`` as tall as its rows (up to MAX_TABLE_ROWS), not taller."""
        rows = min(table.model().rowCount(), MAX_TABLE_ROWS)
        height = table.horizontalHeader().sizeHint().height()
        height += rows * table.verticalHeader().defaultSectionSize()
        height += 2 * table.frameWidth() + 2
        if table.horizontalScrollBar().maximum() > 0:  # the columns are wider than the page
            height += table.horizontalScrollBar().sizeHint().height()
        table.setMaximumHeight(height)
        table.setMinimumHeight(min(height, 160))
        self.tables.setMaximumHeight(height)

    # -- the user ---------------------------------------------------------------------------
    @Slot()
    def _on_refresh_button_clicked(self) -> None:
        self.refresh()

    @Slot()
    def _on_copy_button_clicked(self) -> None:
        QGuiApplication.clipboard().setText(self.problems.as_text())

    def changeEvent(self, event: QEvent) -> None:
        # Another text size: the rows are taller, so the tables' heights are fitted again.
        if event.type() == QEvent.Type.FontChange:
            current = self.tables.currentWidget()
            if isinstance(current, QTableView):
                self._fit_height(current)
        super().changeEvent(event)

    @Slot(int, int)
    def _on_scroll_bar_range_changed(self, _minimum: int, _maximum: int) -> None:
        current = self.tables.currentWidget()
        if isinstance(current, QTableView):
            self._fit_height(current)

    @Slot(QModelIndex)
    def _on_lots_table_activated(self, index: QModelIndex) -> None:
        if index.isValid():
            outcome = self.lots_model.outcome(index.row())
            self.navigate_requested.emit(Target(Page.RESULTS, outcome.lot.key))


def _status_kind(result: LotResult) -> BannerKind:
    if result.winner is not None:
        return BannerKind.SUCCESS
    if result.complete and not any(b.eligible and not b.excluded for b in result.bids):
        return BannerKind.ERROR
    return BannerKind.WARNING


def _status_text(result: LotResult) -> str:
    winner = next((b for b in result.bids if b.bidder == result.winner), None)
    if winner is not None:
        return (
            f"✓  Complete. Winner: {winner.bidder} {winner.name}, with a total of "
            f"{two_places(winner.total)}."
        )
    why = "; ".join(result.problems) or "the lot has no eligible bid"
    state = "Complete" if result.complete else "Incomplete"
    return f"{state}: no winner yet. {why[:1].upper()}{why[1:]}."
