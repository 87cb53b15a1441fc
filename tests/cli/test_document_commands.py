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


def test_letters_command_writes_a_batch_and_never_overwrites_it(
    demo_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import csv

    out = tmp_path / "letters"
    args = ["--db", str(demo_db), "letters", "--tender", REF, "--out", str(out)]
    assert main([*args, "--date", "2026-12-21", "--format", "pdf,docx"]) == 0
    printed = capsys.readouterr().out
    assert "Wrote 6 letters (12 files)" in printed
    assert "midnight at the end of Tuesday 5 January 2027" in printed
    with (out / "index.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 6
    assert (out / "1-B01-Moorside-Passenger-Services-Ltd.pdf").exists()
    assert main([*args, "--date", "2026-12-21"]) == 1
    assert "already holds a batch" in capsys.readouterr().err
    assert main([*args, "--date", "2026-12-21", "--replace"]) == 0
    assert list(out.glob("superseded-*/index.csv"))


def test_letters_command_refuses_a_bad_date_and_an_unready_tender(
    tmp_path: Path, demo_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from tests.support.packs import write_pack

    out = tmp_path / "letters"
    code = main(
        [
            "--db",
            str(demo_db),
            "letters",
            "--tender",
            REF,
            "--out",
            str(out),
            "--date",
            "21/12/2026",
        ]
    )
    assert code == 1
    assert "must be a date written YYYY-MM-DD, got '21/12/2026'" in capsys.readouterr().err
    db = tmp_path / "unready.sqlite"
    assert main(["--db", str(db), "import", str(write_pack(tmp_path / "p.xlsx"))]) == 0
    capsys.readouterr()
    code = main(["--db", str(db), "letters", "--tender", "TST-2026-0001", "--out", str(out)])
    assert code == 1
    err = capsys.readouterr().err
    assert "is not ready for letters" in err
    assert not out.exists() or not any(out.iterdir())
