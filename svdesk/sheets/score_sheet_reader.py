"""Reading a filled score sheet, and importing it: the use case behind ``svdesk scores``.

The sheet is read whole and every problem is collected before anything is refused: a
panel member fixes them all at once. The import then hands the rows to
:func:`svdesk.services.scoring.submit_scores`, which records the declarations and the
scores together or not at all, and says what is wrong with each row by its cell.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from svdesk.domain.evaluation_rules import fold_name
from svdesk.domain.pack_rules import CellError, is_blank, parse_yes_no, shown
from svdesk.packs.cells import CELL_LIMIT, cell_value
from svdesk.services.panel import (
    Declaration,
)
from svdesk.services.refusals import Refused
from svdesk.services.scoring import RecordingGuard, ScoreEntry, SubmitOutcome, submit_scores
from svdesk.sheets.sheet_format import get_property
from svdesk.sheets.sheet_reading import (
    SheetRow,
    SheetTable,
    find_sheet,
    one_value,
    opened_workbook,
    read_date,
    read_score,
    read_table,
    read_text,
    relocated,
    said_once,
)
from svdesk.store.database import Database

SCORES_SHEET = "Scores"
DECLARATIONS_SHEET = "Declarations"
REQUIRED_SCORE_COLUMNS = (
    "Tender",
    "Lot",
    "Bidder",
    "Criterion",
    "Evaluator",
    "Score",
    "Justification",
)
DECLARATION_COLUMNS = ("Bidder", "Name", "Conflict", "Details", "Date")
# Custom document properties the writer sets: which tender and evaluator the sheet is for.
TENDER_PROPERTY = "svdesk tender"
EVALUATOR_PROPERTY = "svdesk evaluator"


@dataclass(frozen=True, slots=True)
class ScoreSheet:
    """What a filled score sheet holds; the ``where`` fields locate its Tender and Evaluator."""

    tender: str
    evaluator: str
    entries: list[ScoreEntry] = field(default_factory=list)
    declarations: list[Declaration] = field(default_factory=list)
    where_tender: str = ""
    where_evaluator: str = ""
    warnings: tuple[str, ...] = ()


def read_score_sheet(path: Path) -> ScoreSheet:
    """Read a score sheet; refused with every problem, each located by sheet and cell."""
    path = Path(path)
    problems: list[str] = []
    with opened_workbook(path) as book:
        scores = find_sheet(book, SCORES_SHEET)
        if scores is None:
            raise Refused(
                [
                    f"{path.name} has no sheet named '{SCORES_SHEET}': it is not a score sheet "
                    "(write one with svdesk sheet --tender REF --evaluator NAME -o FILE.xlsx)"
                ]
            )
        table = read_table(
            scores, REQUIRED_SCORE_COLUMNS, REQUIRED_SCORE_COLUMNS, problems, ("Justification",)
        )
        declared = find_sheet(book, DECLARATIONS_SHEET)
        tables = [table]
        declarations = _declarations(declared, problems, tables) if declared is not None else []
        written_for = (
            get_property(book, TENDER_PROPERTY),
            get_property(book, EVALUATOR_PROPERTY),
        )
    if problems and not table.rows:
        raise Refused(said_once(problems, tables))
    tender, where_tender = one_value(table.rows, "Tender", "tender", problems)
    evaluator, where_evaluator = one_value(
        table.rows, "Evaluator", "evaluator", problems, same=fold_name
    )
    tender, where_tender = _or_written(tender, where_tender, written_for[0])
    evaluator, where_evaluator = _or_written(evaluator, where_evaluator, written_for[1])
    _check_written_for(tender, evaluator, where_tender, where_evaluator, written_for, problems)
    if not tender or not evaluator:
        problems.append(
            f"{SCORES_SHEET}: the sheet does not say which tender and evaluator it is for "
            "(the Tender and Evaluator columns are blank); write a fresh sheet with svdesk sheet"
        )
    entries = [_entry(row, problems) for row in table.rows]
    if problems:
        raise Refused(said_once(problems, tables))
    return ScoreSheet(
        tender,
        evaluator,
        entries,
        declarations,
        where_tender,
        where_evaluator,
        tuple(warning for read in tables for warning in read.warnings),
    )


def _or_written(value: str, where: str, written: str | None) -> tuple[str, str]:
    if value or written is None:
        return value, where
    return written, SCORES_SHEET


def _check_written_for(
    tender: str,
    evaluator: str,
    where_tender: str,
    where_evaluator: str,
    written_for: tuple[str | None, str | None],
    problems: list[str],
) -> None:
    """A sheet svdesk wrote says whom it was written for: an edited Tender or Evaluator
    column would put these scores in another tender, or in another evaluator's name."""
    written_tender, written_evaluator = written_for
    if tender and written_tender and tender.casefold() != written_tender.casefold():
        problems.append(
            f"{where_tender}: this sheet was written for tender {written_tender}, but its "
            f"Tender column says {tender}; put back {written_tender}, or write a sheet for "
            f"{tender} with svdesk sheet"
        )
    if evaluator and written_evaluator and fold_name(evaluator) != fold_name(written_evaluator):
        problems.append(
            f"{where_evaluator}: this sheet was written for {written_evaluator}, but its "
            f"Evaluator column says {evaluator}; each evaluator fills in their own sheet "
            "(svdesk sheet --evaluator NAME writes one)"
        )


def _entry(row: SheetRow, problems: list[str]) -> ScoreEntry:
    return ScoreEntry(
        lot=row.text("Lot"),
        bidder=row.text("Bidder"),
        criterion=row.text("Criterion"),
        score=read_score(row, "Score", problems),
        justification=read_text(row, "Justification"),
        where_row=row.row,
        where_score=row.where("Score"),
        where_justification=row.where("Justification"),
    )


def _declarations(
    worksheet: object, problems: list[str], tables: list[SheetTable]
) -> list[Declaration]:
    table = read_table(
        worksheet, DECLARATION_COLUMNS, ("Bidder", "Conflict"), problems, ("Details",)
    )
    tables.append(table)
    result = []
    for row in table.rows:
        bidder = row.text("Bidder")
        if not bidder:
            if any(row.text(c) for c in ("Conflict", "Details")):
                problems.append(
                    f"{row.where('Bidder')}: the Bidder is blank; each row declares for the "
                    "bidder it names"
                )
            continue
        conflict = _conflict(row, bidder, problems)
        if conflict is None:
            continue
        where = row.where("Details") if conflict else row.where("Bidder")
        result.append(
            Declaration(
                bidder=bidder,
                conflict=conflict,
                details=read_text(row, "Details"),
                declared_on=read_date(row, "Date", problems),
                where=where,
            )
        )
    return result


def _conflict(row: SheetRow, bidder: str, problems: list[str]) -> bool | None:
    value = row.get("Conflict")
    if is_blank(value):
        problems.append(
            f"{row.where('Conflict')}: say Yes or No: declare whether you have a conflict of "
            f"interest with {bidder}"
        )
        return None
    try:
        return parse_yes_no(value)
    except CellError:
        problems.append(f"{row.where('Conflict')}: Conflict must be Yes or No, got {shown(value)}")
        return None


# -- Import ---------------------------------------------------------------------------------


def import_score_sheet(db: Database, path: Path, *, actor: str | None = None) -> SubmitOutcome:
    """Import a filled score sheet: its declarations and scores, all of them or none.

    Re-importing the same sheet changes nothing; a changed score replaces the one submitted
    (the audit trail keeps both), until moderation opens. Everything the import depends on
    is read inside its one transaction.
    """
    return submit_score_sheet(db, read_score_sheet(path), actor=actor)


def submit_score_sheet(
    db: Database,
    sheet: ScoreSheet,
    *,
    actor: str | None = None,
    guard: RecordingGuard | None = None,
) -> SubmitOutcome:
    """Import a score sheet already read (the command line reads it first, to ask for the
    evaluator's passphrase)."""
    try:
        outcome = submit_scores(
            db,
            sheet.tender,
            sheet.evaluator,
            sheet.entries,
            sheet.declarations,
            require_all_rows=True,
            actor=actor,
            reads_back=as_written,
            where_tender=sheet.where_tender,
            where_evaluator=sheet.where_evaluator,
            guard=guard,
        )
    except Refused as refused:
        raise Refused(_placed(refused.reasons)) from None
    return replace(outcome, warnings=sheet.warnings)


def as_written(text: str) -> str:
    """``text`` as it reads back from a cell it was written to."""
    written = cell_value(text)
    return str(written)[:CELL_LIMIT].strip() if written is not None else ""


def _placed(reasons: Sequence[str]) -> list[str]:
    placed = []
    for reason in reasons:
        if reason.startswith(_ON_A_SHEET):
            placed.append(reason)  # placed already (the Tender or Evaluator cell)
            continue
        sheet = DECLARATIONS_SHEET if "declare" in reason.split(":")[0] else SCORES_SHEET
        placed.extend(relocated([reason], sheet))
    return placed


_ON_A_SHEET = tuple(f"{name}{mark}" for name in (SCORES_SHEET, DECLARATIONS_SHEET) for mark in "!:")
