"""A devolved Welsh authority's demo, end to end: its letters are bilingual by default, and
the index says how they were written."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from pypdf import PdfReader

from svdesk.cli import main


def test_the_welsh_demo_writes_bilingual_letters(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = ["--db", str(tmp_path / "wales.sqlite")]
    assert main([*db, "demo", "--regime", "procurement-act-2023-wales"]) == 0
    out = tmp_path / "letters"
    code = main(
        [*db, "letters", "--tender", "NBC-2026-0417", "--out", str(out), "--date", "2027-03-01"]
    )
    printed = capsys.readouterr().out
    assert code == 0, printed
    assert "written in Welsh, then English (bilingual)" in printed
    with (out / "index.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert {row["language"] for row in rows} == {"bilingual"}
    assert {row["letter_date"] for row in rows} == {"2027-03-01"}
    assert {row["holidays"] for row in rows} == {"united-kingdom"}
    text = " ".join(
        page.extract_text() for page in PdfReader(out / rows[0]["pdf_file"]).pages
    ).replace("\n", " ")
    assert text.index("Crynodeb asesu") < text.index("Assessment summary")
    assert "rheoliad 32 o Reoliadau Caffael (Cymru) 2024" in text
    assert "Sell2Wales" in text
    assert "Northmoor County Borough Council" in text


def test_english_letters_can_be_chosen_and_a_regime_without_welsh_refuses_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = ["--db", str(tmp_path / "pcr.sqlite")]
    assert main([*db, "demo", "--regime", "pcr-2015"]) == 0
    out = tmp_path / "letters"
    args = [*db, "letters", "--tender", "NBC-2026-0417", "--out", str(out), "--language"]
    assert main([*args, "welsh"]) != 0
    assert capsys.readouterr().err.strip() == (
        "svdesk has no Welsh letter template for the Public Contracts Regulations 2015: add "
        "pcr-2015/letter.cy.md.j2 to a template folder of your own (a copy of the English "
        "template, translated) and choose it with Use my own letter templates (svdesk "
        "letters --templates DIR)"
    )
    assert not out.exists() or not any(out.iterdir())  # nothing written
    assert main([*args, "english"]) == 0
