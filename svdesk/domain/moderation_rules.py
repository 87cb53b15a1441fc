"""The rules of the moderation meeting: spread, median, tolerance and when a consensus
needs its reconciliation note. Plain functions over scores and the scale."""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from decimal import Decimal
from enum import StrEnum

from svdesk.domain.evaluation_rules import steps_apart
from svdesk.domain.scale import Scale

# Scores more than this many steps of the scale apart are discussed first, unless the
# tender sets its own tolerance (the pack's Moderation tolerance, or changed later).
DEFAULT_TOLERANCE_STEPS = 1


class ConsensusState(StrEnum):
    """Where a response's consensus stands on the board."""

    NOT_STARTED = "not started"
    DRAFT = "draft"  # typed, not confirmed (or changed since it was confirmed)
    CONFIRMED = "confirmed"


def consensus_state(
    consensus: int | None, has_draft: bool, draft_confirmed: bool
) -> ConsensusState:
    if has_draft and not draft_confirmed:
        return ConsensusState.DRAFT
    if consensus is not None:
        return ConsensusState.CONFIRMED
    return ConsensusState.DRAFT if has_draft else ConsensusState.NOT_STARTED


def spread(scores: Sequence[int], scale: Scale) -> int:
    """Steps of the scale between the lowest and highest score (0 for one score or none)."""
    return steps_apart(scores, scale)


def spread_at(scores: Sequence[int], positions: dict[int, int]) -> int:
    """``spread`` with the scale's positions looked up once (``{score: position}``), for
    a board of thousands of responses; scores off the scale are left out."""
    steps = [positions[s] for s in scores if s in positions]
    return max(steps) - min(steps) if len(steps) > 1 else 0


def outside_tolerance(scores: Sequence[int], scale: Scale, tolerance: int) -> bool:
    """The scores lie more than ``tolerance`` steps apart: discuss them first."""
    return spread(scores, scale) > tolerance


def widest_tolerance(scale: Scale) -> int:
    """The largest tolerance the scale allows: its number of steps (at which no two scores
    are ever outside it)."""
    return max(len(scale.levels) - 1, 0)


def tolerance_problem(steps: int, scale: Scale) -> str | None:
    """Why ``steps`` cannot be a tender's moderation tolerance, or None when it can."""
    widest = widest_tolerance(scale)
    if steps < 0:
        return (
            f"the moderation tolerance cannot be negative, got {steps}: give a whole number "
            f"of steps of the scale from 0 to {widest}"
        )
    if steps > widest:
        return (
            f"the moderation tolerance of {steps} steps is more than the scale has: its "
            f"{len(scale.levels)} scores are {widest} steps from lowest to highest, so give "
            f"a whole number from 0 to {widest}"
        )
    return None


def _steps(n: int) -> str:
    return "one step" if n == 1 else f"{n} steps"


def outside_words(tolerance: int) -> str:
    """Scores outside ``tolerance``, to follow "scores": ``more than one step of the scale
    apart``, or ``that differ at all`` at a tolerance of 0."""
    if tolerance <= 0:
        return "that differ at all"
    return f"more than {_steps(tolerance)} of the scale apart"


def outside_short(tolerance: int) -> str:
    """For a legend: ``more than 2 steps apart``, or ``any difference``."""
    return "any difference" if tolerance <= 0 else f"more than {_steps(tolerance)} apart"


def within_short(tolerance: int) -> str:
    """For a legend: ``at most 2 steps apart``, or ``all the same`` at a tolerance of 0."""
    return "all the same" if tolerance <= 0 else f"at most {_steps(tolerance)} apart"


def median_score(scores: Sequence[int]) -> Decimal | None:
    """The median of the evaluators' scores (halfway between the middle two of an even
    number); None when there are none."""
    if not scores:
        return None
    return Decimal(str(statistics.median(scores)))


def _median_step(scores: Sequence[int], scale: Scale) -> Decimal | None:
    positions = [scale.scores.index(s) for s in scores if scale.contains(s)]
    if not positions:
        return None
    return Decimal(str(statistics.median(positions)))


def reconciliation_reason(scores: Sequence[int], consensus: int, scale: Scale) -> str | None:
    """Why the consensus of a response needs a reconciliation note, or None.

    A note is needed where the consensus differs from every evaluator's score, where it
    lies more than one step of the scale from their median, and (svdesk's stricter rule)
    wherever the evaluators' scores differed at all. The most telling reason is given.
    """
    if not scores:
        return None
    listed = ", ".join(str(s) for s in scores)
    if consensus not in scores:
        return f"the consensus {consensus} differs from every evaluator's score ({listed})"
    middle = _median_step(scores, scale)
    if (
        middle is not None
        and scale.contains(consensus)
        and abs(Decimal(scale.scores.index(consensus)) - middle) > 1
    ):
        return (
            f"the consensus {consensus} is more than one step of the scale from the "
            f"median of the evaluators' scores ({listed})"
        )
    if len(set(scores)) > 1:
        return f"the evaluators' scores differed ({listed})"
    return None


def evaluator_label(position: int) -> str:
    """``Evaluator A`` for the first evaluator of the panel, ``Evaluator AA`` after Z."""
    letters = ""
    n = position + 1
    while n:
        n, rest = divmod(n - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return f"Evaluator {letters}"


def bidder_label(position: int) -> str:
    """``Bidder 1`` for the first bidder shown."""
    return f"Bidder {position + 1}"
