"""letter texts of the price and quality explanations, reviewed like the letter reasons

The letter reason table holds every text a letter quotes that is reviewed for
confidentiality: a consensus's (keyed by its response, as before) and a bid's price or
quality explanation (keyed by the bid and ``part``, "price" or "quality"). ``rationale``
is the text it was seeded from, the consensus rationale or the pack's explanation. No
explanation has been reviewed before: nothing is seeded, since an explanation without a
kept text is quoted as the pack gives it until an officer decides on it.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


# A batch copy is safe here: no table refers to ``letter_reason``, so nothing cascades
# from dropping the old copy.
def upgrade() -> None:
    with op.batch_alter_table("letter_reason", recreate="always") as batch:
        batch.alter_column("response_id", existing_type=sa.Integer(), nullable=True)
        batch.add_column(sa.Column("bid_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("part", sa.String(length=20), nullable=False, server_default=""))
        batch.create_foreign_key(
            batch.f("fk_letter_reason_bid_id_bid"), "bid", ["bid_id"], ["id"], ondelete="CASCADE"
        )
        batch.create_unique_constraint(batch.f("uq_letter_reason_bid_id"), ["bid_id", "part"])
        batch.create_check_constraint("one_owner", "(response_id IS NULL) <> (bid_id IS NULL)")


def downgrade() -> None:
    op.execute("DELETE FROM letter_reason WHERE bid_id IS NOT NULL")
    with op.batch_alter_table("letter_reason", recreate="always") as batch:
        batch.drop_constraint(batch.f("ck_letter_reason_one_owner"), type_="check")
        batch.drop_constraint(batch.f("uq_letter_reason_bid_id"), type_="unique")
        batch.drop_constraint(batch.f("fk_letter_reason_bid_id_bid"), type_="foreignkey")
        batch.drop_column("part")
        batch.drop_column("bid_id")
        batch.alter_column("response_id", existing_type=sa.Integer(), nullable=False)
