"""One count of what is still missing: the results' banner, the list and ``check`` agree.

A response the bidder did not give counts as the lowest score of the scale (0.00); it was
listed by ``check`` as having no moderated score while the banner did not count it.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from svdesk.domain.outstanding import outstanding_responses
from svdesk.services.imports import import_pack
from svdesk.services.moderation import ConsensusEntry, open_moderation, record_consensus
from svdesk.services.readiness import readiness_problems
from svdesk.services.results import tender_results
from svdesk.store.database import Database, open_database
from tests.support.packs import set_cell, valid_sheets, write_pack
from tests.unit.services.test_evaluation_flow import CONSENSUS, REF, reasons, score_everything

__all__ = ["CONSENSUS"]


@pytest.fixture
def gap_tender(tmp_path: Path) -> Database:
    """The valid pack with B01 giving no answer to SV2 in lot 1."""
    from svdesk.domain.evaluation_rules import PanelRole
    from svdesk.services.panel import add_member

    sheets = valid_sheets()
    set_cell(sheets, "Tender", 11, "Value", "alex@example.gov.uk")
    sheets["Tender"].append(["Signatory", "Sam Signer, Head of Procurement"])
    sheets["Responses"] = [row for row in sheets["Responses"] if row[:3] != ["B01", "1", "SV2"]]
    path = write_pack(tmp_path / "p.xlsx", sheets)
    db = open_database(tmp_path / "t.sqlite")
    import_pack(db, path)
    for name in ("Ann Evaluator", "Ben Evaluator"):
        add_member(db, REF, name)
    add_member(db, REF, "Mo Derator", PanelRole.MODERATOR)
    return db


def _banner_count(problems: tuple[str, ...]) -> int:
    for problem in problems:
        found = re.match(r"(\d+) responses? ha(?:s|ve) no moderated score yet", problem)
        if found:
            return int(found.group(1))
    return 0


def test_a_missing_answer_at_the_lowest_score_is_not_listed_as_unmoderated(
    gap_tender: Database,
) -> None:
    score_everything(gap_tender)
    open_moderation(gap_tender, REF)
    # One response moderated: B02's SV1 in lot 1.
    record_consensus(gap_tender, REF, [ConsensusEntry("1", "B02", "SV1", 50, reasons(50))])
    lot1 = tender_results(gap_tender, REF, "1").lots[0]
    b01 = next(b for b in lot1.bids if b.bidder == "B01")
    shown_at_zero = next(c for c in b01.criteria if c.criterion == "SV2")
    assert shown_at_zero.score == 0
    listed = [
        p
        for p in readiness_problems(gap_tender, REF)
        if p.startswith("Lot 1, ") and "no moderated score" in p
    ]
    assert "Lot 1, B01, SV2: no moderated score and rationale yet" not in listed
    assert sorted(listed) == [
        "Lot 1, B01, SV1: no moderated score and rationale yet",
        "Lot 1, B02, SV2: no moderated score and rationale yet",
    ]
    assert _banner_count(lot1.problems) == len(listed) == 2
    assert outstanding_responses(lot1) == (("B01", "SV1"), ("B02", "SV2"))


def test_the_counts_agree_for_every_lot(gap_tender: Database) -> None:
    score_everything(gap_tender)
    problems = readiness_problems(gap_tender, REF)
    for lot in tender_results(gap_tender, REF).lots:
        listed = [p for p in problems if p.startswith(f"Lot {lot.lot}, ")]
        listed = [p for p in listed if "no moderated score" in p]
        assert _banner_count(lot.problems) == len(listed) == len(outstanding_responses(lot))
        assert f"Lot {lot.lot}: {lot.problems[0]}" in problems


def test_under_the_average_method_the_list_says_what_the_banner_counts(tmp_path: Path) -> None:
    """The mean of the evaluators' scores counts: the banner counts responses with no
    evaluator score, and the list says the same of the same responses."""
    from svdesk.domain.evaluation_rules import PanelRole
    from svdesk.services.panel import Declaration, add_member
    from svdesk.services.scoring import ScoreEntry, submit_scores

    sheets = valid_sheets()
    sheets["Tender"].append(["Scoring method", "average"])
    path = write_pack(tmp_path / "p.xlsx", sheets)
    db = open_database(tmp_path / "t.sqlite")
    import_pack(db, path)
    add_member(db, REF, "Ann Evaluator")
    add_member(db, REF, "Mo Derator", PanelRole.MODERATOR)
    why = "Clear commitments with numbers, dates and a credible reporting plan."
    lot_2 = [ScoreEntry(*k, v, why) for k, v in CONSENSUS.items() if k[0] == "2"]
    none = [Declaration("B01", False), Declaration("B02", False)]
    submit_scores(db, REF, "Ann Evaluator", lot_2, none)

    lot1 = tender_results(db, REF, "1").lots[0]
    assert lot1.problems[0] == "4 responses have no evaluator score yet"
    listed = [p for p in readiness_problems(db, REF) if p.startswith("Lot 1, ")]
    assert listed == [
        f"Lot 1, {bidder}, {code}: no evaluator score or moderated rationale yet"
        for bidder, code in outstanding_responses(lot1)
    ]
    db.close()
