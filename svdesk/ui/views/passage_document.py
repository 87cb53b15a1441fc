"""A letter reason in a text document, with one passage underlined and what it quotes of
the tender marked (the confidentiality review).

The reason is the bidder's words as much as the panel's: it is set as plain text and
marked with character formats only, never through HTML made from it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QTextCharFormat, QTextCursor, QTextDocument

from svdesk.domain.confidential_passages import QuoteKind

if TYPE_CHECKING:
    from svdesk.services.confidentiality_review import ReviewPassage

# The marks of what a passage quotes: pale enough to read the text through.
HIGHLIGHTS = {
    QuoteKind.FIGURE: "#ffe08a",
    QuoteKind.NAME: "#b9e3ff",
    QuoteKind.PHRASE: "#e3d4ff",
}
# The rest of the letter reason, around the passage (underlined, in the text's colour);
# the marked parts keep dark text on their pale mark in a dark theme too.
CONTEXT_COLOUR = "#8A8A8A"
MARKED_TEXT_COLOUR = "#1A1A1A"
LEGEND = (
    "The passage is underlined in the text the letters quote. Marked: figures in yellow, "
    "names in blue, the bidder's own wording in lilac."
)


def write_passage(document: QTextDocument, passage: ReviewPassage, text: QBrush) -> int:
    """Set the passage's letter reason in ``document``, the passage underlined in the
    ``text`` brush and its quotes marked; returns where the passage ends (for the cursor)."""
    reason = passage.reason
    document.setPlainText(reason)
    around = QTextCharFormat()
    around.setForeground(QBrush(QColor(CONTEXT_COLOUR)))
    whole = QTextCursor(document)
    whole.select(QTextCursor.SelectionType.Document)
    whole.mergeCharFormat(around)
    own = QTextCharFormat()
    own.setForeground(text)
    own.setFontUnderline(True)
    end = passage.start + len(passage.text)
    _mark(document, reason, passage.start, end, own)
    for quote in passage.quotes:
        mark = QTextCharFormat()
        mark.setBackground(QBrush(QColor(HIGHLIGHTS[quote.kind])))
        mark.setForeground(QBrush(QColor(MARKED_TEXT_COLOUR)))
        mark.setToolTip(quote.why)
        _mark(document, reason, passage.start + quote.start, passage.start + quote.end, mark)
    return position(reason, end)


def _mark(document: QTextDocument, text: str, start: int, end: int, mark: QTextCharFormat) -> None:
    cursor = QTextCursor(document)
    cursor.setPosition(position(text, start))
    cursor.setPosition(position(text, end), QTextCursor.MoveMode.KeepAnchor)
    cursor.mergeCharFormat(mark)


def marked_runs(document: QTextDocument) -> list[tuple[str, str]]:
    """The marked runs of ``document`` with the colours of their marks."""
    runs: list[tuple[str, str]] = []
    block = document.begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fragment = it.fragment()
            background = fragment.charFormat().background()
            if background.style() != Qt.BrushStyle.NoBrush:
                runs.append((fragment.text(), background.color().name()))
            it += 1
        block = block.next()
    return runs


def position(text: str, index: int) -> int:
    """Where the ``index``-th character of ``text`` is in a Qt document, which counts in
    UTF-16 units (a character beyond the basic plane takes two)."""
    return len(text[:index].encode("utf-16-le")) // 2
