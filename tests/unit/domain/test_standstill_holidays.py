"""Whose bank holidays count: Northern Ireland's calendar, the UK-wide setting, send dates.

Hand counts in the comments; NI bank holidays as published by nidirect for 2027 (St
Patrick's Day Wednesday 17 March, Battle of the Boyne Monday 12 July).
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from svdesk.domain.model import Holidays, Regime, Tender
from svdesk.domain.standstill import holiday_choices, standstill, working_day_calendar

PCR = Regime.PCR_2015
SCOT = Regime.SCOTLAND_2015
ACT = Regime.PROCUREMENT_ACT_2023
NI = Holidays.NORTHERN_IRELAND
UK = Holidays.UNITED_KINGDOM
EW = Holidays.ENGLAND_AND_WALES


def d(text: str) -> date:
    return date.fromisoformat(text)


@pytest.mark.parametrize(
    ("letter", "england_and_wales", "northern_ireland"),
    [
        # Sun 7 Mar + 10 = Wed 17 Mar: a working day in England and Wales, St Patrick's
        # Day in Northern Ireland, so the NI period runs to Thu 18 Mar.
        pytest.param("2027-03-07", "2027-03-17", "2027-03-18", id="st-patricks-day"),
        # Wed 30 Jun + 10 = Sat 10 Jul; Sun 11; Mon 12 Jul is the Boyne holiday in NI.
        pytest.param("2027-06-30", "2027-07-12", "2027-07-13", id="boyne-from-30-june"),
        # Thu 1 Jul + 10 = Sun 11 Jul; Mon 12 Jul the Boyne holiday in NI.
        pytest.param("2027-07-01", "2027-07-12", "2027-07-13", id="boyne-from-1-july"),
        # Fri 2 Jul + 10 = Mon 12 Jul itself.
        pytest.param("2027-07-02", "2027-07-12", "2027-07-13", id="boyne-from-2-july"),
        # Thu 2 Jul 2026 + 10 = Sun 12 Jul; Mon 13 Jul 2026 is the Boyne's substitute day.
        pytest.param("2026-07-02", "2026-07-13", "2026-07-14", id="boyne-substitute-2026"),
    ],
)
def test_northern_ireland_calendar(
    letter: str, england_and_wales: str, northern_ireland: str
) -> None:
    assert standstill(PCR, d(letter)).last_day == d(england_and_wales)
    assert standstill(PCR, d(letter), holidays=EW).last_day == d(england_and_wales)
    period = standstill(PCR, d(letter), holidays=NI)
    assert period.last_day == d(northern_ireland)
    assert period.calendar.name == "Northern Ireland"
    assert "Northern Ireland" in period.basis
    # The cautious UK-wide setting counts Northern Ireland's holidays too.
    assert standstill(PCR, d(letter), holidays=UK).last_day == d(northern_ireland)


def test_northern_ireland_reasons() -> None:
    ni = working_day_calendar(PCR, NI)
    assert ni.non_working_reason(d("2027-03-17")) == "Saint Patrick's Day"
    assert ni.non_working_reason(d("2027-07-12")) == "Battle of the Boyne"
    assert ni.non_working_reason(d("2026-07-13")) == "Battle of the Boyne (observed)"
    assert ni.is_working_day(d("2027-08-02"))  # Scotland's summer holiday, not NI's


def test_united_kingdom_setting_under_scotland() -> None:
    # Fri 20 Aug 2027 + 10 = Mon 30 Aug: a working day in Scotland, the late summer bank
    # holiday in England, Wales and Northern Ireland.
    assert standstill(SCOT, d("2027-08-20")).last_day == d("2027-08-30")
    uk = standstill(SCOT, d("2027-08-20"), holidays=UK)
    assert uk.last_day == d("2027-08-31")
    assert "United Kingdom" in uk.basis


@pytest.mark.parametrize(
    ("regime", "nation"), [(PCR, EW), (PCR, NI), (SCOT, Holidays.SCOTLAND)], ids=str
)
def test_united_kingdom_setting_never_ends_sooner(regime: Regime, nation: Holidays) -> None:
    differ = 0
    day = d("2026-11-01")
    while day <= d("2028-01-31"):
        own = standstill(regime, day, holidays=nation).last_day
        cautious = standstill(regime, day, holidays=UK).last_day
        assert cautious >= own
        differ += cautious != own
        day += timedelta(days=1)
    assert differ > 0  # the setting matters: it is the user's to make


def test_choices_per_regime_and_refusals() -> None:
    assert holiday_choices(PCR) == (EW, NI, UK)
    assert holiday_choices(SCOT) == (Holidays.SCOTLAND, UK)
    assert holiday_choices(ACT) == (UK,)
    with pytest.raises(ValueError, match="Scotland or the United Kingdom"):
        standstill(SCOT, d("2027-03-07"), holidays=NI)
    with pytest.raises(ValueError, match="Procurement Act 2023"):
        standstill(ACT, d("2027-03-07"), holidays=EW)
    with pytest.raises(ValueError, match="holiday setting"):
        working_day_calendar(PCR, "wales")  # type: ignore[arg-type]


def test_tender_default_is_the_regimes_nation() -> None:
    tender = Tender("T", "t", "A", social_value_weighting=Decimal(10))
    assert tender.standstill_holidays is UK
    pcr = Tender("T", "t", "A", social_value_weighting=tender.social_value_weighting, regime=PCR)
    assert pcr.standstill_holidays is EW
    assert (
        Tender(
            "T",
            "t",
            "A",
            social_value_weighting=tender.social_value_weighting,
            regime=PCR,
            holidays=NI,
        ).standstill_holidays
        is NI
    )


def test_send_date_moves_the_regulations_period() -> None:
    # Letters dated Fri 5 Mar 2027, sent Sun 7 Mar: counted from the send date (NI).
    period = standstill(PCR, d("2027-03-05"), holidays=NI, send_date=d("2027-03-07"))
    assert period.starts_from == d("2027-03-07")
    assert period.last_day == d("2027-03-18")
    with pytest.raises(ValueError, match="before the letter date"):
        standstill(PCR, d("2027-03-05"), send_date=d("2027-03-04"))
    # The Act counts from the notice; a send date does not move it.
    assert standstill(ACT, d("2027-03-05"), send_date=d("2027-03-08")) == standstill(
        ACT, d("2027-03-05")
    )
