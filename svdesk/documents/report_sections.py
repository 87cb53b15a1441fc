"""The evaluation report's first sections: summary, method, and the panel's declarations."""

from __future__ import annotations

from decimal import Decimal
from xml.sax.saxutils import escape

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, Spacer, Table, TableStyle

from svdesk.documents.report_agreement import moderation_summary
from svdesk.documents.report_style import (
    CONFLICT_COLOUR,
    CONFLICT_FILL,
    FLAG_COLOUR,
    FLAG_FILL,
    GOOD_COLOUR,
    GOOD_FILL,
    RULE,
    TEXT_WIDTH,
    ReportStyles,
    cell_font,
    grid,
    key_values,
)
from svdesk.domain.evaluation_rules import PanelRole
from svdesk.domain.model import ScoringMethod, TieBreak
from svdesk.domain.moderation_rules import outside_words
from svdesk.domain.pack_rules import format_decimal
from svdesk.domain.scoring import shown
from svdesk.domain.standstill import long_date
from svdesk.store.records.report import ReportData

SECTIONS = (
    "1. Summary",
    "2. Method",
    "3. The panel and declarations of interest",
    "4. Scores",
    "5. Moderation record",
    "6. Charts",
    "7. Result",
    "8. Letter reasons and their confidentiality review",
)


def points(value: Decimal) -> str:
    """A score in points as the report shows it: 2 decimal places, rounded half-up."""
    return f"{shown(value):.2f}"


def heading(styles: ReportStyles, text: str, level: int = 1) -> Flowable:
    style = styles.h1 if level == 1 else styles.h2 if level == 2 else styles.h3
    return styles.p(text, style)


def status_box(
    styles: ReportStyles, ok: bool, title: str, lines: list[str], space_after: float = 4 * mm
) -> Table:
    """A shaded box: green when all is well, amber when something needs attention.

    One row a line, so that a long list splits across pages, its title repeated on each."""
    colour, fill = (GOOD_COLOUR, GOOD_FILL) if ok else (FLAG_COLOUR, FLAG_FILL)
    rows: list[list[Flowable]] = [
        [styles.m(f'<font color="#{colour.hexval()[2:]}"><b>{escape(title)}</b></font>')]
    ]
    rows.extend([styles.item(escape(line), small=True)] for line in lines)
    box = Table(rows, colWidths=[TEXT_WIDTH], hAlign="LEFT", spaceAfter=space_after, repeatRows=1)
    box.setStyle(
        TableStyle(
            [
                cell_font(),
                ("BACKGROUND", (0, 0), (-1, -1), fill),
                ("LINEBEFORE", (0, 0), (0, -1), 3, colour),
                ("LEFTPADDING", (0, 0), (-1, -1), 8),
                ("TOPPADDING", (0, 0), (-1, -1), 1),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
                ("TOPPADDING", (0, 0), (-1, 0), 6),
                ("BOTTOMPADDING", (0, -1), (-1, -1), 6),
            ]
        )
    )
    return box


# The problems the summary lists; a longer list is for ``svdesk check`` and the window.
PROBLEMS_SHOWN = 15


def _first_problems(data: ReportData) -> list[str]:
    problems = list(data.problems)
    if len(problems) <= PROBLEMS_SHOWN:
        return problems
    rest = len(problems) - PROBLEMS_SHOWN + 1
    return [
        *problems[: PROBLEMS_SHOWN - 1],
        f"… and {rest} more: svdesk check --tender {data.reference} lists them all",
    ]


def summary_section(data: ReportData, styles: ReportStyles) -> list[Flowable]:
    tender = data.overview.tender
    story: list[Flowable] = [
        styles.p(tender.authority, styles.subtitle),
        Spacer(0, 2 * mm),
        styles.p("Evaluation report", styles.title),
        styles.p(f"{tender.title} ({tender.reference})", styles.subtitle),
        Spacer(0, 6 * mm),
        heading(styles, SECTIONS[0]),
    ]
    lots = "; ".join(lot.display_name for lot in data.overview.lots)
    if data.moderation_opened is not None:
        moderation = (
            f"Opened by {data.moderation_opened.by} on "
            f"{long_date(data.moderation_opened.at.date())}"
        )
        lots = moderation_summary(data)
        if lots:
            moderation += f". {lots}"
    elif data.moderation_open:
        moderation = "Open"
    else:
        moderation = "Not yet opened: the evaluators' scores are private until it opens"
    audit = f"{data.audit_entries} entries; " + (
        "checked intact"
        if not data.audit_problems
        else "NOT intact: " + "; ".join(data.audit_problems)
    )
    if data.audit_tip is not None:
        audit += (
            f". Tip of the trail when this report was written: {data.audit_tip} "
            "(svdesk audit --verify --tip with it proves later that the record was not "
            "rewritten after this report)"
        )
    story.append(
        key_values(
            styles,
            [
                ("Tender", f"{tender.reference}: {tender.title}"),
                ("Contracting authority", tender.authority),
                ("Regime", tender.regime.law),
                ("Lots", lots),
                ("Bidders", str(len(data.overview.bidders))),
                ("Date of this report", long_date(data.report_date)),
                ("Moderation", moderation),
                ("Audit trail", audit),
            ],
            42 * mm,
        )
    )
    story.append(Spacer(0, 5 * mm))
    if data.problems:
        noun = "problem" if len(data.problems) == 1 else "problems"
        story.append(
            status_box(
                styles,
                False,
                f"Status: not ready for award letters ({len(data.problems)} {noun})",
                _first_problems(data),
            )
        )
    else:
        story.append(
            status_box(
                styles,
                True,
                "Status: ready for award letters",
                ["Every readiness check passed (svdesk check)."],
            )
        )
    story += [Spacer(0, 5 * mm), heading(styles, "Result per lot", 2), _result_table(data, styles)]
    return story


def _result_table(data: ReportData, styles: ReportStyles) -> Table:
    rows: list[list[Flowable]] = [
        [
            styles.p("Lot", styles.head),
            styles.p("Winner", styles.head),
            styles.p("Total", styles.head_right),
            styles.p("Other bids (total)", styles.head),
        ]
    ]
    for lot in data.overview.lots:
        result = data.lot_result(lot.key)
        winner = next((b for b in result.bids if b.bidder == result.winner), None)
        total = ""
        if not data.moderation_open:
            winner_cell = styles.p("No winner: not yet moderated", styles.cell)
        elif winner is None:
            why = "see section 7" if result.complete else "the evaluation is incomplete"
            winner_cell = styles.p(f"No winner: {why}", styles.cell)
        else:
            winner_cell = styles.m(
                f"<b>{escape(data.bidder_label(winner.bidder))}</b>", styles.cell
            )
            total = points(winner.total)
        others = [
            f"{b.bidder} {points(b.total)}"
            if data.shows_scores(b) and b.scored
            else f"{b.bidder} ({'excluded' if b.excluded else 'not ranked'})"
            for b in result.bids
            if b.bidder != result.winner
        ]
        rows.append(
            [
                styles.p(lot.display_name, styles.cell),
                winner_cell,
                styles.p(total, styles.cell_right),
                styles.p("; ".join(others) or "none", styles.cell),
            ]
        )
    return grid(rows, [48 * mm, 58 * mm, 16 * mm, TEXT_WIDTH - 122 * mm])


def method_section(data: ReportData, styles: ReportStyles) -> list[Flowable]:
    tender = data.overview.tender
    scale = data.overview.scale
    story: list[Flowable] = [heading(styles, SECTIONS[1]), heading(styles, "Weightings", 2)]
    parts = [
        ("Price", tender.price_weighting, "Points from the price evaluation, as given in the pack"),
        (
            "Quality",
            tender.quality_weighting,
            "Points from the quality evaluation, as given in the pack",
        ),
        (
            "Social value",
            tender.social_value_weighting,
            "The social value criteria below, scored by the panel",
        ),
    ]
    rows = [[styles.p(h, styles.head) for h in ("Part", "Weighting", "How it is scored")]]
    rows += [
        [
            styles.p(name, styles.cell),
            styles.p(f"{format_decimal(w)}%", styles.cell),
            styles.p(how, styles.cell),
        ]
        for name, w, how in parts
    ]
    rows.append(
        [
            styles.p("Total", styles.cell_bold),
            styles.p(f"{format_decimal(tender.total_weighting)}%", styles.cell_bold),
            styles.p("", styles.cell),
        ]
    )
    story.append(grid(rows, [35 * mm, 25 * mm, TEXT_WIDTH - 60 * mm]))
    story += [heading(styles, "How the social value score is worked out", 2)]
    counted = (
        "the panel's consensus score, agreed at moderation"
        if tender.scoring_method is ScoringMethod.CONSENSUS
        else "the mean of the evaluators' scores"
    )
    tie_break = {
        TieBreak.SOCIAL_VALUE: "the higher social value score",
        TieBreak.QUALITY: "the higher quality score",
        TieBreak.PRICE: "the higher price score",
        TieBreak.NONE: "nothing: the tender sets no tie-break",
    }[tender.tie_break]
    for text in (
        f"Scoring method: {tender.scoring_method.value}. The score that counts for each "
        f"response is {counted}.",
        f"Weighted score = score that counts ÷ {scale.max_score} (the top of the scale) × the "
        "criterion's weight. The social value score is the sum of the weighted scores of the "
        "lot's criteria; the total is price + quality + social value.",
        "Full precision is kept; what is shown and compared is rounded half-up to 2 decimal "
        "places.",
        "A bid is not eligible for award when it is excluded, or when its score on a "
        "criterion is below that criterion's minimum score. Eligible bids are ranked by "
        "total, highest first.",
        f"Tie-break: equal totals are separated by {tie_break} (compared at 2 decimal places). "
        "A tie for first place leaves the lot without a winner until the panel resolves it.",
        "Each evaluator scores each response independently, with a written justification, "
        "after declaring any conflict of interest with each bidder. At moderation, responses "
        f"with evaluators' scores {outside_words(data.overview.tender.moderation_tolerance)} "
        "(the tender's moderation tolerance) are flagged for discussion first.",
    ):
        story.append(styles.item(escape(text)))
    story.append(CondPageBreak(50 * mm))
    story.append(heading(styles, "The scoring scale", 2))
    rows = [[styles.p(h, styles.head) for h in ("Score", "Label", "Descriptor")]]
    rows += [
        [
            styles.p(str(level.score), styles.cell_bold),
            styles.p(level.label, styles.cell_bold),
            styles.p(level.descriptor, styles.cell),
        ]
        for level in reversed(scale.levels)
    ]
    story.append(grid(rows, [15 * mm, 25 * mm, TEXT_WIDTH - 40 * mm]))
    for lot in data.overview.lots:
        story.append(CondPageBreak(45 * mm))
        story.append(heading(styles, f"Criteria: {lot.display_name}", 2))
        story.append(_criteria_table(data, lot.key, styles))
    return story


def _criteria_table(data: ReportData, lot: str, styles: ReportStyles) -> Table:
    criteria = data.overview.criteria_of(lot)
    headers = ("Code", "Criterion and sub-criteria", "Model criterion", "Weight", "Minimum score")
    rows: list[list[Flowable]] = [
        [styles.p(h, styles.head_right if i >= 3 else styles.head) for i, h in enumerate(headers)]
    ]
    for c in criteria:
        cell = [styles.p(c.title, styles.cell_bold)]
        cell += [styles.item(escape(s), small=True, bullet="–") for s in c.sub_criteria]
        rows.append(
            [
                styles.p(c.code, styles.cell_bold),
                cell,
                styles.p(c.model_criterion or "–", styles.cell),
                styles.p(format_decimal(c.weight), styles.cell_right),
                styles.p(
                    "–" if c.minimum_score is None else str(c.minimum_score), styles.cell_right
                ),
            ]
        )
    total = sum((c.weight for c in criteria), Decimal(0))
    rows.append(
        [
            styles.p("", styles.cell),
            styles.p("Total of the weights", styles.cell_bold),
            styles.p("", styles.cell),
            styles.p(format_decimal(total), styles.cell_right),
            styles.p("", styles.cell),
        ]
    )
    return grid(rows, [14 * mm, TEXT_WIDTH - 74 * mm, 26 * mm, 16 * mm, 18 * mm])


def panel_section(data: ReportData, styles: ReportStyles) -> list[Flowable]:
    story: list[Flowable] = [
        heading(styles, SECTIONS[2]),
        styles.p(
            "Each evaluator declares, for each bidder and before seeing the answers, whether "
            "they have a conflict of interest. A declared conflict takes the evaluator off that "
            "bidder's responses: they do not score them. Every declaration made is listed below."
        ),
        heading(styles, "The panel", 2),
    ]
    bidders = len(data.overview.bidders)
    rows = [[styles.p(h, styles.head) for h in ("Name", "Role", "Declarations", "Conflicts")]]
    for member in data.members:
        evaluator = member.role == PanelRole.EVALUATOR
        rows.append(
            [
                styles.p(member.name, styles.cell_bold),
                styles.p(str(member.role).capitalize(), styles.cell),
                styles.p(
                    f"{member.declared} of {bidders} bidders" if evaluator else "Does not score",
                    styles.cell,
                ),
                styles.p(", ".join(member.conflicts) or "None", styles.cell),
            ]
        )
    if data.members:
        story.append(grid(rows, [50 * mm, 28 * mm, 36 * mm, TEXT_WIDTH - 114 * mm]))
    else:
        story.append(styles.p("No one has been added to the panel yet."))
    story += [CondPageBreak(40 * mm), heading(styles, "Declarations of interest", 2)]
    if not data.declarations:
        story.append(styles.p("No declarations of interest have been recorded."))
    else:
        story.append(_declarations_table(data, styles))
    story.append(heading(styles, "Conflicts and their consequence", 2))
    conflicts = [d for d in data.declarations if d.conflict]
    if not conflicts:
        story.append(styles.p("No evaluator declared a conflict of interest with any bidder."))
    for d in conflicts:
        lots = ", ".join(data.lots_bid_by(d.bidder))
        where = f" (lot {lots})" if "," not in lots else f" (lots {lots})"
        story.append(
            status_box(
                styles,
                False,
                f"{d.evaluator}: conflict of interest with {d.bidder} {d.bidder_name}",
                [
                    f"Declared on {long_date(d.declared_on)}: {d.details}",
                    f"Consequence: {d.evaluator} did not score {d.bidder}'s responses"
                    f"{where if lots else ''}; the moderated scores for {d.bidder} rest "
                    "on the other evaluators' scores.",
                ],
                space_after=3 * mm,
            )
        )
    return story


def _declarations_table(data: ReportData, styles: ReportStyles) -> Table:
    """Every declaration, grouped by evaluator; conflicts shaded, with their details."""
    headers = ("Evaluator", "Bidder", "Declared on", "Declaration")
    rows: list[list[Flowable]] = [[styles.p(h, styles.head) for h in headers]]
    extra: list[tuple[object, ...]] = []
    previous = ""
    for i, d in enumerate(data.declarations, start=1):
        if d.conflict:
            declaration = styles.m(
                f'<font color="#{CONFLICT_COLOUR.hexval()[2:]}"><b>Conflict of interest:</b>'
                f"</font> {escape(d.details)}",
                styles.cell,
            )
            extra.append(("BACKGROUND", (1, i), (-1, i), CONFLICT_FILL))
        else:
            declaration = styles.p("No conflict of interest", styles.cell)
        if d.evaluator != previous and i > 1:
            extra.append(("LINEABOVE", (0, i), (-1, i), 0.8, RULE))
        rows.append(
            [
                styles.p(d.evaluator if d.evaluator != previous else "", styles.cell_bold),
                styles.p(f"{d.bidder} {d.bidder_name}", styles.cell),
                styles.p(d.declared_on.strftime("%d/%m/%Y"), styles.cell),
                declaration,
            ]
        )
        previous = d.evaluator
    return grid(rows, [36 * mm, 60 * mm, 22 * mm, TEXT_WIDTH - 118 * mm], extra, zebra=False)
