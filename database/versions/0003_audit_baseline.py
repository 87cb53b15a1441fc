"""audit baseline: the trail records every item that can change an award

From this schema on, the audit trail records the tender as received (weightings, scale,
lots, criteria, bidders, bids, answers and attachments by content hash), and
``svdesk audit --verify`` compares each with the database. Tenders imported before have
no such entries; this records their items as they stand at the upgrade, under the actor
"svdesk (upgrade to schema 0003)", so that the check covers them from now on. No table
changes.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-03
"""

from __future__ import annotations

from alembic import op
from sqlalchemy import text
from sqlalchemy.orm import Session

from svdesk.store import audit
from svdesk.store.decision_state import TENDER_ENTITIES, current_state

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

ACTOR = "svdesk (upgrade to schema 0003)"


def upgrade() -> None:
    connection = op.get_bind()
    # A session on the migration's own connection: its reads and the entries it writes
    # are part of the upgrade's transaction.
    session = Session(bind=connection)
    for tender_id, reference in connection.execute(
        text("SELECT id, reference FROM tender ORDER BY id")
    ).all():
        state = current_state(session, tender_id, frozenset(TENDER_ENTITIES))
        audit.record_all(
            session,
            reference,
            ACTOR,
            "received",
            ((entity, key, value) for (entity, key), value in state.items()),
        )
    audit.write_pending(session)


def downgrade() -> None:
    # The entries stay: the trail is append-only, and they describe the tender truly.
    pass
