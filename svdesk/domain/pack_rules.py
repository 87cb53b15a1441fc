"""The rules of the tender pack format, as plain functions over cell values and the model.

Cell parsers take what a spreadsheet holds (``str``, ``int``, ``float``, ``bool``,
dates or ``None``) and either return a clean value or raise ``CellError`` with a
message a panel member can act on; the reader adds the sheet and cell.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import TypeVar

from svdesk.domain.model import Criterion, Regime, Tender

WEIGHT_TOLERANCE = Decimal("0.01")
MIN_SOCIAL_VALUE_WEIGHTING = Decimal(10)

_YES = {"y", "yes", "true", "1"}
_NO = {"n", "no", "false", "0", ""}

E = TypeVar("E", bound=StrEnum)


class CellError(ValueError):
    """A cell's value is not what the pack format expects; the message says why."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def shown(value: object) -> str:
    """A value quoted back to the user as they typed it: ``'ten'``, ``12.5``."""
    if isinstance(value, str):
        clipped = value if len(value) <= 40 else value[:37] + "..."
        return repr(clipped)
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return str(value)


def cell_text(value: object) -> str:
    """A text cell's content, stripped; numbers typed as numbers read as written."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


def looks_like_excel_error(value: str) -> bool:
    """Whether ``value`` could be Excel's error for a failed formula (``#N/A``, ``#DIV/0!``,
    ``#SPILL!``…). It is one only when its cell is of Excel's error type: the same words
    can be typed as text."""
    # The longest code is 14 characters: a long text (an answer) is never one of them.
    return len(value) <= 20 and value.lstrip().startswith("#")


def failed_formula(value: object) -> str:
    """What is wrong with a cell that holds Excel's error for a failed formula (``#N/A``,
    ``#DIV/0!``…): a cell of the error type, not text that reads the same."""
    return (
        f"the cell shows Excel's error {cell_text(value)} instead of a value; correct its "
        "formula or type the value itself (text that begins with = needs an apostrophe "
        "before it, '=...)"
    )


def is_blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def parse_yes_no(value: object) -> bool:
    if isinstance(value, bool):
        return value
    text = cell_text(value).lower()
    if text in _YES:
        return True
    if text in _NO:
        return False
    raise CellError(
        f"must be yes or no (Y, Yes, True, 1, N, No, False, 0, or blank for no), got {shown(value)}"
    )


def parse_number(value: object, what: str) -> Decimal:
    """A number typed as a number or as text (``1,250,000`` and ``£1,250,000`` too)."""
    if isinstance(value, bool):
        raise CellError(f"{what} must be a number, got {shown(value)}")
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        # repr is the shortest decimal that round-trips: 0.1 stays 0.1, not 0.10000000000000000555.
        number = Decimal(repr(value))
        if not number.is_finite():  # Excel holds no infinity, but another program may write one
            raise CellError(f"{what} must be a number, got {shown(value)}")
        return number
    text = cell_text(value).replace(",", "").replace("£", "").strip()
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise CellError(f"{what} must be a number, got {shown(value)}") from None
    if not number.is_finite():
        raise CellError(f"{what} must be a number, got {shown(value)}")
    return number


def parse_percent(value: object, what: str, *, percent_format: bool = False) -> Decimal:
    """A percentage: ``10``, ``10%`` and ``'10 %'`` all mean ten percent.

    ``percent_format`` says the cell is formatted as a percentage in Excel, where
    typing ``10%`` stores 0.1: such a value is read back as the 10 the user saw.
    """
    if isinstance(value, str) and value.strip().endswith("%"):
        return parse_number(value.strip()[:-1], what)
    number = parse_number(value, what)
    return number * 100 if percent_format else number


# The largest whole number the database keeps (SQLite's 64-bit integers).
LARGEST_WHOLE_NUMBER = 2**63 - 1


def parse_whole_number(
    value: object, what: str, *, minimum: int | None = 0, maximum: int = LARGEST_WHOLE_NUMBER
) -> int:
    number = parse_number(value, what)
    if number != number.to_integral_value():
        raise CellError(f"{what} must be a whole number, got {shown(value)}")
    if number > maximum:
        raise CellError(f"{what} must be at most {maximum:,}, got {shown(value)}")
    whole = int(number)
    if minimum is not None and whole < minimum:
        raise CellError(f"{what} must be {minimum} or more, got {shown(value)}")
    return whole


def parse_choice(value: object, choices: type[E], what: str, default: E) -> E:
    text = cell_text(value).lower()
    if not text:
        return default
    for choice in choices:
        if choice.value == text:
            return choice
    allowed = ", ".join(f"'{choice.value}'" for choice in choices)
    raise CellError(f"{what} must be one of {allowed}, got {shown(value)}")


def split_lines(value: object) -> tuple[str, ...]:
    """Sub-criteria and the like: one item per line, blank lines dropped."""
    return tuple(line.strip() for line in cell_text(value).splitlines() if line.strip())


def near(a: Decimal, b: Decimal) -> bool:
    return abs(a - b) <= WEIGHT_TOLERANCE


def weighting_problem(tender: Tender) -> str | None:
    """Why the tender's weightings do not add up, or None when they do."""
    if tender.social_value_only:
        return None
    if near(tender.total_weighting, Decimal(100)):
        return None
    return (
        "Price, quality and social value weightings must add up to 100, "
        f"but they add up to {format_decimal(tender.total_weighting)}"
    )


def social_value_below_minimum(tender: Tender) -> bool:
    """The Act and PCR 2015 tenders expect social value at 10% of the score or more."""
    if tender.regime not in (Regime.PROCUREMENT_ACT_2023, Regime.PCR_2015):
        return False
    return effective_social_value_weighting(tender) < MIN_SOCIAL_VALUE_WEIGHTING


def effective_social_value_weighting(tender: Tender) -> Decimal:
    """Scored on social value alone, social value is the whole score."""
    return Decimal(100) if tender.social_value_only else tender.social_value_weighting


def criteria_weight_problem(tender: Tender, lot: str, criteria: Iterable[Criterion]) -> str | None:
    """Why a lot's criterion weights do not add up to the social value weighting."""
    weights = [criterion.weight for criterion in criteria if criterion.lot == lot]
    total = sum(weights, Decimal(0))
    if near(total, tender.social_value_weighting):
        return None
    return (
        f"the weights of lot {lot}'s criteria add up to {format_decimal(total)}, "
        f"but must add up to the social value weighting, "
        f"{format_decimal(tender.social_value_weighting)}"
    )


def format_decimal(value: Decimal) -> str:
    """``12.50`` -> ``12.5``, ``10.00`` -> ``10``: a number as a person would write it.

    A number too long to read so (more than 20 digits either side of the point) is written
    as ``1E+28``.
    """
    normal = value.normalize()
    if normal.is_finite() and abs(normal.adjusted()) > 20:
        return format(normal, "E")
    return format(normal, "f")
