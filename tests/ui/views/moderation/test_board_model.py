"""The board's Qt models over a small board made by hand: what each cell says, its colour,
its tooltip, the discussion order and the filters."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QFont

from svdesk.domain.moderation_rules import ConsensusState
from svdesk.services.moderation_board import (
    BoardBidder,
    BoardCell,
    BoardCriterion,
    BoardFlavour,
    ModerationBoard,
)
from svdesk.ui.views.moderation.board_model import (
    CELL_ROLE,
    FILTERED_OUT_TEXT,
    TINTS,
    Agreement,
    BoardFilter,
    BoardGridModel,
    DiscussionModel,
)

HOSTILE = "<font size=40 color=red>Evil</font> Ltd"
EVALUATORS = ("Ann Able", "Ben Baker", "Cat Cole")
NOT_STARTED, DRAFT, CONFIRMED = (
    ConsensusState.NOT_STARTED,
    ConsensusState.DRAFT,
    ConsensusState.CONFIRMED,
)


def cell(
    n: int,
    bidder: str,
    criterion: str,
    scores: tuple[int | None, ...],
    spread: int,
    state: ConsensusState = NOT_STARTED,
    *,
    consensus: int | None = None,
    draft: int | None = None,
) -> BoardCell:
    return BoardCell(
        response_id=n,
        bidder=bidder,
        criterion=criterion,
        missing_response=False,
        scores=scores,
        spread=spread,
        median=Decimal(50),
        outside_tolerance=spread > 1,
        state=state,
        consensus=consensus,
        draft_score=draft,
        version=0 if state is NOT_STARTED else 1,
    )


def small_board() -> ModerationBoard:
    """Two bidders by two criteria: an agreed cell, a draft, one outside the tolerance (by
    two steps) and one further outside (by three), with a score missing."""
    return ModerationBoard(
        reference="T-1",
        lot="1",
        lot_title="North",
        flavour=BoardFlavour.WORKING,
        evaluators=EVALUATORS,
        bidders=(BoardBidder("B01", "Alpha Ltd"), BoardBidder("B02", HOSTILE)),
        criteria=(BoardCriterion("SV1", "Jobs"), BoardCriterion("SV2", "Climate")),
        cells=(
            cell(1, "B01", "SV1", (50, 75, 75), 1, CONFIRMED, consensus=75),
            cell(2, "B01", "SV2", (25, 75, 50), 2),
            cell(3, "B02", "SV1", (50, 50, 75), 1, DRAFT, draft=50),
            cell(4, "B02", "SV2", (0, None, 75), 3),
        ),
        tolerance=1,
        signed_off=False,
    )


def background(model: BoardGridModel | DiscussionModel, row: int, column: int) -> str | None:
    brush = model.data(model.index(row, column), Qt.ItemDataRole.BackgroundRole)
    return None if brush is None else QBrush(brush).color().name().upper()


def test_each_cell_shows_the_scores_the_spread_and_the_consensus() -> None:
    model = BoardGridModel()
    model.set_board(small_board())
    assert model.rowCount() == 2
    assert model.columnCount() == 2
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(2)] == ["SV1", "SV2"]
    assert model.headerData(1, Qt.Orientation.Vertical) == HOSTILE  # drawn as plain text
    text = [[model.data(model.index(r, c)) for c in range(2)] for r in range(2)]
    assert text == [
        ["50  75  75\nspread 1 · agreed 75", "25  75  50\nspread 2 · no consensus"],
        ["50  50  75\nspread 1 · draft 50", "0  –  75\nspread 3 · no consensus"],
    ]


def test_cells_are_coloured_by_agreement_and_a_draft_is_italic() -> None:
    model = BoardGridModel()
    model.set_board(small_board())
    assert background(model, 0, 0) == TINTS[Agreement.AGREED].background.upper()
    assert background(model, 0, 1) == TINTS[Agreement.OUTSIDE].background.upper()
    assert background(model, 1, 0) == TINTS[Agreement.WITHIN].background.upper()
    assert background(model, 1, 1) == TINTS[Agreement.OUTSIDE].background.upper()
    font = model.data(model.index(1, 0), Qt.ItemDataRole.FontRole)
    assert isinstance(font, QFont)
    assert font.italic()
    assert model.data(model.index(0, 0), Qt.ItemDataRole.FontRole) is None
    found = model.data(model.index(1, 1), CELL_ROLE)
    assert isinstance(found, BoardCell)
    assert found.response_id == 4


def test_a_tooltip_names_each_evaluator_with_their_score_as_plain_text() -> None:
    model = BoardGridModel()
    model.set_board(small_board())
    tip = model.data(model.index(1, 1), Qt.ItemDataRole.ToolTipRole)
    # The bidder's name looks like HTML: the tooltip shows it escaped, never as markup.
    assert "&lt;font size=40 color=red&gt;Evil&lt;/font&gt; Ltd: SV2 Climate" in tip
    assert "<font" not in tip
    for line in ("Ann Able: 0", "Ben Baker: no submitted score", "Cat Cole: 75"):
        assert line in tip
    assert "Spread: 3 steps (outside the tolerance of 1 step)" in tip
    assert "Consensus: no consensus" in tip
    plain = model.data(model.index(0, 0), Qt.ItemDataRole.ToolTipRole)
    assert plain.splitlines()[:4] == [
        "Alpha Ltd: SV1 Jobs",
        "Ann Able: 50",
        "Ben Baker: 75",
        "Cat Cole: 75",
    ]


def test_the_discussion_order_puts_the_widest_disagreements_first() -> None:
    model = DiscussionModel()
    model.set_board(small_board())
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert headers == ["Bidder", "Criterion", *EVALUATORS, "Spread", "Median", "Consensus"]
    order = [(model.data(model.index(r, 0)), model.data(model.index(r, 1))) for r in range(4)]
    assert order == [(HOSTILE, "SV2"), ("Alpha Ltd", "SV2"), ("Alpha Ltd", "SV1"), (HOSTILE, "SV1")]
    spread = model.spread_column()
    assert [model.data(model.index(r, spread)) for r in range(4)] == ["3", "2", "1", "1"]
    assert [model.data(model.index(r, spread + 2)) for r in range(4)] == [
        "no consensus",
        "no consensus",
        "agreed 75",
        "draft 50",
    ]
    assert model.data(model.index(0, 3)) == "–"  # Ben Baker gave no score
    assert background(model, 0, 0) == TINTS[Agreement.OUTSIDE].background.upper()
    assert background(model, 2, 5) == TINTS[Agreement.AGREED].background.upper()


def test_filters_keep_the_cells_outside_the_tolerance_or_not_yet_agreed() -> None:
    grid, listed = BoardGridModel(), DiscussionModel()
    for model in (grid, listed):
        model.set_board(small_board(), BoardFilter(outside_only=True))
    assert listed.rowCount() == 2
    assert {listed.board_cell(listed.index(r, 0)).response_id for r in range(2)} == {2, 4}  # type: ignore[union-attr]
    # Both bidders have a cell outside: both rows stay, the other cells greyed.
    assert grid.rowCount() == 2
    assert background(grid, 0, 0) is None
    colour = grid.data(grid.index(0, 0), Qt.ItemDataRole.ForegroundRole)
    assert QBrush(colour).color().name().upper() == FILTERED_OUT_TEXT
    assert background(grid, 0, 1) == TINTS[Agreement.OUTSIDE].background.upper()

    for model in (grid, listed):
        model.set_filter(BoardFilter(unagreed_only=True))
    assert listed.rowCount() == 3  # all but the agreed one
    assert all(
        listed.board_cell(listed.index(r, 0)).state is not CONFIRMED  # type: ignore[union-attr]
        for r in range(3)
    )

    for model in (grid, listed):
        model.set_filter(BoardFilter())
    assert listed.rowCount() == 4


def test_a_bidder_with_nothing_left_to_show_leaves_the_grid() -> None:
    board = small_board()
    grid = BoardGridModel()
    grid.set_board(board, BoardFilter(outside_only=True, unagreed_only=True))
    assert grid.rowCount() == 2
    agreed = ModerationBoard(
        reference=board.reference,
        lot=board.lot,
        lot_title=board.lot_title,
        flavour=board.flavour,
        evaluators=board.evaluators,
        bidders=board.bidders,
        criteria=board.criteria,
        cells=(
            *board.cells[:3],
            cell(4, "B02", "SV2", (0, None, 75), 3, CONFIRMED, consensus=25),
        ),
        tolerance=1,
        signed_off=False,
    )
    grid.set_board(agreed)  # the filter stays as chosen
    assert grid.rowCount() == 1
    assert grid.headerData(0, Qt.Orientation.Vertical) == "Alpha Ltd"
    assert grid.index_of("B02", "SV2").isValid() is False
    assert grid.index_of("B01", "SV2").column() == 1
