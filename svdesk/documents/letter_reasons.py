"""The reasons a letter gives: moderated rationales, quoted as written, and comparisons.

A rationale is quoted word for word. Where the panel explained the score sub-criterion
by sub-criterion (``Sub-criterion 1 (new jobs): ...``), the quotation is split there and
each part is labelled with the sub-criterion's full title. (Which of them a letter may
quote without naming someone it must not is ``domain.name_leaks``'s to say.)
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from svdesk.documents.letter_tables import number
from svdesk.domain.model import Criterion, Tender
from svdesk.domain.name_leaks import advantage_criteria
from svdesk.domain.scale import Scale
from svdesk.domain.scoring import BidResult, shown


@dataclass(frozen=True, slots=True)
class ReasonPart:
    """One part of a rationale, quoted as written; ``label`` names its sub-criterion."""

    label: str
    text: str


@dataclass(frozen=True, slots=True)
class CriterionReason:
    """The moderated score of one criterion and the rationale that explains it."""

    code: str
    title: str
    weight: str
    score: str
    level: str  # the scale's label for the score ("Good"), "" when it has none
    weighted: str
    parts: tuple[ReasonPart, ...]


@dataclass(frozen=True, slots=True)
class Advantage:
    """A criterion where the winning tender scored higher, with the winner's rationale."""

    winner: CriterionReason
    your_score: str
    your_level: str


@dataclass(frozen=True, slots=True)
class WinnerCriterion:
    """The most advantageous tender's score and reasons on one criterion, beside this bid's.

    ``your_score`` is "" in the letter to a bid that was not assessed (excluded or rejected);
    ``higher`` says whether the winner scored higher than this bid (compared as shown).
    """

    winner: CriterionReason
    your_score: str
    your_level: str
    higher: bool


@dataclass(frozen=True, slots=True)
class Comparison:
    """Price or quality, where the winning tender scored higher."""

    label: str
    winner: str
    yours: str


_SUB_CRITERION = re.compile(r"Sub-criterion\s+(\d+)\s*(?:\(([^)]*)\))?\s*:\s*", re.IGNORECASE)


def split_rationale(text: str, sub_criteria: tuple[str, ...]) -> tuple[ReasonPart, ...]:
    """The rationale in parts, one per ``Sub-criterion N (...):`` it addresses.

    The words are kept as written; each marker becomes the label of the part it opens,
    naming the sub-criterion in full. A rationale without markers is one part.
    """
    text = text.strip()
    matches = list(_SUB_CRITERION.finditer(text))
    if not matches:
        return (ReasonPart("", text),)
    parts = []
    intro = text[: matches[0].start()].strip()
    if intro:
        parts.append(ReasonPart("", intro))
    for match, following in zip(matches, [*matches[1:], None], strict=True):
        n = int(match.group(1))
        end = following.start() if following else len(text)
        if 1 <= n <= len(sub_criteria):
            label = f"Sub-criterion {n}: {sub_criteria[n - 1]}"
        else:
            label = f"Sub-criterion {n}" + (f" ({match.group(2)})" if match.group(2) else "")
        parts.append(ReasonPart(label, text[match.end() : end].strip()))
    return tuple(parts)


def quoted_parts(text: str, sub_criteria: tuple[str, ...]) -> tuple[ReasonPart, ...]:
    """The rationale's parts as a letter sets them out: each part under its own heading
    begins with a capital (``Sub-criterion 1 (new jobs): the response...`` reads as a
    sentence once the marker is a heading); every other word is as written."""
    return tuple(
        ReasonPart(part.label, _capitalised(part.text)) if part.label else part
        for part in split_rationale(text, sub_criteria)
    )


def _capitalised(text: str) -> str:
    first = text[:1]
    return first.upper() + text[1:] if first.islower() else text


def level_label(scale: Scale, score: Decimal | None) -> str:
    """The scale's name for ``score`` (``Good``), or "" for a mean between two levels."""
    if score is None or score != score.to_integral_value():
        return ""
    level = scale.level(int(score))
    return level.label if level else ""


def reasons_of(
    bid: BidResult,
    criteria: Mapping[str, Criterion],
    rationales: Mapping[str, str],
    scale: Scale,
) -> tuple[CriterionReason, ...]:
    """Each criterion's score and rationale for ``bid`` (``rationales`` by criterion)."""
    reasons = []
    for result in bid.criteria:
        criterion = criteria[result.criterion]
        reasons.append(
            CriterionReason(
                criterion.code,
                criterion.title,
                number(criterion.weight),
                "" if result.score is None else number(result.score),
                level_label(scale, result.score),
                "" if result.weighted is None else number(result.weighted),
                quoted_parts(rationales.get(criterion.code, ""), criterion.sub_criteria),
            )
        )
    return tuple(reasons)


def advantages_of(
    bid: BidResult, winner: BidResult, winner_reasons: tuple[CriterionReason, ...], scale: Scale
) -> tuple[Advantage, ...]:
    """The criteria where the winner scored higher (compared as shown, at 2 places)."""
    mine = {c.criterion: c for c in bid.criteria}
    higher = set(advantage_criteria(bid, winner))
    return tuple(
        Advantage(reason, number(own.score), level_label(scale, own.score))
        for theirs, reason in zip(winner.criteria, winner_reasons, strict=True)
        if theirs.criterion in higher and (own := mine[theirs.criterion]).score is not None
    )


def winner_assessment(
    bid: BidResult, winner: BidResult, winner_reasons: tuple[CriterionReason, ...], scale: Scale
) -> tuple[WinnerCriterion, ...]:
    """The winner's assessment on every criterion, with this bid's score beside each.

    Section 50(4) of the Procurement Act 2023 asks for the most advantageous tender's
    assessment on every criterion, not only where it scored higher; the 2015 regulations'
    characteristics and relative advantages are drawn from the same assessment.
    """
    mine = {c.criterion: c for c in bid.criteria}
    higher = set(advantage_criteria(bid, winner)) if not bid.excluded else set()
    found = []
    for theirs, reason in zip(winner.criteria, winner_reasons, strict=True):
        own = None if bid.excluded else mine.get(theirs.criterion)
        score = None if own is None else own.score
        found.append(
            WinnerCriterion(
                reason,
                "" if score is None else number(score),
                level_label(scale, score),
                theirs.criterion in higher,
            )
        )
    return tuple(found)


@dataclass(frozen=True, slots=True)
class PointsReason:
    """Price or quality (scored outside svdesk, in points) and the explanation of the points.

    ``parts`` is the pack's explanation, quoted as written; empty when it gives none (a
    version 1 pack).
    """

    label: str  # "Price"
    weight: str
    score: str
    parts: tuple[ReasonPart, ...]


@dataclass(frozen=True, slots=True)
class PointsCriterion:
    """Price or quality: the winner's points and explanation, beside this bid's points."""

    label: str  # "Price"
    weight: str
    winner: str
    yours: str  # "" for a bid that was not assessed
    higher: bool
    parts: tuple[ReasonPart, ...]  # the winner's explanation; empty when there is none


Explanations = Mapping[str, str]  # "Price" / "Quality" -> the explanation of the points


def _points(tender: Tender, bid: BidResult) -> list[tuple[str, Decimal, Decimal]]:
    return [
        (label, weight, points)
        for label, weight, points in (
            ("Price", tender.price_weighting, bid.price),
            ("Quality", tender.quality_weighting, bid.quality),
        )
        if weight > 0
    ]


def _parts(text: str) -> tuple[ReasonPart, ...]:
    return split_rationale(text, ()) if text.strip() else ()


def points_reasons(
    tender: Tender, bid: BidResult, explanations: Explanations
) -> tuple[PointsReason, ...]:
    """This bid's price and quality points with their explanations (none when excluded)."""
    if bid.excluded:
        return ()
    return tuple(
        PointsReason(label, number(weight), number(points), _parts(explanations.get(label, "")))
        for label, weight, points in _points(tender, bid)
    )


def points_criteria(
    tender: Tender, bid: BidResult, winner: BidResult, winner_explanations: Explanations
) -> tuple[PointsCriterion, ...]:
    """Price and quality, where the tender has them, the winner's points beside this bid's."""
    found = []
    own = {label: points for label, _, points in _points(tender, bid)}
    for label, weight, theirs in _points(tender, winner):
        assessed = not bid.excluded
        found.append(
            PointsCriterion(
                label,
                number(weight),
                number(theirs),
                number(own[label]) if assessed else "",
                assessed and shown(theirs) > shown(own[label]),
                _parts(winner_explanations.get(label, "")),
            )
        )
    return tuple(found)


def relative_advantages(
    assessment: tuple[WinnerCriterion, ...], points: tuple[PointsCriterion, ...]
) -> str:
    """``SV2 Environment, Price and Quality``: where the winner scored higher, in words."""
    names = [f"{w.winner.code} {w.winner.title}" for w in assessment if w.higher]
    names += [p.label for p in points if p.higher]
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"


def other_advantages(tender: Tender, bid: BidResult, winner: BidResult) -> tuple[Comparison, ...]:
    """Price and quality, where the tender has them and the winner scored higher."""
    found = []
    if tender.price_weighting > 0 and shown(winner.price) > shown(bid.price):
        found.append(Comparison("price", number(winner.price), number(bid.price)))
    if tender.quality_weighting > 0 and shown(winner.quality) > shown(bid.quality):
        found.append(Comparison("quality", number(winner.quality), number(bid.quality)))
    return tuple(found)


def sub_criteria_warnings(
    where: str, reasons: tuple[CriterionReason, ...], criteria: Mapping[str, Criterion]
) -> tuple[str, ...]:
    """Criteria with sub-criteria whose rationale does not take them one by one."""
    return tuple(
        f"{where}, {r.code}: the criterion has sub-criteria but the rationale does not "
        "explain the score sub-criterion by sub-criterion ('Sub-criterion 1 (...): ...'); "
        "the letter quotes it whole"
        for r in reasons
        if criteria[r.code].sub_criteria and not any(p.label for p in r.parts)
    )
