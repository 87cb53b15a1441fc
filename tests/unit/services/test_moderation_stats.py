"""Agreement statistics, against values worked out by hand."""

from __future__ import annotations

from decimal import Decimal

import pytest

from svdesk.domain.scale import Scale, ScaleLevel
from svdesk.services.moderation import ConsensusEntry, record_consensus
from svdesk.services.moderation_board import BoardFlavour
from svdesk.services.moderation_lots import open_lot
from svdesk.services.moderation_stats import (
    agreement_statistics,
    ordinal_alpha,
    statistics_table,
)
from svdesk.services.refusals import Refused
from svdesk.services.scoring import submit_scores
from svdesk.store.database import Database
from tests.unit.services.test_evaluation_flow import (
    CONSENSUS,
    NONE_DECLARED,
    REF,
    WHY,
    entries,
    tender,
)

__all__ = ["tender"]
SCALE = Scale(tuple(ScaleLevel(s, str(s), "") for s in (0, 25, 50, 75, 100)))
NOTE = "Ann and Ben differed; the panel agreed this score after reading the answer again."


def test_alpha_of_a_small_table_by_hand() -> None:
    # Units (50, 50), (75, 50), (100, 100). Values: 50 x3, 75 x1, 100 x2 (n = 6).
    # Ordinal distances: d(50,75) = (3 + 1 - 4/2)^2 = 4, d(50,100) = (6 - 5/2)^2 = 12.25,
    # d(75,100) = (3 - 3/2)^2 = 2.25. Observed: o(50,75) + o(75,50) = 2, so 2 x 4 = 8.
    # Expected: 2 x (3*1*4 + 3*2*12.25 + 1*2*2.25) = 180. alpha = 1 - 5 x 8 / 180 = 7/9.
    agreement = ordinal_alpha([[50, 75, 100], [50, 50, 100]], SCALE)
    assert agreement.alpha == pytest.approx(7 / 9)
    assert agreement.responses == 3


def test_alpha_cannot_be_computed_without_pairs_or_variation() -> None:
    assert ordinal_alpha([[50, None], [None, 75]], SCALE).why == (
        "no response has two evaluators' scores"
    )
    same = ordinal_alpha([[50, 50], [50, 50]], SCALE)
    assert same.alpha is None
    assert "every score is the same" in same.why


@pytest.fixture
def scored(tender: Database) -> Database:
    ben = dict(CONSENSUS)
    ben[("1", "B02", "SV1")] = 25  # Ann 50
    submit_scores(tender, REF, "Ann Evaluator", entries(CONSENSUS), NONE_DECLARED)
    submit_scores(tender, REF, "Ben Evaluator", entries(ben), NONE_DECLARED)
    return tender


def test_the_panel_s_agreement_and_each_evaluator_s_leaning(scored: Database) -> None:
    with pytest.raises(Refused, match="has not opened for any lot"):
        agreement_statistics(scored, REF)
    open_lot(scored, REF, "1")
    open_lot(scored, REF, "2")
    agreed = dict(CONSENSUS)
    agreed[("1", "B02", "SV1")] = 75  # Ann 50 (one step under), Ben 25 (two steps under)
    record_consensus(
        scored,
        REF,
        [
            ConsensusEntry(*key, score, f"The response earns {score}: {WHY}", NOTE)
            for key, score in agreed.items()
            if key[0] == "1"
        ],
    )
    (lot,) = agreement_statistics(scored, REF, "1")
    # Lot 1: Ann 75, 50, 50, 100; Ben 75, 50, 25, 100. Values 25 x1, 50 x3, 75 x2, 100 x2.
    # Observed: 2 x d(25,50) = 2 x (4 - 2)^2 = 8. Expected: 2 x (1*3*4 + 1*2*20.25 +
    # 1*2*42.25 + 3*2*6.25 + 3*2*20.25 + 2*2*4) = 624. alpha = 1 - 7 x 8 / 624 = 71/78.
    assert lot.overall.alpha == pytest.approx(71 / 78)
    by_code = {c.criterion: c.agreement for c in lot.criteria}
    # SV1: (75, 75), (50, 25): observed 2 x 1 = 2, expected 2 x (1 + 12.5 + 4.5) = 36,
    # alpha = 1 - 3 x 2 / 36 = 5/6. SV2: (50, 50), (100, 100): full agreement.
    assert by_code["SV1"].alpha == pytest.approx(5 / 6)
    assert by_code["SV2"].alpha == pytest.approx(1.0)
    ann, ben = lot.evaluators
    assert (ann.evaluator, ann.compared, ann.mean_points, ann.mean_steps, ann.outside) == (
        "Ann Evaluator",
        4,
        Decimal("-6.25"),
        Decimal("-0.25"),
        0,
    )
    assert ann.leaning == "in line"
    assert (ben.mean_points, ben.mean_steps, ben.outside, ben.leaning) == (
        Decimal("-12.5"),
        Decimal("-0.5"),
        1,
        "severe",
    )
    table = statistics_table([lot])
    assert "Agreement (Krippendorff's alpha, ordinal): 0.910 over 4 responses" in table
    assert (
        "Ben Evaluator: mean deviation -12.50 points (-0.50 steps, severe); outside the "
        "tolerance 1 of 4" in table
    )
    shown = agreement_statistics(scored, REF, "1", BoardFlavour.PRESENTATION)[0]
    assert [e.evaluator for e in shown.evaluators] == ["Evaluator A", "Evaluator B"]
