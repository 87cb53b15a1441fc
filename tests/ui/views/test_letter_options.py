from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import QDate
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot

from svdesk.domain.model import Regime
from svdesk.domain.standstill import standstill
from svdesk.ui.views.letter_options import LetterOptions, letters_name

DECEMBER_21 = dt.date(2026, 12, 21)


def options_for(
    qtbot: QtBot, regime: Regime = Regime.PROCUREMENT_ACT_2023, today: dt.date = DECEMBER_21
) -> LetterOptions:
    options = LetterOptions(regime, "TST-2026-0001", 6, 2, today)
    qtbot.addWidget(options)  # not shown: it is only ever a part of the Letters dialog
    return options


def test_the_law_and_what_its_letters_are_called(qtbot: QtBot) -> None:
    options = options_for(qtbot)

    assert options.regime_label.text() == "Procurement Act 2023"
    assert options.kind_label.text() == "Assessment summaries (Procurement Act 2023)"
    assert options.count_label.text() == "6 letters: one for each bid in 2 lots"
    assert options.letter_date.date() == QDate(2026, 12, 21)
    assert options.letter_date.calendarPopup()
    assert options.notice_date.isVisibleTo(options)
    assert options.formats() == ("pdf",)
    assert options.folder_edit.text().endswith("TST-2026-0001 letters")
    assert options.template_folder() is None
    assert not options.templates_row.isVisibleTo(options)
    assert letters_name(Regime.SCOTLAND_2015) == (
        "Award decision notices (Public Contracts (Scotland) Regulations 2015)"
    )


def test_the_standstill_end_follows_the_dates(qtbot: QtBot) -> None:
    options = options_for(qtbot, today=dt.date(2026, 12, 1))
    changes: list[bool] = []
    options.changed.connect(lambda: changes.append(True))

    options.letter_date.setDate(QDate(2026, 12, 21))

    assert changes
    assert options.notice_date.date() == QDate(2026, 12, 21)  # follows the letter date
    assert options.dates() == (DECEMBER_21, DECEMBER_21)
    text = options.standstill_label.text()
    assert text.startswith("Standstill ends at")
    assert "midnight at the end of Tuesday 5 January 2027" in text
    assert "8 working days" in options.standstill_label.toolTip()
    assert options.standstill_ok()

    options.notice_date.setDate(QDate(2026, 12, 22))
    later = standstill(Regime.PROCUREMENT_ACT_2023, DECEMBER_21, dt.date(2026, 12, 22))
    assert later.describe() in options.standstill_label.text()

    options.letter_date.setDate(QDate(2026, 12, 18))  # the notice date the user chose stays
    assert options.notice_date.date() == QDate(2026, 12, 22)
    options.letter_date.setDate(QDate(2026, 12, 23))  # never before the letters are sent
    assert options.notice_date.date() == QDate(2026, 12, 23)


def test_under_the_2015_regulations_there_is_no_notice_date(qtbot: QtBot) -> None:
    options = options_for(qtbot, Regime.PCR_2015)

    assert options.kind_label.text() == (
        "Award decision notices (Public Contracts Regulations 2015)"
    )
    assert not options.notice_date.isVisibleTo(options)
    assert options.dates() == (DECEMBER_21, None)
    assert "Thursday 31 December 2026" in options.standstill_label.text()


def test_folders_formats_and_templates(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    chosen = [str(tmp_path / "out"), str(tmp_path / "templates")]
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *_args: chosen.pop(0))
    options = options_for(qtbot)

    options.browse_button.click()
    assert options.folder() == tmp_path / "out"
    options.templates_box.setChecked(True)  # asks for the folder at once
    assert options.templates_row.isVisibleTo(options)
    assert options.template_folder() == tmp_path / "templates"
    options.templates_box.setChecked(False)
    assert options.template_folder() is None
    options.docx_box.setChecked(True)
    assert options.formats() == ("pdf", "docx")
    options.folder_edit.clear()
    assert options.folder() is None

    options.set_editable(False)
    assert not options.letter_date.isEnabled()
    assert not options.browse_button.isEnabled()


def test_working_days_and_the_send_date_under_pcr(qtbot: QtBot) -> None:
    from svdesk.domain.model import Holidays

    options = LetterOptions(
        Regime.PCR_2015,
        "TST-2026-0001",
        6,
        2,
        dt.date(2027, 3, 5),
        holidays=Holidays.NORTHERN_IRELAND,
    )
    qtbot.addWidget(options)
    assert options.send_date.isVisibleTo(options)
    assert options.holidays() is Holidays.NORTHERN_IRELAND
    assert options.holidays_box.currentText() == "Working days in Northern Ireland"
    assert options.holidays_box.count() == 3
    options.letter_date.setDate(QDate(2027, 3, 7))
    assert options.sent_on() == dt.date(2027, 3, 7)  # follows the letter date
    assert "Thursday 18 March 2027" in options.standstill_label.text()  # not St Patrick's Day
    options.holidays_box.setCurrentIndex(0)  # England and Wales
    assert options.holidays() is Holidays.ENGLAND_AND_WALES
    assert "Wednesday 17 March 2027" in options.standstill_label.text()

    options.letter_date.setDate(QDate(2027, 3, 1))  # sent on a day already past
    assert options.sent_on() == dt.date(2027, 3, 1)
    assert "which has passed" in options.standstill_label.text()


def test_under_the_act_the_working_days_are_the_whole_uks(qtbot: QtBot) -> None:
    options = options_for(qtbot)
    assert not options.send_date.isVisibleTo(options)
    assert options.sent_on() is None
    assert not options.holidays_box.isEnabled()
    assert options.holidays_box.currentText() == "Bank holidays anywhere in the United Kingdom"
