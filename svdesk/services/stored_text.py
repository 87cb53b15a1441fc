"""Text a workbook gives back as it was written is the text stored, as stored.

A justification or rationale written into a cell and read back can differ from the one
stored in ways that are not a change (Excel's line endings, a cell's length limit). The
comparison is made inside the write's transaction, against what is stored at that moment.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from svdesk.store.evaluation_store import TenderIndex, declarations_of, scores_of

if TYPE_CHECKING:
    from svdesk.services.moderation import ConsensusEntry, ModerationItem
    from svdesk.services.panel import Declaration
    from svdesk.services.scoring import ScoreEntry
    from svdesk.store.models import PanelMemberRow

# How a stored text reads back from the cell it was written to.
ReadsBack = Callable[[str], str]


def as_stored(given: str, stored: str | None, reads_back: ReadsBack | None) -> str:
    """``stored`` when ``given`` is what it reads back as; else ``given``."""
    if stored is not None and reads_back is not None and reads_back(stored) == given:
        return stored
    return given


def scores_as_stored(
    session: Session,
    index: TenderIndex,
    member: PanelMemberRow,
    entries: Sequence[ScoreEntry],
    declarations: Sequence[Declaration],
    reads_back: ReadsBack,
) -> tuple[list[ScoreEntry], list[Declaration]]:
    """An evaluator's rows and declarations, with any text that reads back as stored, as
    stored."""
    mine = scores_of(session, member.id)
    stored = {
        tuple(part.casefold() for part in key): row.justification
        for key, response in index.responses.items()
        if (row := mine.get(response.id)) is not None
    }
    rows = []
    for entry in entries:
        key = (entry.lot.casefold(), entry.bidder.casefold(), entry.criterion.casefold())
        text = as_stored(entry.justification, stored.get(key), reads_back)
        rows.append(replace(entry, justification=text))
    bidders = {b.id: key.casefold() for key, b in index.bidders.items()}
    details = {bidders[b]: d.details for b, d in declarations_of(session, member.id).items()}
    declared = [
        replace(
            d,
            details=as_stored(d.details, details.get(d.bidder.strip().casefold()), reads_back),
        )
        for d in declarations
    ]
    return rows, declared


def consensus_as_stored(
    entries: Sequence[ConsensusEntry], items: Sequence[ModerationItem], reads_back: ReadsBack
) -> list[ConsensusEntry]:
    """The consensus rows, with a rationale or reconciliation that reads back as the one
    stored, as stored."""
    stored = {(i.lot.casefold(), i.bidder.casefold(), i.criterion.casefold()): i for i in items}
    result = []
    for entry in entries:
        item = stored.get(
            (entry.lot.casefold(), entry.bidder.casefold(), entry.criterion.casefold())
        )
        if item is not None:
            entry = replace(
                entry,
                rationale=as_stored(entry.rationale, item.rationale, reads_back),
                reconciliation=as_stored(entry.reconciliation, item.reconciliation, reads_back),
            )
        result.append(entry)
    return result
