"""When the standstill period ends, checked against dates counted by hand.

Each row's comment is the hand count. Under the Act, ``(n)`` marks the n-th working day
beginning with the notice day; under the 2015 regulations, day 1 is the day after the
letter date and the count shows how a tenth day that is not a working day moves the end.
Bank holidays named in the comments are those published for the year (GOV.UK), the same
days the holidays library gives.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from svdesk.domain.model import Regime
from svdesk.domain.standstill import (
    StandstillPeriod,
    long_date,
    standstill,
    working_day_calendar,
)

ACT = Regime.PROCUREMENT_ACT_2023
PCR = Regime.PCR_2015
SCOT = Regime.SCOTLAND_2015
LONDON = ZoneInfo("Europe/London")


def d(text: str) -> date:
    return date.fromisoformat(text)


# --- The spec's worked examples -------------------------------------------------------


def test_worked_example_procurement_act() -> None:
    # Mon 21 Dec (1), Tue 22 (2), Wed 23 (3), Thu 24 (4), Fri 25 Christmas Day,
    # Sat 26, Sun 27, Mon 28 Boxing Day (substitute), Tue 29 (5), Wed 30 (6), Thu 31 (7),
    # Fri 1 Jan New Year's Day, Sat 2, Sun 3, Mon 4 Jan 2 January substitute (Scotland),
    # Tue 5 (8).
    period = standstill(ACT, d("2026-12-21"), d("2026-12-21"))
    assert period.last_day == d("2027-01-05")
    assert period.starts_from == d("2026-12-21")
    assert period.working_days == 8
    assert period.calendar_days is None


def test_worked_example_pcr() -> None:
    # Day 1 Tue 22 Dec ... day 10 Thu 31 Dec, a working day in England and Wales.
    period = standstill(PCR, d("2026-12-21"))
    assert period.last_day == d("2026-12-31")
    assert period.starts_from == d("2026-12-21")
    assert period.calendar_days == 10
    assert period.working_days is None
    assert period.tenth_day == d("2026-12-31")
    assert not period.extended


# --- Procurement Act 2023: 8 working days beginning with the notice day --------------

ACT_ROWS = [
    pytest.param(
        "2026-10-12",
        "2026-10-12",
        "2026-10-21",
        # Mon 12 Oct (1) .. Fri 16 (5), Mon 19 (6), Tue 20 (7), Wed 21 (8).
        id="plain-fortnight",
    ),
    pytest.param(
        "2026-10-05",
        "2026-10-07",
        "2026-10-16",
        # Notice two days after the letters. Wed 7 (1), Thu 8 (2), Fri 9 (3),
        # Mon 12 (4) .. Fri 16 (8).
        id="notice-after-letter",
    ),
    pytest.param(
        "2026-10-09",
        "2026-10-10",
        "2026-10-21",
        # Notice on Sat 10 Oct: not a working day, so the count starts Mon 12 (1);
        # .. Fri 16 (5), Mon 19 (6), Tue 20 (7), Wed 21 (8).
        id="notice-on-saturday-starts-monday",
    ),
    pytest.param(
        "2026-05-01",
        "2026-05-04",
        "2026-05-14",
        # Notice on Mon 4 May, the early May bank holiday: count starts Tue 5 (1),
        # Wed 6 (2), Thu 7 (3), Fri 8 (4), Mon 11 (5), Tue 12 (6), Wed 13 (7), Thu 14 (8).
        id="notice-on-bank-holiday",
    ),
    pytest.param(
        "2021-12-20",
        "2021-12-20",
        "2021-12-31",
        # Christmas on a Saturday. Mon 20 (1) .. Fri 24 (5), Sat 25, Sun 26,
        # Mon 27 Christmas Day (substitute), Tue 28 Boxing Day (substitute),
        # Wed 29 (6), Thu 30 (7), Fri 31 (8).
        id="christmas-2021-substitutes",
    ),
    pytest.param(
        "2021-12-30",
        "2021-12-30",
        "2022-01-12",
        # Thu 30 (1), Fri 31 (2), Sat 1 Jan, Sun 2 Jan, Mon 3 New Year's Day (substitute),
        # Tue 4 2 January (substitute, Scotland), Wed 5 (3), Thu 6 (4), Fri 7 (5),
        # Mon 10 (6), Tue 11 (7), Wed 12 (8).
        id="new-year-2022-scotland-substitute",
    ),
    pytest.param(
        "2022-12-22",
        "2022-12-22",
        "2023-01-06",
        # Christmas on a Sunday. Thu 22 (1), Fri 23 (2), Sat 24, Sun 25, Mon 26 Boxing Day,
        # Tue 27 Christmas Day (substitute), Wed 28 (3), Thu 29 (4), Fri 30 (5), Sat 31,
        # Sun 1 Jan, Mon 2 New Year's Day (substitute) and 2 January (Scotland),
        # Tue 3 2 January (substitute, Scotland), Wed 4 (6), Thu 5 (7), Fri 6 (8).
        id="christmas-2022-and-new-year-2023",
    ),
    pytest.param(
        "2027-12-20",
        "2027-12-20",
        "2027-12-31",
        # Christmas on a Saturday. Mon 20 (1) .. Fri 24 (5), Sat 25, Sun 26,
        # Mon 27 and Tue 28 substitutes, Wed 29 (6), Thu 30 (7), Fri 31 (8).
        id="christmas-2027-substitutes",
    ),
    pytest.param(
        "2027-03-24",
        "2027-03-24",
        "2027-04-06",
        # Wed 24 Mar (1), Thu 25 (2), Fri 26 Good Friday, Sat 27, Sun 28,
        # Mon 29 Easter Monday (England, Wales, Northern Ireland: not a working day under
        # the Act though Scotland works), Tue 30 (3), Wed 31 (4), Thu 1 Apr (5),
        # Fri 2 (6), Mon 5 (7), Tue 6 (8).
        id="easter-2027",
    ),
    pytest.param(
        "2026-04-30",
        "2026-04-30",
        "2026-05-12",
        # Thu 30 Apr (1), Fri 1 May (2), Mon 4 early May bank holiday, Tue 5 (3),
        # Wed 6 (4), Thu 7 (5), Fri 8 (6), Mon 11 (7), Tue 12 (8).
        id="early-may-bank-holiday",
    ),
    pytest.param(
        "2026-05-21",
        "2026-05-21",
        "2026-06-02",
        # Thu 21 May (1), Fri 22 (2), Mon 25 spring bank holiday, Tue 26 (3), Wed 27 (4),
        # Thu 28 (5), Fri 29 (6), Mon 1 Jun (7), Tue 2 (8).
        id="late-may-bank-holiday",
    ),
    pytest.param(
        "2026-03-16",
        "2026-03-16",
        "2026-03-26",
        # Mon 16 Mar (1), Tue 17 St Patrick's Day (Northern Ireland), Wed 18 (2),
        # Thu 19 (3), Fri 20 (4), Mon 23 (5), Tue 24 (6), Wed 25 (7), Thu 26 (8).
        id="st-patricks-day",
    ),
    pytest.param(
        "2024-03-15",
        "2024-03-15",
        "2024-03-27",
        # St Patrick's Day on Sunday 17 Mar 2024. Fri 15 (1), Mon 18 its substitute
        # (Northern Ireland), Tue 19 (2), Wed 20 (3), Thu 21 (4), Fri 22 (5), Mon 25 (6),
        # Tue 26 (7), Wed 27 (8).
        id="st-patricks-day-substitute",
    ),
    pytest.param(
        "2026-11-27",
        "2026-11-27",
        "2026-12-09",
        # Fri 27 Nov (1), Mon 30 St Andrew's Day (Scotland), Tue 1 Dec (2), Wed 2 (3),
        # Thu 3 (4), Fri 4 (5), Mon 7 (6), Tue 8 (7), Wed 9 (8).
        id="st-andrews-day",
    ),
    pytest.param(
        "2027-07-09",
        "2027-07-09",
        "2027-07-21",
        # Fri 9 Jul (1), Mon 12 Battle of the Boyne (Northern Ireland), Tue 13 (2),
        # Wed 14 (3), Thu 15 (4), Fri 16 (5), Mon 19 (6), Tue 20 (7), Wed 21 (8).
        id="twelfth-of-july",
    ),
    pytest.param(
        "2026-07-10",
        "2026-07-10",
        "2026-07-22",
        # 12 July 2026 is a Sunday. Fri 10 (1), Mon 13 its substitute (Northern Ireland),
        # Tue 14 (2), Wed 15 (3), Thu 16 (4), Fri 17 (5), Mon 20 (6), Tue 21 (7), Wed 22 (8).
        id="twelfth-of-july-substitute",
    ),
    pytest.param(
        "2026-07-31",
        "2026-07-31",
        "2026-08-12",
        # Fri 31 Jul (1), Mon 3 Aug summer bank holiday (Scotland), Tue 4 (2), Wed 5 (3),
        # Thu 6 (4), Fri 7 (5), Mon 10 (6), Tue 11 (7), Wed 12 (8).
        id="scotland-summer-bank-holiday",
    ),
    pytest.param(
        "2026-08-27",
        "2026-08-27",
        "2026-09-08",
        # Thu 27 Aug (1), Fri 28 (2), Mon 31 late summer bank holiday (England, Wales,
        # Northern Ireland), Tue 1 Sep (3), Wed 2 (4), Thu 3 (5), Fri 4 (6), Mon 7 (7),
        # Tue 8 (8).
        id="late-summer-bank-holiday",
    ),
    pytest.param(
        "2026-06-12",
        "2026-06-12",
        "2026-06-24",
        # Fri 12 Jun (1), Mon 15 the one-off bank holiday proclaimed in Scotland for the
        # World Cup, Tue 16 (2), Wed 17 (3), Thu 18 (4), Fri 19 (5), Mon 22 (6), Tue 23 (7),
        # Wed 24 (8).
        id="proclaimed-one-off-bank-holiday",
    ),
]


@pytest.mark.parametrize(("letter", "notice", "last_day"), ACT_ROWS)
def test_procurement_act_standstill(letter: str, notice: str, last_day: str) -> None:
    period = standstill(ACT, d(letter), d(notice))
    assert period.last_day == d(last_day)
    assert period.starts_from == d(notice)


def test_act_notice_defaults_to_the_letter_date() -> None:
    # Same count as the worked example.
    assert standstill(ACT, d("2026-12-21")).last_day == d("2027-01-05")
    assert standstill(ACT, d("2026-12-21")).starts_from == d("2026-12-21")


def test_act_notice_before_letter_is_refused() -> None:
    with pytest.raises(ValueError, match="before the letter date") as raised:
        standstill(ACT, d("2026-12-21"), d("2026-12-18"))
    message = str(raised.value)
    assert "assessment summaries must be sent before the contract award notice" in message
    assert "Friday 18 December 2026" in message
    assert "Monday 21 December 2026" in message


# --- Public Contracts Regulations 2015 and Public Contracts (Scotland) Regs 2015 -----

REGULATIONS_ROWS = [
    pytest.param(
        PCR,
        "2027-03-19",
        "2027-03-30",
        # A Friday letter. Day 10 Mon 29 Mar is Easter Monday, not a working day in England
        # and Wales -> Tue 30.
        id="pcr-friday-letter-tenth-day-monday-bank-holiday",
    ),
    pytest.param(
        SCOT,
        "2027-03-19",
        "2027-03-29",
        # Day 10 Mon 29 Mar: Easter Monday is not a bank holiday in Scotland -> ends Mon 29.
        id="scotland-easter-monday-is-working-day",
    ),
    pytest.param(
        PCR,
        "2027-03-16",
        "2027-03-30",
        # Day 10 Fri 26 Mar Good Friday -> Sat 27, Sun 28, Mon 29 Easter Monday -> Tue 30.
        id="pcr-good-friday-then-easter-monday",
    ),
    pytest.param(
        SCOT,
        "2027-03-16",
        "2027-03-29",
        # Day 10 Fri 26 Mar Good Friday -> Sat 27, Sun 28 -> Mon 29 (working in Scotland).
        id="scotland-good-friday",
    ),
    pytest.param(
        PCR,
        "2021-12-17",
        "2021-12-29",
        # Day 10 Mon 27 Dec 2021 Christmas Day (substitute) -> Tue 28 Boxing Day
        # (substitute) -> Wed 29.
        id="pcr-christmas-2021-substitutes",
    ),
    pytest.param(
        PCR,
        "2022-12-16",
        "2022-12-28",
        # Day 10 Mon 26 Dec 2022 Boxing Day -> Tue 27 Christmas Day (substitute) -> Wed 28.
        id="pcr-christmas-2022-substitute",
    ),
    pytest.param(
        PCR,
        "2027-12-17",
        "2027-12-29",
        # Day 10 Mon 27 Dec 2027 (substitute) -> Tue 28 (substitute) -> Wed 29.
        id="pcr-christmas-2027-substitutes",
    ),
    pytest.param(
        SCOT,
        "2027-12-17",
        "2027-12-29",
        # Same in Scotland: Mon 27 and Tue 28 are substitute days there too -> Wed 29.
        id="scotland-christmas-2027-substitutes",
    ),
    pytest.param(
        PCR,
        "2022-12-21",
        "2023-01-03",
        # Day 10 Sat 31 Dec -> Sun 1 Jan -> Mon 2 Jan New Year's Day (substitute) -> Tue 3.
        id="pcr-new-year-2023",
    ),
    pytest.param(
        SCOT,
        "2022-12-21",
        "2023-01-04",
        # Day 10 Sat 31 Dec -> Sun 1 Jan -> Mon 2 Jan 2 January and New Year's Day
        # (substitute) -> Tue 3 2 January (substitute) -> Wed 4.
        id="scotland-new-year-2023",
    ),
    pytest.param(
        PCR,
        "2021-12-24",
        "2022-01-04",
        # Day 10 Mon 3 Jan 2022 New Year's Day (substitute) -> Tue 4, a working day in
        # England and Wales.
        id="pcr-new-year-2022",
    ),
    pytest.param(
        SCOT,
        "2021-12-24",
        "2022-01-05",
        # 2 January 2022 was a Sunday. Day 10 Mon 3 Jan New Year's Day (substitute) ->
        # Tue 4 2 January (substitute, Scotland) -> Wed 5.
        id="scotland-2-january-2022-substitute",
    ),
    pytest.param(
        PCR,
        "2026-12-24",
        "2027-01-04",
        # Day 10 Sun 3 Jan 2027 -> Mon 4, a working day in England and Wales.
        id="pcr-new-year-2027",
    ),
    pytest.param(
        SCOT,
        "2026-12-24",
        "2027-01-05",
        # 2 January 2027 is a Saturday. Day 10 Sun 3 Jan -> Mon 4 2 January (substitute)
        # -> Tue 5.
        id="scotland-2-january-2027-substitute",
    ),
    pytest.param(
        SCOT,
        "2026-12-22",
        "2027-01-05",
        # Day 10 Fri 1 Jan New Year's Day -> Sat 2 -> Sun 3 -> Mon 4 (substitute) -> Tue 5.
        id="scotland-new-years-day",
    ),
    pytest.param(
        PCR,
        "2026-04-24",
        "2026-05-05",
        # Day 10 Mon 4 May early May bank holiday -> Tue 5.
        id="pcr-early-may-bank-holiday",
    ),
    pytest.param(
        SCOT,
        "2026-05-15",
        "2026-05-26",
        # Day 10 Mon 25 May spring bank holiday (Scotland too) -> Tue 26.
        id="scotland-late-may-bank-holiday",
    ),
    pytest.param(
        PCR,
        "2020-04-28",
        "2020-05-11",
        # 2020's early May bank holiday was moved to Fri 8 May (VE Day). Day 10 Fri 8 May
        # -> Sat 9 -> Sun 10 -> Mon 11.
        id="pcr-may-bank-holiday-moved-2020",
    ),
    pytest.param(
        PCR,
        "2022-09-09",
        "2022-09-20",
        # Day 10 Mon 19 Sep 2022, the bank holiday for the State Funeral -> Tue 20.
        id="pcr-proclaimed-one-off-bank-holiday",
    ),
    pytest.param(
        PCR,
        "2025-03-07",
        "2025-03-17",
        # Day 10 Mon 17 Mar 2025 St Patrick's Day: a bank holiday only in Northern Ireland,
        # so a working day in England and Wales -> ends Mon 17.
        id="pcr-st-patricks-day-is-working-day",
    ),
    pytest.param(
        SCOT,
        "2025-03-07",
        "2025-03-17",
        # Day 10 Mon 17 Mar 2025: a working day in Scotland -> ends Mon 17.
        id="scotland-st-patricks-day-is-working-day",
    ),
    pytest.param(
        SCOT,
        "2026-11-20",
        "2026-12-01",
        # Day 10 Mon 30 Nov St Andrew's Day (Scotland) -> Tue 1 Dec.
        id="scotland-st-andrews-day",
    ),
    pytest.param(
        PCR,
        "2026-11-20",
        "2026-11-30",
        # Day 10 Mon 30 Nov: St Andrew's Day is no holiday in England and Wales -> Mon 30.
        id="pcr-st-andrews-day-is-working-day",
    ),
    pytest.param(
        SCOT,
        "2025-11-21",
        "2025-12-02",
        # St Andrew's Day 2025 is a Sunday; Mon 1 Dec is its substitute in Scotland.
        # Day 10 Mon 1 Dec -> Tue 2.
        id="scotland-st-andrews-day-substitute",
    ),
    pytest.param(
        PCR,
        "2025-11-21",
        "2025-12-01",
        # Day 10 Mon 1 Dec 2025: a working day in England and Wales.
        id="pcr-st-andrews-day-substitute-is-working-day",
    ),
    pytest.param(
        PCR,
        "2027-07-02",
        "2027-07-12",
        # Day 10 Mon 12 Jul 2027 Battle of the Boyne: Northern Ireland only -> Mon 12.
        id="pcr-twelfth-of-july-is-working-day",
    ),
    pytest.param(
        SCOT,
        "2026-07-24",
        "2026-08-04",
        # Day 10 Mon 3 Aug summer bank holiday (first Monday of August, Scotland) -> Tue 4.
        id="scotland-summer-bank-holiday",
    ),
    pytest.param(
        PCR,
        "2026-07-24",
        "2026-08-03",
        # Day 10 Mon 3 Aug: no holiday in England and Wales -> Mon 3.
        id="pcr-scottish-summer-holiday-is-working-day",
    ),
    pytest.param(
        PCR,
        "2026-08-21",
        "2026-09-01",
        # Day 10 Mon 31 Aug late summer bank holiday (last Monday of August) -> Tue 1 Sep.
        id="pcr-late-summer-bank-holiday",
    ),
    pytest.param(
        SCOT,
        "2026-08-21",
        "2026-08-31",
        # Day 10 Mon 31 Aug: no bank holiday in Scotland -> Mon 31.
        id="scotland-english-late-summer-is-working-day",
    ),
    pytest.param(
        SCOT,
        "2026-06-05",
        "2026-06-16",
        # Day 10 Mon 15 Jun 2026, the one-off bank holiday proclaimed in Scotland -> Tue 16.
        id="scotland-proclaimed-one-off-bank-holiday",
    ),
    pytest.param(
        PCR,
        "2026-06-05",
        "2026-06-15",
        # Day 10 Mon 15 Jun 2026: a working day in England and Wales.
        id="pcr-scottish-one-off-holiday-is-working-day",
    ),
]


@pytest.mark.parametrize(("regime", "letter", "last_day"), REGULATIONS_ROWS)
def test_regulations_standstill(regime: Regime, letter: str, last_day: str) -> None:
    period = standstill(regime, d(letter))
    assert period.last_day == d(last_day)
    assert period.starts_from == d(letter)
    assert period.tenth_day == d(letter) + timedelta(days=10)
    assert period.extended == (period.last_day != period.tenth_day)
    assert period.calendar_days == 10
    assert period.working_days is None


@pytest.mark.parametrize("regime", [PCR, SCOT])
def test_regulations_ignore_a_notice_date(regime: Regime) -> None:
    without = standstill(regime, d("2026-12-21"))
    with_notice = standstill(regime, d("2026-12-21"), d("2026-12-23"))
    assert with_notice == without
    # Even one before the letter date: there is no contract award notice under these.
    assert standstill(regime, d("2026-12-21"), d("2026-12-01")) == without


# --- Calendars ------------------------------------------------------------------------

CALENDAR_ROWS = [
    # (day, Act, PCR 2015, Scotland 2015)
    pytest.param("2026-12-25", False, False, False, id="christmas-day"),
    pytest.param("2026-12-28", False, False, False, id="boxing-day-substitute"),
    pytest.param("2027-03-26", False, False, False, id="good-friday"),
    pytest.param("2027-03-29", False, False, True, id="easter-monday"),
    pytest.param("2027-01-04", False, True, False, id="2-january-substitute"),
    pytest.param("2026-01-02", False, True, False, id="2-january"),
    pytest.param("2026-03-17", False, True, True, id="st-patricks-day"),
    pytest.param("2026-07-13", False, True, True, id="twelfth-of-july-substitute"),
    pytest.param("2026-11-30", False, True, False, id="st-andrews-day"),
    pytest.param("2026-08-03", False, True, False, id="scotland-summer"),
    pytest.param("2026-08-31", False, False, True, id="england-late-summer"),
    pytest.param("2026-05-25", False, False, False, id="spring-bank-holiday"),
    pytest.param("2026-10-10", False, False, False, id="saturday"),
    pytest.param("2026-10-11", False, False, False, id="sunday"),
    pytest.param("2026-10-12", True, True, True, id="ordinary-monday"),
    pytest.param("2026-12-24", True, True, True, id="christmas-eve-is-working-day"),
]


@pytest.mark.parametrize(("day", "act", "pcr", "scot"), CALENDAR_ROWS)
def test_working_days_per_regime(day: str, act: bool, pcr: bool, scot: bool) -> None:
    assert working_day_calendar(ACT).is_working_day(d(day)) is act
    assert working_day_calendar(PCR).is_working_day(d(day)) is pcr
    assert working_day_calendar(SCOT).is_working_day(d(day)) is scot


def test_calendar_names_and_reasons() -> None:
    uk = working_day_calendar(ACT)
    assert "United Kingdom" in uk.name
    assert working_day_calendar(PCR).name == "England and Wales"
    assert working_day_calendar(SCOT).name == "Scotland"
    assert uk.non_working_reason(d("2026-10-10")) == "Saturday"
    assert uk.non_working_reason(d("2026-12-25")) == "Christmas Day"
    assert uk.non_working_reason(d("2026-10-12")) is None
    assert uk.non_working_reason(d("2026-03-17")) == "Saint Patrick's Day in Northern Ireland"
    assert uk.non_working_reason(d("2027-03-29")) == (
        "Easter Monday in England, Wales and Northern Ireland"
    )
    assert working_day_calendar(SCOT).non_working_reason(d("2022-01-04")) == (
        "New Year Holiday (observed)"
    )


@pytest.mark.parametrize("year", range(2000, 2061))
def test_library_lists_christmas_and_good_friday_everywhere(year: int) -> None:
    # The law names Christmas Day and Good Friday; the calendars rely on the library for
    # Good Friday, so hold it to listing one, a Friday, in every regime's calendar.
    for regime in (ACT, PCR, SCOT):
        calendar = working_day_calendar(regime)
        assert not calendar.is_working_day(date(year, 12, 25))
        good_fridays = [
            day
            for day in (date(year, 3, 20) + timedelta(days=n) for n in range(37))
            if calendar.non_working_reason(day) == "Good Friday"
        ]
        assert len(good_fridays) == 1
        assert good_fridays[0].weekday() == 4


def test_regime_by_its_text_and_unknown_regimes() -> None:
    assert standstill("pcr-2015", d("2026-12-21")) == standstill(PCR, d("2026-12-21"))  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="pcr-2006"):
        working_day_calendar("pcr-2006")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="pcr-2006"):
        standstill("pcr-2006", d("2026-12-21"))  # type: ignore[arg-type]


def test_dates_not_datetimes() -> None:
    with pytest.raises(TypeError, match="letter_date must be a date"):
        standstill(PCR, datetime(2026, 12, 21, 9, 30))
    with pytest.raises(TypeError, match="notice_date must be a date"):
        standstill(ACT, d("2026-12-21"), datetime(2026, 12, 21, 9, 30))


# --- Invariants over every letter date of several years ------------------------------


def _all_days(first: str, last: str) -> list[date]:
    start, end = d(first), d(last)
    return [start + timedelta(days=n) for n in range((end - start).days + 1)]


def test_act_period_always_holds_eight_working_days() -> None:
    calendar = working_day_calendar(ACT)
    for notice in _all_days("2020-01-01", "2030-12-31"):
        period = standstill(ACT, notice)
        span = _all_days(notice.isoformat(), period.last_day.isoformat())
        assert sum(calendar.is_working_day(day) for day in span) == 8, notice
        assert calendar.is_working_day(period.last_day), notice


@pytest.mark.parametrize("regime", [PCR, SCOT])
def test_regulations_period_ends_on_first_working_day_from_day_ten(regime: Regime) -> None:
    calendar = working_day_calendar(regime)
    for letter in _all_days("2020-01-01", "2030-12-31"):
        period = standstill(regime, letter)
        tenth = letter + timedelta(days=10)
        assert calendar.is_working_day(period.last_day), letter
        assert period.last_day >= tenth, letter
        between = _all_days(tenth.isoformat(), (period.last_day - timedelta(days=1)).isoformat())
        assert not any(calendar.is_working_day(day) for day in between), letter


# --- Wording and the instant the period ends ----------------------------------------


def test_describe_wording() -> None:
    assert standstill(ACT, d("2026-12-21"), d("2026-12-21")).describe() == (
        "midnight at the end of Tuesday 5 January 2027"
    )
    assert standstill(PCR, d("2026-12-21")).describe() == (
        "midnight at the end of Thursday 31 December 2026"
    )
    assert long_date(d("2027-03-01")) == "Monday 1 March 2027"


def test_basis_wording() -> None:
    act = standstill(ACT, d("2026-10-09"), d("2026-10-10")).basis
    assert act.startswith(
        "8 working days beginning with the day the contract award notice is published, "
        "Saturday 10 October 2026; that day is not a working day (Saturday), so the count "
        "starts on Monday 12 October 2026"
    )
    assert act.endswith("(Procurement Act 2023, section 51)")

    pcr = standstill(PCR, d("2026-12-21")).basis
    assert pcr == (
        "10 calendar days after the day the notices are sent electronically, "
        "Monday 21 December 2026; the period ends on the next working day when the tenth "
        "day is not a working day in England and Wales "
        "(Public Contracts Regulations 2015, regulation 87)"
    )

    extended = standstill(SCOT, d("2021-12-24")).basis
    assert "the tenth day, Monday 3 January 2022, is not a working day in Scotland" in extended
    assert extended.endswith("(Public Contracts (Scotland) Regulations 2015, regulation 86)")


def test_ends_at_is_the_start_of_the_next_day_in_london() -> None:
    period = standstill(ACT, d("2026-12-21"), d("2026-12-21"))
    assert period.ends_at == datetime(2027, 1, 6, 0, 0, tzinfo=LONDON)
    assert isinstance(period.ends_at.tzinfo, ZoneInfo)
    assert period.ends_at.tzinfo.key == "Europe/London"
    assert period.ends_at.utcoffset() == timedelta(0)  # GMT in January


@pytest.mark.parametrize(
    ("regime", "letter", "ends_utc"),
    [
        pytest.param(
            PCR,
            "2027-03-16",
            datetime(2027, 3, 30, 23, 0, tzinfo=UTC),
            # Ends at midnight at the end of Tue 30 Mar 2027 (Good Friday and Easter Monday
            # pushed it there); clocks went forward on Sun 28 Mar, so midnight is 23:00 UTC.
            id="after-clocks-go-forward",
        ),
        pytest.param(
            PCR,
            "2026-10-12",
            datetime(2026, 10, 22, 23, 0, tzinfo=UTC),
            # Day 10 Thu 22 Oct 2026, still BST: midnight at its end is 23:00 UTC.
            id="before-clocks-go-back",
        ),
        pytest.param(
            PCR,
            "2026-10-14",
            datetime(2026, 10, 27, 0, 0, tzinfo=UTC),
            # Day 10 Sat 24 Oct -> Sun 25 (clocks go back) -> Mon 26: GMT, midnight is
            # 00:00 UTC on Tue 27.
            id="after-clocks-go-back",
        ),
        pytest.param(
            ACT,
            "2027-03-24",
            datetime(2027, 4, 6, 23, 0, tzinfo=UTC),
            # Last day Tue 6 Apr 2027 (see the Easter row above), BST.
            id="act-in-summer-time",
        ),
    ],
)
def test_ends_at_is_local_midnight_across_clock_changes(
    regime: Regime, letter: str, ends_utc: datetime
) -> None:
    period = standstill(regime, d(letter))
    assert period.ends_at == ends_utc
    local = period.ends_at.astimezone(LONDON)
    assert (local.hour, local.minute) == (0, 0)
    assert local.date() == period.last_day + timedelta(days=1)


def test_period_is_a_frozen_value() -> None:
    period = standstill(PCR, d("2026-12-21"))
    assert isinstance(period, StandstillPeriod)
    with pytest.raises(AttributeError):
        period.last_day = d("2027-01-01")  # type: ignore[misc]
