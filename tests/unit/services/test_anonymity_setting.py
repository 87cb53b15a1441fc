"""The tender's anonymity choices: read from the pack (an optional field; old packs keep
reading), changed with a trail entry, written back into a pre-filled template, and
honoured by the consensus workbook's headers."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from openpyxl import load_workbook

from svdesk.domain.evaluation_rules import PanelRole
from svdesk.services.anonymity_setting import AnonymityChoices, anonymity_choices, set_anonymity
from svdesk.services.imports import check_pack, import_pack
from svdesk.services.panel import Declaration, add_member
from svdesk.services.refusals import Refused
from svdesk.services.scoring import ScoreEntry, submit_scores
from svdesk.services.templates import write_pack_template
from svdesk.services.tenders import tender_overview
from svdesk.sheets.consensus_sheet import write_consensus_template
from svdesk.store.database import Database, open_database
from tests.support.packs import Sheets, valid_sheets, write_pack

REF = "TST-2026-0001"
WHY = "Specific local jobs with dates, but thin on how they will be measured."


def with_choices(hide: object, anonymous: object) -> Sheets:
    sheets = valid_sheets()
    sheets["Tender"] += [
        ["Hide bidders on shared screen", hide],
        ["Anonymous evaluators", anonymous],
    ]
    return sheets


@pytest.fixture
def db(tmp_path: Path) -> Database:
    database = open_database(tmp_path / "t.sqlite")
    import_pack(database, write_pack(tmp_path / "pack.xlsx"))
    return database


def trail(db: Database) -> list[tuple[str, str, str, str, str | None, str | None]]:
    with sqlite3.connect(db.location) as connection:
        rows = connection.execute(
            "SELECT actor, action, entity, entity_key, old_value, new_value FROM audit_event "
            "WHERE entity = 'anonymity choice' ORDER BY id"
        ).fetchall()
    connection.close()
    return rows


def test_an_old_pack_without_the_fields_names_everyone(db: Database) -> None:
    assert anonymity_choices(db, REF) == AnonymityChoices(False, False)
    tender = tender_overview(db, REF).tender
    assert not tender.hide_bidders_on_screen
    assert not tender.anonymous_evaluators


def test_the_pack_gives_the_choices(tmp_path: Path) -> None:
    db = open_database(tmp_path / "t.sqlite")
    import_pack(db, write_pack(tmp_path / "pack.xlsx", with_choices("Yes", "Y")))
    assert anonymity_choices(db, REF) == AnonymityChoices(True, True)
    assert trail(db) == []  # given by the pack, not changed since


def test_a_choice_that_is_not_yes_or_no_is_an_error_of_the_pack(tmp_path: Path) -> None:
    _name, result = check_pack(write_pack(tmp_path / "pack.xlsx", with_choices("perhaps", "")))
    assert [str(e) for e in result.errors] == [
        "Tender!B12: Hide bidders on shared screen must be yes or no (Y, Yes, True, 1, N, No, False, 0, or blank for no), "
        "got 'perhaps'"
    ]


def test_a_change_is_kept_and_recorded_with_who_made_it(db: Database) -> None:
    kept = set_anonymity(db, REF, hide_bidders_on_screen=True, actor="Mo  Derator")
    assert kept == AnonymityChoices(True, False)
    assert anonymity_choices(db, REF) == kept
    again = set_anonymity(db, REF, hide_bidders_on_screen=True, anonymous_evaluators=True)
    assert again == AnonymityChoices(True, True)
    rows = trail(db)
    assert rows[0] == (
        "Mo Derator",
        "set",
        "anonymity choice",
        "hide bidders on shared screen",
        '"no"',
        '"yes"',
    )
    # The unchanged choice is not recorded again.
    assert [r[3] for r in rows] == [
        "hide bidders on shared screen",
        "anonymous evaluators in consensus workbook",
    ]


def test_an_unknown_tender_is_refused(db: Database) -> None:
    with pytest.raises(Refused, match="NOPE"):
        set_anonymity(db, "NOPE", hide_bidders_on_screen=True)


def test_a_pre_filled_template_carries_the_choices(db: Database, tmp_path: Path) -> None:
    set_anonymity(db, REF, hide_bidders_on_screen=True, anonymous_evaluators=True)
    template = write_pack_template(tmp_path / "again.xlsx", db=db, reference=REF)
    _name, result = check_pack(template)
    assert result.errors == []
    assert result.pack is not None
    assert result.pack.tender.hide_bidders_on_screen
    assert result.pack.tender.anonymous_evaluators


def submitted(db: Database) -> Database:
    entries = {
        name: [
            ScoreEntry(lot, bidder, code, 50, f"{name}: {WHY}")
            for lot, bidder, code in (
                ("1", "B01", "SV1"),
                ("1", "B01", "SV2"),
                ("1", "B02", "SV1"),
                ("1", "B02", "SV2"),
                ("2", "B02", "SV1"),
                ("2", "B02", "SV2"),
            )
        ]
        for name in ("Ann Evaluator", "Ben Evaluator")
    }
    for name, scores in entries.items():
        add_member(db, REF, name)
        submit_scores(db, REF, name, scores, [Declaration("B01", False), Declaration("B02", False)])
    add_member(db, REF, "Mo Derator", PanelRole.MODERATOR)
    return db


def consensus_text(db: Database, path: Path) -> tuple[list[str], str]:
    book = load_workbook(write_consensus_template(db, REF, path))
    header = [str(c.value) for c in book["Consensus"][1]]
    everything = "\n".join(
        str(value)
        for sheet in book.worksheets
        for row in sheet.iter_rows(values_only=True)
        for value in row
        if value is not None
    )
    return header, everything


def test_the_consensus_workbook_names_evaluators_by_default(db: Database, tmp_path: Path) -> None:
    header, _ = consensus_text(submitted(db), tmp_path / "c.xlsx")
    assert "Ann Evaluator score" in header


def test_the_consensus_workbook_names_evaluators_by_letter_when_chosen(
    db: Database, tmp_path: Path
) -> None:
    set_anonymity(submitted(db), REF, anonymous_evaluators=True)
    header, everything = consensus_text(db, tmp_path / "c.xlsx")
    assert header[8:12] == [
        "Evaluator A score",
        "Evaluator A justification",
        "Evaluator B score",
        "Evaluator B justification",
    ]
    # The names appear nowhere but in what the evaluators wrote themselves.
    written_by_them = everything.replace("Ann Evaluator: ", "").replace("Ben Evaluator: ", "")
    assert "Ann Evaluator" not in written_by_them
    assert "Ben Evaluator" not in written_by_them


def test_an_anonymised_workbook_imports_as_any_other(db: Database, tmp_path: Path) -> None:
    from svdesk.services.moderation import moderation_items
    from svdesk.sheets.consensus_sheet import import_consensus_sheet

    set_anonymity(submitted(db), REF, anonymous_evaluators=True)
    path = write_consensus_template(db, REF, tmp_path / "c.xlsx")
    book = load_workbook(path)
    sheet = book["Consensus"]
    for row in range(2, sheet.max_row + 1):
        sheet.cell(row, 4).value = 50
        sheet.cell(
            row, 5
        ).value = "The answer commits to four local jobs with dates; it gives no measures or KPIs."
    book.save(path)
    import_consensus_sheet(db, path, actor="Mo Derator")
    assert {item.consensus for item in moderation_items(db, REF)} == {50}
