"""tender holiday setting: whose bank holidays the standstill period counts

Under the 2015 regulations a tender's standstill period is counted in the working days of
the authority's nation (England and Wales, Northern Ireland or Scotland) or, cautiously,
of the whole United Kingdom. The choice is kept on the tender; an empty value is the
regime's default (the nation's own: England and Wales under PCR 2015, Scotland under the
Scottish regulations, the whole United Kingdom under the Procurement Act 2023).

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


# Plain ALTER TABLE, not a batch copy of the table: copying and dropping ``tender`` with
# foreign keys on would delete every row that cascades from it.
def upgrade() -> None:
    op.add_column("tender", sa.Column("holidays", sa.String(40), nullable=False, server_default=""))


def downgrade() -> None:
    op.drop_column("tender", "holidays")
