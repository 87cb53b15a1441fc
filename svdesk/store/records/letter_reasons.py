"""The letter reasons as the record shows them: the text that goes to suppliers for each
consensus, and every decision of its confidentiality review (who, what, when)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ReviewDecision:
    """One decision the audit trail records on a letter reason: a passage approved as it
    stands, edited or redacted, or the reason seeded afresh from a changed rationale."""

    action: str  # approved, edited, redacted, reseeded
    by: str
    at: dt.datetime
    sentence: int | None  # the passage's sentence; None for the whole reason
    before: str
    after: str

    def describe(self) -> str:
        """The decision in a sentence, for a cell or a paragraph of the record."""
        when = f"{self.at:%Y-%m-%d %H:%M} UTC"
        if self.sentence is None:
            return f"{when}: {self.action} by {self.by} (the consensus rationale changed)"
        what = f"{when}: sentence {self.sentence} {self.action} by {self.by}"
        if self.action == "approved":
            return f"{what}: “{self.before}”"
        return f"{what}: “{self.before}” became “{self.after}”"


@dataclass(frozen=True, slots=True)
class LetterReasonRecord:
    """One consensus's letter reason: what the letters quote, the rationale it was seeded
    from, and the review's decisions on it in the order they were made."""

    lot: str
    bidder: str
    bidder_name: str
    criterion: str
    criterion_title: str
    text: str
    rationale: str
    decisions: tuple[ReviewDecision, ...] = ()

    @property
    def as_rationale(self) -> bool:
        """Whether the letters quote the rationale word for word."""
        return self.text == self.rationale
