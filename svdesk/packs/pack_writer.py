"""Writing a pack workbook for people to fill in: the sheets of the format, styled and explained.

The sheets, columns, help texts and drop-down choices all come from :mod:`svdesk.packs.schema`,
the module the reader checks against, so a template filled in as its instructions say imports
without a warning. Two sheets are added for the reader's benefit, and skipped by the import:
``Instructions`` (how to fill in each sheet, and how to import) and ``Model criteria`` (the
bundled Social Value Model award criteria and TOMs codes, for the ``Model criterion`` drop-down).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import math
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any
from zipfile import ZIP_DEFLATED, ZipFile

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from svdesk.domain.catalogue import AWARD_CRITERION, MEASURE, THEME, CatalogueEntry, CatalogueSet
from svdesk.domain.scale import Scale
from svdesk.packs import schema
from svdesk.packs.cells import cell_value, set_value, write_cell

INSTRUCTIONS_SHEET, MODEL_CRITERIA_SHEET = schema.REFERENCE_SHEETS

# Drop-downs cover at least this many rows, so that rows the user adds are covered too.
VALIDATION_ROWS = 500
# Columns whose text is long or runs over several lines.
WRAPPED_COLUMNS = frozenset(
    {
        "Question",
        "Guidance",
        "Sub-criteria",
        "Answer",
        "Address",
        "Descriptor",
        "Excluded reason",
        "Price explanation",
        "Quality explanation",
    }
)
# Columns kept as text when typed, so that an identifier such as 09876543 keeps its zeros.
TEXT_COLUMNS = frozenset({"Identifier"})
TEXT_FIELDS = frozenset({"Reference"})

_AUTHOR = "svdesk"
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
_REQUIRED_FILL = PatternFill("solid", fgColor="9BC2E6")
_HEADING_FILL = PatternFill("solid", fgColor="DDEBF7")
_BOLD = Font(bold=True)
_TITLE_FONT = Font(bold=True, size=16)
_HEADING_FONT = Font(bold=True, size=12)
_HEADER_BORDER = Border(bottom=Side(style="thin", color="5B9BD5"))
_TOP = Alignment(vertical="top")
_TOP_WRAPPED = Alignment(vertical="top", wrap_text=True)
_HEADER_ALIGNMENT = Alignment(vertical="center", wrap_text=True)
_INSTRUCTIONS_WIDTH = 110
_LINE_HEIGHT = 15

_KIND_NAMES = {AWARD_CRITERION: "Award criterion", MEASURE: "Measure", THEME: "Theme"}


def write_pack_workbook(
    path: Path,
    tender: Mapping[str, Any],
    sheets: Mapping[str, Sequence[Mapping[str, Any]]],
    *,
    catalogues: CatalogueSet,
    scale: Scale,
    instructions: bool = True,
    notes: Sequence[str] = (),
) -> None:
    """Write a pack workbook to ``path``: every sheet of the format, with ``tender``'s fields
    and ``sheets``' rows filled in (an empty template when both are empty).

    ``tender`` maps Tender sheet field names to values; ``sheets`` maps sheet names
    (``Lots``, ``Scale``, ``Criteria``, ``Bidders``, ``Bids``, ``Responses``) to rows, each
    a mapping of column name to value. Values may be text, numbers, ``Decimal``, yes/no
    booleans or the model's enums; ``None`` and ``""`` leave the cell blank. ``scale`` gives
    the choices of the Minimum score drop-down. ``notes`` are shown at the top of the
    instructions (for example, that the workbook was filled in from a tender in svdesk).
    """
    book = build_pack_workbook(
        tender,
        sheets,
        catalogues=catalogues,
        scale=scale,
        instructions=instructions,
        notes=notes,
    )
    save_workbook(book, path)


def save_workbook(book: Workbook, path: Path) -> None:
    """``book.save(path)``, closing the file and its zip whatever happens: a zip left open
    by a failed write (a full disk) would try again, and fail noisily, when Python
    collects it."""
    book.properties.modified = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    with open(path, "wb") as handle:
        archive = ZipFile(handle, "w", ZIP_DEFLATED, allowZip64=True)
        try:
            ExcelWriter(book, archive).write_data()
        except BaseException:
            with contextlib.suppress(Exception):
                archive.close()
            raise
        archive.close()


def build_pack_workbook(
    tender: Mapping[str, Any],
    sheets: Mapping[str, Sequence[Mapping[str, Any]]],
    *,
    catalogues: CatalogueSet,
    scale: Scale,
    instructions: bool = True,
    notes: Sequence[str] = (),
) -> Workbook:
    """The workbook :func:`write_pack_workbook` saves."""
    _check_names(tender, sheets)
    book = Workbook()
    first = book.active
    assert first is not None
    book.remove(first)
    if instructions:
        _write_instructions(book.create_sheet(INSTRUCTIONS_SHEET), tender, scale, notes)
    model_rows = _model_criteria(catalogues)
    for spec in schema.SHEETS:
        worksheet = book.create_sheet(spec.name)
        if spec is schema.TENDER:
            _write_tender(worksheet, tender)
        else:
            rows = sheets.get(spec.name, ())
            _write_table(worksheet, spec, rows)
            _add_validations(worksheet, spec, len(rows), scale, len(model_rows))
    _write_model_criteria(book.create_sheet(MODEL_CRITERIA_SHEET), model_rows)
    book.active = 0
    return book


def _check_names(
    tender: Mapping[str, Any], sheets: Mapping[str, Sequence[Mapping[str, Any]]]
) -> None:
    """A name the format does not know is a mistake in the calling code, not the user's."""
    fields = {field.name for field in schema.TENDER_FIELDS}
    unknown = sorted(set(tender) - fields)
    if unknown:
        raise ValueError(f"not fields of the Tender sheet: {', '.join(unknown)}")
    tables = {spec.name: spec for spec in schema.SHEETS if spec is not schema.TENDER}
    for name, rows in sheets.items():
        spec = tables.get(name)
        if spec is None:
            raise ValueError(f"not a sheet the pack workbook holds rows for: {name}")
        columns = {column.name for column in spec.columns}
        for row in rows:
            extra = sorted(set(row) - columns)
            if extra:
                raise ValueError(f"not columns of the {name} sheet: {', '.join(extra)}")


# -- Cells ----------------------------------------------------------------------------------


def _comment(text: str, width: int = 320) -> Comment:
    comment = Comment(text, _AUTHOR)
    comment.width = width
    comment.height = 40 + 18 * math.ceil(len(text) / 45)
    return comment


def _column_help(column: schema.Column) -> str:
    lead = "Required." if column.required else "Optional."
    return f"{lead} {column.help}{_choices_text(column.help, column.choices)}"


def style_header(cell: Cell, required: bool, help_text: str) -> None:
    cell.font = _BOLD
    cell.fill = _REQUIRED_FILL if required else _HEADER_FILL
    cell.border = _HEADER_BORDER
    cell.alignment = _HEADER_ALIGNMENT
    cell.comment = _comment(help_text)


# -- The Tender sheet -----------------------------------------------------------------------


def tender_field_rows() -> dict[str, int]:
    """The row of each field on the Tender sheet, as Excel numbers it."""
    return {field.name: row for row, field in enumerate(schema.TENDER_FIELDS, start=2)}


def _write_tender(worksheet: Worksheet, tender: Mapping[str, Any]) -> None:
    spec = schema.TENDER
    _write_header(worksheet, spec)
    for row, field in zip(tender_field_rows().values(), schema.TENDER_FIELDS, strict=True):
        name_cell = write_cell(worksheet, row, 1, field.name)
        name_cell.alignment = _TOP
        lead = "Required." if field.required else "Optional."
        help_text = f"{lead} {field.help}{_choices_text(field.help, field.choices)}"
        name_cell.comment = _comment(help_text)
        if field.required:
            name_cell.font = _BOLD
            name_cell.fill = _HEADER_FILL
        value_cell = worksheet.cell(row=row, column=2)
        set_value(value_cell, tender.get(field.name))
        value_cell.alignment = _TOP_WRAPPED
        if field.name in TEXT_FIELDS:
            value_cell.number_format = "@"
        if field.choices:
            validation = list_validation(
                field.name,
                field.choices,
                f"{field.name} must be one of: {', '.join(field.choices)}.",
            )
            worksheet.add_data_validation(validation)
            validation.add(value_cell.coordinate)


# -- The other sheets -----------------------------------------------------------------------


def _write_header(worksheet: Worksheet, spec: schema.Sheet) -> None:
    for index, column in enumerate(spec.columns, start=1):
        cell = write_cell(worksheet, 1, index, column.name)
        style_header(cell, column.required, _column_help(column))
        letter = get_column_letter(index)
        dimension = worksheet.column_dimensions[letter]
        dimension.width = column.width
        wrapped = column.name in WRAPPED_COLUMNS or (spec is schema.TENDER and index == 2)
        dimension.alignment = _TOP_WRAPPED if wrapped else _TOP
        if column.name in TEXT_COLUMNS:
            dimension.number_format = "@"
    worksheet.freeze_panes = "A2"


def _write_table(
    worksheet: Worksheet, spec: schema.Sheet, rows: Sequence[Mapping[str, Any]]
) -> None:
    _write_header(worksheet, spec)
    for number, values in enumerate(rows, start=2):
        for index, column in enumerate(spec.columns, start=1):
            cell = write_cell(worksheet, number, index, values.get(column.name))
            multi_line = isinstance(cell.value, str) and "\n" in cell.value
            wrapped = column.name in WRAPPED_COLUMNS or multi_line
            cell.alignment = _TOP_WRAPPED if wrapped else _TOP
            if column.name in TEXT_COLUMNS:
                cell.number_format = "@"


def list_validation(
    what: str, choices: Iterable[str], message: str, *, stop: bool = True
) -> DataValidation:
    formula = '"' + ",".join(choices) + '"'
    return _validation(what, formula, message, stop=stop)


def _validation(what: str, formula: str, message: str, *, stop: bool = True) -> DataValidation:
    if not stop:
        message += " Choose Yes to keep what you typed, or No to change it."
    return DataValidation(
        type="list",
        formula1=formula,
        allow_blank=True,
        showDropDown=False,  # openpyxl's name; False shows the drop-down arrow
        showErrorMessage=True,
        errorStyle="stop" if stop else "warning",
        errorTitle=f"Check the {what}"[:32],
        error=message[:225],
    )


def _add_validations(
    worksheet: Worksheet, spec: schema.Sheet, row_count: int, scale: Scale, model_count: int
) -> None:
    last = max(VALIDATION_ROWS, row_count + 100)
    for index, column in enumerate(spec.columns, start=1):
        letter = get_column_letter(index)
        cells = f"{letter}2:{letter}{last}"
        validation: DataValidation | None = None
        if column.choices:
            validation = list_validation(
                column.name,
                column.choices,
                f"{column.name} must be one of: {', '.join(column.choices)}.",
            )
        elif spec is schema.CRITERIA and column.name == "Model criterion" and model_count:
            source = f"{quote_sheetname(MODEL_CRITERIA_SHEET)}!$A$2:$A${model_count + 1}"
            validation = _validation(
                column.name,
                source,
                "This code is not in the Model criteria sheet, so svdesk will warn about it "
                "on import.",
                stop=False,
            )
        elif spec is schema.CRITERIA and column.name == "Minimum score":
            validation = list_validation(
                column.name,
                (str(score) for score in scale.scores),
                f"Minimum score must be a score of the scale: {scale.describe()}.",
                stop=False,
            )
        if validation is not None:
            worksheet.add_data_validation(validation)
            validation.add(cells)


# -- Model criteria -------------------------------------------------------------------------


def _model_criteria(catalogues: CatalogueSet) -> list[tuple[CatalogueEntry, str]]:
    """The codes offered for Model criterion: every catalogue's award criteria, and the
    themes and measures of a catalogue of measures (the National TOMs)."""
    rows: list[tuple[CatalogueEntry, str]] = []
    for catalogue in catalogues.catalogues:
        has_measures = any(entry.kind == MEASURE for entry in catalogue.entries)
        for entry in catalogue.entries:
            wanted = entry.kind in (AWARD_CRITERION, MEASURE) or (
                has_measures and entry.kind == THEME
            )
            if wanted:
                rows.append((entry, catalogue.title))
    return rows


def _write_model_criteria(worksheet: Worksheet, rows: list[tuple[CatalogueEntry, str]]) -> None:
    headers = (
        ("Code", 14, "The code to put in the Model criterion column of the Criteria sheet."),
        ("Title", 90, "What the award criterion, theme or measure is about."),
        ("Catalogue", 44, "The published model the code comes from."),
        ("Kind", 16, "Award criterion, theme or measure."),
    )
    for index, (name, width, help_text) in enumerate(headers, start=1):
        style_header(write_cell(worksheet, 1, index, name), False, help_text)
        worksheet.column_dimensions[get_column_letter(index)].width = width
    for number, (entry, catalogue) in enumerate(rows, start=2):
        values = (entry.code, entry.title, catalogue, _KIND_NAMES.get(entry.kind, entry.kind))
        for index, value in enumerate(values, start=1):
            cell = write_cell(worksheet, number, index, value)
            cell.alignment = _TOP_WRAPPED if index == 2 else _TOP
    worksheet.freeze_panes = "A2"
    # For reading only: protected without a password, so anyone may unprotect it.
    worksheet.protection.sheet = True


# -- Instructions ---------------------------------------------------------------------------


def instructions_text(
    tender: Mapping[str, Any], scale: Scale, notes: Sequence[str] = ()
) -> list[tuple[str, str]]:
    """The instructions as ``(style, text)`` lines; style is title, heading or body."""
    reference = cell_value(tender.get("Reference"))
    title = cell_value(tender.get("Title"))
    heading = "Tender pack for svdesk"
    if reference:
        heading += f": {reference}" + (f", {title}" if title else "")
    lines: list[tuple[str, str]] = [("title", heading)]
    lines += [
        (
            "body",
            "A tender pack is what the procurement team hands the evaluation panel: the "
            "tender, its lots, the social value award criteria with their weights and scoring "
            "scale, the bidders, and every bidder's answers. svdesk imports it, and the panel "
            "then scores the answers, moderates, and writes the award letters.",
        ),
        (
            "body",
            "Fill in the sheets of this workbook in the order below. Darker column headings "
            "are required; point at a heading (or at a field name on the Tender sheet) to see "
            "what goes in it. Cells with a fixed list of values offer it in a drop-down. Keep "
            "the sheet names and the headings as they are; the Instructions and Model criteria "
            "sheets are for reading and are not imported.",
        ),
    ]
    lines += [("note", note) for note in notes]
    lines.append(("heading", "How to fill it in"))
    for step, spec in enumerate(schema.SHEETS, start=1):
        need = "required" if spec.required else "optional"
        lines.append(("subheading", f"Step {step}. The {spec.name} sheet ({need})"))
        lines.append(("body", spec.help))
        if not spec.required and "empty" not in spec.help:
            lines.append(("body", "Left empty (headings only), the sheet counts as left out."))
        if spec is schema.TENDER:
            lines.append(
                (
                    "body",
                    "Column A, Field (required), names each field; column B, Value (required), "
                    "holds its value. Every field is listed already: fill in the values in "
                    "column B, and leave blank the optional ones you do not need.",
                )
            )
            for field in schema.TENDER_FIELDS:
                lines.append(("item", _item(field.name, field.required, field.help, field.choices)))
            continue
        for column in spec.columns:
            help_text = column.help
            if spec is schema.CRITERIA and column.name == "Model criterion":
                help_text += " The codes svdesk knows are listed on the Model criteria sheet."
            if spec is schema.CRITERIA and column.name == "Minimum score":
                help_text += f" The scale's scores are {scale.describe()}."
            lines.append(("item", _item(column.name, column.required, help_text, column.choices)))
    lines.append(("heading", "Rules the import checks"))
    lines += [
        ("item", f"•  {text}")
        for text in (
            "The Price, Quality and Social value weightings add up to 100. When only the "
            "Social value weighting is given, the tender is scored on social value alone.",
            "For each lot, the Weights of its criteria add up to the Social value weighting. "
            "A criterion with a blank Lot applies to every lot, with the same weight in each.",
            "Social value should carry at least 10% of the total score under the Procurement "
            "Act 2023 and the Public Contracts Regulations 2015.",
            "Percentages are written as 10 or 10% (both mean ten percent).",
            "Yes/no cells take Yes or No (Y, N, True, False, 1 and 0 are understood too); a "
            "blank cell means No.",
            "Every Bidder named on the Bids and Responses sheets must be listed on the Bidders "
            "sheet, and every Lot on the Lots sheet (for a tender with one lot, Lot may be left "
            "blank); every Criterion must be a Code of that lot.",
            "Each bid should answer every criterion of its lot: a missing answer is imported as "
            "a missing response, and the import warns about it.",
            "Text with several lines (addresses, sub-criteria): start a new line in the cell "
            "with Alt+Enter (Option+Return on a Mac).",
            "Text that begins with =, +, - or @ (an answer such as '= 40 new jobs'): type an "
            "apostrophe first ('= 40 new jobs), or the spreadsheet takes it for a formula. A "
            "cell that shows an error such as #NAME? is refused at import.",
        )
    ]
    lines.append(("heading", "Attachments"))
    lines.append(
        (
            "body",
            "An answer can be a file instead of, or as well as, text: put the file's name in "
            "the Attachment column (.txt, .md, .pdf or .docx), relative to the workbook, such "
            "as answers/B01-SV1.pdf. Then put the workbook and the files together in one "
            "folder, or in a .zip with the workbook at its top level, and import the folder or "
            "the zip. A workbook imported on its own cannot have attachments.",
        )
    )
    lines.append(("heading", "Importing the pack"))
    lines.append(
        (
            "body",
            "In the svdesk window: File > Import pack, and choose this workbook (or the folder "
            "or zip holding it). On the command line: svdesk import FILE. Every problem is "
            "listed with its sheet and cell, such as Criteria!H7; a pack with any error changes "
            "nothing, so fix them all and import again. If a tender with the same Reference is "
            "already in svdesk, the import asks before replacing it (svdesk import FILE "
            "--replace on the command line).",
        )
    )
    return lines


def _item(name: str, required: bool, help_text: str, choices: Sequence[str]) -> str:
    need = "required" if required else "optional"
    return f"•  {name} ({need}): {help_text}{_choices_text(help_text, choices)}"


def _choices_text(help_text: str, choices: Sequence[str]) -> str:
    if not choices:
        return ""
    if all(choice in help_text for choice in choices):
        return " Choose it from the drop-down list."
    return f" Choose from the drop-down list: {', '.join(choices)}."


_INSTRUCTION_STYLES = {
    "title": (_TITLE_FONT, None),
    "heading": (_HEADING_FONT, _HEADING_FILL),
    "subheading": (_BOLD, None),
    "note": (_BOLD, PatternFill("solid", fgColor="FFF2CC")),
    "body": (None, None),
    "item": (None, None),
}


def _write_instructions(
    worksheet: Worksheet, tender: Mapping[str, Any], scale: Scale, notes: Sequence[str]
) -> None:
    worksheet.column_dimensions["A"].width = _INSTRUCTIONS_WIDTH
    worksheet.sheet_view.showGridLines = False
    row = 1
    for style, text in instructions_text(tender, scale, notes):
        if style in ("heading", "subheading") and row > 1:
            row += 1  # a blank line before each heading
        cell = write_cell(worksheet, row, 1, text)
        font, fill = _INSTRUCTION_STYLES[style]
        if font is not None:
            cell.font = font
        if fill is not None:
            cell.fill = fill
        cell.alignment = Alignment(
            vertical="top", wrap_text=True, indent=2 if style == "item" else 0
        )
        worksheet.row_dimensions[row].height = _row_height(text, style)
        row += 1


def _row_height(text: str, style: str) -> float:
    """Enough height for wrapped text: Excel does not size rows to fit when it opens a file."""
    per_line = _INSTRUCTIONS_WIDTH - 8
    lines = sum(max(1, math.ceil(len(part) / per_line)) for part in text.split("\n"))
    scale = 1.5 if style == "title" else 1.0
    return lines * _LINE_HEIGHT * scale + 4
