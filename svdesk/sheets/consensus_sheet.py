"""The moderation workbook: the panel's scores side by side, and the consensus to record.

``write_consensus_template`` is the use case behind ``svdesk consensus --template``. Writing
it reveals every evaluator's scores, so it opens the moderation first (the audit trail
records who opened it and when); submitted scores can no longer be changed after that.

The first sheet, ``Consensus``, has the columns the import reads (``Lot``, ``Bidder``,
``Criterion``, ``Score``, ``Rationale``, ``Reconciliation``) and, after them for reading, the
bidder's name, the criterion's title, each evaluator's score and justification, the spread
in steps of the scale, and ``Discuss first`` (Yes where the scores lie outside the tender's
moderation tolerance; those rows are shaded). ``Instructions`` and ``Scale`` follow.

Which tender the workbook is for is carried three ways: the ``About`` sheet (Field/Value
rows, ``Tender`` first), the custom document property ``svdesk tender``, and the title of the
Instructions. The import reads the About sheet, then the property; a workbook made by hand
may instead have a ``Tender`` column on the Consensus sheet, or be imported with the
tender's reference given.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from svdesk.domain.evaluation_rules import MIN_REASON_WORDS
from svdesk.domain.moderation_rules import evaluator_label, outside_words
from svdesk.services.moderation import ModerationItem
from svdesk.services.moderation_opening import ModerationView, open_moderation_with
from svdesk.services.panel import PanelMember
from svdesk.services.refusals import Refused
from svdesk.services.tenders import TenderOverview
from svdesk.sheets.consensus_sheet_reader import (
    ABOUT_SHEET,
    CONSENSUS_SHEET,
    TENDER_PROPERTY,
    import_consensus_sheet,
    read_consensus_sheet,
)
from svdesk.sheets.sheet_format import (
    FLAG_FILL,
    Lines,
    SheetColumn,
    StagedFile,
    add_list,
    check_output,
    new_workbook,
    protect,
    put,
    score_choices,
    set_properties,
    stage_workbook,
    style_row,
    write_about,
    write_header,
    write_instructions,
    write_scale,
)
from svdesk.store.database import Database

__all__ = ["import_consensus_sheet", "read_consensus_sheet", "write_consensus_template"]

CONSENSUS_COLUMNS = (
    SheetColumn("Lot", 6, "The lot the bid is for."),
    SheetColumn("Bidder", 9, "The bidder's key in the tender pack."),
    SheetColumn("Criterion", 10, "The award criterion's code."),
    SheetColumn("Score", 9, "The consensus score: choose it from the drop-down.", True),
    SheetColumn(
        "Rationale",
        60,
        "Why the answer earns this score, by reference to the answer and to each "
        "sub-criterion. Quoted in the letters to bidders: never name an evaluator.",
        True,
        True,
    ),
    SheetColumn(
        "Reconciliation",
        50,
        "Where the evaluators' scores differ: how the panel agreed the consensus.",
        True,
        True,
    ),
    SheetColumn("Bidder name", 22, "The bidder's name.", wrapped=True),
    SheetColumn("Criterion title", 22, "What the criterion is about.", wrapped=True),
)
SPREAD_COLUMNS = (
    SheetColumn("Spread", 8, "How many steps of the scale lie between the lowest and highest."),
    SheetColumn(
        "Discuss first",
        10,
        "Yes where the scores lie outside the tender's moderation tolerance (see Instructions).",
    ),
)
NOT_SCORED = "No score submitted."
CONFLICT = "Declared a conflict of interest with this bidder: did not score."


def write_consensus_template(
    db: Database, reference: str, output: Path, *, actor: str | None = None
) -> Path:
    """Open the moderation of tender ``reference`` and write its consensus workbook: both,
    or neither.

    The workbook is saved in full beside ``output`` inside the transaction that opens
    moderation, which commits only then; it is moved into place once moderation is open.
    """
    output = Path(output)
    check_output(output, "consensus workbook")
    staged: list[StagedFile] = []

    def save(view: ModerationView) -> None:
        book = build_consensus_workbook(view.overview, view.items, view.evaluators)
        try:
            staged.append(stage_workbook(book, output))
        except Refused as refused:
            if not view.opening:
                raise
            raise Refused(
                [f"{r}; moderation of {reference} was not opened" for r in refused.reasons]
            ) from None

    try:
        open_moderation_with(db, reference, save, actor=actor)
    except BaseException:
        for file in staged:
            file.discard()  # saved, but moderation did not open after all
        raise
    try:
        staged[0].put_in_place()
    except Refused as refused:
        raise Refused(
            [
                f"{r}; moderation of {reference} is open: write the consensus workbook again"
                for r in refused.reasons
            ]
        ) from None
    return output


def build_consensus_workbook(
    overview: TenderOverview, items: list[ModerationItem], evaluators: list[PanelMember]
) -> Workbook:
    book = new_workbook()
    _write_consensus(book.create_sheet(CONSENSUS_SHEET), overview, items, evaluators)
    write_instructions(book.create_sheet("Instructions"), _instructions(overview, items))
    write_scale(book.create_sheet("Scale"), overview.scale)
    tender = overview.tender
    write_about(
        book.create_sheet(ABOUT_SHEET),
        {
            "Tender": tender.reference,
            "Title": tender.title,
            "Workbook": "Consensus scores, for the moderation",
            "Written": f"{dt.datetime.now():%d %B %Y %H:%M}",
        },
    )
    set_properties(book, {TENDER_PROPERTY: tender.reference})
    book.active = 1
    return book


def consensus_columns(
    evaluators: list[PanelMember], *, anonymous: bool = False
) -> tuple[SheetColumn, ...]:
    """The columns of the Consensus sheet; with ``anonymous`` (the tender's choice) each
    evaluator is named Evaluator A, B, C in the panel's order."""
    per_evaluator = []
    for position, member in enumerate(evaluators):
        name = evaluator_label(position) if anonymous else member.name
        per_evaluator += [
            SheetColumn(f"{name} score", 10, f"{name}'s submitted score."),
            SheetColumn(f"{name} justification", 45, f"{name}'s justification.", wrapped=True),
        ]
    return (*CONSENSUS_COLUMNS, *per_evaluator, *SPREAD_COLUMNS)


def _write_consensus(
    worksheet: Worksheet,
    overview: TenderOverview,
    items: list[ModerationItem],
    evaluators: list[PanelMember],
) -> None:
    columns = consensus_columns(evaluators, anonymous=overview.tender.anonymous_evaluators)
    write_header(worksheet, columns)
    for row, item in enumerate(items, start=2):
        given = {score.evaluator: score for score in item.scores}
        values: list[object] = [
            item.lot,
            item.bidder,
            item.criterion,
            item.consensus,
            item.rationale,
            item.reconciliation,
            item.bidder_name,
            item.criterion_title + ("\n(No answer was given.)" if item.missing_response else ""),
        ]
        for member in evaluators:
            score = given.get(member.name)
            if score is not None:
                values += [score.score, score.justification]
            else:
                values += [None, CONFLICT if item.bidder in member.conflicts else NOT_SCORED]
        values += [item.steps_apart, "Yes" if item.flagged else "No"]
        for column, value in enumerate(values, start=1):
            put(worksheet, row, column, value)
        style_row(worksheet, row, columns, FLAG_FILL if item.flagged else None)
    last = max(2, len(items) + 1)
    add_list(
        worksheet,
        "Score",
        score_choices(overview.scale),
        f"Choose a score of the scale: {overview.scale.describe()}.",
        f"D2:D{last}",
    )
    worksheet.freeze_panes = "D2"
    worksheet.auto_filter.ref = (
        f"A1:{worksheet.cell(row=1, column=len(columns)).column_letter}{last}"
    )
    protect(worksheet, allow_filter=True)


def _instructions(overview: TenderOverview, items: list[ModerationItem]) -> Lines:
    tender = overview.tender
    flagged = sum(1 for item in items if item.flagged)
    return [
        ("title", f"Consensus scores: {tender.reference}, {tender.title}"),
        (
            "note",
            f"Tender {tender.reference}. Written on {dt.date.today():%d %B %Y}, when the "
            f"moderation opened: {len(items)} response(s) to agree, {flagged} of them to "
            "discuss first (shaded, Discuss first: Yes). The About sheet records which tender "
            "this workbook is for: keep it.",
        ),
        ("heading", "The moderation meeting"),
        (
            "body",
            "Each row of the Consensus sheet is one bidder's answer to one criterion, with "
            "every evaluator's submitted score and justification side by side. Start with the "
            f"rows with scores {outside_words(tender.moderation_tolerance)}, the tender's "
            "moderation tolerance (Discuss first: Yes). The evaluators' own scores are kept as "
            "they are: the consensus is recorded "
            "beside them.",
        ),
        ("heading", "What to fill in"),
        (
            "item",
            "•  Score: the score the panel agrees, from the drop-down (the Scale sheet has "
            "each score's descriptor).",
        ),
        (
            "item",
            "•  Rationale: why the answer earns this score. It is quoted in the letters to "
            "bidders, so make it specific: refer to what the answer says (or leaves out) and "
            "to each sub-criterion, and say why it earns this score rather than the one above "
            f"or below it ({MIN_REASON_WORDS} words or more). Never name an evaluator or quote "
            "their scores in the rationale.",
        ),
        (
            "item",
            "•  Reconciliation: required wherever the evaluators' scores differ. Record how the "
            "panel agreed the consensus: what was discussed, and why the scores moved. It "
            "stays in the evaluation record and is not sent to bidders.",
        ),
        (
            "item",
            "•  A row left blank is left for later; you may import the workbook more than once.",
        ),
        ("heading", "Keep the workbook as it is"),
        (
            "body",
            "Only the Score, Rationale and Reconciliation cells can be typed in; the rest is "
            "locked (the sheets are protected without a password). Do not add or delete rows, "
            "or change the Lot, Bidder or Criterion cells: they say which answer each "
            "consensus is for. Filtering the rows with the arrows in the heading row is fine.",
        ),
        ("heading", "Importing it"),
        (
            "body",
            "Save the workbook (.xlsx) and import it: svdesk consensus FILE.xlsx on the "
            "command line. Every problem is listed with its sheet and cell, such as "
            "Consensus!E7, and a workbook with any problem changes nothing: fix them all and "
            "import it again. Importing the same workbook twice changes nothing; a changed "
            "consensus replaces the one recorded, and the audit trail keeps both.",
        ),
    ]
