"""Agreement statistics of three evaluators and four responses, against an independent
formula and against the same values worked by hand; and each lot's moderation record."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest

from svdesk.services.moderation_record import OPENED, REOPENED, SIGNED_OFF, moderation_record
from svdesk.services.moderation_stats import agreement_statistics
from svdesk.store.database import Database
from tests.support.agreement_tender import (
    AGREED,
    ALPHA_LOT_1,
    ALPHA_SV1,
    ALPHA_SV2,
    ANN,
    BEN,
    CAT,
    LOT_1,
    MO,
    PRESENT,
    REF,
    SCALE,
    WITHOUT,
    agreement_tender,
    ordinal_alpha,
)
from tests.support.agreement_tender import REOPENED as REOPEN_REASON


@pytest.fixture
def moderated(tmp_path: Path) -> Database:
    return agreement_tender(tmp_path)


def test_the_independent_formula_gives_the_values_worked_by_hand() -> None:
    # Lot 1's units: (75, 75, 100), (50, 0, 75), (50, 50, 50), (100, 75, 100). Values:
    # 0 x1, 50 x4, 75 x4, 100 x3 (n = 12). Ordinal distances over 0..100 (25 unused):
    # d(0,50) = (5 - 2.5)^2 = 6.25, d(0,75) = (9 - 2.5)^2 = 42.25, d(0,100) = (12 - 2)^2 =
    # 100, d(50,75) = (8 - 4)^2 = 16, d(50,100) = (11 - 3.5)^2 = 56.25, d(75,100) =
    # (7 - 3.5)^2 = 12.25. Observed: units 1 and 4 give o(75,100) = o(100,75) = 2; unit 2
    # gives 1/2 to each ordered pair of 0, 50, 75: 2 x 2 x 12.25 + 6.25 + 42.25 + 16 =
    # 113.5. Expected: 2 x (25 + 169 + 300 + 256 + 675 + 147) = 3144.
    # alpha = 1 - 11 x 113.5 / 3144 = 3791/6288.
    units = [[scores[i] for scores in LOT_1.values()] for i in range(4)]
    assert ordinal_alpha(units, SCALE) == ALPHA_LOT_1
    # SV1: (75, 75, 100), (50, 50, 50): 1 - 5 x 4.5 / 180 = 7/8.
    assert ordinal_alpha([units[0], units[2]], SCALE) == ALPHA_SV1
    # SV2: (50, 0, 75), (100, 75, 100): 1 - 5 x 17.5 / 198 = 221/396.
    assert ordinal_alpha([units[1], units[3]], SCALE) == ALPHA_SV2


def test_the_statistics_match_the_hand_worked_table(moderated: Database) -> None:
    lot_1, lot_2 = agreement_statistics(moderated, REF)
    assert lot_1.overall.alpha == pytest.approx(float(ALPHA_LOT_1))
    assert lot_1.overall.responses == 4
    assert lot_1.overall.reading == "low agreement: discuss"
    by_code = {c.criterion: c.agreement for c in lot_1.criteria}
    assert by_code["SV1"].alpha == pytest.approx(float(ALPHA_SV1))
    assert by_code["SV1"].reading == "good agreement"
    assert by_code["SV2"].alpha == pytest.approx(float(ALPHA_SV2))
    deviations = {e.evaluator: e for e in lot_1.evaluators}
    assert list(deviations) == [ANN, BEN, CAT]
    for name, scores in LOT_1.items():
        differences = [s - a for s, a in zip(scores, AGREED, strict=True)]
        mean = Fraction(sum(differences), len(differences))
        e = deviations[name]
        assert e.compared == 4
        assert e.mean_points == Decimal(mean.numerator) / Decimal(mean.denominator)
        assert e.mean_steps == e.mean_points / 25
        assert e.outside == sum(1 for d in differences if abs(d) > 25)
    assert (deviations[ANN].leaning, deviations[BEN].leaning, deviations[CAT].leaning) == (
        "in line",
        "severe",
        "lenient",
    )
    assert deviations[BEN].mean_points == Decimal("-18.75")
    assert deviations[BEN].share_outside == Decimal("0.25")
    assert deviations[CAT].mean_steps == Decimal("0.5")
    # Lot 2: everyone gave 25; Cat scored nothing of it.
    assert lot_2.overall.alpha is None
    assert "every score is the same" in lot_2.overall.why
    assert {e.evaluator: e.compared for e in lot_2.evaluators}[CAT] == 0


def test_each_lot_s_moderation_record(moderated: Database) -> None:
    lot_1, lot_2 = moderation_record(moderated, REF)
    assert [e.action for e in lot_1.events] == [OPENED, SIGNED_OFF, REOPENED, SIGNED_OFF]
    assert lot_1.opening is not None
    assert lot_1.opening.by == MO
    assert lot_1.opening.without == ()
    assert lot_1.sign_off is not None
    assert lot_1.sign_off.present == PRESENT
    (reopening,) = lot_1.reopenings
    assert reopening.reason == REOPEN_REASON
    assert reopening.undid_by == MO
    assert "Reopened by Mo Derator" in reopening.describe()
    assert lot_1.state() == "signed off"
    assert lot_2.opening is not None
    assert lot_2.opening.without == (CAT,)
    assert lot_2.opening.reason == WITHOUT
    assert lot_2.sign_off is None
    assert lot_2.state() == "open"
    assert f"going on without {CAT}: {WITHOUT}" in lot_2.opening.describe()
    assert BEN not in lot_2.opening.without
