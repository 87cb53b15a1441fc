"""Values in workbook cells and CSV fields: written as values, never as formulas.

Bidders write names and answers, and panel members' names head columns; any of them may
start like a formula (``=cmd|'/c calc'!A1``, ``=1+1``, ``+44 ...``, ``@SUM(...)``). Every
workbook svdesk writes (tender pack templates, score sheets, consensus workbooks, the
evaluation workbook) puts each value through :func:`write_cell`, and every CSV field goes
through :func:`csv_field`, so that such text stays text:

* in a workbook, text is given the text type (openpyxl would otherwise store text that
  starts with ``=`` as a formula), and text that starts like a formula also gets Excel's
  quote prefix, so that it stays text even after someone edits the cell;
* in a CSV file, which has no types, a field that starts like a formula is written with a
  leading apostrophe, as OWASP's guidance on CSV injection advises (docs/decisions.md).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from enum import Enum
from typing import Any

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.worksheet.worksheet import Worksheet

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
"""What a spreadsheet may read as the start of a formula (OWASP, "CSV Injection")."""

CELL_LIMIT = 32_767
"""The most characters an Excel cell holds."""


def cell_value(value: Any) -> Any:
    """A value as the cell should hold it: numbers as numbers, yes/no as Yes or No, text."""
    if value is None:
        return None
    if type(value) is str:  # most cells; a str subclass (an enum's value) goes below
        return _text(value)
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, Decimal):
        if value == value.to_integral_value():
            return int(value)
        return float(value)
    if isinstance(value, int | float | dt.date | dt.datetime):
        return value
    return _text(str(value))


def _text(value: str) -> str | None:
    if value.isascii() and value.isprintable():
        # Most cells: no control character to remove, no carriage return to turn.
        return value or None
    text = ILLEGAL_CHARACTERS_RE.sub("", value).replace("\r\n", "\n").replace("\r", "\n")
    return text or None


def looks_like_formula(text: str) -> bool:
    return text.startswith(FORMULA_START)


def set_value(cell: Cell, value: Any) -> Cell:
    """Put ``value`` in ``cell`` as a value (text as text, whatever it starts with)."""
    written = cell_value(value)
    if isinstance(written, str) and len(written) > CELL_LIMIT:
        written = written[:CELL_LIMIT]
    cell.value = written
    if isinstance(written, str):
        cell.data_type = "s"
        if looks_like_formula(written):
            cell.quotePrefix = True
    return cell


def write_cell(worksheet: Worksheet, row: int, column: int, value: Any) -> Cell:
    """Write ``value`` to a cell as a value, never as a formula; returns the cell."""
    cell: Cell = worksheet.cell(row=row, column=column)
    return set_value(cell, value)


def csv_field(value: str) -> str:
    """``value`` for a CSV field that no spreadsheet will run as a formula."""
    return "'" + value if looks_like_formula(value) else value
