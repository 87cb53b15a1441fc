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
from openpyxl.cell.cell import get_time_format
from openpyxl.compat import safe_string
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import to_excel
from openpyxl.workbook import Workbook
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet._writer import WorksheetWriter
from openpyxl.worksheet.cell_range import CellRange
from openpyxl.worksheet.dimensions import RowDimension
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.xml.constants import SHEET_MAIN_NS
from openpyxl.xml.functions import xmlfile


class _CellsSheet(WriteOnlyWorksheet):  # type: ignore[misc]
    """A write-only sheet that is given each row as its ready ``<row>`` element (see
    :class:`_RowsWriter`): openpyxl's own takes values and makes a cell of each."""

    # The sheet's extent, written at its top, as openpyxl's normal mode writes it: readers
    # (openpyxl's read-only mode among them) take from it how wide each row is.
    extent = "A1"

    def _values_to_row(self, values: Any, row_idx: int) -> Any:
        return values

    def calculate_dimension(self) -> str:
        return self.extent

    def append(self, row: Any) -> None:
        # As openpyxl's, without its check that a row is a list of values.
        self._get_writer()
        rows: Any = self._rows  # type: ignore[has-type]
        if rows is None:
            rows = self._rows = self._write_rows()
            next(rows)
        rows.send(row)

    def _get_writer(self) -> None:
        if getattr(self, "_writer", None) is None:
            writer = _RowsWriter(self)
            writer.write_top()
            self._writer = writer


class _RowsWriter(WorksheetWriter):  # type: ignore[misc]
    """Writes the rows it is given as ready XML text, straight into the sheet's file.

    openpyxl writes each cell through a nested element of lxml's incremental writer, which
    costs more than the rest of the export; :meth:`BufferedSheet.flush` makes the same XML
    as text (``_cell_xml``) and it goes into the file between lxml's own writes (the sheet's
    top and tail), lxml's buffer flushed first. The bytes are openpyxl's, cell for cell.
    """

    def get_stream(self) -> Any:
        with open(self.out, "wb") as file, xmlfile(file) as xf:
            self.file = file
            with xf.element("worksheet", xmlns=SHEET_MAIN_NS):
                try:
                    while True:
                        element = yield
                        if element is True:
                            yield xf
                        elif element is not None:
                            xf.write(element)
                except GeneratorExit:
                    pass

    def write_row(self, xf: Any, row: bytes, row_idx: int) -> None:
        xf.flush()
        self.file.write(row)


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

    def row_cells(self, row: int) -> dict[int, BufferedCell]:
        """The cells of ``row`` written so far, by column, to add to."""
        cells = self._rows.get(row)
        if cells is None:
            cells = self._rows[row] = {}
        return cells

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
        styles: dict[_StyleKey, str] = {}
        if not self._rows:
            return
        width = max(max(cells, default=1) for cells in self._rows.values())
        sheet.extent = f"A1:{get_column_letter(width)}{max(self._rows)}"
        heights = _row_attributes(self._heights)
        epoch = sheet.parent.epoch
        letters = [""] + [get_column_letter(n) for n in range(1, width + 1)]
        keep: list[Any] = []  # the parts of each style, alive while their ids are its key
        parts: list[str] = []
        for number in range(1, max(self._rows, default=0) + 1):
            cells = self._rows.pop(number, None)
            index = str(number)
            parts.append(f'<row r="{index}"{heights.get(number, "")}>')
            for column, cell in sorted(cells.items()) if cells else ():
                value = cell.value
                kind = cell.data_type
                if isinstance(value, _DATES):
                    # Written as openpyxl writes a date: its serial number, in the cell's
                    # format or else openpyxl's own format for its type.
                    if cell.number_format is None:
                        cell.number_format = get_time_format(type(value))
                    value = to_excel(value, epoch)
                    kind = "n"
                key = (
                    id(cell.font),
                    id(cell.fill),
                    id(cell.alignment),
                    id(cell.border),
                    cell.number_format,
                    cell.quotePrefix,
                )
                style = styles.get(key)
                if style is None:
                    made = _style_of(sheet, cell)
                    number_of_style = sheet.parent._cell_styles.add(made)
                    # A cell without a style carries no style number, as openpyxl writes it.
                    style = styles[key] = f' s="{number_of_style}"' if any(made) else ""
                    keep.append((cell.font, cell.fill, cell.alignment, cell.border))
                if value is None and not style:
                    continue
                parts.append(_cell_xml(letters[column] + index, style, kind, value))
            parts.append("</row>")
            if len(parts) > _CHUNK:
                sheet.append("".join(parts).encode("ascii", "xmlcharrefreplace"))
                parts.clear()
        if parts:
            sheet.append("".join(parts).encode("ascii", "xmlcharrefreplace"))
        self._rows.clear()
        self._heights.clear()


# Cells' XML is handed to the file a few thousand at a time, in ASCII with character
# references for the rest, as lxml writes a sheet whose encoding is not given.
_CHUNK = 20_000


def _cell_xml(ref: str, style: str, kind: str, value: Any) -> str:
    """One ``<c>`` element as openpyxl's lxml writer makes it (text inline, a formula
    with an empty value for the spreadsheet to fill in)."""
    if kind == "s":
        head = f'<c r="{ref}"{style} t="inlineStr">'
    elif kind == "f":
        head = f'<c r="{ref}"{style}>'
    else:
        head = f'<c r="{ref}"{style} t="{kind}">'
    if value is None or value == "":
        return head + "</c>"
    if kind == "f":
        return f"{head}<f>{_escape(value[1:])}</f><v></v></c>"
    if kind == "s":
        if value != value.strip():
            return f'{head}<is><t xml:space="preserve">{_escape(value)}</t></is></c>'
        return f"{head}<is><t>{_escape(value)}</t></is></c>"
    return f"{head}<v>{_escape(safe_string(value))}</v></c>"


def _escape(text: str) -> str:
    """Text as lxml writes it in an element."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text.replace("\r", "&#13;") if "\r" in text else text


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


def _row_attributes(heights: dict[int, float]) -> dict[int, str]:
    """Each row's attributes as openpyxl writes a row of that height, worked out once per
    height: openpyxl's own row objects cost more than the rows' cells on a long sheet."""
    made: dict[float, str] = {}
    rows = {}
    for row, height in heights.items():
        attributes = made.get(height)
        if attributes is None:
            attributes = made[height] = "".join(
                f' {name}="{value}"' for name, value in RowDimension(None, index=row, ht=height)
            )
        rows[row] = attributes
    return rows
