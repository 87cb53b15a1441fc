"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table(
        "tender",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("reference", sa.String(length=200), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("authority", sa.Text(), nullable=False),
        sa.Column("authority_address", sa.Text(), nullable=False),
        sa.Column("regime", sa.String(length=40), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("estimated_value", sa.String(length=40), nullable=True),
        sa.Column("price_weighting", sa.String(length=40), nullable=False),
        sa.Column("quality_weighting", sa.String(length=40), nullable=False),
        sa.Column("social_value_weighting", sa.String(length=40), nullable=False),
        sa.Column("scoring_method", sa.String(length=20), nullable=False),
        sa.Column("tie_break", sa.String(length=20), nullable=False),
        sa.Column("contact_name", sa.Text(), nullable=False),
        sa.Column("contact_email", sa.Text(), nullable=False),
        sa.Column("signatory", sa.Text(), nullable=False),
        sa.Column("tender_documents", sa.Text(), nullable=False),
        sa.Column("source_name", sa.Text(), nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tender")),
        sa.UniqueConstraint("reference", name=op.f("uq_tender_reference")),
    )
    op.create_table(
        "attachment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("tender_id", sa.Integer(), nullable=False),
        sa.Column("path", sa.Text(), nullable=False),
        sa.Column("media_type", sa.String(length=200), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["tender_id"],
            ["tender.id"],
            name=op.f("fk_attachment_tender_id_tender"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attachment")),
    )
    with op.batch_alter_table("attachment", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_attachment_tender_id"), ["tender_id"], unique=False)

    op.create_table(
        "bidder",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("tender_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=100), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("identifier", sa.Text(), nullable=False),
        sa.Column("address", sa.Text(), nullable=False),
        sa.Column("contact", sa.Text(), nullable=False),
        sa.Column("email", sa.Text(), nullable=False),
        sa.Column("sme", sa.Boolean(), nullable=False),
        sa.Column("vcse", sa.Boolean(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["tender_id"],
            ["tender.id"],
            name=op.f("fk_bidder_tender_id_tender"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bidder")),
        sa.UniqueConstraint("tender_id", "key", name=op.f("uq_bidder_tender_id")),
    )
    with op.batch_alter_table("bidder", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_bidder_tender_id"), ["tender_id"], unique=False)

    op.create_table(
        "lot",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("tender_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=100), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["tender_id"], ["tender.id"], name=op.f("fk_lot_tender_id_tender"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lot")),
        sa.UniqueConstraint("tender_id", "key", name=op.f("uq_lot_tender_id")),
    )
    with op.batch_alter_table("lot", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_lot_tender_id"), ["tender_id"], unique=False)

    op.create_table(
        "scale_level",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("tender_id", sa.Integer(), nullable=False),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.Column("label", sa.Text(), nullable=False),
        sa.Column("descriptor", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["tender_id"],
            ["tender.id"],
            name=op.f("fk_scale_level_tender_id_tender"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_scale_level")),
        sa.UniqueConstraint("tender_id", "score", name=op.f("uq_scale_level_tender_id")),
    )
    with op.batch_alter_table("scale_level", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_scale_level_tender_id"), ["tender_id"], unique=False)

    op.create_table(
        "bid",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("lot_id", sa.Integer(), nullable=False),
        sa.Column("bidder_id", sa.Integer(), nullable=False),
        sa.Column("price_score", sa.String(length=40), nullable=True),
        sa.Column("quality_score", sa.String(length=40), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("excluded_reason", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["bidder_id"], ["bidder.id"], name=op.f("fk_bid_bidder_id_bidder"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["lot_id"], ["lot.id"], name=op.f("fk_bid_lot_id_lot"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bid")),
        sa.UniqueConstraint("lot_id", "bidder_id", name=op.f("uq_bid_lot_id")),
    )
    with op.batch_alter_table("bid", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_bid_bidder_id"), ["bidder_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_bid_lot_id"), ["lot_id"], unique=False)

    op.create_table(
        "criterion",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("lot_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=100), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("question", sa.Text(), nullable=False),
        sa.Column("guidance", sa.Text(), nullable=False),
        sa.Column("sub_criteria", sa.Text(), nullable=False),
        sa.Column("weight", sa.String(length=40), nullable=False),
        sa.Column("word_limit", sa.Integer(), nullable=True),
        sa.Column("minimum_score", sa.Integer(), nullable=True),
        sa.Column("model_criterion", sa.String(length=100), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["lot_id"], ["lot.id"], name=op.f("fk_criterion_lot_id_lot"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_criterion")),
        sa.UniqueConstraint("lot_id", "code", name=op.f("uq_criterion_lot_id")),
    )
    with op.batch_alter_table("criterion", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_criterion_lot_id"), ["lot_id"], unique=False)

    op.create_table(
        "response",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("bid_id", sa.Integer(), nullable=False),
        sa.Column("criterion_id", sa.Integer(), nullable=False),
        sa.Column("answer", sa.Text(), nullable=False),
        sa.Column("attachment_id", sa.Integer(), nullable=True),
        sa.Column("missing", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["attachment_id"],
            ["attachment.id"],
            name=op.f("fk_response_attachment_id_attachment"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["bid_id"], ["bid.id"], name=op.f("fk_response_bid_id_bid"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["criterion_id"],
            ["criterion.id"],
            name=op.f("fk_response_criterion_id_criterion"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_response")),
        sa.UniqueConstraint("bid_id", "criterion_id", name=op.f("uq_response_bid_id")),
    )
    with op.batch_alter_table("response", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_response_attachment_id"), ["attachment_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_response_bid_id"), ["bid_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_response_criterion_id"), ["criterion_id"], unique=False
        )


def downgrade() -> None:

    with op.batch_alter_table("response", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_response_criterion_id"))
        batch_op.drop_index(batch_op.f("ix_response_bid_id"))
        batch_op.drop_index(batch_op.f("ix_response_attachment_id"))

    op.drop_table("response")
    with op.batch_alter_table("criterion", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_criterion_lot_id"))

    op.drop_table("criterion")
    with op.batch_alter_table("bid", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_bid_lot_id"))
        batch_op.drop_index(batch_op.f("ix_bid_bidder_id"))

    op.drop_table("bid")
    with op.batch_alter_table("scale_level", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_scale_level_tender_id"))

    op.drop_table("scale_level")
    with op.batch_alter_table("lot", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_lot_tender_id"))

    op.drop_table("lot")
    with op.batch_alter_table("bidder", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_bidder_tender_id"))

    op.drop_table("bidder")
    with op.batch_alter_table("attachment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_attachment_tender_id"))

    op.drop_table("attachment")
    op.drop_table("tender")
