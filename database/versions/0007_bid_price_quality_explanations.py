"""bid price and quality explanations: why a bid earned its price and quality points

Pack format version 2 gives, beside each bid's price and quality points, an explanation
of them by reference to the tender, which the award letters quote (regulation 31 of the
Procurement Regulations 2024 asks for one on every award criterion). Bids imported
before have none: blank.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


# Plain ALTER TABLE, not a batch copy: copying and dropping ``bid`` with foreign keys on
# would delete the responses that cascade from it.
def upgrade() -> None:
    for name in ("price_explanation", "quality_explanation"):
        op.add_column("bid", sa.Column(name, sa.Text(), nullable=False, server_default=""))


def downgrade() -> None:
    for name in ("price_explanation", "quality_explanation"):
        op.drop_column("bid", name)
