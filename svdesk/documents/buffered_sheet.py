"""A worksheet of a write-only workbook that can still be written in any order.

The evaluation workbook runs to hundreds of thousands of cells. openpyxl's normal mode
keeps a full cell object for each, hashes its style whenever one is set, and writes them
all at the end; its write-only mode streams rows to disk but takes them only in order.
A :class:`BufferedSheet` keeps each cell as a few plain attributes until the sheet is
finished, then streams its rows in order to a write-only sheet, making each distinct
style once. Everything but the cells (widths, heights, frozen panes, filters, merged
cells, conditional formats, page set-up) goes straight to the write-only sheet.

Cells are written through :mod:`svdesk.packs.cells` as before, so text stays text.
"""

from __future__ import annotations

import datetime as dt
from copy import copy
from typing import Any

from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell, get_time_format
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import to_excel
from openpyxl.workbook import Workbook
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.cell_range import CellRange
from openpyxl.worksheet.dimensions import RowDimension
from openpyxl.worksheet.worksheet import Worksheet


class _CellsSheet(WriteOnlyWorksheet):  # type: ignore[misc]
    """A write-only sheet that is given each row as the cells to write, ready: openpyxl's
    own tries to take each value as a plain value first, which costs more than writing."""

    # The sheet's extent, written at its top, as openpyxl's normal mode writes it: readers
    # (openpyxl's read-only mode among them) take from it how wide each row is.
    extent = "A1"

    def _values_to_row(self, values: list[Any], row_idx: int) -> list[Any]:
        return values

    def calculate_dimension(self) -> str:
        return self.extent


def buffered_sheet(book: Workbook, title: str) -> BufferedSheet:
    """A new last sheet of the write-only workbook ``book``."""
    sheet = _CellsSheet(parent=book, title=title)
    book._add_sheet(sheet)
    return BufferedSheet(sheet)


class BufferedCell:
    """What a cell of the workbook holds: its value, its type and its style's parts."""

    __slots__ = (
        "alignment",
        "border",
        "data_type",
        "fill",
        "font",
        "number_format",
        "quotePrefix",
        "value",
    )

    def __init__(self) -> None:
        self.value: Any = None
        self.data_type = "n"
        self.quotePrefix = False
        self.font: Any = None
        self.fill: Any = None
        self.alignment: Any = None
        self.border: Any = None
        self.number_format: str | None = None


# A style by the identity of its parts: the parts are a handful of shared objects, and
# comparing them by value would hash every one of them for every cell.
_StyleKey = tuple[int, int, int, int, str | None, bool]


class BufferedSheet:
    """Cells kept until :meth:`flush`; the rest of the sheet is the write-only sheet's."""

    PAPERSIZE_A4 = Worksheet.PAPERSIZE_A4
    PAPERSIZE_A3 = Worksheet.PAPERSIZE_A3

    __slots__ = ("_heights", "_rows", "_sheet")

    def __init__(self, sheet: Any) -> None:
        object.__setattr__(self, "_sheet", sheet)
        object.__setattr__(self, "_rows", {})
        object.__setattr__(self, "_heights", {})
        self._rows: dict[int, dict[int, BufferedCell]]
        self._heights: dict[int, float]

    def set_height(self, row: int, height: float) -> None:
        """The row's height in points (kept as a number until the sheet is written)."""
        self._heights[row] = height

    def __getattr__(self, name: str) -> Any:
        return getattr(self._sheet, name)

    def __setattr__(self, name: str, value: Any) -> None:
        setattr(self._sheet, name, value)

    def cell(self, row: int, column: int) -> BufferedCell:
        cells = self._rows.get(row)
        if cells is None:
            cells = self._rows[row] = {}
        cell = cells.get(column)
        if cell is None:
            cell = cells[column] = BufferedCell()
        return cell

    def merge_cells(self, start_row: int, start_column: int, end_row: int, end_column: int) -> None:
        self._sheet.merged_cells.add(
            CellRange(min_col=start_column, min_row=start_row, max_col=end_column, max_row=end_row)
        )

    def flush(self) -> None:
        """Stream the rows, in order, to the write-only sheet, and forget them."""
        sheet = self._sheet
        styles: dict[_StyleKey, tuple[StyleArray, bool, int]] = {}
        if not self._rows:
            return
        width = max(max(cells, default=1) for cells in self._rows.values())
        sheet.extent = f"A1:{get_column_letter(width)}{max(self._rows)}"
        sheet.row_dimensions = _row_attributes(self._heights)
        epoch = sheet.parent.epoch
        keep: list[Any] = []  # the parts of each style, alive while their ids are its key
        for number in range(1, max(self._rows, default=0) + 1):
            cells = self._rows.pop(number, None)
            if not cells:
                sheet.append([])
                continue
            row: list[Any] = []
            for column, cell in sorted(cells.items()):
                value = cell.value
                if isinstance(value, _DATES):
                    # Written as openpyxl writes a date: its serial number, in the cell's
                    # format or else openpyxl's own format for its type.
                    if cell.number_format is None:
                        cell.number_format = get_time_format(type(value))
                    value = to_excel(value, epoch)
                    cell.data_type = "n"
                key = (
                    id(cell.font),
                    id(cell.fill),
                    id(cell.alignment),
                    id(cell.border),
                    cell.number_format,
                    cell.quotePrefix,
                )
                made = styles.get(key)
                if made is None:
                    style = _style_of(sheet, cell)
                    made = styles[key] = (style, any(style), sheet.parent._cell_styles.add(style))
                    keep.append((cell.font, cell.fill, cell.alignment, cell.border))
                style, styled, style_id = made
                # Text was cleaned and typed by svdesk.packs.cells, and a formula typed as
                # one; the cell is written and dropped at once, so it may share its style.
                written = _StyledCell(sheet, number, column)
                written._value = value
                written.data_type = cell.data_type
                written._style = style
                written.has_style = styled
                written.style_id = style_id
                row.append(written)
            sheet.append(row)
        self._rows.clear()
        self._heights.clear()


def _style_of(sheet: Any, cell: BufferedCell) -> StyleArray:
    model = WriteOnlyCell(sheet)
    if cell.font is not None:
        model.font = cell.font
    if cell.fill is not None:
        model.fill = cell.fill
    if cell.alignment is not None:
        model.alignment = cell.alignment
    if cell.border is not None:
        model.border = cell.border
    if cell.number_format is not None:
        model.number_format = cell.number_format
    if cell.quotePrefix:
        model.quotePrefix = True
    return StyleArray() if model._style is None else copy(model._style)


_DATES = (dt.date, dt.time, dt.timedelta)


class _StyledCell(Cell):  # type: ignore[misc]
    """A cell that knows its style's number in the workbook: openpyxl's own looks it up,
    hashing the style, for every cell it writes."""

    __slots__ = ("has_style", "style_id")


def _row_attributes(heights: dict[int, float]) -> dict[int, dict[str, str]]:
    """Each row's attributes as openpyxl writes a row of that height, worked out once per
    height: openpyxl's own row objects cost more than the rows' cells on a long sheet."""
    made: dict[float, dict[str, str]] = {}
    rows = {}
    for row, height in heights.items():
        attributes = made.get(height)
        if attributes is None:
            attributes = made[height] = dict(RowDimension(None, index=row, ht=height))
        rows[row] = attributes
    return rows
