from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from svdesk.domain.model import Criterion, Regime, Tender, TieBreak
from svdesk.domain.pack_rules import (
    CellError,
    cell_text,
    criteria_weight_problem,
    format_decimal,
    parse_choice,
    parse_number,
    parse_percent,
    parse_whole_number,
    parse_yes_no,
    social_value_below_minimum,
    weighting_problem,
)


@pytest.mark.parametrize("value", ["Y", "yes", " TRUE ", "1", 1, True])
def test_yes(value: object) -> None:
    assert parse_yes_no(value) is True


@pytest.mark.parametrize("value", ["N", "No", "false", "0", 0, None, "", False])
def test_no(value: object) -> None:
    assert parse_yes_no(value) is False


def test_yes_no_rejects_anything_else() -> None:
    with pytest.raises(CellError, match="got 'maybe'"):
        parse_yes_no("maybe")


def test_numbers() -> None:
    assert parse_number(0.1, "x") == Decimal("0.1")
    assert parse_number("1,250,000", "x") == Decimal(1250000)
    assert parse_number("£12.50", "x") == Decimal("12.50")
    for bad in ("ten", "NaN", "inf", True):
        with pytest.raises(CellError, match="x must be a number"):
            parse_number(bad, "x")


def test_percentages() -> None:
    assert parse_percent("10%", "w") == Decimal(10)
    assert parse_percent(" 12.5 %", "w") == Decimal("12.5")
    assert parse_percent(10, "w") == Decimal(10)
    assert parse_percent(0.1, "w", percent_format=True) == Decimal(10)


def test_whole_numbers() -> None:
    assert parse_whole_number(5.0, "n") == 5
    assert parse_whole_number("7", "n") == 7
    with pytest.raises(CellError, match=r"whole number, got 2\.5"):
        parse_whole_number(2.5, "n")


def test_choice_is_case_insensitive_with_a_default() -> None:
    assert parse_choice(" Quality ", TieBreak, "Tie-break", TieBreak.NONE) is TieBreak.QUALITY
    assert parse_choice(None, TieBreak, "Tie-break", TieBreak.NONE) is TieBreak.NONE


def test_cell_text_reads_numbers_and_dates_as_written() -> None:
    assert cell_text(1.0) == "1"
    assert cell_text(2.5) == "2.5"
    assert cell_text(dt.datetime(2026, 1, 2)) == "2026-01-02"
    assert cell_text("  x ") == "x"


def tender(price: int, quality: int, social: int, regime: Regime = Regime.PCR_2015) -> Tender:
    return Tender(
        "R",
        "T",
        "A",
        Decimal(social),
        regime=regime,
        price_weighting=Decimal(price),
        quality_weighting=Decimal(quality),
    )


def test_weightings() -> None:
    assert weighting_problem(tender(40, 40, 20)) is None
    assert weighting_problem(tender(0, 0, 30)) is None  # social value alone
    assert weighting_problem(tender(40, 40, 19)) == (
        "Price, quality and social value weightings must add up to 100, but they add up to 99"
    )
    # Within 0.01 is close enough.
    t = Tender(
        "R", "T", "A", Decimal("19.995"), price_weighting=Decimal(40), quality_weighting=Decimal(40)
    )
    assert weighting_problem(t) is None


def test_social_value_minimum_applies_to_the_act_and_pcr_only() -> None:
    assert social_value_below_minimum(tender(50, 41, 9))
    assert social_value_below_minimum(tender(50, 41, 9, Regime.PROCUREMENT_ACT_2023))
    assert not social_value_below_minimum(tender(50, 41, 9, Regime.SCOTLAND_2015))
    assert not social_value_below_minimum(tender(0, 0, 5))  # alone, it is the whole score


def test_criteria_weights() -> None:
    t = tender(40, 40, 20)
    crits = [
        Criterion("1", "A", "a", "q", Decimal(12)),
        Criterion("1", "B", "b", "q", Decimal(8)),
        Criterion("2", "A", "a", "q", Decimal(12)),
    ]
    assert criteria_weight_problem(t, "1", crits) is None
    assert criteria_weight_problem(t, "2", crits) == (
        "the weights of lot 2's criteria add up to 12, but must add up to the social value "
        "weighting, 20"
    )


def test_format_decimal() -> None:
    assert format_decimal(Decimal("12.50")) == "12.5"
    assert format_decimal(Decimal("10.00")) == "10"
    assert format_decimal(Decimal("1E+2")) == "100"
    assert format_decimal(Decimal("1E+20")) == "100000000000000000000"
    assert format_decimal(Decimal("1E+28")) == "1E+28"  # beyond Decimal's 28 digits
    assert format_decimal(Decimal("0.000001")) == "0.000001"
    assert format_decimal(Decimal("1E-100")) == "1E-100"


@pytest.mark.parametrize("value", [float("inf"), float("-inf"), float("nan")])
def test_a_number_that_is_not_finite_is_refused_in_words(value: float) -> None:
    # Excel cannot hold these, but a workbook written by another program can.
    with pytest.raises(CellError, match="Word limit must be a number"):
        parse_whole_number(value, "Word limit", minimum=1)


@pytest.mark.parametrize("value", [1e300, 10**30, "9" * 40])
def test_a_whole_number_too_large_to_keep_is_refused_in_words(value: object) -> None:
    # Read as a whole number it could not be saved (SQLite keeps 64-bit integers).
    with pytest.raises(CellError, match="Word limit must be at most 1,000,000"):
        parse_whole_number(value, "Word limit", minimum=1, maximum=1_000_000)
    with pytest.raises(CellError, match="Score must be at most 9,223,372,036,854,775,807"):
        parse_whole_number(value, "Score", minimum=None)
