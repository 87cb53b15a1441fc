"""The answers of a lot as a table: one row per bidder and criterion."""

from __future__ import annotations

from typing import TYPE_CHECKING

from svdesk.ui.formatting import NOTHING, count, number
from svdesk.ui.models.row_table_model import RowTableModel
from svdesk.ui.theme import BAD_COLOUR, WARN_COLOUR

if TYPE_CHECKING:
    from svdesk.services.tenders import ResponseView


def response_note(response: ResponseView) -> str:
    """What an evaluator should know before reading: missing, over the limit, attached."""
    if response.missing:
        return "No answer given"
    notes = []
    if response.over_limit and response.word_limit is not None:
        notes.append(f"{count(response.word_count - response.word_limit, 'word')} over the limit")
    if response.attachment is not None:
        notes.append("Attached file")
    return "; ".join(notes)


class ResponsesModel(RowTableModel):
    BIDDER = 0
    NAME = 1
    CRITERION = 2
    TITLE = 3
    WORDS = 4
    WORD_LIMIT = 5
    NOTE = 6

    HEADERS = ("Bidder", "Name", "Criterion", "Title", "Words", "Word limit", "Note")
    NUMERIC = frozenset({WORDS, WORD_LIMIT})

    def response(self, row: int) -> ResponseView:
        return self.row_at(row)  # type: ignore[no-any-return]

    def cell(self, row: ResponseView, column: int) -> str:
        if column == self.BIDDER:
            return row.bidder
        if column == self.NAME:
            return row.bidder_name
        if column == self.CRITERION:
            return row.criterion
        if column == self.TITLE:
            return row.criterion_title
        if column == self.WORDS:
            return NOTHING if row.missing else number(row.word_count)
        if column == self.WORD_LIMIT:
            return number(row.word_limit)
        if column == self.NOTE:
            return response_note(row)
        return ""

    def tooltip(self, row: ResponseView, column: int) -> str | None:
        if column == self.NAME:
            return row.bidder_name
        if column == self.NOTE and row.attachment is not None:
            return f"Attached file: {row.attachment.path}"
        return None

    def colour(self, row: ResponseView, column: int) -> str | None:
        if column in (self.NOTE, self.WORDS):
            if row.missing:
                return BAD_COLOUR
            if row.over_limit:
                return WARN_COLOUR
        return None
