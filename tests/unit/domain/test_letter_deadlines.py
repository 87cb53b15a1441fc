"""The dates a letter adds to its standstill: the deadline for questions; and the regimes
that share the Act's rules."""

from __future__ import annotations

import datetime as dt

import pytest

from svdesk.domain.model import Holidays, LetterLanguage, Regime
from svdesk.domain.standstill import standstill
from svdesk.domain.supplier_identifier import IdentifierKind, identifier_kind


@pytest.mark.parametrize(
    ("regime", "letter", "holidays", "questions", "last"),
    [
        # 8 working days from Monday 21 December 2026; 1 January and Scotland's 4 January
        # are holidays across the UK count, so the last day is Tuesday 5 January and the
        # two working days before it are Thursday 31 and Wednesday 30 December.
        ("procurement-act-2023", dt.date(2026, 12, 21), None, dt.date(2026, 12, 30), 5),
        ("procurement-act-2023-wales", dt.date(2026, 12, 21), None, dt.date(2026, 12, 30), 5),
        # The regulations: the 10th day after Monday 21 December is Thursday 31 December.
        ("pcr-2015", dt.date(2026, 12, 21), None, dt.date(2026, 12, 29), 31),
        # Northern Ireland: the period of 7 March 2027 ends on Thursday 18 March (St
        # Patrick's Day is no working day): the two working days before it are Tuesday 16
        # and Monday 15 March.
        ("pcr-2015", dt.date(2027, 3, 7), Holidays.NORTHERN_IRELAND, dt.date(2027, 3, 15), 18),
    ],
)
def test_questions_close_two_working_days_before_the_last_day(
    regime: str, letter: dt.date, holidays: Holidays | None, questions: dt.date, last: int
) -> None:
    period = standstill(Regime(regime), letter, holidays=holidays)
    assert period.last_day.day == last
    assert period.questions_by == questions
    assert period.calendar.is_working_day(period.questions_by)


def test_wales_counts_as_the_act_does() -> None:
    wales = standstill(Regime.PROCUREMENT_ACT_2023_WALES, dt.date(2027, 3, 1))
    england = standstill(Regime.PROCUREMENT_ACT_2023, dt.date(2027, 3, 1))
    assert wales.last_day == england.last_day
    assert wales.regime is Regime.PROCUREMENT_ACT_2023_WALES
    assert Regime.PROCUREMENT_ACT_2023_WALES.under_act
    assert not Regime.PCR_2015.under_act
    assert "regulation 32" in Regime.PROCUREMENT_ACT_2023_WALES.summary_rules
    assert LetterLanguage.default_for(Regime.PROCUREMENT_ACT_2023_WALES).codes == ("cy", "en")
    assert LetterLanguage.default_for(Regime.PCR_2015).codes == ("en",)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("01234567", IdentifierKind.COMPANIES_HOUSE),
        ("sc123456", IdentifierKind.COMPANIES_HOUSE),
        ("NI 123456", IdentifierKind.COMPANIES_HOUSE),
        ("PUKD-1234-ABCD", IdentifierKind.PLATFORM),
        ("1234567", IdentifierKind.PLATFORM),  # seven digits is no Companies House number
        ("  ", IdentifierKind.NONE),
    ],
)
def test_an_identifier_is_labelled_by_its_form(text: str, kind: IdentifierKind) -> None:
    assert identifier_kind(text) is kind
