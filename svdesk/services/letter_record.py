"""The award letters' use case: what the letters are made from, read once.

One reading session, so one snapshot: the readiness check, the tip of the trail it
verified, and the tender, results, quoted texts and panel the letters are built from
describe the same moment. A letter is therefore never made from a record other than the
one the check found sound, however many writers work meanwhile. The letters
(``documents.letter_*``) format what this returns and read nothing themselves.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from svdesk.domain.model import Holidays
from svdesk.services.holiday_setting import set_holidays
from svdesk.services.letter_reasons import letter_texts, letter_texts_of
from svdesk.services.panel import members_of, require_index
from svdesk.services.readiness import readiness_in, refuse_unless_ready
from svdesk.services.results import results_of
from svdesk.services.tenders import found_overview, overview_of
from svdesk.store.database import Database
from svdesk.store.evaluation_store import TenderIndex
from svdesk.store.records.letters import LetterData, LetterOutline, LetterRecord


def read_letter_record(db: Database, reference: str) -> LetterRecord:
    """The readiness check of tender ``reference`` and everything its letters say, from
    one snapshot. Refused for a tender that is not in the database; the caller decides
    what the problems stop (``require_ready_record``)."""
    with db.reading() as session:
        data, index = _data(session, reference)
        problems, trail = readiness_in(session, index.tender, data.results)
        return LetterRecord(data, tuple(problems), trail.tip)


def require_ready_record(db: Database, reference: str) -> LetterRecord:
    """``read_letter_record``, refused with every problem while letters would be unsafe
    to send (as ``services.readiness.require_ready`` words them)."""
    record = read_letter_record(db, reference)
    refuse_unless_ready(reference, list(record.problems))
    return record


def read_letter_data(db: Database, reference: str) -> LetterData:
    """Everything the letters of tender ``reference`` say, without the readiness check
    (what a letter shows, looked at on its own). Refused for an unknown tender."""
    with db.reading() as session:
        return _data(session, reference)[0]


def read_letter_outline(db: Database, reference: str) -> LetterOutline:
    """Each lot's name and results, from one snapshot: the letters there are to preview.
    Raises ``TenderNotFound`` for an unknown tender."""
    with db.reading() as session:
        overview = overview_of(session, reference)
        return LetterOutline(
            {lot.key: lot.display_name for lot in overview.lots},
            results_of(session, overview.tender.reference),
        )


def keep_holidays(db: Database, reference: str, holidays: Holidays) -> bool:
    """Keep the holiday setting a written batch counted its standstill period with (and
    record it in the audit trail); returns whether it changed."""
    return set_holidays(db, reference, holidays)


def _data(session: Session, reference: str) -> tuple[LetterData, TenderIndex]:
    overview = found_overview(session, reference)
    ref = overview.tender.reference
    index = require_index(session, ref, panel_only=True)
    data = LetterData(
        overview=overview,
        results=results_of(session, ref),
        texts=letter_texts(letter_texts_of(session, index.tender.id)),
        panel=tuple(m.name for m in members_of(session, index)),
    )
    return data, index
