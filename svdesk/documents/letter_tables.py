"""The tables of an award letter, as rows of text both the PDF and the Word file draw.

A ``LetterTable`` says what is in each cell and how each column aligns; how it looks
(rules, fonts, shading) is the renderer's business. Numbers are already text, rounded
half-up to 2 decimal places (``shown``), so that every file shows the same figures.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal, Protocol

from svdesk.domain.model import Criterion, Tender
from svdesk.domain.scale import Scale
from svdesk.domain.scoring import BidResult, shown

NOT_SCORED = "–"

RowStyle = Literal["body", "subtotal", "total"]


@dataclass(frozen=True, slots=True)
class Column:
    title: str
    align: Literal["left", "right"] = "left"
    width: float = 1.0  # share of the table's width, against the other columns


@dataclass(frozen=True, slots=True)
class HeaderGroup:
    """A heading over ``span`` neighbouring columns (``title`` may be blank)."""

    title: str
    span: int


@dataclass(frozen=True, slots=True)
class TableRow:
    cells: tuple[str, ...]  # a cell's line breaks are kept
    style: RowStyle = "body"


@dataclass(frozen=True, slots=True)
class LetterTable:
    columns: tuple[Column, ...]
    rows: tuple[TableRow, ...]
    groups: tuple[HeaderGroup, ...] = ()


class _Summary(Protocol):
    @property
    def code(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def importance(self) -> str: ...
    @property
    def sub_criteria(self) -> tuple[str, ...]: ...
    @property
    def minimum(self) -> str: ...


def number(value: Decimal) -> str:
    """``value`` as letters show it: rounded half-up to 2 decimal places, ``86.45``."""
    text = format(shown(value), "f")
    return "0.00" if text == "-0.00" else text


def score_table(
    tender: Tender,
    criteria: Sequence[Criterion],
    bid: BidResult | None,
    winner: BidResult | None,
) -> LetterTable:
    """One row per criterion, then the sub-total, price, quality, total and rank.

    ``bid`` is the addressee's scored bid (``None`` when it was excluded and not scored);
    ``winner`` is the winning bid, shown beside it (``None`` in the winner's own letter).
    """
    shown_bids = [b for b in (bid, winner) if b is not None]
    columns = [Column("Criterion", width=3.4), Column("Weight", "right", 0.9)]
    groups = [HeaderGroup("", 2)]
    for who in shown_bids:
        columns += [Column("Score", "right", 0.9), Column("Weighted score", "right", 1.1)]
        groups.append(HeaderGroup("Your tender" if who is bid else "Successful tender", 2))
    rows: list[TableRow] = []
    by_code = [{c.criterion: c for c in b.criteria} for b in shown_bids]
    for criterion in criteria:
        cells = [f"{criterion.code} {criterion.title}", number(criterion.weight)]
        for results in by_code:
            result = results.get(criterion.code)
            score = None if result is None else result.score
            weighted = None if result is None else result.weighted
            cells += [
                NOT_SCORED if score is None else number(score),
                NOT_SCORED if weighted is None else number(weighted),
            ]
        rows.append(TableRow(tuple(cells)))
    rows.append(
        _points_row("Social value sub-total", tender.social_value_weighting, shown_bids, "sv")
    )
    if tender.price_weighting > 0:
        rows.append(_points_row("Price", tender.price_weighting, shown_bids, "price"))
    if tender.quality_weighting > 0:
        rows.append(_points_row("Quality", tender.quality_weighting, shown_bids, "quality"))
    total_weight = (
        tender.social_value_weighting if tender.social_value_only else tender.total_weighting
    )
    total = _points_row("Total score", total_weight, shown_bids, "total")
    rows.append(TableRow(total.cells, "total"))
    rank = ["Rank", ""]
    for b in shown_bids:
        rank += ["", _rank(b)]
    rows.append(TableRow(tuple(rank), "subtotal"))
    return LetterTable(tuple(columns), tuple(rows), tuple(groups))


def _points_row(label: str, weight: Decimal, bids: list[BidResult], part: str) -> TableRow:
    cells = [label, number(weight)]
    for b in bids:
        value = {
            "sv": b.social_value,
            "price": b.price,
            "quality": b.quality,
            "total": b.total,
        }[part]
        scored = not b.excluded or part in ("price", "quality")
        cells += [NOT_SCORED, number(value) if scored else NOT_SCORED]
    return TableRow(tuple(cells), "subtotal" if part == "sv" else "body")


def _rank(bid: BidResult) -> str:
    if bid.rank is not None:
        return str(bid.rank)
    return "excluded" if bid.excluded else "not ranked"


def criteria_table(tender: Tender, summaries: Sequence[_Summary]) -> LetterTable:
    """The award criteria: title and sub-criteria, relative importance, minimum score."""
    minimums = any(s.minimum for s in summaries)
    columns = [Column("Award criterion", width=4.6), Column("Relative importance", "right", 1.3)]
    if minimums:
        columns.append(Column("Minimum score", "right", 1.1))
    rows: list[TableRow] = []
    for s in summaries:
        title = f"{s.code} {s.title}"
        if s.sub_criteria:
            title += "\n" + "\n".join(
                f"Sub-criterion {n}: {sub}" for n, sub in enumerate(s.sub_criteria, 1)
            )
        cells = [title, s.importance]
        if minimums:
            cells.append(s.minimum or NOT_SCORED)
        rows.append(TableRow(tuple(cells)))
    total = tender.social_value_weighting if tender.social_value_only else tender.total_weighting
    for label, weight in (("Price", tender.price_weighting), ("Quality", tender.quality_weighting)):
        if weight > 0 and total > 0:
            cells = [label, f"{number(weight / total * 100)}%"]
            rows.append(TableRow(tuple(cells + ([NOT_SCORED] if minimums else []))))
    return LetterTable(tuple(columns), tuple(rows))


def scale_table(scale: Scale) -> LetterTable:
    """The scores available for each social value criterion, and what each means."""
    return LetterTable(
        (Column("Score", "right", 0.8), Column("Level", width=1.3), Column("Meaning", width=6)),
        tuple(
            TableRow((str(level.score), level.label, level.descriptor)) for level in scale.levels
        ),
    )
