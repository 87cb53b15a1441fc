"""Award criteria that letters under the Procurement Act 2023 could not explain.

Regulation 31 of the Procurement Regulations 2024 asks an assessment summary for an
explanation of the score on every award criterion, by reference to the tender. Social value
is explained by the moderated rationale; price and quality by the explanations a version 2
pack gives beside their points. Until every assessed bid has them, ``check`` and the
letters refuse under the Act (letters.md: a letter never claims what it does not contain).
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from svdesk.domain.model import BidStatus, Regime
from svdesk.domain.name_leaks import PRICE, QUALITY
from svdesk.store.models import TenderRow
from svdesk.store.readiness_store import BidFacts


def explanation_problems(tender: TenderRow, bids: Mapping[tuple[str, str], BidFacts]) -> list[str]:
    """One problem per assessed bid and criterion scored in points without an explanation."""
    regime = Regime(tender.regime)
    if not regime.under_act:
        return []
    parts = [
        (label, column)
        for label, column, weight in (
            ("Price", "price_explanation", tender.price_weighting),
            ("Quality", "quality_explanation", tender.quality_weighting),
        )
        if Decimal(weight) > 0
    ]
    problems = []
    for (lot, bidder), bid in sorted(bids.items()):
        if bid.status == BidStatus.EXCLUDED.value:
            continue
        for label, column in parts:
            if not getattr(bid, column).strip():
                problems.append(
                    f"Lot {lot}, {bidder}: {label} has no explanation. Under the "
                    f"{regime.law} the assessment summary must explain the score on every "
                    f"award criterion ({regime.summary_rules}): give it in the Bids sheet of "
                    "the tender pack "
                    f"('{label} explanation', pack format 2)"
                )
    return problems


def with_explanations(
    bids: Mapping[tuple[str, str], BidFacts], rationales: dict[tuple[str, str], dict[str, str]]
) -> dict[tuple[str, str], dict[str, str]]:
    """``rationales`` with each bid's price and quality explanations beside them, as the
    letters quote them (for the check of names a letter must not show): the reviewed letter
    text where ``rationales`` has one already."""
    for key, bid in bids.items():
        for label, text in ((PRICE, bid.price_explanation), (QUALITY, bid.quality_explanation)):
            if text.strip():
                rationales.setdefault(key, {}).setdefault(label, text.strip())
    return rationales
