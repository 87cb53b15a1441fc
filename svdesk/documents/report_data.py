"""Everything the evaluation report shows, read once from the services."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from svdesk.domain.evaluation_rules import PanelRole
from svdesk.domain.scoring import BidResult, LotResult
from svdesk.services.audit_trail import check_trail
from svdesk.services.moderation import (
    ModerationItem,
    ModerationOpened,
    moderation_items,
    moderation_opened,
)
from svdesk.services.moderation_record import LotRecord, moderation_record
from svdesk.services.moderation_stats import LotAgreement, agreement_statistics
from svdesk.services.panel import (
    DeclarationRecord,
    PanelMember,
    declarations_record,
    list_members,
)
from svdesk.services.readiness import readiness_problems
from svdesk.services.refusals import Refused
from svdesk.services.results import TenderResults, tender_results
from svdesk.services.tenders import TenderOverview, tender_overview
from svdesk.store.audit import TrailTip
from svdesk.store.database import Database


@dataclass(frozen=True, slots=True)
class ReportData:
    """The tender, its results and its record; ``moderation`` is None until it opens."""

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


def gather_report_data(db: Database, reference: str, report_date: dt.date) -> ReportData:
    """Read everything the report shows. Raises TenderNotFound for an unknown tender."""
    overview = tender_overview(db, reference)
    reference = overview.tender.reference
    try:
        moderation: tuple[ModerationItem, ...] | None = tuple(moderation_items(db, reference))
    except Refused:
        moderation = None
    trail = check_trail(db, reference)
    agreement: tuple[LotAgreement, ...] = ()
    if moderation is not None:
        try:
            agreement = tuple(agreement_statistics(db, reference))
        except Refused:  # no lot's moderation has opened
            agreement = ()
    return ReportData(
        overview=overview,
        results=tender_results(db, reference),
        members=tuple(list_members(db, reference)),
        declarations=tuple(declarations_record(db, reference)),
        moderation=moderation,
        moderation_opened=None if moderation is None else moderation_opened(db, reference),
        problems=tuple(readiness_problems(db, reference)),
        audit_entries=trail.entries,
        audit_problems=tuple(trail.problems),
        audit_tip=trail.tip,
        report_date=report_date,
        lot_records=tuple(moderation_record(db, reference)),
        agreement=agreement,
    )
