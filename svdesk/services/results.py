"""Results: every bid's weighted scores, ranking and problems, per lot."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy.orm import Session

from svdesk.domain.model import BidStatus, Criterion, ScoringMethod, Tender, TieBreak
from svdesk.domain.scoring import BidInput, LotResult, ScoreInput, evaluate_lot
from svdesk.services.panel import require_index
from svdesk.services.refusals import Refused
from svdesk.store.database import Database
from svdesk.store.evaluation_store import TenderIndex, all_scores, consensus_of


@dataclass(frozen=True, slots=True)
class TenderResults:
    reference: str
    title: str
    lots: tuple[LotResult, ...]

    @property
    def complete(self) -> bool:
        return all(lot.complete for lot in self.lots)


def tender_of(index: TenderIndex) -> Tender:
    row = index.tender
    return Tender(
        reference=row.reference,
        title=row.title,
        authority=row.authority,
        social_value_weighting=row.social_value_weighting,
        price_weighting=row.price_weighting,
        quality_weighting=row.quality_weighting,
        scoring_method=ScoringMethod(row.scoring_method),
        tie_break=TieBreak(row.tie_break),
    )


def lot_inputs(
    session: Session, index: TenderIndex, lot: str
) -> tuple[list[Criterion], list[BidInput]]:
    """The lot's criteria and, per bid, what the panel recorded for each response."""
    criteria = sorted(
        (c for (lot_key, _code), c in index.criteria.items() if lot_key == lot),
        key=lambda c: c.position,
    )
    domain_criteria = [
        Criterion(lot, c.code, c.title, c.question, c.weight, minimum_score=c.minimum_score)
        for c in criteria
    ]
    responses = {k: r for k, r in index.responses.items() if k[0] == lot}
    ids = [r.id for r in responses.values()]
    evaluator_scores: dict[int, list[int]] = {}
    for row in all_scores(session, ids):
        if row.submitted and row.score is not None:
            evaluator_scores.setdefault(row.response_id, []).append(row.score)
    agreed = consensus_of(session, ids)
    bids = []
    for (lot_key, bidder_key), bid in sorted(
        index.bids.items(), key=lambda item: index.bidders[item[0][1]].position
    ):
        if lot_key != lot:
            continue
        scores = {}
        for (_, b, code), response in responses.items():
            if b != bidder_key:
                continue
            consensus = agreed.get(response.id)
            scores[code] = ScoreInput(
                consensus=consensus.score if consensus else None,
                evaluator_scores=tuple(evaluator_scores.get(response.id, ())),
                missing_response=response.missing,
            )
        bidder = index.bidders[bidder_key]
        bids.append(
            BidInput(
                bidder=bidder.key,
                name=bidder.name,
                status=BidStatus(bid.status),
                excluded_reason=bid.excluded_reason,
                price=bid.price_score,
                quality=bid.quality_score,
                scores=scores,
            )
        )
    return domain_criteria, bids


def tender_results(db: Database, reference: str, lot: str | None = None) -> TenderResults:
    with db.reading() as session:
        index = require_index(session, reference)
        return results_of(session, index, lot)


def results_of(session: Session, index: TenderIndex, lot: str | None = None) -> TenderResults:
    lots = list(index.lots)
    if lot is not None:
        key = index.lot_key(lot)
        if key is None:
            raise Refused(
                [f"{index.tender.reference} has no lot '{lot}' (its lots: {', '.join(lots)})"]
            )
        lots = [key]
    tender = tender_of(index)
    results = []
    for key in sorted(lots, key=lambda k: index.lots[k].position):
        criteria, bids = lot_inputs(session, index, key)
        results.append(evaluate_lot(tender, index.scale, key, criteria, bids))
    return TenderResults(index.tender.reference, index.tender.title, tuple(results))


_MARK = "\u0000decimal:"
_MARKED = re.compile(r'"\\u0000decimal:(-?[0-9.]+)"')


def _num(value: Decimal | None) -> Any:
    # Marked as text here and written as a bare number by ``dumps``: json would otherwise
    # round a Decimal through a float.
    return None if value is None else f"{_MARK}{format(value.normalize(), 'f')}"


def results_json(results: TenderResults) -> dict[str, Any]:
    """The results as the command line's ``--json`` documents them."""
    return {
        "tender": results.reference,
        "complete": results.complete,
        "lots": [
            {
                "lot": lot.lot,
                "complete": lot.complete,
                "winner": lot.winner,
                "bids": [
                    {
                        "bidder": bid.bidder,
                        "name": bid.name,
                        "rank": bid.rank,
                        "eligible": bid.eligible,
                        "price": _num(bid.price),
                        "quality": _num(bid.quality),
                        "social_value": _num(bid.social_value),
                        "total": _num(bid.total),
                        "criteria": [
                            {
                                "criterion": c.criterion,
                                "score": _num(c.score),
                                "weighted": _num(c.weighted),
                            }
                            for c in bid.criteria
                        ],
                        "problems": list(bid.problems),
                    }
                    for bid in lot.bids
                ],
                "problems": list(lot.problems),
            }
            for lot in results.lots
        ],
    }


def dumps(document: dict[str, Any]) -> str:
    """JSON text with every number digit for digit, as the rules computed it."""
    return _MARKED.sub(r"\1", json.dumps(document, indent=2, ensure_ascii=False))
