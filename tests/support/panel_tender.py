"""A tender for the evaluator's workspace: two lots, an excluded bid, an answer not given,
and a panel of two evaluators and a moderator."""

from __future__ import annotations

from pathlib import Path

from svdesk.domain.evaluation_rules import PanelRole
from svdesk.services.imports import import_pack
from svdesk.services.panel import Declaration, add_member, declare
from svdesk.store.database import Database, open_database
from tests.support.packs import ANSWER, valid_sheets, write_pack

REF = "TST-2026-0001"
ANN = "Ann Evaluator"
BEN = "Ben Evaluator"
MO = "Mo Derator"
WHY = "Clear commitments with numbers, dates and a credible reporting plan."
NONE_DECLARED = [Declaration("B01", False), Declaration("B02", False), Declaration("B03", False)]
# What Ann must score: lot 1 has B01 and B02 (B03's bid is excluded), lot 2 has B02, whose
# SV2 answer is missing.
LOT_1 = [("1", b, c) for b in ("B01", "B02") for c in ("SV1", "SV2")]
LOT_2 = [("2", "B02", "SV1"), ("2", "B02", "SV2")]


def panel_tender(folder: Path) -> tuple[Database, Path]:
    """The database (open) and its path."""
    sheets = valid_sheets()
    sheets["Tender"].append(["Signatory", "Sam Signer, Head of Procurement"])
    sheets["Bidders"].append(
        ["B03", "Gamma Gardens", "05555555", "3 Mid Way\nTestford", "Cy", "c@example.com"]
    )
    sheets["Bids"].append(["B03", "1", 20, 20, "excluded", "Late submission"])
    sheets["Responses"] = [row for row in sheets["Responses"] if row[:3] != ["B02", "2", "SV2"]] + [
        ["B03", "1", "SV1", ANSWER, None],
        ["B03", "1", "SV2", ANSWER, None],
    ]
    path = folder / "t.sqlite"
    db = open_database(path)
    import_pack(db, write_pack(folder / "p.xlsx", sheets))
    add_member(db, REF, ANN)
    add_member(db, REF, BEN)
    add_member(db, REF, MO, PanelRole.MODERATOR)
    return db, path


def declared_tender(folder: Path) -> tuple[Database, Path]:
    """The same, with both evaluators' declarations made (no conflicts)."""
    db, path = panel_tender(folder)
    declare(db, REF, ANN, NONE_DECLARED)
    declare(db, REF, BEN, NONE_DECLARED)
    return db, path
