"""tender anonymity choices for the moderation meeting

A tender may choose to show its bidders as Bidder 1, 2, 3 on the shared screen of the
moderation meeting, and to name its evaluators as Evaluator A, B, C in the consensus
workbook. Both are kept on the tender, off (0) unless chosen.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


# Plain ALTER TABLE, not a batch copy of the table: copying and dropping ``tender`` with
# foreign keys on would delete every row that cascades from it.
def upgrade() -> None:
    for name in ("hide_bidders_on_screen", "anonymous_evaluators"):
        op.add_column("tender", sa.Column(name, sa.Boolean(), nullable=False, server_default="0"))


def downgrade() -> None:
    for name in ("anonymous_evaluators", "hide_bidders_on_screen"):
        op.drop_column("tender", name)
