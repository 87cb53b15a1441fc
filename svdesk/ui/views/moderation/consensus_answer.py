"""The left of the consensus page: the criterion, its question and sub-criteria, and the
answer as the evaluators read it in their workspace (plain text, read-only)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QVBoxLayout, QWidget

from svdesk.ui.plain_text import plain_label
from svdesk.ui.theme import SPACING, Heading, muted_label
from svdesk.ui.workspace.answer_pane import AnswerPane

if TYPE_CHECKING:
    from svdesk.services.moderation_consensus import ResponseInModeration
    from svdesk.services.tenders import ResponseView, TenderOverview


def response_of(overview: TenderOverview | None, view: ResponseInModeration) -> ResponseView | None:
    """The answer of ``view``'s response, as the tender on show holds it."""
    if overview is None:
        return None
    key = (view.lot, view.bidder, view.criterion)
    return next((r for r in overview.responses if (r.lot, r.bidder, r.criterion) == key), None)


class AnswerColumn(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = Heading("", 2, self)
        self.question = plain_label("", self)
        self.question.setWordWrap(True)
        self.sub_criteria = muted_label("", self)
        self.answer = AnswerPane(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(SPACING)
        layout.addWidget(self.title)
        layout.addWidget(self.question)
        layout.addWidget(self.sub_criteria)
        layout.addWidget(self.answer, 1)

    def show_response(self, view: ResponseInModeration, response: ResponseView | None) -> None:
        self.title.setText(f"{view.criterion} {view.criterion_title}")
        self.question.setText(view.question)
        self.sub_criteria.setText(
            "\n".join(f"Sub-criterion {n}: {s}" for n, s in enumerate(view.sub_criteria, 1))
        )
        self.sub_criteria.setVisible(bool(view.sub_criteria))
        self.answer.setVisible(response is not None)
        if response is not None:
            self.answer.show_response(response)
            self.answer.context.hide()  # the page's title says the lot and the criterion
