from __future__ import annotations

from PySide6.QtGui import QTextCursor
from pytestqt.qtbot import QtBot

from svdesk.services.tenders import ResponseView, TenderOverview
from svdesk.ui.views.response_reader import ResponseReader
from tests.ui.conftest import ATTACHED_TEXT, EXCLUDED_REASON


def find(overview: TenderOverview, bidder: str, lot: str, criterion: str) -> ResponseView:
    return next(
        r for r in overview.responses if (r.bidder, r.lot, r.criterion) == (bidder, lot, criterion)
    )


def reader_on(qtbot: QtBot, overview: TenderOverview, response: ResponseView) -> ResponseReader:
    reader = ResponseReader()
    qtbot.addWidget(reader)
    reader.set_overview(overview)
    reader.show_response(response.id)
    return reader


def struck_text(reader: ResponseReader) -> str:
    """The characters of the answer that are struck through."""
    document = reader.browser.document()
    struck = []
    block = document.begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fragment = it.fragment()
            if fragment.charFormat().fontStrikeOut():
                struck.append(fragment.text())
            it += 1
        block = block.next()
    return "".join(struck)


def test_words_past_the_limit_are_struck_through_under_a_banner(
    qtbot: QtBot, rich_overview: TenderOverview
) -> None:
    response = find(rich_overview, "B01", "1", "SV1")
    reader = reader_on(qtbot, rich_overview, response)

    assert reader.word_count.text() == "60 words (limit 50)"
    assert not reader.over_limit.isHidden()
    assert reader.over_limit.text().startswith("10 words past the 50-word limit are not evaluated")
    struck = struck_text(reader).split()
    assert struck == [f"word{n}" for n in range(51, 61)]
    plain = reader.browser.toPlainText()
    assert "word50" in plain.split("50-word limit")[0]
    assert reader.body.currentWidget() is reader.browser


def test_an_answer_within_the_limit_has_no_banner_and_nothing_struck(
    qtbot: QtBot, rich_overview: TenderOverview
) -> None:
    reader = reader_on(qtbot, rich_overview, find(rich_overview, "B02", "1", "SV2"))

    assert reader.word_count.text() == "23 words (no limit)"
    assert reader.over_limit.isHidden()
    assert struck_text(reader) == ""


def test_a_missing_answer_says_so(qtbot: QtBot, rich_overview: TenderOverview) -> None:
    reader = reader_on(qtbot, rich_overview, find(rich_overview, "B01", "1", "SV2"))

    assert reader.body.currentWidget() is reader.missing
    assert reader.missing_title.text() == "No answer was given"
    assert "Alpha Grounds Ltd gave no answer to SV2" in reader.missing_text.text()
    assert "lowest score on the scale (0)" in reader.missing_text.text()
    assert reader.over_limit.isHidden()
    assert reader.attachment.isHidden()


def test_an_attached_file_is_named_its_text_shown_and_the_original_can_be_opened(
    qtbot: QtBot, rich_overview: TenderOverview
) -> None:
    response = find(rich_overview, "B02", "1", "SV1")
    reader = reader_on(qtbot, rich_overview, response)

    assert not reader.attachment.isHidden()
    assert "answers/beta-sv1.txt" in reader.attachment_name.text()
    plain = reader.browser.toPlainText()
    assert "From the attached file beta-sv1.txt:" in plain
    assert ATTACHED_TEXT in plain
    assert response.attachment is not None
    with qtbot.waitSignal(reader.open_attachment_requested) as opened:
        reader.open_original.click()
    assert opened.args == [response.attachment.id]


def test_next_and_previous_bidder_stay_on_the_criterion(
    qtbot: QtBot, rich_overview: TenderOverview
) -> None:
    reader = reader_on(qtbot, rich_overview, find(rich_overview, "B01", "1", "SV1"))
    assert reader.position.text() == "Bidder 1 of 2"
    assert not reader.previous_bidder.isEnabled()

    with qtbot.waitSignal(reader.response_shown):
        reader.next_bidder.trigger()
    current = reader.current()
    assert current is not None
    assert (current.bidder, current.lot, current.criterion) == ("B02", "1", "SV1")
    assert reader.position.text() == "Bidder 2 of 2"
    assert not reader.next_bidder.isEnabled()

    reader.previous_bidder.trigger()
    assert reader.current() == find(rich_overview, "B01", "1", "SV1")

    reader.next_criterion.trigger()
    assert reader.current() == find(rich_overview, "B01", "1", "SV2")


def test_an_excluded_bid_is_flagged_with_its_reason(
    qtbot: QtBot, rich_overview: TenderOverview
) -> None:
    reader = reader_on(qtbot, rich_overview, find(rich_overview, "B02", "2", "SV1"))

    assert not reader.excluded.isHidden()
    assert EXCLUDED_REASON in reader.excluded.text()
    cursor = QTextCursor(reader.browser.document())
    assert cursor.document().toPlainText().startswith("We will recruit")
