"""Resetting a forgotten passphrase: by a moderator, with the reason, in the audit trail.

A passphrase only says who is working on a shared file; what protects the evaluation is
that every act is recorded under a name. So a forgotten one is not the end of a member's
work: a moderator of the panel removes it, saying why, and the member sets a new one the
next time they work. A member cannot reset their own (that would make the passphrase
mean nothing); the panel's only moderator, having forgotten theirs, is reset by whoever is
working, named in the trail like any other change. The pause after wrong tries ends with
the passphrase.
"""

from __future__ import annotations

from sqlalchemy import delete, select

from svdesk.domain.evaluation_rules import PanelRole, fold_name
from svdesk.services.panel import acting, require_index, require_member, require_reason
from svdesk.services.refusals import Refused
from svdesk.store import audit
from svdesk.store.database import Database
from svdesk.store.models import PassphraseRow


def reset_passphrase(
    db: Database, reference: str, name: str, reason: str, *, actor: str | None = None
) -> str:
    """Remove ``name``'s passphrase, saying why; returns the name as the panel spells it.

    Refused when they have none, when the reason is missing, when the one resetting is the
    member, and when someone other than a moderator resets it while the panel has a
    moderator who could.
    """
    reason = " ".join(reason.split())
    with db.transaction() as session:
        index = require_index(session, reference)
        member = require_member(index, name)
        who = acting(index, actor, audit.current_user())
        if fold_name(who) == member.name_key:
            raise Refused(
                [
                    f"{member.name} cannot reset their own passphrase: a moderator of the "
                    "panel resets it, and the audit trail records who did and why"
                ]
            )
        moderators = [
            m
            for m in index.members.values()
            if m.role == PanelRole.MODERATOR and m.name_key != member.name_key
        ]
        doer = index.member(who)
        if moderators and (doer is None or doer.role != PanelRole.MODERATOR):
            names = " or ".join(m.name for m in moderators)
            raise Refused(
                [
                    f"only a moderator of the panel can reset the passphrase of {member.name}: "
                    f"{who} is not one; ask {names}"
                ]
            )
        require_reason(reason, f"why the passphrase of {member.name} is reset")
        row = session.scalars(
            select(PassphraseRow).where(PassphraseRow.member_id == member.id)
        ).one_or_none()
        if row is None:
            raise Refused(
                [f"{member.name} has no passphrase to reset: they can set one when working"]
            )
        session.execute(delete(PassphraseRow).where(PassphraseRow.id == row.id))
        audit.record(
            session,
            index.tender.reference,
            who,
            "reset",
            "passphrase",
            member.name,
            None,
            {"reason": reason},
        )
    return member.name
