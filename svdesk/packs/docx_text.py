"""The text of a Word (.docx) document, read as a stream with bounded time and memory.

python-docx builds the whole document in memory (gigabytes for a small file whose XML
expands hugely) and finds each merged table cell by walking up the table (hours for a
few tables of merged cells). Here the document's XML is read from the zip in chunks,
parsed as it comes with lxml, and forgotten paragraph by paragraph: time grows with
the file's size, memory with the longest paragraph, and both stop at the budget.

What is read is what python-docx read: paragraphs, then tables row by row with their
cells joined by ' | '. A merged cell appears once, in its first row; text in tracked
insertions and content controls is read, deleted text and text boxes are not.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from collections.abc import Iterator
from typing import Any

from lxml import etree

from svdesk.packs.text_budget import TextBudget, too_long
from svdesk.packs.text_result import Unreadable

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_OFFICE_DOCUMENT = "/officeDocument"  # the end of the main part's relationship type
_RUN = f"{_W}r"
# Characters of a run's inner content, as python-docx renders them (w:br as below).
_RUN_TEXT = {f"{_W}t": None, f"{_W}tab": "\t", f"{_W}ptab": "\t", f"{_W}cr": "\n"}
_RUN_TEXT[f"{_W}noBreakHyphen"] = "-"
_BREAK = f"{_W}br"
# Text not shown as the document's own: deleted or moved away, in text boxes (python-
# docx skipped them too), and the fallback copy of content given twice (mc:Fallback).
_SKIPPED = {f"{_W}del", f"{_W}moveFrom", f"{_W}txbxContent", f"{_MC}Fallback"}
_P, _TBL, _TR, _TC = f"{_W}p", f"{_W}tbl", f"{_W}tr", f"{_W}tc"
_TAGS = [*_RUN_TEXT, _BREAK, *_SKIPPED, _P, _TBL, _TR, _TC]
_CHUNK = 64 * 1024
_MAX_RELS = 1024 * 1024  # the package's list of parts: a few hundred bytes in practice


class _Cut(Exception):
    """Enough has been read: the budget for the text is spent."""


def docx_text(data: bytes, budget: TextBudget) -> tuple[str, str]:
    """(the document's text, why it is cut short or ''); raises Unreadable."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            part = _main_part(package)
            text = _Text(budget)
            try:
                for event, element in _events(package, part, budget):
                    text.take(event, element)
            except _Cut as cut:
                return text.finish(), str(cut)
            return text.finish(), ""
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, RuntimeError, ValueError) as exc:
        raise Unreadable("it is damaged or is not a .docx file") from exc
    except etree.LxmlError as exc:
        if getattr(exc, "code", None) == etree.ErrorTypes.ERR_NO_MEMORY:
            raise MemoryError from exc  # libxml2 ran out: the file is not damaged
        detail = " ".join(str(exc).split())[:200]  # lxml's own words, on one line
        raise Unreadable(f"it is damaged ({detail})" if detail else "it is damaged") from exc


def _parser(events: tuple[str, ...], tags: list[str] | None = None) -> etree.XMLPullParser:
    # No entities expanded, no DTD or network fetched, libxml2's own size limits kept.
    return etree.XMLPullParser(
        events=events,
        tag=tags,
        resolve_entities=False,
        load_dtd=False,
        no_network=True,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )


def _main_part(package: zipfile.ZipFile) -> str:
    """The name of the document's main part, as its package relationships give it."""
    names = set(package.namelist())
    if "_rels/.rels" in names and package.getinfo("_rels/.rels").file_size <= _MAX_RELS:
        parser = _parser(("end",), [f"{_RELS}Relationship"])
        parser.feed(package.read("_rels/.rels"))
        for _event, relation in parser.read_events():
            if str(relation.get("Type", "")).endswith(_OFFICE_DOCUMENT):
                target = str(relation.get("Target", "")).lstrip("/")
                if target in names:
                    return target
    if "word/document.xml" in names:
        return "word/document.xml"
    raise Unreadable("it is damaged or is not a .docx file (it has no document inside)")


def _events(package: zipfile.ZipFile, part: str, budget: TextBudget) -> Iterator[tuple[str, Any]]:
    """The parse events of ``part``, read in chunks and stopped at the budget's size."""
    parser = _parser(("start", "end"), _TAGS)
    read = 0
    with package.open(part) as stream:
        while chunk := stream.read(_CHUNK):
            read += len(chunk)
            if read > budget.docx_xml:
                raise _Cut(
                    f"its text takes more than {budget.docx_xml // (1024 * 1024)} MB inside the "
                    "file, more than svdesk reads"
                )
            parser.feed(chunk)
            yield from parser.read_events()
    parser.close()
    yield from parser.read_events()


class _Text:
    """The document's lines, built from parse events; finished elements are dropped."""

    def __init__(self, budget: TextBudget) -> None:
        self.budget = budget
        self.lines: list[str] = []
        self.size = 0
        self.blocks = 0  # paragraphs and table rows: each costs time, even an empty one
        self.skipped = 0  # depth inside content that is not read
        self.tables = 0  # depth of tables: a table in a cell is read as that cell's lines
        self.paragraph: list[str] = []
        self.cell: list[str] = []
        self.row: list[str] = []

    def take(self, event: str, element: Any) -> None:
        tag = element.tag
        if tag in _SKIPPED:
            self.skipped += 1 if event == "start" else -1
            return
        if self.skipped:
            return
        if event == "start":
            self._start(tag)
        else:
            self._end(tag, element)

    def _start(self, tag: str) -> None:
        if tag == _P:
            self.paragraph = []
        elif tag == _TBL:
            self.tables += 1
            if self.tables == 1:
                self._emit("")
        elif tag == _TR and self.tables == 1:
            self.row = []
        elif tag == _TC and self.tables == 1:
            self.cell = []

    def _end(self, tag: str, element: Any) -> None:
        if tag in _RUN_TEXT or tag == _BREAK:
            parent = element.getparent()
            if parent is not None and parent.tag == _RUN:
                self.paragraph.append(_run_text(tag, element))
            return
        if tag == _P:
            self._end_block()
            line = "".join(self.paragraph)
            if self.tables:
                self.cell.append(line)
            else:
                self._emit(line)
        elif tag == _TC and self.tables == 1:
            self.row.append("\n".join(self.cell).strip())
        elif tag == _TR and self.tables == 1:
            self._end_block()
            if any(self.row):
                self._emit(" | ".join(self.row))
        elif tag == _TBL:
            self.tables -= 1
            if self.tables == 0:
                self._emit("")
        else:
            return
        _forget(element)

    def _end_block(self) -> None:
        self.blocks += 1
        if self.blocks > self.budget.docx_paragraphs:
            raise _Cut(
                f"it has more than {self.budget.docx_paragraphs:,} paragraphs and table rows, "
                "more than svdesk reads"
            )

    def _emit(self, line: str) -> None:
        if not line.strip():  # blank: one in a row is kept, as tidy_text would
            if self.lines and not self.lines[-1]:
                return
            line = ""
        self.lines.append(line)
        self.size += len(line) + 1
        if self.size > 2 * self.budget.characters:  # twice: tidying removes blank space
            raise _Cut(too_long(self.budget))

    def finish(self) -> str:
        return "\n".join(self.lines)


def _run_text(tag: str, element: Any) -> str:
    if tag == _BREAK:  # a line break is a new line; a page or column break is nothing
        return "\n" if element.get(f"{_W}type", "textWrapping") == "textWrapping" else ""
    fixed = _RUN_TEXT[tag]
    return fixed if fixed is not None else (element.text or "")


def _forget(element: Any) -> None:
    """Drop a finished element and what came before it, so memory stays flat."""
    element.clear()
    parent = element.getparent()
    if parent is not None:
        while element.getprevious() is not None:
            del parent[0]
