"""evaluator workspace: passphrases and working drafts

A panel member may keep a passphrase (as a scrypt hash, with the count of wrong tries
that pauses further tries), and an evaluator's working drafts of their scores, with
private notes, are kept apart from the submitted scores. Neither is part of the audit
trail's state: drafts are recorded when submitted.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-10
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "passphrase",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("hash", sa.Text(), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("paused_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("set_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["panel_member.id"],
            name=op.f("fk_passphrase_member_id_panel_member"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_passphrase")),
        sa.UniqueConstraint("member_id", name=op.f("uq_passphrase_member_id")),
    )
    op.create_table(
        "score_draft",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("response_id", sa.Integer(), nullable=False),
        sa.Column("score", sa.Integer(), nullable=True),
        sa.Column("justification", sa.Text(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["panel_member.id"],
            name=op.f("fk_score_draft_member_id_panel_member"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["response_id"],
            ["response.id"],
            name=op.f("fk_score_draft_response_id_response"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_score_draft")),
        sa.UniqueConstraint("member_id", "response_id", name=op.f("uq_score_draft_member_id")),
    )
    with op.batch_alter_table("score_draft", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_score_draft_response_id"), ["response_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("score_draft", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_score_draft_response_id"))
    op.drop_table("score_draft")
    op.drop_table("passphrase")
