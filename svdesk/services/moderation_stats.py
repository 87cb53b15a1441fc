"""How far the panel agreed: statistics that inform the moderation, never change a score.

Per lot and per criterion, Krippendorff's alpha for ordinal data (the ``krippendorff``
package): 1 is perfect agreement, 0 no better than chance, below 0 systematic
disagreement. Each response is a unit and each evaluator a coder; a score not given (a
conflict of interest) is a missing value. Per evaluator, their mean deviation from the
confirmed consensus (positive: more lenient than the panel; negative: more severe), in
points and in steps of the scale, and how often they were more than the tolerance away
from it. Only lots whose moderation has opened are counted: before then scores are
private.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from decimal import Decimal

from sqlalchemy.orm import Session

from svdesk.domain.moderation_rules import evaluator_label
from svdesk.domain.scale import Scale
from svdesk.services.moderation_board import BoardFlavour
from svdesk.services.refusals import Refused
from svdesk.store.database import Database
from svdesk.store.moderation_store import BoardFact, board_facts, board_header

# The read models it fills, below the services since the documents take them (also
# offered here, where they were first written).
from svdesk.store.records.agreement import (
    RELIABLE_ALPHA as RELIABLE_ALPHA,
)
from svdesk.store.records.agreement import (
    TENTATIVE_ALPHA as TENTATIVE_ALPHA,
)
from svdesk.store.records.agreement import (
    Agreement as Agreement,
)
from svdesk.store.records.agreement import (
    CriterionAgreement as CriterionAgreement,
)
from svdesk.store.records.agreement import (
    EvaluatorDeviation as EvaluatorDeviation,
)
from svdesk.store.records.agreement import (
    LotAgreement as LotAgreement,
)


def ordinal_alpha(rows: Sequence[Sequence[int | None]], scale: Scale) -> Agreement:
    """Krippendorff's alpha (ordinal) of ``rows`` (one per evaluator, one value per
    response, None where they gave none), over the scale's scores."""
    # Loaded when first measured: numpy and krippendorff take longer to import than the
    # window takes to show a tender.
    import krippendorff
    import numpy as np

    units = sum(1 for column in zip(*rows, strict=True) if sum(v is not None for v in column) > 1)
    if units == 0:
        return Agreement(None, 0, "no response has two evaluators' scores")
    data = np.array(
        [[math.nan if v is None else float(v) for v in row] for row in rows], dtype=float
    )
    given = {v for row in rows for v in row if v is not None}
    if len(given) < 2:
        return Agreement(None, units, "every score is the same: agreement is complete")
    with np.errstate(invalid="ignore", divide="ignore"):
        value = float(
            krippendorff.alpha(
                reliability_data=data,
                level_of_measurement="ordinal",
                value_domain=[float(s) for s in scale.scores],
            )
        )
    if math.isnan(value):
        return Agreement(None, units, "the scores do not vary enough to measure agreement")
    return Agreement(value, units)


def agreement_statistics(
    db: Database,
    reference: str,
    lot: str | None = None,
    flavour: BoardFlavour = BoardFlavour.WORKING,
) -> list[LotAgreement]:
    """The statistics of ``lot`` (or of every lot whose moderation has opened)."""
    with db.reading() as session:
        return agreement_in(session, reference, lot, flavour)


def agreement_in(
    session: Session,
    reference: str,
    lot: str | None = None,
    flavour: BoardFlavour = BoardFlavour.WORKING,
) -> list[LotAgreement]:
    """``agreement_statistics`` read inside the caller's session."""
    header = board_header(session, reference)
    if header is None:
        raise Refused([f"there is no tender with the reference {reference} in the database"])
    keys = list(header.lots)
    if lot is not None:
        key = next((k for k in keys if k.casefold() == lot.strip().casefold()), None)
        if key is None:
            raise Refused([f"{header.reference} has no lot '{lot}' (its lots: {', '.join(keys)})"])
        if key not in header.moderation:
            raise Refused(
                [
                    f"moderation of lot {key} has not opened: the evaluators' scores are "
                    "private until it does"
                ]
            )
        keys = [key]
    else:
        keys = [k for k in keys if k in header.moderation]
        if not keys:
            raise Refused(
                [
                    f"moderation of {header.reference} has not opened for any lot: the "
                    "evaluators' scores are private until it does"
                ]
            )
    presentation = flavour is BoardFlavour.PRESENTATION
    names = [
        evaluator_label(i) if presentation else name
        for i, (_, name) in enumerate(header.evaluators)
    ]
    ids = [member_id for member_id, _ in header.evaluators]
    return [
        _lot(
            key,
            header.lots[key][1],
            board_facts(session, header.lots[key][0]),
            ids,
            names,
            header.scale,
            header.tolerance,
        )
        for key in keys
    ]


def _lot(
    key: str,
    title: str,
    facts: list[BoardFact],
    ids: list[int],
    names: list[str],
    scale: Scale,
    tolerance: int,
) -> LotAgreement:
    def rows(chosen: list[BoardFact]) -> list[list[int | None]]:
        return [[f.scores.get(member) for f in chosen] for member in ids]

    titles: dict[str, str] = {}
    for fact in facts:
        titles.setdefault(fact.criterion, fact.criterion_title)
    criteria = tuple(
        CriterionAgreement(
            code, title, ordinal_alpha(rows([f for f in facts if f.criterion == code]), scale)
        )
        for code, title in titles.items()
    )
    positions = {score: i for i, score in enumerate(scale.scores)}
    deviations = []
    for member, name in zip(ids, names, strict=True):
        points: list[int] = []
        steps: list[int] = []
        for fact in facts:
            score = fact.scores.get(member)
            if score is None or fact.consensus is None:
                continue
            if score not in positions or fact.consensus not in positions:
                continue
            points.append(score - fact.consensus)
            steps.append(positions[score] - positions[fact.consensus])
        deviations.append(
            EvaluatorDeviation(
                name,
                len(points),
                _mean(points),
                _mean(steps),
                sum(1 for s in steps if abs(s) > tolerance),
            )
        )
    return LotAgreement(
        key,
        title,
        ordinal_alpha(rows(facts), scale),
        criteria,
        tuple(deviations),
        tolerance,
    )


def _mean(values: list[int]) -> Decimal | None:
    if not values:
        return None
    return Decimal(sum(values)) / Decimal(len(values))


def statistics_table(lots: Sequence[LotAgreement]) -> str:
    """The statistics as a readable table for the terminal."""
    lines: list[str] = []
    for lot in lots:
        if lines:
            lines.append("")
        lines.append(f"Lot {lot.lot}{f' ({lot.title})' if lot.title else ''}")
        lines.append(f"  Agreement (Krippendorff's alpha, ordinal): {_alpha(lot.overall)}")
        for c in lot.criteria:
            lines.append(f"    {c.criterion} {c.title}: {_alpha(c.agreement)}")
        lines.append(
            f"  Each evaluator against the consensus (tolerance {lot.tolerance} step"
            f"{'' if lot.tolerance == 1 else 's'}):"
        )
        for e in lot.evaluators:
            if e.mean_points is None or e.mean_steps is None:
                lines.append(f"    {e.evaluator}: no confirmed consensus to compare with yet")
                continue
            lines.append(
                f"    {e.evaluator}: mean deviation {_signed(e.mean_points)} points "
                f"({_signed(e.mean_steps)} steps, {e.leaning}); outside the tolerance "
                f"{e.outside} of {e.compared}"
            )
    return "\n".join(lines)


def _alpha(agreement: Agreement) -> str:
    if agreement.alpha is None:
        return f"not computed: {agreement.why}"
    return f"{agreement.alpha:.3f} over {agreement.responses} responses"


def _signed(value: Decimal) -> str:
    return f"{value:+.2f}"
