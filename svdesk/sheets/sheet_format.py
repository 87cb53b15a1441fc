"""What the score sheet and the consensus workbook share when they are written.

Cells are written as text or numbers, never as formulas (an answer that starts with ``=`` is
an answer, and a panel member named ``=1+1`` heads a column as that text: ``packs.cells``);
sheets are protected without a password so that only the cells meant for typing can be typed
in; and a workbook is saved beside its final name and then moved into place, so
that the file a panel member opens is never half-written.
"""

from __future__ import annotations

import contextlib
import math
import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.packaging.custom import StringProperty
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from svdesk.domain.scale import Scale
from svdesk.packs.cells import write_cell
from svdesk.packs.pack_writer import list_validation, save_workbook, style_header
from svdesk.services.refusals import Refused
from svdesk.services.written_files import (
    disk_full,
    is_disk_full,
    remove_stale,
    temporary_path,
    write_whole,
)

# Excel does not size rows to fit wrapped text when it opens a file: rows are given a height
# for their text, up to this many points (300 pixels), and can be made taller by hand.
MAX_ROW_HEIGHT = 225.0
LINE_HEIGHT = 15.0

TOP = Alignment(vertical="top")
TOP_WRAPPED = Alignment(vertical="top", wrap_text=True)
UNLOCKED = Protection(locked=False)
FLAG_FILL = PatternFill("solid", fgColor="FCE4D6")
INPUT_FILL = PatternFill("solid", fgColor="FFFDE7")

_TITLE_FONT = Font(bold=True, size=16)
_HEADING_FONT = Font(bold=True, size=12)
_HEADING_FILL = PatternFill("solid", fgColor="DDEBF7")
_NOTE_FILL = PatternFill("solid", fgColor="FFF2CC")
_BOLD = Font(bold=True)
_INSTRUCTIONS_WIDTH = 110


@dataclass(frozen=True, slots=True)
class SheetColumn:
    """A column as written: its heading, width, help (the heading's comment), and whether
    the panel types in it (unlocked, with a darker heading) or only reads it (locked)."""

    name: str
    width: int
    help: str
    editable: bool = False
    wrapped: bool = False


def put(worksheet: Worksheet, row: int, column: int, value: Any) -> Any:
    """Write ``value`` to a cell as a value, never as a formula; returns the cell."""
    return write_cell(worksheet, row, column, value)


def write_header(worksheet: Worksheet, columns: Sequence[SheetColumn]) -> None:
    for index, column in enumerate(columns, start=1):
        cell = write_cell(worksheet, 1, index, column.name)
        lead = "You fill this in." if column.editable else "For reading; locked."
        style_header(cell, column.editable, f"{lead} {column.help}")
        worksheet.column_dimensions[get_column_letter(index)].width = column.width
    worksheet.freeze_panes = "A2"


def style_row(
    worksheet: Worksheet, row: int, columns: Sequence[SheetColumn], fill: PatternFill | None = None
) -> float:
    """Align, wrap, unlock the editable cells of ``row``, and give it a height for its text."""
    lines = 1
    for index, column in enumerate(columns, start=1):
        cell = worksheet.cell(row=row, column=index)
        text = cell.value if isinstance(cell.value, str) else ""
        wrapped = column.wrapped or "\n" in text
        cell.alignment = TOP_WRAPPED if wrapped else TOP
        if column.editable:
            cell.protection = UNLOCKED
        if fill is not None:
            cell.fill = fill
        elif column.editable:
            cell.fill = INPUT_FILL
        if wrapped:
            lines = max(lines, wrapped_lines(text, column.width))
    height = min(MAX_ROW_HEIGHT, lines * LINE_HEIGHT + 4)
    worksheet.row_dimensions[row].height = height
    return height


def wrapped_lines(text: str, width: int) -> int:
    """About how many lines ``text`` takes in a wrapped column ``width`` characters wide."""
    per_line = max(8, width - 2)
    if "\n" not in text:
        return max(1, -(-len(text) // per_line))
    return sum(max(1, math.ceil(len(part) / per_line)) for part in text.split("\n"))


def protect(worksheet: Worksheet, *, allow_filter: bool = False) -> None:
    """Lock the sheet, without a password: only cells unlocked by :func:`style_row` can be
    typed in. Widening columns and rows (to read long text) stays allowed, and filtering
    where the sheet has a filter. Anyone may unprotect it (Review > Unprotect Sheet)."""
    protection = worksheet.protection
    protection.sheet = True
    protection.formatColumns = False
    protection.formatRows = False
    if allow_filter:
        protection.autoFilter = False
        protection.sort = False


def add_list(
    worksheet: Worksheet, what: str, choices: Iterable[str], message: str, cells: str
) -> None:
    validation = list_validation(what, list(choices), message)
    worksheet.add_data_validation(validation)
    validation.add(cells)


def score_choices(scale: Scale) -> list[str]:
    return [str(score) for score in scale.scores]


def write_scale(worksheet: Worksheet, scale: Scale) -> None:
    columns = (
        SheetColumn("Score", 9, "A score of the tender's scale."),
        SheetColumn("Label", 18, "The score's name."),
        SheetColumn("Descriptor", 90, "What a response must show to earn the score.", wrapped=True),
    )
    write_header(worksheet, columns)
    for row, level in enumerate(reversed(scale.levels), start=2):
        put(worksheet, row, 1, level.score)
        put(worksheet, row, 2, level.label)
        put(worksheet, row, 3, level.descriptor)
        style_row(worksheet, row, columns)
    protect(worksheet)


def write_about(worksheet: Worksheet, fields: Mapping[str, str]) -> None:
    """A small Field/Value sheet saying what the workbook is for."""
    columns = (
        SheetColumn("Field", 14, "What the value is."),
        SheetColumn("Value", 60, "Written by svdesk; keep it as it is.", wrapped=True),
    )
    write_header(worksheet, columns)
    for row, (name, value) in enumerate(fields.items(), start=2):
        put(worksheet, row, 1, name)
        put(worksheet, row, 2, value)
        style_row(worksheet, row, columns)
    protect(worksheet)


def set_properties(book: Workbook, properties: Mapping[str, str]) -> None:
    """Custom document properties (File > Info > Properties in Excel): kept out of sight,
    and read back to check that a workbook is the one svdesk wrote."""
    for name, value in properties.items():
        book.custom_doc_props.append(StringProperty(name=name, value=value))


def get_property(book: Workbook, name: str) -> str | None:
    for prop in book.custom_doc_props:
        if prop.name == name and isinstance(prop.value, str) and prop.value.strip():
            return prop.value.strip()
    return None


# -- Instructions ---------------------------------------------------------------------------

Lines = list[tuple[str, str]]  # (style, text): title, heading, note, body or item

_STYLES: dict[str, tuple[Font | None, PatternFill | None]] = {
    "title": (_TITLE_FONT, None),
    "heading": (_HEADING_FONT, _HEADING_FILL),
    "note": (_BOLD, _NOTE_FILL),
    "body": (None, None),
    "item": (None, None),
}


def write_instructions(worksheet: Worksheet, lines: Lines) -> None:
    worksheet.column_dimensions["A"].width = _INSTRUCTIONS_WIDTH
    worksheet.sheet_view.showGridLines = False
    row = 1
    for style, text in lines:
        if style == "heading" and row > 1:
            row += 1
        cell = put(worksheet, row, 1, text)
        font, fill = _STYLES[style]
        if font is not None:
            cell.font = font
        if fill is not None:
            cell.fill = fill
        cell.alignment = Alignment(
            vertical="top", wrap_text=True, indent=2 if style == "item" else 0
        )
        lines_needed = wrapped_lines(text, _INSTRUCTIONS_WIDTH - 6)
        worksheet.row_dimensions[row].height = (
            lines_needed * LINE_HEIGHT * (1.5 if style == "title" else 1.0) + 4
        )
        row += 1
    protect(worksheet)


# -- Saving ---------------------------------------------------------------------------------


def check_output(output: Path, what: str) -> None:
    """Refuse an output path that cannot be an .xlsx file written by us."""
    if output.suffix.lower() != ".xlsx":
        raise Refused(
            [
                f"'{output.name}' does not end in .xlsx: the {what} is an Excel workbook, so "
                "give a file name such as scores.xlsx"
            ]
        )
    folder = output.parent
    if not folder.exists():
        raise Refused(
            [f"the folder '{folder}' does not exist; create it first or choose another folder"]
        )
    if not folder.is_dir():
        raise Refused([f"'{folder}' is not a folder; choose a folder to write into"])
    if output.is_dir():
        raise Refused([f"'{output}' is a folder; give a file name ending in .xlsx"])
    if not os.access(folder, os.W_OK | os.X_OK):
        raise Refused([f"the folder '{folder}' cannot be written to; choose a folder of your own"])


def save_atomically(book: Workbook, output: Path) -> None:
    """Save beside ``output`` under another name, then move it into place: whole, or not
    at all (svdesk.services.written_files)."""
    build_and_save_atomically(lambda: book, output)


def build_and_save_atomically(build: Callable[[], Workbook], output: Path) -> None:
    """``save_atomically`` for a workbook made by ``build`` meanwhile: a write-only
    workbook writes its sheets' files as it is made, so a disk that fills then is said,
    in one line, as one that fills on saving."""
    try:
        write_whole(output, lambda path: save_workbook(build(), path), ".tmp.xlsx")
    except OSError as exc:
        raise Refused([cannot_write(output, exc)]) from exc


@dataclass(frozen=True, slots=True)
class StagedFile:
    """A workbook saved in full beside ``output``, under a name nobody opens, until it is
    put in place (or discarded): for a file that must appear only if a transaction commits."""

    temporary: Path
    output: Path

    def put_in_place(self) -> None:
        try:
            os.replace(self.temporary, self.output)
        except OSError as exc:
            self.discard()
            raise Refused([cannot_write(self.output, exc)]) from exc

    def discard(self) -> None:
        with contextlib.suppress(OSError):
            self.temporary.unlink()


def stage_workbook(book: Workbook, output: Path) -> StagedFile:
    """Save ``book`` beside ``output`` (in the same folder, so that moving it into place is
    one step that cannot be half done); refused, leaving nothing behind, if it cannot be."""
    remove_stale(output.parent)
    staged = StagedFile(temporary_path(output, ".tmp.xlsx"), output)
    try:
        # Created here, so that it gets the folder's usual permissions (umask applies).
        os.close(os.open(staged.temporary, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o666))
        save_workbook(book, staged.temporary)
        with staged.temporary.open("rb+") as written:
            os.fsync(written.fileno())
    except OSError as exc:
        staged.discard()
        raise Refused([cannot_write(output, exc)]) from exc
    except BaseException:
        staged.discard()
        raise
    return staged


def cannot_write(output: Path, exc: OSError) -> str:
    """Why ``output`` could not be written, and what to do."""
    if is_disk_full(exc):
        return disk_full(output)
    reason = exc.strerror or str(exc)
    return f"'{output}' cannot be written: {reason} (is it open in Excel? close it and try again)"


def new_workbook() -> Workbook:
    book = Workbook()
    first = book.active
    if first is not None:
        book.remove(first)
    return book
