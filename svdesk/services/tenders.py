"""Reading tenders for display: the list of tenders and everything one tender holds."""

from __future__ import annotations

from typing import TYPE_CHECKING

from svdesk.services.refusals import Refused
from svdesk.store.database import Database
from svdesk.store.overview_store import TenderListItem as TenderListItem
from svdesk.store.overview_store import attachment_file as stored_attachment
from svdesk.store.overview_store import read_overview, session_connection, tender_list

# The read models it fills, below the services since the documents take them (also
# offered here, where they were first written).
from svdesk.store.records.tender import (
    AttachmentInfo as AttachmentInfo,
)
from svdesk.store.records.tender import (
    ResponseView as ResponseView,
)
from svdesk.store.records.tender import (
    TenderOverview as TenderOverview,
)

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

# This module reads in plain SQL (``Database.plain_reading``) and imports no SQLAlchemy:
# the window shows the tender list and the tender through it before SQLAlchemy is loaded.


class TenderNotFound(LookupError):
    def __init__(self, reference: str) -> None:
        super().__init__(f"there is no tender with the reference {reference} in the database")
        self.reference = reference


def list_tenders(db: Database) -> list[TenderListItem]:
    """Every tender in the database, the most recently imported first."""
    with db.plain_reading() as connection:
        return tender_list(connection)


def tender_overview(db: Database, reference: str) -> TenderOverview:
    """Everything one tender holds, as plain values (attachment files stay in the database)."""
    with db.plain_reading() as connection:
        return _found(read_overview(connection, reference), reference)


def overview_of(session: Session, reference: str) -> TenderOverview:
    """``tender_overview`` read inside the caller's session."""
    return _found(read_overview(session_connection(session), reference), reference)


def found_overview(session: Session, reference: str) -> TenderOverview:
    """``overview_of``, refused in the user's words for a tender not in the database (what
    the records of the workbook, the report and the letters start from)."""
    try:
        return overview_of(session, reference)
    except TenderNotFound as missing:
        raise Refused([str(missing)]) from None


def attachment_file(db: Database, attachment_id: int) -> tuple[str, bytes]:
    """An attached file as the bidder sent it: its path in the pack and its bytes."""
    with db.plain_reading() as connection:
        found = stored_attachment(connection, attachment_id)
    if found is None:
        raise LookupError(f"attachment {attachment_id} is not in the database")
    return found


def _found(overview: TenderOverview | None, reference: str) -> TenderOverview:
    if overview is None:
        raise TenderNotFound(reference)
    return overview
