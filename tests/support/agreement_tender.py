"""A small moderated tender whose agreement statistics are worked out by hand, and an
independent Krippendorff's alpha to check them against.

Lot 1: three evaluators score four responses (B01 SV1, B01 SV2, B02 SV1, B02 SV2) on the
scale 0, 25, 50, 75, 100; the panel agreed 75, 50, 50, 100.

    Ann   75  50  50  100    Ann: deviations 0, 0, 0, 0
    Ben   75   0  50   75    Ben: 0, -50, 0, -25: mean -18.75 points, -0.75 steps; one
    Cat  100  75  50  100         score two steps off (outside the tolerance of one step)
                             Cat: +25, +25, 0, 0: mean +12.5 points, +0.5 steps

Lot 2 opened without Cat (who did not score it); Ann and Ben gave every response 25, so its
alpha cannot be computed (every score is the same).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from fractions import Fraction
from itertools import combinations, permutations
from pathlib import Path

from svdesk.domain.evaluation_rules import PanelRole
from svdesk.services.imports import import_pack
from svdesk.services.moderation import ConsensusEntry, record_consensus
from svdesk.services.moderation_lots import open_lot, reopen_lot, sign_off_lot
from svdesk.services.panel import Declaration, add_member
from svdesk.services.scoring import ScoreEntry, submit_scores
from svdesk.store.database import Database, open_database
from tests.support.packs import set_cell, valid_sheets, write_pack

REF = "TST-2026-0001"
ANN, BEN, CAT, MO = "Ann Evaluator", "Ben Evaluator", "Cat <b>Evaluator</b>", "Mo Derator"
RESPONSES = [("1", "B01", "SV1"), ("1", "B01", "SV2"), ("1", "B02", "SV1"), ("1", "B02", "SV2")]
LOT_1 = {ANN: [75, 50, 50, 100], BEN: [75, 0, 50, 75], CAT: [100, 75, 50, 100]}
AGREED = [75, 50, 50, 100]
LOT_2 = [("2", "B02", "SV1"), ("2", "B02", "SV2")]
WHY = "Clear commitments with numbers, dates and a credible reporting plan."
RATIONALE = (
    "The response earns its score: four local residents recruited into permanent roles, "
    "two for care leavers, with quarterly KPI reports."
)
RECONCILED = "Ben and Cat differed; the panel read the answer again and agreed this score."
WITHOUT = "Cat is on leave until after the award and the panel agreed to go on."
PRESENT = "Ann Evaluator, Ben Evaluator, Cat Evaluator and Mo Derator"
REOPENED = "Ben found a typing error in the rationale of B02 SV2 after the meeting."
SCALE = (0, 25, 50, 75, 100)

# Worked by hand in tests/unit/services/test_agreement_by_hand.py.
ALPHA_LOT_1 = Fraction(3791, 6288)  # 0.603
ALPHA_SV1 = Fraction(7, 8)  # 0.875
ALPHA_SV2 = Fraction(221, 396)  # 0.558


def agreement_tender(folder: Path, *, signed_off: bool = True) -> Database:
    """The tender above, moderated; lot 1 signed off, reopened with a reason and signed off
    again (unless ``signed_off`` is False)."""
    sheets = valid_sheets()
    set_cell(sheets, "Tender", 11, "Value", "alex@example.gov.uk")
    db = open_database(folder / "agreement.sqlite")
    import_pack(db, write_pack(folder / "agreement.xlsx", sheets))
    for name in (ANN, BEN, CAT):
        add_member(db, REF, name)
    add_member(db, REF, MO, PanelRole.MODERATOR)
    declared = [Declaration("B01", False), Declaration("B02", False)]
    for name, scores in LOT_1.items():
        entries = [ScoreEntry(*key, s, WHY) for key, s in zip(RESPONSES, scores, strict=True)]
        if name != CAT:
            entries += [ScoreEntry(*key, 25, WHY) for key in LOT_2]
        submit_scores(db, REF, name, entries, declared)
    open_lot(db, REF, "1", actor=MO)
    open_lot(db, REF, "2", actor=MO, without_reason=WITHOUT)
    agreed = [
        ConsensusEntry(*key, score, RATIONALE, RECONCILED)
        for key, score in zip(RESPONSES, AGREED, strict=True)
    ]
    agreed += [ConsensusEntry(*key, 25, RATIONALE) for key in LOT_2]
    record_consensus(db, REF, agreed, MO)
    if signed_off:
        sign_off_lot(db, REF, "1", "Ann Evaluator and Mo Derator", actor=MO)
        reopen_lot(db, REF, "1", REOPENED, actor=MO)
        sign_off_lot(db, REF, "1", PRESENT, actor=MO)
    return db


def ordinal_alpha(units: Sequence[Sequence[int]], domain: Sequence[int]) -> Fraction:
    """Krippendorff's alpha for ordinal data, straight from its definition: the coincidence
    matrix of the pairable values, the ordinal distance over the scale, and
    alpha = 1 - (n - 1) * sum(o_ck * d_ck) / sum(n_c * n_k * d_ck)."""
    pairable = [u for u in units if len(u) > 1]
    observed: Counter[tuple[int, int]] = Counter()
    for unit in pairable:
        for i, j in permutations(range(len(unit)), 2):
            observed[(unit[i], unit[j])] += Fraction(1, len(unit) - 1)  # type: ignore[assignment]
    totals = Counter(v for unit in pairable for v in unit)
    n = sum(totals.values())

    def distance(c: int, k: int) -> Fraction:
        low, high = sorted((domain.index(c), domain.index(k)))
        between = sum(totals[domain[g]] for g in range(low, high + 1))
        return (between - Fraction(totals[c] + totals[k], 2)) ** 2

    disagreement = sum(
        (count * distance(c, k) for (c, k), count in observed.items() if c != k), Fraction(0)
    )
    expected = sum(
        (2 * totals[c] * totals[k] * distance(c, k) for c, k in combinations(sorted(totals), 2)),
        Fraction(0),
    )
    return 1 - (n - 1) * disagreement / expected
