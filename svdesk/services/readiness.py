"""The readiness check: everything that would make award letters unsafe to send."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy.orm import Session

from svdesk.bundled import common_english_words
from svdesk.domain.evaluation_rules import reason_problem
from svdesk.domain.model import Criterion, Regime, ScoringMethod
from svdesk.domain.name_finder import NameFinder
from svdesk.domain.name_leaks import known_names, name_leaks
from svdesk.domain.outstanding import outstanding_responses
from svdesk.domain.pack_rules import criteria_weight_problem, weighting_problem
from svdesk.domain.scale import Scale
from svdesk.domain.scoring import LotResult
from svdesk.services.audit_trail import TrailCheck, trail_check
from svdesk.services.confidentiality_review import review_problems
from svdesk.services.letter_explanations import explanation_problems, with_explanations
from svdesk.services.letter_reasons import letter_texts, letter_texts_of
from svdesk.services.moderation_rationale import finder_of, rationale_problems, scale_descriptors
from svdesk.services.refusals import Refused
from svdesk.services.results import TenderResults, results_of, tender_of
from svdesk.store.audit import TrailTip
from svdesk.store.database import Database
from svdesk.store.models import TenderRow
from svdesk.store.readiness_store import ReadinessFacts, load_readiness_facts
from svdesk.store.tender_store import find_tender, tender_scale


@dataclass(frozen=True, slots=True)
class Readiness:
    problems: list[str]  # every problem, worded for the person who must fix it
    audit_tip: TrailTip | None  # the trail's tip as it was verified, to stamp on letters


def readiness(db: Database, reference: str) -> Readiness:
    """The readiness check, with the tip of the trail it verified.

    It includes ``svdesk audit --verify``: letters must not go out on a record changed
    outside svdesk. Checking the trail reads all of it, so the window runs this off its
    thread. Everything is read in one session (one snapshot), in flat queries.
    """
    with db.reading() as session:
        tender = _tender(session, reference)
        problems, trail = readiness_in(session, tender, results_of(session, tender.reference))
        return Readiness(problems, trail.tip)


def readiness_in(
    session: Session, tender: TenderRow, results: TenderResults
) -> tuple[list[str], TrailCheck]:
    """The readiness check's problems read inside the caller's session, on ``results`` as
    it has read them, with the check of the trail they include (the report shows both)."""
    facts = load_readiness_facts(session, tender.id)
    problems = _problems(session, tender, facts, results)
    problems.extend(_text_lines(session, tender, facts, results))
    trail = trail_check(session, tender)
    problems.extend(_trail_lines(trail.problems))
    return problems, trail


@dataclass(frozen=True, slots=True)
class ResultsReadiness:
    """Every lot's results and the quick part of the readiness check, from one snapshot:
    what the Results page shows at once."""

    results: TenderResults
    problems: list[str]  # as ``readiness_problems`` begins, before the rationales and trail


def results_and_readiness(db: Database, reference: str) -> ResultsReadiness:
    """The results of every lot, and every problem of the readiness check that needs
    neither the rationales' text read nor the audit trail, from the same reading (the
    results are not worked out twice).

    Not enough for letters: the rest is ``text_and_trail_problems`` (in this order, the
    two make ``readiness_problems``), and ``require_ready`` checks everything again
    before any letter is written.
    """
    with db.reading() as session:
        tender = _tender(session, reference)
        facts = load_readiness_facts(session, tender.id)
        results = results_of(session, tender.reference)
        return ResultsReadiness(results, _problems(session, tender, facts, results))


def text_and_trail_problems(db: Database, reference: str) -> list[str]:
    """The readiness check's slow part, as ``readiness_problems`` ends: the winners'
    letter texts searched for passages quoting their tenders that are not yet reviewed,
    each moderated rationale checked against its answer, its criterion and the scale
    (every answer's text is read), then the audit trail verified (``Audit trail: …``; all
    of it is read and hashed). Empty when all are sound."""
    with db.reading() as session:
        tender = _tender(session, reference)
        facts = load_readiness_facts(session, tender.id)
        results = results_of(session, tender.reference)
        problems = _text_lines(session, tender, facts, results)
        return problems + _trail_lines(trail_check(session, tender).problems)


def _tender(session: Session, reference: str) -> TenderRow:
    tender = find_tender(session, reference)
    if tender is None:
        raise Refused([f"there is no tender with the reference {reference} in the database"])
    return tender


def _trail_lines(problems: list[str]) -> list[str]:
    return [f"Audit trail: {problem}" for problem in problems]


def readiness_problems(db: Database, reference: str) -> list[str]:
    """Every problem, worded for the person who must fix it; empty when letters are safe."""
    return readiness(db, reference).problems


def require_ready(db: Database, reference: str) -> TrailTip | None:
    """Refuse, with every problem, while letters would be unsafe to send; returns the tip
    of the trail that was verified."""
    checked = readiness(db, reference)
    refuse_unless_ready(reference, checked.problems)
    return checked.audit_tip


def refuse_unless_ready(reference: str, problems: list[str]) -> None:
    """Refuse, with every problem of the readiness check, while there are any."""
    if problems:
        noun = "problem" if len(problems) == 1 else "problems"
        raise Refused(
            [f"{reference} is not ready for letters ({len(problems)} {noun}):", *problems]
        )


def _problems(
    session: Session, row: TenderRow, facts: ReadinessFacts, results: TenderResults
) -> list[str]:
    problems: list[str] = []
    tender = tender_of(row)
    weighting = weighting_problem(tender)
    if weighting:
        problems.append(f"Weightings: {weighting}")
    for lot_key in facts.lots:
        criteria = [
            Criterion(lot_key, c.code, c.title, c.question, c.weight)
            for c in facts.criteria
            if c.lot == lot_key
        ]
        problem = criteria_weight_problem(tender, lot_key, criteria)
        if problem:
            problems.append(f"Weightings: {problem}")
    problems.extend(_panel_problems(facts))
    scale = tender_scale(row)
    problems.extend(_consensus_problems(facts, scale, results.lots, tender.scoring_method))
    for lot in results.lots:
        for problem in lot.problems:
            problems.append(f"Lot {lot.lot}: {problem}")
    problems.extend(_letter_problems(row, facts))
    problems.extend(explanation_problems(row, facts.bids))
    return problems


def _text_lines(
    session: Session, row: TenderRow, facts: ReadinessFacts, results: TenderResults
) -> list[str]:
    """Other bidders' names in the letters, the passages still to review, then the
    rationales' problems: the checks that read and search every letter text and
    rationale."""
    quoted = letter_texts(letter_texts_of(session, row.id))
    problems = _name_problems(row, facts, results.lots, quoted)
    problems += [f"Confidentiality review: {p}" for p in review_problems(session, row, results)]
    finder = finder_of((b.key, b.name, b.contact) for b in facts.bidders)
    descriptors = scale_descriptors(tender_scale(row))
    return problems + rationale_problems(session, row.id, finder, descriptors)


def _panel_problems(facts: ReadinessFacts) -> list[str]:
    if not facts.evaluators:
        return ["Panel: the tender has no evaluators"]
    problems = []
    for evaluator in facts.evaluators:
        if evaluator.undeclared:
            problems.append(
                f"Panel: {evaluator.name} has not declared their interests for "
                f"{', '.join(evaluator.undeclared)}"
            )
        elif evaluator.unscored:
            noun = "response" if evaluator.unscored == 1 else "responses"
            problems.append(
                f"Panel: {evaluator.name} has not submitted scores for {evaluator.unscored} {noun}"
            )
    return problems


def _consensus_problems(
    facts: ReadinessFacts, scale: Scale, lots: tuple[LotResult, ...], method: ScoringMethod
) -> list[str]:
    problems = []
    # Said in the words of the banner's count: what counts under the tender's method.
    lacking = (
        "no moderated score and rationale yet"
        if method is ScoringMethod.CONSENSUS
        else "no evaluator score or moderated rationale yet"
    )
    # The one count of what is missing, as the results' banner counts it.
    unscored = {(lot.lot, *key) for lot in lots for key in outstanding_responses(lot)}
    for response in facts.responses:
        if not response.compliant:
            continue
        where = f"Lot {response.lot}, {response.bidder}, {response.criterion}"
        if (response.lot, response.bidder, response.criterion) in unscored:
            problems.append(f"{where}: {lacking}")
            continue
        if response.score is None:
            # A score counts: a missing answer at the lowest score needs nothing more; the
            # evaluators' mean (scoring method average) still needs the rationale letters quote.
            if not response.missing:
                problems.append(f"{where}: no moderated rationale yet")
            continue
        if not scale.contains(response.score):
            problems.append(
                f"{where}: the moderated score {response.score} is not a score "
                f"of the scale ({scale.describe()})"
            )
        reason = reason_problem(response.rationale, "the rationale")
        if reason:
            problems.append(f"{where}: {reason}")
    return problems


def _name_problems(
    tender: TenderRow,
    facts: ReadinessFacts,
    lots: tuple[LotResult, ...],
    rationales: dict[tuple[str, str], dict[str, str]],
) -> list[str]:
    """Quoted text naming someone a letter must not show: what the letters would refuse.
    ``rationales`` are the letter reasons, as the letters quote them."""
    reasons = {key: reason.strip() for key, reason in facts.excluded_reasons.items()}
    finder = NameFinder(
        known_names(((b.key, b.name, b.contact) for b in facts.bidders), facts.members),
        common_english_words(),
    )
    act = Regime(tender.regime).under_act
    quoted = with_explanations(facts.bids, rationales)
    return name_leaks(lots, quoted, reasons, finder, winner_to_excluded=not act)


def _letter_problems(tender: TenderRow, facts: ReadinessFacts) -> list[str]:
    problems = []
    regime = Regime(tender.regime)
    if regime.under_act:
        for bidder in facts.bidders:
            if bidder.bids and not bidder.identifier.strip():
                problems.append(
                    f"Bidder {bidder.key} ({bidder.name}) has no Identifier: the assessment "
                    "summary must show the supplier's unique identifier "
                    f"({regime.summary_rules})"
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
