"""The tender's holiday setting: whose bank holidays the standstill period counts.

Under the 2015 regulations the working days are those of the authority's nation or,
cautiously, of the whole United Kingdom (letters.md, scoring.md); the choice changes the
stated end of standstill on some twenty letter dates a year, so it is the user's, kept on
the tender and recorded in the audit trail with who made it.
"""

from __future__ import annotations

from sqlalchemy import select

from svdesk.domain.model import HOLIDAY_CHOICES, Holidays, Regime, Tender
from svdesk.services.refusals import Refused
from svdesk.services.tenders import TenderNotFound
from svdesk.store import audit
from svdesk.store.database import Database
from svdesk.store.models import TenderRow


def holiday_wording(holidays: Holidays) -> str:
    """The setting as the letters, ``check`` and the window show it."""
    if holidays is Holidays.UNITED_KINGDOM:
        return "working days in every part of the United Kingdom"
    return f"working days in {holidays.place}"


def holiday_line(tender: Tender) -> str:
    """The setting of ``tender`` as ``check`` prints it."""
    chosen = tender.standstill_holidays
    how = "the tender's setting" if tender.holidays else f"the {tender.regime.law} default"
    return (
        f"Standstill period: counted in {holiday_wording(chosen)} ({how}; "
        "svdesk letters --holidays changes it)"
    )


def parse_holidays(text: str, regime: Regime) -> Holidays:
    """``northern-ireland`` (or ``Northern Ireland``) as a setting ``regime`` allows."""
    key = "-".join(text.strip().lower().split())
    key = {"uk": "united-kingdom", "the-united-kingdom": "united-kingdom"}.get(key, key)
    choices = HOLIDAY_CHOICES[regime]
    for choice in choices:
        if key == choice.value:
            return choice
    allowed = ", ".join(c.value for c in choices)
    raise Refused(
        [
            f"the holiday setting '{text.strip()}' is not one the {regime.law} allows: "
            f"choose {allowed}"
        ]
    )


def set_holidays(
    db: Database, reference: str, holidays: Holidays, *, actor: str | None = None
) -> bool:
    """Keep ``holidays`` as the tender's setting; returns whether it changed.

    Refused, changing nothing, when the tender's regime does not allow it.
    """
    with db.transaction() as session:
        row = session.execute(
            select(TenderRow).where(TenderRow.reference == reference)
        ).scalar_one_or_none()
        if row is None:
            raise Refused([str(TenderNotFound(reference))])
        regime = Regime(row.regime)
        if holidays not in HOLIDAY_CHOICES[regime]:
            allowed = ", ".join(c.value for c in HOLIDAY_CHOICES[regime])
            raise Refused(
                [
                    f"{reference} follows the {regime.law}, under which the standstill "
                    f"period cannot count {holidays.place}'s holidays alone: choose {allowed}"
                ]
            )
        default = HOLIDAY_CHOICES[regime][0]
        old = row.holidays or f"{default.value} (the regime's default)"
        if row.holidays == holidays.value:
            return False
        row.holidays = holidays.value
        who = " ".join(actor.split()) if actor and actor.strip() else audit.current_user()
        audit.record(
            session,
            row.reference,
            who,
            "set",
            "holiday setting",
            row.reference,
            old,
            holidays.value,
        )
    return True
