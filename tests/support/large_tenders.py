"""A tender of any size, at any stage of its evaluation: for documents that must cope with
many bidders, many criteria and long names."""

from __future__ import annotations

import random
from pathlib import Path

from svdesk.domain.evaluation_rules import PanelRole
from svdesk.services.imports import import_pack
from svdesk.services.moderation import ConsensusEntry, open_moderation, record_consensus
from svdesk.services.panel import Declaration, add_member
from svdesk.services.scoring import ScoreEntry, submit_scores
from svdesk.store.database import Database
from tests.support.packs import write_pack

REFERENCE = "BIG-2026-0001"
STAGES = ("imported", "scoring", "moderated")
EVALUATORS = ("Ann Evaluator", "Ben Evaluator")
WHY = "Specific commitments with numbers and dates, and a credible plan for reporting them."
SCALE = (0, 25, 50, 75, 100)


def bidder_name(number: int, length: int) -> str:
    base = f"Bidder {number:03d} Community Interest Company"
    words = " and Partners Regional Services Group"
    name = base
    while len(name) < length:
        name += words
    return name[:length].rstrip()


def large_tender(
    db: Database, folder: Path, *, bidders: int, criteria: int, name_length: int = 30, stage: str
) -> str:
    """Import a one-lot tender of ``bidders`` x ``criteria`` and take it to ``stage``:
    ``imported`` (no scores), ``scoring`` (one evaluator done, the other half way) or
    ``moderated`` (every consensus recorded)."""
    assert stage in STAGES
    weight = 2
    sheets: dict[str, list[list[object]]] = {
        "Tender": [
            ["Field", "Value"],
            ["Reference", REFERENCE],
            ["Title", "Highways, grounds and building maintenance framework"],
            ["Authority", "Testshire County Council"],
            ["Price weighting", 50],
            ["Quality weighting", 50 - weight * criteria],
            ["Social value weighting", weight * criteria],
        ],
        "Criteria": [
            ["Code", "Title", "Question", "Weight"],
            *[
                [f"SV{n}", f"Criterion {n}: local skills and employment", "How will you?", weight]
                for n in range(1, criteria + 1)
            ],
        ],
        "Bidders": [
            ["Bidder", "Name"],
            *[[f"B{n:03d}", bidder_name(n, name_length)] for n in range(1, bidders + 1)],
        ],
        "Bids": [
            ["Bidder", "Price score", "Quality score", "Price explanation", "Quality explanation"],
            *[
                [f"B{n:03d}", 30 + n % 20, 20, "Scored by the price model.", "Scored as set."]
                for n in range(1, bidders + 1)
            ],
        ],
        "Responses": [
            ["Bidder", "Criterion", "Answer"],
            *[
                [f"B{b:03d}", f"SV{c}", "We will recruit locally and report each quarter."]
                for b in range(1, bidders + 1)
                for c in range(1, criteria + 1)
            ],
        ],
    }
    import_pack(db, write_pack(folder / "large.xlsx", sheets))
    if stage == "imported":
        return REFERENCE
    for name in EVALUATORS:
        add_member(db, REFERENCE, name)
    add_member(db, REFERENCE, "Mo Derator", PanelRole.MODERATOR)
    chance = random.Random(7)
    keys = [(f"B{b:03d}", f"SV{c}") for b in range(1, bidders + 1) for c in range(1, criteria + 1)]
    scores = {name: {key: chance.choice(SCALE) for key in keys} for name in EVALUATORS}
    declarations = [Declaration(f"B{b:03d}", False) for b in range(1, bidders + 1)]
    for number, name in enumerate(EVALUATORS):
        done = keys if stage == "moderated" or number == 0 else keys[: len(keys) // 2]
        entries = [ScoreEntry("1", b, c, scores[name][(b, c)], WHY) for b, c in done]
        submit_scores(db, REFERENCE, name, entries, declarations)
    if stage == "moderated":
        open_moderation(db, REFERENCE)
        record_consensus(
            db,
            REFERENCE,
            [
                ConsensusEntry(
                    "1",
                    b,
                    c,
                    max(scores[name][(b, c)] for name in EVALUATORS),
                    "The panel agreed the higher score after reading the answer again together.",
                    "The panel discussed the difference and agreed on the evidence given.",
                )
                for b, c in keys
            ],
        )
    return REFERENCE
