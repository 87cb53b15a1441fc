"""The rules of individual evaluation and moderation, as plain functions."""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum

from svdesk.domain.scale import Scale
from svdesk.domain.words import count_words

# A justification, rationale or reconciliation must say something: strengths, weaknesses,
# why this score rather than the one above or below. Fewer words than this is not a reason.
MIN_REASON_WORDS = 6


class PanelRole(StrEnum):
    EVALUATOR = "evaluator"
    MODERATOR = "moderator"


def fold_name(name: str) -> str:
    """A person's name as matched: case and repeated spaces do not matter."""
    return " ".join(name.split()).casefold()


def score_problem(score: int | None, scale: Scale) -> str | None:
    """Why ``score`` cannot be given on ``scale``, or None when it can."""
    if score is None:
        return None
    if not scale.contains(score):
        return f"{score} is not a score of the scale ({scale.describe()})"
    return None


def reason_problem(text: str, what: str) -> str | None:
    """Why a written reason is not enough, or None when it is."""
    words = count_words(text)
    if words == 0:
        return f"{what} is required"
    if words < MIN_REASON_WORDS:
        noun = "word" if words == 1 else "words"
        return (
            f"{what} is too short ({words} {noun}): write at least a sentence of "
            f"{MIN_REASON_WORDS} words or more explaining the score"
        )
    return None


# Why a score cannot be given: said alike by a score sheet, a draft and a lot submitted.
SCORES_FROZEN = (
    "moderation of this tender has begun: individual scores can no longer be submitted or changed"
)


def lot_frozen_problem(lot: str) -> str:
    """Why a score of ``lot`` cannot be given: its moderation has opened."""
    return (
        f"moderation of lot {lot} has begun: its individual scores are frozen and can no "
        "longer be submitted or changed (the moderated score is where the panel's view "
        "changes now)"
    )


def conflict_problem(name: str, bidder: str) -> str:
    return f"{name} declared a conflict of interest with {bidder} and cannot score its responses"


def excluded_problem(lot: str, bidder: str) -> str:
    return f"{bidder}'s bid for lot {lot} is excluded; its responses are not scored"


def undeclared_problem(name: str, bidders: Sequence[str]) -> str:
    return (
        f"{name} has not declared their interests for {', '.join(bidders)}: declare a "
        "conflict (or none) for every bidder before scoring"
    )


def steps_apart(scores: Sequence[int], scale: Scale) -> int:
    """How many steps of the scale lie between the lowest and the highest of ``scores``."""
    if len(scores) < 2:
        return 0
    steps = [scale.step(score) for score in scores]
    positions = [step for step in steps if step is not None]
    if len(positions) < 2:
        return 0
    return max(positions) - min(positions)


def needs_discussion(scores: Sequence[int], scale: Scale, tolerance: int) -> bool:
    """Scores more than the tender's tolerance (steps of the scale) apart are flagged for
    discussion first."""
    return steps_apart(scores, scale) > tolerance


def evaluators_differed(scores: Sequence[int]) -> bool:
    """Any difference at all asks the moderator to say how it was reconciled."""
    return len(set(scores)) > 1
