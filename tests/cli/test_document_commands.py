"""``svdesk export`` and ``svdesk report`` on the demo tender."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from svdesk.cli import main

REF = "NBC-2026-0417"


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite"
    assert main(["--db", str(path), "demo"]) == 0
    return path


def test_export_writes_the_evaluation_workbook(
    demo_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "evaluation.xlsx"
    assert main(["--db", str(demo_db), "export", "--tender", REF, "-o", str(out)]) == 0
    assert capsys.readouterr().out.strip() == f"Wrote {out}"
    book = load_workbook(out)
    assert {"Tender", "Criteria", "Declarations", "Scores", "Consensus", "Results"} <= set(
        book.sheetnames
    )
    formulas = [
        cell.value
        for row in book["Results"].iter_rows()
        for cell in row
        if isinstance(cell.value, str) and cell.value.startswith("=")
    ]
    assert any("SUM(" in f for f in formulas)


def test_export_refuses_a_bad_output(
    demo_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["--db", str(demo_db), "export", "--tender", REF, "-o", str(tmp_path / "x.csv")])
    assert code == 1
    assert ".xlsx" in capsys.readouterr().err
    assert not (tmp_path / "x.csv").exists()


def test_report_writes_the_evaluation_report(
    demo_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from pypdf import PdfReader

    out = tmp_path / "report.pdf"
    assert main(["--db", str(demo_db), "report", "--tender", REF, "-o", str(out)]) == 0
    assert capsys.readouterr().out.strip() == f"Wrote {out}"
    text = "\n".join(page.extract_text() for page in PdfReader(out).pages)
    assert "Moorside Passenger Services Ltd" in text
    assert "Rebecca Thornton" in text  # the internal record names the panel
    assert "86.45" in text  # lot 1's winning total
