"""The evaluation report's record of each lot's moderation (opened, signed off, reopened)
and of how far the panel agreed: Krippendorff's alpha per criterion and each evaluator's
deviation from the consensus, as charts (``report_agreement_charts``) and as tables.

The statistics inform; they never change a score, and the report says so.
"""

from __future__ import annotations

from decimal import Decimal

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer, Table

from svdesk.documents.report_agreement_charts import NO_VALUE, alpha_chart, deviation_chart
from svdesk.documents.report_style import TEXT_WIDTH, ReportStyles, grid, key_values
from svdesk.domain.standstill import long_date
from svdesk.store.records.agreement import (
    RELIABLE_ALPHA,
    TENTATIVE_ALPHA,
    Agreement,
    LotAgreement,
)
from svdesk.store.records.moderation import LotEvent, LotRecord
from svdesk.store.records.report import ReportData

INFORM_ONLY = (
    "These statistics inform the panel's discussion; they never changed a score. What counts "
    "is the consensus the panel agreed for each response, with its reasons (section 5)."
)
HOW_TO_READ = (
    "Krippendorff's alpha for ordinal data measures how far the evaluators' scores agree "
    "beyond what chance would give: 1 is full agreement, 0 no better than chance, below 0 "
    f"systematic disagreement. By the convention the report follows, {RELIABLE_ALPHA:.3f} or "
    f"more means the scores can be relied on; {TENTATIVE_ALPHA:.3f} to {RELIABLE_ALPHA:.3f}, "
    f"only tentatively; under {TENTATIVE_ALPHA:.3f}, the panel read the criterion "
    "differently. Each evaluator's mean deviation compares their scores with the consensus: "
    "above zero more lenient than the panel, below zero more severe; within half a step of "
    "the scale either way is in line. Where too few scores were given to measure agreement "
    "the value is left out and the reason given: each response was then moderated on its "
    "merits alone."
)


# -- The record of each lot's moderation ----------------------------------------------------


def _when(event: LotEvent) -> str:
    return f"{long_date(event.at.date())} at {event.at:%H:%M} UTC"


def lot_record_table(record: LotRecord, styles: ReportStyles) -> Table:
    """Who opened the lot's moderation and when (and without whom, why), who signed it off
    and who was present, and each reopening with its reason."""
    opening = record.opening
    pairs: list[tuple[str, str]] = []
    if opening is None:
        pairs.append(("Opened", "Not yet: the lot's scores are private until it opens"))
    else:
        pairs.append(("Opened", f"By {opening.by} on {_when(opening)}"))
        if opening.without:
            pairs.append(("Went on without", f"{', '.join(opening.without)}: {opening.reason}"))
    for event in record.events:
        if event.action == "signed off":
            pairs.append(("Signed off", f"By {event.by} on {_when(event)}"))
            pairs.append(("Present", event.present or "not recorded"))
        elif event.action == "reopened":
            text = f"By {event.by} on {_when(event)}: {event.reason}"
            if event.undid_by:
                text += f" (it had been signed off by {event.undid_by})"
            pairs.append(("Reopened", text))
    if opening is not None and record.sign_off is None:
        pairs.append(("Sign-off", "Not yet signed off: the consensus can still change"))
    return key_values(styles, pairs, 32 * mm)


def moderation_summary(data: ReportData) -> str:
    """Each lot's state in one line, for the summary: ``Lot 1 signed off by …``."""
    parts = []
    for record in data.lot_records:
        sign_off = record.sign_off
        if sign_off is not None:
            parts.append(
                f"Lot {record.lot} signed off by {sign_off.by} on {long_date(sign_off.at.date())}"
            )
        elif record.opening is not None:
            parts.append(f"Lot {record.lot} not yet signed off")
    return "; ".join(parts)


# -- Agreement ------------------------------------------------------------------------------


def agreement_section(data: ReportData, styles: ReportStyles) -> list[Flowable]:
    """What the statistics are and how to read them, then each lot's charts and tables."""
    story: list[Flowable] = [
        styles.p(INFORM_ONLY, styles.cell_bold),
        Spacer(0, 2 * mm),
        styles.p(HOW_TO_READ),
    ]
    names = {lot.key: lot.display_name for lot in data.overview.lots}
    for lot in data.agreement:
        story.append(
            KeepTogether(
                [
                    styles.p(names.get(lot.lot, f"Lot {lot.lot}"), styles.h3),
                    alpha_chart(lot, styles.fonts),
                    Spacer(0, 2 * mm),
                    alpha_table(lot, styles),
                ]
            )
        )
        story.append(Spacer(0, 3 * mm))
        story.append(
            KeepTogether(
                [
                    deviation_chart(lot, styles.fonts),
                    Spacer(0, 2 * mm),
                    deviation_table(lot, styles),
                    Spacer(0, 5 * mm),
                ]
            )
        )
    return story


def _reading(agreement: Agreement) -> str:
    return agreement.reading if agreement.alpha is not None else f"not computed: {agreement.why}"


def _alpha(agreement: Agreement) -> str:
    return NO_VALUE if agreement.alpha is None else f"{agreement.alpha:.3f}"


def alpha_table(lot: LotAgreement, styles: ReportStyles) -> Table:
    headers = ("Criterion", "Title", "Alpha", "Responses", "What it means")
    rows: list[list[Flowable]] = [
        [
            styles.p(h, styles.head_right if i in (2, 3) else styles.head)
            for i, h in enumerate(headers)
        ]
    ]
    entries = [(c.criterion, c.title, c.agreement) for c in lot.criteria]
    entries.append(("All criteria", "", lot.overall))
    for code, title, agreement in entries:
        rows.append(
            [
                styles.p(code, styles.cell_bold),
                styles.p(title, styles.cell),
                styles.p(_alpha(agreement), styles.cell_right),
                styles.p(str(agreement.responses), styles.cell_right),
                styles.p(_reading(agreement), styles.cell),
            ]
        )
    return grid(rows, [22 * mm, TEXT_WIDTH - 122 * mm, 16 * mm, 20 * mm, 64 * mm])


def deviation_table(lot: LotAgreement, styles: ReportStyles) -> Table:
    headers = (
        "Evaluator",
        "Compared",
        "Mean deviation (points)",
        "Mean deviation (steps)",
        f"Outside the tolerance ({lot.tolerance} step{'' if lot.tolerance == 1 else 's'})",
        "Leaning",
    )
    rows: list[list[Flowable]] = [
        [
            styles.p(h, styles.head_right if 0 < i < 5 else styles.head)
            for i, h in enumerate(headers)
        ]
    ]
    for e in lot.evaluators:
        outside = (
            NO_VALUE
            if e.share_outside is None
            else f"{e.outside} of {e.compared} ({e.share_outside * 100:.0f}%)"
        )
        rows.append(
            [
                styles.p(e.evaluator, styles.cell_bold),
                styles.p(str(e.compared), styles.cell_right),
                styles.p(_signed(e.mean_points), styles.cell_right),
                styles.p(_signed(e.mean_steps), styles.cell_right),
                styles.p(outside, styles.cell_right),
                styles.p(e.leaning if e.compared else "no consensus to compare with", styles.cell),
            ]
        )
    return grid(rows, [TEXT_WIDTH - 120 * mm, 20 * mm, 26 * mm, 26 * mm, 26 * mm, 22 * mm])


def _signed(value: Decimal | None) -> str:
    if value is None:
        return NO_VALUE
    return "0.00" if value == 0 else f"{value:+.2f}"
