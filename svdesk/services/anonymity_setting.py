"""The tender's anonymity choices for the moderation meeting.

A panel that presents its moderation on a shared screen may not want bidders' names on
the wall (a room may hold people who should not learn who bid), and a consensus workbook
that leaves the building may be kept free of evaluators' names. Both are the tender's
choices, given in the pack or changed in the window or with ``svdesk moderation
anonymity``; every change is recorded in the audit trail with who made it.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from svdesk.services.refusals import Refused
from svdesk.services.tenders import TenderNotFound
from svdesk.store import audit
from svdesk.store.database import Database
from svdesk.store.models import TenderRow

# What the audit trail calls each choice (as the pack's fields name them).
TRAIL_ENTITY = "anonymity choice"
HIDE_BIDDERS_KEY = "hide bidders on shared screen"
ANONYMOUS_EVALUATORS_KEY = "anonymous evaluators in consensus workbook"


@dataclass(frozen=True, slots=True)
class AnonymityChoices:
    hide_bidders_on_screen: bool = False  # Bidder 1, 2, 3 on the shared screen
    anonymous_evaluators: bool = False  # Evaluator A, B, C in the consensus workbook


def anonymity_choices(db: Database, reference: str) -> AnonymityChoices:
    with db.reading() as session:
        row = _tender_row(session, reference)
        return AnonymityChoices(bool(row.hide_bidders_on_screen), bool(row.anonymous_evaluators))


def set_anonymity(
    db: Database,
    reference: str,
    *,
    hide_bidders_on_screen: bool | None = None,
    anonymous_evaluators: bool | None = None,
    actor: str | None = None,
) -> AnonymityChoices:
    """Keep the choices given (None leaves one as it is), in one transaction, with a trail
    entry for each that changed; returns the choices now kept."""
    with db.transaction() as session:
        row = _tender_row(session, reference)
        who = " ".join(actor.split()) if actor and actor.strip() else audit.current_user()
        for key, field, wanted in (
            (HIDE_BIDDERS_KEY, "hide_bidders_on_screen", hide_bidders_on_screen),
            (ANONYMOUS_EVALUATORS_KEY, "anonymous_evaluators", anonymous_evaluators),
        ):
            old = bool(getattr(row, field))
            if wanted is None or wanted == old:
                continue
            setattr(row, field, wanted)
            audit.record(
                session, row.reference, who, "set", TRAIL_ENTITY, key, _yes(old), _yes(wanted)
            )
        return AnonymityChoices(bool(row.hide_bidders_on_screen), bool(row.anonymous_evaluators))


def _yes(value: bool) -> str:
    return "yes" if value else "no"


def _tender_row(session: Session, reference: str) -> TenderRow:
    row = session.execute(
        select(TenderRow).where(TenderRow.reference == reference)
    ).scalar_one_or_none()
    if row is None:
        raise Refused([str(TenderNotFound(reference))])
    return row
