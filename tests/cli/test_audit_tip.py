"""The trail's tip, stamped on every document svdesk issues, proves the record later."""

from __future__ import annotations

import csv
import re
import sqlite3
from pathlib import Path

import pytest
from openpyxl import load_workbook

from svdesk.cli import main
from tests.unit.services.test_audit_coverage import rewrite_trail

REF = "NBC-2026-0417"
TIP = re.compile(r"\b(\d+):([0-9a-f]{64})\b")


@pytest.fixture
def demo_db(tmp_path: Path) -> Path:
    path = tmp_path / "demo.sqlite"
    assert main(["--db", str(path), "demo"]) == 0
    return path


def verified_tip(db: Path, capsys: pytest.CaptureFixture[str]) -> str:
    capsys.readouterr()
    assert main(["--db", str(db), "audit", "--tender", REF, "--verify"]) == 0
    out = capsys.readouterr().out
    match = TIP.search(out)
    assert match is not None, out
    assert f"Tip of the trail: {match.group(0)}" in out
    return match.group(0)


def test_every_document_carries_the_tip_that_was_verified(
    demo_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from pypdf import PdfReader

    tip = verified_tip(demo_db, capsys)
    letters = tmp_path / "letters"
    assert main(["--db", str(demo_db), "letters", "--tender", REF, "--out", str(letters)]) == 0
    assert f"audit trail tip: {tip}" in capsys.readouterr().out
    with (letters / "index.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert {row["audit_trail_tip"] for row in rows} == {tip}

    workbook = tmp_path / "evaluation.xlsx"
    assert main(["--db", str(demo_db), "export", "--tender", REF, "-o", str(workbook)]) == 0
    book = load_workbook(workbook, read_only=True)
    tender_sheet = {row[0]: row[1] for row in book["Tender"].iter_rows(values_only=True)}
    assert tender_sheet["Audit trail tip at export"] == tip
    audit_notice = next(book["Audit"].iter_rows(min_row=2, max_row=2, values_only=True))[0]
    assert f"Tip of the trail: {tip}" in audit_notice
    book.close()

    report = tmp_path / "report.pdf"
    assert main(["--db", str(demo_db), "report", "--tender", REF, "-o", str(report)]) == 0
    pages = [page.extract_text() for page in PdfReader(report).pages]
    text = re.sub(r"\s+", "", "".join(pages))
    assert tip in text
    entries, digest = tip.split(":")
    # Every page's footer carries enough of it to be checked.
    assert all(f"audittrailtip{entries}:{digest[:16]}" in re.sub(r"\s+", "", p) for p in pages)


def test_audit_verify_with_the_tip_proves_the_record_or_catches_a_rewrite(
    demo_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    tip = verified_tip(demo_db, capsys)
    args = ["--db", str(demo_db), "audit", "--tender", REF, "--verify", "--tip", tip]
    assert main(args) == 0
    assert "It still extends the tip recorded on the document" in capsys.readouterr().out

    def change_a_price(connection: sqlite3.Connection) -> None:
        connection.execute("UPDATE bid SET price_score = '1' WHERE id = 1")
        connection.execute(
            "UPDATE audit_event SET new_value = json_set(new_value, '$.price_score', '1') "
            "WHERE entity = 'bid' AND entity_key = 'lot 1 / B01'"
        )

    rewrite_trail(demo_db, change_a_price)
    assert main(["--db", str(demo_db), "audit", "--tender", REF, "--verify"]) == 0
    capsys.readouterr()
    assert main(args) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err.splitlines() == [
        f"The audit trail of {REF} is NOT intact:",
        f"the recorded tip {tip} is no longer in the trail: the trail was rewritten after "
        "that tip was recorded on a document",
    ]


def test_a_malformed_tip_or_a_tip_without_verify_is_refused_in_words(
    demo_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    base = ["--db", str(demo_db), "audit", "--tender", REF]
    assert main([*base, "--verify", "--tip", "not-a-tip"]) == 1
    assert "'not-a-tip' is not an audit trail tip" in capsys.readouterr().err
    assert main([*base, "--tip", "a" * 64]) == 1
    assert "--tip goes with --verify" in capsys.readouterr().err
