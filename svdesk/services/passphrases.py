"""Who is working: a panel member's optional passphrase, and a pause after wrong tries.

A member without a passphrase passes. Three wrong tries in a row pause the tries for 30
seconds, each further wrong try doubling the pause up to 5 minutes; a right one ends the
count. The count and the end of the pause are kept in the database, so that they hold in
every svdesk open on it. Hashing (scrypt, slow on purpose) happens outside any write
transaction; the write then checks, under its lock, that the passphrase it checked against
is still the one stored.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import NamedTuple

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from svdesk.services.panel import in_person, require_index, require_member
from svdesk.services.passphrase_hash import DamagedHash, hash_passphrase, passphrase_matches
from svdesk.services.refusals import Refused
from svdesk.store import audit
from svdesk.store.database import Database
from svdesk.store.evaluation_store import find_member
from svdesk.store.models import PassphraseRow, utc_now

SHORTEST = 8
LONGEST = 1024


@dataclass(frozen=True, slots=True)
class Lockout:
    """How wrong tries pause further ones (tests shorten the pauses)."""

    tries: int = 3  # wrong tries in a row before the first pause
    first_pause: float = 30.0  # seconds
    longest_pause: float = 300.0

    def pause_after(self, failures: int) -> float | None:
        """Seconds of pause after ``failures`` wrong tries in a row; None for no pause."""
        if failures < self.tries:
            return None
        doubled = self.first_pause * 2.0 ** min(failures - self.tries, 32)
        return float(min(doubled, self.longest_pause))


LOCKOUT = Lockout()


class PassphraseRefused(Refused):
    """A refusal about the passphrase itself (the window asks for it again)."""

    def __init__(self, member: str, reason: str) -> None:
        super().__init__([reason])
        self.member = member


class WrongPassphrase(PassphraseRefused):
    """The passphrase given is not the member's; ``seconds`` is the pause this try began,
    if it began one (the window counts it down)."""

    def __init__(self, member: str, reason: str, seconds: int | None = None) -> None:
        super().__init__(member, reason)
        self.seconds = seconds


class TriesPaused(PassphraseRefused):
    """Too many wrong tries in a row: no try is checked until the pause ends."""

    def __init__(self, member: str, failures: int, seconds: int) -> None:
        super().__init__(
            member,
            f"the passphrase of {member} was given wrongly {failures} times in a row: "
            f"try again in {seconds} second{'' if seconds == 1 else 's'}",
        )
        self.seconds = seconds


class _Stored(NamedTuple):
    member_id: int
    member: str
    hash: str
    failures: int
    paused_until: dt.datetime | None


def passphrase_problem(passphrase: str) -> str | None:
    """Why ``passphrase`` cannot be a passphrase, or None when it can."""
    if not passphrase.strip():
        return "a passphrase cannot be blank"
    if "\n" in passphrase or "\r" in passphrase:
        return "a passphrase must be on one line"
    if len(passphrase) < SHORTEST:
        return (
            f"a passphrase needs at least {SHORTEST} characters (this one has "
            f"{len(passphrase)}); a few words together are easy to remember"
        )
    if len(passphrase) > LONGEST:
        return f"a passphrase can have at most {LONGEST:,} characters"
    return None


def has_passphrase(db: Database, reference: str, name: str) -> bool:
    """Whether ``name`` has set a passphrase; False for an unknown tender or name (the use
    case that follows says what is wrong)."""
    with db.reading() as session:
        member = find_member(session, reference, name)
        return member is not None and _stored(session, member.id, member.name) is not None


def passphrase_is_set(db: Database, reference: str, name: str) -> bool:
    """Whether ``name`` has set a passphrase; refused for an unknown tender or name."""
    with db.reading() as session:
        member = require_member(require_index(session, reference), name)
        return _stored(session, member.id, member.name) is not None


def verify_passphrase(
    db: Database,
    reference: str,
    name: str,
    passphrase: str,
    *,
    now: dt.datetime | None = None,
    lockout: Lockout = LOCKOUT,
) -> None:
    """Pass when ``passphrase`` is ``name``'s, or when they have none; otherwise raise
    ``WrongPassphrase``, or ``TriesPaused`` while a pause lasts. A wrong try is counted."""
    moment = now or utc_now()
    with db.reading() as session:
        member = require_member(require_index(session, reference), name)
        stored = _stored(session, member.id, member.name)
    if stored is not None:
        _check(db, stored, passphrase, moment, lockout)


def set_passphrase(
    db: Database,
    reference: str,
    name: str,
    new: str,
    *,
    current: str | None = None,
    actor: str | None = None,
    now: dt.datetime | None = None,
    lockout: Lockout = LOCKOUT,
) -> bool:
    """Set ``name``'s passphrase, or change it (which needs the ``current`` one, a wrong
    one counting as a wrong try). Returns True when an earlier one was changed. The trail
    records that it was set or changed, never the passphrase."""
    problem = passphrase_problem(new)
    if problem:
        raise Refused([problem])
    moment = now or utc_now()
    with db.reading() as session:
        index = require_index(session, reference)
        member = require_member(index, name)
        in_person(index, member, actor, "set a passphrase")
        stored = _stored(session, member.id, member.name)
    if stored is not None:
        if current is None:
            raise Refused(
                [f"{stored.member} has a passphrase already: give the current one to change it"]
            )
        _check(db, stored, current, moment, lockout)
    digest = hash_passphrase(new)
    with db.transaction() as session:
        index = require_index(session, reference)
        member = require_member(index, name)
        who = in_person(index, member, actor, "set a passphrase")
        row = session.scalars(
            select(PassphraseRow).where(PassphraseRow.member_id == member.id)
        ).one_or_none()
        if (row.hash if row else None) != (stored.hash if stored else None):
            raise Refused(
                [
                    f"the passphrase of {member.name} was set or changed in another svdesk "
                    "meanwhile: nothing was changed here; try again"
                ]
            )
        if row is None:
            session.add(PassphraseRow(member_id=member.id, hash=digest, failures=0))
        else:
            row.hash, row.failures, row.paused_until, row.set_at = digest, 0, None, utc_now()
        changed = row is not None
        audit.record(
            session,
            index.tender.reference,
            who,
            "changed" if changed else "set",
            "passphrase",
            member.name,
        )
    return changed


def _stored(session: Session, member_id: int, member: str) -> _Stored | None:
    row = session.execute(
        select(PassphraseRow.hash, PassphraseRow.failures, PassphraseRow.paused_until).where(
            PassphraseRow.member_id == member_id
        )
    ).first()
    if row is None:
        return None
    return _Stored(member_id, member, row.hash, row.failures, _utc(row.paused_until))


def _check(
    db: Database, stored: _Stored, passphrase: str, moment: dt.datetime, lockout: Lockout
) -> None:
    _refuse_while_paused(stored, moment)
    try:
        right = passphrase_matches(passphrase, stored.hash)
    except DamagedHash:
        raise Refused(
            [
                f"the passphrase kept for {stored.member} was damaged outside svdesk and can "
                "no longer be checked"
            ]
        ) from None
    if right:
        if stored.failures or stored.paused_until is not None:
            with db.transaction() as session:
                session.execute(
                    update(PassphraseRow)
                    .where(PassphraseRow.member_id == stored.member_id)
                    .values(failures=0, paused_until=None)
                )
        return
    raise _counted(db, stored, moment, lockout)


def _refuse_while_paused(stored: _Stored, moment: dt.datetime) -> None:
    if stored.paused_until is not None and moment < stored.paused_until:
        seconds = math.ceil((stored.paused_until - moment).total_seconds())
        raise TriesPaused(stored.member, stored.failures, seconds)


def _counted(
    db: Database, stored: _Stored, moment: dt.datetime, lockout: Lockout
) -> PassphraseRefused:
    """Count a wrong try, under the write lock; the refusal to raise once it is kept."""
    with db.transaction() as session:
        row = session.scalars(
            select(PassphraseRow).where(PassphraseRow.member_id == stored.member_id)
        ).one_or_none()
        if row is None:
            return WrongPassphrase(stored.member, f"the passphrase of {stored.member} is wrong")
        now_stored = stored._replace(failures=row.failures, paused_until=_utc(row.paused_until))
        try:
            # Another svdesk may have paused the tries since they were read.
            _refuse_while_paused(now_stored, moment)
        except TriesPaused as paused:
            return paused
        row.failures += 1
        pause = lockout.pause_after(row.failures)
        row.paused_until = moment + dt.timedelta(seconds=pause) if pause else None
        failures = row.failures
    return WrongPassphrase(
        stored.member,
        _wrong(stored.member, failures, pause, lockout),
        math.ceil(pause) if pause is not None else None,
    )


def _wrong(member: str, failures: int, pause: float | None, lockout: Lockout) -> str:
    if pause is not None:
        seconds = math.ceil(pause)
        return (
            f"the passphrase of {member} is wrong, {failures} times in a row: try again in "
            f"{seconds} second{'' if seconds == 1 else 's'}"
        )
    left = lockout.tries - failures
    first = math.ceil(lockout.first_pause)
    return (
        f"the passphrase of {member} is wrong; after {left} more wrong "
        f"{'try' if left == 1 else 'tries'}, tries pause for {first} seconds"
    )


def _utc(value: dt.datetime | None) -> dt.datetime | None:
    """SQLite hands back the UTC times svdesk stored without their zone."""
    if value is None:
        return None
    return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)
