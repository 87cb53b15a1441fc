"""Reading a pack workbook's sheets into plain rows, matched to the format's columns.

openpyxl reads in read-only mode: a pack with thousands of long answers is read
row by row without building the whole workbook in memory. Every sheet is read to its
last row and column whatever size it declares, and every text passes the hidden
character rule (svdesk.domain.hidden_characters).
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Collection, Iterator
from dataclasses import dataclass, field
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from svdesk.domain.hidden_characters import has_hidden_characters, hidden_text
from svdesk.domain.issues import PackIssue, error, warning
from svdesk.domain.pack_rules import cell_text, failed_formula, is_blank, looks_like_excel_error
from svdesk.packs.schema import REFERENCE_SHEETS, SHEETS, Sheet, fold
from svdesk.packs.source import PackFileError

# Sheets small enough, and holding percentages, that are read cell by cell to see
# each cell's number format (Excel stores a typed "10%" as 0.1 formatted as percent).
_FORMAT_AWARE = {fold("Tender"), fold("Criteria")}


@dataclass(slots=True)
class Row:
    """One non-blank row: its number as Excel shows it, and its values by column name."""

    number: int
    values: dict[str, Any]
    percent: frozenset[str] = frozenset()

    def get(self, column: str) -> Any:
        return self.values.get(column)

    def text(self, column: str) -> str:
        return cell_text(self.values.get(column))


@dataclass(slots=True)
class SheetTable:
    """A sheet of the pack: its name as the workbook spells it, its columns and rows."""

    title: str
    spec: Sheet
    letters: dict[str, str] = field(default_factory=dict)
    rows: list[Row] = field(default_factory=list)

    def letter(self, column: str) -> str:
        """The column letter where ``column`` sits (its header cell), for error locations."""
        return self.letters.get(column, "?")

    def has(self, column: str) -> bool:
        return column in self.letters


@dataclass(slots=True)
class WorkbookTables:
    sheets: dict[str, SheetTable]
    issues: list[PackIssue]
    # Cells whose one problem is said once (a failed formula, a hidden character): other
    # rules about the same cell would only repeat it. Their issues are in ``issues`` too.
    sole_issues: list[PackIssue] = field(default_factory=list)

    def get(self, name: str) -> SheetTable | None:
        return self.sheets.get(fold(name))


def read_workbook(data: bytes, file_name: str) -> WorkbookTables:
    """Read every sheet the format knows; unknown sheets and columns become warnings."""
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise PackFileError(f"{file_name} cannot be read as an Excel workbook ({exc}).") from exc
    except Exception as exc:  # openpyxl raises many kinds on a damaged file
        raise PackFileError(
            f"{file_name} is damaged and cannot be read as an Excel workbook "
            f"({type(exc).__name__}: {exc})."
        ) from exc
    issues: list[PackIssue] = []
    failed: list[PackIssue] = []
    sheets: dict[str, SheetTable] = {}
    known = {fold(sheet.name): sheet for sheet in SHEETS}
    reference = {fold(name) for name in REFERENCE_SHEETS}
    try:
        for worksheet in book.worksheets:
            title = _sheet_title(worksheet, issues)
            key = fold(title)
            spec = known.get(key)
            if spec is None and key in reference:
                continue  # the template's instructions and model criteria: for reading only
            if spec is None:
                issues.append(
                    warning(
                        "this sheet is not part of the pack format and was ignored",
                        sheet=title,
                    )
                )
                continue
            if key in sheets:
                issues.append(
                    error(
                        f"the workbook has two sheets named '{spec.name}' "
                        f"('{sheets[key].title}' and '{title}'); keep one",
                        sheet=title,
                    )
                )
                continue
            sheets[key] = _read_sheet(worksheet, title, spec, key in _FORMAT_AWARE, issues, failed)
    finally:
        book.close()
    return WorkbookTables(sheets, issues, failed)


def _sheet_title(worksheet: Any, issues: list[PackIssue]) -> str:
    """The sheet's name, safe to quote: a hidden character in it is refused."""
    found = hidden_text(worksheet.title, written=False)
    if found is None:
        return str(worksheet.title)
    issues.append(error(f"the sheet's name: {found.message}", sheet=found.text))
    return found.text


def _read_sheet(
    worksheet: Any,
    title: str,
    spec: Sheet,
    with_formats: bool,
    issues: list[PackIssue],
    sole: list[PackIssue],
) -> SheetTable:
    table = SheetTable(title, spec)
    # The size a sheet declares (its <dimension ref>) may understate it: some exporters
    # write it wrong, and Excel ignores it. Read to the last row and cell that hold a value.
    worksheet.reset_dimensions()
    rows = worksheet.iter_rows(values_only=not with_formats)
    header = next(rows, None)
    if header is None:
        return table
    header_values = [cell.value for cell in header] if with_formats else list(header)
    names = [_header_text(table, index, value, issues) for index, value in enumerate(header_values)]
    columns = _match_header(table, names, issues)
    written = {column.name for column in spec.columns if column.written}
    # Text that reads like Excel's error for a failed formula, by (row, column index): a
    # failed formula only if its cell is of the error type, which values do not tell.
    suspect: dict[tuple[int, int], tuple[str, str]] = {}
    for number, raw in enumerate(rows, start=2):
        values: dict[str, Any] = {}
        percent: set[str] = set()
        for index, name in columns:
            if index >= len(raw):
                continue
            cell = raw[index]
            value = cell.value if with_formats else cell
            if is_blank(value):
                continue
            if isinstance(value, str):
                if looks_like_excel_error(value):
                    suspect[(number, index)] = (name, value)
                value = _text(table, value, number, name, name in written, issues, sole)
                if not value:
                    continue
            values[name] = value
            if with_formats and "%" in (cell.number_format or ""):
                percent.add(name)
        if values:
            table.rows.append(Row(number, values, frozenset(percent)))
    for number, index in error_cells(worksheet, suspect):
        name, value = suspect[(number, index)]
        issue = error(failed_formula(value), table.title, number, table.letter(name))
        issues.append(issue)
        sole.append(issue)
    return table


def _text(
    table: SheetTable,
    value: str,
    number: int,
    name: str,
    written: bool,
    issues: list[PackIssue],
    sole: list[PackIssue],
) -> str:
    """A text cell's content, stripped, after the hidden character rule."""
    # Checked before stripping: Python takes some control characters for spaces.
    if "_x" in value:
        value = excel_text(value)
    if not has_hidden_characters(value):
        return value.strip()
    found = hidden_text(value, written=written)
    if found is None:
        return value.strip()
    issue = (error if found.refused else warning)(
        found.message, table.title, number, table.letter(name)
    )
    issues.append(issue)
    if found.refused:
        sole.append(issue)
    return found.text.strip()


def error_cells(worksheet: Any, suspect: Collection[tuple[int, int]]) -> list[tuple[int, int]]:
    """Those of the ``suspect`` cells, by (row, column index), that are of Excel's error
    type. Cells are slower to read than values: they are read only when a text reads like
    an Excel error, and only over the rows that hold one."""
    if not suspect:
        return []
    first = min(number for number, _index in suspect)
    last = max(number for number, _index in suspect)
    found = []
    rows = worksheet.iter_rows(min_row=first, max_row=last)
    for number, row in enumerate(rows, start=first):
        for index, cell in enumerate(row):
            if (number, index) in suspect and cell.data_type == "e":
                found.append((number, index))
    return found


# Excel writes a character that XML cannot hold (a control character) as _xHHHH_, and a
# literal "_x" that would read as such as _x005F_x.
_EXCEL_ESCAPE = re.compile("_x(00[01][0-9A-Fa-f]|005[Ff])_")


def excel_text(value: str) -> str:
    """A text cell's content as Excel shows it: its escaped control characters decoded, so
    that the hidden character rule sees them."""
    if "_x" not in value:
        return value
    return _EXCEL_ESCAPE.sub(lambda match: chr(int(match.group(1), 16)), value)


def _header_text(table: SheetTable, index: int, value: Any, issues: list[PackIssue]) -> Any:
    if not isinstance(value, str):
        return value
    found = hidden_text(excel_text(value), written=False)
    if found is None:
        return value
    letter = get_column_letter(index + 1)
    issues.append(
        error(f"the column's name: {found.message}", sheet=table.title, row=1, column=letter)
    )
    return found.text


def _match_header(
    table: SheetTable, header: list[Any], issues: list[PackIssue]
) -> list[tuple[int, str]]:
    """Map header cells to the format's columns: ``[(index, column name), ...]``."""
    known = {fold(column.name): column.name for column in table.spec.columns}
    matched: list[tuple[int, str]] = []
    for index, value in enumerate(header):
        if is_blank(value):
            continue
        letter = get_column_letter(index + 1)
        name = known.get(fold(cell_text(value)))
        if name is None:
            issues.append(
                warning(
                    f"the column '{cell_text(value)}' is not part of the {table.spec.name} sheet "
                    "and was ignored",
                    sheet=table.title,
                    row=1,
                    column=letter,
                )
            )
            continue
        if name in table.letters:
            issues.append(
                error(
                    f"the column '{name}' appears twice (columns {table.letters[name]} and "
                    f"{letter}); keep one",
                    sheet=table.title,
                    row=1,
                    column=letter,
                )
            )
            continue
        table.letters[name] = letter
        matched.append((index, name))
    return matched


def iter_rows(table: SheetTable | None) -> Iterator[Row]:
    if table is not None:
        yield from table.rows
