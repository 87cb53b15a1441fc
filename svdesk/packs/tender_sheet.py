"""The Tender sheet: one field a row, each with its value beside it."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from svdesk.domain.model import HOLIDAY_CHOICES, Holidays, Regime, ScoringMethod, Tender, TieBreak
from svdesk.domain.moderation_rules import DEFAULT_TOLERANCE_STEPS, tolerance_problem
from svdesk.domain.pack_rules import (
    CellError,
    cell_text,
    format_decimal,
    parse_choice,
    parse_number,
    parse_percent,
    parse_whole_number,
    parse_yes_no,
)
from svdesk.domain.scale import Scale
from svdesk.packs import schema
from svdesk.packs.checker import Checker
from svdesk.packs.workbook import Row, SheetTable

TOLERANCE_FIELD = "Moderation tolerance"


def read_tender(table: SheetTable | None, check: Checker) -> Tender | None:
    """The tender the sheet describes; its problems go to ``check``."""
    if table is None or not table.has("Field"):
        return None
    fields = {schema.fold(f.name): f for f in schema.TENDER_FIELDS}
    values: dict[str, Any] = {}
    rows: dict[str, Row] = {}
    for row in table.rows:
        name = row.text("Field")
        spec = fields.get(schema.fold(name))
        if not name:
            check.error("the Field cell is blank; name the field", table, row.number, "Field")
            continue
        if spec is None:
            check.warn(
                f"'{name}' is not a field of the Tender sheet and was ignored",
                table,
                row.number,
                "Field",
            )
            continue
        if spec.name in rows:
            check.error(
                f"the field '{spec.name}' is given twice (rows {rows[spec.name].number} "
                f"and {row.number}); keep one",
                table,
                row.number,
                "Field",
            )
            continue
        rows[spec.name] = row
        values[spec.name] = row.get("Value")

    def text(name: str) -> str:
        row = rows.get(name)
        return row.text("Value") if row else ""

    def parsed(name: str, parser: Callable[[Any], Any], default: Any) -> Any:
        row = rows.get(name)
        if row is None or row.get("Value") is None:
            return default
        return check.parse(table, row, "Value", parser)

    for spec in schema.TENDER_FIELDS:
        if spec.required and not text(spec.name):
            if spec.name in rows:
                check.error(
                    f"{spec.name} is required but its value is blank",
                    table,
                    rows[spec.name].number,
                    "Value",
                )
            else:
                check.error(
                    f"the field '{spec.name}' is missing: add a row with '{spec.name}' "
                    "in the Field column and its value beside it",
                    table,
                )

    def percent(name: str) -> Callable[[Any], Decimal]:
        row = rows.get(name)
        formatted = row is not None and "Value" in row.percent

        def parse(value: Any) -> Decimal:
            number = parse_percent(value, name, percent_format=formatted)
            if not Decimal(0) <= number <= Decimal(100):
                raise CellError(
                    f"{name} must be a percentage from 0 to 100, got {format_decimal(number)}"
                )
            return number

        return parse

    regime = parsed(
        "Regime",
        lambda v: parse_choice(v, Regime, "Regime", Regime.PROCUREMENT_ACT_2023),
        Regime.PROCUREMENT_ACT_2023,
    )
    method = parsed(
        "Scoring method",
        lambda v: parse_choice(v, ScoringMethod, "Scoring method", ScoringMethod.CONSENSUS),
        ScoringMethod.CONSENSUS,
    )
    tie_break = parsed(
        "Tie-break",
        lambda v: parse_choice(v, TieBreak, "Tie-break", TieBreak.SOCIAL_VALUE),
        TieBreak.SOCIAL_VALUE,
    )
    value = parsed(
        "Estimated value",
        lambda v: _non_negative(parse_number(v, "Estimated value"), "Estimated value"),
        None,
    )
    holidays = parsed(
        "Holidays",
        lambda v: _holidays(v, regime or Regime.PROCUREMENT_ACT_2023),
        None,
    )
    hide_bidders = parsed(
        "Hide bidders on shared screen", _yes_no("Hide bidders on shared screen"), False
    )
    anonymous = parsed("Anonymous evaluators", _yes_no("Anonymous evaluators"), False)
    tolerance = parsed(TOLERANCE_FIELD, _tolerance, DEFAULT_TOLERANCE_STEPS)
    price = parsed("Price weighting", percent("Price weighting"), Decimal(0))
    quality = parsed("Quality weighting", percent("Quality weighting"), Decimal(0))
    social = parsed("Social value weighting", percent("Social value weighting"), None)
    currency = text("Currency").upper() or "GBP"
    if len(currency) != 3 or not currency.isalpha():
        check.error(
            f"Currency must be a three-letter ISO 4217 code such as GBP, got '{currency}'",
            table,
            rows["Currency"].number,
            "Value",
        )
    # Build the tender even when a cell is wrong (the errors refuse the pack anyway), so
    # that later rules, such as a price score within the price weighting, still apply.
    return Tender(
        reference=text("Reference"),
        title=text("Title"),
        authority=text("Authority"),
        social_value_weighting=social if social is not None else Decimal(0),
        authority_address=text("Authority address"),
        regime=regime or Regime.PROCUREMENT_ACT_2023,
        currency=currency,
        estimated_value=value,
        price_weighting=price if price is not None else Decimal(0),
        quality_weighting=quality if quality is not None else Decimal(0),
        scoring_method=method or ScoringMethod.CONSENSUS,
        tie_break=tie_break or TieBreak.SOCIAL_VALUE,
        contact_name=text("Contact name"),
        contact_email=text("Contact email"),
        signatory=text("Signatory"),
        tender_documents=text("Tender documents"),
        holidays=holidays,
        hide_bidders_on_screen=hide_bidders,
        anonymous_evaluators=anonymous,
        moderation_tolerance=DEFAULT_TOLERANCE_STEPS if tolerance is None else tolerance,
    )


def check_tolerance(table: SheetTable | None, scale: Scale, check: Checker) -> None:
    """The tolerance the sheet gave must fit the scale (read after the Tender sheet)."""
    if table is None or not table.has("Field"):
        return
    row = next(
        (r for r in table.rows if schema.fold(r.text("Field")) == schema.fold(TOLERANCE_FIELD)),
        None,
    )
    if row is None:
        return
    try:
        steps = _tolerance(row.get("Value"))
    except CellError:
        return  # already said where the sheet was read
    problem = None if steps is None else tolerance_problem(steps, scale)
    if problem:
        check.error(problem[0].upper() + problem[1:], table, row.number, "Value")


def _tolerance(value: Any) -> int | None:
    """Steps of the scale, a whole number from 0; blank is the default."""
    if not cell_text(value):
        return None
    try:
        return parse_whole_number(value, TOLERANCE_FIELD, minimum=0, maximum=1000)
    except CellError as error:
        raise CellError(
            f"{error.message}: give how many steps of the scale the evaluators' scores may "
            "lie apart before they are discussed first (blank means 1)"
        ) from None


def _holidays(value: Any, regime: Regime) -> Holidays | None:
    """The holiday setting, which the tender's regime must allow (blank: its default)."""
    chosen = parse_choice(value, Holidays, "Holidays", Holidays.UNITED_KINGDOM)
    if not cell_text(value):
        return None
    if chosen not in HOLIDAY_CHOICES[regime]:
        allowed = ", ".join(f"'{c.value}'" for c in HOLIDAY_CHOICES[regime])
        raise CellError(
            f"Holidays must be one of {allowed} under the {regime.law}, got '{chosen.value}'"
        )
    return chosen


def _yes_no(name: str) -> Callable[[Any], bool]:
    def parse(value: Any) -> bool:
        try:
            return parse_yes_no(value)
        except CellError as error:
            raise CellError(f"{name} {error}") from None

    return parse


def _non_negative(number: Decimal, what: str) -> Decimal:
    if number < 0:
        raise CellError(f"{what} cannot be negative, got {format_decimal(number)}")
    return number
