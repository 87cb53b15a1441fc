"""Names an award letter must not show, found in the text it quotes (letters.md).

A letter quotes its own bid's moderated rationales (or, for an excluded bid, the reason it
was excluded) and, in an unsuccessful bidder's letter, the winner's rationale on each
criterion where the winner scored higher. None of that may name another bidder, another
bidder's contact or a member of the panel. The letters and the readiness check
(``svdesk check``) both ask ``name_leaks``, so a rationale the letters would refuse is
never reported ready.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping

from svdesk.domain.name_finder import KnownName, NameFinder
from svdesk.domain.scoring import BidResult, LotResult, shown

Rationales = Mapping[tuple[str, str], Mapping[str, str]]  # (lot, bidder) -> criterion -> text

_LISTED = 5  # addressees named in one message; the rest are counted


def known_names(bidders: Iterable[tuple[str, str, str]], panel: Iterable[str]) -> list[KnownName]:
    """The names to look for: each bidder's ``(key, name, contact)``, and the panel's."""
    names: list[KnownName] = []
    for key, name, contact in bidders:
        names.append(KnownName(name, "a bidder", key))
        names.append(KnownName(contact, "a bidder's contact", key, person=True))
    names += [KnownName(name, "a panel member", person=True) for name in panel]
    return names


def advantage_criteria(bid: BidResult, winner: BidResult) -> tuple[str, ...]:
    """The criteria where ``winner`` scored higher than ``bid`` (compared as shown)."""
    mine = {c.criterion: c for c in bid.criteria}
    codes = []
    for theirs in winner.criteria:
        own = mine.get(theirs.criterion)
        if theirs.score is None or own is None or own.score is None:
            continue
        if shown(theirs.score) > shown(own.score):
            codes.append(theirs.criterion)
    return tuple(codes)


def quoted_in_letter(
    lot: str,
    bid: BidResult,
    winner: BidResult,
    rationales: Rationales,
    exclusion_reasons: Mapping[tuple[str, str], str],
    winner_to_excluded: bool = True,
) -> Iterator[tuple[str, str]]:
    """``(where, text)`` for every text the letter to ``bid`` quotes.

    ``rationales`` holds, by lot and bidder, the rationale of each criterion and the
    explanations of the price and quality points (under ``PRICE`` and ``QUALITY``). A
    letter to any bid but the winner's quotes the winner's whole assessment (the Act's
    section 50(4)(b); the regulations' characteristics of the successful tender), to a
    rejected tenderer too.
    """
    if bid.excluded:
        reason = exclusion_reasons.get((lot, bid.bidder), "")
        yield f"the exclusion reason of {bid.bidder}", reason
    else:
        for code, text in rationales.get((lot, bid.bidder), {}).items():
            yield _where(bid.bidder, code), text
    if bid.bidder == winner.bidder or (bid.excluded and not winner_to_excluded):
        return
    for code, text in rationales.get((lot, winner.bidder), {}).items():
        yield _where(winner.bidder, code), text


PRICE = "Price"
QUALITY = "Quality"


def _where(bidder: str, code: str) -> str:
    if code in (PRICE, QUALITY):
        return f"the {code.lower()} explanation of {bidder}"
    return f"the rationale of {bidder} on {code}"


def name_leaks(
    lots: Iterable[LotResult],
    rationales: Rationales,
    exclusion_reasons: Mapping[tuple[str, str], str],
    finder: NameFinder,
    *,
    winner_to_excluded: bool = True,
) -> list[str]:
    """Every quoted text that names someone a letter quoting it must not show.

    Each text is read once, however many letters quote it (a winner's rationale is
    quoted in every other bidder's letter). Lots without a winner have no letters.
    ``winner_to_excluded`` says whether an excluded bid's letter quotes the winner's
    assessment (the 2015 regulations' rejection letters do; the Act's notices do not).
    """
    named: dict[str, tuple[KnownName, ...]] = {}
    leaks: dict[tuple[str, str, KnownName], list[str]] = {}  # -> the letters' addressees
    for lot in lots:
        winner = next((b for b in lot.bids if b.bidder == lot.winner), None)
        if winner is None:
            continue
        for bid in lot.bids:
            allowed = {bid.bidder, winner.bidder}
            for where, text in quoted_in_letter(
                lot.lot, bid, winner, rationales, exclusion_reasons, winner_to_excluded
            ):
                if text not in named:
                    named[text] = finder.find(text)
                for known in named[text]:
                    if known.owner not in allowed:
                        leaks.setdefault((lot.lot, where, known), []).append(bid.bidder)
    return [
        f"Lot {lot}: {where} names {known.name} ({known.what}), which the "
        f"{_letters_to(addressees)} must not show; reword it and try again"
        for (lot, where, known), addressees in leaks.items()
    ]


def _letters_to(addressees: list[str]) -> str:
    if len(addressees) == 1:
        return f"letter to {addressees[0]}"
    listed = addressees[:_LISTED]
    rest = len(addressees) - len(listed)
    if rest:
        others = "other" if rest == 1 else "others"
        return f"letters to {', '.join(listed)} and {rest} {others}"
    return f"letters to {', '.join(listed[:-1])} and {listed[-1]}"
