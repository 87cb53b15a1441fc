"""Workbooks as other programs write them: the sheet XML inside the .xlsx changed directly,
where openpyxl would not write it so."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable
from pathlib import Path
from xml.sax.saxutils import escape

from openpyxl import load_workbook


def sheet_part(path: Path, title: str) -> str:
    """The zip entry of the sheet ``title`` (openpyxl writes sheetN.xml in sheet order)."""
    book = load_workbook(path, read_only=True)
    try:
        number = book.sheetnames.index(title) + 1
    finally:
        book.close()
    return f"xl/worksheets/sheet{number}.xml"


def rewrite_part(path: Path, part: str, change: Callable[[str], str]) -> None:
    original = path.read_bytes()
    source = zipfile.ZipFile(io.BytesIO(original))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == part:
                data = change(data.decode("utf-8")).encode("utf-8")
            target.writestr(info, data)


def declared_dimension(path: Path, title: str) -> str:
    with zipfile.ZipFile(path) as archive:
        xml = archive.read(sheet_part(path, title)).decode("utf-8")
    found = re.search(r'<dimension ref="([^"]*)"', xml)
    assert found is not None
    return found.group(1)


def understate_dimension(path: Path, title: str, ref: str) -> None:
    """Make the sheet declare the size ``ref`` (such as ``A1:E3``), whatever it holds."""

    def change(xml: str) -> str:
        changed, count = re.subn(r'<dimension ref="[^"]*"\s*/>', f'<dimension ref="{ref}"/>', xml)
        assert count == 1, "the sheet has no dimension tag to rewrite"
        return changed

    rewrite_part(path, sheet_part(path, title), change)
    assert declared_dimension(path, title) == ref


def inline_text(path: Path, title: str, coordinate: str, text: str) -> None:
    """Make ``coordinate`` an inline string cell (``t="inlineStr"``) holding ``text``."""

    def change(xml: str) -> str:
        cell = f'<c r="{coordinate}" t="inlineStr"><is><t>{escape(text)}</t></is></c>'
        changed, count = re.subn(
            rf'<c r="{coordinate}"(?:[^>]*/>|[^>]*>.*?</c>)', cell, xml, flags=re.DOTALL
        )
        assert count == 1, f"no cell {coordinate} to rewrite"
        return changed

    rewrite_part(path, sheet_part(path, title), change)
