"""Reading a filled workbook back: its sheets' headers and rows, every problem located.

Headers are matched as in a tender pack: case and surrounding spaces do not matter, and
columns the import does not use (the answer, the guidance, the panel's scores) are ignored.
A problem with a cell is written ``Scores!L7: ...``, with a whole row ``Scores!7:7: ...``,
and with a sheet ``Scores: ...``. Sheets are read to their last row and column whatever
size they declare, and every text passes the hidden character rule
(svdesk.domain.hidden_characters): refused in names and references, removed with a
warning from written text such as a justification.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Collection, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.utils import get_column_letter

from svdesk.domain.hidden_characters import has_hidden_characters, hidden_text
from svdesk.domain.pack_rules import (
    CellError,
    cell_text,
    failed_formula,
    is_blank,
    looks_like_excel_error,
    parse_whole_number,
    shown,
)
from svdesk.packs.ordinary_files import PackFileError, read_ordinary
from svdesk.packs.schema import fold
from svdesk.packs.source import MAX_WORKBOOK_SIZE
from svdesk.packs.workbook import error_cells, excel_text
from svdesk.services.refusals import Refused


@dataclass(slots=True)
class SheetRow:
    """One non-blank row: its number as Excel shows it, and its values by column name."""

    sheet: str
    number: int
    values: dict[str, Any]
    letters: dict[str, str]

    def get(self, column: str) -> Any:
        return self.values.get(column)

    def text(self, column: str) -> str:
        return cell_text(self.values.get(column))

    def where(self, column: str) -> str:
        """The cell of ``column`` in this row, such as ``Scores!L7``."""
        letter = self.letters.get(column)
        return f"{self.sheet}!{letter}{self.number}" if letter else self.row

    @property
    def row(self) -> str:
        return f"{self.sheet}!{self.number}:{self.number}"


@dataclass(slots=True)
class SheetTable:
    title: str
    letters: dict[str, str] = field(default_factory=dict)
    rows: list[SheetRow] = field(default_factory=list)
    # Hidden characters removed from written text, each with its cell.
    warnings: list[str] = field(default_factory=list)
    # Cells refused for a hidden character: nothing else is said of them.
    sole_cells: set[str] = field(default_factory=set)


@contextmanager
def opened_workbook(path: Path) -> Iterator[Workbook]:
    """The workbook at ``path``, for reading; refused in one line when it is not one."""
    path = Path(path)
    if not path.exists():
        raise Refused([f"{path} does not exist"])
    if path.is_dir():
        raise Refused([f"{path} is a folder, not an Excel workbook (.xlsx)"])
    try:
        # Read whole and bounded: a named pipe or a device is refused before it is opened.
        data = read_ordinary(path, MAX_WORKBOOK_SIZE)
    except PackFileError as exc:
        raise Refused([str(exc)]) from None
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise Refused(
            [f"{path.name} cannot be read as an Excel workbook (.xlsx): {_reason(exc)}"]
        ) from exc
    except Exception as exc:  # openpyxl raises many kinds on a damaged file
        raise Refused(
            [
                f"{path.name} is damaged and cannot be read as an Excel workbook "
                f"({type(exc).__name__}: {_reason(exc)})"
            ]
        ) from exc
    try:
        yield book
    finally:
        book.close()


def _reason(exc: BaseException) -> str:
    return str(exc).splitlines()[0] if str(exc) else type(exc).__name__


def find_sheet(book: Workbook, name: str) -> Any:
    for worksheet in book.worksheets:
        if fold(worksheet.title) == fold(name):
            return worksheet
    return None


def read_table(
    worksheet: Any,
    columns: Sequence[str],
    required: Sequence[str],
    problems: list[str],
    written: Collection[str] = (),
) -> SheetTable:
    """The rows of ``worksheet`` below its header, with the values of ``columns`` only.

    ``written`` names the columns of long written text, from which hidden characters are
    removed with a warning; in the others they are refused.
    """
    table = SheetTable(_safe_title(worksheet.title, problems))
    # The size a sheet declares (its <dimension ref>) may understate it: some programs
    # write it wrong, and Excel ignores it. Read to the last row and cell with a value.
    worksheet.reset_dimensions()
    rows = worksheet.iter_rows(values_only=True)
    header = next(rows, None) or ()
    known = {fold(name): name for name in columns}
    matched: list[tuple[int, str]] = []
    for index, value in enumerate(header):
        if is_blank(value):
            continue
        name = known.get(fold(cell_text(value)))
        if name is None:
            continue  # a column for reading
        letter = get_column_letter(index + 1)
        if name in table.letters:
            problems.append(
                f"{table.title}!{letter}1: the column '{name}' appears twice (columns "
                f"{table.letters[name]} and {letter}); keep one"
            )
            continue
        table.letters[name] = letter
        matched.append((index, name))
    for name in required:
        if name not in table.letters:
            problems.append(
                f"{table.title}!1:1: the required column '{name}' is missing from the header row"
            )
    # Text that reads like Excel's error for a failed formula, by (row, column index): a
    # failed formula only if its cell is of the error type, which values do not tell.
    suspect: dict[tuple[int, int], tuple[str, str]] = {}
    for number, raw in enumerate(rows, start=2):
        values: dict[str, Any] = {}
        for index, name in matched:
            value = raw[index] if index < len(raw) else None
            if isinstance(value, str):
                if looks_like_excel_error(value):
                    suspect[(number, index)] = (name, value)
                value = _text(table, value, name, number, name in written, problems)
            if not is_blank(value):
                values[name] = value
        if values:
            table.rows.append(SheetRow(table.title, number, values, table.letters))
    _failed_formulas(worksheet, table, suspect, problems)
    return table


def _text(
    table: SheetTable, value: str, name: str, number: int, written: bool, problems: list[str]
) -> str:
    """A text cell's content after the hidden character rule."""
    if "_x" in value:
        value = excel_text(value)
    if not has_hidden_characters(value):
        return value
    found = hidden_text(value, written=written)
    if found is None:
        return value
    where = f"{table.title}!{table.letters[name]}{number}"
    # A refused text is read without its hidden characters, so that other rules can quote
    # it safely; the sheet is refused anyway.
    (problems if found.refused else table.warnings).append(f"{where}: {found.message}")
    if found.refused:
        table.sole_cells.add(where)
    return found.text


def _failed_formulas(
    worksheet: Any,
    table: SheetTable,
    suspect: dict[tuple[int, int], tuple[str, str]],
    problems: list[str],
) -> None:
    """Say where a cell holds a failed formula, once: the cell is then read as blank, so
    that no other rule repeats it ("not a score", "too short")."""
    failed = error_cells(worksheet, suspect)
    if not failed:
        return
    rows = {row.number: row for row in table.rows}
    for number, index in sorted(failed):
        name, value = suspect[(number, index)]
        where = f"{table.title}!{table.letters[name]}{number}"
        problems.append(f"{where}: {failed_formula(value)}")
        table.sole_cells.add(where)
        rows[number].values.pop(name, None)
    table.rows = [row for row in table.rows if row.values]


def _safe_title(title: str, problems: list[str]) -> str:
    found = hidden_text(title, written=False)
    if found is None:
        return title
    problems.append(f"{found.text}: the sheet's name: {found.message}")
    return found.text


def said_once(problems: Sequence[str], tables: Iterable[SheetTable]) -> list[str]:
    """``problems`` with only the first said of a cell refused for a hidden character:
    other rules about it (another evaluator, an unknown bidder) would only repeat it."""
    sole = {cell for table in tables for cell in table.sole_cells}
    if not sole:
        return list(problems)
    said: set[str] = set()
    result = []
    for problem in problems:
        where = problem.split(": ", 1)[0]
        if where in sole:
            if where in said:
                continue
            said.add(where)
        result.append(problem)
    return result


def read_score(row: SheetRow, column: str, problems: list[str]) -> int | None:
    """A score as a whole number, or None when blank. Whether the scale has it is for the
    service to say, with the same cell."""
    value = row.get(column)
    if is_blank(value):
        return None
    try:
        return parse_whole_number(value, column, minimum=None)
    except CellError:
        problems.append(f"{row.where(column)}: {column} must be a whole number, got {shown(value)}")
        return None


def read_text(row: SheetRow, column: str) -> str:
    """A written text as typed, without the spaces and blank lines around it."""
    value = row.get(column)
    if isinstance(value, str):
        return value.replace("\r\n", "\n").replace("\r", "\n").strip()
    return cell_text(value)


def read_date(row: SheetRow, column: str, problems: list[str]) -> dt.date | None:
    value = row.get(column)
    if is_blank(value):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = cell_text(value)
    for pattern in ("%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y", "%d %b %Y", "%d %B %Y", "%d.%m.%Y"):
        try:
            return dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    problems.append(
        f"{row.where(column)}: {column} must be a date, such as 01/03/2026, got {shown(value)}"
    )
    return None


def one_value(
    rows: Sequence[SheetRow],
    column: str,
    what: str,
    problems: list[str],
    same: Any = fold,
) -> tuple[str, str]:
    """The one value every row holds in ``column`` (blank cells take it too), and the cell
    where it was first found; a row holding another value is a problem."""
    first: tuple[str, str] | None = None
    for row in rows:
        text = " ".join(row.text(column).split())
        if not text:
            continue
        if first is None:
            first = (text, row.where(column))
        elif same(text) != same(first[0]):
            problems.append(
                f"{row.where(column)}: this row is for {what} '{text}', but {first[1]} is for "
                f"'{first[0]}': a sheet holds one {what}; put back '{first[0]}'"
            )
    return first if first is not None else ("", "")


def relocated(reasons: Sequence[str], where: str) -> list[str]:
    """Service reasons that name no place, placed at ``where``."""
    return [reason if _is_located(reason) else f"{where}: {reason}" for reason in reasons]


def _is_located(reason: str) -> bool:
    head = reason.split(": ", 1)[0]
    return "!" in head and " " not in head.split("!", 1)[1]
