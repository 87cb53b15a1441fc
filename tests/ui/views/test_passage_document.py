"""A letter reason in a document: the passage underlined, its quotes marked where they are,
whatever characters come before them."""

from __future__ import annotations

from PySide6.QtGui import QBrush, QColor, QTextDocument

from svdesk.bundled import common_english_words
from svdesk.domain.confidential_passages import find_passages
from svdesk.services.confidentiality_review import ReviewPassage
from svdesk.ui.views.passage_document import HIGHLIGHTS, marked_runs, write_passage


def passage_of(reason: str, answer: str) -> ReviewPassage:
    (found,) = find_passages(reason, answer, "", common_english_words())
    return ReviewPassage(
        lot="1",
        bidder="B01",
        bidder_name="Alpha",
        criterion="SV1",
        criterion_title="Jobs",
        sentence=found.sentence.number,
        text=found.sentence.text,
        quotes=found.quotes,
        what=found.what,
        why=found.why,
        approved=False,
        reason=reason,
        start=found.sentence.start,
    )


def test_marks_fall_on_the_quoted_words_after_wide_characters() -> None:
    # 𝒜 and 😀 take two UTF-16 units each in a Qt document.
    reason = "𝒜 first 😀 sentence. It spends £12,000 a year <b>with</b> Kelsbridge Works."
    passage = passage_of(reason, "We pay Kelsbridge Works £12,000.")
    document = QTextDocument()
    end = write_passage(document, passage, QBrush(QColor("black")))

    assert document.toPlainText() == reason  # the markup is text
    assert marked_runs(document) == [
        ("£12,000", HIGHLIGHTS["figure"]),
        ("Kelsbridge Works", HIGHLIGHTS["name"]),
    ]
    assert end == len(reason.encode("utf-16-le")) // 2
