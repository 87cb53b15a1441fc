"""Bidders' text in the workspace is shown as typed: a name that looks like HTML is never
drawn as HTML, in the declarations, the list, the answer or the comparison."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from svdesk.services.imports import import_pack
from svdesk.services.panel import add_member
from svdesk.store.database import open_database
from tests.support.packs import set_cell, valid_sheets, write_pack
from tests.support.panel_tender import ANN, REF
from tests.ui.conftest import OFFSCREEN_MESSAGE_BOXES
from tests.ui.workspace.conftest import workspace_on

pytestmark = OFFSCREEN_MESSAGE_BOXES
NAME = "<b>X</b><img src=x>"


def labels_showing(widget: QLabel | object, text: str) -> list[QLabel]:
    assert hasattr(widget, "findChildren")
    return [label for label in widget.findChildren(QLabel) if label.text() == text]


def test_a_name_like_html_appears_as_typed(
    qtbot: QtBot, tmp_path: Path, settings: QSettings
) -> None:
    sheets = valid_sheets()
    set_cell(sheets, "Bidders", 2, "Name", NAME)  # B01
    db = open_database(tmp_path / "t.sqlite")
    try:
        import_pack(db, write_pack(tmp_path / "p.xlsx", sheets))
        add_member(db, REF, ANN)
        window = workspace_on(qtbot, db, ANN, settings)
        shown = labels_showing(window.declarations, f"{NAME} (B01)")
        assert len(shown) == 1
        assert shown[0].textFormat() == Qt.TextFormat.PlainText
        for key, (group, _details) in window.declarations.rows.items():
            group.button(0).click()
            assert key in ("B01", "B02")
        window.declarations.save.click()
        assert window.pages.currentWidget() is window.scoring_page
        group = window.list.topLevelItem(0).child(0)  # lot 1, the first bidder
        assert group.text(0) == f"{NAME} (B01)"
        assert window.answer.bidder.text() == f"{NAME} (B01)"
        assert window.answer.bidder.textFormat() == Qt.TextFormat.PlainText
        window.commands.compare_action.trigger()
        headings = labels_showing(window.compare, f"{NAME} (B01)")
        assert headings
        assert all(h.textFormat() == Qt.TextFormat.PlainText for h in headings)
        assert window.compare.bidders.item(0).text() == f"{NAME} (B01)"
        window.close()
    finally:
        db.close()
