"""What the shared screen of the moderation meeting shows, and nothing more.

The moderator's own screen has names; the wall has Evaluator A, B, C and, where the tender
chooses (``anonymity_setting``), Bidder 1, 2, 3. Beyond the labels the services already
give in their presentation flavour, the names are taken out of what people wrote (an
answer that names its company, a justification signed by its evaluator, a reconciliation
that says who scored what), and a consensus still being drafted shows its score and
rationale but never its reconciliation note, which is the panel's until agreed.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from svdesk.domain.evaluation_rules import PanelRole
from svdesk.domain.moderation_rules import bidder_label, evaluator_label
from svdesk.domain.redaction import bidder_names, person_names, redact, short_name
from svdesk.services.anonymity_setting import anonymity_choices
from svdesk.services.moderation_board import BoardFlavour, ModerationBoard, moderation_board
from svdesk.services.moderation_consensus import ResponseInModeration, response_in_moderation
from svdesk.services.moderation_lots import lot_moderation
from svdesk.services.panel import require_index
from svdesk.store.database import Database


@dataclass(frozen=True, slots=True)
class PresentedResponse:
    response: ResponseInModeration  # in presentation flavour, names taken out
    hide_bidders: bool


def presented_response(
    db: Database, reference: str, lot: str, bidder: str, criterion: str
) -> PresentedResponse:
    """The response for the shared screen (refused as ``response_in_moderation`` is)."""
    hide = anonymity_choices(db, reference).hide_bidders_on_screen
    shown = response_in_moderation(
        db, reference, lot, bidder, criterion, BoardFlavour.PRESENTATION, hide_bidders=hide
    )
    people, companies = _names(db, reference, shown.lot, hide)
    shorts = [((short,), label) for names, label in companies if (short := short_name(names[0]))]

    def clean(text: str) -> str:
        text = redact(text, people, ignore_case=False, ambiguous="an evaluator")
        if not companies:
            return text
        text = redact(text, companies, ignore_case=True, ambiguous="a bidder")
        return redact(text, shorts, ignore_case=False, ambiguous="a bidder")

    draft = shown.draft
    if draft is not None:
        draft = replace(
            draft,
            rationale=clean(draft.rationale),
            sub_rationales=tuple(clean(t) for t in draft.sub_rationales),
            reconciliation="",  # the panel's until the consensus is agreed
            updated_by="",
        )
    response = replace(
        shown,
        answer=clean(shown.answer),
        panel=tuple(replace(p, justification=clean(p.justification)) for p in shown.panel),
        consensus_rationale=clean(shown.consensus_rationale),
        consensus_reconciliation=clean(shown.consensus_reconciliation),
        draft=draft,
        # The rationale check speaks to the moderator; its messages may quote names.
        warnings=(),
    )
    return PresentedResponse(response, hide)


def presented_board(db: Database, reference: str, lot: str) -> ModerationBoard:
    """The lot's board for the shared screen (refused until the lot's moderation opens)."""
    hide = anonymity_choices(db, reference).hide_bidders_on_screen
    return moderation_board(db, reference, lot, BoardFlavour.PRESENTATION, hide_bidders=hide)


def lot_to_present(db: Database, reference: str, preferred: str | None = None) -> str | None:
    """The lot whose board the screen shows while no response is chosen: ``preferred`` if
    its moderation is open, else the first open lot not yet signed off, else the first
    open one; None while no lot's moderation has opened."""
    lots = [m for m in lot_moderation(db, reference) if m.opened]
    if preferred is not None and any(m.lot == preferred for m in lots):
        return preferred
    choices = [m for m in lots if not m.signed_off] or lots
    return choices[0].lot if choices else None


Replacements = list[tuple[tuple[str, ...], str]]


def _names(
    db: Database, reference: str, lot: str, hide_bidders: bool
) -> tuple[Replacements, Replacements]:
    """The evaluators' names with their labels, and (when hidden) the lot's bidders'."""
    with db.reading() as session:
        index = require_index(session, reference)
        evaluators = sorted(
            (m for m in index.members.values() if m.role == PanelRole.EVALUATOR),
            key=lambda m: m.id,
        )
        people = [(person_names(m.name), evaluator_label(i)) for i, m in enumerate(evaluators)]
        companies: Replacements = []
        if hide_bidders:
            bidders = sorted(
                (
                    index.bidders[b]
                    for (key, b), bid in index.bids.items()
                    if key == lot and bid.status == "compliant"
                ),
                key=lambda row: row.position,
            )
            companies = [(bidder_names(b.name), bidder_label(i)) for i, b in enumerate(bidders)]
        return people, companies
