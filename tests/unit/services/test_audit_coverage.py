"""The audit trail covers every figure that decides an award, and its tip anchors it.

Each tampering below was made with raw SQL against a real database: before the trail
covered the whole decision, ``audit --verify`` said "intact" and ``check`` said ready
while the winner changed.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from svdesk.services.audit_trail import check_trail, parse_tip, verify
from svdesk.services.readiness import readiness_problems
from svdesk.services.refusals import Refused
from svdesk.services.results import tender_results
from svdesk.store import audit
from svdesk.store.database import Database
from tests.unit.services.test_evaluation_flow import REF, agree, score_everything, tender

__all__ = ["tender"]  # the fixture, shared with the evaluation flow's tests


def raw(path: Path, *statements: str) -> None:
    with sqlite3.connect(path) as connection:
        for statement in statements:
            connection.execute(statement)
    connection.close()


def winner(db: Database, lot: str) -> str | None:
    return tender_results(db, REF, lot).lots[0].winner


@pytest.fixture
def moderated(tender: Database) -> Database:
    score_everything(tender)
    agree(tender)
    assert verify(tender, REF) == []
    assert readiness_problems(tender, REF) == []
    return tender


# Each: the statement, and words the report must contain to name the item and the change.
TAMPERING = {
    "price score": (
        "UPDATE bid SET price_score = '40' WHERE id = 1",
        ["the bid lot 1 / B01 differs", "price score now 40, recorded 35"],
    ),
    "quality score": (
        "UPDATE bid SET quality_score = '40' WHERE id = 1",
        ["the bid lot 1 / B01 differs", "quality score now 40, recorded 30"],
    ),
    "status": (
        "UPDATE bid SET status = 'excluded', excluded_reason = 'late' "
        "WHERE id = (SELECT bid.id FROM bid JOIN bidder ON bidder.id = bid.bidder_id "
        "JOIN lot ON lot.id = bid.lot_id WHERE bidder.key = 'B02' AND lot.key = '1')",
        ["the bid lot 1 / B02 differs", "status now excluded, recorded compliant"],
    ),
    "criterion weight": (
        "UPDATE criterion SET weight = '2' WHERE code = 'SV1' "
        "AND lot_id = (SELECT id FROM lot WHERE key = '1')",
        ["the criterion lot 1 / SV1 differs", "weight now 2, recorded 12"],
    ),
    "minimum score": (
        "UPDATE criterion SET minimum_score = 100 WHERE code = 'SV1' "
        "AND lot_id = (SELECT id FROM lot WHERE key = '1')",
        ["the criterion lot 1 / SV1 differs", "minimum score now 100, recorded none"],
    ),
    "answer text": (
        "UPDATE response SET answer = 'Something else entirely.' WHERE id = 1",
        ["the response lot 1 / B01 / SV1 differs", "its answer text changed"],
    ),
    "tender weighting": (
        "UPDATE tender SET price_weighting = '60', quality_weighting = '20'",
        [
            f"the weightings and scoring method of {REF} differ",
            "price weighting now 60, recorded 40",
        ],
    ),
    "scale": (
        "UPDATE scale_level SET descriptor = 'Whatever' WHERE score = 100",
        [f"the scoring scale of {REF} differs"],
    ),
    "bidder name": (
        "UPDATE bidder SET name = 'Someone Else Ltd' WHERE key = 'B02'",
        ["the bidder B02 differs", "name now Someone Else Ltd"],
    ),
    "panel member removed": (
        "DELETE FROM panel_member WHERE name = 'Mo Derator'",
        ["the panel member Mo Derator recorded in the audit trail is no longer in the database"],
    ),
    "consensus": (
        "UPDATE consensus SET score = 0 WHERE id = 1",
        ["the consensus lot 1 / B01 / SV1 differs", "now score 0, recorded score 75"],
    ),
}


@pytest.mark.parametrize("change", list(TAMPERING))
def test_a_raw_change_to_any_figure_of_the_award_is_reported_by_name(
    moderated: Database, tmp_path: Path, change: str
) -> None:
    statement, words = TAMPERING[change]
    raw(tmp_path / "t.sqlite", statement)
    problems = verify(moderated, REF)
    assert len(problems) == 1, problems
    for word in words:
        assert word.replace("differs", "differ") in problems[0], problems[0]
    assert "changed outside svdesk" in problems[0] or "removed outside svdesk" in problems[0]
    # The readiness check (and so the letters) refuses on the same ground.
    assert [p for p in readiness_problems(moderated, REF) if p.startswith("Audit trail: ")] == [
        f"Audit trail: {problems[0]}"
    ]


def test_excluding_the_winner_behind_svdesks_back_changes_the_result_and_is_caught(
    moderated: Database, tmp_path: Path
) -> None:
    assert winner(moderated, "1") == "B02"
    raw(
        tmp_path / "t.sqlite",
        "UPDATE bid SET status = 'excluded' WHERE bidder_id = "
        "(SELECT id FROM bidder WHERE key = 'B02')",
    )
    assert winner(moderated, "1") == "B01"
    problems = verify(moderated, REF)
    assert any("the bid lot 1 / B02" in p for p in problems)
    assert any("the bid lot 2 / B02" in p for p in problems)


def test_a_changed_attachment_is_caught_by_its_content_hash(tmp_path: Path) -> None:
    from svdesk.services.demo import create_demo, demo_reference
    from svdesk.store.database import open_database

    path = tmp_path / "demo.sqlite"
    db = open_database(path)
    create_demo(db)
    reference = demo_reference()
    assert verify(db, reference) == []
    # The sha256 column is changed with the data, as a careful forger would.
    raw(
        path,
        "UPDATE attachment SET data = CAST('forged plan' AS BLOB), "
        "sha256 = 'x', size = 11, text = 'forged plan'",
    )
    problems = verify(db, reference)
    assert len(problems) == 1
    assert problems[0].startswith("the attachment attachments/")
    assert "the file's content changed" in problems[0]
    assert "the text read from the file changed" in problems[0]
    db.close()


def test_rows_added_outside_svdesk_are_reported(moderated: Database, tmp_path: Path) -> None:
    raw(
        tmp_path / "t.sqlite",
        "INSERT INTO lot (tender_id, key, title, position) VALUES (1, '9', 'Ghost lot', 9)",
    )
    assert verify(moderated, REF) == [
        "the lot 9 is in the database but the audit trail never recorded it (added outside svdesk)"
    ]


def rewrite_trail(path: Path, change: Callable[[sqlite3.Connection], None]) -> None:
    """What a forger with the database file can do: change the data, then rewrite every
    entry of the trail with recomputed hashes, so that the chain and the state agree."""
    with sqlite3.connect(path) as connection:
        connection.execute("DROP TRIGGER audit_event_no_update")
        change(connection)
        rows = connection.execute(
            "SELECT id, tender_reference, occurred_at, actor, action, entity, entity_key, "
            "old_value, new_value FROM audit_event ORDER BY id"
        ).fetchall()
        prev = audit.GENESIS
        for entry_id, *content in rows:
            digest = audit.entry_hash(prev, *content)
            connection.execute(
                "UPDATE audit_event SET prev_hash = ?, hash = ? WHERE id = ?",
                (prev, digest, entry_id),
            )
            prev = digest
    connection.close()


def test_a_trail_rewritten_end_to_end_is_caught_by_the_recorded_tip(
    moderated: Database, tmp_path: Path
) -> None:
    before = check_trail(moderated, REF)
    assert before.problems == []
    assert before.tip is not None
    recorded = str(before.tip)  # as stamped on a letter batch or the report

    def lower_b02s_price(connection: sqlite3.Connection) -> None:
        connection.execute(
            "UPDATE bid SET price_score = '1' WHERE bidder_id = 2 "
            "AND lot_id = (SELECT id FROM lot WHERE key = '1')"
        )
        connection.execute(
            'UPDATE audit_event SET new_value = replace(new_value, \'"price_score": "38"\', '
            "'\"price_score\": \"1\"') WHERE entity = 'bid' AND entity_key = 'lot 1 / B02'"
        )

    rewrite_trail(tmp_path / "t.sqlite", lower_b02s_price)
    assert winner(moderated, "1") == "B01"
    # Without the tip, the forgery holds together...
    assert verify(moderated, REF) == []
    # ...but the trail no longer extends the tip recorded before it.
    after = check_trail(moderated, REF, recorded)
    assert len(after.problems) == 1
    assert after.problems[0] == (
        f"the recorded tip {recorded} is no longer in the trail: the trail was rewritten "
        "after that tip was recorded on a document"
    )
    # The hash alone (at least 16 characters of it) is a tip too.
    assert check_trail(moderated, REF, before.tip.hash[:16]).problems == [
        f"the recorded tip {before.tip.hash[:16]} is no longer in the trail: the trail was "
        "rewritten after that tip was recorded on a document"
    ]


def test_a_trail_that_grew_honestly_still_extends_an_earlier_tip(tender: Database) -> None:
    early = check_trail(tender, REF).tip
    assert early is not None
    score_everything(tender)
    agree(tender)
    later = check_trail(tender, REF, f"{early.entries}:{early.hash}")
    assert later.problems == []
    assert later.anchor == early
    assert later.tip is not None
    assert later.tip.entries > early.entries
    assert check_trail(tender, REF, early.hash.upper()).anchor == early


def test_a_tip_beyond_the_end_of_the_trail_says_entries_were_removed(
    tender: Database,
) -> None:
    tip = check_trail(tender, REF).tip
    assert tip is not None
    problems = check_trail(tender, REF, f"{tip.entries + 5}:{tip.hash}").problems
    assert problems == [
        f"the recorded tip {tip.entries + 5}:{tip.hash} is entry {tip.entries + 5}, but the "
        f"trail now holds only {tip.entries} entries: entries were removed after the tip was "
        "recorded"
    ]


@pytest.mark.parametrize("text", ["", "abc", "12:xyz0123456789abcdef", "0:" + "a" * 64, "a" * 65])
def test_a_tip_that_is_not_one_is_refused_in_words(text: str) -> None:
    with pytest.raises(Refused) as refused:
        parse_tip(text)
    assert "is not an audit trail tip" in refused.value.reasons[0]
    assert "ENTRIES:HASH" in refused.value.reasons[0]


def test_a_tip_is_read_as_printed_with_spaces_and_thousands_separators() -> None:
    tip = parse_tip(" 1,234 : " + "AB" * 32 + " ")
    assert (tip.entries, tip.hash) == (1234, "ab" * 32)
