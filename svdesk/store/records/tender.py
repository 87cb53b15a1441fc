"""A tender as the window and the documents show it: plain values, read in one session."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from svdesk.domain.model import Bid, Bidder, Criterion, Lot, Tender, text_read
from svdesk.domain.scale import Scale
from svdesk.domain.words import count_words, split_at_word_limit


@dataclass(frozen=True, slots=True)
class AttachmentInfo:
    id: int
    path: str
    media_type: str
    size: int
    text: str


@dataclass(frozen=True, slots=True)
class ResponseView:
    """One answer as an evaluator reads it, split at the criterion's word limit."""

    id: int
    bidder: str
    bidder_name: str
    lot: str
    criterion: str
    criterion_title: str
    answer: str
    attachment: AttachmentInfo | None
    missing: bool
    word_limit: int | None
    # The word count, once counted: a page of every answer asks each whether it is over
    # its limit, and a thousand bidders' answers are thirty thousand texts to count.
    _counted: list[int] = field(default_factory=list, init=False, repr=False, compare=False)

    @property
    def text(self) -> str:
        return text_read(self.answer, self.attachment.text if self.attachment else "")

    @property
    def word_count(self) -> int:
        # Counted when first shown rather than stored: the view is never stale.
        if not self._counted:
            self._counted.append(count_words(self.text))
        return self._counted[0]

    @property
    def over_limit(self) -> bool:
        return self.word_limit is not None and self.word_count > self.word_limit

    def split_at_limit(self) -> tuple[str, str]:
        """The text within the word limit, and the words past it (not evaluated)."""
        return split_at_word_limit(self.text, self.word_limit)


@dataclass(frozen=True, slots=True)
class TenderOverview:
    tender: Tender
    lots: tuple[Lot, ...]
    scale: Scale
    criteria: tuple[Criterion, ...]
    bidders: tuple[Bidder, ...]
    bids: tuple[Bid, ...]
    responses: tuple[ResponseView, ...]
    source_name: str
    imported_at: dt.datetime
    # Looked up by key, once asked: a page listing a thousand bids with their answers would
    # otherwise search the thirty thousand answers once for each bid.
    _answers: dict[tuple[str, str], tuple[ResponseView, ...]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )
    _bidders: dict[str, Bidder] = field(default_factory=dict, init=False, repr=False, compare=False)

    def criteria_of(self, lot: str) -> tuple[Criterion, ...]:
        return tuple(c for c in self.criteria if c.lot == lot)

    def bids_of(self, lot: str) -> tuple[Bid, ...]:
        return tuple(b for b in self.bids if b.lot == lot)

    def responses_of(self, lot: str, bidder: str | None = None) -> tuple[ResponseView, ...]:
        if bidder is None:
            return tuple(r for r in self.responses if r.lot == lot)
        if not self._answers and self.responses:
            found: dict[tuple[str, str], list[ResponseView]] = {}
            for r in self.responses:
                found.setdefault((r.lot, r.bidder), []).append(r)
            self._answers.update((key, tuple(answers)) for key, answers in found.items())
        return self._answers.get((lot, bidder), ())

    def bidder(self, key: str) -> Bidder:
        if not self._bidders:
            # The first of two bidders with one key wins, as a search in order finds it.
            self._bidders.update((b.key, b) for b in reversed(self.bidders))
        return self._bidders[key]
