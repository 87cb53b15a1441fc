"""The evaluation workbook's use case: the tender's whole record, read once.

One reading session, so one snapshot: the tender, its results, the panel, the moderation,
the scores, the agreement statistics, the letter reasons and the checked audit trail all
describe the same moment, however many writers work meanwhile. The workbook
(``documents.evaluation_workbook``) formats what this returns and reads nothing itself.
"""

from __future__ import annotations

import datetime as dt

from svdesk.services.audit_trail import checked_entries_in
from svdesk.services.letter_reason_record import letter_reason_records
from svdesk.services.moderation import items_of
from svdesk.services.moderation_record import lot_records
from svdesk.services.moderation_stats import agreement_in
from svdesk.services.panel import declarations_in, members_of, require_index
from svdesk.services.refusals import Refused
from svdesk.services.results import results_of
from svdesk.services.scoring import individual_scores_in
from svdesk.services.tenders import found_overview
from svdesk.store.database import Database
from svdesk.store.records.agreement import LotAgreement
from svdesk.store.records.evaluation import EvaluationRecord
from svdesk.store.records.moderation import IndividualScore, ModerationItem
from svdesk.store.records.panel import PanelMember
from svdesk.store.records.tender import TenderOverview


def read_evaluation_record(db: Database, reference: str) -> EvaluationRecord:
    """Everything the evaluation workbook shows of tender ``reference``. Refused for a
    tender that is not in the database.

    Until moderation opens the evaluators' scores are private: ``items`` and ``scores``
    are then None, and the trail's score entries say only that a score was recorded.
    """
    with db.reading() as session:
        overview = found_overview(session, reference)
        ref = overview.tender.reference
        index = require_index(session, ref)
        members = tuple(members_of(session, index))
        items: tuple[ModerationItem, ...] | None = None
        scores: tuple[IndividualScore, ...] | None = None
        agreement: tuple[LotAgreement, ...] | None = None
        if index.moderation is not None:
            items = tuple(items_of(session, index))
            # Once moderation has opened, every member of the panel sees the whole panel's.
            panel = individual_scores_in(session, index, members[0].name) if members else []
            scores = _in_order(overview, members, panel)
            try:
                agreement = tuple(agreement_in(session, ref))
            except Refused:  # no lot's moderation has opened
                agreement = ()
        trail = checked_entries_in(session, index)
        return EvaluationRecord(
            overview=overview,
            results=results_of(session, ref),
            members=members,
            declarations=tuple(declarations_in(session, index)),
            items=items,
            scores=scores,
            audit=tuple(trail.entries),
            audit_problems=tuple(trail.check.problems),
            audit_tip=trail.check.tip,
            exported_at=dt.datetime.now(dt.UTC),
            lot_records=tuple(lot_records(trail.entries, [lot.key for lot in overview.lots])),
            agreement=agreement,
            letter_reasons=letter_reason_records(session, index.tender.id, overview, trail.entries),
        )


def _in_order(
    overview: TenderOverview, members: tuple[PanelMember, ...], scores: list[IndividualScore]
) -> tuple[IndividualScore, ...]:
    responses = {(r.lot, r.bidder, r.criterion): i for i, r in enumerate(overview.responses)}
    panel = {m.name: i for i, m in enumerate(members)}
    return tuple(
        sorted(
            scores,
            key=lambda s: (
                responses.get((s.lot, s.bidder, s.criterion), len(responses)),
                panel.get(s.evaluator, len(panel)),
            ),
        )
    )
