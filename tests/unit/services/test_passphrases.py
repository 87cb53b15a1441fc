"""A panel member's passphrase: kept as a scrypt hash only, checked in constant time, and
three wrong tries in a row pause the tries, in every svdesk open on the database."""

from __future__ import annotations

import datetime as dt
import sqlite3
import subprocess
import sys
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pytest

from svdesk.services.audit_trail import audit_entries, verify
from svdesk.services.passphrase_hash import hash_passphrase, passphrase_matches
from svdesk.services.passphrases import (
    Lockout,
    PassphraseRefused,
    TriesPaused,
    WrongPassphrase,
    has_passphrase,
    set_passphrase,
    verify_passphrase,
)
from svdesk.services.refusals import Refused
from svdesk.store.database import Database, open_database
from tests.support.panel_tender import ANN, BEN, MO, REF, panel_tender
from tests.support.snapshot import snapshot

SECRET = "correct horse battery"
T0 = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC)


def at(seconds: float) -> dt.datetime:
    return T0 + dt.timedelta(seconds=seconds)


@pytest.fixture
def tender(tmp_path: Path) -> Iterator[tuple[Database, Path]]:
    db, path = panel_tender(tmp_path)
    yield db, path
    db.close()


def stored(path: Path) -> list[tuple[object, ...]]:
    with sqlite3.connect(path) as connection:
        rows = connection.execute(
            "SELECT m.name, p.hash, p.failures, p.paused_until FROM passphrase p "
            "JOIN panel_member m ON m.id = p.member_id ORDER BY p.id"
        ).fetchall()
    connection.close()
    return rows


def without_passphrases(path: Path) -> str:
    """Everything the database holds but the passphrase table."""
    with sqlite3.connect(path) as connection:
        dump = "\n".join(
            line for line in connection.iterdump() if '"passphrase"' not in line.split("(")[0]
        )
    connection.close()
    return dump


def test_only_a_salted_scrypt_hash_is_kept(tender: tuple[Database, Path]) -> None:
    db, path = tender
    assert not has_passphrase(db, REF, ANN)
    assert set_passphrase(db, REF, ANN, SECRET) is False
    set_passphrase(db, REF, BEN, SECRET)
    (ann, ann_hash, failures, paused), (_ben, ben_hash, _f, _p) = stored(path)
    assert (ann, failures, paused) == (ANN, 0, None)
    scheme, cost, block, parallel, salt, digest = str(ann_hash).split("$")
    assert (scheme, cost, block, parallel) == ("scrypt", "16384", "8", "1")
    assert len(salt) == 24
    assert len(digest) == 44
    assert ann_hash != ben_hash  # each has its own salt
    assert SECRET.encode() not in path.read_bytes()
    assert has_passphrase(db, REF, "ann evaluator")


def test_the_trail_says_set_and_changed_and_holds_no_secret(
    tender: tuple[Database, Path],
) -> None:
    db, path = tender
    set_passphrase(db, REF, ANN, SECRET)
    assert set_passphrase(db, REF, ANN, "a new one entirely", current=SECRET) is True
    entries = [e for e in audit_entries(db, REF) if e.entity == "passphrase"]
    assert [(e.actor, e.action, e.entity_key, e.old, e.new) for e in entries] == [
        (ANN, "set", ANN, None, None),
        (ANN, "changed", ANN, None, None),
    ]
    with sqlite3.connect(path) as connection:
        trail = connection.execute("SELECT * FROM audit_event").fetchall()
    connection.close()
    assert SECRET not in repr(trail)
    assert "a new one entirely" not in repr(trail)
    assert verify(db, REF) == []
    verify_passphrase(db, REF, ANN, "a new one entirely")
    with pytest.raises(WrongPassphrase):
        verify_passphrase(db, REF, ANN, SECRET)


def test_a_member_without_a_passphrase_passes(tender: tuple[Database, Path]) -> None:
    db, path = tender
    before = snapshot(path)
    verify_passphrase(db, REF, ANN, "")
    verify_passphrase(db, REF, MO, "anything")
    assert snapshot(path) == before


def test_an_unknown_member_is_refused(tender: tuple[Database, Path]) -> None:
    db, _path = tender
    with pytest.raises(Refused) as refused:
        verify_passphrase(db, REF, "Nobody", SECRET)
    assert not isinstance(refused.value, PassphraseRefused)
    assert refused.value.reasons[0].startswith(f"Nobody is not on the panel of {REF}")


def test_three_wrong_tries_pause_the_next_one_and_the_pause_doubles(
    tender: tuple[Database, Path],
) -> None:
    db, path = tender
    set_passphrase(db, REF, ANN, SECRET)
    messages = []
    pauses = []
    for second in (0, 1, 2):
        with pytest.raises(WrongPassphrase) as wrong:
            verify_passphrase(db, REF, ANN, "guess", now=at(second))
        messages.append(wrong.value.reasons)
        pauses.append(wrong.value.seconds)
    assert pauses == [None, None, 30]  # the third wrong try begins the pause
    assert messages == [
        [f"the passphrase of {ANN} is wrong; after 2 more wrong tries, tries pause for 30 seconds"],
        [f"the passphrase of {ANN} is wrong; after 1 more wrong try, tries pause for 30 seconds"],
        [f"the passphrase of {ANN} is wrong, 3 times in a row: try again in 30 seconds"],
    ]
    # The fourth try within the pause is not even checked: the right one is refused too.
    before = snapshot(path)
    with pytest.raises(TriesPaused) as paused:
        verify_passphrase(db, REF, ANN, SECRET, now=at(12))
    assert paused.value.reasons == [
        f"the passphrase of {ANN} was given wrongly 3 times in a row: try again in 20 seconds"
    ]
    assert paused.value.seconds == 20
    assert snapshot(path) == before
    # After the pause, one more wrong try pauses again, for twice as long.
    with pytest.raises(WrongPassphrase) as wrong:
        verify_passphrase(db, REF, ANN, "guess", now=at(33))
    assert wrong.value.reasons == [
        f"the passphrase of {ANN} is wrong, 4 times in a row: try again in 60 seconds"
    ]
    assert wrong.value.seconds == 60
    # The right one after the pause passes, and ends the count.
    verify_passphrase(db, REF, ANN, SECRET, now=at(94))
    assert stored(path)[0][2:] == (0, None)


def test_the_pause_stops_doubling_at_five_minutes() -> None:
    lockout = Lockout()
    assert [lockout.pause_after(n) for n in range(1, 10)] == [
        None,
        None,
        30.0,
        60.0,
        120.0,
        240.0,
        300.0,
        300.0,
        300.0,
    ]


def test_the_pause_is_set_by_a_parameter(tender: tuple[Database, Path]) -> None:
    db, _path = tender
    quick = Lockout(tries=2, first_pause=2, longest_pause=3)
    set_passphrase(db, REF, ANN, SECRET)
    for second in (0, 1):
        with pytest.raises(WrongPassphrase):
            verify_passphrase(db, REF, ANN, "guess", now=at(second), lockout=quick)
    with pytest.raises(TriesPaused, match=r"try again in 1 second$"):
        verify_passphrase(db, REF, ANN, SECRET, now=at(2), lockout=quick)
    verify_passphrase(db, REF, ANN, SECRET, now=at(3), lockout=quick)


def test_the_pause_holds_in_another_process(tender: tuple[Database, Path]) -> None:
    db, path = tender
    set_passphrase(db, REF, ANN, SECRET)
    for _ in range(3):
        with pytest.raises(WrongPassphrase):
            verify_passphrase(db, REF, ANN, "guess")
    script = (
        "import sys\n"
        "from svdesk.store.database import open_database\n"
        "from svdesk.services.passphrases import TriesPaused, verify_passphrase\n"
        f"db = open_database({str(path)!r})\n"
        "try:\n"
        f"    verify_passphrase(db, {REF!r}, {ANN!r}, {SECRET!r})\n"
        "except TriesPaused as paused:\n"
        "    print(paused.reasons[0])\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=120
    )
    assert done.stdout.startswith(f"the passphrase of {ANN} was given wrongly 3 times in a row")
    # And in another connection of this one.
    other = open_database(path)
    with pytest.raises(TriesPaused):
        verify_passphrase(other, REF, ANN, SECRET)
    other.close()


def test_a_wrong_try_changes_nothing_but_its_count(tender: tuple[Database, Path]) -> None:
    db, path = tender
    set_passphrase(db, REF, ANN, SECRET)
    before = without_passphrases(path)
    with pytest.raises(WrongPassphrase):
        verify_passphrase(db, REF, ANN, "guess")
    assert without_passphrases(path) == before
    assert stored(path)[0][2] == 1


def test_changing_needs_the_current_passphrase(tender: tuple[Database, Path]) -> None:
    db, path = tender
    set_passphrase(db, REF, ANN, SECRET)
    before = snapshot(path)
    with pytest.raises(Refused) as refused:
        set_passphrase(db, REF, ANN, "another passphrase")
    assert refused.value.reasons == [
        f"{ANN} has a passphrase already: give the current one to change it"
    ]
    assert snapshot(path) == before
    with pytest.raises(WrongPassphrase):
        set_passphrase(db, REF, ANN, "another passphrase", current="not it at all")
    assert stored(path)[0][2] == 1  # a wrong current one counts as a wrong try
    verify_passphrase(db, REF, ANN, SECRET)


@pytest.mark.parametrize(
    ("new", "reason"),
    [
        ("   ", "a passphrase cannot be blank"),
        (
            "short",
            "a passphrase needs at least 8 characters (this one has 5); a few words together "
            "are easy to remember",
        ),
        ("two\nlines here", "a passphrase must be on one line"),
        ("x" * 1025, "a passphrase can have at most 1,024 characters"),
    ],
)
def test_a_passphrase_that_cannot_be_one_is_refused(
    tender: tuple[Database, Path], new: str, reason: str
) -> None:
    db, path = tender
    before = snapshot(path)
    with pytest.raises(Refused) as refused:
        set_passphrase(db, REF, ANN, new)
    assert refused.value.reasons == [reason]
    assert snapshot(path) == before


def test_no_one_sets_another_members_passphrase(tender: tuple[Database, Path]) -> None:
    db, path = tender
    before = snapshot(path)
    with pytest.raises(Refused) as refused:
        set_passphrase(db, REF, ANN, SECRET, actor="ben  EVALUATOR")
    assert refused.value.reasons == [
        f"{BEN} cannot set a passphrase for {ANN}: only {ANN} can, when working"
    ]
    assert snapshot(path) == before


def test_a_passphrase_typed_in_another_unicode_form_matches(tender: tuple[Database, Path]) -> None:
    db, _path = tender
    composed = "café au lait, très chaud"
    set_passphrase(db, REF, ANN, composed)
    verify_passphrase(db, REF, ANN, unicodedata.normalize("NFD", composed))


def test_a_damaged_hash_is_refused_in_words(tender: tuple[Database, Path]) -> None:
    db, path = tender
    set_passphrase(db, REF, ANN, SECRET)
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE passphrase SET hash = 'scrypt$1048576$64$1$AAAA$BBBB'")
    connection.close()
    with pytest.raises(Refused) as refused:
        verify_passphrase(db, REF, ANN, SECRET)
    assert refused.value.reasons == [
        f"the passphrase kept for {ANN} was damaged outside svdesk and can no longer be checked"
    ]


def test_the_hash_checks_with_the_parameters_stored_beside_it() -> None:
    cheap = hash_passphrase(SECRET, cost=2**10, block_size=4)
    assert cheap.startswith("scrypt$1024$4$1$")
    assert passphrase_matches(SECRET, cheap)
    assert not passphrase_matches(SECRET + "!", cheap)
