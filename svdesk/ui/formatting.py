"""Values as the panel reads them: money, percentages, counts, dates in local time."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from svdesk.domain.model import Regime, ScoringMethod, TieBreak
from svdesk.domain.pack_rules import format_decimal
from svdesk.domain.scoring import shown

NOTHING = "—"

_CURRENCY_SYMBOLS = {"GBP": "£", "EUR": "€", "USD": "$"}

_SCORING_METHODS = {
    ScoringMethod.CONSENSUS: "Consensus: the moderated score counts",
    ScoringMethod.AVERAGE: "Average: the mean of the evaluators' scores counts",
}

_TIE_BREAKS = {
    TieBreak.SOCIAL_VALUE: "The higher social value score wins",
    TieBreak.QUALITY: "The higher quality score wins",
    TieBreak.PRICE: "The higher price score wins",
    TieBreak.NONE: "None: tied bids stay tied",
}


def money(value: Decimal | None, currency: str = "GBP") -> str:
    """``£2,400,000``; pence only when there are some (``£1,250.50``)."""
    if value is None:
        return NOTHING
    whole = value == value.to_integral_value()
    amount = f"{value:,.0f}" if whole else f"{value:,.2f}"
    symbol = _CURRENCY_SYMBOLS.get(currency.upper())
    return f"{symbol}{amount}" if symbol else f"{amount} {currency.upper()}"


def percent(value: Decimal | None) -> str:
    return NOTHING if value is None else f"{format_decimal(value)}%"


def number(value: Decimal | int | None) -> str:
    if value is None:
        return NOTHING
    if isinstance(value, int):
        return f"{value:,}"
    return format_decimal(value)


def two_places(value: Decimal | None) -> str:
    """``86.45``, ``6.00``: a score as the rules show and compare it (half-up, 2 dp)."""
    return NOTHING if value is None else f"{shown(value):,}"


def yes_no(value: bool) -> str:
    return "Yes" if value else NOTHING


def count(n: int, singular: str, plural: str | None = None) -> str:
    """``1 lot``, ``2 lots``, ``3 criteria``."""
    return f"{n:,} {singular if n == 1 else (plural or singular + 's')}"


def local_time(moment: dt.datetime) -> str:
    """``25 November 2025 at 14:03`` in this computer's time zone (stored times are UTC)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    local = moment.astimezone()
    return f"{local.day} {local:%B %Y} at {local:%H:%M}"


def file_size(size: int) -> str:
    if size < 1024:
        return count(size, "byte")
    if size < 1024 * 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size / (1024 * 1024):.1f} MB"


def regime_title(regime: Regime) -> str:
    """``Procurement Act 2023``: the law the letters follow, by its name."""
    return regime.law


def scoring_method(method: ScoringMethod) -> str:
    return _SCORING_METHODS.get(method, str(method))


def tie_break(rule: TieBreak) -> str:
    return _TIE_BREAKS.get(rule, str(rule))


def one_line(text: str) -> str:
    """A multi-line value (an address) on one line, for a table cell."""
    return ", ".join(part.strip() for part in text.splitlines() if part.strip())
