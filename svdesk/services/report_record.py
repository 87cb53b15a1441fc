"""The evaluation report's use case: everything it shows of a tender, read once.

One reading session, so one snapshot: the results, the readiness check and the audit
trail's check it includes, the panel, the moderation and its record, the agreement
statistics and the letter reasons describe the same moment. The report
(``documents.evaluation_report``) formats what this returns and reads nothing itself.
"""

from __future__ import annotations

import datetime as dt

from svdesk.services.letter_reason_record import letter_reason_records, review_entries
from svdesk.services.moderation import items_of, opened_of
from svdesk.services.moderation_lots import ENTITY as LOT_MODERATION
from svdesk.services.moderation_record import lot_records
from svdesk.services.moderation_stats import agreement_in
from svdesk.services.panel import declarations_in, members_of, require_index
from svdesk.services.readiness import readiness_in
from svdesk.services.refusals import Refused
from svdesk.services.results import results_of
from svdesk.services.tenders import found_overview
from svdesk.store import audit
from svdesk.store.database import Database
from svdesk.store.records.agreement import LotAgreement
from svdesk.store.records.moderation import ModerationItem
from svdesk.store.records.report import ReportData


def read_report_record(db: Database, reference: str, report_date: dt.date) -> ReportData:
    """Everything the evaluation report of tender ``reference`` shows, dated
    ``report_date``. Refused for a tender that is not in the database."""
    with db.reading() as session:
        overview = found_overview(session, reference)
        ref = overview.tender.reference
        index = require_index(session, ref)
        moderation: tuple[ModerationItem, ...] | None = None
        agreement: tuple[LotAgreement, ...] = ()
        if index.moderation is not None:
            moderation = tuple(items_of(session, index))
            try:
                agreement = tuple(agreement_in(session, ref))
            except Refused:  # no lot's moderation has opened
                agreement = ()
        results = results_of(session, ref)
        problems, trail = readiness_in(session, index.tender, results)
        lots = audit.entries(session, ref, LOT_MODERATION)
        return ReportData(
            overview=overview,
            results=results,
            members=tuple(members_of(session, index)),
            declarations=tuple(declarations_in(session, index)),
            moderation=moderation,
            moderation_opened=opened_of(index),
            problems=tuple(problems),
            audit_entries=trail.entries,
            audit_problems=tuple(trail.problems),
            audit_tip=trail.tip,
            report_date=report_date,
            lot_records=tuple(lot_records(lots, list(index.lots))),
            agreement=agreement,
            letter_reasons=letter_reason_records(
                session, index.tender.id, overview, review_entries(session, ref)
            ),
        )
