"""An evaluator's score sheet: the use case behind ``svdesk sheet``, and its import.

The first sheet, ``Scores``, has one row per response the evaluator must score, with the
question, the guidance and the answer to read, and the evaluator's Score (a drop-down of the
scale) and Justification to fill in. ``Declarations`` asks for a conflict of interest (Yes or
No) for every bidder; ``Scale`` holds the descriptors; ``Instructions`` says what to do. Only
the cells to fill in can be typed in: the rest is locked (protected without a password).

The workbook's custom document properties ``svdesk tender`` and ``svdesk evaluator`` record
whom it was written for, so that an edited Tender or Evaluator column is caught on import.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from svdesk.domain.evaluation_rules import MIN_REASON_WORDS
from svdesk.domain.model import Criterion
from svdesk.domain.scale import Scale
from svdesk.domain.words import count_words
from svdesk.packs.cells import CELL_LIMIT
from svdesk.services.refusals import Refused
from svdesk.services.scoring import AssignedResponse, DeclaredInterest, evaluator_record
from svdesk.services.tenders import ResponseView, TenderNotFound, TenderOverview, tender_overview
from svdesk.sheets.score_sheet_reader import (
    DECLARATIONS_SHEET,
    EVALUATOR_PROPERTY,
    SCORES_SHEET,
    TENDER_PROPERTY,
    ScoreSheet,
    import_score_sheet,
    read_score_sheet,
    submit_score_sheet,
)
from svdesk.sheets.sheet_format import (
    FLAG_FILL,
    Lines,
    SheetColumn,
    add_list,
    check_output,
    new_workbook,
    protect,
    put,
    save_atomically,
    score_choices,
    set_properties,
    style_row,
    write_header,
    write_instructions,
    write_scale,
)
from svdesk.store.database import Database

__all__ = [
    "SCORE_COLUMNS",
    "ScoreSheet",
    "import_score_sheet",
    "read_score_sheet",
    "submit_score_sheet",
    "write_score_sheet",
]

SCORE_COLUMNS = (
    SheetColumn("Tender", 14, "The tender's reference."),
    SheetColumn("Lot", 6, "The lot the bid is for."),
    SheetColumn("Bidder", 9, "The bidder's key in the tender pack."),
    SheetColumn("Bidder name", 22, "The bidder's name.", wrapped=True),
    SheetColumn("Criterion", 10, "The award criterion's code."),
    SheetColumn("Criterion title", 22, "What the criterion is about.", wrapped=True),
    SheetColumn("Question", 40, "The question the bidder answered.", wrapped=True),
    SheetColumn("Guidance", 36, "Guidance for evaluators, and the sub-criteria.", wrapped=True),
    SheetColumn(
        "Answer",
        80,
        "The bidder's answer. Words past the word limit follow a marked line and are not "
        "evaluated. Click the cell to read a long answer in the formula bar.",
        wrapped=True,
    ),
    SheetColumn("Words", 8, "How many words the answer has."),
    SheetColumn("Evaluator", 16, "Who scores this sheet."),
    SheetColumn(
        "Score", 9, "Choose a score of the scale from the drop-down (see the Scale sheet).", True
    ),
    SheetColumn(
        "Justification",
        60,
        "Strengths, weaknesses, and why this score rather than the one above or below it.",
        True,
        True,
    ),
)
DECLARATION_SHEET_COLUMNS = (
    SheetColumn("Bidder", 10, "The bidder's key in the tender pack."),
    SheetColumn("Name", 30, "The bidder's name.", wrapped=True),
    SheetColumn("Conflict", 10, "Yes if you have a conflict of interest with it, No if not.", True),
    SheetColumn("Details", 60, "For a conflict: what the interest is.", True, True),
    SheetColumn("Date", 14, "The date of your declaration (today if left blank).", True),
)
NO_ANSWER = "No answer was given."
CUT_NOTE = (
    "\n\n[The answer is cut here: it is longer than an Excel cell can hold (32,767 "
    "characters). Read it in full in svdesk.]"
)


def write_score_sheet(db: Database, reference: str, evaluator: str, output: Path) -> Path:
    """Write ``evaluator``'s score sheet for tender ``reference`` to ``output`` (.xlsx)."""
    output = Path(output)
    check_output(output, "score sheet")
    record = evaluator_record(db, reference, evaluator)  # refuses an unknown tender or evaluator
    try:
        overview = tender_overview(db, reference)
    except TenderNotFound as exc:
        raise Refused([str(exc)]) from None
    book = build_score_workbook(overview, record.name, record.responses, record.declarations)
    save_atomically(book, output)
    return output


def build_score_workbook(
    overview: TenderOverview,
    evaluator: str,
    assigned: list[AssignedResponse],
    declared: dict[str, DeclaredInterest],
) -> Workbook:
    book = new_workbook()
    _write_scores(book.create_sheet(SCORES_SHEET), overview, evaluator, assigned)
    conflicts = sorted(key for key, d in declared.items() if d.conflict)
    lines = _instructions(overview, evaluator, len(assigned), conflicts)
    write_instructions(book.create_sheet("Instructions"), lines)
    _write_declarations(book.create_sheet(DECLARATIONS_SHEET), overview, declared)
    write_scale(book.create_sheet("Scale"), overview.scale)
    set_properties(
        book, {TENDER_PROPERTY: overview.tender.reference, EVALUATOR_PROPERTY: evaluator}
    )
    book.active = 1  # open on the instructions: declaring interests comes first
    return book


def _write_scores(
    worksheet: Worksheet,
    overview: TenderOverview,
    evaluator: str,
    assigned: list[AssignedResponse],
) -> None:
    write_header(worksheet, SCORE_COLUMNS)
    responses = {(r.lot, r.bidder, r.criterion): r for r in overview.responses}
    criteria = {(c.lot, c.code): c for c in overview.criteria}
    names = {b.key: b.name for b in overview.bidders}
    for row, mine in enumerate(assigned, start=2):
        response = responses.get((mine.lot, mine.bidder, mine.criterion))
        criterion = criteria[(mine.lot, mine.criterion)]
        missing = response is None or response.missing
        values = (
            overview.tender.reference,
            mine.lot,
            mine.bidder,
            names.get(mine.bidder, ""),
            mine.criterion,
            criterion.title,
            _question(criterion),
            _guidance(criterion),
            answer_text(response),
            None if missing or response is None else response.word_count,
            evaluator,
            mine.score,
            mine.justification,
        )
        for column, value in enumerate(values, start=1):
            put(worksheet, row, column, value)
        style_row(worksheet, row, SCORE_COLUMNS)
        if response is not None and response.over_limit:
            worksheet.cell(row=row, column=10).fill = FLAG_FILL
    last = max(2, len(assigned) + 1)
    add_list(
        worksheet,
        "Score",
        score_choices(overview.scale),
        f"Choose a score of the scale: {overview.scale.describe()}.",
        f"L2:L{last}",
    )
    worksheet.freeze_panes = "D2"
    worksheet.auto_filter.ref = f"A1:M{last}"
    protect(worksheet, allow_filter=True)


def _question(criterion: Criterion) -> str:
    if criterion.word_limit is None:
        return criterion.question
    return f"{criterion.question}\n\nWord limit: {criterion.word_limit} words."


def _guidance(criterion: Criterion) -> str:
    parts = [criterion.guidance] if criterion.guidance else []
    if criterion.sub_criteria:
        parts.append("Sub-criteria:\n" + "\n".join(f"• {s}" for s in criterion.sub_criteria))
    return "\n\n".join(parts)


def answer_text(response: ResponseView | None) -> str:
    """The answer as the Answer cell shows it: what lies within the word limit, then a
    marked line and the words past it, which are not evaluated."""
    if response is None or response.missing or not response.text.strip():
        return NO_ANSWER
    within, past = response.split_at_limit()
    text = within.strip()
    if past.strip():
        text += (
            f"\n\n━━━━ Word limit of {response.word_limit} words reached: "
            "do not evaluate the words below ━━━━\n"
            f"[not evaluated: {count_words(past)} words past the limit] {past.strip()}"
        )
    if len(text) > CELL_LIMIT:
        text = text[: CELL_LIMIT - len(CUT_NOTE)].rstrip() + CUT_NOTE
    return text


def _write_declarations(
    worksheet: Worksheet, overview: TenderOverview, declared: dict[str, DeclaredInterest]
) -> None:
    write_header(worksheet, DECLARATION_SHEET_COLUMNS)
    for row, bidder in enumerate(overview.bidders, start=2):
        stored = declared.get(bidder.key)
        put(worksheet, row, 1, bidder.key)
        put(worksheet, row, 2, bidder.name)
        if stored is not None:
            put(worksheet, row, 3, "Yes" if stored.conflict else "No")
            put(worksheet, row, 4, stored.details)
            put(worksheet, row, 5, stored.declared_on)
        worksheet.cell(row=row, column=5).number_format = "dd/mm/yyyy"
        style_row(worksheet, row, DECLARATION_SHEET_COLUMNS)
    last = max(2, len(overview.bidders) + 1)
    add_list(worksheet, "Conflict", ("Yes", "No"), "Choose Yes or No.", f"C2:C{last}")
    protect(worksheet)


def _scale_text(scale: Scale) -> str:
    return "; ".join(f"{level.score} {level.label}".strip() for level in reversed(scale.levels))


def _instructions(
    overview: TenderOverview, evaluator: str, rows: int, conflicts: list[str]
) -> Lines:
    tender = overview.tender
    lines: Lines = [
        ("title", f"Score sheet: {tender.reference}, {tender.title}"),
        (
            "note",
            f"For {evaluator}, written on {dt.date.today():%d %B %Y}: {rows} answer(s) to "
            f"score on the {SCORES_SHEET} sheet.",
        ),
    ]
    if conflicts:
        lines.append(
            (
                "note",
                f"You have declared a conflict of interest with {', '.join(conflicts)}: "
                "their answers are not in this sheet.",
            )
        )
    lines += [
        ("heading", "1. Declare your interests first"),
        (
            "body",
            "On the Declarations sheet, say for every bidder whether you have a conflict of "
            "interest with it: Yes or No in the Conflict column. A conflict is any interest "
            "that could affect, or be seen to affect, your impartiality: for example, you or "
            "someone close to you works for the bidder, owns part of it, or has recently "
            "worked with it. For Yes, write in Details what the interest is, in a sentence. "
            "Every bidder needs Yes or No: a blank Conflict cell stops the import.",
        ),
        (
            "body",
            "A conflict means you must not score that bidder. This sheet was written from the "
            "declarations svdesk held at the time; if you now declare a conflict with a bidder "
            "whose answers are in it, leave that bidder's Score and Justification cells empty, "
            "and tell the procurement lead.",
        ),
        ("heading", "2. Score each answer"),
        (
            "item",
            "•  Each row of the Scores sheet is one bidder's answer to one question. Read the "
            "Question, the Guidance (with the sub-criteria) and the Answer. For a long answer, "
            "make the row taller (drag its lower edge) or click the Answer cell and read it in "
            "the formula bar.",
        ),
        (
            "item",
            "•  Only the words within the word limit are evaluated. Where an answer runs past "
            "it, the rest follows a marked line and starts with '[not evaluated: N words past "
            "the limit]': do not take it into account.",
        ),
        (
            "item",
            "•  Choose the Score from the drop-down: the score whose descriptor on the Scale "
            f"sheet best matches the answer. The scale: {_scale_text(overview.scale)}.",
        ),
        (
            "item",
            "•  Write a Justification for every score: the answer's strengths and weaknesses "
            "against the question and each sub-criterion, and why it earns this score rather "
            f"than the one above or below it. Write at least a sentence ({MIN_REASON_WORDS} "
            "words or more): a score without a justification cannot be imported.",
        ),
        (
            "item",
            "•  Score on your own: do not discuss answers or scores with the other evaluators "
            "before the moderation meeting.",
        ),
        (
            "item",
            "•  You may import a sheet you have not finished: a blank row stays unscored, and a "
            "Justification without a Score is kept as a draft.",
        ),
        ("heading", "3. Keep the sheet as it is"),
        (
            "body",
            "Only the Score and Justification cells, and Conflict, Details and Date on the "
            "Declarations sheet, can be typed in; the rest is locked so that it cannot be "
            "changed by mistake (the sheets are protected without a password). Do not add or "
            "delete rows, and do not change the Tender, Lot, Bidder, Criterion or Evaluator "
            "cells: they say which answer each score is for. Filtering the rows with the "
            "arrows in the heading row is fine.",
        ),
        ("heading", "4. Save it and send it back"),
        (
            "body",
            "Save the workbook as an Excel workbook (.xlsx) and send it to the procurement "
            "lead, who imports it into svdesk (on the command line: svdesk scores FILE.xlsx). "
            "Every problem is listed with its sheet and cell, such as Scores!L7, and a sheet "
            "with any problem changes nothing: fix them all and import it again. Importing the "
            "same sheet twice changes nothing; importing it again after changing a score "
            "replaces the score submitted, and the audit trail keeps both. Once the moderation "
            "meeting has begun, submitted scores can no longer be changed.",
        ),
    ]
    return lines
