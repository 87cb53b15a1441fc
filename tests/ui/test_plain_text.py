"""The window shows a tender's text as written, never as HTML.

Every name, reference, title and answer of the tender below is (or holds) HOSTILE, which
Qt would draw as a huge red "X" and an image if a label, a tooltip or a message box took it
for HTML. On each page, the test asks what a person would read, rendering each label as Qt
does (plain text, HTML, or HTML when it looks like it), and finds the tags themselves.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import QAbstractItemModel, Qt
from PySide6.QtGui import Qt as TextQt
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QLabel, QMessageBox, QTreeWidget, QTreeWidgetItemIterator, QWidget
from pytestqt.qtbot import QtBot

from svdesk.domain.evaluation_rules import PanelRole
from svdesk.services.panel import add_member
from svdesk.sheets.score_sheet import write_score_sheet
from svdesk.store.database import Database
from svdesk.ui.dialogs.import_dialog import ImportDialog
from svdesk.ui.dialogs.letter_preview_dialog import LetterPreviewDialog
from svdesk.ui.dialogs.panel_dialog import PanelDialog
from svdesk.ui.evaluation_files import score_sheet_import
from svdesk.ui.main_window import MainWindow
from svdesk.ui.views.navigator import Page, Target
from tests.support.packs import Sheets, set_cell, write_pack
from tests.ui.conftest import (
    OFFSCREEN_MESSAGE_BOXES,
    MakeDb,
    rich_sheets,
    window_on,
    write_folder_pack,
)

HOSTILE = "<font size=40 color=red>X</font><img src=x>"
REFERENCE = f"TST-2026-0001{HOSTILE}"
MEMBER = f"Ann Evaluator {HOSTILE}"
SHORT = "<b>Yes</b>"  # short enough to be quoted whole
TIMEOUT = 30_000

pytestmark = OFFSCREEN_MESSAGE_BOXES


def hostile_sheets() -> Sheets:
    sheets = rich_sheets()
    set_cell(sheets, "Tender", 2, "Value", REFERENCE)
    set_cell(sheets, "Tender", 3, "Value", f"{HOSTILE} Grounds Maintenance")
    set_cell(sheets, "Tender", 4, "Value", f"{HOSTILE} County Council")
    set_cell(sheets, "Lots", 2, "Title", f"North {HOSTILE}")
    set_cell(sheets, "Criteria", 2, "Title", f"Jobs {HOSTILE}")
    set_cell(sheets, "Criteria", 2, "Question", f"{HOSTILE} How will you create jobs?")
    set_cell(sheets, "Bidders", 2, "Name", f"{HOSTILE} Alpha Ltd")
    set_cell(sheets, "Bidders", 3, "Name", f"Beta {HOSTILE} plc")
    set_cell(sheets, "Bids", 4, "Excluded reason", f"Failed {HOSTILE}")
    set_cell(sheets, "Responses", 3, "Answer", f"{HOSTILE} We will recruit locally.")  # B02 1 SV1
    return sheets


@pytest.fixture
def hostile_db(make_db: MakeDb) -> Database:
    db = make_db(hostile_sheets(), folder=True)
    add_member(db, REFERENCE, MEMBER)
    add_member(db, REFERENCE, f"Mo {HOSTILE}", PanelRole.MODERATOR)
    return db


def read(text: str, text_format: Qt.TextFormat = Qt.TextFormat.AutoText) -> str:
    """What a person reads when Qt shows ``text`` in ``text_format`` (AutoText: as Qt guesses,
    which is how tooltips and QMessageBox's ready-made boxes show text)."""
    rich = text_format == Qt.TextFormat.RichText or (
        text_format == Qt.TextFormat.AutoText and TextQt.mightBeRichText(text)
    )
    if not rich:
        return text
    document = QTextDocument()
    document.setHtml(text)
    return document.toPlainText()


def label_texts(widget: QWidget) -> list[str]:
    """What each label of ``widget`` shows that holds (a piece of) the hostile text."""
    return [
        read(label.text(), label.textFormat())
        for label in widget.findChildren(QLabel)
        if "size=40" in label.text()
    ]


def assert_labels_literal(widget: QWidget, at_least: int = 1) -> None:
    shown = label_texts(widget)
    assert len(shown) >= at_least, shown
    for text in shown:
        assert HOSTILE in text, text


def model_texts(model: QAbstractItemModel, role: Qt.ItemDataRole) -> Iterator[str]:
    for row in range(model.rowCount()):
        for column in range(model.columnCount()):
            value = model.data(model.index(row, column), role)
            if isinstance(value, str) and "size=40" in value:
                yield value


def assert_model_literal(model: QAbstractItemModel) -> None:
    cells = list(model_texts(model, Qt.ItemDataRole.DisplayRole))
    assert cells  # item views draw their cells as plain text
    assert all(HOSTILE in cell for cell in cells)
    for tip in model_texts(model, Qt.ItemDataRole.ToolTipRole):
        assert HOSTILE in read(tip), tip


def assert_tree_literal(tree: QTreeWidget) -> int:
    seen = 0
    iterator = QTreeWidgetItemIterator(tree)
    while (item := iterator.value()) is not None:
        for column in range(tree.columnCount()):
            if "size=40" in item.text(column):
                assert HOSTILE in item.text(column)
                seen += 1
            tip = item.toolTip(column)
            if "size=40" in tip:
                assert HOSTILE in read(tip), tip
                seen += 1
        iterator += 1
    return seen


def window_at(qtbot: QtBot, db: Database, target: Target) -> MainWindow:
    window = window_on(qtbot, db)
    window.go_to(target)
    return window


def test_the_summary_and_the_navigator(qtbot: QtBot, hostile_db: Database) -> None:
    window = window_at(qtbot, hostile_db, Target(Page.SUMMARY))
    assert window.pages is not None
    summary = window.pages.summary
    assert summary.title.textFormat() == Qt.TextFormat.PlainText
    assert summary.title.text() == f"{HOSTILE} Grounds Maintenance"
    assert_labels_literal(summary, at_least=5)  # title, reference, authority, panel
    assert assert_tree_literal(window.navigator) >= 8


def test_the_criteria_page(qtbot: QtBot, hostile_db: Database) -> None:
    window = window_at(qtbot, hostile_db, Target(Page.CRITERIA, "1"))
    assert window.pages is not None
    page = window.pages.criteria
    assert_labels_literal(page)  # the lot's name
    assert_model_literal(page.model)
    assert f"Jobs {HOSTILE}" in page.detail.toPlainText()
    assert f"{HOSTILE} How will you create jobs?" in page.detail.toPlainText()


def test_the_bidders_and_bids_pages(qtbot: QtBot, hostile_db: Database) -> None:
    window = window_at(qtbot, hostile_db, Target(Page.BIDDERS))
    assert window.pages is not None
    assert_model_literal(window.pages.bidders_model)
    tips = list(model_texts(window.pages.bidders_model, Qt.ItemDataRole.ToolTipRole))
    assert tips  # the exclusion's reason
    window.go_to(Target(Page.BIDS))
    assert_model_literal(window.pages.bids_model)
    assert_labels_literal(window.pages.bids, at_least=0)


def test_the_responses_and_the_reader(qtbot: QtBot, hostile_db: Database) -> None:
    window = window_at(qtbot, hostile_db, Target(Page.RESPONSES, "1"))
    assert window.pages is not None
    assert_model_literal(window.pages.responses_model)
    overview = window.pages.overview
    assert overview is not None
    answer = next(
        r for r in overview.responses if (r.lot, r.bidder, r.criterion) == ("1", "B02", "SV1")
    )
    window.go_to(Target(Page.RESPONSE, "1", "B02", "SV1", answer.id))
    reader = window.pages.reader
    assert reader.bidder.text() == f"Beta {HOSTILE} plc (B02)"
    assert reader.question_title.textFormat() == Qt.TextFormat.PlainText
    assert_labels_literal(reader, at_least=4)  # context, bidder, question title, question
    assert f"{HOSTILE} We will recruit locally." in reader.browser.toPlainText()
    excluded = next(r for r in overview.responses if (r.lot, r.bidder) == ("2", "B02"))
    window.go_to(Target(Page.RESPONSE, "2", "B02", excluded.criterion, excluded.id))
    assert f"Failed {HOSTILE}" in read(reader.excluded.text(), Qt.TextFormat.PlainText)
    assert_labels_literal(reader.excluded)


def test_the_results_page(qtbot: QtBot, hostile_db: Database) -> None:
    window = window_at(qtbot, hostile_db, Target(Page.RESULTS, "2"))
    assert window.pages is not None
    page = window.pages.results
    # The readiness check (which verifies the audit trail) is read on a worker thread.
    qtbot.waitUntil(lambda: not page.is_reading(), timeout=30_000)
    assert_model_literal(page.model)
    assert page.notes.isVisibleTo(page)  # B02's exclusion, its name in bold
    assert page.notes.textFormat() == Qt.TextFormat.RichText
    assert f"Beta {HOSTILE} plc" in read(page.notes.text(), page.notes.textFormat())
    assert_labels_literal(page)
    assert assert_tree_literal(page.problems) >= 1  # "Panel: Ann Evaluator <font…> has not…"
    header = page.model.headerData(
        page.model.criterion_column("SV1"), Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole
    )
    assert HOSTILE in read(header)


def test_the_letter_preview(qtbot: QtBot, hostile_db: Database) -> None:
    from svdesk.documents.letter_preview import letter_choices

    choices = letter_choices(hostile_db, REFERENCE)
    dialog = LetterPreviewDialog(hostile_db, REFERENCE, choices, dt.date(2026, 12, 21))
    qtbot.addWidget(dialog)
    dialog.show()
    with qtbot.waitSignal(dialog.refused, timeout=TIMEOUT):
        dialog.start()
    qtbot.waitUntil(lambda: not dialog.is_running(), timeout=TIMEOUT)
    items = [dialog.choice_box.itemText(i) for i in range(dialog.choice_box.count())]
    assert any(f"{HOSTILE} Alpha Ltd" in item for item in items)  # a combo box draws plain text
    assert assert_tree_literal(dialog.messages) >= 2  # "Panel: Ann Evaluator <font…> has…"
    assert_labels_literal(dialog, at_least=0)


def test_the_panel_dialog(qtbot: QtBot, hostile_db: Database) -> None:
    dialog = PanelDialog(hostile_db, REFERENCE)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.subtitle.text() == f"{REFERENCE}  ·  {HOSTILE} Grounds Maintenance"
    assert_model_literal(dialog.model)
    with qtbot.waitSignal(dialog.added) as added:
        dialog.add(f"Ben {HOSTILE}", PanelRole.EVALUATOR)
    assert added.args == [True]
    assert f"Ben {HOSTILE} is on the panel" in dialog.banner.text()
    assert_labels_literal(dialog, at_least=2)


def test_an_import_refusal_lists_the_text_as_written(
    qtbot: QtBot, empty_db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sheets = hostile_sheets()
    set_cell(sheets, "Bids", 2, "Bidder", f"B09{HOSTILE}")
    dialog = ImportDialog(empty_db, write_pack(tmp_path / f"pack{HOSTILE[:5]}.xlsx", sheets))
    qtbot.addWidget(dialog)
    dialog.show()
    with qtbot.waitSignal(dialog.refused, timeout=TIMEOUT):
        dialog.start()
    qtbot.waitUntil(lambda: not dialog.is_running(), timeout=TIMEOUT)
    assert assert_tree_literal(dialog.issues) >= 2  # the problem and its tooltip
    assert_labels_literal(dialog, at_least=0)


def test_replacing_a_tender_asks_with_its_reference_as_written(
    qtbot: QtBot, hostile_db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[str] = []

    def question(_parent: Any, _title: str, text: str, *_args: Any) -> QMessageBox.StandardButton:
        asked.append(text)
        return QMessageBox.StandardButton.Cancel

    monkeypatch.setattr(QMessageBox, "question", question)
    dialog = ImportDialog(hostile_db, write_folder_pack(tmp_path / "again", hostile_sheets()))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.start()
    qtbot.waitUntil(lambda: bool(asked) and not dialog.is_running(), timeout=TIMEOUT)
    assert f"Replace tender {REFERENCE} with the tender in again?" == read(asked[0])


def test_a_refused_score_sheet_says_why_in_plain_text(
    qtbot: QtBot, hostile_db: Database, tmp_path: Path
) -> None:
    sheet = write_score_sheet(hostile_db, REFERENCE, MEMBER, tmp_path / "scores.xlsx")
    book = load_workbook(sheet)
    book["Declarations"]["C2"] = SHORT  # what an evaluator typed, as text
    book["Declarations"]["C2"].data_type = "s"
    book.save(sheet)
    parent = QWidget()
    qtbot.addWidget(parent)
    task = score_sheet_import(parent, hostile_db)
    with qtbot.waitSignal(task.done, timeout=TIMEOUT):
        task.read_all([sheet])
    qtbot.waitUntil(lambda: not task.is_running(), timeout=TIMEOUT)
    box = task.message_box
    assert box is not None
    assert box.textFormat() == Qt.TextFormat.PlainText
    assert SHORT in box.informativeText()  # "Conflict must be Yes or No, got '<b>…'"
    shown = [read(label.text(), label.textFormat()) for label in box.findChildren(QLabel)]
    assert any(SHORT in text for text in shown)
    box.close()


def test_no_label_of_the_window_guesses_whether_its_text_is_html(
    qtbot: QtBot, hostile_db: Database
) -> None:
    from svdesk.documents.letter_preview import letter_choices
    from svdesk.ui.dialogs.letters_dialog import LettersDialog

    window = window_at(qtbot, hostile_db, Target(Page.SUMMARY))
    choices = letter_choices(hostile_db, REFERENCE)
    dialogs = [
        PanelDialog(hostile_db, REFERENCE),
        LettersDialog(hostile_db, REFERENCE, today=dt.date(2026, 12, 21)),
        LetterPreviewDialog(hostile_db, REFERENCE, choices, dt.date(2026, 12, 21)),
        ImportDialog(hostile_db, Path("pack.xlsx")),
    ]
    for dialog in dialogs:
        qtbot.addWidget(dialog)
    letters = dialogs[1]
    assert isinstance(letters, LettersDialog)
    qtbot.waitUntil(lambda: not letters.is_checking(), timeout=30_000)
    guessing = [
        f"{type(label.parent()).__name__}: {label.text()!r}"
        for widget in (window, *dialogs)
        for label in widget.findChildren(QLabel)
        if label.textFormat() == Qt.TextFormat.AutoText
    ]
    assert guessing == []
