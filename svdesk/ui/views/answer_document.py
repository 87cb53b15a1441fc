"""An answer laid out for reading, with the words past the word limit struck through."""

from __future__ import annotations

from itertools import pairwise
from typing import TYPE_CHECKING

from PySide6.QtGui import (
    QColor,
    QFont,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
)

from svdesk.ui.theme import BAD_COLOUR

if TYPE_CHECKING:
    from svdesk.services.tenders import ResponseView

PAST_LIMIT_COLOUR = "#8A8A8A"
LINE_HEIGHT_PERCENT = 150
PARAGRAPH_GAP = 12  # pixels between paragraphs


def past_limit_format() -> QTextCharFormat:
    """How the words the panel must not evaluate look: grey and struck through."""
    fmt = QTextCharFormat()
    fmt.setFontStrikeOut(True)
    fmt.setForeground(QColor(PAST_LIMIT_COLOUR))
    fmt.setToolTip("Past the word limit: not evaluated")
    return fmt


def _marker_format() -> QTextCharFormat:
    fmt = QTextCharFormat()
    fmt.setFontWeight(QFont.Weight.Bold)
    fmt.setForeground(QColor("white"))
    fmt.setBackground(QColor(BAD_COLOUR))
    return fmt


def _heading_format() -> QTextCharFormat:
    fmt = QTextCharFormat()
    fmt.setFontWeight(QFont.Weight.Bold)
    return fmt


def write_answer(document: QTextDocument, response: ResponseView) -> None:
    """Fill ``document`` with the answer, then the attached file's text under a heading.

    Everything past the word limit is struck through and greyed, after a marker that
    says where the limit falls.
    """
    document.clear()
    text = response.text
    within, past = response.split_at_limit()
    cut = len(within) if past else len(text)
    attachment_at: int | None = None
    attachment = response.attachment
    if attachment is not None and attachment.text:
        attachment_at = len(response.answer) + 2 if response.answer else 0

    cursor = QTextCursor(document)
    normal = QTextCharFormat()
    struck = past_limit_format()
    stops = sorted({0, cut, len(text), *([attachment_at] if attachment_at is not None else [])})
    for start, end in pairwise(stops):
        if start == attachment_at and attachment is not None:
            if start > 0:
                cursor.insertBlock()
            cursor.insertText(
                f"From the attached file {attachment.path.rsplit('/', 1)[-1]}:", _heading_format()
            )
            cursor.insertBlock()
        if start == cut and past:
            limit = response.word_limit
            cursor.insertText(" ", normal)
            cursor.insertText(f"\u00a0{limit}-word limit\u00a0", _marker_format())
            cursor.insertText(" ", normal)
        chunk = text[start:end]
        if attachment_at is not None and end == attachment_at:
            chunk = chunk.rstrip("\n")
        cursor.insertText(chunk, struck if start >= cut else normal)

    _drop_empty_paragraphs(document)
    block = QTextBlockFormat()
    block.setLineHeight(
        LINE_HEIGHT_PERCENT, QTextBlockFormat.LineHeightTypes.ProportionalHeight.value
    )
    block.setBottomMargin(PARAGRAPH_GAP)
    everything = QTextCursor(document)
    everything.select(QTextCursor.SelectionType.Document)
    everything.mergeBlockFormat(block)


def _drop_empty_paragraphs(document: QTextDocument) -> None:
    """Blank lines between paragraphs become the paragraphs' own spacing."""
    block = document.lastBlock()
    while block.isValid():
        previous = block.previous()
        if block.length() <= 1 and previous.isValid():
            cursor = QTextCursor(block)
            cursor.deletePreviousChar()  # joins the empty line to the paragraph before it
        block = previous
