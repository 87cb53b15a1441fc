"""The Confidentiality review dialog: passages with their quotes marked, and decisions."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QInputDialog, QMessageBox
from pytestqt.qtbot import QtBot

from svdesk.services.audit_trail import audit_entries
from svdesk.services.confidentiality_review import REDACTED, confidentiality_review
from svdesk.services.letter_reasons import tender_letter_texts
from svdesk.store.database import Database
from svdesk.ui.dialogs.confidentiality_review_dialog import ConfidentialityReviewDialog
from svdesk.ui.dialogs.letters_dialog import LettersDialog
from svdesk.ui.theme import BannerKind
from svdesk.ui.views.passage_document import HIGHLIGHTS
from tests.support.letter_tenders import REF, make_tender
from tests.ui.conftest import OFFSCREEN_MESSAGE_BOXES
from tests.unit.services.test_confidentiality_review import OFFICER, agree

pytestmark = OFFSCREEN_MESSAGE_BOXES
TIMEOUT = 30_000
# The winner's rationale quotes its answer, wrapped in markup that must show as written.
HOSTILE = (
    "<b>The bid will recruit four local residents into new permanent roles</b>, as the "
    "plan sets out. The response gives a credible reporting plan for the whole contract. "
    "It funds the work with £12,000 a year from its own reserves."
)


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = make_tender(tmp_path)
    agree(database, "B02", "SV2", 100, HOSTILE)
    yield database
    database.close()


def dialog_for(qtbot: QtBot, db: Database) -> ConfidentialityReviewDialog:
    dialog = ConfidentialityReviewDialog(db, REF, actor=OFFICER)
    qtbot.addWidget(dialog)
    dialog.show()
    settle(qtbot, dialog)
    return dialog


def settle(qtbot: QtBot, dialog: ConfidentialityReviewDialog) -> None:
    qtbot.waitUntil(lambda: not dialog.is_busy() and dialog.review is not None, timeout=TIMEOUT)


def test_the_passages_are_listed_with_what_they_quote_marked(qtbot: QtBot, db: Database) -> None:
    dialog = dialog_for(qtbot, db)

    assert dialog.passages.count() == 2
    assert dialog.passages.item(0).text() == "•  Lot 1, B02, SV2, sentence 1 · open"
    assert dialog.banner.kind() is BannerKind.WARNING
    assert dialog.banner.text() == "2 passages of 2 still to decide; the letters wait for them."
    # The whole letter reason, as written: the markup is text, not formatting.
    assert dialog.text.toPlainText() == HOSTILE
    marked = dialog.highlighted()
    assert (
        "will recruit four local residents into new permanent roles",
        HIGHLIGHTS["phrase"],
    ) in marked
    assert "Quotes a phrase" in dialog.quotes.text()

    dialog.passages.setCurrentRow(1)
    assert ("£12,000", HIGHLIGHTS["figure"]) in dialog.highlighted()
    assert "sum of money" in dialog.why.text()


def test_approve_records_the_officer(qtbot: QtBot, db: Database) -> None:
    dialog = dialog_for(qtbot, db)
    with qtbot.waitSignal(dialog.decided, timeout=TIMEOUT):
        dialog.approve_button.click()
    settle(qtbot, dialog)

    assert [p.approved for p in confidentiality_review(db, REF).passages] == [True, False]
    assert dialog.passages.item(0).text() == "✓  Lot 1, B02, SV2, sentence 1 · approved"
    assert not dialog.approve_button.isEnabled()  # the approved passage stays on show
    assert dialog.banner.text().startswith(
        f"Lot 1, B02, SV2, sentence 1: approved as it stands, by {OFFICER}.\n1 passage of 2"
    )
    (entry,) = [e for e in audit_entries(db, REF) if e.entity == "letter reason"]
    assert (entry.actor, entry.action) == (OFFICER, "approved")


def test_edit_puts_the_typed_text_in_the_letters(
    qtbot: QtBot, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    dialog = dialog_for(qtbot, db)
    dialog.passages.setCurrentRow(1)
    monkeypatch.setattr(
        QInputDialog,
        "getMultiLineText",
        lambda *args, **kwargs: ("It funds the work from its own resources.", True),
    )
    with qtbot.waitSignal(dialog.decided, timeout=TIMEOUT):
        dialog.edit_button.click()
    settle(qtbot, dialog)

    text = tender_letter_texts(db, REF)[("1", "B02")]["SV2"]
    assert text.endswith("contract. It funds the work from its own resources.")
    assert dialog.passages.count() == 1


def test_redact_asks_first_then_withholds_the_passage(
    qtbot: QtBot, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    dialog = dialog_for(qtbot, db)
    answers = iter([QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Yes])
    asked: list[str] = []

    def question(_parent: object, _title: str, text: str, *_args: object) -> object:
        asked.append(text)
        return next(answers)

    monkeypatch.setattr(QMessageBox, "question", question)
    dialog.redact_button.click()  # cancelled: nothing changes
    assert not dialog.is_busy()
    assert confidentiality_review(db, REF).open != ()
    with qtbot.waitSignal(dialog.decided, timeout=TIMEOUT):
        dialog.redact_button.click()
    settle(qtbot, dialog)

    assert REDACTED in asked[0]
    text = tender_letter_texts(db, REF)[("1", "B02")]["SV2"]
    assert text.startswith(REDACTED)
    assert "four local residents" not in text


def test_the_letters_dialog_opens_the_review_and_checks_again_after(
    qtbot: QtBot, db: Database
) -> None:
    letters = LettersDialog(db, REF, actor=OFFICER)
    qtbot.addWidget(letters)
    letters.show()
    qtbot.waitUntil(lambda: not letters.is_checking(), timeout=TIMEOUT)
    assert not letters.is_ready()
    assert any("Confidentiality review" in line for line in letters._problems or [])

    review = letters.open_review()
    settle(qtbot, review)
    for row in range(2):
        review.passages.setCurrentRow(row)
        with qtbot.waitSignal(review.decided, timeout=TIMEOUT):
            review.approve_button.click()
        settle(qtbot, review)
    assert review.banner.kind() is BannerKind.SUCCESS
    review.reject()
    qtbot.waitUntil(lambda: not letters.is_checking(), timeout=TIMEOUT)
    assert letters.is_ready()


def test_from_the_file_menu_decisions_are_in_the_working_officers_name(
    qtbot: QtBot, db: Database
) -> None:
    from tests.ui.conftest import OFFICER as WORKING
    from tests.ui.conftest import window_on

    window = window_on(qtbot, db)
    file_menu = window.menuBar().actions()[0].menu()
    assert file_menu is not None
    actions = file_menu.actions()
    review_action = window.commands.review_action
    # Under Letters…, in the File menu.
    assert actions.index(review_action) == actions.index(window.commands.letters_action) + 1
    review_action.trigger()
    dialog = window.findChild(ConfidentialityReviewDialog)
    assert dialog is not None
    assert dialog.isVisible()
    settle(qtbot, dialog)
    with qtbot.waitSignal(dialog.decided, timeout=TIMEOUT):
        dialog.approve_button.click()
    settle(qtbot, dialog)
    (entry,) = [e for e in audit_entries(db, REF) if e.entity == "letter reason"]
    assert entry.actor == WORKING
    dialog.close()


def test_the_winners_explanations_are_listed_as_price_and_quality(
    qtbot: QtBot, tmp_path: Path
) -> None:
    from tests.support.explanation_tenders import WINNER_PRICE, make_quoting_tender

    database = make_quoting_tender(tmp_path)
    try:
        dialog = dialog_for(qtbot, database)
        assert [dialog.passages.item(n).text() for n in range(dialog.passages.count())] == [
            "•  Lot 1, B02, Price, sentence 1 · open",
            "•  Lot 1, B02, Quality, sentence 1 · open",
        ]
        dialog.passages.setCurrentRow(0)
        assert dialog.state.text() == "Price explanation · open: to decide"
        assert dialog.text.toPlainText() == WINNER_PRICE
        assert ("£566,800", HIGHLIGHTS["figure"]) in dialog.highlighted()
        dialog.passages.setCurrentRow(1)
        assert dialog.state.text().startswith("Quality explanation · ")
    finally:
        database.close()
