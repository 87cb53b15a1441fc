"""The readiness check: everything that would make award letters unsafe to send."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy.orm import Session

from svdesk.bundled import common_english_words
from svdesk.domain.evaluation_rules import PanelRole, reason_problem
from svdesk.domain.model import Criterion, Regime
from svdesk.domain.name_finder import NameFinder
from svdesk.domain.name_leaks import known_names, name_leaks
from svdesk.domain.pack_rules import criteria_weight_problem, weighting_problem
from svdesk.domain.scoring import LotResult
from svdesk.services.audit_trail import trail_check
from svdesk.services.letter_explanations import explanation_problems, with_explanations
from svdesk.services.panel import require_index
from svdesk.services.refusals import Refused
from svdesk.services.results import results_of, tender_of
from svdesk.services.scoring import assignments
from svdesk.store.audit import TrailTip
from svdesk.store.database import Database
from svdesk.store.evaluation_store import TenderIndex, consensus_of, declarations_of, scores_of


@dataclass(frozen=True, slots=True)
class Readiness:
    problems: list[str]  # every problem, worded for the person who must fix it
    audit_tip: TrailTip | None  # the trail's tip as it was verified, to stamp on letters


def readiness(db: Database, reference: str) -> Readiness:
    """The readiness check, with the tip of the trail it verified.

    It includes ``svdesk audit --verify``: letters must not go out on a record changed
    outside svdesk. Checking the trail reads all of it, so the window runs this off its
    thread.
    """
    with db.reading() as session:
        index = require_index(session, reference)
        problems = _problems(session, index)
        trail = trail_check(session, index)
        problems.extend(f"Audit trail: {problem}" for problem in trail.problems)
        return Readiness(problems, trail.tip)


def readiness_problems(db: Database, reference: str) -> list[str]:
    """Every problem, worded for the person who must fix it; empty when letters are safe."""
    return readiness(db, reference).problems


def require_ready(db: Database, reference: str) -> TrailTip | None:
    """Refuse, with every problem, while letters would be unsafe to send; returns the tip
    of the trail that was verified."""
    checked = readiness(db, reference)
    problems = checked.problems
    if problems:
        noun = "problem" if len(problems) == 1 else "problems"
        raise Refused(
            [f"{reference} is not ready for letters ({len(problems)} {noun}):", *problems]
        )
    return checked.audit_tip


def _problems(session: Session, index: TenderIndex) -> list[str]:
    problems: list[str] = []
    tender = tender_of(index.tender)
    weighting = weighting_problem(tender)
    if weighting:
        problems.append(f"Weightings: {weighting}")
    for lot_key in index.lots:
        criteria = [
            Criterion(lot_key, c.code, c.title, c.question, c.weight)
            for (lot, _), c in index.criteria.items()
            if lot == lot_key
        ]
        problem = criteria_weight_problem(tender, lot_key, criteria)
        if problem:
            problems.append(f"Weightings: {problem}")
    problems.extend(_panel_problems(session, index))
    problems.extend(_consensus_problems(session, index))
    results = results_of(session, index.tender.reference)
    for lot in results.lots:
        for problem in lot.problems:
            problems.append(f"Lot {lot.lot}: {problem}")
    problems.extend(_letter_problems(index))
    problems.extend(explanation_problems(index))
    problems.extend(_name_problems(session, index, results.lots))
    return problems


def _panel_problems(session: Session, index: TenderIndex) -> list[str]:
    evaluators = [m for m in index.members.values() if m.role == PanelRole.EVALUATOR]
    if not evaluators:
        return ["Panel: the tender has no evaluators"]
    problems = []
    for member in sorted(evaluators, key=lambda m: m.id):
        declared = declarations_of(session, member.id)
        undeclared = [k for k, b in index.bidders.items() if b.id not in declared]
        if undeclared:
            problems.append(
                f"Panel: {member.name} has not declared their interests for {', '.join(undeclared)}"
            )
            continue
        mine = scores_of(session, member.id)
        unscored = [
            key
            for key in assignments(index, session, member)
            if not ((s := mine.get(index.responses[key].id)) and s.submitted)
        ]
        if unscored:
            noun = "response" if len(unscored) == 1 else "responses"
            problems.append(
                f"Panel: {member.name} has not submitted scores for {len(unscored)} {noun}"
            )
    return problems


def _consensus_problems(session: Session, index: TenderIndex) -> list[str]:
    problems = []
    agreed = consensus_of(session, [r.id for r in index.responses.values()])
    for (lot, bidder, code), response in index.responses.items():
        if index.bids[(lot, bidder)].status != "compliant":
            continue
        consensus = agreed.get(response.id)
        where = f"Lot {lot}, {bidder}, {code}"
        if consensus is None:
            problems.append(f"{where}: no moderated score and rationale yet")
            continue
        if not index.scale.contains(consensus.score):
            problems.append(
                f"{where}: the moderated score {consensus.score} is not a score "
                f"of the scale ({index.scale.describe()})"
            )
        reason = reason_problem(consensus.rationale, "the rationale")
        if reason:
            problems.append(f"{where}: {reason}")
    return problems


def _name_problems(session: Session, index: TenderIndex, lots: tuple[LotResult, ...]) -> list[str]:
    """Quoted text naming someone a letter must not show: what the letters would refuse."""
    agreed = consensus_of(session, [r.id for r in index.responses.values()])
    rationales: dict[tuple[str, str], dict[str, str]] = {}
    for (lot, bidder, code), response in index.responses.items():
        consensus = agreed.get(response.id)
        if consensus is not None:
            rationales.setdefault((lot, bidder), {})[code] = consensus.rationale
    reasons = {key: bid.excluded_reason.strip() for key, bid in index.bids.items()}
    bidders = sorted(index.bidders.values(), key=lambda b: b.position)
    members = sorted(index.members.values(), key=lambda m: m.id)
    finder = NameFinder(
        known_names(((b.key, b.name, b.contact) for b in bidders), (m.name for m in members)),
        common_english_words(),
    )
    act = index.tender.regime == Regime.PROCUREMENT_ACT_2023.value
    quoted = with_explanations(index, rationales)
    return name_leaks(lots, quoted, reasons, finder, winner_to_excluded=not act)


def _letter_problems(index: TenderIndex) -> list[str]:
    problems = []
    tender = index.tender
    if tender.regime == Regime.PROCUREMENT_ACT_2023.value:
        for key, bidder in index.bidders.items():
            if bidder.identifier.strip():
                continue
            if any(b == key for (_, b) in index.bids):
                problems.append(
                    f"Bidder {key} ({bidder.name}) has no Identifier: the assessment summary "
                    "must show the supplier's unique identifier (Procurement Regulations "
                    "2024, regulation 31)"
                )
    if not tender.signatory.strip():
        problems.append("Tender: no Signatory is given; the letters need one")
    if not (tender.contact_name.strip() or tender.contact_email.strip()):
        problems.append(
            "Tender: no Contact name or Contact email is given; the letters must "
            "say whom to contact"
        )
    if tender.social_value_weighting <= Decimal(0):
        problems.append("Weightings: the social value weighting is 0")
    return problems
