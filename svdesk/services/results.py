"""Results: every bid's weighted scores, ranking and problems, per lot."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from typing import Any

from sqlalchemy.orm import Session

from svdesk.domain.model import BidStatus, Criterion, ScoringMethod, Tender, TieBreak
from svdesk.domain.scoring import BidInput, ScoreInput, evaluate_lot
from svdesk.services.refusals import Refused
from svdesk.store.database import Database
from svdesk.store.models import TenderRow

# The read models it fills, below the services since the documents take them (also
# offered here, where they were first written).
from svdesk.store.records.results import (
    TenderResults as TenderResults,
)
from svdesk.store.results_store import load_result_facts


def tender_of(row: TenderRow) -> Tender:
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


def tender_results(db: Database, reference: str, lot: str | None = None) -> TenderResults:
    with db.reading() as session:
        return results_of(session, reference, lot)


def results_of(session: Session, reference: str, lot: str | None = None) -> TenderResults:
    facts = load_result_facts(session, reference)
    if facts is None:
        raise Refused([f"there is no tender with the reference {reference} in the database"])
    lots = list(facts.lots)
    if lot is not None:
        key = next((k for k in lots if k.casefold() == lot.strip().casefold()), None)
        if key is None:
            raise Refused(
                [f"{facts.tender.reference} has no lot '{lot}' (its lots: {', '.join(lots)})"]
            )
        lots = [key]
    tender = tender_of(facts.tender)
    recorded: dict[tuple[str, str], dict[str, ScoreInput]] = {}
    for r in facts.responses:
        recorded.setdefault((r.lot, r.bidder), {})[r.criterion] = ScoreInput(
            r.consensus, r.evaluator_total, r.evaluator_count, r.missing
        )
    results = []
    for key in lots:
        criteria = [
            Criterion(key, c.code, c.title, "", c.weight, minimum_score=c.minimum_score)
            for c in facts.criteria
            if c.lot == key
        ]
        bids = [
            BidInput(
                bidder=b.bidder,
                name=b.name,
                status=BidStatus(b.status),
                excluded_reason=b.excluded_reason,
                price=b.price,
                quality=b.quality,
                scores=recorded.get((key, b.bidder), {}),
            )
            for b in facts.bids
            if b.lot == key
        ]
        results.append(evaluate_lot(tender, facts.scale, key, criteria, bids))
    return TenderResults(facts.tender.reference, facts.tender.title, tuple(results))


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
