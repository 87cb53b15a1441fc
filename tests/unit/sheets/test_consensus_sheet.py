"""The consensus workbook: writing it opens the moderation and shows the panel's scores side
by side; filled in as a moderator would, it records the consensus, or refuses with the cell."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from svdesk.domain.evaluation_rules import PanelRole
from svdesk.services.imports import import_pack
from svdesk.services.moderation import moderation_items
from svdesk.services.panel import Declaration, add_member
from svdesk.services.refusals import Refused
from svdesk.services.scoring import ScoreEntry, submit_scores
from svdesk.sheets.consensus_sheet import (
    import_consensus_sheet,
    read_consensus_sheet,
    write_consensus_template,
)
from svdesk.store.database import Database, open_database
from tests.support.packs import write_pack
from tests.support.snapshot import snapshot

REF = "TST-2026-0001"
WHY = "Specific local jobs with dates, but thin on how they will be measured."
RATIONALE = "The answer commits to four local jobs with dates; it gives no measures or KPIs."
RECONCILED = "The panel agreed the measures were too thin for Good after reading the answer again."
ANN = {
    ("1", "B01", "SV1"): 75,
    ("1", "B01", "SV2"): 50,
    ("1", "B02", "SV1"): 25,
    ("1", "B02", "SV2"): 100,
    ("2", "B02", "SV1"): 0,
    ("2", "B02", "SV2"): 50,
}
# Ben is two steps from Ann on B01 SV1 (discuss first), one step on B01 SV2, and agrees on the rest.
BEN = {**ANN, ("1", "B01", "SV1"): 25, ("1", "B01", "SV2"): 75}
AGREED = {**ANN, ("1", "B01", "SV1"): 50}
HEADER = [
    "Lot",
    "Bidder",
    "Criterion",
    "Score",
    "Rationale",
    "Reconciliation",
    "Bidder name",
    "Criterion title",
    "Ann Evaluator score",
    "Ann Evaluator justification",
    "Ben Evaluator score",
    "Ben Evaluator justification",
    "Spread",
    "Discuss first",
]
NO_CONFLICT = [Declaration("B01", False), Declaration("B02", False)]


@pytest.fixture
def db_file(tmp_path: Path) -> Path:
    return tmp_path / "t.sqlite"


@pytest.fixture
def db(db_file: Path, tmp_path: Path) -> Database:
    database = open_database(db_file)
    import_pack(database, write_pack(tmp_path / "pack.xlsx"))
    for name, scores in (("Ann Evaluator", ANN), ("Ben Evaluator", BEN)):
        add_member(database, REF, name)
        entries = [ScoreEntry(*key, score, f"{name}: {WHY}") for key, score in scores.items()]
        submit_scores(database, REF, name, entries, NO_CONFLICT)
    add_member(database, REF, "Mo Derator", PanelRole.MODERATOR)
    return database


@pytest.fixture
def template(db: Database, tmp_path: Path) -> Path:
    return write_consensus_template(db, REF, tmp_path / "consensus.xlsx")


def edit(path: Path, change: Callable[[Any], None]) -> Path:
    book = load_workbook(path)
    change(book)
    book.save(path)
    return path


def fill(path: Path, scores: dict[tuple[str, str, str], Any] | None = None) -> Path:
    """Agree a score, a rationale and (every row) a reconciliation, as a moderator would."""
    scores = AGREED if scores is None else scores

    def change(book: Any) -> None:
        sheet = book["Consensus"]
        for row in range(2, sheet.max_row + 1):
            key = tuple(str(sheet.cell(row, c).value) for c in (1, 2, 3))
            if key in scores:
                sheet.cell(row, 4).value = scores[key]
                sheet.cell(row, 5).value = RATIONALE
                sheet.cell(row, 6).value = RECONCILED

    return edit(path, change)


def set_cells(sheet: str, values: dict[str, Any]) -> Callable[[Any], None]:
    def change(book: Any) -> None:
        for cell, value in values.items():
            book[sheet][cell].value = value

    return change


def audit_rows(db_file: Path) -> list[tuple[str, str, str, str | None, str | None]]:
    with sqlite3.connect(db_file) as connection:
        rows = connection.execute(
            "SELECT action, entity, entity_key, old_value, new_value FROM audit_event ORDER BY id"
        ).fetchall()
    connection.close()
    return rows


def agreed(db: Database) -> dict[tuple[str, str, str], int | None]:
    return {(i.lot, i.bidder, i.criterion): i.consensus for i in moderation_items(db, REF)}


def refused(db: Database, db_file: Path, path: Path, **kwargs: Any) -> list[str]:
    before = snapshot(db_file)
    with pytest.raises(Refused) as caught:
        import_consensus_sheet(db, path, **kwargs)
    assert snapshot(db_file) == before
    return caught.value.reasons


# -- The workbook as written ----------------------------------------------------------------


def test_writing_the_template_opens_the_moderation(
    db: Database, db_file: Path, tmp_path: Path
) -> None:
    with pytest.raises(Refused):
        moderation_items(db, REF)
    write_consensus_template(db, REF, tmp_path / "c.xlsx")
    assert len(moderation_items(db, REF)) == 6
    assert audit_rows(db_file)[-1][:2] == ("opened", "moderation")


def test_the_panels_scores_sit_side_by_side(template: Path) -> None:
    book = load_workbook(template)
    assert book.sheetnames == ["Consensus", "Instructions", "Scale", "About"]
    sheet = book["Consensus"]
    assert [c.value for c in sheet[1]] == HEADER
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert rows[0] == (
        "1",
        "B01",
        "SV1",
        None,
        None,
        None,
        "Alpha Grounds Ltd",
        "Jobs",
        75,
        f"Ann Evaluator: {WHY}",
        25,
        f"Ben Evaluator: {WHY}",
        2,
        "Yes",
    )
    assert [(r[12], r[13]) for r in rows] == [(2, "Yes"), (1, "No")] + [(0, "No")] * 4
    flagged, calm = sheet["A2"].fill.fgColor.rgb, sheet["A3"].fill.fgColor.rgb
    assert flagged != calm


def test_the_tender_is_recorded_in_the_workbook(template: Path) -> None:
    book = load_workbook(template)
    assert [r[:2] for r in book["About"].iter_rows(max_row=2, values_only=True)] == [
        ("Field", "Value"),
        ("Tender", REF),
    ]
    assert book.custom_doc_props["svdesk tender"].value == REF
    assert REF in book["Instructions"]["A1"].value


def test_only_score_rationale_and_reconciliation_can_be_typed_in(template: Path) -> None:
    book = load_workbook(template)
    sheet = book["Consensus"]
    assert sheet.protection.sheet is True
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            assert cell.protection.locked is (cell.column_letter not in "DEF"), cell
    [validation] = sheet.data_validations.dataValidation
    assert (validation.formula1, str(validation.sqref)) == ('"0,25,50,75,100"', "D2:D7")
    for name in ("Instructions", "Scale", "About"):
        assert book[name].protection.sheet is True


def test_a_declared_conflict_is_shown_instead_of_a_score(db: Database, tmp_path: Path) -> None:
    add_member(db, REF, "Cy Evaluator")
    conflict = Declaration("B02", True, "I worked for Beta Services until last year.")
    entries = [ScoreEntry(*k, v, WHY) for k, v in ANN.items() if k[1] == "B01"]
    submit_scores(db, REF, "Cy Evaluator", entries, [Declaration("B01", False), conflict])
    sheet = load_workbook(write_consensus_template(db, REF, tmp_path / "c.xlsx"))["Consensus"]
    assert [c.value for c in sheet[1]][12:14] == [
        "Cy Evaluator score",
        "Cy Evaluator justification",
    ]
    assert sheet["N2"].value == WHY
    assert sheet["N4"].value == "Declared a conflict of interest with this bidder: did not score."


# -- Filled in and imported -----------------------------------------------------------------


def test_a_filled_workbook_records_the_consensus(db: Database, template: Path) -> None:
    assert read_consensus_sheet(fill(template))[0] == REF
    outcome = import_consensus_sheet(db, template)
    assert (outcome.recorded, outcome.changed, outcome.unchanged) == (6, 0, 0)
    assert agreed(db) == AGREED
    [first] = [i for i in moderation_items(db, REF) if (i.bidder, i.criterion) == ("B01", "SV1")]
    assert (first.rationale, first.reconciliation) == (RATIONALE, RECONCILED)
    assert [s.score for s in first.scores] == [75, 25]  # the evaluators' scores are kept


def test_reimporting_changes_nothing_and_a_change_is_audited(
    db: Database, db_file: Path, template: Path, tmp_path: Path
) -> None:
    import_consensus_sheet(db, fill(template))
    count = len(audit_rows(db_file))
    assert import_consensus_sheet(db, template).unchanged == 6
    fresh = write_consensus_template(db, REF, tmp_path / "again.xlsx")
    assert load_workbook(fresh)["Consensus"]["D2"].value == 50  # prefilled
    assert import_consensus_sheet(db, fresh).unchanged == 6
    assert len(audit_rows(db_file)) == count
    edit(fresh, set_cells("Consensus", {"D3": 75}))
    assert import_consensus_sheet(db, fresh).changed == 1
    [(action, entity, key, old, new)] = audit_rows(db_file)[count:]
    assert (action, entity, key) == ("changed", "consensus", "lot 1 / B01 / SV2")
    assert (json.loads(old or "")["score"], json.loads(new or "")["score"]) == (50, 75)


def test_rows_left_blank_are_left_for_later(db: Database, template: Path) -> None:
    first = {("1", "B01", "SV1"): 50}
    outcome = import_consensus_sheet(db, fill(template, first))
    assert (outcome.recorded, outcome.blank) == (1, 5)


def test_without_the_about_sheet_the_document_property_names_the_tender(
    db: Database, template: Path
) -> None:
    edit(fill(template), lambda book: book.remove(book["About"]))
    assert import_consensus_sheet(db, template).recorded == 6


def test_a_workbook_made_by_hand_names_its_tender(
    db: Database, db_file: Path, template: Path, tmp_path: Path
) -> None:
    def strip(book: Any) -> None:
        book.remove(book["About"])
        book.custom_doc_props.props = []

    edit(fill(template), strip)
    assert refused(db, db_file, template) == [
        "consensus.xlsx does not say which tender it is for: its About sheet is missing (write "
        "the workbook with svdesk consensus --template --tender REF, or add a Tender column to "
        "the Consensus sheet)"
    ]
    assert import_consensus_sheet(db, template, reference=REF).recorded == 6


# -- Refused, with the cell, and nothing changed --------------------------------------------


def test_a_row_for_a_bidder_that_did_not_bid_in_the_lot_is_refused(
    db: Database, db_file: Path, template: Path
) -> None:
    edit(fill(template), set_cells("Consensus", {"B6": "B01"}))
    assert refused(db, db_file, template) == ["Consensus!6:6: bidder B01 did not bid for lot 2"]


def test_a_missing_reconciliation_where_scores_differed_is_refused(
    db: Database, db_file: Path, template: Path
) -> None:
    edit(fill(template), set_cells("Consensus", {"F2": None, "F4": None}))
    assert refused(db, db_file, template) == [
        "Consensus!F2: the reconciliation is required; the evaluators' scores differed (75, 25), "
        "so say how the panel reconciled them"
    ]


def test_bad_scores_and_a_short_rationale_are_refused_together(
    db: Database, db_file: Path, template: Path
) -> None:
    fill(template, {**AGREED, ("1", "B01", "SV1"): 55, ("1", "B02", "SV1"): "fifty"})
    edit(template, set_cells("Consensus", {"E3": "Fine."}))
    assert refused(db, db_file, template) == [
        "Consensus!D4: Score must be a whole number, got 'fifty'",
    ]
    edit(template, set_cells("Consensus", {"D4": 25}))
    assert refused(db, db_file, template) == [
        "Consensus!D2: 55 is not a score of the scale (0, 25, 50, 75 or 100)",
        "Consensus!E3: the rationale is too short (1 word): write at least a sentence of 6 words "
        "or more explaining the score",
    ]


def test_an_unknown_tender_is_refused_at_its_cell(
    db: Database, db_file: Path, template: Path
) -> None:
    edit(fill(template), set_cells("About", {"B2": "OTHER-2026-9"}))
    assert refused(db, db_file, template) == [
        "About!B2: there is no tender with the reference OTHER-2026-9 in the database"
    ]


def test_a_tender_given_that_disagrees_with_the_workbook_is_refused(
    db: Database, db_file: Path, template: Path
) -> None:
    assert refused(db, db_file, fill(template), reference="OTHER-2026-9") == [
        "the tender given: this says tender OTHER-2026-9, but About!B2 says TST-2026-0001: a "
        "consensus workbook is for one tender"
    ]


def test_a_workbook_without_a_consensus_sheet_is_refused(tmp_path: Path) -> None:
    with pytest.raises(Refused) as caught:
        read_consensus_sheet(write_pack(tmp_path / "pack.xlsx"))
    [reason] = caught.value.reasons
    assert reason.startswith("pack.xlsx has no sheet named 'Consensus'")


@pytest.mark.parametrize(
    ("reference", "name", "reason"),
    [
        ("NOPE-1", "c.xlsx", "there is no tender with the reference NOPE-1 in the database"),
        (REF, "c.docx", "'c.docx' does not end in .xlsx"),
    ],
)
def test_writing_is_refused_before_the_moderation_opens(
    db: Database, tmp_path: Path, reference: str, name: str, reason: str
) -> None:
    with pytest.raises(Refused) as caught:
        write_consensus_template(db, reference, tmp_path / name)
    assert reason in caught.value.reasons[0]
    with pytest.raises(Refused):
        moderation_items(db, REF)  # still closed
