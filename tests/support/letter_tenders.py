"""A moderated tender ready for letters, in any regime, with every kind of letter.

Lot 1 (SV1 weight 12, SV2 weight 8 with a minimum score of 25; price 40, quality 40):

* B02 Beta Services plc wins: 38 + 28 + 6 + 8 = 80.
* B01 Alpha Grounds Ltd is second: 35 + 30 + 9 + 4 = 78 (higher than B02 on SV1 only).
* B03 Gamma Łąki Ltd would total 82, but scored 0 on SV2, below its minimum: not eligible.
* B04 Delta & Sons Ltd is excluded.

Lot 2 has one bid, B02's, which wins. Every rationale carries a token (``R-B01-SV1``) so
a test can say whose reasons a letter quotes; every reconciliation note carries
``RECONCILED-NOTE`` and must never appear in a letter.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from svdesk.domain.evaluation_rules import PanelRole
from svdesk.services.imports import import_pack
from svdesk.services.moderation import ConsensusEntry, open_moderation, record_consensus
from svdesk.services.panel import Declaration, add_member
from svdesk.services.scoring import ScoreEntry, submit_scores
from svdesk.store.database import Database, open_database
from tests.support.packs import ANSWER, write_pack

REF = "TST-2026-0001"
EVALUATORS = ("Ann Evaluator", "Ben Evaluator")
MODERATOR = "Mo Derator"
RECONCILED = "RECONCILED-NOTE"

NAMES = {
    "B01": "Alpha Grounds Ltd",
    "B02": "Beta Services plc",
    "B03": "Gamma Łąki Ltd",
    "B04": "Delta & Sons Ltd",
}
CONTACTS = {
    "B01": "Zoë Ó Súilleabháin",
    "B02": "Łukasz Nowak",
    "B03": "Cat Gamma",
    "B04": "Dan Delta",
}
EXCLUDED_REASON = "Did not provide evidence of insurance by the clarification deadline."

# (lot, bidder, criterion) -> consensus score
CONSENSUS = {
    ("1", "B01", "SV1"): 75,
    ("1", "B01", "SV2"): 50,
    ("1", "B02", "SV1"): 50,
    ("1", "B02", "SV2"): 100,
    ("1", "B03", "SV1"): 100,
    ("1", "B03", "SV2"): 0,
    ("2", "B02", "SV1"): 25,
    ("2", "B02", "SV2"): 25,
}


def token(lot: str, bidder: str, criterion: str) -> str:
    return f"R-{bidder}-{criterion}" + ("" if lot == "1" else f"-L{lot}")


def rationale(lot: str, bidder: str, criterion: str, score: int) -> str:
    mark = token(lot, bidder, criterion)
    if criterion == "SV1":
        return (
            f"Sub-criterion 1 (new jobs): {mark} the response commits to four local jobs "
            f"with dates. Sub-criterion 2 (skills): {mark}-skills two apprenticeships with "
            f"a named college, so {score} fits the descriptor."
        )
    return (
        f"{mark}: the response earns {score} for four local residents in permanent roles, "
        "with quarterly KPI reports."
    )


def explanations(lot: str, bidder: str) -> tuple[str, str]:
    """The price and quality explanations of a bid (pack format 2), tokens ``P-B01`` and
    ``Q-B01`` (``-L2`` in lot 2) for tests to find."""
    mark = bidder + ("" if lot == "1" else f"-L{lot}")
    return (
        f"P-{mark}: the tendered price was scored against the lowest compliant price.",
        f"Q-{mark}: the method statement met the quality requirements as scored.",
    )


def sheets(regime: str) -> dict[str, list[list[object]]]:
    return {
        "Tender": [
            ["Field", "Value"],
            ["Reference", REF],
            ["Title", "Grounds Maintenance"],
            ["Authority", "Testshire County Council"],
            ["Authority address", "County Hall\nTestford\nTS1 1AA"],
            ["Regime", regime],
            ["Price weighting", 40],
            ["Quality weighting", 40],
            ["Social value weighting", 20],
            ["Contact name", "Alex Procurer"],
            ["Contact email", "alex@example.gov.uk"],
            ["Signatory", "Sam Signer, Head of Procurement"],
            ["Tender documents", "Invitation to Tender TST-2026-0001, Part 4 (Award criteria)"],
        ],
        "Lots": [["Lot", "Title"], ["1", "North"], ["2", "South"]],
        "Criteria": [
            ["Code", "Title", "Question", "Sub-criteria", "Weight", "Minimum score"],
            ["SV1", "Jobs", "How will you create jobs?", "New jobs\nSkills", 12, None],
            ["SV2", "Environment", "How will you cut emissions?", None, 8, 25],
        ],
        "Bidders": [
            ["Bidder", "Name", "Identifier", "Address", "Contact", "Email"],
            *[
                [
                    key,
                    NAMES[key],
                    f"0{n}234567",
                    f"{n} High St\nTestford",
                    CONTACTS[key],
                    f"{key.lower()}@example.com",
                ]
                for n, key in enumerate(NAMES, start=1)
            ],
        ],
        "Bids": [
            [
                "Bidder",
                "Lot",
                "Price score",
                "Quality score",
                "Status",
                "Excluded reason",
                "Price explanation",
                "Quality explanation",
            ],
            ["B01", "1", 35, 30, "compliant", None, *explanations("1", "B01")],
            ["B02", "1", 38, 28, "compliant", None, *explanations("1", "B02")],
            ["B03", "1", 40, 30, "compliant", None, *explanations("1", "B03")],
            ["B04", "1", 39, 31, "excluded", EXCLUDED_REASON, None, None],
            ["B02", "2", 37.5, 31, "compliant", None, *explanations("2", "B02")],
        ],
        "Responses": [
            ["Bidder", "Lot", "Criterion", "Answer"],
            *[[b, lot, c, ANSWER] for (lot, b, c) in CONSENSUS],
            ["B04", "1", "SV1", ANSWER],
            ["B04", "1", "SV2", ANSWER],
        ],
    }


def make_tender(
    folder: Path,
    regime: str = "procurement-act-2023",
    consensus: dict[tuple[str, str, str], int] | None = None,
    edit: Callable[[dict[str, list[list[object]]]], None] | None = None,
    evaluators: tuple[str, ...] = EVALUATORS,
) -> Database:
    """Import, score and moderate the tender; it passes the readiness check.

    ``edit`` may change the pack's sheets before the import (a bidder's name, say)."""
    scores = CONSENSUS if consensus is None else consensus
    db = open_database(folder / f"{regime}.sqlite")
    pack = sheets(regime)
    if edit is not None:
        edit(pack)
    import_pack(db, write_pack(folder / f"{regime}.xlsx", pack))  # type: ignore[arg-type]
    for name in evaluators:
        add_member(db, REF, name)
    add_member(db, REF, MODERATOR, PanelRole.MODERATOR)
    declared = [Declaration(key, False) for key in NAMES]
    why = "Clear commitments with numbers, dates and a credible reporting plan."
    for n, name in enumerate(evaluators):
        entries = [
            # Ben scores B01's SV1 a step lower, so the panel must reconcile the two.
            ScoreEntry(
                lot, bidder, code, score - (25 if n and key == ("1", "B01", "SV1") else 0), why
            )
            for key in scores
            for (lot, bidder, code), score in [(key, scores[key])]
        ]
        submit_scores(db, REF, name, entries, declared)
    open_moderation(db, REF)
    record_consensus(
        db,
        REF,
        [
            ConsensusEntry(
                lot,
                bidder,
                code,
                score,
                rationale(lot, bidder, code, score),
                f"{RECONCILED}: the panel discussed the evidence and agreed the score.",
            )
            for (lot, bidder, code), score in scores.items()
        ],
    )
    return db
