"""What a lot still lacks, counted once: unscored responses and a tie for first place."""

from __future__ import annotations

from svdesk.domain.model import TieBreak
from svdesk.domain.outstanding import outstanding_responses, outstanding_summary, tied_for_first
from svdesk.domain.scoring import evaluate_lot
from tests.unit.domain.test_scoring import CRITERIA, SCALE, bid, tender


def test_a_tie_for_first_place_is_for_the_panel_to_decide() -> None:
    lot = evaluate_lot(
        tender(tie_break=TieBreak.NONE),
        SCALE,
        "1",
        CRITERIA,
        [bid("B01", 75, 50), bid("B02", 50, 50, price="33"), bid("B03", 0, 25)],
    )
    assert tied_for_first(lot) == ("B01", "B02")
    assert outstanding_responses(lot) == ()
    assert any("the panel must resolve the tie" in p for p in lot.problems)


def test_no_tie_and_what_is_unscored() -> None:
    scored = bid("B01", 75, 50)
    missing_one = bid("B02", 50, None)
    lot = evaluate_lot(tender(), SCALE, "1", CRITERIA, [scored, missing_one])
    assert tied_for_first(lot) == ()
    assert outstanding_responses(lot) == (("B02", "SV2"),)
    assert lot.problems[0] == outstanding_summary(1, "moderated score")
    assert lot.problems[0] == "1 response has no moderated score yet"
