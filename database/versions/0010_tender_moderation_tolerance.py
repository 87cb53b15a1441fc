"""tender moderation tolerance

How many steps of the scale the evaluators' scores of a response may lie apart before the
moderation meeting discusses it first. Kept on the tender; one step unless the pack or a
later change says otherwise.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


# Plain ALTER TABLE, as 0009: a batch copy of ``tender`` would cascade its deletion.
def upgrade() -> None:
    op.add_column(
        "tender",
        sa.Column("moderation_tolerance", sa.Integer(), nullable=False, server_default="1"),
    )


def downgrade() -> None:
    op.drop_column("tender", "moderation_tolerance")
