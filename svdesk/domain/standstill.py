"""When the standstill period ends, under each regime the award letters follow.

The rules (scoring.md, "Standstill"):

* ``procurement-act-2023``: the mandatory standstill period is the period of 8 working
  days *beginning with* the day on which the contract award notice is published
  (Procurement Act 2023, section 51). A working day is any day but a Saturday, a Sunday,
  Christmas Day, Good Friday or a bank holiday in any part of the United Kingdom (England
  and Wales, Scotland, Northern Ireland), substitute days included. The period ends at
  midnight at the end of the eighth working day.
* ``pcr-2015``: the standstill period ends at midnight at the end of the 10th day after the
  day the notices are sent electronically (the send date, by default the letter date)
  (Public Contracts Regulations 2015, regulation 87); when that tenth day is not a working
  day, the period ends at midnight at the end of the next working day. The regulations
  cover England, Wales and Northern Ireland: the working days are those of the authority's
  nation (England and Wales, or Northern Ireland, with St Patrick's Day and the Battle of
  the Boyne), or, as the tender's holiday setting chooses, of the whole United Kingdom.
* ``scotland-2015``: counted as for ``pcr-2015`` (Public Contracts (Scotland) Regulations
  2015, regulation 86), with Scotland's working days, or the whole United Kingdom's.

Readings chosen where the text leaves a choice:

* Under the Act, the notice day is day one only when it is itself a working day. When the
  notice is published on a day that is not a working day (a Saturday, say), a period of
  working days cannot include it, so the count starts on the next working day.
* Under the Act, the notice may not be published before the assessment summaries (the
  letters) are sent, so a notice date before the letter date is refused. A notice date
  after the letter date is allowed: it is the intended publication date.
* Under the 2015 regulations there is no contract award notice in this sense: the period
  runs from the day the letters are sent, and a notice date passed in is ignored.
* "Midnight at the end of" a day is the instant the next day begins, in UK local time
  (Europe/London), whichever of GMT or BST is in force.

Bank holidays, and their substitute days, come from the maintained ``holidays`` library
(``holidays.country_holidays("GB", subdiv=...)``), never from a list kept here. That
library also lists Christmas Day and Good Friday for every part of the United Kingdom;
Christmas Day is also checked directly because the law names it on its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import cache
from zoneinfo import ZoneInfo

import holidays

from svdesk.domain.model import HOLIDAY_CHOICES, Holidays, Regime

ACT_WORKING_DAYS = 8
"""Length of the mandatory standstill period under the Procurement Act 2023, section 51."""

REGULATIONS_CALENDAR_DAYS = 10
"""Length of the standstill period, in days after the letters are sent electronically."""

UK_TIME_ZONE = "Europe/London"

_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)

# Parts of the United Kingdom as the holidays library names them.
_PART_NAMES = {
    "ENG": "England",
    "WLS": "Wales",
    "SCT": "Scotland",
    "NIR": "Northern Ireland",
}
QUESTIONS_CLOSE = 2
"""Working days before the standstill period's last day by which bidders are asked to send
their questions (at ``QUESTIONS_TIME``): the authority then has two working days to answer
within the period (docs/decisions.md)."""
QUESTIONS_TIME = "5pm"


def long_date(day: date) -> str:
    """``day`` as letters write it: ``Tuesday 5 January 2027``.

    English names are spelt out here rather than taken from ``strftime``, whose names
    follow the machine's locale.
    """
    return f"{_WEEKDAYS[day.weekday()]} {day.day} {_MONTHS[day.month - 1]} {day.year}"


@cache
def _bank_holidays(part: str) -> holidays.HolidayBase:
    """Bank holidays (substitute days included) of one part of the UK, by library code.

    The object fills in each year the first time a date of that year is looked up.
    """
    return holidays.country_holidays("GB", subdiv=part, observed=True, language="en_GB")


@dataclass(frozen=True, slots=True)
class WorkingDayCalendar:
    """Which days are working days for one regime.

    ``parts`` are the parts of the United Kingdom (``ENG``, ``WLS``, ``SCT``, ``NIR``)
    whose bank holidays are not working days; ``name`` says where the calendar applies.
    """

    name: str
    parts: tuple[str, ...]

    def non_working_reason(self, day: date) -> str | None:
        """Why ``day`` is not a working day (``None`` when it is one).

        For example ``"Saturday"``, ``"Christmas Day"``, or, in a calendar of several parts
        of the United Kingdom, ``"New Year Holiday (observed) in Scotland"``.
        """
        _require_date(day, "day")
        if day.weekday() >= 5:
            return _WEEKDAYS[day.weekday()]
        if (day.month, day.day) == (12, 25):
            return "Christmas Day"
        where: dict[str, list[str]] = {}
        for part in self.parts:
            for name in _bank_holidays(part).get_list(day):
                where.setdefault(name, []).append(_PART_NAMES[part])
        reasons = [
            name if len(parts) == len(self.parts) else f"{name} in {_and_list(parts)}"
            for name, parts in where.items()
        ]
        return "; ".join(reasons) or None

    def is_working_day(self, day: date) -> bool:
        return self.non_working_reason(day) is None

    def next_working_day(self, day: date) -> date:
        """The first working day on or after ``day``."""
        while not self.is_working_day(day):
            day += timedelta(days=1)
        return day

    def previous_working_day(self, day: date) -> date:
        """The last working day on or before ``day``."""
        while not self.is_working_day(day):
            day -= timedelta(days=1)
        return day


_PARTS = {
    Holidays.UNITED_KINGDOM: ("ENG", "WLS", "SCT", "NIR"),
    Holidays.ENGLAND_AND_WALES: ("ENG", "WLS"),
    Holidays.NORTHERN_IRELAND: ("NIR",),
    Holidays.SCOTLAND: ("SCT",),
}


def holiday_calendar(holidays: Holidays) -> WorkingDayCalendar:
    """The working days of one holiday setting."""
    holidays = Holidays(holidays)
    return WorkingDayCalendar(holidays.place, _PARTS[holidays])


def holiday_choices(regime: Regime) -> tuple[Holidays, ...]:
    """The holiday settings ``regime`` allows, its default first."""
    return HOLIDAY_CHOICES[Regime(regime)]


def working_day_calendar(regime: Regime, holidays: Holidays | None = None) -> WorkingDayCalendar:
    """The working days that ``regime`` counts the standstill period in.

    ``holidays`` is the tender's setting (``None``: the regime's default, the nation's own);
    one the regime does not allow is refused with the choices it does.
    """
    regime = Regime(regime)  # also takes the regime's text, "pcr-2015"; refuses others
    choices = holiday_choices(regime)
    if holidays is None:
        return holiday_calendar(choices[0])
    try:
        holidays = Holidays(holidays)
    except ValueError:
        holidays = None
    if holidays not in choices:
        allowed = " or ".join(c.place for c in choices)
        raise ValueError(
            f"Under the {regime.law} the standstill period counts the working days of "
            f"{allowed}; the tender's holiday setting must be one of these"
        )
    return holiday_calendar(holidays)


@dataclass(frozen=True, slots=True)
class StandstillPeriod:
    """When the standstill period ends, and how that was counted.

    ``starts_from`` is the day the count runs from: the day the contract award notice is
    published under the Act, the letter date under the 2015 regulations. ``last_day`` is
    the last day of the period; it ends at midnight at the end of that day (``ends_at``).
    ``working_days`` (the Act) or ``calendar_days`` (the regulations) is the length the
    law sets; the other is ``None``. ``tenth_day`` is the 10th day after the letter date
    under the regulations (``last_day`` is later when that day is not a working day).
    """

    regime: Regime
    starts_from: date
    last_day: date
    calendar: WorkingDayCalendar
    basis: str
    working_days: int | None = None
    calendar_days: int | None = None
    tenth_day: date | None = None

    @property
    def ends_at(self) -> datetime:
        """Midnight at the end of ``last_day`` in UK time: the start of the next day."""
        return datetime.combine(self.last_day + timedelta(days=1), time(0), tzinfo=_uk_time_zone())

    @property
    def extended(self) -> bool:
        """Whether the period runs past its 10th day because that day is not a working day."""
        return self.tenth_day is not None and self.last_day != self.tenth_day

    @property
    def questions_by(self) -> date:
        """The last day a bidder may ask about its letter and still have an answer within
        the period: ``QUESTIONS_CLOSE`` working days before its last day (never before the
        day it runs from), so that the authority can answer before the period ends."""
        day = self.last_day
        for _ in range(QUESTIONS_CLOSE):
            day = self.calendar.previous_working_day(day - timedelta(days=1))
        return max(day, self.starts_from)

    def describe(self) -> str:
        """The end as letters word it: ``midnight at the end of Tuesday 5 January 2027``."""
        return f"midnight at the end of {long_date(self.last_day)}"


def standstill(
    regime: Regime,
    letter_date: date,
    notice_date: date | None = None,
    holidays: Holidays | None = None,
    send_date: date | None = None,
) -> StandstillPeriod:
    """The standstill period of a lot whose letters are dated ``letter_date``.

    Under the Procurement Act 2023, ``notice_date`` is the day the contract award notice
    is (to be) published; it defaults to the letter date and may not be earlier than it.
    Under the 2015 regulations the period runs from ``send_date``, the day the notices are
    sent electronically (by default the letter date, and never before it), and
    ``notice_date`` is ignored. ``holidays`` is the tender's holiday setting
    (``working_day_calendar``).
    """
    _require_date(letter_date, "letter_date")
    regime = Regime(regime)
    calendar = working_day_calendar(regime, holidays)
    if regime.under_act:
        return _act_period(regime, calendar, letter_date, notice_date)
    sent = letter_date if send_date is None else send_date
    _require_date(sent, "send_date")
    if sent < letter_date:
        raise ValueError(
            f"The send date ({long_date(sent)}) is before the letter date "
            f"({long_date(letter_date)}): a notice cannot be sent before the date it carries."
        )
    return _regulations_period(regime, calendar, sent)


def _act_period(
    regime: Regime, calendar: WorkingDayCalendar, letter_date: date, notice_date: date | None
) -> StandstillPeriod:
    notice = letter_date if notice_date is None else notice_date
    _require_date(notice, "notice_date")
    if notice < letter_date:
        raise ValueError(
            f"The contract award notice date ({long_date(notice)}) is before the letter "
            f"date ({long_date(letter_date)}): the assessment summaries must be sent "
            "before the contract award notice is published."
        )
    first = calendar.next_working_day(notice)
    day = first
    for _ in range(ACT_WORKING_DAYS - 1):
        day = calendar.next_working_day(day + timedelta(days=1))
    basis = (
        f"{ACT_WORKING_DAYS} working days beginning with the day the contract award notice "
        f"is published, {long_date(notice)}"
    )
    if first != notice:
        basis += (
            f"; that day is not a working day ({calendar.non_working_reason(notice)}), "
            f"so the count starts on {long_date(first)}"
        )
    basis += (
        "; working days exclude Saturdays, Sundays, Christmas Day, Good Friday and bank "
        f"holidays in any part of the United Kingdom ({Regime.PROCUREMENT_ACT_2023.law}, "
        "section 51)"
    )
    return StandstillPeriod(
        regime=regime,
        starts_from=notice,
        last_day=day,
        calendar=calendar,
        basis=basis,
        working_days=ACT_WORKING_DAYS,
    )


_STANDSTILL_PROVISIONS = {
    Regime.PCR_2015: "regulation 87",
    Regime.SCOTLAND_2015: "regulation 86",
}


def _regulations_period(
    regime: Regime, calendar: WorkingDayCalendar, letter_date: date
) -> StandstillPeriod:
    tenth = letter_date + timedelta(days=REGULATIONS_CALENDAR_DAYS)
    last = calendar.next_working_day(tenth)
    basis = (
        f"{REGULATIONS_CALENDAR_DAYS} calendar days after the day the notices are sent "
        f"electronically, {long_date(letter_date)}"
    )
    if last != tenth:
        basis += (
            f"; the tenth day, {long_date(tenth)}, is not a working day in {calendar.name} "
            f"({calendar.non_working_reason(tenth)}), so the period ends on the next "
            "working day"
        )
    else:
        basis += (
            "; the period ends on the next working day when the tenth day is not a working "
            f"day in {calendar.name}"
        )
    basis += f" ({regime.law}, {_STANDSTILL_PROVISIONS[regime]})"
    return StandstillPeriod(
        regime=regime,
        starts_from=letter_date,
        last_day=last,
        calendar=calendar,
        basis=basis,
        calendar_days=REGULATIONS_CALENDAR_DAYS,
        tenth_day=tenth,
    )


def _and_list(items: list[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


def _require_date(value: date, what: str) -> None:
    # A datetime is a date too, but its time and zone have no place in a count of days.
    if isinstance(value, datetime) or not isinstance(value, date):
        raise TypeError(f"{what} must be a date, not {type(value).__name__}")


def _uk_time_zone() -> ZoneInfo:
    # Looked up when first needed, so that a machine without time zone data (Windows
    # without the ``tzdata`` package) fails here with a clear error, not on import.
    return ZoneInfo(UK_TIME_ZONE)
