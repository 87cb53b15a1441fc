"""The evaluation report's moderation record: the panel's scores side by side, the
consensus, its rationale and how differences were reconciled.

This is the authority's internal record, so evaluators are named. Before moderation opens
the evaluators' scores are private and the section says only that.
"""

from __future__ import annotations

from xml.sax.saxutils import escape

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Spacer, Table

from svdesk.documents.report_agreement import lot_record_table
from svdesk.documents.report_sections import SECTIONS, heading, status_box
from svdesk.documents.report_style import (
    FLAG_COLOUR,
    FLAG_FILL,
    MUTED,
    TEXT_WIDTH,
    ReportStyles,
    grid,
    record_card,
)
from svdesk.domain.moderation_rules import outside_words
from svdesk.store.records.moderation import ModerationItem
from svdesk.store.records.report import ReportData

FLAG_MARK = "FLAGGED"
_FLAG = f"#{FLAG_COLOUR.hexval()[2:]}"
_MUTED = f"#{MUTED.hexval()[2:]}"


def moderation_section(data: ReportData, styles: ReportStyles) -> list[Flowable]:
    story: list[Flowable] = [heading(styles, SECTIONS[4])]
    if data.moderation is None:
        story.append(
            status_box(
                styles,
                False,
                "Moderation has not opened",
                [
                    "The evaluators' scores are private until moderation opens, so this "
                    "report does not show them. Regenerate the report once the panel has "
                    "moderated."
                ],
            )
        )
        return story
    items = data.moderation
    flagged = sum(1 for i in items if i.flagged)
    differed = sum(1 for i in items if i.differed)
    story.append(
        styles.p(
            f"{len(items)} responses were moderated. The evaluators' scores differed on "
            f"{differed} of them; {flagged} had scores "
            f"{outside_words(data.overview.tender.moderation_tolerance)} (the tender's "
            f"moderation tolerance) and were flagged for discussion first (marked {FLAG_MARK} "
            "and shaded). An evaluator "
            "who declared a conflict of interest with a bidder did not score it (shown as "
            "“conflict”). The individual scores are kept unchanged beside the consensus. Each "
            "evaluator's written justification is kept in the evaluation workbook. How far the "
            "evaluators agreed is measured in section 6; the measures never changed a score."
        )
    )
    for lot in data.overview.lots:
        lot_items = data.moderation_of(lot.key)
        if not lot_items:
            continue
        story.append(CondPageBreak(60 * mm))
        story.append(heading(styles, lot.display_name, 2))
        record = next((r for r in data.lot_records if r.lot == lot.key), None)
        if record is not None:
            story.append(heading(styles, "Moderation of the lot", 3))
            story.append(lot_record_table(record, styles))
        story.append(heading(styles, "Scores side by side", 3))
        story.append(_side_by_side(data, lot_items, styles))
        for n, item in enumerate(lot_items):
            # The sub-heading goes with the first record (a heading cannot keep with a
            # KeepTogether by itself).
            block: list[Flowable] = [heading(styles, "Consensus and reasons", 3)] if n == 0 else []
            block += [_item_record(data, item, styles), Spacer(0, 3 * mm)]
            story.append(KeepTogether(block))
    return story


def evaluator_cell(data: ReportData, item: ModerationItem, evaluator: str) -> str:
    """One evaluator's score for ``item`` as the record shows it."""
    score = next((s.score for s in item.scores if s.evaluator == evaluator), None)
    if score is not None:
        return str(score)
    if evaluator in data.conflicts_with(item.bidder):
        return "conflict"
    return "not submitted"


def spread_text(data: ReportData, item: ModerationItem) -> str:
    values = [s.score for s in item.scores]
    if not values:
        return "no scores submitted"
    if len(values) == 1:
        return "one score only"
    if item.steps_apart == 0:
        return "0 (agreed)"
    steps = "step" if item.steps_apart == 1 else "steps"
    text = f"{max(values) - min(values)} ({item.steps_apart} {steps})"
    return f"{text} {FLAG_MARK}" if item.flagged else text


def consensus_text(data: ReportData, item: ModerationItem) -> str:
    if item.consensus is None:
        return "not yet agreed"
    level = data.overview.scale.level(item.consensus)
    return f"{item.consensus} ({level.label})" if level and level.label else str(item.consensus)


def _side_by_side(
    data: ReportData, items: tuple[ModerationItem, ...], styles: ReportStyles
) -> Table:
    evaluators = [m.name for m in data.evaluators]
    n = max(len(evaluators), 1)
    bidder_w, criterion_w, spread_w, consensus_w = 40 * mm, 17 * mm, 25 * mm, 30 * mm
    score_w = (TEXT_WIDTH - bidder_w - criterion_w - spread_w - consensus_w) / n
    headers = ["Bidder", "Criterion", *evaluators, "Spread", "Consensus"]
    rows: list[list[Flowable]] = [
        [
            styles.p(h, styles.head_right if 1 < i < len(headers) - 2 else styles.head)
            for i, h in enumerate(headers)
        ]
    ]
    extra: list[tuple[object, ...]] = []
    previous = ""
    for row, item in enumerate(items, start=1):
        cells = []
        for name in evaluators:
            value = evaluator_cell(data, item, name)
            style = styles.cell_right if value.isdigit() else styles.muted
            cells.append(styles.p(value, style))
        spread = spread_text(data, item)
        rows.append(
            [
                styles.p(
                    "" if item.bidder == previous else data.bidder_label(item.bidder),
                    styles.cell,
                ),
                styles.p(item.criterion, styles.cell_bold),
                *cells,
                styles.m(
                    f"<font color='{_FLAG}'><b>{escape(spread)}</b></font>"
                    if item.flagged
                    else escape(spread),
                    styles.cell,
                ),
                styles.p(consensus_text(data, item), styles.cell_bold),
            ]
        )
        previous = item.bidder
        if item.flagged:
            extra.append(("BACKGROUND", (1, row), (-1, row), FLAG_FILL))
    widths = [bidder_w, criterion_w, *([score_w] * len(evaluators)), spread_w, consensus_w]
    return grid(rows, widths, extra, zebra=False)


def _item_record(data: ReportData, item: ModerationItem, styles: ReportStyles) -> Table:
    title = (
        f"<b>{escape(data.bidder_label(item.bidder))}</b> · <b>{escape(item.criterion)}</b> "
        f"{escape(item.criterion_title)}"
    )
    if item.flagged:
        title += f"   <font color='{_FLAG}'><b>{FLAG_MARK}: discussed first</b></font>"
    scores = " · ".join(
        f"{escape(name)}: <b>{escape(evaluator_cell(data, item, name))}</b>"
        for name in (m.name for m in data.evaluators)
    )
    rows: list[list[Flowable]] = [
        [styles.m(title, styles.cell), styles.p("")],
        [styles.p("Evaluators", styles.cell_bold), styles.m(scores or "none", styles.cell)],
        [styles.p("Spread", styles.cell_bold), styles.p(spread_text(data, item), styles.cell)],
        [
            styles.p("Consensus", styles.cell_bold),
            styles.m(f"<b>{escape(consensus_text(data, item))}</b>", styles.cell),
        ],
        [styles.p("Rationale", styles.cell_bold), styles.p(item.rationale or "–", styles.cell)],
        [
            styles.p("Reconciliation", styles.cell_bold),
            styles.p(
                item.reconciliation
                or ("–" if item.differed else "Not needed: the evaluators' scores agreed."),
                styles.cell,
            ),
        ],
    ]
    if item.missing_response:
        rows.insert(
            1,
            [
                styles.p("Response", styles.cell_bold),
                styles.m(
                    f"<font color='{_MUTED}'>The bidder gave no response to this criterion.</font>",
                    styles.cell,
                ),
            ],
        )
    if item.flagged:
        return record_card(rows, FLAG_FILL, FLAG_COLOUR)
    return record_card(rows)
