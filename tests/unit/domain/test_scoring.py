"""The scoring rules, checked against figures worked out by hand."""

from __future__ import annotations

import itertools
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from svdesk.domain.model import BidStatus, Criterion, ScoringMethod, Tender, TieBreak
from svdesk.domain.scale import Scale, ScaleLevel
from svdesk.domain.scoring import (
    BidInput,
    ScoreInput,
    counted_score,
    evaluate_lot,
    rank_bids,
    shown,
    weighted_score,
)

SCALE = Scale(tuple(ScaleLevel(s, str(s), "") for s in (0, 25, 50, 75, 100)))
D = Decimal


def tender(
    method: ScoringMethod = ScoringMethod.CONSENSUS, tie_break: TieBreak = TieBreak.SOCIAL_VALUE
) -> Tender:
    return Tender(
        "T-1",
        "T",
        "A",
        D(20),
        price_weighting=D(40),
        quality_weighting=D(40),
        scoring_method=method,
        tie_break=tie_break,
    )


CRITERIA = (
    Criterion("1", "SV1", "Jobs", "q", D(12)),
    Criterion("1", "SV2", "Environment", "q", D(8), minimum_score=25),
)


def bid(
    key: str,
    sv1: int | None,
    sv2: int | None,
    price: str = "30",
    quality: str = "30",
    **extra: object,
) -> BidInput:
    scores = {}
    if sv1 is not None:
        scores["SV1"] = ScoreInput(consensus=sv1)
    if sv2 is not None:
        scores["SV2"] = ScoreInput(consensus=sv2)
    return BidInput(key, f"{key} Ltd", price=D(price), quality=D(quality), scores=scores, **extra)  # type: ignore[arg-type]


def test_weighted_and_total_by_hand() -> None:
    # SV1: 75/100 x 12 = 9; SV2: 50/100 x 8 = 4; social value 13; total 30 + 30 + 13 = 73.
    result = evaluate_lot(tender(), SCALE, "1", CRITERIA, [bid("B01", 75, 50)])
    b = result.bids[0]
    assert [c.weighted for c in b.criteria] == [D(9), D(4)]
    assert b.social_value == D(13)
    assert b.total == D(73)
    assert b.rank == 1
    assert result.winner == "B01"
    assert result.complete


def test_spec_example_weighted() -> None:
    assert weighted_score(D(75), D(5), SCALE) == D("3.75")


def test_average_keeps_full_precision() -> None:
    recorded = ScoreInput.of(evaluator_scores=(25, 50, 50))
    score = counted_score(ScoringMethod.AVERAGE, recorded, SCALE)
    assert score is not None
    assert shown(score) == D("41.67")
    # 41.666... / 100 x 12 = 4.9999...; shown 5.00
    assert shown(weighted_score(score, D(12), SCALE)) == D("5.00")


def test_consensus_ignores_evaluator_scores() -> None:
    recorded = ScoreInput.of(consensus=50, evaluator_scores=(100, 100))
    assert counted_score(ScoringMethod.CONSENSUS, recorded, SCALE) == D(50)
    assert (
        counted_score(ScoringMethod.CONSENSUS, ScoreInput.of(evaluator_scores=(100,)), SCALE)
        is None
    )


def test_missing_response_scores_lowest_unless_the_panel_decides() -> None:
    assert counted_score(ScoringMethod.CONSENSUS, ScoreInput(missing_response=True), SCALE) == D(0)
    assert counted_score(
        ScoringMethod.CONSENSUS, ScoreInput(consensus=25, missing_response=True), SCALE
    ) == D(25)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2.345", "2.35"),
        ("2.344999", "2.34"),
        ("2.355", "2.36"),
        ("0.005", "0.01"),
        ("-1.005", "-1.01"),
    ],
)
def test_rounding_is_half_up(value: str, expected: str) -> None:
    assert shown(D(value)) == D(expected)


def test_excluded_bid_keeps_its_row_without_rank() -> None:
    result = evaluate_lot(
        tender(),
        SCALE,
        "1",
        CRITERIA,
        [
            bid("B01", 75, 50),
            bid(
                "B02",
                100,
                100,
                status=BidStatus.EXCLUDED,
                excluded_reason="insurance not evidenced",
            ),
        ],
    )
    b02 = next(b for b in result.bids if b.bidder == "B02")
    assert b02.rank is None
    assert not b02.eligible
    assert b02.problems == ("excluded: insurance not evidenced",)
    assert result.winner == "B01"


def test_below_minimum_is_not_eligible() -> None:
    result = evaluate_lot(tender(), SCALE, "1", CRITERIA, [bid("B01", 100, 0), bid("B02", 50, 25)])
    b01 = next(b for b in result.bids if b.bidder == "B01")
    assert not b01.eligible
    assert b01.rank is None
    assert b01.problems == ("SV2 scored 0, below its minimum score of 25",)
    assert result.winner == "B02"


def test_exactly_the_minimum_is_eligible() -> None:
    result = evaluate_lot(tender(), SCALE, "1", CRITERIA, [bid("B01", 0, 25)])
    assert result.bids[0].eligible
    assert result.winner == "B01"


def test_incomplete_lot_has_no_winner_and_no_ranks() -> None:
    result = evaluate_lot(
        tender(), SCALE, "1", CRITERIA, [bid("B01", 75, None), bid("B02", 50, 50)]
    )
    assert not result.complete
    assert result.winner is None
    assert all(b.rank is None for b in result.bids)
    assert result.problems == ("1 response has no moderated score yet",)


def test_excluded_bid_does_not_keep_a_lot_incomplete() -> None:
    result = evaluate_lot(
        tender(),
        SCALE,
        "1",
        CRITERIA,
        [
            bid("B01", 75, 50),
            bid("B02", None, None, status=BidStatus.EXCLUDED, excluded_reason="x"),
        ],
    )
    assert result.complete
    assert result.winner == "B01"


def test_tie_broken_by_social_value() -> None:
    # B01: 30 + 30 + (9 + 4) = 73; B02: 33 + 30 + (6 + 4) = 73. Social value 13 > 10.
    result = evaluate_lot(
        tender(),
        SCALE,
        "1",
        CRITERIA,
        [
            bid("B01", 75, 50),
            bid("B02", 50, 50, price="33"),
        ],
    )
    assert [(b.bidder, b.rank) for b in result.bids] == [("B01", 1), ("B02", 2)]
    assert result.winner == "B01"


def test_tie_broken_by_price() -> None:
    result = evaluate_lot(
        tender(tie_break=TieBreak.PRICE),
        SCALE,
        "1",
        CRITERIA,
        [
            bid("B01", 75, 50),
            bid("B02", 50, 50, price="33"),
        ],
    )
    assert [(b.bidder, b.rank) for b in result.bids] == [("B02", 1), ("B01", 2)]


def test_tie_broken_by_quality() -> None:
    result = evaluate_lot(
        tender(tie_break=TieBreak.QUALITY),
        SCALE,
        "1",
        CRITERIA,
        [
            bid("B01", 75, 50, quality="31"),
            bid("B02", 50, 50, price="34"),
        ],
    )
    assert [(b.bidder, b.rank) for b in result.bids] == [("B01", 1), ("B02", 2)]


def test_unbroken_tie_for_first_leaves_no_winner() -> None:
    result = evaluate_lot(
        tender(tie_break=TieBreak.NONE),
        SCALE,
        "1",
        CRITERIA,
        [
            bid("B01", 75, 50),
            bid("B02", 50, 50, price="33"),
            bid("B03", 0, 25),
        ],
    )
    assert [(b.bidder, b.rank) for b in result.bids] == [("B01", 1), ("B02", 1), ("B03", 3)]
    assert result.winner is None
    assert result.complete
    assert result.problems == (
        "B01, B02 are tied for first place (total 73, and the tender has no tie-break); "
        "the panel must resolve the tie",
    )


def test_tie_for_second_shares_the_rank_and_keeps_the_winner() -> None:
    result = evaluate_lot(
        tender(),
        SCALE,
        "1",
        CRITERIA,
        [
            bid("B01", 100, 100),
            bid("B02", 50, 50),
            bid("B03", 50, 50),
        ],
    )
    assert [(b.bidder, b.rank) for b in result.bids] == [("B01", 1), ("B02", 2), ("B03", 2)]
    assert result.winner == "B01"


def test_totals_equal_at_two_places_are_a_tie() -> None:
    # Totals 70.004 and 70.001 both show 70.00: the tie-break decides, not the hidden digits.
    a = BidInput("A", "A", price=D("40.004"), quality=D(30), scores={})
    b = BidInput("B", "B", price=D("40.001"), quality=D(30), scores={})
    result = evaluate_lot(tender(tie_break=TieBreak.NONE), SCALE, "1", (), [a, b])
    assert [b.rank for b in result.bids] == [1, 1]
    assert result.winner is None


def test_no_eligible_bid() -> None:
    result = evaluate_lot(tender(), SCALE, "1", CRITERIA, [bid("B01", 100, 0)])
    assert result.winner is None
    assert "no bid is eligible for award" in result.problems


scores = st.sampled_from(SCALE.scores)


@st.composite
def lots(draw: st.DrawFn) -> tuple[Tender, tuple[Criterion, ...], list[BidInput]]:
    count = draw(st.integers(1, 6))
    raw = draw(st.lists(st.integers(1, 1000), min_size=count, max_size=count))
    social = D(draw(st.integers(10, 100)))
    rest = D(100) - social
    price_weight = (rest * D(draw(st.integers(0, 100))) / D(100)).quantize(CENT)
    quality_weight = rest - price_weight
    weights = [social * D(r) / D(sum(raw)) for r in raw]
    weights[-1] = social - sum(weights[:-1], D(0))
    criteria = tuple(Criterion("1", f"SV{i}", "t", "q", w) for i, w in enumerate(weights))
    t = Tender(
        "T",
        "T",
        "A",
        social,
        price_weighting=price_weight,
        quality_weighting=quality_weight,
        tie_break=draw(st.sampled_from(list(TieBreak))),
    )
    bids = []
    for n in range(draw(st.integers(1, 8))):
        bids.append(
            BidInput(
                f"B{n}",
                f"B{n}",
                price=price_weight * D(draw(st.integers(0, 100))) / D(100),
                quality=quality_weight * D(draw(st.integers(0, 100))) / D(100),
                scores={c.code: ScoreInput(consensus=draw(scores)) for c in criteria},
            )
        )
    return t, criteria, bids


CENT = D("0.01")


@given(lots())
def test_invariants(lot: tuple[Tender, tuple[Criterion, ...], list[BidInput]]) -> None:
    t, criteria, bids = lot
    assert sum((c.weight for c in criteria), D(0)) == t.social_value_weighting
    result = evaluate_lot(t, SCALE, "1", criteria, bids)
    assert result.complete
    for b in result.bids:
        assert D(0) <= b.social_value <= t.social_value_weighting
        assert b.total <= D(100)
        assert b.total == b.price + b.quality + b.social_value
    ranked = [b for b in result.bids if b.rank is not None]
    # A total order on eligible bids: every eligible bid is ranked, ranks never increase
    # as totals (2 dp) fall, and equal ranks mean equal totals and tie-break values.
    assert len(ranked) == len(bids)
    for earlier, later in itertools.pairwise(ranked):
        assert shown(earlier.total) >= shown(later.total)
        assert earlier.rank is not None
        assert later.rank is not None
        assert earlier.rank <= later.rank
        if earlier.rank == later.rank:
            assert shown(earlier.total) == shown(later.total)
    # Rounding never flips an order that 2 dp shows.
    for a in ranked:
        for b in ranked:
            if shown(a.total) > shown(b.total):
                assert a.rank is not None
                assert b.rank is not None
                assert a.rank < b.rank
    firsts = [b for b in ranked if b.rank == 1]
    assert (result.winner is None) == (len(firsts) != 1)


@given(st.lists(st.decimals(min_value=0, max_value=100, places=4), min_size=1, max_size=10))
def test_ranks_are_competition_ranks(totals: list[Decimal]) -> None:
    from svdesk.domain.scoring import BidResult

    results = [
        BidResult(f"B{i}", "", None, True, D(0), D(0), t, t, (), ()) for i, t in enumerate(totals)
    ]
    ranked = rank_bids(results, TieBreak.NONE)
    for b in ranked:
        better = sum(1 for other in ranked if shown(other.total) > shown(b.total))
        assert b.rank == better + 1
