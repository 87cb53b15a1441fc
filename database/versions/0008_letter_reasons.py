"""letter reasons: the text of each consensus that goes to suppliers, and its review

The letters quote a letter reason, not the moderation's rationale: seeded from the
rationale, then reviewed for what it discloses of the tender it assesses. ``rationale`` is
the rationale it was seeded from (a changed consensus seeds it afresh); ``approved`` the
sentences an officer has approved as they stand (a JSON list). Consensuses agreed before
are seeded from their rationale, with nothing approved.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "letter_reason",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("response_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("rationale", sa.Text(), nullable=False),
        sa.Column("approved", sa.Text(), nullable=False),
        sa.Column("updated_by", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["response_id"],
            ["response.id"],
            name=op.f("fk_letter_reason_response_id_response"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_letter_reason")),
        sa.UniqueConstraint("response_id", name=op.f("uq_letter_reason_response_id")),
    )
    op.execute(
        "INSERT INTO letter_reason "
        "(response_id, text, rationale, approved, updated_by, updated_at) "
        "SELECT response_id, rationale, rationale, '[]', recorded_by, recorded_at FROM consensus"
    )


def downgrade() -> None:
    op.drop_table("letter_reason")
