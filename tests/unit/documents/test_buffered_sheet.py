"""The evaluation workbook's sheets write their cells as text of their own: the same XML,
byte for byte, as openpyxl's write-only writer makes of the same cells, whatever the text
holds (markup, entities, spaces at either end, characters beyond ASCII, a formula)."""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font

from svdesk.documents.buffered_sheet import buffered_sheet
from svdesk.packs.cells import set_value

BOLD = Font(bold=True)
WRAPPED = Alignment(wrap_text=True)
VALUES: list[Any] = [
    "plain",
    "<b>bold</b> & 'quoted' \"twice\" ]]> -->",
    "  spaces at either end  ",
    "tab\tand\nnew line",
    "£45,000 · Łąki · 💷 · \u00a0",
    '=HYPERLINK("http://x","y")',
    "&amp; already an entity",
    12,
    -3.25,
    0.1 + 0.2,
    None,
    "",
    dt.datetime(2027, 1, 4, 9, 30),
]


def sheet_data(path: Path) -> str:
    with zipfile.ZipFile(path) as archive:
        xml = archive.read("xl/worksheets/sheet1.xml").decode("ascii")
    found = re.search(r"<sheetData>.*</sheetData>", xml, re.S)
    assert found is not None
    return found.group(0)


def test_the_cells_are_the_xml_openpyxl_writes(tmp_path: Path) -> None:
    mine = Workbook(write_only=True)
    sheet = buffered_sheet(mine, "Cells")
    theirs = Workbook(write_only=True)
    their_sheet = theirs.create_sheet("Cells")
    for row, value in enumerate(VALUES, start=1):
        cells = []
        for column, style in enumerate((None, BOLD, WRAPPED), start=1):
            cell = set_value(sheet.cell(row, column), value)
            other = set_value(WriteOnlyCell(their_sheet), value)
            if style is BOLD:
                cell.font = other.font = BOLD
            elif style is WRAPPED:
                cell.alignment = other.alignment = WRAPPED
            cells.append(other)
        formula = sheet.cell(row, 4)
        formula.value, formula.data_type = f"=SUM(A{row}:C{row})", "f"
        cells.append(WriteOnlyCell(their_sheet, f"=SUM(A{row}:C{row})"))
        their_sheet.append(cells)
    sheet.flush()
    mine.save(tmp_path / "mine.xlsx")
    theirs.save(tmp_path / "theirs.xlsx")
    written = sheet_data(tmp_path / "mine.xlsx")
    assert written == sheet_data(tmp_path / "theirs.xlsx")
    assert "&lt;b&gt;bold&lt;/b&gt; &amp;" in written
    assert '<t xml:space="preserve">  spaces at either end  </t>' in written
    assert "&#163;45,000" in written
