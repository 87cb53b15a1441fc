from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QMessageBox
from pytestqt.qtbot import QtBot

from svdesk import __version__
from svdesk.store.database import Database
from svdesk.ui.views.navigator import Page, Target
from tests.support.packs import set_cell, valid_sheets, write_pack
from tests.ui.conftest import ATTACHED_TEXT, REFERENCE, MakeDb, window_on

TIMEOUT = 20_000


def test_opens_on_the_tender_summary(qtbot: QtBot, tender_db: Database) -> None:
    window = window_on(qtbot, tender_db)

    assert window.pages is not None
    assert window.navigator is not None
    assert window.current_reference == REFERENCE
    assert window.pages.currentWidget() is window.pages.summary
    summary = window.pages.summary
    assert summary.title.text() == "Grounds Maintenance"
    weights = [part[:2] for part in summary.weightings.bar._parts]
    assert [(name, int(value)) for name, value in weights] == [
        ("Price", 40),
        ("Quality", 40),
        ("Social value", 20),
    ]
    assert window.windowTitle() == f"{REFERENCE} — Grounds Maintenance · svdesk"
    assert window.navigator.current_target() == Target(Page.SUMMARY)
    assert str(tender_db.location) in window.database_label.text()
    assert window.size().width() == 1280
    assert window.size().height() == 800


def test_the_navigator_lists_lots_criteria_and_bidders(qtbot: QtBot, tender_db: Database) -> None:
    window = window_on(qtbot, tender_db)
    navigator = window.navigator
    assert navigator is not None

    for target in (
        Target(Page.BIDS, "1"),
        Target(Page.BIDS, "2"),
        Target(Page.CRITERIA, "1"),
        Target(Page.CRITERIA, "2", criterion="SV2"),
        Target(Page.BIDDERS, bidder="B02"),
    ):
        assert navigator.item_for(target) is not None, target


def test_choosing_in_the_navigator_shows_the_page(qtbot: QtBot, tender_db: Database) -> None:
    window = window_on(qtbot, tender_db)
    assert window.navigator is not None
    assert window.pages is not None

    window.navigator.setCurrentItem(window.navigator.item_for(Target(Page.CRITERIA, "2")))
    assert window.pages.currentWidget() is window.pages.criteria
    assert window.pages.criteria.model.rowCount() == 2

    window.navigator.setCurrentItem(window.navigator.item_for(Target(Page.BIDDERS, bidder="B02")))
    assert window.pages.currentWidget() is window.pages.bidders
    assert window.pages.bidders.selected_row() == 1

    window.commands.go_actions["summary"].trigger()
    assert window.pages.currentWidget() is window.pages.summary


def test_opening_an_answer_from_the_table_reads_it_and_follows_in_the_navigator(
    qtbot: QtBot, tender_db: Database
) -> None:
    window = window_on(qtbot, tender_db)
    assert window.navigator is not None
    assert window.pages is not None
    window.go_to(Target(Page.RESPONSES, "1"))
    window.pages.responses.row_activated.emit(0)

    reader = window.pages.reader
    assert window.pages.currentWidget() is reader
    first = reader.current()
    assert first is not None
    assert (first.bidder, first.criterion) == ("B01", "SV1")

    reader.next_bidder.trigger()
    current = reader.current()
    assert current is not None
    assert current.bidder == "B02"
    assert window.navigator.current_target() == window.navigator.response_target(current.id)


def test_the_reader_keys_only_act_while_the_reader_is_shown(
    qtbot: QtBot, tender_db: Database
) -> None:
    window = window_on(qtbot, tender_db)
    assert window.pages is not None
    assert not window.pages.reader.next_bidder.isEnabled()
    window.go_to(Target(Page.RESPONSE, response_id=window.pages.overview.responses[0].id))
    assert window.pages.reader.next_bidder.isEnabled()


def test_an_empty_database_invites_an_import(qtbot: QtBot, empty_db: Database) -> None:
    window = window_on(qtbot, empty_db)
    assert window.pages is not None

    assert window.pages.currentWidget() is window.pages.empty
    assert window.pages.empty.title.text() == "No tender yet"
    assert window.pages.empty.import_file.text() == "Import a tender pack…"
    assert "svdesk demo" in window.pages.empty.hint.text()
    assert not window.commands.go_actions["criteria"].isEnabled()


def test_import_from_the_menu_then_shows_the_tender(
    qtbot: QtBot, empty_db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pack = write_pack(tmp_path / "pack.xlsx")
    asked: list[str] = []

    def get_open_file_name(_parent: Any, caption: str, _dir: str, filters: str) -> tuple[str, str]:
        asked.append(filters)
        return str(pack), filters

    monkeypatch.setattr(QFileDialog, "getOpenFileName", get_open_file_name)
    window = window_on(qtbot, empty_db)

    window.commands.import_action.trigger()
    dialog = window._import_dialog
    assert dialog is not None
    qtbot.waitUntil(lambda: window.current_reference == REFERENCE, timeout=TIMEOUT)
    qtbot.waitUntil(lambda: not dialog.is_running(), timeout=TIMEOUT)

    assert asked == ["Tender packs (*.xlsx *.zip *.json);;All files (*)"]
    assert window.pages is not None
    assert window.pages.currentWidget() is window.pages.summary
    assert window.pages.summary.title.text() == "Grounds Maintenance"
    dialog.close()


def test_import_a_folder(
    qtbot: QtBot, empty_db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "pack"
    folder.mkdir()
    write_pack(folder / "pack.xlsx")
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *_args: str(folder))
    window = window_on(qtbot, empty_db)

    window.commands.import_folder_action.trigger()
    qtbot.waitUntil(lambda: window.current_reference == REFERENCE, timeout=TIMEOUT)
    assert window._import_dialog is not None
    qtbot.waitUntil(lambda: not window._import_dialog.is_running(), timeout=TIMEOUT)


def test_several_tenders_can_be_chosen_in_the_toolbar(qtbot: QtBot, make_db: MakeDb) -> None:
    db = make_db()
    second = valid_sheets()
    set_cell(second, "Tender", 2, "Value", "TST-2026-0002")
    set_cell(second, "Tender", 3, "Value", "Street Cleansing")
    from svdesk.services.imports import import_pack

    import_pack(db, write_pack(Path(str(db.location)).parent / "second.xlsx", second))
    window = window_on(qtbot, db)

    chooser = window.commands.tender_chooser
    items = [chooser.itemText(i) for i in range(chooser.count())]
    assert items == [
        "TST-2026-0002 — Street Cleansing",
        "TST-2026-0001 — Grounds Maintenance",
    ]
    assert window.commands.tender_chooser_actions[1].isVisible()
    chooser.activated.emit(1)
    assert window.current_reference == REFERENCE


def test_open_original_writes_the_file_and_opens_it(
    qtbot: QtBot, rich_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    window = window_on(qtbot, rich_db)
    assert window.pages is not None
    response = next(r for r in window.pages.overview.responses if r.attachment is not None)
    window.go_to(Target(Page.RESPONSE, response_id=response.id))

    window.pages.reader.open_original.click()

    assert len(opened) == 1
    path = Path(opened[0].toLocalFile())
    assert path.name == "beta-sv1.txt"
    assert path.read_text(encoding="utf-8") == ATTACHED_TEXT
    window.close()
    assert not path.exists()


def test_about_names_the_version_and_the_database(
    qtbot: QtBot, tender_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "about", lambda _p, _t, text: shown.append(text))
    window = window_on(qtbot, tender_db)

    window.commands.about_action.trigger()

    assert __version__ in shown[0]
    assert str(tender_db.location) in shown[0]


def test_a_file_that_is_not_a_database_is_refused_with_a_message(
    qtbot: QtBot, tender_db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    not_a_database = tmp_path / "notes.sqlite"
    not_a_database.write_text("just some notes", encoding="utf-8")
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda _p, _t, text: shown.append(text))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *_args: (str(not_a_database), ""))
    window = window_on(qtbot, tender_db)

    window.commands.open_database_action.trigger()

    assert len(shown) == 1
    assert "not an svdesk database" in shown[0]
    assert window.database is tender_db
    assert window.current_reference == REFERENCE


def test_menus_and_keys(qtbot: QtBot, tender_db: Database) -> None:
    window = window_on(qtbot, tender_db)
    assert window.pages is not None
    commands = window.commands
    menus = [action.text() for action in window.menuBar().actions()]
    assert menus == ["&File", "&Evaluation", "&View", "&Help"]
    for menu_action in window.menuBar().actions():
        menu = menu_action.menu()
        assert menu is not None
        keys = [
            a.text().split("&", 1)[1][0].lower()
            for a in menu.actions()
            if not a.isSeparator() and "&" in a.text()
        ]
        assert len(keys) == len(set(keys)), f"{menu_action.text()} repeats a key: {keys}"
    assert commands.import_action.shortcut().toString() == "Ctrl+I"
    assert commands.quit_action.shortcut().toString() == "Ctrl+Q"
    reader = window.pages.reader
    assert reader.next_bidder.shortcut().toString() == "Alt+Right"
    assert reader.previous_bidder.shortcut().toString() == "Alt+Left"
    assert reader.next_bidder in commands.view_menu.actions()
    assert not commands.import_action.icon().isNull()


def test_letters_from_the_file_menu_and_the_toolbar(qtbot: QtBot, make_db: MakeDb) -> None:
    window = window_on(qtbot, make_db())
    commands = window.commands
    file_menu = window.menuBar().actions()[0].menu()
    assert file_menu is not None

    assert commands.letters_action in file_menu.actions()
    assert commands.letters_action in commands.toolbar.actions()
    assert commands.letters_action.shortcut().toString() == "Ctrl+L"
    assert commands.letters_action.isEnabled()

    commands.letters_action.trigger()
    dialog = window._letters_dialog
    assert dialog is not None
    qtbot.addWidget(dialog)
    assert dialog.isVisible()
    assert not dialog.write_button.isEnabled()  # the tender has no scores yet
    dialog.close()


def test_no_letters_without_a_tender(qtbot: QtBot, empty_db: Database) -> None:
    window = window_on(qtbot, empty_db)

    assert not window.commands.letters_action.isEnabled()
    assert window.open_letters() is None


def test_the_results_of_every_lot_are_a_key_away(qtbot: QtBot, tender_db: Database) -> None:
    window = window_on(qtbot, tender_db)
    assert window.pages is not None
    action = window.commands.go_actions["results"]
    assert action.shortcut().toString() == "Ctrl+5"

    action.trigger()

    assert window.pages.currentWidget() is window.pages.results
    assert window.pages.results.title.text() == "Results"
