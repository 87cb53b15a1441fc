"""The panel, its declarations of interest, and when moderation opened."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from svdesk.domain.evaluation_rules import PanelRole


@dataclass(frozen=True, slots=True)
class PanelMember:
    name: str
    role: PanelRole
    declared: int  # bidders declared for
    conflicts: tuple[str, ...]  # bidders with a declared conflict


@dataclass(frozen=True, slots=True)
class DeclarationRecord:
    evaluator: str
    bidder: str
    bidder_name: str
    conflict: bool
    details: str
    declared_on: dt.date


@dataclass(frozen=True, slots=True)
class ModerationOpened:
    at: dt.datetime
    by: str


@dataclass(frozen=True, slots=True)
class LotStage:
    """Where one lot's moderation stands, in short (for the tender summary)."""

    lot: str
    opened_at: dt.datetime | None  # None while it has not opened
    signed_off: bool

    @property
    def opened(self) -> bool:
        return self.opened_at is not None


@dataclass(frozen=True, slots=True)
class TenderPanel:
    members: list[PanelMember]
    opened: ModerationOpened | None  # every lot opened together, as the workbook opens them
    lots: tuple[LotStage, ...]  # in the tender's order
