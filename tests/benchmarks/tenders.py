"""Large tenders for the benchmarks, built through the services as a panel would build them:
a pack imported, a panel that declares and scores every response, moderation opened and a
consensus recorded. Every step writes its audit trail, as in real use."""

from __future__ import annotations

import random
from pathlib import Path

SCALE = (0, 25, 50, 75, 100)
WHY = "Specific commitments with numbers, dates and a credible plan to report on them."


def write_pack(path: Path, reference: str, bidders: int, criteria: int) -> Path:
    """A pack of one lot: ``bidders`` bids answering ``criteria`` criteria each."""
    rng = random.Random(7)
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    tender = book.create_sheet("Tender")
    for row in (
        ("Field", "Value"),
        ("Reference", reference),
        ("Title", "Benchmark"),
        ("Authority", "Council"),
        ("Contact name", "Procurement Team"),
        ("Contact email", "procurement@council.example"),
        ("Signatory", "Head of Procurement"),
        # Each criterion weighs 1: the social value weighting is the number of criteria.
        ("Price weighting", 70 - criteria),
        ("Quality weighting", 30),
        ("Social value weighting", criteria),
    ):
        tender.append(row)
    sheet = book.create_sheet("Criteria")
    sheet.append(["Code", "Title", "Question", "Weight"])
    for c in range(criteria):
        sheet.append([f"SV{c + 1}", f"Criterion {c + 1}", "Question?", 1])
    people = book.create_sheet("Bidders")
    people.append(["Bidder", "Name", "Identifier"])
    bids = book.create_sheet("Bids")
    bids.append(
        ["Bidder", "Price score", "Quality score", "Price explanation", "Quality explanation"]
    )
    responses = book.create_sheet("Responses")
    responses.append(["Bidder", "Criterion", "Answer"])
    for b in range(bidders):
        key = f"B{b + 1:04}"
        people.append([key, f"Bidder {b + 1} Ltd", f"{b + 1:08}"])
        price, quality = round(rng.uniform(10, 40), 1), round(rng.uniform(10, 30), 1)
        bids.append([key, price, quality, f"Price {price}: {WHY}", f"Quality {quality}: {WHY}"])
        for c in range(criteria):
            responses.append([key, f"SV{c + 1}", f"Answer {b + 1}-{c + 1}: " + WHY * 3])
    book.save(path)
    return path


def build_evaluated_tender(
    folder: Path,
    reference: str,
    bidders: int,
    criteria: int,
    evaluators: int,
    *,
    moderated: bool = True,
) -> Path:
    """A database holding the tender, scored by every evaluator and moderated (or, without
    ``moderated``, with its moderation not yet open)."""
    from svdesk.domain.evaluation_rules import PanelRole
    from svdesk.services.imports import import_pack
    from svdesk.services.moderation import ConsensusEntry, open_moderation, record_consensus
    from svdesk.services.panel import Declaration, add_member
    from svdesk.services.scoring import ScoreEntry, submit_scores
    from svdesk.store.database import open_database

    rng = random.Random(11)
    path = folder / f"{reference}.sqlite"
    db = open_database(path)
    import_pack(db, write_pack(folder / f"{reference}.xlsx", reference, bidders, criteria))
    keys = [f"B{b + 1:04}" for b in range(bidders)]
    codes = [f"SV{c + 1}" for c in range(criteria)]
    declarations = [Declaration(key, False) for key in keys]
    for e in range(evaluators):
        name = f"Evaluator {e + 1}"
        add_member(db, reference, name)
        entries = [
            ScoreEntry("1", key, code, rng.choice(SCALE), WHY) for key in keys for code in codes
        ]
        submit_scores(db, reference, name, entries, declarations)
    add_member(db, reference, "Moderator", PanelRole.MODERATOR)
    if not moderated:
        db.close()
        return path
    open_moderation(db, reference)
    record_consensus(
        db,
        reference,
        [
            ConsensusEntry(
                "1",
                key,
                code,
                rng.choice(SCALE),
                f"Agreed: {WHY}",
                "The panel discussed the differing scores and agreed this one.",
            )
            for key in keys
            for code in codes
        ],
    )
    # The agreed reasons quote the winner's tender: an officer approves each such passage
    # before any letter goes out (the readiness check refuses letters until then).
    from svdesk.services.confidentiality_review import (
        PassageRef,
        approve_passage,
        confidentiality_review,
    )

    for passage in confidentiality_review(db, reference).open:
        where = PassageRef(passage.lot, passage.bidder, passage.criterion, passage.sentence)
        approve_passage(db, reference, where, "Moderator")
    db.close()
    return path


def kept_tender(
    folder: Path,
    reference: str,
    bidders: int,
    criteria: int,
    evaluators: int,
    *,
    moderated: bool = True,
) -> Path:
    """The tender's database in ``folder``: built through the services unless an earlier
    run kept it there (``--folder``)."""
    path = folder / f"{reference}.sqlite"
    if path.exists():
        return path
    return build_evaluated_tender(
        folder, reference, bidders, criteria, evaluators, moderated=moderated
    )
