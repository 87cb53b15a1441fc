"""The evaluation workbook's record: everything it shows, as plain values."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from svdesk.domain.evaluation_rules import PanelRole
from svdesk.store.audit import AuditEntry, TrailTip
from svdesk.store.records.agreement import LotAgreement
from svdesk.store.records.letter_reasons import LetterReasonRecord
from svdesk.store.records.moderation import IndividualScore, LotRecord, ModerationItem
from svdesk.store.records.panel import DeclarationRecord, PanelMember
from svdesk.store.records.results import TenderResults
from svdesk.store.records.tender import TenderOverview


@dataclass(frozen=True, slots=True)
class EvaluationRecord:
    """Everything the evaluation workbook shows, read in one snapshot
    (``services.evaluation_record``).

    ``items`` and ``scores`` are None until moderation opens: the evaluators' scores are
    private until then.
    """

    overview: TenderOverview
    results: TenderResults
    members: tuple[PanelMember, ...]
    declarations: tuple[DeclarationRecord, ...]
    items: tuple[ModerationItem, ...] | None
    scores: tuple[IndividualScore, ...] | None
    audit: tuple[AuditEntry, ...]
    audit_problems: tuple[str, ...]
    # The whole trail's tip as checked on export (svdesk audit --verify --tip).
    audit_tip: TrailTip | None
    exported_at: dt.datetime
    # Each lot's opening, sign-off and reopenings, from the trail; the agreement
    # statistics, None until moderation opens.
    lot_records: tuple[LotRecord, ...] = ()
    agreement: tuple[LotAgreement, ...] | None = None
    # The text each consensus gives suppliers, with its confidentiality review.
    letter_reasons: tuple[LetterReasonRecord, ...] = ()

    @property
    def evaluators(self) -> list[str]:
        """The evaluators' names in the panel's order (the Consensus sheet's columns)."""
        names = [m.name for m in self.members if m.role is PanelRole.EVALUATOR]
        for item in self.items or ():
            names.extend(s.evaluator for s in item.scores if s.evaluator not in names)
        return names

    @property
    def moderation_opened(self) -> AuditEntry | None:
        return next(
            (e for e in self.audit if e.entity == "moderation" and e.action == "opened"), None
        )
