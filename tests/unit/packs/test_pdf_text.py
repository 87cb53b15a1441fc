"""Reading a PDF's text within the budget's pages and characters, each shared page once."""

from __future__ import annotations

import time

import pytest
from pypdf import PageObject

from svdesk.packs.pdf_text import pdf_text
from svdesk.packs.text_budget import BUDGET, TextBudget
from tests.support.hostile_files import shared_stream_pdf
from tests.unit.packs.test_attachments import make_pdf


def test_pages_sharing_one_long_stream_are_read_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """2,000 pages drawing one stream of 4,000 lines: read page by page, it took over
    25 minutes; its text is the same on every page, so it is read once."""
    calls: list[int] = []
    real = PageObject.extract_text

    def counted(page: PageObject, *args: object, **kwargs: object) -> str:
        calls.append(1)
        return real(page, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(PageObject, "extract_text", counted)
    started = time.process_time()

    text, shortfall = pdf_text(shared_stream_pdf(), BUDGET)

    assert time.process_time() - started < 10
    assert len(calls) == 1
    assert shortfall == "its text is longer than the 1,000,000 characters svdesk keeps"
    assert text.startswith("Line 0 of our social value offer")
    assert text.count("Line 3999 of our social value offer") >= 6  # page after page


def test_pages_past_the_budget_are_not_read() -> None:
    data = make_pdf([[f"Page {n}"] for n in range(1, 8)])
    text, shortfall = pdf_text(data, TextBudget(pdf_pages=5))
    assert text == "Page 1\n\nPage 2\n\nPage 3\n\nPage 4\n\nPage 5"
    assert shortfall == "it has 7 pages, more than the 5 svdesk reads"


def test_different_pages_are_each_read() -> None:
    data = make_pdf([["Same words"], ["Other words"], ["Same words"]])
    assert pdf_text(data, BUDGET) == ("Same words\n\nOther words\n\nSame words", "")


def test_text_longer_than_the_budget_is_cut() -> None:
    data = make_pdf([[f"Line {n} of page {page}" for n in range(40)] for page in range(30)])
    text, shortfall = pdf_text(data, TextBudget(characters=5_000))
    assert shortfall == "its text is longer than the 5,000 characters svdesk keeps"
    assert text.startswith("Line 0 of page 0\n")
    assert 5_000 < len(text) < 15_000  # cut after twice the budget; tidying cuts the rest
