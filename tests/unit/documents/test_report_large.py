"""The evaluation report of a large tender, at every stage: every table splits across
pages with its header repeated, wide tables fit the page, and charts are drawn in parts."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from svdesk.documents.evaluation_report import write_evaluation_report
from svdesk.store.database import open_database
from tests.support.large_tenders import STAGES, bidder_name, large_tender

REPORT_DATE = dt.date(2026, 12, 1)


def report(tmp_path: Path, bidders: int, criteria: int, stage: str, name_length: int) -> list[str]:
    db = open_database(tmp_path / "db.sqlite")
    reference = large_tender(
        db, tmp_path, bidders=bidders, criteria=criteria, stage=stage, name_length=name_length
    )
    output = write_evaluation_report(
        db, reference, tmp_path / "report.pdf", report_date=REPORT_DATE
    )
    db.close()
    return [page.extract_text() for page in PdfReader(output).pages]


def test_a_tender_of_12_bidders_and_5_criteria_is_reported_before_scoring(tmp_path: Path) -> None:
    pages = report(tmp_path, 12, 5, "imported", 60)
    text = "\n".join(pages)
    assert "Status: not ready for award letters" in text
    # A long list of problems is cut short, pointing to where it is whole.
    assert "more: svdesk check --tender BIG-2026-0001 lists them all" in text
    for number in range(1, 13):
        assert f"B{number:03d}" in text


@pytest.mark.slow
@pytest.mark.parametrize("stage", STAGES)
def test_60_bidders_with_long_names_and_12_criteria_at_every_stage(
    tmp_path: Path, stage: str
) -> None:
    pages = report(tmp_path, 60, 12, stage, 160)
    text = "\n".join(pages)
    flat = " ".join(text.split())
    # Every bidder's full name is in the scores, wrapped in its cell, not cut.
    for number in (1, 30, 60):
        assert " ".join(bidder_name(number, 160).split()[:8]) in flat
    # Twelve criteria are shown in tables of six, each table repeating its header on
    # every page it runs to, and then a table of the totals.
    assert "Criteria SV1 to SV6 (table 1 of 3)" in text
    assert "Criteria SV7 to SV12 (table 2 of 3)" in text
    assert "Price, quality, social value and total (table 3 of 3)" in text
    headed = [page for page in pages if re.search(r"Rank\s*Bidder\s*SV1\s*weight 2", page)]
    assert len(headed) >= 3
    # A table too long for a page starts under its heading, not on the next page.
    scores = next(page for page in pages if "4. Scores" in page and "Contents" not in page)
    assert "Criteria SV1 to SV6 (table 1 of 3)" in scores
    assert "B0" in scores.split("table 1 of 3")[1]
    if stage == "moderated":
        assert "Lot 1: bids 1 to 20 of 60" in text
        assert "Lot 1: bids 41 to 60 of 60" in text
        assert "Lot 1: bids 57 to 60 of 60" in text  # the spread charts, four bids a panel
        moderation = next(p for p in pages if "5. Moderation record" in p and "Contents" not in p)
        assert "Scores side by side" in moderation
