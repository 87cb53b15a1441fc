"""A forgotten passphrase: reset by a moderator with a reason in the audit trail, never by
the member themselves, and the member then sets a new one."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from svdesk.domain.evaluation_rules import PanelRole
from svdesk.services.audit_trail import audit_entries, verify
from svdesk.services.panel import add_member
from svdesk.services.passphrase_reset import reset_passphrase
from svdesk.services.passphrases import (
    WrongPassphrase,
    has_passphrase,
    set_passphrase,
    verify_passphrase,
)
from svdesk.services.refusals import Refused
from svdesk.store.database import Database
from tests.support.panel_tender import ANN, BEN, MO, REF, panel_tender
from tests.support.snapshot import snapshot

SECRET = "correct horse battery"
WHY = "Ann forgot it over the weekend"


@pytest.fixture
def tender(tmp_path: Path) -> Iterator[tuple[Database, Path]]:
    db, path = panel_tender(tmp_path)
    set_passphrase(db, REF, ANN, SECRET, actor=ANN)
    yield db, path
    db.close()


def test_a_moderator_resets_it_and_the_trail_says_who_and_why(
    tender: tuple[Database, Path],
) -> None:
    db, _ = tender
    assert reset_passphrase(db, REF, "ann evaluator", WHY, actor=MO) == ANN
    assert not has_passphrase(db, REF, ANN)
    verify_passphrase(db, REF, ANN, "")  # no passphrase: anyone named Ann passes
    (entry,) = [e for e in audit_entries(db, REF) if e.action == "reset"]
    assert (entry.actor, entry.entity, entry.entity_key) == (MO, "passphrase", ANN)
    assert WHY in str(entry.new)
    assert SECRET not in str(entry.old) + str(entry.new)
    assert verify(db, REF) == []
    # and Ann sets a new one, as the first time
    assert set_passphrase(db, REF, ANN, "a brand new phrase", actor=ANN) is False
    with pytest.raises(WrongPassphrase):
        verify_passphrase(db, REF, ANN, SECRET)


@pytest.mark.parametrize(
    ("actor", "reason", "said"),
    [
        (ANN, WHY, "cannot reset their own passphrase"),
        (BEN, WHY, f"only a moderator of the panel can reset the passphrase of {ANN}"),
        ("Someone Else", WHY, f"ask {MO}"),
        (MO, "forgot", "in a few words"),
        (MO, "   ", "say why the passphrase"),
    ],
)
def test_refused_resets_change_nothing(
    tender: tuple[Database, Path], actor: str, reason: str, said: str
) -> None:
    db, path = tender
    before = snapshot(path)
    with pytest.raises(Refused) as refused:
        reset_passphrase(db, REF, ANN, reason, actor=actor)
    assert said in refused.value.reasons[0]
    assert snapshot(path) == before
    assert has_passphrase(db, REF, ANN)


def test_a_member_without_a_passphrase_has_nothing_to_reset(
    tender: tuple[Database, Path],
) -> None:
    db, path = tender
    before = snapshot(path)
    with pytest.raises(Refused, match=f"{BEN} has no passphrase to reset"):
        reset_passphrase(db, REF, BEN, WHY, actor=MO)
    assert snapshot(path) == before


def test_the_only_moderator_is_reset_by_whoever_is_working(
    tender: tuple[Database, Path],
) -> None:
    db, _ = tender
    set_passphrase(db, REF, MO, SECRET, actor=MO)
    with pytest.raises(Refused, match="cannot reset their own"):
        reset_passphrase(db, REF, MO, WHY, actor=MO)
    reset_passphrase(db, REF, MO, "Mo forgot it on leave", actor="Pat Procurement")
    assert not has_passphrase(db, REF, MO)
    # With a second moderator on the panel, only a moderator may reset the first one.
    add_member(db, REF, "Second Moderator", PanelRole.MODERATOR)
    set_passphrase(db, REF, MO, SECRET, actor=MO)
    with pytest.raises(Refused, match="ask Second Moderator"):
        reset_passphrase(db, REF, MO, WHY, actor="Pat Procurement")
    reset_passphrase(db, REF, MO, WHY, actor="Second Moderator")
    assert not has_passphrase(db, REF, MO)
