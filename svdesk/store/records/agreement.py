"""How far the panel agreed (worked out by ``services.moderation_stats``)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

# Krippendorff's conventional thresholds for alpha (Content Analysis: An Introduction to Its
# Methodology, 2004): at or above 0.800 the scores can be relied on; from 0.667 only
# tentatively; below 0.667 the panel read the criterion too differently to rely on it.
# Used to word what a value means, never to change or hold back a score.
RELIABLE_ALPHA = 0.8
TENTATIVE_ALPHA = 0.667


@dataclass(frozen=True, slots=True)
class Agreement:
    alpha: float | None  # None when it cannot be computed (``why``)
    responses: int  # units with at least two evaluators' scores
    why: str = ""

    @property
    def reading(self) -> str:
        """What the value means for the panel, in a few words."""
        if self.alpha is None:
            return "not computed"
        if self.alpha >= RELIABLE_ALPHA:
            return "good agreement"
        if self.alpha >= TENTATIVE_ALPHA:
            return "fair agreement: look again"
        return "low agreement: discuss"


@dataclass(frozen=True, slots=True)
class CriterionAgreement:
    criterion: str
    title: str
    agreement: Agreement


@dataclass(frozen=True, slots=True)
class EvaluatorDeviation:
    evaluator: str  # the name, or Evaluator A in a presentation
    compared: int  # their scores of responses with a confirmed consensus
    mean_points: Decimal | None  # mean of (their score - consensus); None if none compared
    mean_steps: Decimal | None  # the same in steps of the scale
    outside: int  # how many were more than the tolerance away from the consensus

    @property
    def share_outside(self) -> Decimal | None:
        """The share of their compared scores outside the tolerance (0 to 1)."""
        return None if not self.compared else Decimal(self.outside) / Decimal(self.compared)

    @property
    def leaning(self) -> str:
        """``lenient``, ``severe`` or ``in line`` (within half a step on average)."""
        if self.mean_steps is None or abs(self.mean_steps) < Decimal("0.5"):
            return "in line"
        return "lenient" if self.mean_steps > 0 else "severe"


@dataclass(frozen=True, slots=True)
class LotAgreement:
    lot: str
    title: str
    overall: Agreement
    criteria: tuple[CriterionAgreement, ...]
    evaluators: tuple[EvaluatorDeviation, ...]
    tolerance: int
