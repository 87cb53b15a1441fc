"""The tender list and one tender's overview (lots, criteria, bidders, bids and every
answer), read in plain SQL on SQLite's own connection.

A large tender holds tens of thousands of answers; read as ORM objects through their
relationships they took over a second to load at 1,000 bidders, and SQLAlchemy's handling
of each row took as long as SQLite's reading. Plain SQL also lets the window show its
first screen before SQLAlchemy is imported (``Database.plain_reading``); inside a session,
the same reading runs on the session's connection (``session_connection``).

The values are those the ORM's column types give: decimals from their exact text, flags as
booleans, times as SQLAlchemy's SQLite type reads them back.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any, cast

from svdesk.domain.model import (
    Bid,
    Bidder,
    BidStatus,
    Criterion,
    Holidays,
    Lot,
    Regime,
    ScoringMethod,
    Tender,
    TieBreak,
)
from svdesk.domain.scale import Scale, ScaleLevel
from svdesk.store.records.tender import AttachmentInfo, ResponseView, TenderOverview

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

Rows = list[tuple[Any, ...]]


@dataclass(frozen=True, slots=True)
class TenderListItem:
    reference: str
    title: str
    authority: str
    regime: Regime
    lots: int
    bidders: int
    imported_at: dt.datetime


def session_connection(session: Session) -> sqlite3.Connection:
    """The SQLite connection under ``session``, inside its transaction, with what the
    session holds unwritten written first (plain SQL would not see it otherwise)."""
    session.flush()
    return cast(sqlite3.Connection, session.connection().connection.driver_connection)


def tender_list(connection: sqlite3.Connection) -> list[TenderListItem]:
    """Every tender, the most recently imported first, its lots and bidders counted by
    SQLite (loading a framework's thousand bidders to count them took longer than showing
    its tender)."""
    rows = rows_of(
        connection,
        """
        SELECT t.reference, t.title, t.authority, t.regime,
               (SELECT count(*) FROM lot l WHERE l.tender_id = t.id),
               (SELECT count(*) FROM bidder b WHERE b.tender_id = t.id),
               t.imported_at
        FROM tender t
        ORDER BY t.imported_at DESC, t.id DESC
        """,
    )
    return [
        TenderListItem(reference, title, authority, Regime(regime), lots, bidders, time_of(at))
        for reference, title, authority, regime, lots, bidders, at in rows
    ]


def tender_id_of(connection: sqlite3.Connection, reference: str) -> int | None:
    """The id of the tender with this reference; references match without regard to case.

    Compared in Python: SQLite's ``lower()`` knows only ASCII, so ``École-1`` and
    ``ÉCOLE-1`` would not match there. A database holds a handful of tenders.
    """
    wanted = reference.casefold()
    for tender_id, stored in rows_of(connection, "SELECT id, reference FROM tender"):
        if stored.casefold() == wanted:
            return int(tender_id)
    return None


def read_overview(connection: sqlite3.Connection, reference: str) -> TenderOverview | None:
    """Everything the tender ``reference`` holds, as plain values (attachment files stay in
    the database); None when there is no such tender."""
    tender_id = tender_id_of(connection, reference)
    if tender_id is None:
        return None
    (row,) = rows_of(connection, _TENDER, tender_id)
    source_name, imported_at = row[-2:]
    levels = rows_of(
        connection,
        "SELECT score, label, descriptor FROM scale_level WHERE tender_id = ? ORDER BY score",
        tender_id,
    )
    return TenderOverview(
        tender=_tender(row),
        lots=tuple(
            Lot(key, title)
            for key, title in rows_of(
                connection,
                "SELECT key, title FROM lot WHERE tender_id = ? ORDER BY position",
                tender_id,
            )
        ),
        scale=Scale(tuple(ScaleLevel(*level) for level in levels) or (ScaleLevel(0, "", ""),)),
        criteria=_criteria(connection, tender_id),
        bidders=tuple(
            Bidder(key, name, identifier, address, contact, email, bool(sme), bool(vcse))
            for key, name, identifier, address, contact, email, sme, vcse in rows_of(
                connection,
                "SELECT key, name, identifier, address, contact, email, sme, vcse"
                " FROM bidder WHERE tender_id = ? ORDER BY position",
                tender_id,
            )
        ),
        bids=_bids(connection, tender_id),
        responses=_responses(connection, tender_id),
        source_name=source_name,
        imported_at=time_of(imported_at),
    )


_TENDER = """
SELECT reference, title, authority, social_value_weighting, authority_address, regime,
       currency, estimated_value, price_weighting, quality_weighting, scoring_method,
       tie_break, contact_name, contact_email, signatory, tender_documents, holidays,
       hide_bidders_on_screen, anonymous_evaluators, moderation_tolerance,
       source_name, imported_at
FROM tender WHERE id = ?
"""


def _tender(row: tuple[Any, ...]) -> Tender:
    (
        reference,
        title,
        authority,
        social_value,
        address,
        regime,
        currency,
        estimated,
        price,
        quality,
        method,
        tie_break,
        contact_name,
        contact_email,
        signatory,
        documents,
        holidays,
        hide_bidders,
        anonymous,
        tolerance,
    ) = row[:-2]
    return Tender(
        reference=reference,
        title=title,
        authority=authority,
        social_value_weighting=Decimal(social_value),
        authority_address=address,
        regime=Regime(regime),
        currency=currency,
        estimated_value=_decimal(estimated),
        price_weighting=Decimal(price),
        quality_weighting=Decimal(quality),
        scoring_method=ScoringMethod(method),
        tie_break=TieBreak(tie_break),
        contact_name=contact_name,
        contact_email=contact_email,
        signatory=signatory,
        tender_documents=documents,
        holidays=Holidays(holidays) if holidays else None,
        hide_bidders_on_screen=bool(hide_bidders),
        anonymous_evaluators=bool(anonymous),
        moderation_tolerance=tolerance,
    )


def _criteria(connection: sqlite3.Connection, tender_id: int) -> tuple[Criterion, ...]:
    rows = rows_of(
        connection,
        """
        SELECT l.key, c.code, c.title, c.question, c.weight, c.guidance, c.sub_criteria,
               c.word_limit, c.minimum_score, c.model_criterion
        FROM criterion c JOIN lot l ON l.id = c.lot_id
        WHERE l.tender_id = ?
        ORDER BY l.position, c.position
        """,
        tender_id,
    )
    return tuple(
        Criterion(
            lot=lot,
            code=code,
            title=title,
            question=question,
            weight=Decimal(weight),
            guidance=guidance,
            sub_criteria=tuple(line for line in sub_criteria.splitlines() if line),
            word_limit=word_limit,
            minimum_score=minimum_score,
            model_criterion=model_criterion,
        )
        for (
            lot,
            code,
            title,
            question,
            weight,
            guidance,
            sub_criteria,
            word_limit,
            minimum_score,
            model_criterion,
        ) in rows
    )


def _bids(connection: sqlite3.Connection, tender_id: int) -> tuple[Bid, ...]:
    """Each bid, lot by lot in the order read in."""
    rows = rows_of(
        connection,
        """
        SELECT bd.key, l.key, b.price_score, b.quality_score, b.status, b.excluded_reason,
               b.price_explanation, b.quality_explanation
        FROM bid b
        JOIN lot l ON l.id = b.lot_id
        JOIN bidder bd ON bd.id = b.bidder_id
        WHERE l.tender_id = ?
        ORDER BY l.position, b.id
        """,
        tender_id,
    )
    return tuple(
        Bid(
            bidder=bidder,
            lot=lot,
            price_score=_decimal(price),
            quality_score=_decimal(quality),
            status=BidStatus(status),
            excluded_reason=reason,
            price_explanation=price_why,
            quality_explanation=quality_why,
        )
        for bidder, lot, price, quality, status, reason, price_why, quality_why in rows
    )


_RESPONSES = """
SELECT r.id, bd.key, bd.name, l.key, c.code, c.title, r.answer, r.missing, c.word_limit,
       a.id, a.path, a.media_type, a.size, a.text
FROM response r
JOIN bid b ON b.id = r.bid_id
JOIN lot l ON l.id = b.lot_id
JOIN bidder bd ON bd.id = b.bidder_id
JOIN criterion c ON c.id = r.criterion_id
LEFT JOIN attachment a ON a.id = r.attachment_id
WHERE l.tender_id = ?
ORDER BY l.position, bd.position, c.position
"""


def _responses(connection: sqlite3.Connection, tender_id: int) -> tuple[ResponseView, ...]:
    """Every answer with its bidder, lot and criterion, and its attachment's text, in the
    tender's order: lot, bidder, criterion."""
    return tuple(
        ResponseView(
            id=response_id,
            bidder=bidder,
            bidder_name=bidder_name,
            lot=lot,
            criterion=code,
            criterion_title=title,
            answer=answer,
            attachment=None
            if attachment_id is None
            else AttachmentInfo(attachment_id, path, media_type, size, text),
            missing=bool(missing),
            word_limit=word_limit,
        )
        for (
            response_id,
            bidder,
            bidder_name,
            lot,
            code,
            title,
            answer,
            missing,
            word_limit,
            attachment_id,
            path,
            media_type,
            size,
            text,
        ) in rows_of(connection, _RESPONSES, tender_id)
    )


def attachment_file(connection: sqlite3.Connection, attachment_id: int) -> tuple[str, bytes] | None:
    """An attached file as the bidder sent it (its path in the pack and its bytes)."""
    rows = rows_of(connection, "SELECT path, data FROM attachment WHERE id = ?", attachment_id)
    return None if not rows else (rows[0][0], bytes(rows[0][1]))


def rows_of(connection: sqlite3.Connection, sql: str, *parameters: object) -> Rows:
    cursor = connection.cursor()
    try:
        return cursor.execute(sql, parameters).fetchall()
    finally:
        cursor.close()


def _decimal(text: str | None) -> Decimal | None:
    return None if text is None else Decimal(text)


def time_of(text: str) -> dt.datetime:
    """A time as SQLAlchemy's SQLite ``DateTime`` reads it back: the stored text, which
    holds no zone (svdesk stores UTC)."""
    return dt.datetime.fromisoformat(text)
