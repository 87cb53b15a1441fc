"""Pictures of each main screen, for people to look at (set SVDESK_SCREENSHOTS to a folder)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import QDate
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from svdesk.store.database import Database
from svdesk.ui.dialogs.import_dialog import ImportDialog
from svdesk.ui.main_window import MainWindow
from svdesk.ui.views.navigator import Page, Target
from tests.support.packs import set_cell, valid_sheets, write_pack

TIMEOUT = 30_000

SIZES = {"1366x768": (1366, 768), "1920x1080": (1920, 1080)}


def folder() -> Path | None:
    value = os.environ.get("SVDESK_SCREENSHOTS", "").strip()
    if not value:
        return None
    path = Path(value)
    path.mkdir(parents=True, exist_ok=True)
    return path


def save(widget: QWidget, name: str) -> None:
    for _ in range(3):  # let posted layout requests settle before the picture is taken
        QApplication.processEvents()
    image = widget.grab()
    assert not image.isNull()
    out = folder()
    if out is not None:
        assert image.save(str(out / f"{name}.png"))


@pytest.mark.parametrize("size", list(SIZES))
def test_each_main_screen(qtbot: QtBot, rich_db: Database, size: str) -> None:
    window = MainWindow(rich_db)
    qtbot.addWidget(window)
    window.resize(*SIZES[size])
    window.show()
    assert window.pages is not None
    responses = window.pages.overview.responses

    def response(bidder: str, criterion: str) -> Target:
        r = next(r for r in responses if (r.bidder, r.lot, r.criterion) == (bidder, "1", criterion))
        return Target(Page.RESPONSE, r.lot, r.bidder, r.criterion, r.id)

    screens = {
        "summary": Target(Page.SUMMARY),
        "criteria": Target(Page.CRITERIA, "1", criterion="SV1"),
        "criteria-all-lots": Target(Page.CRITERIA),
        "bidders": Target(Page.BIDDERS),
        "bids": Target(Page.BIDS, "1"),
        "responses": Target(Page.RESPONSES, "1"),
        "reader-over-limit": response("B01", "SV1"),
        "reader-missing": response("B01", "SV2"),
        "reader-attachment": response("B02", "SV1"),
    }
    for name, target in screens.items():
        window.go_to(target)
        save(window, f"{size}-{name}")


def test_the_empty_state_and_the_import_dialog(
    qtbot: QtBot, empty_db: Database, tmp_path: Path
) -> None:
    window = MainWindow(empty_db)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    save(window, "empty")

    sheets = valid_sheets()
    set_cell(sheets, "Criteria", 2, "Weight", "ten")
    set_cell(sheets, "Bidders", 3, "Name", None)
    set_cell(sheets, "Responses", 4, "Criterion", "SV9")
    sheets["Notes"] = [["Anything"]]
    dialog = ImportDialog(empty_db, write_pack(tmp_path / "broken.xlsx", sheets), window)
    qtbot.addWidget(dialog)
    dialog.show()
    with qtbot.waitSignal(dialog.refused, timeout=20_000):
        dialog.start()
    qtbot.waitUntil(lambda: not dialog.is_running())
    save(dialog, "import-refused")

    good = ImportDialog(empty_db, write_pack(tmp_path / "pack.xlsx"), window)
    qtbot.addWidget(good)
    good.show()
    with qtbot.waitSignal(good.imported, timeout=20_000):
        good.start()
    qtbot.waitUntil(lambda: not good.is_running())
    save(good, "import-done")


@pytest.mark.parametrize("size", list(SIZES))
def test_the_results_and_the_letters(
    qtbot: QtBot, demo_db: Database, tmp_path: Path, size: str
) -> None:
    window = MainWindow(demo_db)
    qtbot.addWidget(window)
    window.resize(*SIZES[size])
    window.show()
    screens = {
        "results-all-lots": Target(Page.RESULTS),
        "results-lot-1": Target(Page.RESULTS, "1"),
        "results-lot-2": Target(Page.RESULTS, "2"),
    }
    assert window.pages is not None
    results = window.pages.results
    for name, target in screens.items():
        window.go_to(target)
        qtbot.waitUntil(lambda: not results.is_reading(), timeout=TIMEOUT)
        save(window, f"{size}-{name}")

    dialog = window.open_letters()
    assert dialog is not None
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: not dialog.is_checking(), timeout=TIMEOUT)
    dialog.options.letter_date.setDate(QDate(2026, 12, 21))
    dialog.options.folder_edit.setText(str(tmp_path / "NBC-2026-0417 letters"))
    save(dialog, f"{size}-letters")
    with qtbot.waitSignal(dialog.written, timeout=TIMEOUT):
        dialog.write_button.click()
    qtbot.waitUntil(lambda: not dialog.is_running(), timeout=TIMEOUT)
    save(dialog, f"{size}-letters-written")

    preview = dialog.open_preview()
    qtbot.addWidget(preview)
    preview.choice_box.setCurrentIndex(1)
    qtbot.waitUntil(lambda: preview.path is not None and not preview.is_running(), timeout=TIMEOUT)
    save(preview, f"{size}-letter-preview")
    preview.close()


def test_a_tender_not_ready_for_letters(qtbot: QtBot, tender_db: Database) -> None:
    window = MainWindow(tender_db)
    qtbot.addWidget(window)
    window.resize(*SIZES["1366x768"])
    window.show()
    window.go_to(Target(Page.RESULTS, "1"))
    save(window, "1366x768-results-not-ready")
    dialog = window.open_letters()
    assert dialog is not None
    qtbot.addWidget(dialog)
    save(dialog, "letters-not-ready")
