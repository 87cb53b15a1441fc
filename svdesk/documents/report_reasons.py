"""The report's Letter reasons section: what the letters tell suppliers for each consensus
where it is not the consensus rationale word for word, and every decision of the
confidentiality review (who approved, edited or redacted which passage, and when).

A reason that is still its rationale is counted, not repeated: section 5 shows every
rationale. Everything quoted is plain text (``ReportStyles.p``), never markup.
"""

from __future__ import annotations

from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Spacer, Table

from svdesk.documents.report_sections import SECTIONS, heading, status_box
from svdesk.documents.report_style import ReportStyles, record_card
from svdesk.store.records.letter_reasons import LetterReasonRecord
from svdesk.store.records.report import ReportData

ABOUT = (
    "Each consensus has a letter reason: the text the letters quote to suppliers. It is "
    "seeded from the consensus rationale; where a winning bid's reason quotes its tender "
    "(figures, names, its own phrases), an officer approves each such passage as it stands, "
    "edits it or redacts it before any letter is written, and the audit trail records who "
    "decided what and when. The winning bids' price and quality explanations, as the "
    "letters quote them, are reviewed in the same way."
)


def reasons_section(data: ReportData, styles: ReportStyles) -> list[Flowable]:
    story: list[Flowable] = [heading(styles, SECTIONS[7]), styles.p(ABOUT)]
    reasons = data.letter_reasons
    if not reasons:
        story.append(
            status_box(
                styles,
                False,
                "No consensus agreed yet",
                ["The letter reasons are seeded when the panel agrees each consensus."],
            )
        )
        return story
    shown = [r for r in reasons if not r.as_rationale or r.decisions]
    same = sum(1 for r in reasons if r.as_rationale)
    decisions = sum(len(r.decisions) for r in reasons)
    story.append(
        styles.p(
            f"{len(reasons)} letter texts: {same} as seeded, word for word (the consensus "
            "rationales are in section 5, the explanations in the pack), "
            f"{len(reasons) - same} different. The review "
            f"made {decisions} decision{'' if decisions == 1 else 's'}."
            + (" Each reason that differs or was reviewed follows." if shown else "")
        )
    )
    for lot in data.overview.lots:
        lot_reasons = [r for r in shown if r.lot == lot.key]
        if not lot_reasons:
            continue
        story += [CondPageBreak(50 * mm), heading(styles, lot.display_name, 2)]
        for reason in lot_reasons:
            story.append(KeepTogether([_reason_table(reason, styles), Spacer(0, 3 * mm)]))
    return story


def _reason_table(reason: LetterReasonRecord, styles: ReportStyles) -> Table:
    subject = reason.criterion_title
    if not subject.startswith(reason.criterion):  # "Price explanation" names itself
        subject = f"{reason.criterion} {subject}"
    title = f"{reason.bidder} {reason.bidder_name} · {subject}"
    # One bulleted paragraph a decision: they are read one by one, in the order made.
    review: list[Flowable] = [
        styles.item(escape(d.describe()), small=True) for d in reason.decisions
    ] or [styles.p("No decision recorded.", styles.cell)]
    rows: list[list[Any]] = [
        [styles.p(title, styles.cell_bold), styles.p("")],
        [styles.p("Letter text", styles.cell_bold), styles.p(reason.text, styles.cell)],
    ]
    if not reason.as_rationale:
        rows.append(
            [styles.p("Seeded from", styles.cell_bold), styles.p(reason.rationale, styles.cell)]
        )
    rows.append([styles.p("Review (UTC)", styles.cell_bold), review])
    return record_card(rows)
