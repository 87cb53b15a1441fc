"""The evaluation workbook's record sheets: tender, criteria, panel, declarations, scores,
consensus and audit trail, and the cell helpers that every sheet of it uses.

Text is always written as text (a justification that starts with ``=`` is a justification,
never a formula to run); only the formulas this module and the Results sheet build are
formulas.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from svdesk.documents.buffered_sheet import BufferedCell, BufferedSheet
from svdesk.packs.cells import set_value
from svdesk.sheets.sheet_format import wrapped_lines

if TYPE_CHECKING:
    from svdesk.store.records.evaluation import EvaluationRecord

SCORE_FORMAT = "0.00"
WHOLE_FORMAT = "0"
DATE_FORMAT = "yyyy-mm-dd"
TIME_FORMAT = "yyyy-mm-dd hh:mm:ss"
PRIVATE = "private until moderation opens"

_HEADER_FONT = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
_NOTICE_FILL = PatternFill("solid", fgColor="FFF2CC")
_QUIET_FONT = Font(italic=True, color="808080")
_TOP = Alignment(vertical="top")
_WRAPPED = Alignment(vertical="top", wrap_text=True)
_LINE_HEIGHT = 15.0
_MAX_ROW_HEIGHT = 180.0
_PROBLEMS_SHOWN = 10


@dataclass(frozen=True, slots=True)
class Column:
    name: str
    width: float
    wrapped: bool = False
    number_format: str | None = None


@dataclass(slots=True)
class ConsensusLayout:
    """Where the Consensus sheet put each response and the evaluators' scores."""

    rows: dict[tuple[str, str, str], int] = field(default_factory=dict)
    first_score: str = ""  # column letters of the first and last evaluator
    last_score: str = ""
    consensus: str = ""


# -- Cells ----------------------------------------------------------------------------------


def value_cell(sheet: BufferedSheet, row: int, column: int, value: Any) -> BufferedCell:
    """``value`` as a value, never a formula; text that a spreadsheet could take for a
    formula (``=``, ``+``, ``-``, ``@``) also keeps its text type when it is edited."""
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        value = value.astimezone(dt.UTC).replace(tzinfo=None)
    cell = sheet.cell(row, column)
    set_value(cell, value)
    return cell


def formula_cell(
    sheet: BufferedSheet, row: int, column: int, formula: str, number_format: str | None = None
) -> BufferedCell:
    cell: BufferedCell = sheet.cell(row=row, column=column)
    cell.value = formula
    cell.data_type = "f"
    cell.alignment = _TOP
    if number_format:
        cell.number_format = number_format
    return cell


def heading(cell: BufferedCell) -> BufferedCell:
    cell.font = _HEADER_FONT
    cell.fill = _HEADER_FILL
    cell.alignment = _WRAPPED
    return cell


def start_sheet(sheet: BufferedSheet, columns: Sequence[Column], *, freeze: str = "A2") -> None:
    """Bold wrapped headings in row 1, the columns' widths, frozen headings, and a page set
    up to print across."""
    lines = 1
    for index, column in enumerate(columns, start=1):
        heading(value_cell(sheet, 1, index, column.name))
        sheet.column_dimensions[get_column_letter(index)].width = column.width
        lines = max(lines, _heading_lines(column.name, column.width))
    fit_height(sheet, 1, lines)
    sheet.freeze_panes = freeze
    sheet.print_title_rows = "1:1"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True


def _heading_lines(name: str, width: float) -> int:
    """Lines a bold heading wraps to: whole words, a little wider than plain text."""
    lines, used = 1, 0.0
    for word in name.split():
        size = len(word) * 1.15
        if used and used + 1 + size > width - 1:
            lines, used = lines + 1, 0
        used += size + (1 if used else 0)
    return lines


def write_row(
    sheet: BufferedSheet, row: int, columns: Sequence[Column], values: Sequence[Any]
) -> None:
    """One row of values under ``columns``, aligned, wrapped and formatted, its height set
    for its longest text (formulas already in the row are left as they are)."""
    lines = 1
    cells = sheet.row_cells(row)
    for index, (column, value) in enumerate(zip(columns, values, strict=False), start=1):
        if value is _KEEP:
            continue
        # As value_cell, without looking the cell up by row again: a sheet of the record
        # runs to hundreds of thousands of cells.
        cell = cells.get(index)
        if cell is None:
            cell = cells[index] = BufferedCell()
        if isinstance(value, dt.datetime) and value.tzinfo is not None:
            value = value.astimezone(dt.UTC).replace(tzinfo=None)
        set_value(cell, value)
        text = cell.value if type(cell.value) is str else ""
        wrapped = column.wrapped or "\n" in text
        cell.alignment = _WRAPPED if wrapped else _TOP
        if column.number_format and not text:
            cell.number_format = column.number_format
        if wrapped:
            lines = max(lines, wrapped_lines(text, int(column.width)))
    fit_height(sheet, row, lines)


_KEEP = object()  # a place in ``write_row``'s values for a cell written as a formula


def keep() -> Any:
    return _KEEP


def fit_height(sheet: BufferedSheet, row: int, lines: int) -> None:
    if lines > 1:
        sheet.set_height(row, min(_MAX_ROW_HEIGHT, lines * _LINE_HEIGHT + 4))


def notice(sheet: BufferedSheet, row: int, text: str, width: int) -> None:
    """A highlighted sentence across ``width`` columns (why a sheet is empty, how to read it)."""
    cell = merged_text(sheet, row, 1, width, text)
    cell.fill = _NOTICE_FILL
    cell.font = Font(bold=True)


def merged_text(sheet: BufferedSheet, row: int, first: int, last: int, text: str) -> BufferedCell:
    """Wrapped text across columns ``first`` to ``last``, its row made tall enough."""
    cell = value_cell(sheet, row, first, text)
    cell.alignment = _WRAPPED
    if last > first:
        sheet.merge_cells(start_row=row, start_column=first, end_row=row, end_column=last)
    widths = (sheet.column_dimensions[get_column_letter(i)].width for i in range(first, last + 1))
    fit_height(sheet, row, wrapped_lines(text, int(sum(w or 10 for w in widths))))
    return cell


def quiet(cell: BufferedCell) -> None:
    cell.font = _QUIET_FONT


# -- Record sheets --------------------------------------------------------------------------

CRITERIA_COLUMNS = (
    Column("Lot", 6),
    Column("Code", 8),
    Column("Title", 34, wrapped=True),
    Column("Model criterion", 12),
    Column("Weight", 9, number_format=SCORE_FORMAT),
    Column("Word limit", 8, number_format=WHOLE_FORMAT),
    Column("Minimum score", 9, number_format=WHOLE_FORMAT),
    Column("Sub-criteria", 44, wrapped=True),
    Column("Question", 60, wrapped=True),
)
CRITERIA_WEIGHT = get_column_letter(5)


def write_criteria(sheet: BufferedSheet, record: EvaluationRecord) -> dict[tuple[str, str], int]:
    """One row per criterion of each lot; returns the row of each (lot, code)."""
    start_sheet(sheet, CRITERIA_COLUMNS, freeze="C2")
    rows: dict[tuple[str, str], int] = {}
    for row, c in enumerate(record.overview.criteria, start=2):
        rows[(c.lot, c.code)] = row
        values = [c.lot, c.code, c.title, c.model_criterion, c.weight, c.word_limit]
        values += [c.minimum_score, "\n".join(c.sub_criteria), c.question]
        write_row(sheet, row, CRITERIA_COLUMNS, values)
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(CRITERIA_COLUMNS))}{len(rows) + 1}"
    return rows


def write_panel(sheet: BufferedSheet, record: EvaluationRecord) -> None:
    columns = (
        Column("Name", 28),
        Column("Role", 12),
        Column("Bidders declared for", 11, number_format=WHOLE_FORMAT),
        Column("Conflicts of interest with", 30, wrapped=True),
    )
    start_sheet(sheet, columns)
    for row, m in enumerate(record.members, start=2):
        conflicts = ", ".join(m.conflicts) or ("none" if m.declared else "")
        write_row(sheet, row, columns, [m.name, m.role.value, m.declared, conflicts])
    if not record.members:
        notice(sheet, 2, "No panel member has been added to this tender.", len(columns))


def write_declarations(sheet: BufferedSheet, record: EvaluationRecord) -> None:
    columns = (
        Column("Evaluator", 26),
        Column("Bidder", 8),
        Column("Bidder name", 32, wrapped=True),
        Column("Conflict", 9),
        Column("Details", 60, wrapped=True),
        Column("Declared on", 12, number_format=DATE_FORMAT),
    )
    start_sheet(sheet, columns)
    for row, d in enumerate(record.declarations, start=2):
        values = [d.evaluator, d.bidder, d.bidder_name, d.conflict, d.details, d.declared_on]
        write_row(sheet, row, columns, values)
    if not record.declarations:
        notice(sheet, 2, "No declaration of interest has been recorded yet.", len(columns))


def _private_notice(record: EvaluationRecord) -> str:
    return (
        f"Moderation of {record.overview.tender.reference} has not opened. The evaluators' "
        "individual scores and justifications stay private until it does, so this sheet "
        "holds none of them."
    )


def write_scores(sheet: BufferedSheet, record: EvaluationRecord) -> None:
    columns = (
        Column("Lot", 6),
        Column("Bidder", 8),
        Column("Bidder name", 26, wrapped=True),
        Column("Criterion", 9),
        Column("Evaluator", 22),
        Column("Score", 8, number_format=WHOLE_FORMAT),
        Column("Justification", 80, wrapped=True),
        Column("Submitted", 10),
    )
    start_sheet(sheet, columns, freeze="F2")
    if record.scores is None:
        notice(sheet, 2, _private_notice(record), len(columns))
        return
    names = {b.key: b.name for b in record.overview.bidders}
    for row, s in enumerate(record.scores, start=2):
        values = [s.lot, s.bidder, names.get(s.bidder, ""), s.criterion, s.evaluator, s.score]
        write_row(sheet, row, columns, [*values, s.justification, s.submitted])
    if record.scores:
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{len(record.scores) + 1}"
    else:
        notice(sheet, 2, "No evaluator has recorded a score.", len(columns))


def write_consensus(sheet: BufferedSheet, record: EvaluationRecord) -> ConsensusLayout:
    """Each response's submitted scores side by side, their spread, and the consensus."""
    evaluators = record.evaluators
    lead = [
        Column("Lot", 6),
        Column("Bidder", 8),
        Column("Bidder name", 24, wrapped=True),
        Column("Criterion", 9),
        Column("Response", 10),
    ]
    scores = [Column(name, 12, wrapped=True, number_format=WHOLE_FORMAT) for name in evaluators]
    tail = [
        Column("Spread (points)", 9, number_format=WHOLE_FORMAT),
        Column("Steps apart", 7, number_format=WHOLE_FORMAT),
        Column("Flagged for discussion", 11),
        Column("Consensus score", 10, number_format=WHOLE_FORMAT),
        Column("Rationale", 60, wrapped=True),
        Column("Reconciliation", 50, wrapped=True),
    ]
    columns = (*lead, *scores, *tail)
    start_sheet(sheet, columns, freeze="F2")
    layout = ConsensusLayout()
    if record.items is None:
        notice(sheet, 2, _private_notice(record), len(columns))
        return layout
    first = len(lead) + 1
    spread = len(lead) + len(scores) + 1
    if scores:
        layout.first_score = get_column_letter(first)
        layout.last_score = get_column_letter(spread - 1)
    layout.consensus = get_column_letter(spread + 3)
    conflicts = {(m.name, b) for m in record.members for b in m.conflicts}
    for row, item in enumerate(record.items, start=2):
        layout.rows[(item.lot, item.bidder, item.criterion)] = row
        given = {s.evaluator: s.score for s in item.scores}
        panel: list[Any] = [
            given.get(name, "conflict" if (name, item.bidder) in conflicts else None)
            for name in evaluators
        ]
        values: list[Any] = [item.lot, item.bidder, item.bidder_name, item.criterion]
        values += ["not given" if item.missing_response else "given", *panel]
        values += [_KEEP, item.steps_apart, item.flagged, item.consensus]
        write_row(sheet, row, columns, [*values, item.rationale, item.reconciliation])
        for offset, score in enumerate(panel):
            if isinstance(score, str):
                quiet(sheet.cell(row=row, column=first + offset))
        if scores:
            span = f"{layout.first_score}{row}:{layout.last_score}{row}"
            formula = f'=IF(COUNT({span})>1,MAX({span})-MIN({span}),"")'
            formula_cell(sheet, row, spread, formula, WHOLE_FORMAT)
    if record.items:
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{len(record.items) + 1}"
    else:
        notice(sheet, 2, "No compliant bid has a response to moderate.", len(columns))
    return layout


def write_audit(sheet: BufferedSheet, record: EvaluationRecord) -> None:
    columns = (
        Column("Entry", 7, number_format=WHOLE_FORMAT),
        Column("When (UTC)", 20, number_format=TIME_FORMAT),
        Column("Who", 22),
        Column("Action", 11),
        Column("What", 14),
        Column("Which", 34, wrapped=True),
        Column("From", 50, wrapped=True),
        Column("To", 50, wrapped=True),
    )
    start_sheet(sheet, columns, freeze="A3")
    if record.audit_problems and record.items is None:
        # The problems may quote scores, which stay private until moderation opens.
        count = len(record.audit_problems)
        verdict = f"NOT intact ({count} problem{'s' if count > 1 else ''}; see svdesk audit)"
    elif record.audit_problems:
        shown = list(record.audit_problems[:_PROBLEMS_SHOWN])
        more = len(record.audit_problems) - len(shown)
        if more:
            shown.append(f"and {more} more (svdesk audit --verify lists them all)")
        verdict = "NOT intact: " + "; ".join(shown)
    else:
        verdict = "intact: every entry follows on from the one before it, unchanged"
    tip = ""
    if record.audit_tip is not None:
        tip = (
            f" Tip of the trail: {record.audit_tip} (svdesk audit --verify --tip with it "
            "proves later that the record was not rewritten after this export)."
        )
    notice(
        sheet, 2, f"The audit trail as svdesk verified it on export: {verdict}.{tip}", len(columns)
    )
    for row, e in enumerate(record.audit, start=3):
        hidden = record.items is None and e.entity == "score"
        old, new = (PRIVATE, PRIVATE) if hidden else (_change(e.old), _change(e.new))
        values = [e.id, e.occurred_at, e.actor, e.action, e.entity, e.entity_key, old, new]
        write_row(sheet, row, columns, values)


def _change(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dict):
        return "\n".join(f"{key}: {_plain(item)}" for key, item in value.items())
    return _plain(value)


def _plain(value: Any) -> str:
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, default=str)
