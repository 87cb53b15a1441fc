from __future__ import annotations

import csv
import datetime as dt
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QDate, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox
from pytestqt.qtbot import QtBot

import svdesk.documents.letter_batch as letters
from svdesk.domain.model import Regime
from svdesk.services.readiness import readiness_problems
from svdesk.store.database import Database
from svdesk.ui.dialogs.letters_dialog import LettersDialog
from svdesk.ui.theme import BannerKind
from svdesk.ui.views.letter_options import letters_name
from tests.support.threads import threads_calling
from tests.ui.conftest import DEMO_REFERENCE, REFERENCE

TIMEOUT = 30_000
DECEMBER_21 = dt.date(2026, 12, 21)


def dialog_for(
    qtbot: QtBot, db: Database, reference: str, today: dt.date = DECEMBER_21
) -> LettersDialog:
    dialog = LettersDialog(db, reference, today=today)
    qtbot.addWidget(dialog)
    dialog.show()
    # The readiness check (which verifies the audit trail) runs on a worker thread.
    qtbot.waitUntil(lambda: not dialog.is_checking(), timeout=TIMEOUT)
    return dialog


def finish(qtbot: QtBot, dialog: LettersDialog) -> None:
    qtbot.waitUntil(lambda: not dialog.is_running(), timeout=TIMEOUT)


def write(qtbot: QtBot, dialog: LettersDialog) -> Any:
    with qtbot.waitSignal(dialog.written, timeout=TIMEOUT) as written:
        dialog.write_button.click()
    finish(qtbot, dialog)
    return written.args[0]


def test_the_tender_its_law_and_what_its_letters_are_called(
    qtbot: QtBot, demo_db: Database
) -> None:
    dialog = dialog_for(qtbot, demo_db, DEMO_REFERENCE)

    assert dialog.options.regime_label.text() == "Procurement Act 2023"
    assert dialog.options.kind_label.text() == "Assessment summaries (Procurement Act 2023)"
    assert dialog.options.count_label.text() == "6 letters: one for each bid in 2 lots"
    assert DEMO_REFERENCE in dialog.subtitle.text()
    assert dialog.options.letter_date.date() == QDate(2026, 12, 21)
    assert dialog.options.letter_date.calendarPopup()
    assert dialog.options.notice_date.isVisibleTo(dialog)
    assert dialog.options.pdf_box.isChecked()
    assert not dialog.options.docx_box.isChecked()
    assert not dialog.options.templates_row.isVisibleTo(dialog)
    assert dialog.write_button.isEnabled()
    assert dialog.preview_button.isEnabled()
    assert not dialog.messages.isVisibleTo(dialog)
    assert letters_name(Regime.PCR_2015) == (
        "Award decision notices (Public Contracts Regulations 2015)"
    )


def test_a_tender_not_ready_lists_its_problems_and_cannot_be_written(
    qtbot: QtBot, tender_db: Database
) -> None:
    dialog = dialog_for(qtbot, tender_db, REFERENCE)
    problems = readiness_problems(tender_db, REFERENCE)

    assert not dialog.write_button.isEnabled()
    assert not dialog.preview_button.isEnabled()
    assert dialog.banner.kind() is BannerKind.WARNING
    assert f"{REFERENCE} is not ready for letters: {len(problems)} problems" in (
        dialog.banner.text()
    )
    assert dialog.messages.problems() == problems
    assert dialog.messages.isVisibleTo(dialog)

    dialog.copy_button.click()
    assert QApplication.clipboard().text().splitlines() == problems
    assert dialog.copy_button.text() == "Copied"


def test_writes_the_batch_on_a_worker_thread(
    qtbot: QtBot, demo_db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "letters"
    dialog = dialog_for(qtbot, demo_db, DEMO_REFERENCE)
    dialog.options.folder_edit.setText(str(folder))
    dialog.options.docx_box.setChecked(True)
    ui_thread = threading.current_thread()
    threads = threads_calling(monkeypatch, letters, "write_letters")
    batch = write(qtbot, dialog)

    assert threads
    assert threads[0] is not ui_thread
    assert len(batch.letters) == 6
    with (folder / "index.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [(r["lot"], r["bidder"], r["outcome"]) for r in rows][:2] == [
        ("1", "B01", "successful"),
        ("1", "B02", "unsuccessful"),
    ]
    assert (folder / rows[0]["pdf_file"]).read_bytes().startswith(b"%PDF")
    assert (folder / rows[0]["docx_file"]).is_file()
    assert dialog.banner.kind() is BannerKind.SUCCESS
    assert dialog.banner.text() == (
        f"✓  Wrote 6 letters (12 files) to {folder}; standstill ends at midnight at the "
        "end of Tuesday 5 January 2027."
    )
    assert dialog.progress.maximum() == 6
    assert dialog.progress.value() == 6
    assert not dialog.progress.isVisibleTo(dialog)
    assert dialog.write_button.isEnabled()

    opened: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    assert dialog.open_folder_button.isVisibleTo(dialog)
    dialog.open_folder_button.click()
    assert [Path(url.toLocalFile()) for url in opened] == [folder]


def test_an_earlier_batch_is_replaced_when_confirmed_and_kept_aside(
    qtbot: QtBot, demo_db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "letters"
    dialog = dialog_for(qtbot, demo_db, DEMO_REFERENCE)
    dialog.options.folder_edit.setText(str(folder))
    first = write(qtbot, dialog)
    first_index = (folder / "index.csv").read_bytes()
    asked: list[tuple[str, str]] = []

    def question(_parent: Any, title: str, text: str, *_args: Any) -> QMessageBox.StandardButton:
        asked.append((title, text))
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", question)
    dialog.options.letter_date.setDate(QDate(2026, 12, 22))
    second = write(qtbot, dialog)

    assert [title for title, _ in asked] == ["Replace the earlier batch?"]
    assert str(folder) in asked[0][1]
    assert second.superseded is not None
    assert second.superseded.parent == folder
    assert second.superseded.name.startswith("superseded-")
    assert (second.superseded / "index.csv").read_bytes() == first_index
    assert {p.name for p in first.paths} <= {p.name for p in second.superseded.iterdir()}
    assert (folder / "index.csv").read_bytes() != first_index
    assert f"The earlier batch was moved to {second.superseded}" in dialog.banner.text()


def test_declining_to_replace_writes_nothing(
    qtbot: QtBot, demo_db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "letters"
    dialog = dialog_for(qtbot, demo_db, DEMO_REFERENCE)
    dialog.options.folder_edit.setText(str(folder))
    write(qtbot, dialog)
    before = sorted(p.name for p in folder.iterdir())
    monkeypatch.setattr(QMessageBox, "question", lambda *_args: QMessageBox.StandardButton.Cancel)

    dialog.write_button.click()
    qtbot.waitUntil(
        lambda: "still holds the earlier batch" in dialog.banner.text(), timeout=TIMEOUT
    )
    finish(qtbot, dialog)

    assert sorted(p.name for p in folder.iterdir()) == before
    assert dialog.banner.kind() is BannerKind.INFO


def test_another_refusal_is_said_even_where_the_folder_holds_a_batch(
    qtbot: QtBot, demo_db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "letters"
    dialog = dialog_for(qtbot, demo_db, DEMO_REFERENCE)
    dialog.options.folder_edit.setText(str(folder))
    write(qtbot, dialog)
    before = sorted(p.name for p in folder.iterdir())
    asked: list[str] = []

    def question(_parent: Any, title: str, *_args: Any) -> QMessageBox.StandardButton:
        asked.append(title)
        return QMessageBox.StandardButton.Cancel

    monkeypatch.setattr(QMessageBox, "question", question)
    missing = tmp_path / "no-such-templates"
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *_args: str(missing))
    dialog.options.templates_box.setChecked(True)
    with qtbot.waitSignal(dialog.refused, timeout=TIMEOUT):
        dialog.write_button.click()
    finish(qtbot, dialog)

    # One reason, and an earlier batch in the folder: still not a question of replacing it.
    assert asked == []
    assert dialog.banner.kind() is BannerKind.ERROR
    assert dialog.messages.problems() == [f"The letter template folder {missing} does not exist"]
    assert sorted(p.name for p in folder.iterdir()) == before


def test_the_services_reasons_are_listed_when_it_refuses(
    qtbot: QtBot, demo_db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    missing = tmp_path / "no-such-templates"
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *_args: str(missing))
    dialog = dialog_for(qtbot, demo_db, DEMO_REFERENCE)
    dialog.options.folder_edit.setText(str(tmp_path / "letters"))

    dialog.options.templates_box.setChecked(True)  # asks for the folder at once
    assert dialog.options.templates_row.isVisibleTo(dialog)
    assert dialog.options.template_folder() == missing
    with qtbot.waitSignal(dialog.refused, timeout=TIMEOUT):
        dialog.write_button.click()
    finish(qtbot, dialog)

    assert dialog.banner.kind() is BannerKind.ERROR
    assert "Nothing was written" in dialog.banner.text()
    assert dialog.messages.problems() == [f"The letter template folder {missing} does not exist"]
    assert not (tmp_path / "letters").exists()


def test_a_letterhead_logo_is_chosen_and_drawn_on_every_letter(
    qtbot: QtBot, demo_db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PIL import Image
    from pypdf import PdfReader

    logo = tmp_path / "crest.png"
    Image.new("RGB", (160, 80), (31, 58, 95)).save(logo)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *_args: (str(logo), ""))
    folder = tmp_path / "letters"
    dialog = dialog_for(qtbot, demo_db, DEMO_REFERENCE)
    dialog.options.folder_edit.setText(str(folder))
    assert dialog.options.logo() is None
    assert not dialog.options.logo_row.isVisibleTo(dialog)

    dialog.options.logo_box.setChecked(True)  # asks for the image at once
    assert dialog.options.logo_row.isVisibleTo(dialog)
    assert dialog.options.logo() == logo
    batch = write(qtbot, dialog)

    assert len(batch.paths) == 6
    for path in batch.paths:
        objects = PdfReader(path).pages[0]["/Resources"]["/XObject"].values()
        assert [x.get_object()["/Subtype"] for x in objects] == ["/Image"]


def test_a_logo_that_is_not_an_image_is_refused_and_nothing_written(
    qtbot: QtBot, demo_db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    not_image = tmp_path / "crest.png"
    not_image.write_text("a crest", encoding="utf-8")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *_args: (str(not_image), ""))
    dialog = dialog_for(qtbot, demo_db, DEMO_REFERENCE)
    dialog.options.folder_edit.setText(str(tmp_path / "letters"))
    dialog.options.logo_box.setChecked(True)

    with qtbot.waitSignal(dialog.refused, timeout=TIMEOUT):
        dialog.write_button.click()
    finish(qtbot, dialog)
    assert dialog.messages.problems() == [
        f"The logo {not_image} is not an image: give a PNG or JPEG file"
    ]
    assert not (tmp_path / "letters").exists()


def test_write_needs_a_folder_and_a_format(qtbot: QtBot, demo_db: Database, tmp_path: Path) -> None:
    dialog = dialog_for(qtbot, demo_db, DEMO_REFERENCE)
    assert dialog.write_button.isEnabled()

    dialog.options.folder_edit.clear()
    assert not dialog.write_button.isEnabled()
    dialog.options.folder_edit.setText(str(tmp_path))
    dialog.options.pdf_box.setChecked(False)
    assert not dialog.write_button.isEnabled()  # no format chosen
    dialog.options.docx_box.setChecked(True)
    assert dialog.write_button.isEnabled()


def _fake_write(
    steps: Callable[[Callable[[int, int, str], None]], Any],
) -> Callable[..., Any]:
    def fake(*_args: Any, **_kwargs: Any) -> Any:
        return steps(_kwargs["progress"])

    return fake


def test_cancel_while_writing_stops_and_writes_nothing(
    qtbot: QtBot, demo_db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    started = threading.Event()
    go_on = threading.Event()

    def steps(progress: Callable[[int, int, str], None]) -> Any:
        progress(1, 6, "1-B01-Moorside-Passenger-Services-Ltd.pdf")
        started.set()
        go_on.wait(10)
        progress(2, 6, "1-B02-Greenway-Mobility-CIC.pdf")  # the worker stops here
        raise AssertionError("not reached")

    monkeypatch.setattr(letters, "write_letters", _fake_write(steps))
    dialog = dialog_for(qtbot, demo_db, DEMO_REFERENCE)
    dialog.options.folder_edit.setText(str(tmp_path / "letters"))
    dialog.write_button.click()
    qtbot.waitUntil(started.is_set, timeout=TIMEOUT)
    qtbot.waitUntil(lambda: dialog.progress.value() == 1, timeout=TIMEOUT)
    assert dialog.close_button.text() == "Cancel"
    assert not dialog.write_button.isEnabled()
    assert not dialog.options.letter_date.isEnabled()

    dialog.close_button.click()  # cancels rather than closes
    go_on.set()
    finish(qtbot, dialog)
    qtbot.waitUntil(lambda: dialog.banner.text().startswith("Cancelled"), timeout=TIMEOUT)

    assert dialog.isVisible()
    assert dialog.close_button.text() == "Close"
    assert dialog.batch is None


def test_the_readiness_check_runs_off_the_window_thread_and_holds_back_the_letters(
    qtbot: QtBot, demo_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    import svdesk.services.readiness as readiness

    threads = threads_calling(monkeypatch, readiness, "trail_check")
    dialog = LettersDialog(demo_db, DEMO_REFERENCE, today=DECEMBER_21)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.is_checking()
    assert "Checking that the tender is ready for letters" in dialog.banner.text()
    assert not dialog.write_button.isEnabled()
    assert not dialog.preview_button.isEnabled()
    qtbot.waitUntil(lambda: not dialog.is_checking(), timeout=TIMEOUT)
    assert threads
    assert all(thread is not threading.main_thread() for thread in threads)
    assert dialog.is_ready()
    assert dialog.preview_button.isEnabled()


def test_a_record_changed_outside_svdesk_blocks_the_letters(
    qtbot: QtBot, demo_db: Database
) -> None:
    import sqlite3

    with sqlite3.connect(demo_db.location) as connection:
        connection.execute("UPDATE bid SET price_score = '40' WHERE id = 1")
    connection.close()
    dialog = dialog_for(qtbot, demo_db, DEMO_REFERENCE)
    assert not dialog.is_ready()
    assert not dialog.write_button.isEnabled()
    assert any(
        p.startswith("Audit trail: the bid lot 1 / B01 differs") for p in dialog._problems or []
    )
