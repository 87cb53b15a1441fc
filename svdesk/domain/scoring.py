"""The scoring rules: counted and weighted scores, totals, eligibility, ranking and ties.

Everything is computed in ``Decimal`` at full precision. What is shown and compared is
rounded half-up to 2 decimal places (``shown``), never through float formatting, so that
the order a reader sees on paper is the order the rules decide.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from svdesk.domain.model import BidStatus, Criterion, ScoringMethod, Tender, TieBreak
from svdesk.domain.pack_rules import format_decimal
from svdesk.domain.scale import Scale

CENT = Decimal("0.01")
ZERO = Decimal(0)


def shown(value: Decimal) -> Decimal:
    """``value`` rounded half-up to 2 decimal places: what letters show and ranks compare."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True, slots=True)
class ScoreInput:
    """What the panel recorded for one response.

    ``consensus`` is the moderated score; ``evaluator_total`` and ``evaluator_count`` the
    sum and number of the evaluators' submitted scores (what the mean needs, which a
    database can add up without handing over every score). ``missing_response`` marks a
    criterion the bidder did not answer.
    """

    consensus: int | None = None
    evaluator_total: int = 0
    evaluator_count: int = 0
    missing_response: bool = False

    @classmethod
    def of(
        cls,
        consensus: int | None = None,
        evaluator_scores: Sequence[int] = (),
        missing_response: bool = False,
    ) -> ScoreInput:
        return cls(consensus, sum(evaluator_scores), len(evaluator_scores), missing_response)


@dataclass(frozen=True, slots=True)
class BidInput:
    bidder: str
    name: str
    status: BidStatus = BidStatus.COMPLIANT
    excluded_reason: str = ""
    price: Decimal | None = None
    quality: Decimal | None = None
    scores: Mapping[str, ScoreInput] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class CriterionResult:
    criterion: str
    weight: Decimal
    score: Decimal | None
    weighted: Decimal | None


@dataclass(frozen=True, slots=True)
class BidResult:
    bidder: str
    name: str
    rank: int | None
    eligible: bool
    price: Decimal
    quality: Decimal
    social_value: Decimal
    total: Decimal
    criteria: tuple[CriterionResult, ...]
    problems: tuple[str, ...]
    excluded: bool = False

    @property
    def scored(self) -> bool:
        """Every criterion has a counted score."""
        return all(c.score is not None for c in self.criteria)


@dataclass(frozen=True, slots=True)
class LotResult:
    lot: str
    complete: bool
    winner: str | None
    bids: tuple[BidResult, ...]
    problems: tuple[str, ...]


def counted_score(method: ScoringMethod, recorded: ScoreInput, scale: Scale) -> Decimal | None:
    """The score that counts for one response, or None while it is not yet decided.

    A response the bidder did not give scores the lowest score of the scale unless the
    panel recorded another (consensus, or evaluators' scores under ``average``).
    """
    if method is ScoringMethod.CONSENSUS:
        if recorded.consensus is not None:
            return Decimal(recorded.consensus)
    elif recorded.evaluator_count:
        return Decimal(recorded.evaluator_total) / Decimal(recorded.evaluator_count)
    if recorded.missing_response:
        return Decimal(scale.min_score)
    return None


def weighted_score(score: Decimal, weight: Decimal, scale: Scale) -> Decimal:
    """``score / max x weight``: the criterion's share of the total tender score."""
    return score / Decimal(scale.max_score) * weight


def _score_bid(
    tender: Tender, scale: Scale, criteria: Sequence[Criterion], bid: BidInput
) -> tuple[BidResult, list[str]]:
    results: list[CriterionResult] = []
    problems: list[str] = []
    below: list[str] = []
    unscored: list[str] = []
    social_value = ZERO
    for criterion in criteria:
        recorded = bid.scores.get(criterion.code, ScoreInput())
        score = counted_score(tender.scoring_method, recorded, scale)
        weighted = None if score is None else weighted_score(score, criterion.weight, scale)
        results.append(CriterionResult(criterion.code, criterion.weight, score, weighted))
        if weighted is not None:
            social_value += weighted
        if score is None:
            unscored.append(criterion.code)
        elif criterion.minimum_score is not None and score < criterion.minimum_score:
            below.append(
                f"{criterion.code} scored {format_decimal(score)}, below its minimum score of "
                f"{criterion.minimum_score}"
            )
    excluded = bid.status is BidStatus.EXCLUDED
    # An excluded bid is not scored: its missing scores are not a problem.
    if unscored and not excluded:
        problems.append(f"no {_what_counts(tender)} yet for {', '.join(unscored)}")
    if excluded:
        problems.insert(
            0, f"excluded: {bid.excluded_reason}" if bid.excluded_reason else "excluded"
        )
    problems.extend(below)
    price = bid.price if bid.price is not None else ZERO
    quality = bid.quality if bid.quality is not None else ZERO
    result = BidResult(
        bidder=bid.bidder,
        name=bid.name,
        rank=None,
        eligible=not excluded and not below,
        price=price,
        quality=quality,
        social_value=social_value,
        total=price + quality + social_value,
        criteria=tuple(results),
        problems=tuple(problems),
        excluded=excluded,
    )
    return result, below


def _what_counts(tender: Tender) -> str:
    if tender.scoring_method is ScoringMethod.CONSENSUS:
        return "moderated score"
    return "evaluator score"


def _ranking_key(bid: BidResult, tie_break: TieBreak) -> tuple[Decimal, Decimal]:
    """Higher is better; the second part is the tender's tie-break, 0 when there is none."""
    second = {
        TieBreak.SOCIAL_VALUE: bid.social_value,
        TieBreak.QUALITY: bid.quality,
        TieBreak.PRICE: bid.price,
        TieBreak.NONE: ZERO,
    }[tie_break]
    return shown(bid.total), shown(second)


def rank_bids(bids: Sequence[BidResult], tie_break: TieBreak) -> list[BidResult]:
    """Eligible bids ranked (shared ranks for equal keys: 1, 2, 2, 4); others unranked.

    The order is: eligible bids best first, then ineligible bids in their given order.
    """
    eligible = sorted(
        (b for b in bids if b.eligible and b.scored),
        key=lambda b: _ranking_key(b, tie_break),
        reverse=True,
    )
    ranked: list[BidResult] = []
    previous_key: tuple[Decimal, Decimal] | None = None
    rank = 0
    for position, bid in enumerate(eligible, start=1):
        key = _ranking_key(bid, tie_break)
        if key != previous_key:
            rank = position
            previous_key = key
        ranked.append(_with_rank(bid, rank))
    ranked.extend(b for b in bids if not (b.eligible and b.scored))
    return ranked


def _with_rank(bid: BidResult, rank: int | None) -> BidResult:
    return BidResult(
        bid.bidder,
        bid.name,
        rank,
        bid.eligible,
        bid.price,
        bid.quality,
        bid.social_value,
        bid.total,
        bid.criteria,
        bid.problems,
        bid.excluded,
    )


def evaluate_lot(
    tender: Tender, scale: Scale, lot: str, criteria: Sequence[Criterion], bids: Sequence[BidInput]
) -> LotResult:
    """Score, check and rank every bid of one lot, and say whether it has a winner."""
    scored = [_score_bid(tender, scale, criteria, bid)[0] for bid in bids]
    problems: list[str] = []
    complete = all(b.scored for b in scored if not b.excluded)
    # Imported here: the count's own module reads these results' types.
    from svdesk.domain.outstanding import outstanding_summary, unscored_of

    unscored = len(unscored_of(scored))
    if unscored:
        problems.append(outstanding_summary(unscored, _what_counts(tender)))
    if not any(not b.excluded for b in scored):
        problems.append("no compliant bid")
    ranked = rank_bids(scored, tender.tie_break) if complete else scored
    winner = None
    if complete:
        first = [b for b in ranked if b.rank == 1]
        if len(first) == 1:
            winner = first[0].bidder
        elif len(first) > 1:
            names = ", ".join(b.bidder for b in first)
            problems.append(
                f"{names} are tied for first place (total {format_decimal(shown(first[0].total))}"
                f"{_tie_break_note(tender.tie_break)}); the panel must resolve the tie"
            )
        else:
            problems.append("no bid is eligible for award")
    return LotResult(lot, complete, winner, tuple(ranked), tuple(problems))


def _tie_break_note(tie_break: TieBreak) -> str:
    if tie_break is TieBreak.NONE:
        return ", and the tender has no tie-break"
    return f", and equal on the {tie_break.value} tie-break"
