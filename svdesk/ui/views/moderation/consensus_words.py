"""What the consensus page says, in a panel member's words."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from svdesk.domain.moderation_rules import ConsensusState

if TYPE_CHECKING:
    from svdesk.domain.rationale_check import RationaleFlag
    from svdesk.services.moderation_consensus import EditedMeanwhile, ResponseInModeration
    from svdesk.ui.views.moderation.consensus_keeper import ConsensusWork

STATES = {
    ConsensusState.NOT_STARTED: "no consensus yet",
    ConsensusState.DRAFT: "consensus drafted, not yet agreed",
    ConsensusState.CONFIRMED: "consensus agreed",
}


def state_text(state: ConsensusState) -> str:
    return STATES[state]


def position_text(at: int, of: int) -> str:
    """``response 3 of 12 in discussion order``."""
    if at < 0:
        return "not on the lot's board"
    return f"response {at + 1} of {of} in discussion order"


def _steps(n: int) -> str:
    return f"{n} step" if n == 1 else f"{n} steps"


def panel_summary(view: ResponseInModeration) -> str:
    """``Spread 2 steps (outside the tolerance: discuss first) · median 50``."""
    given = [p for p in view.panel if p.score is not None]
    if not given:
        return "No evaluator has a submitted score for this response."
    median = view.median
    shown = "" if median is None else f"{median.normalize():f}"
    spread = f"Spread {_steps(view.spread)}"
    if view.outside_tolerance:
        spread += f" (more than the tolerance of {_steps(view.tolerance)}: discuss first)"
    elif view.spread == 0:
        spread += " (the evaluators agreed)"
    parts = [spread, f"median {shown}"]
    if len(given) < len(view.panel):
        parts.append(f"{len(given)} of {len(view.panel)} evaluators scored it")
    if view.missing_response:
        parts.append("the bidder gave no answer")
    return "  ·  ".join(parts)


def locked_text(lot: str, signed: tuple[str, str, str]) -> str:
    by, on, present = signed
    who = f" by {by} on {on}" if by else ""
    there = f" (present: {present})" if present else ""
    return (
        f"Lot {lot} was signed off{who}{there}: its consensus is locked and shown read-only. "
        "A moderator must reopen the lot, giving the reason, to change it."
    )


def meanwhile_text(told: EditedMeanwhile) -> str:
    return (
        f"{told.by} saved this consensus at {told.at:%H:%M} (UTC) since you opened it. "
        "Nothing of yours was saved and nothing of theirs was overwritten: your text stays "
        "on screen. Show theirs to read it (yours is copied to the clipboard), then make "
        "your change again."
    )


def theirs_text() -> str:
    return (
        "Showing the consensus as it was last saved. What you had typed is on the "
        "clipboard, to paste where you still need it."
    )


def not_agreed_text(reasons: Sequence[str]) -> str:
    lines = [f"•  {r[:1].upper()}{r[1:]}" for r in reasons]
    return "The consensus was not agreed:\n" + "\n".join(lines)


def agreed_text(score: int | None, warnings: Sequence[RationaleFlag]) -> str:
    text = f"Agreed: {score} is the consensus that counts, recorded in the audit trail."
    if warnings:
        text += (
            " The rationale check still has warnings below: they must be put right before "
            "the letters."
        )
    return text


def not_moderator_text(actor: str | None) -> str:
    """Why the page is read-only for ``actor`` (``Ann Lee (evaluator)``; None: not asked)."""
    who = "no one has said who is working" if actor is None else f"you are working as {actor}"
    return (
        f"Only a moderator writes the consensus, and {who}: choose File > Change who is "
        "working… to moderate."
    )


def work_text(work: ConsensusWork, fields: tuple[str, ...]) -> str:
    """The moderator's work as text for the clipboard."""
    lines = [f"Score: {work.score if work.score is not None else '(none)'}"]
    texts = work.sub_rationales if work.sub_rationales else (work.rationale,)
    lines += [
        f"{name[:1].upper()}{name[1:]}: {text}" for name, text in zip(fields, texts, strict=False)
    ]
    lines.append(f"Reconciliation note: {work.reconciliation}")
    return "\n".join(lines)
