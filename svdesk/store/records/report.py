"""The evaluation report's record: everything it shows, as plain values."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from svdesk.domain.evaluation_rules import PanelRole
from svdesk.domain.scoring import BidResult, LotResult
from svdesk.store.audit import TrailTip
from svdesk.store.records.agreement import LotAgreement
from svdesk.store.records.letter_reasons import LetterReasonRecord
from svdesk.store.records.moderation import LotRecord, ModerationItem
from svdesk.store.records.panel import DeclarationRecord, ModerationOpened, PanelMember
from svdesk.store.records.results import TenderResults
from svdesk.store.records.tender import TenderOverview


@dataclass(frozen=True, slots=True)
class ReportData:
    """Everything the evaluation report shows, read in one snapshot
    (``services.report_record``); ``moderation`` is None until it opens."""

    overview: TenderOverview
    results: TenderResults
    members: tuple[PanelMember, ...]
    declarations: tuple[DeclarationRecord, ...]
    moderation: tuple[ModerationItem, ...] | None
    moderation_opened: ModerationOpened | None
    problems: tuple[str, ...]
    audit_entries: int
    audit_problems: tuple[str, ...]
    audit_tip: TrailTip | None
    report_date: dt.date
    # Each lot's opening, sign-off and reopenings; the agreement statistics of the lots
    # whose moderation has opened.
    lot_records: tuple[LotRecord, ...] = ()
    agreement: tuple[LotAgreement, ...] = ()
    # The text each consensus gives suppliers, with its confidentiality review.
    letter_reasons: tuple[LetterReasonRecord, ...] = ()

    @property
    def reference(self) -> str:
        return self.overview.tender.reference

    @property
    def moderation_open(self) -> bool:
        return self.moderation is not None

    @property
    def evaluators(self) -> tuple[PanelMember, ...]:
        return tuple(m for m in self.members if m.role == PanelRole.EVALUATOR)

    def lot_result(self, lot: str) -> LotResult:
        return next(r for r in self.results.lots if r.lot == lot)

    def bidder_label(self, key: str) -> str:
        return f"{key} {self.overview.bidder(key).name}"

    def moderation_of(self, lot: str) -> tuple[ModerationItem, ...]:
        return tuple(i for i in self.moderation or () if i.lot == lot)

    def conflicts_with(self, bidder: str) -> tuple[str, ...]:
        """The evaluators who declared a conflict with ``bidder``."""
        return tuple(m.name for m in self.evaluators if bidder in m.conflicts)

    def lots_bid_by(self, bidder: str) -> tuple[str, ...]:
        return tuple(b.lot for b in self.overview.bids if b.bidder == bidder)

    def shows_scores(self, bid: BidResult) -> bool:
        """Whether a bid's social value scores may be shown: never before moderation opens,
        when they could only come from the evaluators' private scores."""
        return self.moderation_open and not bid.excluded
