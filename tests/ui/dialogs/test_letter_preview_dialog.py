from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from pytestqt.qtbot import QtBot

from svdesk.documents.letter_preview import letter_choices, preview_letter
from svdesk.services.refusals import Refused
from svdesk.store.database import Database
from svdesk.ui.dialogs.letter_preview_dialog import LetterPreviewDialog
from svdesk.ui.dialogs.letters_dialog import LettersDialog
from tests.ui.conftest import DEMO_REFERENCE, REFERENCE

TIMEOUT = 30_000
DECEMBER_21 = dt.date(2026, 12, 21)


def preview_for(qtbot: QtBot, db: Database, reference: str) -> LetterPreviewDialog:
    dialog = LetterPreviewDialog(db, reference, letter_choices(db, reference), DECEMBER_21)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_every_bids_letter_can_be_chosen(demo_db: Database) -> None:
    labels = [c.label for c in letter_choices(demo_db, DEMO_REFERENCE)]
    assert labels == [
        "Lot 1 · B01 Moorside Passenger Services Ltd (successful)",
        "Lot 1 · B02 Greenway Mobility CIC (unsuccessful)",
        "Lot 1 · B03 Castlegate Transport Group plc (unsuccessful)",
        "Lot 2 · B04 Oxley Vale Community Transport Community Interest Company (successful)",
        "Lot 2 · B02 Greenway Mobility CIC (unsuccessful)",
        "Lot 2 · B05 Three Dales Accessible Transport Trust (excluded)",
    ]


def test_the_chosen_letter_is_drawn_and_shown_page_by_page(qtbot: QtBot, demo_db: Database) -> None:
    dialog = preview_for(qtbot, demo_db, DEMO_REFERENCE)
    dialog.choice_box.setCurrentIndex(1)  # drawn as soon as chosen
    with qtbot.waitSignal(dialog.rendered, timeout=TIMEOUT) as rendered:
        pass
    qtbot.waitUntil(lambda: not dialog.is_running(), timeout=TIMEOUT)

    first = Path(rendered.args[0])
    assert first.name == "1-B02-Greenway-Mobility-CIC.pdf"
    assert dialog.document.status() == QPdfDocument.Status.Ready
    assert dialog.document.pageCount() >= 1
    assert dialog.view.document() is dialog.document
    assert dialog.view.pageMode() == QPdfView.PageMode.MultiPage
    assert dialog.view.zoomMode() == QPdfView.ZoomMode.FitToWidth
    assert dialog.status.text().startswith("1-B02-Greenway-Mobility-CIC.pdf  ·  ")
    assert dialog.open_button.isEnabled()

    with qtbot.waitSignal(dialog.rendered, timeout=TIMEOUT) as again:
        dialog.choice_box.setCurrentIndex(5)
    qtbot.waitUntil(lambda: not dialog.is_running(), timeout=TIMEOUT)
    assert Path(again.args[0]).name == "2-B05-Three-Dales-Accessible-Transport-Trust.pdf"
    assert not first.exists()  # the earlier preview is not left behind

    dialog.close()
    assert not Path(again.args[0]).exists()
    assert not Path(again.args[0]).parent.exists()


def test_a_tender_not_ready_is_refused_with_its_reasons(qtbot: QtBot, tender_db: Database) -> None:
    dialog = preview_for(qtbot, tender_db, REFERENCE)
    assert dialog.choice_box.itemText(0) == "Lot 1 · B01 Alpha Grounds Ltd (no winner yet)"

    with qtbot.waitSignal(dialog.refused, timeout=TIMEOUT) as refused:
        dialog.start()
    qtbot.waitUntil(lambda: not dialog.is_running(), timeout=TIMEOUT)

    reasons = refused.args[0].reasons
    assert reasons[0].startswith(f"{REFERENCE} is not ready for letters (")
    assert dialog.messages.problems() == reasons
    assert dialog.pages.currentIndex() == 1
    assert dialog.path is None


def test_the_service_refuses_like_write_letters(tender_db: Database) -> None:
    with pytest.raises(Refused) as refused:
        preview_letter(tender_db, REFERENCE, "1", "B01", DECEMBER_21)
    assert refused.value.reasons[0].startswith(f"{REFERENCE} is not ready for letters (")
    assert "Panel: the tender has no evaluators" in refused.value.reasons


def test_the_letters_dialog_previews_with_its_own_dates(qtbot: QtBot, demo_db: Database) -> None:
    letters = LettersDialog(demo_db, DEMO_REFERENCE, today=DECEMBER_21)
    qtbot.addWidget(letters)
    letters.show()
    qtbot.waitUntil(lambda: not letters.is_checking(), timeout=30_000)

    with qtbot.waitSignal(letters.preview_button.clicked):
        letters.preview_button.click()
    preview = letters._preview
    assert preview is not None
    qtbot.addWidget(preview)
    qtbot.waitUntil(lambda: preview.path is not None, timeout=TIMEOUT)
    qtbot.waitUntil(lambda: not preview.is_running(), timeout=TIMEOUT)

    assert preview.document.pageCount() >= 1
    assert preview._letter_date == DECEMBER_21
    assert preview._notice_date == DECEMBER_21
    preview.close()


def test_a_preview_closed_and_deleted_while_drawing_leaves_nothing_behind(
    qtbot: QtBot, demo_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    import threading

    import shiboken6

    import svdesk.documents.letter_preview as letter_preview
    from svdesk.ui.background import background_tasks

    started, go_on = threading.Event(), threading.Event()
    drawn: list[Path] = []
    real = letter_preview.preview_letter

    def slow_preview(*args: Any, **kwargs: Any) -> Path:
        started.set()
        go_on.wait(10)
        path = real(*args, **kwargs)
        drawn.append(path)
        return path

    monkeypatch.setattr(letter_preview, "preview_letter", slow_preview)
    dialog = LetterPreviewDialog(
        demo_db, DEMO_REFERENCE, letter_choices(demo_db, DEMO_REFERENCE), DECEMBER_21
    )
    dialog.show()
    dialog.start()
    assert started.wait(10)
    dialog.hide()
    shiboken6.delete(dialog)  # its parent went, say: the drawing goes on without it
    go_on.set()
    background_tasks().wait_all()

    assert len(drawn) == 1
    assert not drawn[0].exists()  # the letter nobody will see is removed
    assert not drawn[0].parent.exists()
