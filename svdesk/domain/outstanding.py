"""What a lot still lacks before it has a winner: one count, said alike everywhere.

The results' banner, the list of problems and ``svdesk check`` all read it from here, so
that they cannot disagree. A response still lacks its score when no score counts for it
yet: a response the bidder did not give counts as the lowest score of the scale (it is
shown at 0.00), so it is not missing a moderated score.
"""

from __future__ import annotations

from collections.abc import Iterable

from svdesk.domain.scoring import BidResult, LotResult


def unscored_of(bids: Iterable[BidResult]) -> tuple[tuple[str, str], ...]:
    """``(bidder, criterion)`` of every response of a compliant bid with no counted score,
    in the order of the bids and their criteria."""
    return tuple(
        (bid.bidder, result.criterion)
        for bid in bids
        if not bid.excluded
        for result in bid.criteria
        if result.score is None
    )


def outstanding_responses(lot: LotResult) -> tuple[tuple[str, str], ...]:
    """The responses of ``lot`` that still need their score (moderated, or the evaluators'
    under ``average``)."""
    return unscored_of(lot.bids)


def outstanding_summary(count: int, what: str) -> str:
    """``11 responses have no moderated score yet``: the banner's sentence."""
    noun = "response has" if count == 1 else "responses have"
    return f"{count} {noun} no {what} yet"


def tied_for_first(lot: LotResult) -> tuple[str, ...]:
    """The bidders sharing first place in a complete lot: the panel must decide between
    them (the lot has no winner until it does); empty when there is no such tie."""
    if not lot.complete:
        return ()
    first = tuple(bid.bidder for bid in lot.bids if bid.rank == 1)
    return first if len(first) > 1 else ()
