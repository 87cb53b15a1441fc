"""A tender as the window and the documents show it: plain values, read in one session."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

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

    @property
    def text(self) -> str:
        return text_read(self.answer, self.attachment.text if self.attachment else "")

    @property
    def word_count(self) -> int:
        # Counted when shown rather than stored: cheap for one answer, and never stale.
        return count_words(self.text)

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

    def criteria_of(self, lot: str) -> tuple[Criterion, ...]:
        return tuple(c for c in self.criteria if c.lot == lot)

    def bids_of(self, lot: str) -> tuple[Bid, ...]:
        return tuple(b for b in self.bids if b.lot == lot)

    def responses_of(self, lot: str, bidder: str | None = None) -> tuple[ResponseView, ...]:
        return tuple(
            r for r in self.responses if r.lot == lot and (bidder is None or r.bidder == bidder)
        )

    def bidder(self, key: str) -> Bidder:
        return next(b for b in self.bidders if b.key == key)
