"""The tender's moderation tolerance: how many steps of the scale the evaluators' scores
of a response may lie apart before the meeting discusses it first.

Given in the pack (the Tender sheet's Moderation tolerance; one step when blank), and
changed in the window or with ``svdesk moderation tolerance``, always with a reason, which
the audit trail keeps with who changed it. The tolerance orders the discussion and is
reported with the agreement statistics; it changes no score. Once a lot is signed off its
record reports the tolerance the meeting used, so a change is refused until that lot is
reopened (with its own reason).
"""

from __future__ import annotations

from dataclasses import dataclass

from svdesk.domain.evaluation_rules import MIN_REASON_WORDS
from svdesk.domain.moderation_rules import tolerance_problem, widest_tolerance
from svdesk.domain.words import count_words
from svdesk.services.panel import acting, require_index
from svdesk.services.refusals import Refused
from svdesk.store import audit
from svdesk.store.database import Database
from svdesk.store.evaluation_store import TenderIndex

TRAIL_ENTITY = "moderation tolerance"


@dataclass(frozen=True, slots=True)
class ToleranceSetting:
    steps: int  # the tender's tolerance, in steps of the scale
    widest: int  # the largest the scale allows (its number of steps)
    signed_off: tuple[str, ...]  # lots signed off: the tolerance cannot change meanwhile

    @property
    def changeable(self) -> bool:
        return not self.signed_off


def moderation_tolerance(db: Database, reference: str) -> ToleranceSetting:
    with db.reading() as session:
        return _setting(require_index(session, reference))


def set_moderation_tolerance(
    db: Database, reference: str, steps: int, reason: str, *, actor: str | None = None
) -> ToleranceSetting:
    """Keep ``steps`` as the tender's tolerance, with the reason in the trail; refused off
    the scale, without a reason, or while a lot is signed off. Unchanged, nothing is
    written."""
    with db.transaction() as session:
        index = require_index(session, reference)
        setting = _setting(index)
        problem = tolerance_problem(steps, index.scale)
        if problem:
            raise Refused([problem])
        if steps == setting.steps:
            return setting
        if setting.signed_off:
            lots = ", ".join(setting.signed_off)
            raise Refused(
                [
                    f"the moderation of lot {lots} is signed off, and its record reports the "
                    f"tolerance of {setting.steps} the meeting used: reopen the lot (giving "
                    "the reason) before changing the tolerance"
                    if len(setting.signed_off) == 1
                    else f"the moderation of lots {lots} is signed off, and their record "
                    f"reports the tolerance of {setting.steps} the meeting used: reopen them "
                    "(giving the reason) before changing the tolerance"
                ]
            )
        text = " ".join(reason.split())
        if count_words(text) < MIN_REASON_WORDS:
            raise Refused(
                [
                    "say why the tolerance changes, in a sentence of at least "
                    f"{MIN_REASON_WORDS} words: the audit trail keeps it with your name"
                ]
            )
        who = acting(index, actor, audit.current_user())
        index.tender.moderation_tolerance = steps
        audit.record(
            session,
            index.tender.reference,
            who,
            "set",
            TRAIL_ENTITY,
            TRAIL_ENTITY,
            {"steps": setting.steps},
            {"steps": steps, "reason": text},
        )
        return _setting(index)


def _setting(index: TenderIndex) -> ToleranceSetting:
    lots = sorted(index.lots.values(), key=lambda lot: lot.position)
    signed = tuple(
        lot.key
        for lot in lots
        if (row := index.lot_moderation.get(lot.key)) is not None and row.signed_off_at
    )
    return ToleranceSetting(
        index.tender.moderation_tolerance, widest_tolerance(index.scale), signed
    )
