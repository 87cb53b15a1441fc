"""A letter ready to draw: the blocks its template wrote, its tables, what frames its pages.

Apart from the templates (``letter_template``) because the drawing needs these and nothing
else: a worker process that draws letters (``letter_drawing``) imports this module, not the
templates, the letters' content or the database behind them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from svdesk.documents.letter_tables import LetterTable

BlockKind = Literal[
    "title",
    "heading",
    "subheading",
    "paragraph",
    "bullet",
    "quote",
    "right",
    "table",
    "space",
    "page",
]


@dataclass(frozen=True, slots=True)
class Span:
    text: str  # may hold "\n": a line break
    bold: bool = False
    italic: bool = False


@dataclass(frozen=True, slots=True)
class Block:
    kind: BlockKind
    spans: tuple[Span, ...] = ()
    table: str = ""  # for a "table" block: the name of the table

    @property
    def text(self) -> str:
        return "".join(span.text for span in self.spans)


@dataclass(frozen=True, slots=True)
class RenderedLetter:
    """A letter ready to draw: its blocks, its tables, and what frames every page."""

    blocks: tuple[Block, ...]
    tables: dict[str, LetterTable]
    authority: str
    authority_lines: tuple[str, ...]
    title: str  # document title (PDF metadata, Word properties), within their limit
    subject: str
    running_header: str  # shown at the top of every page after the first
    # "Page N of M" in each language of the letter: the words before N and before M.
    page_words: tuple[tuple[str, str], ...] = (("Page ", " of "),)
