"""The Results page's banner: in one sentence, where a lot (or every lot) stands.

Its counts are the lot's own problems (``domain.outstanding`` counts what is missing once,
for this banner, the list before the letters and ``svdesk check`` alike), and a tie for
first place is said as the panel's decision to make.
"""

from __future__ import annotations

from collections.abc import Sequence

from svdesk.domain.model import TieBreak
from svdesk.domain.outstanding import tied_for_first
from svdesk.domain.scoring import LotResult
from svdesk.ui.formatting import two_places
from svdesk.ui.theme import Banner, BannerKind


def lot_status_kind(result: LotResult) -> BannerKind:
    if result.winner is not None:
        return BannerKind.SUCCESS
    if result.complete and not any(b.eligible and not b.excluded for b in result.bids):
        return BannerKind.ERROR
    return BannerKind.WARNING


def lot_status_text(result: LotResult, tie_break: TieBreak) -> str:
    winner = next((b for b in result.bids if b.bidder == result.winner), None)
    if winner is not None:
        return (
            f"✓  Complete. Winner: {winner.bidder} {winner.name}, with a total of "
            f"{two_places(winner.total)}."
        )
    tied = tied_for_first(result)
    if tied:
        bids = [b for b in result.bids if b.bidder in tied]
        names = _and([f"{b.bidder} {b.name}" for b in bids])
        rule = (
            "the tender has no tie-break"
            if tie_break is TieBreak.NONE
            else f"they are equal on the tie-break ({tie_break.value.replace('-', ' ')} points)"
        )
        return (
            f"Tied for first place: the panel must decide. {names} have the same total, "
            f"{two_places(bids[0].total)}, and {rule}. The lot has no winner until the "
            "panel decides."
        )
    why = "; ".join(result.problems) or "the lot has no eligible bid"
    state = "Complete" if result.complete else "Incomplete"
    return f"{state}: no winner yet. {why[:1].upper()}{why[1:]}."


def every_lot_status(results: Sequence[LotResult]) -> tuple[BannerKind, str]:
    undecided = [r for r in results if r.winner is None]
    if not undecided:
        whole = "The lot is" if len(results) == 1 else "Every lot is"
        return BannerKind.SUCCESS, f"✓  {whole} complete and has a winner."
    text = (
        f"No winner yet in {', '.join(f'Lot {r.lot}' for r in undecided)}. Open a lot to see why."
    )
    tied = [r for r in undecided if tied_for_first(r)]
    if tied:
        lots = ", ".join(f"Lot {r.lot}" for r in tied)
        text += f" A tie for first place in {lots} needs the panel's decision."
    return BannerKind.WARNING, text


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


def show_banner(banner: Banner, kind: BannerKind, text: str) -> None:
    """Set ``banner``'s text, and its colours only when they change: restyling a banner
    at every reading would make it flicker as the scores arrive."""
    if banner.kind() is not kind:
        banner.set_kind(kind)
    banner.set_text(text)
