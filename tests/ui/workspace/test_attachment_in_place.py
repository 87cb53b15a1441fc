"""An attached file where the answer is read: a PDF's pages in a tab beside the answer,
Word and text files as text under it, and a file that cannot be shown explained in a
note, never an error."""

from __future__ import annotations

import io
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path

import docx
import pytest
from PySide6.QtCore import QSettings, Qt
from pytestqt.qtbot import QtBot
from reportlab.pdfgen import canvas

from svdesk.services.imports import import_pack
from svdesk.services.panel import add_member, declare
from svdesk.store.database import Database, open_database
from svdesk.ui.workspace.attachment_view import AttachmentView, Drawing
from tests.support.hostile_files import slow_pdf
from tests.support.packs import set_cell, valid_sheets, write_pack
from tests.support.panel_tender import ANN, NONE_DECLARED, REF
from tests.ui.conftest import OFFSCREEN_MESSAGE_BOXES
from tests.ui.test_screenshots import save
from tests.ui.workspace.conftest import workspace_on

PLAN = "Ten apprenticeships and a community fund of twenty thousand pounds"
WORD_PLAN = "Our Word plan: twelve local suppliers in the first year"


def pdf_file(pages: int = 3, *, password: str | None = None) -> bytes:
    out = io.BytesIO()
    page = canvas.Canvas(out, encrypt=password)
    for number in range(1, pages + 1):
        page.drawString(72, 720, f"{PLAN}, page {number}")
        page.showPage()
    page.save()
    return out.getvalue()


def word_file() -> bytes:
    document = docx.Document()
    document.add_paragraph(WORD_PLAN)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


@pytest.fixture
def attached_db(tmp_path: Path) -> Iterator[tuple[Database, Path]]:
    """B01's SV1 answer attaches a three-page PDF, B01's SV2 a Word file."""
    folder = tmp_path / "pack"
    (folder / "answers").mkdir(parents=True)
    (folder / "answers" / "plan.pdf").write_bytes(pdf_file())
    (folder / "answers" / "plan.docx").write_bytes(word_file())
    sheets = valid_sheets()
    set_cell(sheets, "Responses", 2, "Attachment", "answers/plan.pdf")
    set_cell(sheets, "Responses", 3, "Attachment", "answers/plan.docx")
    write_pack(folder / "pack.xlsx", sheets)
    path = tmp_path / "t.sqlite"
    db = open_database(path)
    import_pack(db, folder)
    add_member(db, REF, ANN)
    declare(db, REF, ANN, NONE_DECLARED[:2])
    yield db, path
    db.close()


def replace_file(path: Path, name: str, data: bytes) -> None:
    """The stored bytes of an attachment changed behind svdesk's back."""
    with sqlite3.connect(path) as raw:
        changed = raw.execute(
            "UPDATE attachment SET data = ? WHERE path = ?", (data, f"answers/{name}")
        ).rowcount
    assert changed == 1


def test_a_pdfs_pages_show_beside_the_answer_and_its_original_opens(
    qtbot: QtBot, attached_db: tuple[Database, Path], settings: QSettings
) -> None:
    db, _path = attached_db
    window = workspace_on(qtbot, db, ANN, settings)
    answer = window.answer
    assert window.current_key() == ("1", "B01", "SV1")
    assert answer.tabs.tabBar().isVisible()
    assert answer.tabs.currentWidget() is answer.browser
    assert PLAN in answer.browser.toPlainText()  # its text, searchable, under the answer
    view = answer.attachment
    assert view.state is Drawing.NOTHING  # read only when looked at
    assert answer.open_original.isVisible()
    answer.show_pages()
    assert answer.tabs.currentWidget() is view
    qtbot.waitUntil(lambda: view.state is Drawing.SHOWN, timeout=20_000)
    assert view.page_count == 3
    assert len(view.pages()) == 3
    assert view.stack.currentWidget() is view.scroller
    assert view.status.text() == "plan.pdf: 3 pages."
    first = view.pages()[0].pixmap()
    assert first.width() > 300
    assert first.height() > first.width()  # an A4 page, upright
    save(window, "1366x768-workspace-pdf")
    # Hidden (minimised) while drawing, and shown again: the drawing starts again.
    window.commands.next_action.trigger()
    window.commands.previous_action.trigger()
    answer.show_pages()
    assert view.state is Drawing.DRAWING
    window.hide()
    assert view.state is Drawing.NOTHING
    window.show()
    qtbot.waitUntil(lambda: view.state is Drawing.SHOWN, timeout=20_000)
    assert len(view.pages()) == 3
    # The Word file of the next response is its text, under the answer, with no pages tab.
    window.commands.next_action.trigger()
    assert window.current_key() == ("1", "B01", "SV2")
    assert answer.tabs.currentWidget() is answer.browser
    assert not answer.tabs.tabBar().isVisible()
    assert WORD_PLAN in answer.browser.toPlainText()
    assert answer.open_original.isVisible()
    assert not answer.notice.isVisible()


@pytest.mark.parametrize(
    ("data", "why"),
    [
        (pdf_file()[:400], "the file is damaged, or is not a PDF"),
        (pdf_file(password="secret"), "the file is protected by a password"),
        (b"\x89PNG\r\n\x1a\n not a PDF at all", "the file is damaged, or is not a PDF"),
    ],
    ids=["damaged", "password", "another-kind"],
)
def test_a_pdf_that_cannot_be_shown_is_explained_and_its_text_kept(
    qtbot: QtBot, attached_db: tuple[Database, Path], settings: QSettings, data: bytes, why: str
) -> None:
    db, path = attached_db
    replace_file(path, "plan.pdf", data)
    window = workspace_on(qtbot, db, ANN, settings)
    answer = window.answer
    answer.show_pages()
    view = answer.attachment
    qtbot.waitUntil(lambda: view.state is Drawing.NOT_SHOWN, timeout=20_000)
    assert view.stack.currentWidget() is not view.scroller
    assert view.note.isVisible()
    assert view.note.text() == (
        f"The pages of plan.pdf cannot be shown here: {why}. Its text, as far as svdesk "
        "could read it, is under the answer in the Answer tab. Open the original file to "
        "see it as the bidder sent it."
    )
    assert PLAN in answer.browser.toPlainText()
    # Moving on and back works as before.
    window.commands.next_action.trigger()
    window.commands.previous_action.trigger()
    assert window.current_key() == ("1", "B01", "SV1")
    assert answer.tabs.currentWidget() is answer.browser


def test_a_pdf_without_pages_or_text_says_so(qtbot: QtBot) -> None:
    view = AttachmentView()
    qtbot.addWidget(view)
    view.show_pdf("scan.pdf", b"%PDF-1.4\n%%EOF\n", has_text=False)
    qtbot.waitUntil(lambda: view.state is Drawing.NOT_SHOWN, timeout=20_000)
    assert view.note.text() == (
        "The pages of scan.pdf cannot be shown here: the file is damaged, or is not a PDF. "
        "No text could be read from it either. Open the original file to see it as the "
        "bidder sent it."
    )


@OFFSCREEN_MESSAGE_BOXES
def test_a_pdf_slow_to_draw_never_holds_up_the_window(qtbot: QtBot) -> None:
    view = AttachmentView()
    qtbot.addWidget(view)
    view.resize(800, 600)
    view.show()
    view.show_pdf("slow.pdf", slow_pdf(), has_text=True)
    longest = 0.0
    before = time.monotonic()
    for _ in range(100):  # two seconds, in which drawing its one page does not end
        qtbot.wait(20)
        now = time.monotonic()
        longest, before = max(longest, now - before), now
    assert view.state is Drawing.DRAWING
    assert longest < 0.5  # the window kept answering
    view.hide()  # moving elsewhere stops the drawing
    assert view.state is Drawing.NOTHING


def test_the_open_button_is_there_for_every_attachment(
    qtbot: QtBot, attached_db: tuple[Database, Path], settings: QSettings
) -> None:
    db, path = attached_db
    replace_file(path, "plan.docx", b"not a Word file")
    window = workspace_on(qtbot, db, ANN, settings)
    window.go_to(("1", "B01", "SV2"))
    answer = window.answer
    assert answer.open_original.isVisible()
    assert answer.open_original.toolTip()
    qtbot.keyClick(answer.browser, Qt.Key.Key_Down)  # nothing breaks reading it
    assert WORD_PLAN in answer.browser.toPlainText()  # the text read at import stays


def test_pages_too_slow_to_draw_are_given_up_with_a_note(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    from svdesk.ui.workspace import attachment_view

    monkeypatch.setattr(attachment_view, "LONGEST_DRAWING_MS", 500)
    view = AttachmentView()
    qtbot.addWidget(view)
    view.show_pdf("slow.pdf", slow_pdf(), has_text=False)
    qtbot.waitUntil(lambda: view.state is Drawing.NOT_SHOWN, timeout=5000)
    assert view.note.text().startswith(
        "The pages of slow.pdf cannot be shown here: the file took too long to draw. No text "
        "could be read from it either."
    )


def test_a_drawing_that_dies_is_a_note_not_a_crash(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    from svdesk.ui.workspace import attachment_view

    # As PDFium dying on a crafted file would end it.
    monkeypatch.setattr(attachment_view, "_drawer", lambda: ["-c", "import os; os.abort()"])
    view = AttachmentView()
    qtbot.addWidget(view)
    view.show_pdf("crafted.pdf", pdf_file(), has_text=True)
    qtbot.waitUntil(lambda: view.state is Drawing.NOT_SHOWN, timeout=10_000)
    assert view.note.text().startswith(
        "The pages of crafted.pdf cannot be shown here: the file could not be drawn (the "
        "drawing of its pages stopped). Its text, as far as svdesk could read it, is under "
        "the answer"
    )
