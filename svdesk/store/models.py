"""The database tables, as SQLAlchemy 2.x typed ORM classes.

The schema itself is owned by the Alembic migrations in ``database/``; these classes
must match them (a test compares the two).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Dialect,
    ForeignKey,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

# Named constraints so that migrations can refer to them on every database.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class DecimalText(TypeDecorator[Decimal]):
    """A ``Decimal`` stored as its exact text.

    SQLite has no decimal type and would round weights and scores through binary
    floating point; text keeps ``12.35`` as ``12.35``.
    """

    impl = String(40)
    cache_ok = True

    def process_bind_param(self, value: Decimal | None, dialect: Dialect) -> str | None:
        return None if value is None else format(value, "f")

    def process_result_value(self, value: str | None, dialect: Dialect) -> Decimal | None:
        return None if value is None else Decimal(value)


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class TenderRow(Base):
    __tablename__ = "tender"
    # Server defaults (the holiday setting's) are read when first used, not with every
    # insert: saving a tender then writes and reads only the columns it sets.
    __mapper_args__ = {"eager_defaults": False}  # noqa: RUF012 (SQLAlchemy reads it as is)

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(200), unique=True)
    title: Mapped[str] = mapped_column(Text)
    authority: Mapped[str] = mapped_column(Text)
    authority_address: Mapped[str] = mapped_column(Text, default="")
    regime: Mapped[str] = mapped_column(String(40))
    currency: Mapped[str] = mapped_column(String(3), default="GBP")
    estimated_value: Mapped[Decimal | None] = mapped_column(DecimalText, nullable=True)
    price_weighting: Mapped[Decimal] = mapped_column(DecimalText)
    quality_weighting: Mapped[Decimal] = mapped_column(DecimalText)
    social_value_weighting: Mapped[Decimal] = mapped_column(DecimalText)
    scoring_method: Mapped[str] = mapped_column(String(20))
    tie_break: Mapped[str] = mapped_column(String(20))
    contact_name: Mapped[str] = mapped_column(Text, default="")
    contact_email: Mapped[str] = mapped_column(Text, default="")
    signatory: Mapped[str] = mapped_column(Text, default="")
    tender_documents: Mapped[str] = mapped_column(Text, default="")
    # Whose bank holidays the standstill period counts; "" is the regime's default.
    # (No Python-side default: an insert leaves the column out unless a setting is given.)
    holidays: Mapped[str] = mapped_column(String(40), server_default="")
    # The anonymity choices of the moderation meeting (shared screen, consensus workbook).
    hide_bidders_on_screen: Mapped[bool] = mapped_column(Boolean, server_default="0")
    anonymous_evaluators: Mapped[bool] = mapped_column(Boolean, server_default="0")
    # Steps of the scale the evaluators' scores may lie apart before they are discussed first.
    moderation_tolerance: Mapped[int] = mapped_column(Integer, server_default="1")
    source_name: Mapped[str] = mapped_column(Text, default="")
    imported_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utc_now)

    lots: Mapped[list[LotRow]] = relationship(
        back_populates="tender", cascade="all, delete-orphan", order_by="LotRow.position"
    )
    scale_levels: Mapped[list[ScaleLevelRow]] = relationship(
        back_populates="tender", cascade="all, delete-orphan", order_by="ScaleLevelRow.score"
    )
    bidders: Mapped[list[BidderRow]] = relationship(
        back_populates="tender", cascade="all, delete-orphan", order_by="BidderRow.position"
    )
    attachments: Mapped[list[AttachmentRow]] = relationship(
        back_populates="tender", cascade="all, delete-orphan"
    )


class LotRow(Base):
    __tablename__ = "lot"
    __table_args__ = (UniqueConstraint("tender_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    tender_id: Mapped[int] = mapped_column(ForeignKey("tender.id", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(String(100))
    title: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(Integer)

    tender: Mapped[TenderRow] = relationship(back_populates="lots")
    criteria: Mapped[list[CriterionRow]] = relationship(
        back_populates="lot", cascade="all, delete-orphan", order_by="CriterionRow.position"
    )
    bids: Mapped[list[BidRow]] = relationship(
        back_populates="lot", cascade="all, delete-orphan", order_by="BidRow.id"
    )


class ScaleLevelRow(Base):
    __tablename__ = "scale_level"
    __table_args__ = (UniqueConstraint("tender_id", "score"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    tender_id: Mapped[int] = mapped_column(ForeignKey("tender.id", ondelete="CASCADE"), index=True)
    score: Mapped[int] = mapped_column(Integer)
    label: Mapped[str] = mapped_column(Text)
    descriptor: Mapped[str] = mapped_column(Text)

    tender: Mapped[TenderRow] = relationship(back_populates="scale_levels")


class CriterionRow(Base):
    __tablename__ = "criterion"
    __table_args__ = (UniqueConstraint("lot_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    lot_id: Mapped[int] = mapped_column(ForeignKey("lot.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(100))
    title: Mapped[str] = mapped_column(Text)
    question: Mapped[str] = mapped_column(Text)
    guidance: Mapped[str] = mapped_column(Text, default="")
    # One sub-criterion per line, as in the pack.
    sub_criteria: Mapped[str] = mapped_column(Text, default="")
    weight: Mapped[Decimal] = mapped_column(DecimalText)
    word_limit: Mapped[int | None] = mapped_column(Integer, nullable=True)
    minimum_score: Mapped[int | None] = mapped_column(Integer, nullable=True)
    model_criterion: Mapped[str] = mapped_column(String(100), default="")
    position: Mapped[int] = mapped_column(Integer)

    lot: Mapped[LotRow] = relationship(back_populates="criteria")


class BidderRow(Base):
    __tablename__ = "bidder"
    __table_args__ = (UniqueConstraint("tender_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    tender_id: Mapped[int] = mapped_column(ForeignKey("tender.id", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(String(100))
    name: Mapped[str] = mapped_column(Text)
    identifier: Mapped[str] = mapped_column(Text, default="")
    address: Mapped[str] = mapped_column(Text, default="")
    contact: Mapped[str] = mapped_column(Text, default="")
    email: Mapped[str] = mapped_column(Text, default="")
    sme: Mapped[bool] = mapped_column(Boolean, default=False)
    vcse: Mapped[bool] = mapped_column(Boolean, default=False)
    position: Mapped[int] = mapped_column(Integer)

    tender: Mapped[TenderRow] = relationship(back_populates="bidders")


class BidRow(Base):
    __tablename__ = "bid"
    __table_args__ = (UniqueConstraint("lot_id", "bidder_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    lot_id: Mapped[int] = mapped_column(ForeignKey("lot.id", ondelete="CASCADE"), index=True)
    bidder_id: Mapped[int] = mapped_column(ForeignKey("bidder.id", ondelete="CASCADE"), index=True)
    price_score: Mapped[Decimal | None] = mapped_column(DecimalText, nullable=True)
    quality_score: Mapped[Decimal | None] = mapped_column(DecimalText, nullable=True)
    status: Mapped[str] = mapped_column(String(20), default="compliant")
    excluded_reason: Mapped[str] = mapped_column(Text, default="")
    # The explanations of the price and quality points (pack format version 2).
    price_explanation: Mapped[str] = mapped_column(Text, server_default="")
    quality_explanation: Mapped[str] = mapped_column(Text, server_default="")

    lot: Mapped[LotRow] = relationship(back_populates="bids")
    bidder: Mapped[BidderRow] = relationship()
    responses: Mapped[list[ResponseRow]] = relationship(
        back_populates="bid", cascade="all, delete-orphan", order_by="ResponseRow.id"
    )


class AttachmentRow(Base):
    """An attached file, kept whole in the database so that the file is self-contained."""

    __tablename__ = "attachment"

    id: Mapped[int] = mapped_column(primary_key=True)
    tender_id: Mapped[int] = mapped_column(ForeignKey("tender.id", ondelete="CASCADE"), index=True)
    path: Mapped[str] = mapped_column(Text)
    media_type: Mapped[str] = mapped_column(String(200))
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(Integer)
    data: Mapped[bytes] = mapped_column(LargeBinary)
    text: Mapped[str] = mapped_column(Text, default="")

    tender: Mapped[TenderRow] = relationship(back_populates="attachments")


class ResponseRow(Base):
    __tablename__ = "response"
    __table_args__ = (UniqueConstraint("bid_id", "criterion_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    bid_id: Mapped[int] = mapped_column(ForeignKey("bid.id", ondelete="CASCADE"), index=True)
    criterion_id: Mapped[int] = mapped_column(
        ForeignKey("criterion.id", ondelete="CASCADE"), index=True
    )
    answer: Mapped[str] = mapped_column(Text, default="")
    attachment_id: Mapped[int | None] = mapped_column(
        ForeignKey("attachment.id", ondelete="SET NULL"), nullable=True, index=True
    )
    missing: Mapped[bool] = mapped_column(Boolean, default=False)

    bid: Mapped[BidRow] = relationship(back_populates="responses")
    criterion: Mapped[CriterionRow] = relationship()
    attachment: Mapped[AttachmentRow | None] = relationship()


class PanelMemberRow(Base):
    """A member of a tender's evaluation panel: an evaluator or a moderator."""

    __tablename__ = "panel_member"
    __table_args__ = (UniqueConstraint("tender_id", "name_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    tender_id: Mapped[int] = mapped_column(ForeignKey("tender.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(Text)
    # The name folded for matching: "ann lee" and "Ann Lee" are one person.
    name_key: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20))
    added_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utc_now)


class DeclarationRow(Base):
    """An evaluator's declaration of interest about one bidder, made before scoring."""

    __tablename__ = "declaration"
    __table_args__ = (UniqueConstraint("member_id", "bidder_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(
        ForeignKey("panel_member.id", ondelete="CASCADE"), index=True
    )
    bidder_id: Mapped[int] = mapped_column(ForeignKey("bidder.id", ondelete="CASCADE"), index=True)
    conflict: Mapped[bool] = mapped_column(Boolean)
    details: Mapped[str] = mapped_column(Text, default="")
    declared_on: Mapped[dt.date] = mapped_column(Date)
    recorded_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utc_now)


class EvaluatorScoreRow(Base):
    """One evaluator's score of one response: a draft until submitted."""

    __tablename__ = "evaluator_score"
    __table_args__ = (UniqueConstraint("response_id", "member_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(
        ForeignKey("response.id", ondelete="CASCADE"), index=True
    )
    member_id: Mapped[int] = mapped_column(
        ForeignKey("panel_member.id", ondelete="CASCADE"), index=True
    )
    score: Mapped[int | None] = mapped_column(Integer, nullable=True)
    justification: Mapped[str] = mapped_column(Text, default="")
    submitted: Mapped[bool] = mapped_column(Boolean, default=False)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utc_now)
    submitted_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class ConsensusRow(Base):
    """The moderated score of one response, with the rationale the letters quote."""

    __tablename__ = "consensus"

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(
        ForeignKey("response.id", ondelete="CASCADE"), unique=True
    )
    score: Mapped[int] = mapped_column(Integer)
    rationale: Mapped[str] = mapped_column(Text)
    reconciliation: Mapped[str] = mapped_column(Text, default="")
    recorded_by: Mapped[str] = mapped_column(Text, default="")
    recorded_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utc_now)


class LetterReasonRow(Base):
    """A text the letters quote, and its confidentiality review: a consensus's letter reason
    (``response_id``) or a bid's price or quality explanation (``bid_id`` and ``part``).

    Seeded from the consensus rationale or the pack's explanation (``rationale`` is the text
    it was seeded from: a changed one seeds it afresh and reopens its review). ``approved``
    holds the sentences an officer approved as they stand, as a JSON list of texts.
    """

    __tablename__ = "letter_reason"
    __table_args__ = (
        UniqueConstraint("bid_id", "part"),
        CheckConstraint("(response_id IS NULL) <> (bid_id IS NULL)", name="one_owner"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int | None] = mapped_column(
        ForeignKey("response.id", ondelete="CASCADE"), unique=True, nullable=True
    )
    bid_id: Mapped[int | None] = mapped_column(
        ForeignKey("bid.id", ondelete="CASCADE"), nullable=True
    )
    part: Mapped[str] = mapped_column(String(20), default="", server_default="")
    text: Mapped[str] = mapped_column(Text)
    rationale: Mapped[str] = mapped_column(Text)
    approved: Mapped[str] = mapped_column(Text, default="[]")
    updated_by: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utc_now)


class ModerationRow(Base):
    """When moderation of a tender opened: from then on the panel sees each other's scores."""

    __tablename__ = "moderation"

    id: Mapped[int] = mapped_column(primary_key=True)
    tender_id: Mapped[int] = mapped_column(ForeignKey("tender.id", ondelete="CASCADE"), unique=True)
    opened_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utc_now)
    opened_by: Mapped[str] = mapped_column(Text, default="")


class LotModerationRow(Base):
    """Moderation of one lot: when it opened (the lot's individual scores are then frozen
    and seen by the moderator), any reason to go on without an evaluator's scores, and
    its sign-off (the lot's consensus is then locked)."""

    __tablename__ = "lot_moderation"

    id: Mapped[int] = mapped_column(primary_key=True)
    lot_id: Mapped[int] = mapped_column(ForeignKey("lot.id", ondelete="CASCADE"), unique=True)
    opened_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utc_now)
    opened_by: Mapped[str] = mapped_column(Text, default="")
    # Why moderation went on before every evaluator had submitted the lot ("" if it did not).
    without_reason: Mapped[str] = mapped_column(Text, default="")
    signed_off_at: Mapped[dt.datetime | None] = mapped_column(
        DateTime(timezone=True), nullable=True
    )
    signed_off_by: Mapped[str] = mapped_column(Text, default="")
    present: Mapped[str] = mapped_column(Text, default="")  # who was present at sign-off


class ConsensusDraftRow(Base):
    """The moderator's working copy of one response's consensus, saved as typed.

    ``version`` goes up with every save, confirmation or consensus recorded otherwise, so
    that a moderator saving over a copy they did not read is told, not obeyed.
    """

    __tablename__ = "consensus_draft"

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(
        ForeignKey("response.id", ondelete="CASCADE"), unique=True
    )
    score: Mapped[int | None] = mapped_column(Integer, nullable=True)
    rationale: Mapped[str] = mapped_column(Text, default="")
    # One rationale per sub-criterion, as a JSON list of texts ("[]" when there are none).
    sub_rationales: Mapped[str] = mapped_column(Text, default="[]")
    reconciliation: Mapped[str] = mapped_column(Text, default="")
    version: Mapped[int] = mapped_column(Integer, default=1)
    # The consensus holds what this draft says (confirmed since it was last changed).
    confirmed: Mapped[bool] = mapped_column(Boolean, default=False)
    updated_by: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utc_now)


class AuditEventRow(Base):
    """One entry of the append-only audit trail, chained to the one before by its hash.

    Entries name the tender by its reference (not a foreign key), so that the record of a
    tender outlives the tender itself when it is replaced.
    """

    __tablename__ = "audit_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    tender_reference: Mapped[str] = mapped_column(String(200), index=True)
    occurred_at: Mapped[str] = mapped_column(String(40))
    actor: Mapped[str] = mapped_column(Text)
    action: Mapped[str] = mapped_column(String(60))
    entity: Mapped[str] = mapped_column(String(60))
    entity_key: Mapped[str] = mapped_column(Text)
    old_value: Mapped[str | None] = mapped_column(Text, nullable=True)
    new_value: Mapped[str | None] = mapped_column(Text, nullable=True)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64), unique=True)


class PassphraseRow(Base):
    """A panel member's passphrase, kept only as a memory-hard hash, and the wrong tries
    that pause further tries (kept here so that the pause holds in every svdesk open)."""

    __tablename__ = "passphrase"

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(
        ForeignKey("panel_member.id", ondelete="CASCADE"), unique=True
    )
    # scrypt$N$r$p$<salt, base64>$<hash, base64>
    hash: Mapped[str] = mapped_column(Text)
    failures: Mapped[int] = mapped_column(Integer, default=0)  # wrong tries in a row
    paused_until: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    set_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utc_now)


class ScoreDraftRow(Base):
    """An evaluator's working draft of one response, with their private notes.

    Private to the evaluator: never audited, never exported, never in results. Submitting
    a lot copies the drafts' scores and justifications into ``evaluator_score``.
    """

    __tablename__ = "score_draft"
    __table_args__ = (UniqueConstraint("member_id", "response_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("panel_member.id", ondelete="CASCADE"))
    response_id: Mapped[int] = mapped_column(
        ForeignKey("response.id", ondelete="CASCADE"), index=True
    )
    score: Mapped[int | None] = mapped_column(Integer, nullable=True)
    justification: Mapped[str] = mapped_column(Text, default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utc_now)
