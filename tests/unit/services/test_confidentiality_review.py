"""Letter reasons and their confidentiality review: seeded, decided, reopened, required."""

from __future__ import annotations

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
from svdesk.services.letter_reasons import letter_reasons_of, tender_letter_texts
from svdesk.services.moderation import ConsensusEntry, record_consensus
from svdesk.services.readiness import readiness_problems
from svdesk.services.refusals import Refused
from svdesk.store.database import Database
from svdesk.store.tender_store import find_tender
from tests.support.letter_tenders import MODERATOR, REF, make_tender, rationale

OFFICER = "Alex Procurer"
# The lot 1 winner's (B02's) SV2 rationale, quoting its answer (tests/support/packs.ANSWER):
# its wording (sentence 1) and a sum (sentence 3); sentence 2 quotes nothing.
QUOTING = (
    "The bid will recruit four local residents into new permanent roles, as the plan sets "
    "out. The response gives a credible reporting plan for the whole contract. It funds "
    "the work with £12,000 a year from its own reserves."
)


def agree(db: Database, bidder: str, criterion: str, score: int, text: str) -> tuple[str, ...]:
    outcome = record_consensus(
        db,
        REF,
        [ConsensusEntry("1", bidder, criterion, score, text, "")],
        MODERATOR,
    )
    return outcome.reopened


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = make_tender(tmp_path)
    agree(database, "B02", "SV2", 100, QUOTING)
    yield database
    database.close()


def ref(sentence: int, as_read: str | None = None) -> PassageRef:
    return PassageRef("1", "B02", "SV2", sentence, as_read)


def entries_of(db: Database, entity: str = "letter reason") -> list[tuple[str, str, str]]:
    return [(e.actor, e.action, e.entity_key) for e in audit_entries(db, REF) if e.entity == entity]


def test_every_consensus_has_a_letter_reason_seeded_from_its_rationale(tmp_path: Path) -> None:
    db = make_tender(tmp_path)
    with db.reading() as session:
        tender = find_tender(session, REF)
        assert tender is not None
        reasons = letter_reasons_of(session, tender.id)
    assert len(reasons) == 8
    reason = reasons[("1", "B01", "SV1")]
    assert reason.text == rationale("1", "B01", "SV1", 75)
    assert reason.approved == frozenset()
    # The test tender quotes nothing of its winners' tenders: it is ready for letters.
    assert confidentiality_review(db, REF).passages == ()
    assert readiness_problems(db, REF) == []
    db.close()


def test_the_winners_quoting_sentences_are_passages_and_letters_wait_for_them(
    db: Database,
) -> None:
    review = confidentiality_review(db, REF)
    assert [(p.where, p.approved) for p in review.passages] == [
        ("Lot 1, B02, SV2, sentence 1", False),
        ("Lot 1, B02, SV2, sentence 3", False),
    ]
    first, second = review.passages
    assert "recruit four local residents into new permanent roles" in first.what
    assert "£12,000" in second.what
    assert "sum of money" in second.why
    assert first.bidder_name == "Beta Services plc"
    problems = readiness_problems(db, REF)
    assert problems == [
        "Confidentiality review: 2 open passages in the reasons of lot 1's winning bid, B02 "
        "(SV2 sentences 1 and 3): they quote its tender; approve, edit or redact each (File > "
        f"Confidentiality review…, or svdesk review list {REF})"
    ]


def test_a_losing_bids_reasons_are_not_reviewed(db: Database) -> None:
    # B01 lost lot 1: its own reasons go only to itself.
    agree(db, "B01", "SV2", 50, QUOTING)
    assert [p.bidder for p in confidentiality_review(db, REF).passages] == ["B02", "B02"]
    with pytest.raises(
        Refused, match="only the winning bid's letter reasons and explanations are reviewed"
    ):
        approve_passage(db, REF, PassageRef("1", "B01", "SV2", 1), OFFICER)


def test_approving_records_who_approved_what(db: Database) -> None:
    review = confidentiality_review(db, REF)
    text = review.passages[0].text
    message = approve_passage(db, REF, ref(1, text), OFFICER)
    assert message == f"Lot 1, B02, SV2, sentence 1: approved as it stands, by {OFFICER}"
    after = confidentiality_review(db, REF)
    assert [p.approved for p in after.passages] == [True, False]
    (entry,) = [e for e in audit_entries(db, REF) if e.entity == "letter reason"]
    assert (entry.actor, entry.action, entry.entity_key) == (
        OFFICER,
        "approved",
        "lot 1 / B02 / SV2 / sentence 1",
    )
    assert entry.old == {"text": text}
    assert entry.new == {"text": text}
    # The letters quote it as it is.
    assert tender_letter_texts(db, REF)[("1", "B02")]["SV2"] == QUOTING
    # Approving it again changes nothing, and adds nothing to the trail.
    again = approve_passage(db, REF, ref(1), OFFICER)
    assert again.endswith("already approved as it stands; nothing changed")
    assert len(entries_of(db)) == 1


def test_editing_puts_the_officers_text_in_the_passages_place(db: Database) -> None:
    old = confidentiality_review(db, REF).passages[1].text
    new = "It funds the work from its own resources."
    edit_passage(db, REF, ref(3), new, OFFICER)
    texts = tender_letter_texts(db, REF)[("1", "B02")]["SV2"]
    assert texts.endswith(" contract. " + new)
    assert "£12,000" not in texts
    assert [p.sentence for p in confidentiality_review(db, REF).passages] == [1]
    (entry,) = [e for e in audit_entries(db, REF) if e.action == "edited"]
    assert (entry.actor, entry.old, entry.new) == (OFFICER, {"text": old}, {"text": new})


def test_an_edit_that_still_quotes_counts_as_approved(db: Database) -> None:
    edit_passage(db, REF, ref(3), "It funds the work with £12,000 a year.", OFFICER)
    passages = confidentiality_review(db, REF).passages
    assert [(p.sentence, p.approved) for p in passages] == [(1, False), (3, True)]


def test_redacting_puts_the_neutral_sentence_in_its_place(db: Database) -> None:
    old = confidentiality_review(db, REF).passages[0].text
    redact_passage(db, REF, ref(1), OFFICER)
    texts = tender_letter_texts(db, REF)[("1", "B02")]["SV2"]
    assert texts.startswith(REDACTED + " The response gives")
    assert "four local residents" not in texts
    (entry,) = [e for e in audit_entries(db, REF) if e.action == "redacted"]
    assert (entry.old, entry.new) == ({"text": old}, {"text": REDACTED})
    redact_passage(db, REF, ref(3), OFFICER)
    assert confidentiality_review(db, REF).open == ()
    assert readiness_problems(db, REF) == []


def test_a_changed_consensus_reopens_the_review_and_says_so(db: Database) -> None:
    approve_passage(db, REF, ref(1), OFFICER)
    redact_passage(db, REF, ref(3), OFFICER)
    assert confidentiality_review(db, REF).open == ()
    changed = QUOTING.replace("£12,000", "£15,000")
    reopened = agree(db, "B02", "SV2", 100, changed)
    assert reopened == (
        "Lot 1, B02, SV2: the consensus rationale changed, so the letter reason is the new "
        "rationale and its confidentiality review is open again (the reviewed text it "
        "replaces is kept in the audit trail)",
    )
    assert tender_letter_texts(db, REF)[("1", "B02")]["SV2"] == changed
    assert [p.approved for p in confidentiality_review(db, REF).passages] == [False, False]
    entries = [e for e in audit_entries(db, REF) if e.action == "reseeded"]
    entry, state = entries
    assert (entry.entity, state.entity) == ("letter reason", "letter text")
    assert REDACTED in entry.old["text"]
    assert entry.new == {"text": changed, "approved": []}
    # The reviewed text no longer stands: the trail's record of it says so.
    assert state.new is None
    assert verify(db, REF) == []
    assert readiness_problems(db, REF)


def test_an_unchanged_consensus_keeps_the_review(db: Database) -> None:
    approve_passage(db, REF, ref(1), OFFICER)
    assert agree(db, "B02", "SV2", 100, QUOTING) == ()
    assert confidentiality_review(db, REF).passages[0].approved


@pytest.mark.parametrize(
    ("chosen", "message"),
    [
        (ref(2), "there is no passage to review there .*sentences 1, 3"),
        (ref(1, "another text"), "the passage has changed since you read it"),
        (PassageRef("1", "B09", "SV2", 1), "no response of .* matches"),
    ],
)
def test_a_decision_on_no_passage_is_refused(
    db: Database, chosen: PassageRef, message: str
) -> None:
    with pytest.raises(Refused, match=message):
        approve_passage(db, REF, chosen, OFFICER)
    assert entries_of(db) == []


def test_an_empty_or_disguised_edit_is_refused(db: Database) -> None:
    with pytest.raises(Refused, match="to take the passage out, redact it"):
        edit_passage(db, REF, ref(1), "   ", OFFICER)
    with pytest.raises(Refused, match="characters that do not show"):
        edit_passage(db, REF, ref(1), "It funds \u202ethe work.", OFFICER)
    assert entries_of(db) == []


def test_a_consensus_confirmed_anew_in_the_meeting_reopens_it_too(db: Database) -> None:
    from svdesk.services.moderation_consensus import (
        confirm_consensus,
        response_in_moderation,
        save_consensus_draft,
    )

    approve_passage(db, REF, ref(1), OFFICER)
    where = (REF, "1", "B02", "SV2")
    view = response_in_moderation(db, *where)
    changed = QUOTING.replace("£12,000", "£15,000")
    saved = save_consensus_draft(
        db, *where, version=view.version, score=100, rationale=changed, actor=MODERATOR
    )
    confirmed = confirm_consensus(db, *where, version=saved.version, actor=MODERATOR)
    assert confirmed.reopened is not None
    assert confirmed.reopened.startswith("Lot 1, B02, SV2: the consensus rationale changed")
    assert [p.approved for p in confidentiality_review(db, REF).passages] == [False, False]


def test_a_lot_without_a_winner_is_said_to_wait(tmp_path: Path) -> None:
    from tests.support.letter_tenders import CONSENSUS

    database = make_tender(tmp_path, consensus={k: v for k, v in CONSENSUS.items() if k[0] == "1"})
    review = confidentiality_review(database, REF)
    assert (review.undecided, review.winners) == (("2",), 1)
    assert review.waiting() == (
        "Lot 2 has no winner yet: the winning bid's letter reasons are reviewed once the "
        "results are complete"
    )
    database.close()
