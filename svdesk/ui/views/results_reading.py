"""What the Results page reads, each part a plain call to the services, run on the
window's thread for an ordinary tender or on a worker thread for a large one.

``read_page``: every lot's results and the readiness check's problems less the audit
trail's (one reading), and a lot's moderation board when the panel's scores are asked
for; ``read_checks``: every moderated rationale checked against its answer (every
answer's text is read) and the audit trail verified (all of it is read and hashed).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from svdesk.services.refusals import Refused

if TYPE_CHECKING:
    from svdesk.services.moderation_board import ModerationBoard
    from svdesk.services.results import TenderResults
    from svdesk.store.database import Database


@dataclass(frozen=True, slots=True)
class BoardReading:
    """A lot's moderation board, or why its individual scores cannot be shown."""

    board: ModerationBoard | None
    private: str = ""


@dataclass(frozen=True, slots=True)
class PageReading:
    results: TenderResults
    problems: list[str]  # the readiness check's, less the audit trail's
    board: BoardReading | None  # None: panel scores not asked for


def read_page(db: Database, reference: str, board_lot: str | None) -> PageReading:
    """Every lot's results and the record's problems; ``board_lot``'s board when asked."""
    from svdesk.services.readiness import results_and_readiness

    reading = results_and_readiness(db, reference)
    board = None if board_lot is None else read_board(db, reference, board_lot)
    return PageReading(reading.results, reading.problems, board)


def read_board(db: Database, reference: str, lot: str) -> BoardReading:
    from svdesk.services.moderation_board import moderation_board

    try:
        return BoardReading(moderation_board(db, reference, lot))
    except Refused as refused:  # moderation has not opened: the scores are private
        return BoardReading(None, "; ".join(refused.reasons))


def read_checks(db: Database, reference: str) -> list[str]:
    """The passages still to review, the rationales checked and the audit trail
    verified: the readiness check's slow part, which the page adds when it arrives."""
    from svdesk.services.readiness import text_and_trail_problems

    return text_and_trail_problems(db, reference)
