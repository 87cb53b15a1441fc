"""Whose holidays the letters count, the day they are sent, and a warning when it is past.

Letters are read back from the PDF and the Word file. The Northern Ireland dates are the
issue's: a PCR letter of 7 March 2027 from an NI authority ends on 18 March, not on St
Patrick's Day; one of 30 June 2027 ends on 13 July, not on the Battle of the Boyne holiday.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from docx import Document
from pypdf import PdfReader

from svdesk.cli import main
from svdesk.documents.letter_batch import write_letters
from svdesk.domain.model import Holidays
from svdesk.services.audit_trail import audit_entries, verify
from svdesk.services.holiday_setting import set_holidays
from svdesk.services.refusals import Refused
from svdesk.services.tenders import tender_overview
from svdesk.store.database import Database
from tests.support.letter_tenders import REF, make_tender
from tests.support.snapshot import snapshot

NI = Holidays.NORTHERN_IRELAND
BEFORE = dt.date(2027, 1, 1)  # "today" in these tests: before every letter date


def squash(text: str) -> str:
    return " ".join(text.split())


def both_texts(folder: Path, stem: str) -> list[str]:
    pdf = " ".join(p.extract_text() for p in PdfReader(folder / f"{stem}.pdf").pages)
    docx = " ".join(p.text for p in Document(str(folder / f"{stem}.docx")).paragraphs)
    return [squash(pdf), squash(docx)]


@pytest.fixture
def pcr(tmp_path: Path) -> Database:
    return make_tender(tmp_path, "pcr-2015")


@pytest.mark.parametrize(
    ("letter", "ends"),
    [
        (dt.date(2027, 3, 7), "Thursday 18 March 2027"),
        (dt.date(2027, 6, 30), "Tuesday 13 July 2027"),
        (dt.date(2027, 7, 2), "Tuesday 13 July 2027"),
    ],
)
def test_a_northern_ireland_authority_counts_its_own_holidays(
    pcr: Database, tmp_path: Path, letter: dt.date, ends: str
) -> None:
    out = tmp_path / "out"
    batch = write_letters(pcr, REF, out, letter, formats=("pdf", "docx"), holidays=NI, today=BEFORE)
    assert batch.standstill_ends == f"midnight at the end of {ends}"
    assert batch.holidays is NI
    for text in both_texts(out, "1-B01-Alpha-Grounds-Ltd"):
        assert f"midnight at the end of {ends}" in text
        assert "is not a working day in Northern Ireland, of the next day that is" in text
    # Kept on the tender, and recorded in the trail with the setting it replaced.
    assert tender_overview(pcr, REF).tender.holidays is NI
    entry = next(e for e in audit_entries(pcr, REF) if e.entity == "holiday setting")
    assert (entry.action, entry.old, entry.new) == (
        "set",
        "england-and-wales (the regime's default)",
        "northern-ireland",
    )
    assert verify(pcr, REF) == []


def test_the_default_is_england_and_wales_and_the_uk_setting_is_stated(
    pcr: Database, tmp_path: Path
) -> None:
    default = write_letters(pcr, REF, tmp_path / "a", dt.date(2027, 3, 7), today=BEFORE)
    assert default.standstill_ends == "midnight at the end of Wednesday 17 March 2027"
    assert default.holidays is Holidays.ENGLAND_AND_WALES
    uk = write_letters(
        pcr,
        REF,
        tmp_path / "b",
        dt.date(2027, 3, 7),
        formats=("pdf", "docx"),
        holidays=Holidays.UNITED_KINGDOM,
        today=BEFORE,
    )
    assert uk.standstill_ends == "midnight at the end of Thursday 18 March 2027"
    for text in both_texts(tmp_path / "b", "1-B02-Beta-Services-plc"):
        assert "not a working day in every part of the United Kingdom" in text


def test_a_setting_the_regime_does_not_allow_changes_nothing(tmp_path: Path) -> None:
    db = make_tender(tmp_path, "scotland-2015")
    before = snapshot(tmp_path / "scotland-2015.sqlite")
    with pytest.raises(Refused, match="Scotland or the United Kingdom"):
        write_letters(db, REF, tmp_path / "out", dt.date(2027, 3, 7), holidays=NI)
    with pytest.raises(Refused, match="cannot count Northern Ireland's holidays"):
        set_holidays(db, REF, NI)
    assert snapshot(tmp_path / "scotland-2015.sqlite") == before
    assert not (tmp_path / "out").exists()
    assert set_holidays(db, REF, Holidays.UNITED_KINGDOM) is True
    assert set_holidays(db, REF, Holidays.UNITED_KINGDOM) is False  # no second entry


def test_pcr_letters_take_a_send_date(pcr: Database, tmp_path: Path) -> None:
    out = tmp_path / "out"
    batch = write_letters(
        pcr,
        REF,
        out,
        dt.date(2027, 3, 5),
        formats=("pdf", "docx"),
        send_date=dt.date(2027, 3, 7),
        holidays=NI,
        today=BEFORE,
    )
    assert batch.send_date == dt.date(2027, 3, 7)
    assert batch.standstill_ends == "midnight at the end of Thursday 18 March 2027"
    for text in both_texts(out, "1-B01-Alpha-Grounds-Ltd"):
        assert "5 March 2027" in text  # the date the letter carries
        assert "sent by electronic means on Sunday 7 March 2027" in text
    with pytest.raises(Refused, match="before the letter date"):
        write_letters(pcr, REF, tmp_path / "x", dt.date(2027, 3, 5), send_date=dt.date(2027, 3, 4))


def test_letters_written_after_the_date_they_carry_are_warned_about(
    pcr: Database, tmp_path: Path
) -> None:
    on_time = write_letters(
        pcr, REF, tmp_path / "a", dt.date(2027, 3, 5), today=dt.date(2027, 3, 5)
    )
    assert not any(n.startswith("Warning") for n in on_time.notes)
    late = write_letters(pcr, REF, tmp_path / "b", dt.date(2027, 3, 5), today=dt.date(2027, 3, 6))
    warning = next(n for n in late.notes if n.startswith("Warning"))
    assert "sent on Friday 5 March 2027" in warning
    assert "written on Saturday 6 March 2027" in warning
    assert "ends later than they state" in warning


def test_the_act_ignores_a_send_date_with_a_note(tmp_path: Path) -> None:
    db = make_tender(tmp_path)
    batch = write_letters(
        db, REF, tmp_path / "out", dt.date(2026, 12, 21), send_date=dt.date(2026, 12, 22)
    )
    assert batch.send_date is None
    assert batch.notes[0].startswith("The send date was ignored")
    assert batch.standstill_ends == "midnight at the end of Tuesday 5 January 2027"


def test_check_and_letters_commands_show_the_setting(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    make_tender(tmp_path, "pcr-2015").close()
    db = ["--db", str(tmp_path / "pcr-2015.sqlite")]
    assert main([*db, "check", "--tender", REF]) == 0
    out = capsys.readouterr().out
    assert "counted in working days in England and Wales" in out
    assert "Public Contracts Regulations 2015 default" in out
    code = main(
        [
            *db,
            "letters",
            "--tender",
            REF,
            "--out",
            str(tmp_path / "out"),
            "--date",
            "2099-03-06",
            "--send-date",
            "2099-03-07",
            "--holidays",
            "Northern Ireland",
        ]
    )
    assert code == 0
    out = capsys.readouterr().out
    assert "to be sent on Saturday 7 March 2099" in out
    assert "counted in working days in Northern Ireland" in out
    assert main([*db, "check", "--tender", REF]) == 0
    assert "Northern Ireland (the tender's setting" in capsys.readouterr().out
    code = main(
        [*db, "letters", "--tender", REF, "--out", str(tmp_path / "x"), "--holidays", "Wales"]
    )
    assert code == 1
    err = capsys.readouterr().err
    assert "'Wales' is not one the Public Contracts Regulations 2015 allows" in err
    assert "england-and-wales, northern-ireland, united-kingdom" in err


def test_the_pack_may_give_the_holiday_setting(tmp_path: Path) -> None:
    def in_northern_ireland(sheets: dict[str, list[list[object]]]) -> None:
        sheets["Tender"].append(["Holidays", "Northern-Ireland"])

    db = make_tender(tmp_path, "pcr-2015", edit=in_northern_ireland)
    assert tender_overview(db, REF).tender.holidays is NI
    batch = write_letters(db, REF, tmp_path / "out", dt.date(2027, 3, 7), today=BEFORE)
    assert batch.standstill_ends == "midnight at the end of Thursday 18 March 2027"


def test_a_pack_holiday_setting_the_regime_does_not_allow_is_an_error(tmp_path: Path) -> None:
    from svdesk.services.imports import check_pack
    from tests.support.letter_tenders import sheets
    from tests.support.packs import write_pack

    pack = sheets("scotland-2015")
    pack["Tender"].append(["Holidays", "northern-ireland"])
    _name, result = check_pack(write_pack(tmp_path / "p.xlsx", pack))
    assert result.pack is None
    messages = [str(issue) for issue in result.errors]
    assert any(
        "Holidays must be one of 'scotland', 'united-kingdom' under the Public Contracts "
        "(Scotland) Regulations 2015, got 'northern-ireland'" in m
        for m in messages
    ), messages
