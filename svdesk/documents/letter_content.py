"""What each award letter says, as plain values: one per bid per lot.

``letters_of`` takes the tender, the results and the letter reasons as the letters' use
case read them (``services.letter_record``, one snapshot) and decides, for each bid,
what its letter carries (letters.md): the outcome, the score table, the reasons quoted
from the letter reasons (seeded from the moderated rationale, then reviewed for
confidentiality: ``services.letter_reasons``), the winner's scores and relative
advantages in an unsuccessful bidder's letter, the reason for an exclusion or a failed
minimum, the award criteria and the scale, and the standstill period. The wording
lives in the templates (``letter_template``); nothing here is laid out.

What never reaches a letter: another unsuccessful bidder's name or scores, an
evaluator's name or individual score, and the moderation's reconciliation notes. The
evaluators' scores are never read here; quoted text (rationales, exclusion reasons) is
checked for other bidders' and panel members' names before any letter is made, by the
same rule as the readiness check (``domain.name_leaks``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from svdesk.bundled import common_english_words
from svdesk.documents.letter_reasons import (
    Advantage,
    Comparison,
    CriterionReason,
    PointsCriterion,
    PointsReason,
    WinnerCriterion,
    advantages_of,
    other_advantages,
    points_criteria,
    points_reasons,
    reasons_of,
    relative_advantages,
    sub_criteria_warnings,
    winner_assessment,
)
from svdesk.documents.letter_tables import (
    LetterTable,
    criteria_table,
    number,
    scale_table,
    score_table,
)
from svdesk.domain.model import Bidder, Criterion, Holidays, Lot, Regime, Tender
from svdesk.domain.name_finder import NameFinder
from svdesk.domain.name_leaks import PRICE, QUALITY, known_names, name_leaks
from svdesk.domain.scale import Scale
from svdesk.domain.scoring import BidResult, LotResult
from svdesk.domain.standstill import QUESTIONS_TIME, StandstillPeriod, long_date, standstill
from svdesk.domain.supplier_identifier import identifier_kind
from svdesk.services.letter_record import read_letter_data
from svdesk.services.refusals import Refused
from svdesk.store.database import Database
from svdesk.store.records.letters import LetterData, QuotedTexts


class LetterKind(StrEnum):
    SUCCESSFUL = "successful"
    UNSUCCESSFUL = "unsuccessful"
    EXCLUDED = "excluded"
    BELOW_MINIMUM = "below-minimum"


@dataclass(frozen=True, slots=True)
class Authority:
    name: str
    address_lines: tuple[str, ...]
    contact_name: str
    contact_email: str
    signatory_name: str
    signatory_role: str
    tender_documents: str


@dataclass(frozen=True, slots=True)
class Addressee:
    bidder: str
    name: str
    identifier: str
    contact: str
    address_lines: tuple[str, ...]
    email: str
    # "platform" (the Central Digital Platform's), "companies-house" (given in its place),
    # or "" (none): the templates label the identifier by it.
    identifier_kind: str = ""


@dataclass(frozen=True, slots=True)
class FailedMinimum:
    code: str
    title: str
    score: str
    minimum: str


@dataclass(frozen=True, slots=True)
class CriterionSummary:
    code: str
    title: str
    weight: str
    importance: str  # percentage of the total score, "6.00%"
    sub_criteria: tuple[str, ...]
    minimum: str


@dataclass(frozen=True, slots=True)
class Standstill:
    ends: str  # "midnight at the end of Tuesday 5 January 2027"
    ends_at: dt.datetime
    last_day: str
    ends_instant: str  # "00:00 UK time on Wednesday 6 January 2027"
    starts_from: str
    notice_date: str  # the Act: the intended publication date of the contract award notice
    basis: str
    holidays: str  # the tender's holiday setting: "northern-ireland"
    calendar: str  # where the working days are: "Northern Ireland"
    working_day: str  # "a working day in Northern Ireland", "... in every part of the UK"
    questions_by: str  # "5pm on Friday 1 January 2027": the deadline for questions
    # The days themselves, for a template that writes them in another language (Welsh).
    last_day_on: dt.date
    ends_on: dt.date  # the day at whose first instant (00:00) the period has ended
    notice_on: dt.date | None  # the Act's notice date; None under the regulations
    questions_on: dt.date


@dataclass(frozen=True, slots=True)
class LetterContent:
    kind: LetterKind
    regime: Regime  # how its law is cited and what it is called: the regime's terms file
    reference: str
    tender_title: str
    lot: str
    lot_title: str
    lot_name: str  # "Lot 1: North area"
    letter_date: dt.date
    date: str  # "21 December 2026"
    authority: Authority
    addressee: Addressee
    winner: str
    winner_name: str
    rank: int | None
    rank_text: str  # "2nd", "" when not ranked
    total: str
    winner_total: str
    scoring_method: str  # "consensus" or "average"
    reasons: tuple[CriterionReason, ...]
    points_reasons: tuple[PointsReason, ...]  # price and quality, with their explanations
    # The most advantageous tender's assessment on every criterion (every letter but the
    # winner's): the Act's section 50(4)(b), the regulations' characteristics and
    # relative advantages.
    winner_reasons: tuple[WinnerCriterion, ...]
    winner_points: tuple[PointsCriterion, ...]  # price and quality, likewise
    relative_advantages: str  # where the winner scored higher: "SV2 Environment and Price"
    advantages: tuple[Advantage, ...]
    other_advantages: tuple[Comparison, ...]
    exclusion_reason: str
    failed_minimums: tuple[FailedMinimum, ...]
    criteria: tuple[CriterionSummary, ...]
    has_price: bool
    has_quality: bool
    price_weight: str
    quality_weight: str
    social_value_weight: str
    scale: Scale
    scale_scores: str  # "0, 25, 50, 75 or 100"
    scale_max: str
    standstill: Standstill
    tables: dict[str, LetterTable]
    warnings: tuple[str, ...] = ()
    # Award criteria this letter scores without an explanation ("price", "quality"): while
    # there are any, the letter claims no regulation's content.
    unexplained: tuple[str, ...] = ()


def ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def build_letters(
    db: Database,
    reference: str,
    letter_date: dt.date,
    notice_date: dt.date | None = None,
    *,
    send_date: dt.date | None = None,
    holidays: Holidays | None = None,
) -> list[LetterContent]:
    """Every bid's letter of tender ``reference``, read through the letters' use case
    without the readiness check (``letters_of`` says what is refused)."""
    return letters_of(
        read_letter_data(db, reference),
        letter_date,
        notice_date,
        send_date=send_date,
        holidays=holidays,
    )


def letters_of(
    data: LetterData,
    letter_date: dt.date,
    notice_date: dt.date | None = None,
    *,
    send_date: dt.date | None = None,
    holidays: Holidays | None = None,
) -> list[LetterContent]:
    """Every bid's letter, lot by lot, made from ``data``; refused when a letter could
    not be made safely.

    ``send_date`` is the day the notices are sent (the 2015 regulations; default the letter
    date); ``holidays`` is a holiday setting to use instead of the tender's.
    """
    overview = data.overview
    tender = overview.tender
    chosen = tender.standstill_holidays if holidays is None else holidays
    try:
        period = standstill(tender.regime, letter_date, notice_date, chosen, send_date)
    except ValueError as exc:
        raise Refused([str(exc)]) from None
    results = data.results
    # The letter reasons, reviewed for confidentiality: never the moderation's own notes.
    rationales = data.texts
    # The price and quality explanations as reviewed (the pack's own, until an officer
    # decides on a passage of them).
    explanations = {
        (b.lot, b.bidder): {
            label: rationales.get((b.lot, b.bidder), {}).get(label, "")
            for label in (PRICE, QUALITY)
        }
        for b in overview.bids
    }
    panel = list(data.panel)
    shared = _Shared(
        tender,
        overview.scale,
        _authority(tender),
        _standstill(period, Holidays(chosen)),
        rationales,
        {b.key: b for b in overview.bidders},
        {(b.lot, b.bidder): b.excluded_reason.strip() for b in overview.bids},
        explanations,
    )
    letters: list[LetterContent] = []
    problems: list[str] = []
    for lot, lot_result in zip(overview.lots, results.lots, strict=True):
        criteria = overview.criteria_of(lot.key)
        if lot_result.winner is None:
            problems.append(f"Lot {lot.key} has no winner: {'; '.join(lot_result.problems)}")
            continue
        for bid in lot_result.bids:
            letters.append(_letter(shared, lot, criteria, lot_result, bid, letter_date))
    finder = NameFinder(
        known_names(((b.key, b.name, b.contact) for b in overview.bidders), panel),
        common_english_words(),
    )
    quoted = {
        key: {**rationales.get(key, {}), **{k: v for k, v in texts.items() if v}}
        for key, texts in explanations.items()
    }
    problems += name_leaks(
        results.lots,
        quoted,
        shared.excluded_reasons,
        finder,
        winner_to_excluded=not tender.regime.under_act,
    )
    if problems:
        raise Refused(problems)
    return letters


@dataclass(frozen=True, slots=True)
class _Shared:
    tender: Tender
    scale: Scale
    authority: Authority
    standstill: Standstill
    rationales: QuotedTexts  # by lot and bidder, then criterion
    bidders: dict[str, Bidder]
    excluded_reasons: dict[tuple[str, str], str]
    explanations: dict[tuple[str, str], dict[str, str]]  # price and quality, by lot and bidder


def _lines(text: str) -> tuple[str, ...]:
    return tuple(line.strip() for line in text.splitlines() if line.strip())


def _authority(tender: Tender) -> Authority:
    name, _, role = tender.signatory.partition(",")
    return Authority(
        tender.authority,
        _lines(tender.authority_address),
        tender.contact_name.strip(),
        tender.contact_email.strip(),
        name.strip(),
        role.strip(),
        tender.tender_documents.strip(),
    )


def _standstill(period: StandstillPeriod, holidays: Holidays) -> Standstill:
    ends_at = period.ends_at
    act = period.regime.under_act
    everywhere = holidays is Holidays.UNITED_KINGDOM
    return Standstill(
        ends=period.describe(),
        ends_at=ends_at,
        last_day=long_date(period.last_day),
        ends_instant=f"00:00 UK time on {long_date(ends_at.date())}",
        starts_from=long_date(period.starts_from),
        notice_date=long_date(period.starts_from) if act else "",
        basis=period.basis,
        holidays=holidays.value,
        calendar=holidays.place,
        working_day="a working day in every part of the United Kingdom"
        if everywhere
        else f"a working day in {holidays.place}",
        questions_by=f"{QUESTIONS_TIME} on {long_date(period.questions_by)}",
        last_day_on=period.last_day,
        ends_on=ends_at.date(),
        notice_on=period.starts_from if act else None,
        questions_on=period.questions_by,
    )


def letter_kind(bid: BidResult, winner: str) -> LetterKind:
    """Which letter a bid gets, given the lot's winner."""
    if bid.excluded:
        return LetterKind.EXCLUDED
    if bid.bidder == winner:
        return LetterKind.SUCCESSFUL
    if not bid.eligible:
        return LetterKind.BELOW_MINIMUM
    return LetterKind.UNSUCCESSFUL


def _letter(
    shared: _Shared,
    lot: Lot,
    criteria: tuple[Criterion, ...],
    lot_result: LotResult,
    bid: BidResult,
    letter_date: dt.date,
) -> LetterContent:
    tender, scale = shared.tender, shared.scale
    winner = next(b for b in lot_result.bids if b.bidder == lot_result.winner)
    kind = letter_kind(bid, winner.bidder)
    bidder = shared.bidders[bid.bidder]
    by_code = {c.code: c for c in criteria}
    reasons = () if bid.excluded else _reasons(shared, lot.key, bid, by_code)
    winner_reasons = _reasons(shared, lot.key, winner, by_code)
    advantages: tuple[Advantage, ...] = ()
    others: tuple[Comparison, ...] = ()
    assessment: tuple[WinnerCriterion, ...] = ()
    points: tuple[PointsCriterion, ...] = ()
    if kind is not LetterKind.SUCCESSFUL:
        assessment = winner_assessment(bid, winner, winner_reasons, scale)
        points = points_criteria(
            tender, bid, winner, shared.explanations.get((lot.key, winner.bidder), {})
        )
    own_points = points_reasons(tender, bid, shared.explanations.get((lot.key, bid.bidder), {}))
    if kind in (LetterKind.UNSUCCESSFUL, LetterKind.BELOW_MINIMUM):
        advantages = advantages_of(bid, winner, winner_reasons, scale)
        others = other_advantages(tender, bid, winner)
    total_weighting = (
        tender.social_value_weighting if tender.social_value_only else tender.total_weighting
    )
    summaries = tuple(
        CriterionSummary(
            c.code,
            c.title,
            number(c.weight),
            _percent(c.weight, total_weighting),
            c.sub_criteria,
            "" if c.minimum_score is None else str(c.minimum_score),
        )
        for c in criteria
    )
    failed = tuple(
        FailedMinimum(c.criterion, by_code[c.criterion].title, number(c.score), str(minimum))
        for c in bid.criteria
        if c.score is not None
        and (minimum := by_code[c.criterion].minimum_score) is not None
        and c.score < minimum
    )
    show_winner = kind is not LetterKind.SUCCESSFUL
    table_rows = score_table(
        tender,
        criteria,
        None if bid.excluded else bid,
        winner if show_winner else None,
    )
    return LetterContent(
        kind=kind,
        regime=tender.regime,
        reference=tender.reference,
        tender_title=tender.title,
        lot=lot.key,
        lot_title=lot.title,
        lot_name=lot.display_name,
        letter_date=letter_date,
        date=long_date(letter_date).split(" ", 1)[1],
        authority=shared.authority,
        addressee=Addressee(
            bidder.key,
            bidder.name,
            bidder.identifier.strip(),
            bidder.contact.strip(),
            _lines(bidder.address),
            bidder.email.strip(),
            identifier_kind(bidder.identifier).value,
        ),
        winner=winner.bidder,
        winner_name=winner.name,
        rank=bid.rank,
        rank_text=ordinal(bid.rank) if bid.rank is not None else "",
        total="" if bid.excluded else number(bid.total),
        winner_total=number(winner.total),
        scoring_method=tender.scoring_method.value,
        reasons=reasons,
        points_reasons=own_points,
        winner_reasons=assessment,
        winner_points=points,
        relative_advantages=relative_advantages(assessment, points),
        advantages=advantages,
        other_advantages=others,
        exclusion_reason=shared.excluded_reasons[(lot.key, bid.bidder)] if bid.excluded else "",
        failed_minimums=failed,
        criteria=summaries,
        has_price=tender.price_weighting > 0,
        has_quality=tender.quality_weighting > 0,
        price_weight=number(tender.price_weighting),
        quality_weight=number(tender.quality_weighting),
        social_value_weight=number(tender.social_value_weighting),
        scale=scale,
        scale_scores=scale.describe(),
        scale_max=str(scale.max_score),
        standstill=shared.standstill,
        tables={
            "score": table_rows,
            "criteria": criteria_table(tender, summaries),
            "scale": scale_table(scale),
        },
        warnings=sub_criteria_warnings(f"Lot {lot.key}, {bid.bidder}", reasons, by_code),
        unexplained=unexplained_criteria(own_points, points),
    )


def unexplained_criteria(
    own: tuple[PointsReason, ...], winners: tuple[PointsCriterion, ...]
) -> tuple[str, ...]:
    """The award criteria this letter gives scores for without an explanation: price or
    quality where the pack (a version 1 pack, say) explains the bid's or the winner's
    points no further."""
    missing = {r.label for r in own if not r.parts} | {w.label for w in winners if not w.parts}
    return tuple(label.lower() for label in (PRICE, QUALITY) if label in missing)


def _percent(weight: Decimal, total: Decimal) -> str:
    if total <= 0:
        return ""
    return f"{number(weight / total * 100)}%"


def _reasons(
    shared: _Shared, lot: str, bid: BidResult, by_code: dict[str, Criterion]
) -> tuple[CriterionReason, ...]:
    rationales = shared.rationales.get((lot, bid.bidder), {})
    return reasons_of(bid, by_code, rationales, shared.scale)
