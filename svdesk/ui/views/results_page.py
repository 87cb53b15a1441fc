"""Who wins: a lot's ranking (or every lot's outcome), and what stands before the letters.

The page asks the services for every lot's results and the readiness check's problems
that need neither the letters' texts searched nor the audit trail (``results_and_readiness``, one
reading) and shows them at once; the passages still to review, the rationale check and the
audit trail's verification (``text_and_trail_problems``), which search every letter
text, read every answer and hash the whole trail, follow from a worker thread, and only
then can the page say the tender is ready.
It keeps nothing of its own, and reads afresh whenever scores, the consensus or the panel
change, keeping the bid selected in the ranking, so that the ranking updates as the panel
confirms its consensus without the page jumping.

With "Panel scores" on, a lot's ranking has under it the selected bid's individual scores
and their spread, criterion by criterion, read from the lot's moderation board: only once
the lot's moderation has opened (before then the scores are private).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QHBoxLayout,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from svdesk.domain.model import ScoringMethod
from svdesk.services.refusals import Refused
from svdesk.ui.background import Progress
from svdesk.ui.formatting import count
from svdesk.ui.models.results_model import (
    LotOutcomesModel,
    ResultsModel,
    lot_outcomes,
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
)
from svdesk.ui.views.evaluation_page import EvaluationPage
from svdesk.ui.views.navigator import Page, Target
from svdesk.ui.views.page_readings import PageReadings
from svdesk.ui.views.panel_scores import PanelScoresView
from svdesk.ui.views.readiness_section import BEFORE_LETTERS, READY, ReadinessSection
from svdesk.ui.views.results_reading import (
    BoardReading,
    PageReading,
    read_board,
    read_checks,
    read_page,
)
from svdesk.ui.views.results_status import (
    every_lot_status,
    lot_status_kind,
    lot_status_text,
    show_banner,
)
from svdesk.ui.views.results_tables import (
    arrange_outcomes,
    arrange_ranking,
    fitted_height,
    results_table,
)

if TYPE_CHECKING:
    from svdesk.domain.scoring import LotResult
    from svdesk.services.results import TenderResults
    from svdesk.store.database import Database

__all__ = ["BEFORE_LETTERS", "READY", "ResultsPage"]

T = TypeVar("T")

# Above this many responses the results are read off the window's thread (a tender this
# size reads in well under a tenth of a second).
READ_IN_BACKGROUND_ABOVE = 2000


class ResultsPage(EvaluationPage):
    """A lot's ranking, or every lot's outcome, and what stands before the letters.

    The results of a tender with more responses than ``read_in_background_above`` are read
    on a worker thread, so that the window stays responsive; a smaller one's, in a blink,
    at once. The rationales and the audit trail are always checked on a worker thread.
    ``refreshed`` is emitted whenever the page shows all it has just read, the trail's
    verdict included.
    """

    letters_requested = Signal()
    navigate_requested = Signal(object)  # a Target: a lot was opened in the all-lots table
    refreshed = Signal()
    kinds = (Page.RESULTS,)  # the navigator's targets it shows

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._shown: tuple[str, str | None] | None = None  # (tender, lot) on show
        self._board: BoardReading | None = None
        self.read_in_background_above = READ_IN_BACKGROUND_ABOVE
        self._reading = 0  # the number of the latest reading; older ones are dropped
        self._waiting: set[str] = set()  # what the latest reading still waits for
        self._readers = PageReadings(self)
        self._checks_running = False
        self._checks_due: tuple[int, Database, str] | None = None  # the next to verify
        self.title = Heading("Results", 1, self)
        self.subtitle = muted_label("", self)
        self.panel_scores_button = QPushButton("Panel scores", self)
        self.panel_scores_button.setCheckable(True)
        self.panel_scores_button.setToolTip(
            "Show each evaluator's score and the spread for the selected bid (once the "
            "lot's moderation has opened)"
        )
        self.refresh_button = QPushButton("Refresh", self)
        self.refresh_button.setToolTip("Read the scores again (F5)")
        self.refresh_button.setShortcut("F5")
        self.letters_button = QPushButton("Letters…", self)
        self.letters_button.setToolTip("Write the award letters (Ctrl+L)")
        self.status = Banner(BannerKind.INFO, "", self)

        self.model = ResultsModel(self)
        self.table = results_table(self.model, self)
        self.lots_model = LotOutcomesModel(self)
        self.lots_table = results_table(self.lots_model, self)
        self.tables = QStackedWidget(self)
        self.tables.addWidget(self.table)
        self.tables.addWidget(self.lots_table)
        self.tables.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self.notes = rich_label(self)  # bold names: every value in it is escaped
        self.notes.setWordWrap(True)
        self.notes.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.legend = muted_label("", self)
        self.panel_scores = PanelScoresView(self)
        self.panel_scores.hide()

        self.readiness = ReadinessSection(self)
        # The section's parts, by their names on the page.
        self.readiness_title = self.readiness.title
        self.readiness_note = self.readiness.note
        self.problems = self.readiness.problems
        self.copy_button = self.readiness.copy_button
        self.ready = self.readiness.ready

        header = QHBoxLayout()
        header.setSpacing(SPACING)
        titles = QVBoxLayout()
        titles.setSpacing(SPACING // 2)
        titles.addWidget(self.title)
        titles.addWidget(self.subtitle)
        header.addLayout(titles, 1)
        header.addWidget(self.panel_scores_button)
        header.addWidget(self.refresh_button)
        header.addWidget(self.letters_button)

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
        layout.addWidget(self.panel_scores)
        layout.addSpacing(SPACING * 2)
        layout.addWidget(self.readiness, 1)
        layout.addStretch(0)
        self._readiness_index = layout.count() - 2
        self._stretch_index = layout.count() - 1
        self._layout = layout

        self.refresh_button.clicked.connect(self._on_refresh_button_clicked)
        self.letters_button.clicked.connect(self.letters_requested)
        self.panel_scores_button.toggled.connect(self._on_panel_scores_button_toggled)
        self.lots_table.activated.connect(self._on_lots_table_activated)
        self.table.selectionModel().currentRowChanged.connect(self._on_table_current_row_changed)
        for table in (self.table, self.lots_table):
            table.horizontalScrollBar().rangeChanged.connect(self._on_scroll_bar_range_changed)

    # -- reading -------------------------------------------------------------------------
    def refresh(self) -> None:
        """Read the results and the readiness check afresh, and show them; the audit
        rationales and the audit trail are checked after, off the window's thread."""
        if self._db is None or self._overview is None:
            return
        db, reference = self._db, self._overview.tender.reference
        board_lot = self._lot if self._wants_board() else None
        self._reading += 1
        number = self._reading
        self._waiting = {"record", "checks"}
        target = (reference, self._lot)
        if self._shown is None or self._shown[0] != reference:
            # Another tender: nothing of the readiness on screen belongs to it.
            self.readiness.show_checking()
        else:
            # What is on show stays until the new reading replaces it: no flicker.
            self.readiness.verify_again()
        at_once = len(self._overview.responses) <= self.read_in_background_above
        self.refresh_button.setEnabled(False)
        if at_once:
            try:
                reading = read_page(db, reference, board_lot)
            except Refused as refused:
                self._show_unread("; ".join(refused.reasons))
                return
            self._show_reading(number, reading)
        else:
            if target != self._shown:
                self._show_pending()
            # (A page already showing this lot keeps it until the new reading arrives.)
            self._run(
                lambda _progress: (number, read_page(db, reference, board_lot)),
                f"reading the results of {reference}",
                lambda numbered: self._show_reading(*numbered),
            )
        self._start_checks(number, db, reference)

    def _start_checks(self, number: int, db: Database, reference: str) -> None:
        """Check the rationales and verify the trail for reading ``number``; while a check
        is still running the next waits for it (consensus confirmed in quick succession
        would otherwise start one full pass over the trail each), and only the latest is
        started."""
        if self._checks_running:
            self._checks_due = (number, db, reference)
            return
        self._checks_running = True

        def finished() -> None:
            self._checks_running = False
            due, self._checks_due = self._checks_due, None
            if due is not None and due[0] == self._reading:
                self._start_checks(*due)

        self._run(
            lambda _progress: (number, read_checks(db, reference)),
            f"checking the rationales and the audit trail of {reference}",
            lambda numbered: self._show_checks(*numbered),
            finished,
        )

    def _run(
        self,
        task: Callable[[Progress], T],
        what: str,
        on_done: Callable[[T], None],
        on_finished: Callable[[], None] | None = None,
    ) -> None:
        self._readers.run(
            task,
            what,
            on_done,
            on_refused=self._on_reader_refused,
            on_failed=self._show_unread,
            on_finished=on_finished,
        )

    def is_reading(self) -> bool:
        """Whether a reading (of the audit trail, at least) is still on its way."""
        return self._readers.running()

    def finish_reading(self) -> None:
        """Wait for any reading still on its way (before the window closes)."""
        self._reading += 1  # what they read is no longer wanted
        self._readers.wait()

    def _arrived(self, part: str) -> None:
        self._waiting.discard(part)
        if not self._waiting:
            self.refresh_button.setEnabled(True)
            self.refreshed.emit()

    def _show_reading(self, number: int, reading: PageReading) -> None:
        if number != self._reading:
            return  # a later reading is on its way
        if reading.board is not None:
            self._board = reading.board
        self._show_results(reading.results)
        self.readiness.show_record(reading.problems)
        self._arrange_readiness()
        self._arrived("record")

    def _show_checks(self, number: int, problems: list[str]) -> None:
        if number != self._reading:
            return
        self.readiness.show_checked(problems)
        self._arrange_readiness()
        self._arrived("checks")

    def _on_reader_refused(self, refused: Refused) -> None:
        # The tender was replaced or removed while it was being read, say.
        self._show_unread("; ".join(refused.reasons))

    def _show_unread(self, why: str) -> None:
        self._waiting.clear()
        self.refresh_button.setEnabled(True)
        show_banner(self.status, BannerKind.ERROR, f"The results could not be read: {why}")

    # -- showing ---------------------------------------------------------------------------
    def _show_pending(self) -> None:
        """Another lot (or every lot) is being read: nothing of the last one stays on show
        under its heading."""
        self.title.setText("Results" if self._lot is None else f"Results: Lot {self._lot}")
        self.subtitle.setText("")
        self.model.set_rows([])
        self.lots_model.set_rows([])
        self.tables.setCurrentWidget(self.table if self._lot is not None else self.lots_table)
        self.notes.hide()
        self.legend.setText("")
        self.panel_scores.hide()
        show_banner(self.status, BannerKind.INFO, "Reading the scores…")

    def _show_results(self, results: TenderResults) -> None:
        assert self._overview is not None
        self._shown = (self._overview.tender.reference, self._lot)
        if self._lot is None:
            self._show_every_lot(results.lots)
            return
        wanted = self._lot.casefold()
        lot = next((x for x in results.lots if x.lot.casefold() == wanted), None)
        if lot is None:
            self._show_unread(f"the tender has no lot {self._lot}")
            return
        self._show_lot(lot)

    def _show_lot(self, result: LotResult) -> None:
        assert self._overview is not None
        o = self._overview
        lot = next(x for x in o.lots if x.key == result.lot)
        self.title.setText(f"Results: Lot {lot.key}")
        facts = [lot.title] if lot.title else []
        facts.append(count(len(result.bids), "bid"))
        self.subtitle.setText("  ·  ".join(facts))
        selected = self._selected_bidder()
        scrolled = self.table.verticalScrollBar().value()
        self.model.set_rows(result_rows(result), o.criteria_of(lot.key))
        arrange_ranking(self.table, self.model, self.notes)
        self.tables.setCurrentWidget(self.table)
        self.panel_scores_button.setVisible(True)
        show_banner(
            self.status, lot_status_kind(result), lot_status_text(result, o.tender.tie_break)
        )
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
        # The same bid stays selected, and the table where it was, as the scores change.
        self._select_bidder(selected)
        self.table.verticalScrollBar().setValue(scrolled)
        self._show_panel_scores()

    def _selected_bidder(self) -> str | None:
        if self._shown is None or self.tables.currentWidget() is not self.table:
            return None
        current = self.table.selectionModel().currentIndex()
        if not current.isValid() or not 0 <= current.row() < self.model.rowCount():
            return None
        return self.model.result_row(current.row()).bid.bidder

    def _select_bidder(self, bidder: str | None) -> None:
        row = -1 if bidder is None else self.model.find_row(lambda r: r.bid.bidder == bidder)
        if row < 0:
            return
        self.table.selectionModel().setCurrentIndex(
            self.model.index(row, ResultsModel.BIDDER),
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )

    def selected_bidder(self) -> str | None:
        """The key of the bid selected in the lot's ranking, if any."""
        return self._selected_bidder()

    def _show_every_lot(self, results: tuple[LotResult, ...]) -> None:
        assert self._overview is not None
        o = self._overview
        self.title.setText("Results")
        self.subtitle.setText(f"{o.tender.reference}  ·  {count(len(results), 'lot')}")
        self.lots_model.set_rows(lot_outcomes(o.lots, results))
        arrange_outcomes(self.lots_table, self.lots_model, any(r.problems for r in results))
        self.notes.hide()
        self.panel_scores_button.setVisible(False)
        self.panel_scores.hide()
        self.tables.setCurrentWidget(self.lots_table)
        kind, text = every_lot_status(results)
        show_banner(self.status, kind, text)
        self.legend.setText("Double-click a lot to see its ranking.")
        self._fit_height(self.lots_table)

    def _arrange_readiness(self) -> None:
        # With no list to fill the page, the space goes below the banner.
        has_problems = self.readiness.has_problems()
        self._layout.setStretch(self._readiness_index, 1 if has_problems else 0)
        self._layout.setStretch(self._stretch_index, 0 if has_problems else 1)

    def _fit_height(self, table: QTableView) -> None:
        self.tables.setMaximumHeight(fitted_height(table))

    # -- the panel's scores ------------------------------------------------------------------
    def _wants_board(self) -> bool:
        return self._lot is not None and self.panel_scores_button.isChecked()

    def _show_panel_scores(self) -> None:
        """The selected bid's panel scores, from the board last read (when asked for)."""
        if not self._wants_board() or self._board is None:
            self.panel_scores.setVisible(self._wants_board())
            if self._wants_board():
                self.panel_scores.show_private("Reading the panel's scores…")
            return
        board = self._board.board
        if board is None or board.lot.casefold() != (self._lot or "").casefold():
            self.panel_scores.show_private(self._board.private or "Reading the panel's scores…")
        else:
            bidder = self._selected_bidder()
            row = self.model.find_row(lambda r: r.bid.bidder == bidder)
            label = ""
            if row >= 0:
                bid = self.model.result_row(row).bid
                label = f"{bid.bidder} {bid.name}"
            self.panel_scores.show_board(board, bidder if row >= 0 else None, label)
        self.panel_scores.show()

    def _read_panel_scores(self) -> None:
        if self._db is None or self._overview is None or self._lot is None:
            return
        db, reference, lot = self._db, self._overview.tender.reference, self._lot
        self._board = None
        if len(self._overview.responses) <= self.read_in_background_above:
            self._board = read_board(db, reference, lot)
            self._show_panel_scores()
            return
        self._show_panel_scores()
        number = self._reading

        def arrived(numbered: tuple[int, BoardReading]) -> None:
            if numbered[0] == self._reading:
                self._board = numbered[1]
                self._show_panel_scores()

        self._run(
            lambda _progress: (number, read_board(db, reference, lot)),
            f"reading the panel's scores of {reference}",
            arrived,
        )

    # -- the user ---------------------------------------------------------------------------
    @Slot()
    def _on_refresh_button_clicked(self) -> None:
        self.refresh()

    @Slot(bool)
    def _on_panel_scores_button_toggled(self, checked: bool) -> None:
        if checked:
            self._read_panel_scores()
        else:
            self.panel_scores.hide()

    @Slot(QModelIndex, QModelIndex)
    def _on_table_current_row_changed(self, _current: QModelIndex, _previous: QModelIndex) -> None:
        if self._wants_board():
            self._show_panel_scores()

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
