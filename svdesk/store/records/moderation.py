"""The moderation as the record keeps it: the panel's scores side by side, each
evaluator's own scores, and each lot's opening, sign-off and reopenings."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class PanelScore:
    evaluator: str
    score: int
    justification: str


@dataclass(frozen=True, slots=True)
class ModerationItem:
    """One response as the moderation meeting sees it."""

    lot: str
    bidder: str
    bidder_name: str
    criterion: str
    criterion_title: str
    missing_response: bool
    scores: tuple[PanelScore, ...]
    steps_apart: int
    flagged: bool  # more than the tender's tolerance apart: discuss first
    differed: bool
    consensus: int | None
    rationale: str
    reconciliation: str


@dataclass(frozen=True, slots=True)
class IndividualScore:
    evaluator: str
    lot: str
    bidder: str
    criterion: str
    score: int | None
    justification: str
    submitted: bool


OPENED, SIGNED_OFF, REOPENED = "opened", "signed off", "reopened"


@dataclass(frozen=True, slots=True)
class LotEvent:
    """One step of a lot's moderation."""

    action: str  # OPENED, SIGNED_OFF or REOPENED
    by: str
    at: dt.datetime
    without: tuple[str, ...] = ()  # opened: the evaluators the panel went on without
    reason: str = ""  # opened without someone, or reopened: why
    present: str = ""  # signed off: who was present
    # reopened: the sign-off it undid, by whom and in whose presence
    undid_by: str = ""
    undid_present: str = ""

    def describe(self) -> str:
        """The step in a sentence, for a cell of the record."""
        when = f"{self.at:%Y-%m-%d %H:%M} UTC"
        if self.action == OPENED:
            text = f"Opened by {self.by} on {when}"
            if self.without:
                text += f", going on without {', '.join(self.without)}"
            return text + (f": {self.reason}" if self.reason else "")
        if self.action == SIGNED_OFF:
            return f"Signed off by {self.by} on {when}; present: {self.present or 'not recorded'}"
        text = f"Reopened by {self.by} on {when}"
        if self.undid_by:
            text += f" (it had been signed off by {self.undid_by})"
        return text + f": {self.reason}"


@dataclass(frozen=True, slots=True)
class LotRecord:
    lot: str
    events: tuple[LotEvent, ...]

    @property
    def opening(self) -> LotEvent | None:
        return next((e for e in self.events if e.action == OPENED), None)

    @property
    def sign_off(self) -> LotEvent | None:
        """The sign-off in force: the last one, unless a reopening came after it."""
        last = next((e for e in reversed(self.events) if e.action != OPENED), None)
        return last if last is not None and last.action == SIGNED_OFF else None

    @property
    def reopenings(self) -> tuple[LotEvent, ...]:
        return tuple(e for e in self.events if e.action == REOPENED)

    def state(self) -> str:
        """``not opened``, ``open``, ``signed off`` or ``reopened``: where the lot stands."""
        if self.opening is None:
            return "not opened"
        if self.sign_off is not None:
            return "signed off"
        return "reopened" if self.reopenings else "open"
