"""The winners' price and quality explanations in the confidentiality review: listed with the
letter reasons, decided the same way and into the same trail, reopened when the explanation
changes, and checked by ``audit --verify``."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from svdesk.services.audit_trail import audit_entries, verify
from svdesk.services.confidentiality_review import (
    REDACTED,
    PassageRef,
    approve_passage,
    confidentiality_review,
    edit_passage,
    redact_passage,
)
from svdesk.services.letter_reasons import tender_letter_texts
from svdesk.services.readiness import readiness_problems
from svdesk.services.refusals import Refused
from svdesk.store.database import Database
from tests.support.explanation_tenders import (
    LOSER_PRICE,
    PRICE_EDITED,
    WINNER_PRICE,
    WINNER_QUALITY,
    make_quoting_tender,
)
from tests.support.letter_tenders import REF

OFFICER = "Alex Procurer"
PRICE_SENTENCE = WINNER_PRICE.split(". ")[0] + "."


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = make_quoting_tender(tmp_path)
    yield database
    database.close()


def price(sentence: int = 1, as_read: str | None = None) -> PassageRef:
    return PassageRef("1", "B02", "price", sentence, as_read)


def test_the_winners_explanations_are_passages_labelled_price_and_quality(
    db: Database,
) -> None:
    review = confidentiality_review(db, REF)
    assert [(p.where, p.subject, p.approved) for p in review.passages] == [
        ("Lot 1, B02, Price, sentence 1", "Price explanation", False),
        ("Lot 1, B02, Quality, sentence 1", "Quality explanation", False),
    ]
    first, second = review.passages
    assert first.text == PRICE_SENTENCE
    assert "£566,800" in first.what
    assert "sum of money" in first.why
    assert "recruit four local residents into new permanent roles" in second.what
    # B01 lost lot 1: its own explanation, figure and all, goes only to itself.
    assert all(p.bidder == "B02" for p in review.passages)
    assert tender_letter_texts(db, REF)[("1", "B01")]["Price"] == LOSER_PRICE
    assert readiness_problems(db, REF) == [
        "Confidentiality review: 2 open passages in the reasons of lot 1's winning bid, B02 "
        "(Price sentence 1; Quality sentence 1): they quote its tender; approve, edit or "
        f"redact each (File > Confidentiality review…, or svdesk review list {REF})"
    ]


def test_a_losing_bids_explanation_is_not_reviewed(db: Database) -> None:
    with pytest.raises(
        Refused, match="only the winning bid's letter reasons and explanations are reviewed"
    ):
        approve_passage(db, REF, PassageRef("1", "B01", "Price", 1), OFFICER)


def test_decisions_are_recorded_with_who_and_what_and_letters_quote_them(db: Database) -> None:
    message = edit_passage(db, REF, price(1, PRICE_SENTENCE), PRICE_EDITED, OFFICER)
    assert message == f"Lot 1, B02, Price, sentence 1: edited by {OFFICER}"
    approve_passage(db, REF, PassageRef("1", "B02", "Quality", 1), OFFICER)
    assert confidentiality_review(db, REF).open == ()
    assert readiness_problems(db, REF) == []
    texts = tender_letter_texts(db, REF)[("1", "B02")]
    assert texts["Price"] == WINNER_PRICE.replace(PRICE_SENTENCE, PRICE_EDITED)
    assert texts["Quality"] == WINNER_QUALITY
    decisions = [
        (e.actor, e.action, e.entity_key, e.old, e.new)
        for e in audit_entries(db, REF)
        if e.entity == "letter reason"
    ]
    assert decisions == [
        (
            OFFICER,
            "edited",
            "lot 1 / B02 / Price / sentence 1",
            {"text": PRICE_SENTENCE},
            {"text": PRICE_EDITED},
        ),
        (
            OFFICER,
            "approved",
            "lot 1 / B02 / Quality / sentence 1",
            {"text": WINNER_QUALITY},
            {"text": WINNER_QUALITY},
        ),
    ]
    states = {e.entity_key: e.new for e in audit_entries(db, REF) if e.entity == "letter text"}
    assert states["lot 1 / B02 / Quality"] == {"text": WINNER_QUALITY, "approved": [WINNER_QUALITY]}
    assert verify(db, REF) == []


def test_a_redacted_price_leaves_the_rest_of_the_explanation(db: Database) -> None:
    redact_passage(db, REF, price(), OFFICER)
    text = tender_letter_texts(db, REF)[("1", "B02")]["Price"]
    assert text.startswith(REDACTED)
    assert "£566,800" not in text
    assert "by the published price model" in text


def test_a_changed_explanation_reopens_its_review(db: Database) -> None:
    approve_passage(db, REF, price(), OFFICER)
    assert [p.approved for p in confidentiality_review(db, REF).passages] == [True, False]
    changed = WINNER_PRICE.replace("£566,800", "£570,000")
    _sql(
        db,
        "UPDATE bid SET price_explanation = ? WHERE price_explanation = ?",
        changed,
        WINNER_PRICE,
    )
    assert tender_letter_texts(db, REF)[("1", "B02")]["Price"] == changed
    assert [p.approved for p in confidentiality_review(db, REF).passages] == [False, False]
    # The approval recorded no longer stands: the trail says the text was changed under it.
    assert any("letter text of lot 1 / B02 / Price" in p for p in verify(db, REF))


@pytest.mark.parametrize(
    ("statement", "item", "says"),
    [
        (
            "UPDATE letter_reason SET text = 'The annual price was £566,800.' WHERE part = 'price'",
            "the letter text of lot 1 / B02 / Price",
            "differs from what the audit trail last recorded (changed outside svdesk): text now",
        ),
        (
            "UPDATE letter_reason SET approved = '[]' WHERE part = 'quality'",
            "the letter text of lot 1 / B02 / Quality",
            "recorded in the audit trail is no longer in the database",
        ),
        (
            "UPDATE letter_reason SET text = text || ' They pay £9 an hour.' "
            "WHERE response_id = (SELECT min(id) FROM response)",
            "the letter text of lot 1 / B01 / SV1",
            "is in the database but the audit trail never recorded it (added outside svdesk)",
        ),
    ],
)
def test_audit_verify_finds_a_letter_text_changed_outside_svdesk(
    db: Database, statement: str, item: str, says: str
) -> None:
    edit_passage(db, REF, price(1, PRICE_SENTENCE), PRICE_EDITED, OFFICER)
    approve_passage(db, REF, PassageRef("1", "B02", "Quality", 1), OFFICER)
    assert verify(db, REF) == []
    _sql(db, statement)
    problems = verify(db, REF)
    assert [p for p in problems if p.startswith(item)], problems
    assert says in next(p for p in problems if p.startswith(item))


def _sql(db: Database, statement: str, *values: object) -> None:
    """Change the database behind svdesk's back, as another program would."""
    with sqlite3.connect(db.location) as connection:
        connection.execute(statement, values)
    connection.close()


@pytest.mark.parametrize("decided_before", [True, False])
def test_a_review_decided_before_letter_texts_were_recorded(
    tmp_path: Path, decided_before: bool
) -> None:
    """A database whose review was done by an earlier svdesk has the decisions in its trail
    but never the text as it stood: nothing to compare, so nothing is reported. Without a
    decision, a kept text that differs from its source was made outside svdesk."""
    import json

    from svdesk.services.letter_reasons import ENTITY
    from svdesk.store import audit
    from svdesk.store.models import LetterReasonRow

    db = make_quoting_tender(tmp_path)
    try:
        with db.transaction() as session:
            row = session.query(LetterReasonRow).filter(LetterReasonRow.response_id == 1).one()
            row.approved = json.dumps([row.text])
            if decided_before:
                key = "lot 1 / B01 / SV1 / sentence 1"
                audit.record(session, REF, OFFICER, "approved", ENTITY, key, {}, {})
        problems = verify(db, REF)
    finally:
        db.close()
    assert problems == ([] if decided_before else [problems[0]])
    if not decided_before:
        assert problems[0].startswith("the letter text of lot 1 / B01 / SV1")


def test_an_explanation_of_points_the_tender_does_not_weigh_is_not_reviewed(
    tmp_path: Path,
) -> None:
    from tests.support.explanation_tenders import quote_tenders
    from tests.support.letter_tenders import make_tender

    def no_price(sheets: dict[str, list[list[object]]]) -> None:
        quote_tenders(sheets)
        for row in sheets["Tender"]:
            if row[0] == "Price weighting":
                row[1] = 0
            elif row[0] == "Quality weighting":
                row[1] = 80
        price_column = sheets["Bids"][0].index("Price score")
        for row in sheets["Bids"][1:]:
            row[price_column] = 0

    db = make_tender(tmp_path, edit=no_price)
    try:
        review = confidentiality_review(db, REF)
        assert not [p for p in review.passages if p.criterion == "Price"]
        for bidder in ("B01", "B02"):  # without price, B01 wins lot 1
            with pytest.raises(Refused, match="the tender gives price no weight"):
                approve_passage(db, REF, PassageRef("1", bidder, "Price", 1), OFFICER)
    finally:
        db.close()
