"""The letter reasons and their confidentiality review in the record: the workbook's
Letter reasons sheet and the report's section 8 show the text each consensus gives
suppliers, the rationale it came from, and who approved, edited or redacted what, when."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from svdesk.documents.evaluation_report import write_evaluation_report
from svdesk.documents.evaluation_workbook import write_evaluation_workbook
from svdesk.services.confidentiality_review import (
    REDACTED,
    PassageRef,
    approve_passage,
    edit_passage,
    redact_passage,
)
from svdesk.services.moderation import ConsensusEntry, record_consensus
from svdesk.store.database import Database
from tests.support.explanation_tenders import (
    PRICE_EDITED,
    WINNER_PRICE,
    WINNER_QUALITY,
    make_quoting_tender,
)
from tests.support.letter_tenders import MODERATOR, REF, make_tender, rationale
from tests.support.panel_tender import REF as PANEL_REF
from tests.support.panel_tender import panel_tender
from tests.unit.documents.test_letters_pdf_docx import pdf_text

OFFICER = "Alex Procurer"
# The lot 1 winner's (B02's) SV2 rationale quotes its answer in sentences 1 and 3
# (as tests/unit/services/test_confidentiality_review.py).
QUOTING = (
    "The bid will recruit four local residents into new permanent roles, as the plan sets "
    "out. The response gives a credible reporting plan for the whole contract. It funds "
    "the work with £12,000 a year from its own reserves."
)
FIRST = QUOTING.split(". ")[0] + "."
THIRD = "It funds the work with £12,000 a year from its own reserves."
# An officer's edit that a spreadsheet would take for a formula if it were not kept as text.
EDIT = '=HYPERLINK("http://x") The bid recruits local residents.'


@pytest.fixture
def reviewed(tmp_path: Path) -> Iterator[Database]:
    db = make_tender(tmp_path)
    record_consensus(db, REF, [ConsensusEntry("1", "B02", "SV2", 100, QUOTING, "")], MODERATOR)
    approve_passage(db, REF, PassageRef("1", "B02", "SV2", 3), OFFICER)
    redact_passage(db, REF, PassageRef("1", "B02", "SV2", 3), OFFICER)
    edit_passage(db, REF, PassageRef("1", "B02", "SV2", 1), EDIT, OFFICER)
    yield db
    db.close()


def sheet_rows(path: Path) -> list[list[Any]]:
    sheet = load_workbook(path)["Letter reasons"]
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def test_the_workbook_lists_every_reason_with_its_review(
    reviewed: Database, tmp_path: Path
) -> None:
    path = write_evaluation_workbook(reviewed, REF, tmp_path / "e.xlsx")
    rows = sheet_rows(path)
    head = rows[0]
    assert head[5] == "Letter reason (the text suppliers are sent)"
    assert rows[1][0].startswith(
        "8 letter texts: 7 as seeded (the consensus rationale, or the bid's price or quality "
        "explanation in the pack) word for word, 1 changed in the confidentiality review. "
        "The review's decisions (3)"
    )
    reasons = {(r[0], r[1], r[3]): r for r in rows[2:]}
    assert len(reasons) == 8
    # Lot 1 comes first, in the tender's order of bidders and criteria.
    assert list(reasons)[:2] == [("1", "B01", "SV1"), ("1", "B01", "SV2")]
    untouched = reasons[("1", "B01", "SV1")]
    assert untouched[5] == untouched[7] == rationale("1", "B01", "SV1", 75)
    assert (untouched[2], untouched[6], untouched[8]) == ("Alpha Grounds Ltd", "yes", "none")
    row = reasons[("1", "B02", "SV2")]
    assert row[5] == f"{EDIT} The response gives a credible reporting plan for the whole " + (
        f"contract. {REDACTED}"
    )
    assert (row[6], row[7]) == ("no", QUOTING)
    review = row[8].split("\n")
    assert len(review) == 3
    assert review[0].endswith(f"sentence 3 approved by {OFFICER}: “{THIRD}”")
    assert review[1].endswith(f"sentence 3 redacted by {OFFICER}: “{THIRD}” became “{REDACTED}”")
    assert review[2].endswith(f"sentence 1 edited by {OFFICER}: “{FIRST}” became “{EDIT}”")


def test_every_cell_of_the_sheet_is_text_never_a_formula(
    reviewed: Database, tmp_path: Path
) -> None:
    path = write_evaluation_workbook(reviewed, REF, tmp_path / "e.xlsx")
    sheet = load_workbook(path)["Letter reasons"]
    cells = [c for row in sheet.iter_rows() for c in row if c.value is not None]
    assert cells
    assert all(c.data_type == "s" for c in cells)
    assert any(str(c.value).startswith("=HYPERLINK") for c in cells)


def test_before_any_consensus_the_sheet_says_why_it_is_empty(tmp_path: Path) -> None:
    db, _ = panel_tender(tmp_path)
    rows = sheet_rows(write_evaluation_workbook(db, PANEL_REF, tmp_path / "e.xlsx"))
    db.close()
    assert rows[1][0].startswith("No consensus has been agreed yet")
    assert len(rows) == 2


def test_the_report_shows_the_changed_reasons_and_each_decision(
    reviewed: Database, tmp_path: Path
) -> None:
    text = pdf_text(write_evaluation_report(reviewed, REF, tmp_path / "r.pdf"))
    section = " ".join(text[text.rindex("8. Letter reasons and their confidentiality") :].split())
    assert "8 letter texts: 7 as seeded, word for word" in section
    assert "1 different." in section
    assert "The review made 3 decisions." in section
    assert "B02 Beta Services plc" in section
    assert REDACTED in section
    assert "sentence 3 redacted by Alex Procurer" in section
    assert "sentence 1 edited by Alex Procurer" in section
    assert "sentence 3 approved by Alex Procurer" in section
    # A reason still its rationale is counted, not repeated.
    assert "R-B01-SV1" not in section


def test_a_reviewed_explanation_is_in_the_record_beside_the_reasons(tmp_path: Path) -> None:
    db = make_quoting_tender(tmp_path)
    first = WINNER_PRICE.split(". ")[0] + "."
    edit_passage(db, REF, PassageRef("1", "B02", "Price", 1, first), PRICE_EDITED, OFFICER)
    approve_passage(db, REF, PassageRef("1", "B02", "Quality", 1), OFFICER)
    rows = sheet_rows(write_evaluation_workbook(db, REF, tmp_path / "e.xlsx"))
    texts = {(r[0], r[1], r[3]): r for r in rows[2:]}
    price = texts[("1", "B02", "Price")]
    assert price[4] == "Price explanation"
    assert price[5] == WINNER_PRICE.replace(first, PRICE_EDITED)
    assert (price[6], price[7]) == ("no", WINNER_PRICE)
    assert price[8].endswith(f"sentence 1 edited by {OFFICER}: “{first}” became “{PRICE_EDITED}”")
    quality = texts[("1", "B02", "Quality")]
    assert (quality[5], quality[6]) == (WINNER_QUALITY, "yes")
    assert quality[8].endswith(f"sentence 1 approved by {OFFICER}: “{WINNER_QUALITY}”")
    # An explanation nobody reviewed (the losing B01's, quoted only to itself) is the
    # pack's, and stays in the Bids sheet.
    assert ("1", "B01", "Price") not in texts
    # After the consensus reasons, in the order of the bids.
    assert list(texts)[-2:] == [("1", "B02", "Price"), ("1", "B02", "Quality")]
    section = pdf_text(write_evaluation_report(db, REF, tmp_path / "r.pdf"))
    section = " ".join(section[section.rindex("8. Letter reasons and their") :].split())
    assert "B02 Beta Services plc · Price explanation" in section
    assert PRICE_EDITED in section
    db.close()
