"""What the moderation board needs from the database, read in one flat query.

A large lot holds 200 bidders x 30 criteria x 7 evaluators: 42,000 scores. They are read
as plain rows, one per response and evaluator's submitted score, already in the board's
order, so that the board is built in one pass.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from svdesk.domain.scale import Scale, ScaleLevel
from svdesk.store.models import LotModerationRow, LotRow, PanelMemberRow
from svdesk.store.tender_store import find_tender

# One row per response of a compliant bid, in the tender's order of bidders and criteria,
# with its submitted scores as "member:score,member:score" (SQLite adds them up: seven
# times fewer rows to hand over).
_BOARD = """
SELECT r.id, bd.key, bd.name, c.code, c.title, r.missing,
       (SELECT GROUP_CONCAT(es.member_id || ':' || es.score)
        FROM evaluator_score es
        WHERE es.response_id = r.id AND es.submitted = 1 AND es.score IS NOT NULL),
       cs.score, cd.score, cd.version, cd.confirmed
FROM response r
JOIN bid b ON b.id = r.bid_id
JOIN bidder bd ON bd.id = b.bidder_id
JOIN criterion c ON c.id = r.criterion_id
LEFT JOIN consensus cs ON cs.response_id = r.id
LEFT JOIN consensus_draft cd ON cd.response_id = r.id
WHERE b.lot_id = :lot AND b.status = 'compliant'
ORDER BY bd.position, c.position
"""


class BoardFact(NamedTuple):
    response_id: int
    bidder: str
    bidder_name: str
    criterion: str
    criterion_title: str
    missing: bool
    scores: dict[int, int]  # by panel member id: their submitted score
    consensus: int | None
    draft_score: int | None
    version: int | None  # None: no draft yet
    confirmed: bool | None


def _scores(packed: str | None) -> dict[int, int]:
    if not packed:
        return {}
    found = {}
    for pair in packed.split(","):
        member, _, score = pair.partition(":")
        found[int(member)] = int(score)
    return found


def board_facts(session: Session, lot_id: int) -> list[BoardFact]:
    rows = session.connection().execute(text(_BOARD), {"lot": lot_id}).fetchall()
    return [
        BoardFact(r[0], r[1], r[2], r[3], r[4], bool(r[5]), _scores(r[6]), *r[7:]) for r in rows
    ]


@dataclass(frozen=True, slots=True)
class BoardHeader:
    """What the board needs besides its cells, read without the whole tender's index."""

    reference: str
    scale: Scale
    lots: dict[str, tuple[int, str]]  # key: (id, title), in the tender's order
    evaluators: list[tuple[int, str]]  # (id, name), in the panel's order
    moderation: dict[str, LotModerationRow]  # by lot key, the lots whose moderation opened
    tolerance: int  # the tender's moderation tolerance, in steps of the scale


def board_header(session: Session, reference: str) -> BoardHeader | None:
    tender = find_tender(session, reference)
    if tender is None:
        return None
    scale = Scale(tuple(ScaleLevel(s.score, s.label, s.descriptor) for s in tender.scale_levels))
    lots = {
        key: (lot_id, title)
        for lot_id, key, title in session.execute(
            select(LotRow.id, LotRow.key, LotRow.title)
            .where(LotRow.tender_id == tender.id)
            .order_by(LotRow.position)
        )
    }
    evaluators = [
        (member_id, name)
        for member_id, name in session.execute(
            select(PanelMemberRow.id, PanelMemberRow.name)
            .where(PanelMemberRow.tender_id == tender.id, PanelMemberRow.role == "evaluator")
            .order_by(PanelMemberRow.id)
        )
    ]
    keys = {lot_id: key for key, (lot_id, _) in lots.items()}
    moderation = {
        keys[row.lot_id]: row
        for row in session.scalars(
            select(LotModerationRow).where(LotModerationRow.lot_id.in_(list(keys)))
        )
    }
    return BoardHeader(
        tender.reference, scale, lots, evaluators, moderation, tender.moderation_tolerance
    )
