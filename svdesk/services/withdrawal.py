"""Withdrawing a member from the panel, with the reason, before they have scored.

A member who has submitted a score stays: the evaluation rests on it. Whoever has not
may leave, taking their declarations and drafts with them; the audit trail records each
as gone (its new value empty), so that ``svdesk audit --verify`` sees a removal made by
svdesk rather than one made behind its back.
"""

from __future__ import annotations

from dataclasses import dataclass

from svdesk.domain.evaluation_rules import PanelRole
from svdesk.services.panel import acting, require_index, require_member, require_reason
from svdesk.services.refusals import Refused
from svdesk.store import audit
from svdesk.store.database import Database
from svdesk.store.draft_store import count_drafts
from svdesk.store.evaluation_store import declarations_of, scores_of


@dataclass(frozen=True, slots=True)
class Withdrawn:
    name: str
    role: PanelRole
    declarations: int  # declarations of interest withdrawn with them
    drafts: int  # unsubmitted scores and workspace drafts discarded

    def summary(self) -> str:
        """``Ann Lee (evaluator); 2 declaration(s) withdrawn, 3 draft(s) discarded``."""
        return (
            f"{self.name} ({self.role}); {self.declarations} declaration(s) withdrawn, "
            f"{self.drafts} draft(s) discarded"
        )


def withdraw_member(
    db: Database, reference: str, name: str, reason: str, *, actor: str | None = None
) -> Withdrawn:
    """Take ``name`` off the panel, saying why; refused once they have submitted a score,
    and for the moderator once moderation has opened."""
    reason = " ".join(reason.split())
    with db.transaction() as session:
        index = require_index(session, reference)
        member = require_member(index, name)
        require_reason(reason, f"why {member.name} is withdrawn from the panel")
        ref = index.tender.reference
        if member.role == PanelRole.MODERATOR and (
            index.moderation is not None or index.any_lot_open
        ):
            raise Refused(
                [
                    f"{member.name} cannot be withdrawn: moderation of {ref} has opened, "
                    "and the panel that moderates is the one that saw the scores side by side"
                ]
            )
        scores = scores_of(session, member.id)
        submitted = [s for s in scores.values() if s.submitted]
        if submitted:
            raise Refused(
                [
                    f"{member.name} cannot be withdrawn: they have submitted "
                    f"{len(submitted)} score(s) for {ref}, and the evaluation rests on them "
                    "(moderation, the results and the audit trail)"
                ]
            )
        who = acting(index, actor, audit.current_user())
        keys = {r.id: k for k, r in index.responses.items()}
        audit.record(session, ref, who, "recorded", "withdrawal reason", member.name, None, reason)
        for response_id, row in scores.items():
            lot, bidder, code = keys[response_id]
            old = {"score": row.score, "justification": row.justification, "submitted": False}
            key = f"{member.name} / lot {lot} / {bidder} / {code}"
            audit.record(session, ref, who, "discarded", "score", key, old, None)
        bidders = {b.id: b.key for b in index.bidders.values()}
        declarations = declarations_of(session, member.id)
        for bidder_id, d in declarations.items():
            old = {
                "conflict": d.conflict,
                "details": d.details,
                "declared_on": d.declared_on.isoformat(),
            }
            key = f"{member.name} / {bidders[bidder_id]}"
            audit.record(session, ref, who, "withdrawn", "declaration", key, old, None)
        audit.record(
            session,
            ref,
            who,
            "withdrawn",
            "panel member",
            member.name,
            {"name": member.name, "role": member.role},
            None,
        )
        drafts = count_drafts(session, member.id) + len(scores)
        withdrawn = Withdrawn(member.name, PanelRole(member.role), len(declarations), drafts)
        # The database removes their declarations, drafts and passphrase with them.
        session.delete(member)
        session.flush()
        return withdrawn
