"""The results as a readable table for the terminal."""

from __future__ import annotations

from decimal import Decimal

from svdesk.domain.outstanding import tied_for_first
from svdesk.domain.pack_rules import format_decimal
from svdesk.domain.scoring import shown
from svdesk.services.results import TenderResults


def _n(value: Decimal | None) -> str:
    return "-" if value is None else f"{shown(value):.2f}"


def results_table(results: TenderResults) -> str:
    lines = [f"{results.reference}: {results.title}"]
    for lot in results.lots:
        status = "complete" if lot.complete else "incomplete"
        tied = tied_for_first(lot)
        winner = f"winner {lot.winner}" if lot.winner else "no winner yet"
        if tied:
            winner = f"{', '.join(tied)} tied for first place: the panel must decide"
        lines += ["", f"Lot {lot.lot} ({status}; {winner})"]
        codes = [c.criterion for c in lot.bids[0].criteria] if lot.bids else []
        header = ["Rank", "Bidder", *codes, "Price", "Quality", "Social value", "Total"]
        rows = []
        for bid in lot.bids:
            rank = str(bid.rank) if bid.rank is not None else ("excl." if bid.excluded else "-")
            if bid.bidder in tied:
                rank = f"={rank}"  # shared with another bid: the panel decides
            rows.append(
                [
                    rank,
                    f"{bid.bidder} {bid.name}",
                    *(
                        format_decimal(shown(c.score)) if c.score is not None else "-"
                        for c in bid.criteria
                    ),
                    _n(bid.price),
                    _n(bid.quality),
                    # A sum of some of the scores is not a social value score: it is
                    # shown once every criterion has its score.
                    _n(bid.social_value if bid.scored else None),
                    _n(bid.total if bid.scored else None),
                ]
            )
        widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
        widths[1] = min(widths[1], 40)
        lines.append(_row(header, widths))
        lines.extend(_row(row, widths) for row in rows)
        for bid in lot.bids:
            for problem in bid.problems:
                lines.append(f"  {bid.bidder}: {problem}")
        for problem in lot.problems:
            lines.append(f"  ! {problem}")
    return "\n".join(lines)


def _row(row: list[str], widths: list[int]) -> str:
    """Numbers right-aligned, the bidder's name (second column) left-aligned and clipped."""
    cells = []
    for i, cell in enumerate(row):
        text = cell if len(cell) <= widths[i] else cell[: widths[i] - 1] + "…"
        cells.append(text.ljust(widths[i]) if i == 1 else text.rjust(widths[i]))
    return "  ".join(cells).rstrip()
