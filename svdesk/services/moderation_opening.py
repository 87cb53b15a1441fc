"""Opening moderation together with what its moderators are shown: both, or neither.

Writing the consensus workbook opens moderation, and the workbook shows the panel's
scores as they stand when it opens. Both are one transaction: the scores are read in the
transaction that opens moderation (no score can change in between), and the transaction
commits only once the workbook has been saved. A workbook that cannot be saved (a full
disk, say) leaves moderation closed and the scores as open to change as before.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from svdesk.domain.evaluation_rules import PanelRole
from svdesk.services.moderation import ModerationItem, items_of, record_opening
from svdesk.services.panel import PanelMember, members_of, require_index
from svdesk.services.tenders import TenderOverview, overview_of
from svdesk.store.database import Database

Kept = TypeVar("Kept")


@dataclass(frozen=True, slots=True)
class ModerationView:
    """What the moderators are shown, read as moderation opens."""

    overview: TenderOverview
    items: list[ModerationItem]
    evaluators: list[PanelMember]
    opening: bool  # this call opens moderation (it was not open before)


def open_moderation_with(
    db: Database,
    reference: str,
    keep: Callable[[ModerationView], Kept],
    *,
    actor: str | None = None,
) -> Kept:
    """Open moderation of ``reference`` (once) and hand ``keep`` what it shows, inside the
    same transaction; returns what ``keep`` returns.

    If ``keep`` raises, nothing is recorded: moderation stays as it was.
    """
    with db.transaction() as session:
        index = require_index(session, reference)
        opening = record_opening(session, index, actor)
        evaluators = [m for m in members_of(session, index) if m.role == PanelRole.EVALUATOR]
        view = ModerationView(
            overview_of(session, index.tender.reference),
            items_of(session, index),
            evaluators,
            opening,
        )
        return keep(view)
