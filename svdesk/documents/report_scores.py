"""The evaluation report's scores per lot, and the result with its standstill basis."""

from __future__ import annotations

from collections.abc import Sequence
from xml.sax.saxutils import escape

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, Spacer, Table

from svdesk.documents.report_sections import SECTIONS, heading, points, status_box
from svdesk.documents.report_style import (
    CONFLICT_FILL,
    MUTED,
    TEXT_WIDTH,
    ReportStyles,
    grid,
    key_values,
)
from svdesk.domain.model import Criterion, Lot, Regime
from svdesk.domain.pack_rules import format_decimal
from svdesk.domain.scoring import BidResult, LotResult, shown
from svdesk.domain.standstill import ACT_WORKING_DAYS, REGULATIONS_CALENDAR_DAYS
from svdesk.store.records.report import ReportData

_MUTED = f"#{MUTED.hexval()[2:]}"


def scores_section(data: ReportData, styles: ReportStyles) -> list[Flowable]:
    story: list[Flowable] = [heading(styles, SECTIONS[3])]
    scale_max = data.overview.scale.max_score
    if data.moderation_open:
        story.append(
            styles.p(
                f"Each criterion column shows the score that counts (out of {scale_max}) and, "
                "beneath it, the weighted score in points. Price and quality are the points "
                "given in the tender pack. Totals and ranks are on figures rounded half-up to "
                "2 decimal places."
            )
        )
    else:
        story.append(
            status_box(
                styles,
                False,
                "Social value scores are private until moderation opens",
                [
                    "Moderation has not opened, so no social value score, total or rank is "
                    "shown. Price and quality are the points given in the tender pack."
                ],
            )
        )
    for lot in data.overview.lots:
        result = data.lot_result(lot.key)
        story.append(CondPageBreak(60 * mm))
        story.append(heading(styles, lot.display_name, 2))
        if not result.bids:
            story.append(styles.p("No bids were received for this lot."))
            continue
        story.extend(_scores_tables(data, lot, result, styles))
        notes = _unranked_notes(data, result)
        if notes:
            story.append(Spacer(0, 2 * mm))
            story.append(styles.p("Bids not ranked", styles.h3))
            story.extend(styles.item(note) for note in notes)
    return story


# The most criterion columns a table of scores holds legibly beside the price, quality and
# totals; a lot with more criteria is shown in tables of CRITERIA_PER_TABLE criteria, each
# with the bidders, then a table of the totals.
CRITERIA_WITH_TOTALS = 5
CRITERIA_PER_TABLE = 6


def _scores_tables(
    data: ReportData, lot: Lot, result: LotResult, styles: ReportStyles
) -> list[Flowable]:
    criteria = list(data.overview.criteria_of(lot.key))
    if len(criteria) <= CRITERIA_WITH_TOTALS:
        return [_scores_table(data, criteria, result, styles, totals=True)]
    groups = [
        criteria[start : start + CRITERIA_PER_TABLE]
        for start in range(0, len(criteria), CRITERIA_PER_TABLE)
    ]
    count = len(groups) + 1
    story: list[Flowable] = []
    for number, group in enumerate([*groups, []], start=1):
        if not group:
            caption = "Price, quality, social value and total"
        elif len(group) == 1:
            caption = f"Criterion {group[0].code}"
        else:
            caption = f"Criteria {group[0].code} to {group[-1].code}"
        story.append(CondPageBreak(40 * mm))
        story.append(styles.p(f"{caption} (table {number} of {count})", styles.h3))
        story.append(_scores_table(data, group, result, styles, totals=not group))
        story.append(Spacer(0, 3 * mm))
    return story


def _scores_table(
    data: ReportData,
    criteria: Sequence[Criterion],
    result: LotResult,
    styles: ReportStyles,
    *,
    totals: bool,
) -> Table:
    n = max(len(criteria), 1)
    rank_w, money_w, total_w = 12 * mm, 14 * mm, 14 * mm
    sums_w = 2 * money_w + 2 * total_w if totals else 0
    criterion_w = min(15 * mm, (TEXT_WIDTH - rank_w - sums_w - 45 * mm) / n)
    bidder_w = TEXT_WIDTH - rank_w - sums_w - len(criteria) * criterion_w
    sums_head = [
        styles.p("Price", styles.head_right),
        styles.p("Quality", styles.head_right),
        styles.p("Social value", styles.head_right),
        styles.p("Total", styles.head_right),
    ]
    rows: list[list[Flowable]] = [
        [
            styles.p("Rank", styles.head),
            styles.p("Bidder", styles.head),
            *(
                styles.m(
                    f"{escape(c.code)}<br/><font size=6.5 color='{_MUTED}'>weight&nbsp;"
                    f"{format_decimal(c.weight)}</font>",
                    styles.head_right,
                )
                for c in criteria
            ),
            *(sums_head if totals else []),
        ]
    ]
    extra: list[tuple[object, ...]] = []
    for i, bid in enumerate(result.bids, start=1):
        show = data.shows_scores(bid)
        scored = show and bid.scored
        cells: list[Flowable] = []
        by_code = {c.criterion: c for c in bid.criteria}
        for column, criterion in enumerate(criteria, start=2):
            c = by_code.get(criterion.code)
            if not show or c is None or c.score is None or c.weighted is None:
                cells.append(styles.p("–", styles.cell_right))
                continue
            minimum = criterion.minimum_score
            if minimum is not None and c.score < minimum:
                extra.append(("BACKGROUND", (column, i), (column, i), CONFLICT_FILL))
            cells.append(
                styles.m(
                    f"<b>{format_decimal(shown(c.score))}</b><br/>"
                    f"<font size=6.5 color='{_MUTED}'>{points(c.weighted)}</font>",
                    styles.cell_right,
                )
            )
        winner = bid.bidder == result.winner and data.moderation_open
        name_style = styles.cell_bold if winner else styles.cell
        sums = [
            styles.p(points(bid.price), styles.cell_right),
            styles.p(points(bid.quality), styles.cell_right),
            styles.p(points(bid.social_value) if scored else "–", styles.cell_right),
            styles.m(f"<b>{points(bid.total)}</b>" if scored else "–", styles.cell_right),
        ]
        rows.append(
            [
                styles.p(_rank_text(data, bid), styles.cell),
                styles.p(data.bidder_label(bid.bidder), name_style),
                *cells,
                *(sums if totals else []),
            ]
        )
        if not show or bid.rank is None:
            extra.append(("TEXTCOLOR", (0, i), (-1, i), MUTED))
    widths = [rank_w, bidder_w, *([criterion_w] * len(criteria))]
    if totals:
        widths += [money_w, money_w, total_w, total_w]
    return grid(rows, widths, extra)


def _rank_text(data: ReportData, bid: BidResult) -> str:
    if bid.excluded:
        return "Excl."
    if not data.moderation_open:
        return "–"
    if bid.rank is not None:
        return str(bid.rank)
    return "–" if not bid.scored else "Inelig."


def _unranked_notes(data: ReportData, result: LotResult) -> list[str]:
    """Why a bid has no rank: its exclusion, or (once scores may be shown) its problems."""
    notes = []
    for bid in result.bids:
        if bid.rank is not None:
            continue
        label = f"<b>{escape(data.bidder_label(bid.bidder))}</b>"
        if bid.excluded:
            reason = next((p for p in bid.problems if p.startswith("excluded")), "excluded")
            reason = reason.removeprefix("excluded").lstrip(": ") or "no reason recorded"
            notes.append(f"{label}: excluded. {escape(reason)}")
        elif data.moderation_open and bid.problems:
            what = "not eligible for award" if not bid.eligible else "not yet scored"
            notes.append(f"{label}: {what}: {escape('; '.join(bid.problems))}.")
    return notes


_STANDSTILL_RULES = {
    Regime.PROCUREMENT_ACT_2023: (
        f"Under the {Regime.PROCUREMENT_ACT_2023.law} (section 51) the contract may not be "
        f"entered into before the end of the mandatory standstill period: {ACT_WORKING_DAYS} "
        "working days beginning with the day on which the contract award notice is published, "
        "ending at midnight at the end of the last of them. Working days exclude Saturdays, "
        "Sundays, Christmas Day, Good Friday and bank holidays in any part of the United "
        "Kingdom. The assessment summaries are sent to every bidder before the notice is "
        "published."
    ),
    Regime.PROCUREMENT_ACT_2023_WALES: (
        f"Under the {Regime.PROCUREMENT_ACT_2023_WALES.law} (section 51) the contract may not "
        f"be entered into before the end of the mandatory standstill period: {ACT_WORKING_DAYS} "
        "working days beginning with the day on which the contract award notice is published "
        "(for a devolved Welsh authority, on the Welsh platform), ending at midnight at the end "
        "of the last of them. Working days exclude Saturdays, Sundays, Christmas Day, Good "
        "Friday and bank holidays in any part of the United Kingdom. The assessment summaries, "
        "with the content regulation 32 of the Procurement (Wales) Regulations 2024 sets, are "
        "sent to every bidder before the notice is published."
    ),
    Regime.PCR_2015: (
        f"Under the {Regime.PCR_2015.law} (regulation 87) the contract may not be entered into "
        f"before the standstill period ends: midnight at the end of the "
        f"{REGULATIONS_CALENDAR_DAYS}th day after the day the award decision notices are sent "
        "electronically (the letter date), or, when that day is not a working day in England "
        "and Wales, at midnight at the end of the next working day."
    ),
    Regime.SCOTLAND_2015: (
        f"Under the {Regime.SCOTLAND_2015.law} (regulation 86) the contract may not be entered "
        f"into before the standstill period ends: midnight at the end of the "
        f"{REGULATIONS_CALENDAR_DAYS}th day after the day the award decision notices are sent "
        "electronically (the letter date), or, when that day is not a working day in "
        "Scotland, at midnight at the end of the next working day."
    ),
}


def result_section(data: ReportData, styles: ReportStyles) -> list[Flowable]:
    story: list[Flowable] = [heading(styles, SECTIONS[6])]
    for lot in data.overview.lots:
        result = data.lot_result(lot.key)
        story.append(heading(styles, lot.display_name, 2))
        story.extend(_lot_outcome(data, result, styles))
    tender = data.overview.tender
    story += [
        CondPageBreak(45 * mm),
        heading(styles, "Standstill", 2),
        styles.p(_STANDSTILL_RULES[tender.regime]),
        styles.p(
            "Each award letter states the date on which the standstill period ends, counted "
            "from the dates the letters give."
        ),
    ]
    story += [CondPageBreak(50 * mm), heading(styles, "Approval", 2)]
    moderator = next((m.name for m in data.members if m.role == "moderator"), "")
    signatory = tender.signatory or ""
    blank = "Signature: ______________________________   Date: ______________"
    story.append(
        key_values(
            styles,
            [
                (f"Moderator{': ' + moderator if moderator else ''}", blank),
                (f"Signatory{': ' + signatory if signatory else ''}", blank),
            ],
            70 * mm,
        )
    )
    return story


def _lot_outcome(data: ReportData, result: LotResult, styles: ReportStyles) -> list[Flowable]:
    if not data.moderation_open:
        return [
            styles.p(
                "No result yet: moderation has not opened, so the social value scores are not "
                "yet agreed."
            )
        ]
    winner = next((b for b in result.bids if b.bidder == result.winner), None)
    if winner is None:
        lines = list(result.problems) or ["the evaluation is not complete"]
        return [
            styles.p("No winner:" if result.complete else "No winner yet: the lot is incomplete."),
            *(styles.item(escape(line)) for line in lines),
        ]
    ranked = [b for b in result.bids if b.rank is not None]
    advantageous = (
        "most advantageous tender"
        if data.overview.tender.regime.under_act
        else "most economically advantageous tender"
    )
    text = (
        f"<b>{escape(data.bidder_label(winner.bidder))}</b> is the highest-scoring eligible bid, "
        f"the {advantageous}, with a total of <b>{points(winner.total)}</b> (price "
        f"{points(winner.price)}, quality {points(winner.quality)}, social value "
        f"{points(winner.social_value)})."
    )
    runner_up = next((b for b in ranked if b.bidder != winner.bidder), None)
    if runner_up is not None:
        gap = shown(winner.total) - shown(runner_up.total)
        text += (
            f" The next bid, {escape(data.bidder_label(runner_up.bidder))}, scored "
            f"{points(runner_up.total)}: {gap:.2f} points fewer."
        )
    unranked = [b for b in result.bids if b.rank is None]
    text += f" {len(ranked)} of {len(result.bids)} bids were ranked"
    if unranked:
        text += "; not ranked: " + ", ".join(
            f"{b.bidder} ({'excluded' if b.excluded else 'not eligible'})" for b in unranked
        )
    return [styles.m(text + ".")]
