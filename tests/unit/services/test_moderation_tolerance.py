"""The tender's moderation tolerance: read from the pack (an optional field; old packs keep
one step), changed with a reason in the trail, refused off the scale or while a lot is
signed off, and followed by the board, the consensus page, the statistics and the
workbook's rows to discuss first."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from openpyxl import load_workbook

from svdesk.domain.moderation_rules import outside_short, outside_words, within_short
from svdesk.services.imports import check_pack, import_pack
from svdesk.services.moderation import ConsensusEntry, moderation_items, record_consensus
from svdesk.services.moderation_board import moderation_board
from svdesk.services.moderation_consensus import response_in_moderation
from svdesk.services.moderation_lots import open_lot, reopen_lot, sign_off_lot
from svdesk.services.moderation_stats import agreement_statistics
from svdesk.services.moderation_tolerance import moderation_tolerance, set_moderation_tolerance
from svdesk.services.refusals import Refused
from svdesk.services.templates import write_pack_template
from svdesk.services.tenders import tender_overview
from svdesk.store.database import Database, open_database
from tests.support.packs import Sheets, valid_sheets, write_pack
from tests.support.snapshot import snapshot
from tests.unit.services.test_evaluation_flow import CONSENSUS, REF, WHY, tender
from tests.unit.services.test_moderation_board import board_tender

__all__ = ["board_tender", "tender"]
TALKED = "The panel talked the difference through and agreed this score."
BECAUSE = "The panel agreed to discuss every difference, the scale being coarse."


def trail(db: Database) -> list[tuple[str, str, str | None, str | None]]:
    with sqlite3.connect(db.location) as connection:
        rows = connection.execute(
            "SELECT actor, action, old_value, new_value FROM audit_event "
            "WHERE entity = 'moderation tolerance' ORDER BY id"
        ).fetchall()
    connection.close()
    return rows


def with_tolerance(value: object) -> Sheets:
    sheets = valid_sheets()
    sheets["Tender"].append(["Moderation tolerance", value])
    return sheets


def outside(db: Database) -> set[tuple[str, str]]:
    return {(c.bidder, c.criterion) for c in moderation_board(db, REF, "1").outside()}


# -- the pack ------------------------------------------------------------------------------


def test_an_old_pack_without_the_field_keeps_one_step(tmp_path: Path) -> None:
    db = open_database(tmp_path / "t.sqlite")
    import_pack(db, write_pack(tmp_path / "pack.xlsx"))
    setting = moderation_tolerance(db, REF)
    assert (setting.steps, setting.widest, setting.signed_off) == (1, 4, ())
    assert tender_overview(db, REF).tender.moderation_tolerance == 1


@pytest.mark.parametrize(("given", "kept"), [(2, 2), ("0", 0), ("", 1), (3.0, 3)])
def test_the_pack_gives_the_tolerance(tmp_path: Path, given: object, kept: int) -> None:
    db = open_database(tmp_path / "t.sqlite")
    import_pack(db, write_pack(tmp_path / "pack.xlsx", with_tolerance(given)))
    assert moderation_tolerance(db, REF).steps == kept
    assert trail(db) == []  # given by the pack, not changed since


@pytest.mark.parametrize(
    ("given", "message"),
    [
        (
            "two",
            "Tender!B12: Moderation tolerance must be a number, got 'two': give how many "
            "steps of the scale the evaluators' scores may lie apart before they are "
            "discussed first (blank means 1)",
        ),
        (
            -1,
            "Tender!B12: Moderation tolerance must be 0 or more, got -1: give how many "
            "steps of the scale the evaluators' scores may lie apart before they are "
            "discussed first (blank means 1)",
        ),
        (
            1.5,
            "Tender!B12: Moderation tolerance must be a whole number, got 1.5: give how "
            "many steps of the scale the evaluators' scores may lie apart before they are "
            "discussed first (blank means 1)",
        ),
        (
            7,
            "Tender!B12: The moderation tolerance of 7 steps is more than the scale has: "
            "its 5 scores are 4 steps from lowest to highest, so give a whole number from 0 "
            "to 4",
        ),
    ],
)
def test_a_bad_tolerance_is_an_error_of_the_pack_at_its_cell(
    tmp_path: Path, given: object, message: str
) -> None:
    _name, result = check_pack(write_pack(tmp_path / "pack.xlsx", with_tolerance(given)))
    assert [str(e) for e in result.errors] == [message]


def test_a_pre_filled_template_carries_the_tolerance(tmp_path: Path) -> None:
    db = open_database(tmp_path / "t.sqlite")
    import_pack(db, write_pack(tmp_path / "pack.xlsx", with_tolerance(2)))
    template = write_pack_template(tmp_path / "again.xlsx", db=db, reference=REF)
    _name, result = check_pack(template)
    assert result.errors == []
    assert result.pack is not None
    assert result.pack.tender.moderation_tolerance == 2


def test_the_empty_template_offers_the_field_with_its_help(tmp_path: Path) -> None:
    sheet = load_workbook(write_pack_template(tmp_path / "empty.xlsx"))["Tender"]
    row = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == "Moderation tolerance")
    assert row[1].value is None
    assert row[0].comment is not None
    help_text = " ".join(row[0].comment.text.split())
    assert "Optional." in help_text
    assert "a whole number from 0 (any difference is discussed first)" in help_text
    assert "blank means 1" in help_text


# -- changing it ---------------------------------------------------------------------------


def test_a_change_is_kept_with_who_and_why(board_tender: Database) -> None:
    kept = set_moderation_tolerance(board_tender, REF, 2, f"  {BECAUSE} ", actor="Mo  Derator")
    assert kept.steps == 2
    assert moderation_tolerance(board_tender, REF).steps == 2
    assert trail(board_tender) == [
        ("Mo Derator", "set", '{"steps": 1}', f'{{"reason": "{BECAUSE}", "steps": 2}}')
    ]
    # The same tolerance again changes nothing and adds nothing to the trail.
    set_moderation_tolerance(board_tender, REF, 2, "", actor="Mo Derator")
    assert len(trail(board_tender)) == 1


@pytest.mark.parametrize(
    ("steps", "reason", "why"),
    [
        (-1, BECAUSE, "cannot be negative, got -1: give a whole number of steps of the "),
        (5, BECAUSE, "of 5 steps is more than the scale has"),
        (0, "coarse scale", "say why the tolerance changes, in a sentence of at least 6 words"),
        (0, "", "say why the tolerance changes"),
    ],
)
def test_refusals_change_nothing(
    board_tender: Database, tmp_path: Path, steps: int, reason: str, why: str
) -> None:
    before = snapshot(tmp_path / "t.sqlite")
    with pytest.raises(Refused, match=why):
        set_moderation_tolerance(board_tender, REF, steps, reason, actor="Mo Derator")
    assert snapshot(tmp_path / "t.sqlite") == before


def test_an_unknown_tender_is_refused(board_tender: Database) -> None:
    with pytest.raises(Refused, match="NOPE"):
        set_moderation_tolerance(board_tender, "NOPE", 0, BECAUSE)


def test_a_signed_off_lot_holds_the_tolerance_until_it_is_reopened(
    board_tender: Database,
) -> None:
    open_lot(board_tender, REF, "1")
    open_lot(board_tender, REF, "2")  # the last lot: the tender's moderation opens too
    record_consensus(
        board_tender,
        REF,
        [
            ConsensusEntry(*key, score, f"The response earns {score}: {WHY}", TALKED)
            for key, score in CONSENSUS.items()
            if key[0] == "1"
        ],
    )
    sign_off_lot(board_tender, REF, "1", "Mo Derator, Ann Evaluator, Ben Evaluator")
    assert moderation_tolerance(board_tender, REF).signed_off == ("1",)
    with pytest.raises(Refused) as refused:
        set_moderation_tolerance(board_tender, REF, 0, BECAUSE, actor="Mo Derator")
    assert refused.value.reasons == [
        "the moderation of lot 1 is signed off, and its record reports the tolerance of 1 "
        "the meeting used: reopen the lot (giving the reason) before changing the tolerance"
    ]
    assert trail(board_tender) == []
    reopen_lot(
        board_tender, REF, "1", "The panel wants to look again at every difference of score."
    )
    assert set_moderation_tolerance(board_tender, REF, 0, BECAUSE).steps == 0


# -- what follows it -----------------------------------------------------------------------


def test_the_board_and_the_consensus_page_follow_the_tolerance(board_tender: Database) -> None:
    open_lot(board_tender, REF, "1")
    # Ann and Ben differ by two steps on B02 SV1 and by one on B01 SV1.
    assert outside(board_tender) == {("B02", "SV1")}
    set_moderation_tolerance(board_tender, REF, 0, BECAUSE)
    board = moderation_board(board_tender, REF, "1")
    assert board.tolerance == 0
    assert {(c.bidder, c.criterion) for c in board.outside()} == {("B02", "SV1"), ("B01", "SV1")}
    assert [(c.bidder, c.criterion) for c in board.by_spread()][:2] == [
        ("B02", "SV1"),
        ("B01", "SV1"),
    ]
    near = response_in_moderation(board_tender, REF, "1", "B01", "SV1")
    assert (near.tolerance, near.outside_tolerance) == (0, True)
    set_moderation_tolerance(board_tender, REF, 2, BECAUSE)
    assert outside(board_tender) == set()
    wide = response_in_moderation(board_tender, REF, "1", "B02", "SV1")
    assert (wide.tolerance, wide.outside_tolerance) == (2, False)


def test_the_statistics_count_outside_the_tender_s_tolerance(board_tender: Database) -> None:
    open_lot(board_tender, REF, "1")
    open_lot(board_tender, REF, "2")
    # The consensus is Ann's every time: Ben is two steps off on B02 SV1, one on B01 SV1.
    record_consensus(
        board_tender,
        REF,
        [
            ConsensusEntry(*key, score, f"The response earns {score}: {WHY}", TALKED)
            for key, score in CONSENSUS.items()
            if key[0] == "1"
        ],
    )

    def ben(tolerance: int) -> tuple[int, int, int]:
        set_moderation_tolerance(board_tender, REF, tolerance, BECAUSE)
        (lot,) = agreement_statistics(board_tender, REF, "1")
        deviation = next(e for e in lot.evaluators if e.evaluator == "Ben Evaluator")
        return lot.tolerance, deviation.outside, deviation.compared

    assert ben(0) == (0, 2, 4)
    assert ben(2) == (2, 0, 4)
    assert ben(1) == (1, 1, 4)


def test_the_consensus_workbook_rows_to_discuss_first_follow_it(board_tender: Database) -> None:
    open_lot(board_tender, REF, "1")
    open_lot(board_tender, REF, "2")  # the last lot: the tender's moderation opens too
    set_moderation_tolerance(board_tender, REF, 0, BECAUSE)
    flagged = {(i.bidder, i.criterion) for i in moderation_items(board_tender, REF) if i.flagged}
    assert flagged == {("B02", "SV1"), ("B01", "SV1")}


def test_the_words_for_the_tolerance() -> None:
    assert outside_words(0) == "that differ at all"
    assert outside_words(1) == "more than one step of the scale apart"
    assert outside_words(2) == "more than 2 steps of the scale apart"
    assert (outside_short(0), within_short(0)) == ("any difference", "all the same")
    assert (outside_short(2), within_short(2)) == (
        "more than 2 steps apart",
        "at most 2 steps apart",
    )
