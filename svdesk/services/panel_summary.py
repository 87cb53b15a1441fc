"""The panel and where each lot's moderation stands, read together for the tender summary
and the Panel dialog. Read in plain SQL (``store.panel_store``), so that the summary shows
them when a tender is opened without waiting for SQLAlchemy."""

from __future__ import annotations

from svdesk.services.refusals import Refused
from svdesk.store.database import Database
from svdesk.store.panel_store import read_panel
from svdesk.store.records.panel import LotStage as LotStage
from svdesk.store.records.panel import TenderPanel as TenderPanel


def tender_panel(db: Database, reference: str) -> TenderPanel:
    """The panel, and where each lot's moderation stands, read together; refused for a
    tender not in the database."""
    with db.plain_reading() as connection:
        panel = read_panel(connection, reference)
    if panel is None:
        raise Refused([f"there is no tender with the reference {reference} in the database"])
    return panel
