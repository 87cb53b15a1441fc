"""The moderation board: one lot's bidders by criteria, each cell the panel's scores.

A plain read model for the window (and the command line): each cell holds the evaluators'
submitted scores, their spread in steps of the scale, their median, where the consensus
stands and whether the scores lie outside the tolerance. Refused until the lot's
moderation has opened: before then the scores are private.

The ``presentation`` flavour, for a projector, names the evaluators only as Evaluator A, B,
C (in the panel's order) and, when asked, the bidders as Bidder 1, 2, 3; it carries no
justifications, notes or other lots.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from svdesk.domain.moderation_rules import (
    ConsensusState,
    bidder_label,
    consensus_state,
    evaluator_label,
    median_score,
    spread_at,
)
from svdesk.services.refusals import Refused
from svdesk.store.database import Database
from svdesk.store.moderation_store import board_facts, board_header


class BoardFlavour(StrEnum):
    WORKING = "working"  # the moderator's own screen: names as they are
    PRESENTATION = "presentation"  # the shared screen: Evaluator A, B, C


@dataclass(frozen=True, slots=True)
class BoardCell:
    """One response: bidder by criterion."""

    response_id: int
    bidder: str  # the bidder's key (always, for the window to ask for the response)
    criterion: str
    missing_response: bool  # the bidder gave no answer
    # One per evaluator column (``ModerationBoard.evaluators``); None where they gave no
    # submitted score (a conflict, or going on without them).
    scores: tuple[int | None, ...]
    spread: int  # steps of the scale between the lowest and highest score
    median: Decimal | None
    outside_tolerance: bool  # more than the tolerance apart: discuss first
    state: ConsensusState
    consensus: int | None  # the confirmed consensus score
    draft_score: int | None  # the moderator's typed score, confirmed or not
    version: int  # the draft's version (0: none yet), to give back when saving

    @property
    def given(self) -> tuple[int, ...]:
        return tuple(s for s in self.scores if s is not None)


@dataclass(frozen=True, slots=True)
class BoardBidder:
    key: str
    label: str  # the name, or "Bidder 1" in a presentation that hides bidders


@dataclass(frozen=True, slots=True)
class BoardCriterion:
    code: str
    title: str


@dataclass(frozen=True, slots=True)
class ModerationBoard:
    reference: str
    lot: str
    lot_title: str
    flavour: BoardFlavour
    evaluators: tuple[str, ...]  # column labels: names, or Evaluator A, B, C
    bidders: tuple[BoardBidder, ...]  # rows, in the tender's order
    criteria: tuple[BoardCriterion, ...]  # columns, in the tender's order
    cells: tuple[BoardCell, ...]  # bidder by bidder, criteria in order within each
    tolerance: int  # the tender's tolerance, in steps of the scale
    signed_off: bool
    _where: dict[tuple[str, str], BoardCell] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        self._where.update({(c.bidder, c.criterion): c for c in self.cells})

    def cell(self, bidder: str, criterion: str) -> BoardCell | None:
        """The cell of ``bidder`` (its key) and ``criterion``, None if it has none."""
        return self._where.get((bidder, criterion))

    def by_spread(self) -> list[BoardCell]:
        """Cells outside the tolerance first, then by spread, widest first; the tender's
        order otherwise (a stable sort)."""
        return sorted(self.cells, key=lambda c: (not c.outside_tolerance, -c.spread))

    def outside(self) -> list[BoardCell]:
        return [c for c in self.cells if c.outside_tolerance]

    def counts(self) -> dict[ConsensusState, int]:
        found = dict.fromkeys(ConsensusState, 0)
        for cell in self.cells:
            found[cell.state] += 1
        return found


def moderation_board(
    db: Database,
    reference: str,
    lot: str,
    flavour: BoardFlavour = BoardFlavour.WORKING,
    *,
    hide_bidders: bool = False,
) -> ModerationBoard:
    """The board of ``lot``: refused until its moderation has opened.

    ``hide_bidders`` (presentation only) shows bidders as Bidder 1, 2, 3 in the tender's
    order.
    """
    with db.reading() as session:
        header = board_header(session, reference)
        if header is None:
            raise Refused([f"there is no tender with the reference {reference} in the database"])
        key = next((k for k in header.lots if k.casefold() == lot.strip().casefold()), None)
        if key is None:
            raise Refused(
                [f"{header.reference} has no lot '{lot}' (its lots: {', '.join(header.lots)})"]
            )
        if key not in header.moderation:
            raise Refused(
                [
                    f"moderation of lot {key} has not opened: the evaluators' scores are "
                    "private until it does"
                ]
            )
        columns = {member_id: i for i, (member_id, _) in enumerate(header.evaluators)}
        presentation = flavour is BoardFlavour.PRESENTATION
        labels = tuple(
            evaluator_label(i) if presentation else name
            for i, (_, name) in enumerate(header.evaluators)
        )
        facts = board_facts(session, header.lots[key][0])
        scale = header.scale
        tolerance = header.tolerance
        cells: list[BoardCell] = []
        bidders: dict[str, BoardBidder] = {}
        criteria: dict[str, BoardCriterion] = {}
        positions = {score: i for i, score in enumerate(scale.scores)}
        for fact in facts:
            if fact.bidder not in bidders:
                name = fact.bidder_name
                if presentation and hide_bidders:
                    name = bidder_label(len(bidders))
                bidders[fact.bidder] = BoardBidder(fact.bidder, name)
            if fact.criterion not in criteria:
                criteria[fact.criterion] = BoardCriterion(fact.criterion, fact.criterion_title)
            scores: list[int | None] = [None] * len(columns)
            for member_id, score in fact.scores.items():
                if member_id in columns:
                    scores[columns[member_id]] = score
            given = [s for s in scores if s is not None]
            steps = spread_at(given, positions)
            cells.append(
                BoardCell(
                    response_id=fact.response_id,
                    bidder=fact.bidder,
                    criterion=fact.criterion,
                    missing_response=fact.missing,
                    scores=tuple(scores),
                    spread=steps,
                    median=median_score(given),
                    outside_tolerance=steps > tolerance,
                    state=consensus_state(
                        fact.consensus, fact.version is not None, bool(fact.confirmed)
                    ),
                    consensus=fact.consensus,
                    draft_score=fact.draft_score,
                    version=fact.version or 0,
                )
            )
        row = header.moderation[key]
        return ModerationBoard(
            reference=header.reference,
            lot=key,
            lot_title=header.lots[key][1],
            flavour=flavour,
            evaluators=labels,
            bidders=tuple(bidders.values()),
            criteria=tuple(criteria.values()),
            cells=tuple(cells),
            tolerance=tolerance,
            signed_off=row.signed_off_at is not None,
        )
