"""Moderation: the panel's scores side by side, and the consensus with its reasons."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy.orm import Session

from svdesk.domain.evaluation_rules import (
    PanelRole,
    evaluators_differed,
    needs_discussion,
    reason_problem,
    score_problem,
    steps_apart,
)
from svdesk.services.letter_reasons import seed_letter_reason
from svdesk.services.moderation_consensus import follow_recorded
from svdesk.services.moderation_lots import open_lot_row, open_tender_row
from svdesk.services.moderation_rationale import flagged_rationales
from svdesk.services.panel import acting, require_index
from svdesk.services.refusals import Refused, located
from svdesk.services.stored_text import ReadsBack, consensus_as_stored
from svdesk.store import audit
from svdesk.store.database import Database
from svdesk.store.evaluation_store import (
    ResponseKey,
    TenderIndex,
    agreed_of,
    all_scores,
    consensus_of,
)
from svdesk.store.models import ConsensusRow, utc_now

# The read models it fills, below the services since the documents take them (also
# offered here, where they were first written).
from svdesk.store.records.moderation import (
    ModerationItem as ModerationItem,
)
from svdesk.store.records.moderation import (
    PanelScore as PanelScore,
)
from svdesk.store.records.panel import (
    ModerationOpened as ModerationOpened,
)


@dataclass(frozen=True, slots=True)
class ConsensusEntry:
    lot: str
    bidder: str
    criterion: str
    score: int | None
    rationale: str = ""
    reconciliation: str = ""
    where_row: str = ""
    where_score: str = ""
    where_rationale: str = ""
    where_reconciliation: str = ""


@dataclass(frozen=True, slots=True)
class ConsensusOutcome:
    recorded: int
    changed: int
    unchanged: int
    blank: int
    # What was read with a change, each with its cell (hidden characters removed).
    warnings: tuple[str, ...] = ()
    # Letter reasons seeded afresh from a changed rationale: their review is open again.
    reopened: tuple[str, ...] = ()

    def summary(self) -> str:
        """``2 consensus score(s) recorded, 0 changed, 4 unchanged, 0 blank``, then a line
        for each warning."""
        counts = (
            f"{self.recorded} consensus score(s) recorded, {self.changed} changed, "
            f"{self.unchanged} unchanged, {self.blank} blank"
        )
        return "\n".join(
            [
                counts,
                *(f"warning: {w}" for w in self.warnings),
                *(f"review reopened: {r}" for r in self.reopened),
            ]
        )


def moderator_name(index: TenderIndex) -> str | None:
    moderators = [m.name for m in index.members.values() if m.role == PanelRole.MODERATOR]
    return moderators[0] if len(moderators) == 1 else None


def open_moderation(db: Database, reference: str, actor: str | None = None) -> bool:
    """Open moderation (once): from now on the panel's scores are seen side by side.

    Returns True when this call opened it.
    """
    with db.transaction() as session:
        return record_opening(session, require_index(session, reference), actor)


def record_opening(session: Session, index: TenderIndex, actor: str | None) -> bool:
    """Open moderation inside the caller's transaction; False when it was open already."""
    if index.moderation is not None:
        return False
    who = acting(index, actor, moderator_name(index) or audit.current_user())
    # The workbook shows every lot's scores: every lot not yet open opens with it.
    for lot in index.lots:
        if not index.lot_open(lot):
            open_lot_row(session, index, lot, who)
    open_tender_row(session, index, who)
    return True


def moderation_opened(db: Database, reference: str) -> ModerationOpened | None:
    """When and by whom moderation opened; None while it has not (scores stay private)."""
    with db.reading() as session:
        return opened_of(require_index(session, reference))


def opened_of(index: TenderIndex) -> ModerationOpened | None:
    """When and by whom moderation opened, from the tender's index."""
    row = index.moderation
    return None if row is None else ModerationOpened(row.opened_at, row.opened_by)


def moderation_is_open(db: Database, reference: str) -> bool:
    """Whether moderation has opened (the evaluators' scores are then frozen)."""
    return moderation_opened(db, reference) is not None


def _moderated_keys(index: TenderIndex) -> list[ResponseKey]:
    keys = [k for k in index.responses if index.bids[(k[0], k[1])].status == "compliant"]
    lots = {key: lot.position for key, lot in index.lots.items()}
    bidders = {key: b.position for key, b in index.bidders.items()}
    return sorted(
        keys, key=lambda k: (lots[k[0]], bidders[k[1]], index.criteria[(k[0], k[2])].position)
    )


def moderation_items(db: Database, reference: str) -> list[ModerationItem]:
    """Every response of a compliant bid with the panel's submitted scores side by side.

    Refused until moderation has opened: before then, scores are private.
    """
    with db.reading() as session:
        index = require_index(session, reference)
        if index.moderation is None:
            raise Refused(
                [
                    f"moderation of {index.tender.reference} has not opened; the "
                    "evaluators' scores are private until it does"
                ]
            )
        return items_of(session, index)


def items_of(session: Session, index: TenderIndex) -> list[ModerationItem]:
    """The moderation's rows, read inside the caller's session."""
    ids = [r.id for r in index.responses.values()]
    members = {m.id: m.name for m in index.members.values()}
    by_response: dict[int, list[PanelScore]] = {}
    for row in sorted(all_scores(session, ids), key=lambda r: r.member_id):
        if row.submitted and row.score is not None:
            by_response.setdefault(row.response_id, []).append(
                PanelScore(members[row.member_id], row.score, row.justification)
            )
    agreed = agreed_of(session, ids)
    items = []
    for key in _moderated_keys(index):
        response = index.responses[key]
        scores = tuple(by_response.get(response.id, []))
        values = [s.score for s in scores]
        consensus = agreed.get(response.id)
        criterion = index.criteria[(key[0], key[2])]
        items.append(
            ModerationItem(
                lot=key[0],
                bidder=key[1],
                bidder_name=index.bidders[key[1]].name,
                criterion=key[2],
                criterion_title=criterion.title,
                missing_response=response.missing,
                scores=scores,
                steps_apart=steps_apart(values, index.scale),
                flagged=needs_discussion(values, index.scale, index.tender.moderation_tolerance),
                differed=evaluators_differed(values),
                consensus=consensus.score if consensus else None,
                rationale=consensus.rationale if consensus else "",
                reconciliation=consensus.reconciliation if consensus else "",
            )
        )
    return items


def record_consensus(
    db: Database,
    reference: str,
    entries: Sequence[ConsensusEntry],
    actor: str | None = None,
    *,
    reads_back: ReadsBack | None = None,
    where_tender: str = "",
) -> ConsensusOutcome:
    """Record the moderated scores: all of them, or none. Individual scores stay as they are.

    A rationale or reconciliation that ``reads_back`` as the one stored is kept as stored;
    an unknown tender is refused at ``where_tender``.
    """
    with db.transaction() as session:
        try:
            index = require_index(session, reference)
        except Refused as refused:
            raise Refused([located(where_tender, r) for r in refused.reasons]) from None
        if index.moderation is None:
            raise Refused(
                [
                    f"moderation of {index.tender.reference} has not opened: write the "
                    "consensus template first (svdesk consensus --template), which "
                    "opens it"
                ]
            )
        who = acting(index, actor, moderator_name(index) or audit.current_user())
        moderated = items_of(session, index)
        items = {(i.lot, i.bidder, i.criterion): i for i in moderated}
        if reads_back is not None:
            entries = consensus_as_stored(entries, moderated, reads_back)
        existing = consensus_of(session, [r.id for r in index.responses.values()])
        problems: list[str] = []
        counts = {"recorded": 0, "changed": 0, "unchanged": 0, "blank": 0}
        seen: dict[ResponseKey, str] = {}
        reopened: list[str] = []
        for entry in entries:
            key = _match(index, entry, problems)
            if key is None:
                continue
            if key in seen:
                problems.append(
                    located(entry.where_row, f"this row repeats the row at {seen[key]}")
                )
                continue
            seen[key] = entry.where_row or "another row"
            lot_row = index.lot_moderation.get(key[0])
            if lot_row is not None and lot_row.signed_off_at is not None:
                # A workbook re-imported as it was changes nothing in a signed-off lot.
                if _blank(entry):
                    counts["blank"] += 1
                    continue
                if _as_recorded(entry, existing.get(index.responses[key].id)):
                    counts["unchanged"] += 1
                    continue
                problems.append(
                    located(
                        entry.where_row,
                        f"lot {key[0]} was signed off by {lot_row.signed_off_by}: its "
                        "consensus is locked; a moderator must reopen it, giving the reason, "
                        "to change it",
                    )
                )
                continue
            if entry.score is None and not (
                entry.rationale.strip() or entry.reconciliation.strip()
            ):
                counts["blank"] += 1
                continue
            if entry.score is None:
                problems.append(located(entry.where_score, "the consensus Score is blank"))
                continue
            item = items[key]
            row_problems = [
                located(entry.where_score, p)
                for p in [score_problem(entry.score, index.scale)]
                if p
            ]
            reason = reason_problem(entry.rationale, "the rationale")
            if reason:
                row_problems.append(located(entry.where_rationale, reason))
            if item.differed:
                reason = reason_problem(entry.reconciliation, "the reconciliation")
                if reason:
                    row_problems.append(
                        located(
                            entry.where_reconciliation,
                            f"{reason}; the evaluators' scores differed "
                            f"({', '.join(str(s.score) for s in item.scores)}), so say how the "
                            "panel reconciled them",
                        )
                    )
            if row_problems:
                problems.extend(row_problems)
                continue
            counts[_save(session, index, key, entry, existing, who, reopened)] += 1
        if problems:
            raise Refused(problems)
        session.flush()
        # The rationale check, as warnings while moderating (errors only before letters).
        given = set(seen)
        checked = tuple(
            problem
            for flagged in flagged_rationales(session, index)
            if (flagged.lot, flagged.bidder, flagged.criterion) in given
            for problem in flagged.problems()
        )
        return ConsensusOutcome(
            recorded=counts["recorded"],
            changed=counts["changed"],
            unchanged=counts["unchanged"],
            blank=counts["blank"],
            warnings=checked,
            reopened=tuple(reopened),
        )


def _blank(entry: ConsensusEntry) -> bool:
    return entry.score is None and not (entry.rationale.strip() or entry.reconciliation.strip())


def _as_recorded(entry: ConsensusEntry, row: ConsensusRow | None) -> bool:
    return row is not None and (row.score, row.rationale, row.reconciliation) == (
        entry.score,
        entry.rationale,
        entry.reconciliation,
    )


def _match(index: TenderIndex, entry: ConsensusEntry, problems: list[str]) -> ResponseKey | None:
    lot = (
        index.lot_key(entry.lot)
        if entry.lot
        else (next(iter(index.lots)) if len(index.lots) == 1 else None)
    )
    bidder = index.bidder_key(entry.bidder)
    if lot is None or bidder is None:
        problems.append(
            located(
                entry.where_row,
                f"no bid of {index.tender.reference} matches "
                f"lot '{entry.lot}' and bidder '{entry.bidder}'",
            )
        )
        return None
    if (lot, bidder) not in index.bids:
        problems.append(located(entry.where_row, f"bidder {bidder} did not bid for lot {lot}"))
        return None
    if index.bids[(lot, bidder)].status != "compliant":
        problems.append(
            located(
                entry.where_row, f"{bidder}'s bid for lot {lot} is excluded; it is not moderated"
            )
        )
        return None
    criterion = index.criterion_code(lot, entry.criterion)
    if criterion is None:
        problems.append(
            located(entry.where_row, f"'{entry.criterion}' is not a criterion of lot {lot}")
        )
        return None
    return (lot, bidder, criterion)


def _save(
    session: Session,
    index: TenderIndex,
    key: ResponseKey,
    entry: ConsensusEntry,
    existing: dict[int, ConsensusRow],
    actor: str,
    reopened: list[str],
) -> str:
    response = index.responses[key]
    note = seed_letter_reason(
        session, index.tender.reference, key, response.id, entry.rationale, actor
    )
    if note:
        reopened.append(note)
    new = {
        "score": entry.score,
        "rationale": entry.rationale,
        "reconciliation": entry.reconciliation,
    }
    entity_key = f"lot {key[0]} / {key[1]} / {key[2]}"
    row = existing.get(response.id)
    if row is not None:
        old = {"score": row.score, "rationale": row.rationale, "reconciliation": row.reconciliation}
        if old == new:
            return "unchanged"
        row.score, row.rationale = entry.score, entry.rationale  # type: ignore[assignment]
        row.reconciliation, row.recorded_by, row.recorded_at = (
            entry.reconciliation,
            actor,
            utc_now(),
        )
        audit.record(
            session, index.tender.reference, actor, "changed", "consensus", entity_key, old, new
        )
        follow_recorded(
            session, response.id, entry.score, entry.rationale, entry.reconciliation, actor
        )
        return "changed"
    session.add(
        ConsensusRow(
            response_id=response.id,
            score=entry.score,
            rationale=entry.rationale,
            reconciliation=entry.reconciliation,
            recorded_by=actor,
        )
    )
    audit.record(
        session, index.tender.reference, actor, "agreed", "consensus", entity_key, None, new
    )
    follow_recorded(session, response.id, entry.score, entry.rationale, entry.reconciliation, actor)
    return "recorded"
