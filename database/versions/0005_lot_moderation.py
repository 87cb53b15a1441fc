"""lot moderation: opening and sign-off per lot, and the moderator's consensus drafts

Moderation opens lot by lot; a lot's sign-off locks its consensus. The moderator's
consensus is saved as typed, with a version that tells a second moderator that someone
else saved first. Tenders whose moderation had opened have every lot opened.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "lot_moderation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("lot_id", sa.Integer(), nullable=False),
        sa.Column("opened_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("opened_by", sa.Text(), nullable=False),
        sa.Column("without_reason", sa.Text(), nullable=False),
        sa.Column("signed_off_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("signed_off_by", sa.Text(), nullable=False),
        sa.Column("present", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["lot_id"],
            ["lot.id"],
            name=op.f("fk_lot_moderation_lot_id_lot"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lot_moderation")),
        sa.UniqueConstraint("lot_id", name=op.f("uq_lot_moderation_lot_id")),
    )
    op.create_table(
        "consensus_draft",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("response_id", sa.Integer(), nullable=False),
        sa.Column("score", sa.Integer(), nullable=True),
        sa.Column("rationale", sa.Text(), nullable=False),
        sa.Column("sub_rationales", sa.Text(), nullable=False),
        sa.Column("reconciliation", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("confirmed", sa.Boolean(), nullable=False),
        sa.Column("updated_by", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["response_id"],
            ["response.id"],
            name=op.f("fk_consensus_draft_response_id_response"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_consensus_draft")),
        sa.UniqueConstraint("response_id", name=op.f("uq_consensus_draft_response_id")),
    )
    # A tender whose moderation had opened opened it for every lot at once.
    op.execute(
        "INSERT INTO lot_moderation "
        "(lot_id, opened_at, opened_by, without_reason, signed_off_at, signed_off_by, present) "
        "SELECT lot.id, moderation.opened_at, moderation.opened_by, '', NULL, '', '' "
        "FROM lot JOIN moderation ON moderation.tender_id = lot.tender_id"
    )


def downgrade() -> None:
    op.drop_table("consensus_draft")
    op.drop_table("lot_moderation")
