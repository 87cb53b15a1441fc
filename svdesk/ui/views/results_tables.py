"""How the Results page lays out its two tables (a lot's ranking, every lot's outcome):
which columns show and stretch, the notes on bids that cannot win, and each table's
height, as tall as its rows and no taller."""

from __future__ import annotations

import html

from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLabel, QTableView, QWidget

from svdesk.ui.models.results_model import LotOutcomesModel, ResultsModel, problems_text
from svdesk.ui.theme import style_table

NAME_CAP = 360  # pixels: a long lot name is cut here (whole in its tooltip)
MAX_TABLE_ROWS = 12  # the table grows to show this many rows, then scrolls


def results_table(model: ResultsModel | LotOutcomesModel, parent: QWidget) -> QTableView:
    table = QTableView(parent)
    table.setModel(model)
    style_table(table)
    table.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    # The columns fit the rows the table shows before it scrolls: a lot's ranking has
    # forty columns, and fitting them to more rows held the window up for a third of a
    # second at 200 bids; the rows below hold figures of the same width.
    header.setResizeContentsPrecision(MAX_TABLE_ROWS)
    return table


def arrange_ranking(table: QTableView, model: ResultsModel, notes: QLabel) -> None:
    """The ranking's columns (the problems column only when a bid has one; the name
    stretches), and under it why each bid that cannot win cannot."""
    rows = model.rows()
    table.setColumnHidden(model.problems_column(), not any(r.bid.problems or r.tied for r in rows))
    header = table.horizontalHeader()
    for column in range(model.columnCount()):
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(ResultsModel.NAME, QHeaderView.ResizeMode.Stretch)
    lines = [
        f"<b>{html.escape(r.bid.bidder)} {html.escape(r.bid.name)}</b>: "
        f"{html.escape(problems_text(r.bid.problems))}"
        for r in rows
        if r.bid.problems and not r.counts  # why it cannot win; "not scored" is above
    ]
    notes.setText("<br>".join(lines))
    notes.setVisible(bool(lines))


def arrange_outcomes(table: QTableView, model: LotOutcomesModel, has_notes: bool) -> None:
    """Every lot's outcome: the note column only when a lot has one; the lot's name cut at
    ``NAME_CAP``; the note (or the winner) stretches."""
    table.setColumnHidden(LotOutcomesModel.NOTE, not has_notes)
    header = table.horizontalHeader()
    for column in range(model.columnCount()):
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(LotOutcomesModel.LOT, QHeaderView.ResizeMode.Interactive)
    stretch = LotOutcomesModel.NOTE if has_notes else LotOutcomesModel.WINNER
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    table.resizeColumnToContents(LotOutcomesModel.LOT)
    table.setColumnWidth(
        LotOutcomesModel.LOT, min(table.columnWidth(LotOutcomesModel.LOT), NAME_CAP)
    )


def fitted_height(table: QTableView) -> int:
    """Make ``table`` as tall as its rows (up to MAX_TABLE_ROWS), not taller; the height."""
    rows = min(table.model().rowCount(), MAX_TABLE_ROWS)
    height = table.horizontalHeader().sizeHint().height()
    height += rows * table.verticalHeader().defaultSectionSize()
    height += 2 * table.frameWidth() + 2
    if table.horizontalScrollBar().maximum() > 0:  # the columns are wider than the page
        height += table.horizontalScrollBar().sizeHint().height()
    table.setMaximumHeight(height)
    table.setMinimumHeight(min(height, 160))
    return height
