"""A whole evaluation through the services, checked against figures worked out by hand."""

from __future__ import annotations

import json
import sqlite3
from decimal import Decimal
from pathlib import Path

import pytest

from svdesk.domain.evaluation_rules import PanelRole
from svdesk.services.audit_trail import audit_entries, verify
from svdesk.services.imports import import_pack
from svdesk.services.moderation import (
    ConsensusEntry,
    moderation_items,
    open_moderation,
    record_consensus,
)
from svdesk.services.panel import Declaration, add_member, list_members
from svdesk.services.readiness import readiness_problems
from svdesk.services.refusals import Refused
from svdesk.services.results import dumps, results_json, tender_results
from svdesk.services.scoring import ScoreEntry, individual_scores, my_responses, submit_scores
from svdesk.store import audit
from svdesk.store.database import Database, open_database
from tests.support.packs import VALID_SCORES, set_cell, valid_sheets, write_pack
from tests.support.snapshot import snapshot

REF = "TST-2026-0001"
WHY = "Clear commitments with numbers, dates and a credible reporting plan."
NONE_DECLARED = [Declaration("B01", False), Declaration("B02", False)]


def reasons(score: int) -> str:
    """A moderated rationale as a panel writes one: it refers to what the answer offers."""
    return (
        f"The response earns {score}: four local residents recruited into permanent roles, "
        "two for care leavers, with quarterly KPI reports."
    )


# (lot, bidder, criterion) -> consensus score
CONSENSUS = VALID_SCORES


@pytest.fixture
def tender(tmp_path: Path) -> Database:
    sheets = valid_sheets()
    set_cell(sheets, "Tender", 11, "Value", "alex@example.gov.uk")
    sheets["Tender"].append(["Signatory", "Sam Signer, Head of Procurement"])
    path = write_pack(tmp_path / "p.xlsx", sheets)
    db = open_database(tmp_path / "t.sqlite")
    import_pack(db, path)
    for name in ("Ann Evaluator", "Ben Evaluator"):
        add_member(db, REF, name)
    add_member(db, REF, "Mo Derator", PanelRole.MODERATOR)
    return db


def entries(scores: dict[tuple[str, str, str], int], why: str = WHY) -> list[ScoreEntry]:
    return [
        ScoreEntry(lot, bidder, code, score, why) for (lot, bidder, code), score in scores.items()
    ]


def score_everything(db: Database) -> None:
    for name in ("Ann Evaluator", "Ben Evaluator"):
        submit_scores(db, REF, name, entries(CONSENSUS), NONE_DECLARED)


def agree(db: Database) -> None:
    open_moderation(db, REF)
    record_consensus(
        db,
        REF,
        [
            ConsensusEntry(lot, bidder, code, score, reasons(score))
            for (lot, bidder, code), score in CONSENSUS.items()
        ],
    )


def test_results_by_hand(tender: Database) -> None:
    score_everything(tender)
    agree(tender)
    document = json.loads(dumps(results_json(tender_results(tender, REF))))
    lot1, lot2 = document["lots"]
    # Lot 1: B01 = 35 + 30 + (75/100 x 12 = 9) + (50/100 x 8 = 4) = 78
    #        B02 = 38 + 28 + (50/100 x 12 = 6) + (100/100 x 8 = 8) = 80 -> winner
    assert lot1["winner"] == "B02"
    assert [(b["bidder"], b["rank"], b["total"]) for b in lot1["bids"]] == [
        ("B02", 1, 80),
        ("B01", 2, 78),
    ]
    b01 = next(b for b in lot1["bids"] if b["bidder"] == "B01")
    assert b01["criteria"] == [
        {"criterion": "SV1", "score": 75, "weighted": 9},
        {"criterion": "SV2", "score": 50, "weighted": 4},
    ]
    assert b01["social_value"] == 13
    # Lot 2: B02 = 37.5 + 31 + 3 + 2 = 73.5
    assert lot2["winner"] == "B02"
    assert lot2["bids"][0]["total"] == 73.5
    assert document["complete"] is True
    assert readiness_problems(tender, REF) == []
    assert verify(tender, REF) == []


def test_scores_stay_private_until_moderation_opens(tender: Database) -> None:
    score_everything(tender)
    ann = individual_scores(tender, REF, "Ann Evaluator")
    assert {s.evaluator for s in ann} == {"Ann Evaluator"}
    with pytest.raises(Refused, match="moderation has not opened"):
        individual_scores(tender, REF, "Mo Derator")
    with pytest.raises(Refused, match="has not opened"):
        moderation_items(tender, REF)
    open_moderation(tender, REF)
    assert {s.evaluator for s in individual_scores(tender, REF, "Ann Evaluator")} == {
        "Ann Evaluator",
        "Ben Evaluator",
    }


def test_declarations_come_before_scores(tender: Database) -> None:
    with pytest.raises(Refused) as refused:
        submit_scores(tender, REF, "Ann Evaluator", entries(CONSENSUS))
    assert refused.value.reasons == [
        "Ann Evaluator has not declared their interests for B01, B02: declare a conflict (or "
        "none) for every bidder before scoring"
    ]


def test_a_conflict_takes_the_evaluator_off_that_bidder(tender: Database, tmp_path: Path) -> None:
    declarations = [
        Declaration("B01", True, "Former employee of Alpha Grounds until 2024"),
        Declaration("B02", False),
    ]
    before = snapshot(tmp_path / "t.sqlite")
    with pytest.raises(Refused) as refused:
        submit_scores(tender, REF, "Ann Evaluator", entries(CONSENSUS), declarations)
    assert refused.value.reasons == [
        "Ann Evaluator declared a conflict of interest with B01 and cannot score its responses",
        "Ann Evaluator declared a conflict of interest with B01 and cannot score its responses",
    ]
    assert snapshot(tmp_path / "t.sqlite") == before
    others = {k: v for k, v in CONSENSUS.items() if k[1] != "B01"}
    submit_scores(tender, REF, "Ann Evaluator", entries(others), declarations)
    assert {r.bidder for r in my_responses(tender, REF, "Ann Evaluator")} == {"B02"}
    members = {m.name: m for m in list_members(tender, REF)}
    assert members["Ann Evaluator"].conflicts == ("B01",)


@pytest.mark.parametrize(
    ("entry", "reason"),
    [
        (
            ScoreEntry("1", "B01", "SV1", 55, WHY, where_score="Scores!L2"),
            "Scores!L2: 55 is not a score of the scale (0, 25, 50, 75 or 100)",
        ),
        (
            ScoreEntry("1", "B01", "SV1", 75, "", where_justification="Scores!M2"),
            "Scores!M2: a score needs its justification: the Justification cell is blank",
        ),
        (
            ScoreEntry("1", "B01", "SV1", 75, "Good.", where_justification="Scores!M2"),
            "Scores!M2: the justification is too short (1 word): write at least a sentence of 6 "
            "words or more explaining the score",
        ),
        (
            ScoreEntry("2", "B01", "SV1", 75, WHY, where_row="Scores!2:2"),
            "Scores!2:2: no response of TST-2026-0001 matches lot '2', bidder 'B01', criterion "
            "'SV1'",
        ),
    ],
)
def test_bad_scores_are_refused_and_change_nothing(
    tender: Database, tmp_path: Path, entry: ScoreEntry, reason: str
) -> None:
    before = snapshot(tmp_path / "t.sqlite")
    with pytest.raises(Refused) as refused:
        submit_scores(tender, REF, "Ann Evaluator", [entry], NONE_DECLARED)
    assert refused.value.reasons == [reason]
    assert snapshot(tmp_path / "t.sqlite") == before


def test_not_on_the_panel(tender: Database) -> None:
    with pytest.raises(Refused, match="Zed Nobody is not on the panel of TST-2026-0001"):
        submit_scores(tender, REF, "Zed Nobody", entries(CONSENSUS), NONE_DECLARED)
    with pytest.raises(Refused, match="is the moderator of TST-2026-0001, not an evaluator"):
        submit_scores(tender, REF, "mo derator", entries(CONSENSUS), NONE_DECLARED)


def test_resubmitting_the_same_changes_nothing_and_a_change_is_audited(tender: Database) -> None:
    score_everything(tender)
    count = len(audit_entries(tender, REF))
    outcome = submit_scores(tender, REF, "Ann Evaluator", entries(CONSENSUS), NONE_DECLARED)
    assert outcome.unchanged == 6
    assert len(audit_entries(tender, REF)) == count
    changed = dict(CONSENSUS)
    changed[("1", "B01", "SV1")] = 100
    outcome = submit_scores(tender, REF, "Ann Evaluator", entries(changed), NONE_DECLARED)
    assert outcome.changed == 1
    # The record holds both values (shown to the panel once moderation opens).
    with tender.reading() as session:
        last = audit.entries(session, REF)[-1]
    assert (last.action, last.entity, last.entity_key) == (
        "changed",
        "score",
        "Ann Evaluator / lot 1 / B01 / SV1",
    )
    assert last.old["score"] == 75
    assert last.new["score"] == 100


def test_consensus_needs_a_reconciliation_where_evaluators_differed(tender: Database) -> None:
    submit_scores(tender, REF, "Ann Evaluator", entries(CONSENSUS), NONE_DECLARED)
    differing = dict(CONSENSUS)
    differing[("1", "B01", "SV1")] = 25
    submit_scores(tender, REF, "Ben Evaluator", entries(differing), NONE_DECLARED)
    open_moderation(tender, REF)
    items = {(i.lot, i.bidder, i.criterion): i for i in moderation_items(tender, REF)}
    flagged = items[("1", "B01", "SV1")]
    assert flagged.flagged
    assert flagged.steps_apart == 2
    assert [s.score for s in flagged.scores] == [75, 25]
    with pytest.raises(Refused) as refused:
        record_consensus(
            tender,
            REF,
            [
                ConsensusEntry(
                    "1",
                    "B01",
                    "SV1",
                    50,
                    reasons(50),
                    where_reconciliation="Consensus!F2",
                )
            ],
        )
    assert refused.value.reasons == [
        "Consensus!F2: the reconciliation is required; the evaluators' scores differed (75, "
        "25), so say how the panel reconciled them"
    ]


def test_consensus_for_a_bidder_that_did_not_bid_in_that_lot(tender: Database) -> None:
    open_moderation(tender, REF)
    with pytest.raises(Refused) as refused:
        record_consensus(
            tender,
            REF,
            [
                ConsensusEntry(
                    "2",
                    "B01",
                    "SV1",
                    50,
                    reasons(50),
                    where_row="Consensus!3:3",
                )
            ],
        )
    assert refused.value.reasons == ["Consensus!3:3: bidder B01 did not bid for lot 2"]


def test_check_lists_what_is_missing(tender: Database) -> None:
    problems = readiness_problems(tender, REF)
    assert "Panel: Ann Evaluator has not declared their interests for B01, B02" in problems
    assert "Lot 1, B01, SV1: no moderated score and rationale yet" in problems
    assert "Lot 1: 4 responses have no moderated score yet" in problems


def test_check_finds_a_tie_and_a_missing_identifier(tender: Database, tmp_path: Path) -> None:
    score_everything(tender)
    open_moderation(tender, REF)
    tied = dict(CONSENSUS)
    # B01 = 35 + 30 + (75% of 12 = 9) + (75% of 8 = 6) = 80, as B02's 38 + 28 + 6 + 8;
    # the tie-break (social value, 15 against 14) puts B01 first.
    tied[("1", "B01", "SV2")] = 75
    record_consensus(
        tender,
        REF,
        [
            ConsensusEntry(
                lot,
                bidder,
                code,
                score,
                reasons(score),
                "Agreed after discussing the evidence in the answer.",
            )
            for (lot, bidder, code), score in tied.items()
        ],
    )
    lot1 = tender_results(tender, REF).lots[0]
    assert lot1.winner == "B01"
    assert [b.total for b in lot1.bids] == [Decimal(80), Decimal(80)]
    with sqlite3.connect(tmp_path / "t.sqlite") as connection:
        connection.execute("UPDATE bidder SET identifier = '' WHERE key = 'B02'")
    connection.close()
    assert any(
        p.startswith("Bidder B02 (Beta Services plc) has no Identifier")
        for p in readiness_problems(tender, REF)
    )


def test_audit_verify_detects_raw_sql_edits(tender: Database, tmp_path: Path) -> None:
    score_everything(tender)
    agree(tender)
    assert verify(tender, REF) == []
    path = tmp_path / "t.sqlite"
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE evaluator_score SET score = 100 WHERE id = 1")
    connection.close()
    problems = verify(tender, REF)
    assert len(problems) == 1
    assert "changed outside svdesk" in problems[0]
    assert "now score 100" in problems[0]


def test_audit_verify_detects_an_edited_or_removed_entry(tender: Database, tmp_path: Path) -> None:
    score_everything(tender)
    path = tmp_path / "t.sqlite"
    with sqlite3.connect(path) as connection:
        with pytest.raises(sqlite3.DatabaseError, match="audit trail cannot be changed"):
            connection.execute("UPDATE audit_event SET actor = 'someone' WHERE id = 3")
        connection.execute("DROP TRIGGER audit_event_no_update")
        connection.execute("DROP TRIGGER audit_event_no_delete")
        connection.execute("UPDATE audit_event SET actor = 'someone else' WHERE id = 3")
        connection.execute("DELETE FROM audit_event WHERE id = 5")
    connection.close()
    problems = verify(tender, REF)
    assert any(p.startswith("entry 3 (") and "changed outside svdesk" in p for p in problems)
    assert "entry 5 is missing (removed outside svdesk)" in problems
    assert any(p.startswith("entry 6 does not follow on") for p in problems)


def test_audit_verify_detects_an_inserted_entry(tender: Database, tmp_path: Path) -> None:
    score_everything(tender)
    with sqlite3.connect(tmp_path / "t.sqlite") as connection:
        connection.execute(
            "INSERT INTO audit_event (tender_reference, occurred_at, actor, action, entity, "
            "entity_key, old_value, new_value, prev_hash, hash) VALUES (?, ?, 'x', 'changed', "
            "'score', 'k', NULL, NULL, ?, ?)",
            (REF, "2026-11-25T00:00:00+00:00", "0" * 64, "f" * 64),
        )
    connection.close()
    problems = verify(tender, REF)
    assert any("does not follow on" in p for p in problems)
    assert any("changed outside svdesk" in p for p in problems)


def test_average_method_counts_the_mean_of_submitted_scores(tmp_path: Path) -> None:
    sheets = valid_sheets()
    sheets["Tender"].append(["Scoring method", "average"])
    db = open_database(tmp_path / "avg.sqlite")
    import_pack(db, write_pack(tmp_path / "avg.xlsx", sheets))
    add_member(db, REF, "Ann Evaluator")
    add_member(db, REF, "Ben Evaluator")
    add_member(db, REF, "Cat Evaluator")
    submit_scores(db, REF, "Ann Evaluator", entries(CONSENSUS), NONE_DECLARED)
    other = {k: (50 if v == 75 else v) for k, v in CONSENSUS.items()}
    submit_scores(db, REF, "Ben Evaluator", entries(other), NONE_DECLARED)
    # A draft (no score) does not count towards the mean.
    submit_scores(
        db, REF, "Cat Evaluator", [ScoreEntry("1", "B01", "SV1", None, WHY)], NONE_DECLARED
    )
    lot1 = tender_results(db, REF, "1").lots[0]
    b01 = next(b for b in lot1.bids if b.bidder == "B01")
    # SV1: mean of 75 and 50 = 62.5 -> 62.5/100 x 12 = 7.5; SV2: 50 -> 4.
    assert b01.criteria[0].score == Decimal("62.5")
    assert b01.criteria[0].weighted == Decimal("7.5")
    assert b01.total == Decimal("76.5")
    db.close()


def test_the_audit_trail_keeps_scores_private_until_moderation(
    tender: Database, tmp_path: Path
) -> None:
    score_everything(tender)
    scores = [e for e in audit_entries(tender, REF) if e.entity == "score"]
    assert scores
    assert {e.new for e in scores} == {"private until moderation opens"}
    with sqlite3.connect(tmp_path / "t.sqlite") as connection:
        connection.execute("UPDATE evaluator_score SET score = 100 WHERE id = 1")
    connection.close()
    problems = verify(tender, REF)
    assert len(problems) == 1
    assert "changed outside svdesk" in problems[0]
    assert "100" not in problems[0]
    open_moderation(tender, REF)
    assert any(
        isinstance(e.new, dict) and e.new["score"] == 75
        for e in audit_entries(tender, REF)
        if e.entity == "score"
    )
