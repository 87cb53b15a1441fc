"""How each regime's letters cite their law and name what they are.

The provisions are those the standstill count follows (``domain/standstill.py``); the
wording of the letters around them is in the templates.
"""

from __future__ import annotations

from dataclasses import dataclass

from svdesk.domain.model import Regime


@dataclass(frozen=True, slots=True)
class RegimeTerms:
    """How the law behind the letter is cited (the references of domain/standstill.py)."""

    regime: Regime
    law: str
    document: str  # what the letter is: "Assessment summary", "Award decision notice"
    notice_provision: str  # the provision that requires the letter
    content_provision: str  # the provision that sets what it contains
    standstill_provision: str
    best_tender: str  # "most advantageous tender", "most economically advantageous tender"
    rejected: str  # what became of a tender that was not assessed: "excluded", "rejected"
    rejection_document: str  # what the letter to such a tender is


REGIME_TERMS = {
    Regime.PROCUREMENT_ACT_2023: RegimeTerms(
        Regime.PROCUREMENT_ACT_2023,
        "Procurement Act 2023",
        "Assessment summary",
        "section 50 of the Procurement Act 2023",
        "regulation 31 of the Procurement Regulations 2024",
        "section 51 of the Procurement Act 2023",
        "most advantageous tender",
        "excluded",
        "Notice of exclusion or disregard",
    ),
    Regime.PCR_2015: RegimeTerms(
        Regime.PCR_2015,
        "Public Contracts Regulations 2015",
        "Award decision notice",
        "regulation 86 of the Public Contracts Regulations 2015",
        "regulation 86 of the Public Contracts Regulations 2015",
        "regulation 87 of the Public Contracts Regulations 2015",
        "most economically advantageous tender",
        "rejected",
        "Award decision notice",
    ),
    Regime.SCOTLAND_2015: RegimeTerms(
        Regime.SCOTLAND_2015,
        "Public Contracts (Scotland) Regulations 2015",
        "Award decision notice",
        "regulation 85 of the Public Contracts (Scotland) Regulations 2015",
        "regulation 85 of the Public Contracts (Scotland) Regulations 2015",
        "regulation 86 of the Public Contracts (Scotland) Regulations 2015",
        "most economically advantageous tender",
        "rejected",
        "Award decision notice",
    ),
}
