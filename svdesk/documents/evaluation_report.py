"""The evaluation report: the PDF that records how the decision was made.

For the authority's file and for any challenge: the method, the panel and their
declarations, every bid's scores, the moderation record, charts, the result with its
standstill basis, and the letter reasons with their confidentiality review. Before
moderation opens the evaluators' scores are private, and the report says so instead of
showing them.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any, BinaryIO

from reportlab.lib.units import mm
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    KeepTogether,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    TableStyle,
)
from reportlab.platypus.tableofcontents import TableOfContents

from svdesk import __version__
from svdesk.documents.properties import property_text
from svdesk.documents.report_agreement import agreement_section
from svdesk.documents.report_charts import spread_chart, totals_chart
from svdesk.documents.report_moderation import moderation_section
from svdesk.documents.report_reasons import reasons_section
from svdesk.documents.report_scores import result_section, scores_section
from svdesk.documents.report_sections import (
    SECTIONS,
    heading,
    method_section,
    panel_section,
    status_box,
    summary_section,
)
from svdesk.documents.report_style import (
    MARGIN_BOTTOM,
    MARGIN_LEFT,
    MARGIN_RIGHT,
    MARGIN_TOP,
    PAGE_HEIGHT,
    PAGE_WIDTH,
    TEXT_WIDTH,
    ReportStyles,
    cell_font,
    make_styles,
    numbered_canvas,
    page_decorator,
)
from svdesk.domain.moderation_rules import outside_words
from svdesk.domain.standstill import long_date
from svdesk.services.refusals import Refused
from svdesk.services.report_record import read_report_record
from svdesk.services.written_files import write_whole
from svdesk.store.database import Database
from svdesk.store.records.report import ReportData

# The most bars of the totals chart, panels of the spread chart (four to a row) and bids in
# a panel that a page holds legibly; a lot with more is drawn in several charts.
BARS_PER_CHART = 20
PANELS_PER_CHART = 12
BIDS_PER_PANEL = 4


def write_evaluation_report(
    db: Database, reference: str, output: Path, *, report_date: dt.date | None = None
) -> Path:
    """Write the evaluation report of tender ``reference`` to ``output`` (a .pdf file).

    The file is written whole or not at all. Refused for an output that is not a .pdf
    file in a folder that exists and can be written, or for an unknown tender.
    """
    output = Path(output)
    problems = output_problems(output)
    try:
        data = read_report_record(db, reference, report_date or dt.date.today())
    except Refused as refused:
        raise Refused([*problems, *refused.reasons]) from None
    if problems:
        raise Refused(problems)
    return save_evaluation_report(data, output)


def save_evaluation_report(data: ReportData, output: Path) -> Path:
    """Write the report of ``data`` to ``output``, whole or not at all."""
    _write_atomically(data, output)
    return output


def output_problems(output: Path) -> list[str]:
    """Why the report cannot be written to ``output``; empty when it can."""
    problems = []
    if output.suffix.lower() != ".pdf":
        problems.append(f"{output}: the evaluation report is a PDF file; name it ….pdf")
    folder = output.parent
    if not folder.is_dir():
        problems.append(f"{output}: the folder {folder} does not exist")
    elif not os.access(folder, os.W_OK | os.X_OK):
        problems.append(f"{output}: the folder {folder} cannot be written to")
    elif output.is_dir():
        problems.append(f"{output} is a folder; give the name of the PDF file to write")
    return problems


def _write_atomically(data: ReportData, output: Path) -> None:
    # Written beside the output and renamed over it: a reader never sees half a report.
    try:
        write_whole(output, lambda path: _build(data, path), ".tmp.pdf")
    except OSError as error:
        raise Refused([f"{output}: could not be written ({error.strerror})"]) from None


BODY_HEIGHT = PAGE_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM


class _HeadingWithNext(KeepTogether):  # type: ignore[misc]
    """A heading kept with what follows it, unless that is longer than a page (a long
    table): then it starts under the heading, where a page break would leave a page
    almost empty, and splits across pages (CondPageBreak keeps a heading off a page's
    foot)."""

    def split(self, width: float, height: float) -> list[Flowable]:
        parts: list[Flowable] = super().split(width, height)
        if getattr(self, "_H", 0) > BODY_HEIGHT:
            return list(self._content)
        return parts


class _ReportTemplate(BaseDocTemplate):  # type: ignore[misc]
    """A4 pages; section headings feed the contents list and the PDF's bookmarks."""

    def __init__(self, filename: BinaryIO, styles: ReportStyles, **kwargs: Any) -> None:
        super().__init__(filename, **kwargs)
        self._styles = styles
        self._outline = 0

    def beforeDocument(self) -> None:
        self._outline = 0  # each pass of the build numbers its bookmarks afresh

    def afterFlowable(self, flowable: Flowable) -> None:
        if not isinstance(flowable, Paragraph):
            return
        level = {self._styles.h1.name: 0, self._styles.h2.name: 1}.get(flowable.style.name)
        if level is None:
            return
        text = flowable.getPlainText()
        self._outline += 1
        key = f"section-{self._outline}"
        self.canv.bookmarkPage(key)
        self.canv.addOutlineEntry(text, key, level=level, closed=level > 0)
        if level == 0:
            self.notify("TOCEntry", (level, text, self.page, key))


def _build(data: ReportData, path: Path) -> None:
    styles = make_styles()
    # A file of ours, closed here whatever happens: one reportlab opened itself would be
    # left to be collected, which fails noisily when the disk is full.
    with open(path, "wb") as target:
        doc = _template(data, styles, target)
        doc.multiBuild(_story(data, styles), canvasmaker=numbered_canvas(styles.fonts))


def _template(data: ReportData, styles: ReportStyles, target: BinaryIO) -> _ReportTemplate:
    tender = data.overview.tender
    header = f"{tender.authority} · {tender.reference} · Evaluation report"
    footer = f"{tender.reference} evaluation report, {long_date(data.report_date)}"
    if data.audit_tip is not None:
        # Enough of the tip to check it on every page (svdesk audit --verify --tip).
        footer += f"  ·  audit trail tip {data.audit_tip.entries}:{data.audit_tip.hash[:16]}"
    doc = _ReportTemplate(
        target,
        styles,
        pagesize=(PAGE_WIDTH, PAGE_HEIGHT),
        leftMargin=MARGIN_LEFT,
        rightMargin=MARGIN_RIGHT,
        topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM,
        title=property_text(f"Evaluation report: {tender.reference} {tender.title}"),
        author=property_text(tender.authority),
        subject=property_text(
            f"Evaluation report for tender {tender.reference} ({tender.regime.law})"
        ),
        keywords=["evaluation report", "social value", property_text(tender.reference)],
        creator=f"svdesk {__version__}",
        lang="en-GB",
        initialFontName=styles.fonts.regular,
        keepTogetherClass=_HeadingWithNext,
    )
    frame = Frame(
        MARGIN_LEFT,
        MARGIN_BOTTOM,
        TEXT_WIDTH,
        BODY_HEIGHT,
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
        id="body",
    )
    decorate = page_decorator(styles.fonts, header, footer)
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=decorate)])
    return doc


def _story(data: ReportData, styles: ReportStyles) -> list[Flowable]:
    contents = TableOfContents(
        tableStyle=TableStyle(
            [
                cell_font(),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    contents.levelStyles = [styles.body]
    contents.dotsMinLevel = 0
    story: list[Flowable] = summary_section(data, styles)
    story += [CondPageBreak(70 * mm), Spacer(0, 4 * mm), styles.p("Contents", styles.h3), contents]
    story += [PageBreak(), *method_section(data, styles)]
    story += [PageBreak(), *panel_section(data, styles)]
    story += [PageBreak(), *scores_section(data, styles)]
    story += [PageBreak(), *moderation_section(data, styles)]
    # Before moderation the last sections are a few lines each: no page of their own.
    section_break = PageBreak() if data.moderation_open else CondPageBreak(90 * mm)
    story += [section_break, *charts_section(data, styles)]
    story += [section_break, *result_section(data, styles)]
    story += [section_break, *reasons_section(data, styles)]
    return story


def charts_section(data: ReportData, styles: ReportStyles) -> list[Flowable]:
    story: list[Flowable] = [heading(styles, SECTIONS[5])]
    if not data.moderation_open:
        story.append(
            status_box(
                styles,
                False,
                "No charts yet",
                [
                    "The charts show the social value scores, which are private until "
                    "moderation opens."
                ],
            )
        )
        return story
    story.append(heading(styles, "Total score per bid", 2))
    story.append(
        styles.p(
            "Each bar is a bid's total: price, quality and social value points, with the "
            "total at its end. Excluded bids, and bids not yet fully scored, are not drawn."
        )
    )
    maximum = data.overview.tender.total_weighting
    for lot in data.overview.lots:
        bids = [b for b in data.lot_result(lot.key).bids if data.shows_scores(b) and b.scored]
        if not bids:
            continue
        labels = [
            data.bidder_label(b.bidder) + ("" if b.eligible else " (not eligible)") for b in bids
        ]
        # A page holds a chart of BARS_PER_CHART bids; more are drawn in several charts.
        for start in range(0, len(bids), BARS_PER_CHART):
            end = min(start + BARS_PER_CHART, len(bids))
            chart = totals_chart(bids[start:end], labels[start:end], maximum, styles.fonts)
            title = _part_title(lot.display_name, "bids", start, end, len(bids))
            story.append(KeepTogether([styles.p(title, styles.h3), chart]))
    story.append(PageBreak())
    story.append(heading(styles, "Spread of the evaluators' scores per criterion", 2))
    story.append(
        styles.p(
            "For each criterion and bid: the range of the evaluators' scores (lowest to "
            "highest), each evaluator's score as a dot, and the consensus score as a diamond. "
            f"Shaded orange: scores {outside_words(data.overview.tender.moderation_tolerance)}"
            " (the tender's moderation tolerance), flagged for discussion."
        )
    )
    for lot in data.overview.lots:
        items = data.moderation_of(lot.key)
        if not items:
            continue
        bidders = list(dict.fromkeys(i.bidder for i in items))
        criteria = data.overview.criteria_of(lot.key)
        # Few enough bids in a panel to read each, few enough panels to fit a page.
        for first in range(0, len(bidders), BIDS_PER_PANEL):
            last = min(first + BIDS_PER_PANEL, len(bidders))
            for start in range(0, len(criteria), PANELS_PER_CHART):
                shown_criteria = criteria[start : start + PANELS_PER_CHART]
                chart = spread_chart(
                    shown_criteria,
                    items,
                    bidders[first:last],
                    data.overview.scale,
                    styles.fonts,
                    data.overview.tender.moderation_tolerance,
                )
                title = _part_title(lot.display_name, "bids", first, last, len(bidders))
                if len(criteria) > PANELS_PER_CHART:
                    title += f", {shown_criteria[0].code} to {shown_criteria[-1].code}"
                story.append(KeepTogether([styles.p(title, styles.h3), chart]))
    if data.agreement:
        story.append(PageBreak())
        story.append(heading(styles, "How far the panel agreed", 2))
        story += agreement_section(data, styles)
    return story


def _part_title(name: str, what: str, start: int, end: int, total: int) -> str:
    """``Lot 1``, or ``Lot 1: bids 21 to 40 of 60`` for a part of a lot."""
    if start == 0 and end == total:
        return name
    return f"{name}: {what} {start + 1} to {end} of {total}"
