"""An evaluator's working drafts, and the few facts that saving one checks.

A draft is saved as the evaluator works, so saving one reads only what it checks, with a
query or two, rather than the whole tender: a large tender has tens of thousands of
responses.
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from sqlalchemy import and_, bindparam, func, insert, select, update
from sqlalchemy.orm import Session

from svdesk.domain.evaluation_rules import fold_name
from svdesk.store.models import (
    BidderRow,
    BidRow,
    CriterionRow,
    DeclarationRow,
    EvaluatorScoreRow,
    LotModerationRow,
    LotRow,
    ModerationRow,
    PanelMemberRow,
    ResponseRow,
    ScaleLevelRow,
    ScoreDraftRow,
    TenderRow,
    utc_now,
)


class MemberFacts(NamedTuple):
    """A panel member as saving a draft needs them."""

    tender_id: int
    id: int
    name: str
    role: str
    undeclared: int  # bidders of the tender they have not declared for
    moderation_open: bool


class ResponseFacts(NamedTuple):
    """One response as saving a draft of it needs it."""

    id: int
    bid_status: str
    conflict: bool | None  # the member's declaration about its bidder; None: not made
    on_scale: bool  # whether the score given is a score of the tender's scale
    lot_open: bool = False  # moderation of its lot has opened: its scores are frozen


class Draft(NamedTuple):
    score: int | None
    justification: str
    notes: str
    updated_at: dt.datetime


# Saving a draft runs these on every keystroke's save: built once, so that only their
# parameters change (building a statement costs more than running it).
_TENDERS = select(TenderRow.id, TenderRow.reference)
_MEMBER = select(
    PanelMemberRow.tender_id,
    PanelMemberRow.id,
    PanelMemberRow.name,
    PanelMemberRow.role,
    select(func.count())
    .select_from(BidderRow)
    .where(BidderRow.tender_id == PanelMemberRow.tender_id)
    .scalar_subquery()
    - select(func.count())
    .select_from(DeclarationRow)
    .where(DeclarationRow.member_id == PanelMemberRow.id)
    .scalar_subquery(),
    select(ModerationRow.id).where(ModerationRow.tender_id == PanelMemberRow.tender_id).exists(),
).where(PanelMemberRow.name_key == bindparam("name_key"))
_MEMBER_BY_REFERENCE = _MEMBER.join(TenderRow, TenderRow.id == PanelMemberRow.tender_id).where(
    TenderRow.reference == bindparam("reference")
)
_MEMBER_IN_TENDER = _MEMBER.where(PanelMemberRow.tender_id == bindparam("tender_id"))
_RESPONSE = (
    select(
        ResponseRow.id,
        BidRow.status,
        DeclarationRow.conflict,
        select(ScaleLevelRow.id)
        .where(
            ScaleLevelRow.tender_id == bindparam("tender_id"),
            ScaleLevelRow.score == bindparam("score"),
        )
        .exists(),
        select(LotModerationRow.id).where(LotModerationRow.lot_id == LotRow.id).exists(),
    )
    .join(BidRow, BidRow.id == ResponseRow.bid_id)
    .join(LotRow, LotRow.id == BidRow.lot_id)
    .join(BidderRow, BidderRow.id == BidRow.bidder_id)
    .join(CriterionRow, CriterionRow.id == ResponseRow.criterion_id)
    .outerjoin(
        DeclarationRow,
        and_(
            DeclarationRow.bidder_id == BidRow.bidder_id,
            DeclarationRow.member_id == bindparam("member_id"),
        ),
    )
    .where(
        LotRow.tender_id == bindparam("tender_id"),
        LotRow.key == bindparam("lot"),
        BidderRow.key == bindparam("bidder"),
        CriterionRow.code == bindparam("criterion"),
    )
)
_DRAFT_VALUES = ("score", "justification", "notes", "updated_at")
_UPDATE_DRAFT = (
    update(ScoreDraftRow)
    .where(
        ScoreDraftRow.member_id == bindparam("member"),
        ScoreDraftRow.response_id == bindparam("response"),
    )
    .values({name: bindparam(name) for name in _DRAFT_VALUES})
)
_INSERT_DRAFT = insert(ScoreDraftRow).values(
    member_id=bindparam("member"),
    response_id=bindparam("response"),
    **{name: bindparam(name) for name in _DRAFT_VALUES},
)


def tender_id_of(session: Session, reference: str) -> int | None:
    """The tender's id; references match without regard to case (Unicode case folding, in
    Python, as ``find_tender`` does)."""
    wanted = reference.casefold()
    for tender_id, stored in session.connection().execute(_TENDERS):
        if stored.casefold() == wanted:
            return int(tender_id)
    return None


def member_facts(session: Session, reference: str, name: str) -> MemberFacts | None:
    """The member of the tender ``reference``, by name; None when there is no such tender
    or member."""
    connection = session.connection()
    name_key = fold_name(name)
    row = connection.execute(
        _MEMBER_BY_REFERENCE, {"reference": reference, "name_key": name_key}
    ).first()
    if row is None:
        # The reference typed in another case: found as the rest of svdesk finds it.
        tender_id = tender_id_of(session, reference)
        if tender_id is None:
            return None
        row = connection.execute(
            _MEMBER_IN_TENDER, {"tender_id": tender_id, "name_key": name_key}
        ).first()
        if row is None:
            return None
    return MemberFacts(row[0], row[1], row[2], row[3], row[4], bool(row[5]))


def response_facts(
    session: Session,
    member: MemberFacts,
    lot: str,
    bidder: str,
    criterion: str,
    score: int | None,
) -> ResponseFacts | None:
    """The response by its exact keys, with the member's declaration about its bidder and
    whether ``score`` is on the tender's scale."""
    row = (
        session.connection()
        .execute(
            _RESPONSE,
            {
                "tender_id": member.tender_id,
                "member_id": member.id,
                "lot": lot,
                "bidder": bidder,
                "criterion": criterion,
                "score": score,
            },
        )
        .first()
    )
    if row is None:
        return None
    return ResponseFacts(row[0], row[1], row[2], bool(row[3]), bool(row[4]))


def save_draft_row(
    session: Session,
    member_id: int,
    response_id: int,
    score: int | None,
    justification: str,
    notes: str,
) -> None:
    """Insert or replace the member's draft of the response (in the caller's transaction).

    An update first: a draft is saved again and again as the evaluator works on it.
    """
    # Core statements on the session's connection: no ORM bookkeeping for one row.
    connection = session.connection()
    values = {
        "member": member_id,
        "response": response_id,
        "score": score,
        "justification": justification,
        "notes": notes,
        "updated_at": utc_now(),
    }
    if connection.execute(_UPDATE_DRAFT, values).rowcount == 0:
        connection.execute(_INSERT_DRAFT, values)


def drafts_of(session: Session, member_id: int) -> dict[int, Draft]:
    """The member's drafts by response id."""
    d = ScoreDraftRow
    return {
        row[0]: Draft(row[1], row[2], row[3], row[4])
        for row in session.execute(
            select(d.response_id, d.score, d.justification, d.notes, d.updated_at).where(
                d.member_id == member_id
            )
        )
    }


def count_drafts(session: Session, member_id: int) -> int:
    return session.execute(
        select(func.count()).select_from(ScoreDraftRow).where(ScoreDraftRow.member_id == member_id)
    ).scalar_one()


def working_values(
    draft: Draft | None, recorded: EvaluatorScoreRow | None
) -> tuple[int | None, str]:
    """The score and justification an evaluator is working with: the draft's, unless a
    score recorded later (a score sheet imported since) is newer."""
    if draft is not None and (
        recorded is None or _utc(draft.updated_at) >= _utc(recorded.updated_at)
    ):
        return draft.score, draft.justification
    if recorded is not None:
        return recorded.score, recorded.justification
    return None, ""


def _utc(moment: dt.datetime) -> dt.datetime:
    """SQLite hands back the UTC times svdesk stored without their zone."""
    return moment.replace(tzinfo=dt.UTC) if moment.tzinfo is None else moment.astimezone(dt.UTC)
