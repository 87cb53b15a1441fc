"""The moderation board: bidders by criteria, the panel's scores, spread and tolerance."""

from __future__ import annotations

import random
import sqlite3
import time
from decimal import Decimal
from pathlib import Path

import pytest

from svdesk.domain.moderation_rules import ConsensusState
from svdesk.services.moderation_board import BoardFlavour, moderation_board
from svdesk.services.moderation_consensus import save_consensus_draft
from svdesk.services.moderation_lots import open_lot
from svdesk.services.refusals import Refused
from svdesk.services.scoring import submit_scores
from svdesk.store.database import Database, open_database
from tests.unit.services.test_evaluation_flow import CONSENSUS, NONE_DECLARED, REF, entries, tender

__all__ = ["tender"]


@pytest.fixture
def board_tender(tender: Database) -> Database:
    far = dict(CONSENSUS)
    far[("1", "B02", "SV1")] = 0  # Ann 50, Ben 0: two steps apart
    far[("1", "B01", "SV1")] = 100  # Ann 75, Ben 100: one step
    submit_scores(tender, REF, "Ann Evaluator", entries(CONSENSUS), NONE_DECLARED)
    submit_scores(tender, REF, "Ben Evaluator", entries(far), NONE_DECLARED)
    return tender


def test_the_board_is_private_until_the_lot_opens(board_tender: Database) -> None:
    with pytest.raises(Refused, match="moderation of lot 1 has not opened"):
        moderation_board(board_tender, REF, "1")


def test_each_cell_holds_the_scores_spread_median_and_state(board_tender: Database) -> None:
    open_lot(board_tender, REF, "1")
    board = moderation_board(board_tender, REF, "1")
    assert board.evaluators == ("Ann Evaluator", "Ben Evaluator")
    assert [b.key for b in board.bidders] == ["B01", "B02"]
    assert [c.code for c in board.criteria] == ["SV1", "SV2"]
    wide = board.cell("B02", "SV1")
    assert wide is not None
    assert (wide.scores, wide.spread, wide.median) == ((50, 0), 2, Decimal(25))
    assert wide.outside_tolerance
    near = board.cell("B01", "SV1")
    assert near is not None
    assert (near.scores, near.spread, near.median, near.outside_tolerance) == (
        (75, 100),
        1,
        Decimal("87.5"),
        False,
    )
    assert near.state is ConsensusState.NOT_STARTED
    # Sorted by spread: outside the tolerance first, then widest first.
    assert [(c.bidder, c.criterion) for c in board.by_spread()][:2] == [
        ("B02", "SV1"),
        ("B01", "SV1"),
    ]
    assert [(c.bidder, c.criterion) for c in board.outside()] == [("B02", "SV1")]


def test_a_draft_shows_on_the_board(board_tender: Database) -> None:
    open_lot(board_tender, REF, "1")
    save_consensus_draft(board_tender, REF, "1", "B02", "SV2", version=0, score=100)
    cell = moderation_board(board_tender, REF, "1").cell("B02", "SV2")
    assert cell is not None
    assert (cell.state, cell.draft_score, cell.consensus, cell.version) == (
        ConsensusState.DRAFT,
        100,
        None,
        1,
    )


def test_the_presentation_names_no_one(board_tender: Database) -> None:
    open_lot(board_tender, REF, "1")
    board = moderation_board(board_tender, REF, "1", BoardFlavour.PRESENTATION, hide_bidders=True)
    assert board.evaluators == ("Evaluator A", "Evaluator B")
    assert [b.label for b in board.bidders] == ["Bidder 1", "Bidder 2"]
    shown = repr(board.evaluators) + repr([b.label for b in board.bidders])
    for name in ("Ann", "Ben", "Alpha", "Beta"):
        assert name not in shown


def _large_lot(path: Path, bidders: int, criteria: int, evaluators: int) -> Database:
    """The valid pack's lot 1 grown to ``bidders`` x ``criteria`` with ``evaluators``
    evaluators' submitted scores, written straight into the tables (quick to build)."""
    from svdesk.services.imports import import_pack
    from tests.support.packs import write_pack

    db = open_database(path)
    import_pack(db, write_pack(path.with_suffix(".xlsx")))
    db.close()
    rng = random.Random(7)
    with sqlite3.connect(path) as c:
        lot_id, tender_id = c.execute("SELECT id, tender_id FROM lot WHERE key = '1'").fetchone()
        for n in range(criteria):
            c.execute(
                "INSERT INTO criterion (lot_id, code, title, question, guidance, sub_criteria, "
                "weight, model_criterion, position) VALUES (?, ?, ?, '', '', '', '1', '', ?)",
                (lot_id, f"C{n:02d}", f"Criterion {n}", 100 + n),
            )
        codes = [r[0] for r in c.execute("SELECT id FROM criterion WHERE lot_id = ?", (lot_id,))]
        members = []
        for n in range(evaluators):
            cur = c.execute(
                "INSERT INTO panel_member (tender_id, name, name_key, role, added_at) "
                "VALUES (?, ?, ?, 'evaluator', '2026-12-01 00:00:00')",
                (tender_id, f"Evaluator {n}", f"evaluator {n}"),
            )
            members.append(cur.lastrowid)
        scores = []
        for n in range(bidders):
            bidder = c.execute(
                "INSERT INTO bidder (tender_id, key, name, identifier, address, contact, email, "
                "sme, vcse, position) VALUES (?, ?, ?, '', '', '', '', 0, 0, ?)",
                (tender_id, f"X{n:03d}", f"Bidder number {n} Ltd", 100 + n),
            ).lastrowid
            bid = c.execute(
                "INSERT INTO bid (lot_id, bidder_id, status, excluded_reason) "
                "VALUES (?, ?, 'compliant', '')",
                (lot_id, bidder),
            ).lastrowid
            for criterion in codes:
                response = c.execute(
                    "INSERT INTO response (bid_id, criterion_id, answer, missing) "
                    "VALUES (?, ?, 'An answer.', 0)",
                    (bid, criterion),
                ).lastrowid
                scores += [(response, m, rng.choice((0, 25, 50, 75, 100))) for m in members]
        c.executemany(
            "INSERT INTO evaluator_score (response_id, member_id, score, justification, "
            "submitted, updated_at) VALUES (?, ?, ?, 'Why.', 1, '2026-12-01 00:00:00')",
            scores,
        )
        c.execute(
            "INSERT INTO lot_moderation (lot_id, opened_at, opened_by, without_reason, "
            "signed_off_by, present) VALUES (?, '2026-12-01 00:00:00', 'Mo', '', '', '')",
            (lot_id,),
        )
    c.close()
    return open_database(path)


def test_the_board_of_a_large_lot_is_one_quick_read(tmp_path: Path) -> None:
    db = _large_lot(tmp_path / "large.sqlite", bidders=200, criteria=30, evaluators=7)
    started = time.perf_counter()
    board = moderation_board(db, REF, "1")
    took = time.perf_counter() - started
    assert len(board.evaluators) == 7
    assert len(board.bidders) == 200 + 2
    assert len(board.cells) == 200 * 32 + 2 * 2
    assert all(len(c.given) == 7 for c in board.cells if c.bidder.startswith("X"))
    # Measured at about 0.3 s; a generous bound for a shared machine.
    assert took < 3.0, f"the board took {took:.2f} s"
