"""The evaluation workbook: its sheets, its live formulas recalculated by LibreOffice and
compared with svdesk's own results, text that stays text, and what stays private.

Recalculation: ``soffice --headless --convert-to xlsx`` with a fresh LibreOffice profile
(``-env:UserInstallation``, one per test, so parallel runs never share one) whose settings
say to recalculate every formula when an Excel file is loaded (``OOXMLRecalcMode`` 0,
"always"). LibreOffice then saves each formula's result in the copy, and openpyxl reads
them with ``data_only=True``. Without that setting LibreOffice keeps whatever results a
file carries; ``test_the_recalculation_replaces_stale_results`` shows that it does not.
"""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import subprocess
import zipfile
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from svdesk.documents.evaluation_workbook import SHEETS, write_evaluation_workbook
from svdesk.domain.evaluation_rules import PanelRole
from svdesk.services.demo import create_demo, demo_reference
from svdesk.services.imports import import_pack
from svdesk.services.moderation import ConsensusEntry, open_moderation, record_consensus
from svdesk.services.panel import Declaration, add_member
from svdesk.services.refusals import Refused
from svdesk.services.results import dumps, results_json, tender_results
from svdesk.services.scoring import ScoreEntry, submit_scores
from svdesk.store.database import Database, open_database
from tests.support.packs import set_cell, valid_sheets, write_pack

SOFFICE = shutil.which("soffice")
needs_libreoffice = pytest.mark.skipif(
    SOFFICE is None, reason="LibreOffice (soffice) recalculates the workbook; CI installs it"
)
REF = "TST-2026-0001"
WHY = "Clear commitments with numbers, dates and a credible reporting plan."
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RECALCULATE_ON_LOAD = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry"
 xmlns:xs="http://www.w3.org/2001/XMLSchema"
 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode"
 oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode"
 oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""
INJECTIONS = (
    '=HYPERLINK("http://x") is where the plan is, with numbers and dates.',
    "+44 1234 is the number to call; the plan is specific and credible.",
    "-10 points for vague dates; otherwise specific and credible commitments.",
    "@SUM(A1) appears in the answer; commitments are specific and measurable.",
)


# -- Helpers --------------------------------------------------------------------------------


def recalculated(workbook: Path, folder: Path) -> Workbook:
    """``workbook`` as LibreOffice recalculates it, read back with the formulas' results."""
    assert SOFFICE is not None
    profile = folder / "libreoffice-profile"
    (profile / "user").mkdir(parents=True)
    (profile / "user" / "registrymodifications.xcu").write_text(RECALCULATE_ON_LOAD)
    out = folder / "recalculated"
    command = [
        SOFFICE,
        f"-env:UserInstallation={profile.as_uri()}",
        "--headless",
        "--norestore",
        "--calc",
        "--convert-to",
        "xlsx",
        "--outdir",
        str(out),
        str(workbook),
    ]
    env = {**os.environ, "HOME": str(folder)}
    subprocess.run(command, check=True, capture_output=True, timeout=180, env=env)
    copy = out / workbook.name
    assert copy.exists(), f"LibreOffice wrote no copy of {workbook.name}"
    return load_workbook(copy, data_only=True)


def header(sheet: Worksheet) -> list[Any]:
    return [cell.value for cell in sheet[1]]


def bid_rows(sheet: Worksheet) -> list[dict[str, Any]]:
    """The Results sheet's bid rows, by heading (they stop at the first blank row)."""
    names = header(sheet)
    rows = []
    for values in sheet.iter_rows(min_row=2, values_only=True):
        if values[0] is None:
            break
        rows.append(dict(zip(names, values, strict=False)))
    return rows


def lot_summary(sheet: Worksheet) -> dict[str, tuple[Any, Any, Any]]:
    """Lot -> (winner recomputed, svdesk's winner, check) from the table under the bids."""
    found: dict[str, tuple[Any, Any, Any]] = {}
    rows = list(sheet.iter_rows(values_only=True))
    start = next(i for i, r in enumerate(rows) if r[:2] == ("Lot", "Winner"))
    for values in rows[start + 1 :]:
        if values[0] is None:
            break
        found[str(values[0])] = (values[1], values[2], values[3])
    return found


def results_document(db: Database, reference: str) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(
        dumps(results_json(tender_results(db, reference))), parse_float=Decimal
    )
    return document


def two_dp(value: Any) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def assert_same(cell: Any, expected: Any, what: str) -> None:
    if expected is None:
        assert cell in (None, ""), f"{what}: {cell!r}, svdesk has none"
        return
    assert isinstance(cell, int | float), f"{what}: {cell!r} is not a number"
    assert abs(Decimal(str(cell)) - Decimal(str(expected))) < Decimal("1e-9"), (
        f"{what}: workbook {cell!r}, svdesk {expected}"
    )
    assert two_dp(cell) == two_dp(expected), what


def assert_matches_results(book: Workbook, document: dict[str, Any]) -> int:
    """Every figure of every bid on the recalculated Results sheet is svdesk's; returns the
    number of figures compared."""
    rows = {(str(r["Lot"]), r["Bidder"]): r for r in bid_rows(book["Results"])}
    compared = 0
    expected_bids = [(lot["lot"], bid) for lot in document["lots"] for bid in lot["bids"]]
    assert len(rows) == len(expected_bids)
    for lot, bid in expected_bids:
        row = rows[(lot, bid["bidder"])]
        where = f"lot {lot} {bid['bidder']}"
        for criterion in bid["criteria"]:
            code = criterion["criterion"]
            assert_same(row[f"{code} counted score"], criterion["score"], f"{where} {code} score")
            assert_same(row[f"{code} weighted"], criterion["weighted"], f"{where} {code} weighted")
            compared += 2
        assert_same(row["Social value"], bid["social_value"], f"{where} social value")
        assert_same(row["Total"], bid["total"], f"{where} total")
        assert (row["Rank"] if row["Rank"] != "" else None) == bid["rank"], f"{where} rank"
        assert row["Eligible"] == ("yes" if bid["eligible"] else "no")
        assert row["Check"] == "OK", f"{where}: {row['Check']}"
        compared += 3
    summary = lot_summary(book["Results"])
    for lot in document["lots"]:
        winner, svdesk_winner, check = summary[lot["lot"]]
        assert (winner or None) == lot["winner"] == (svdesk_winner or None)
        assert check == "OK"
    return compared


def cells_as_written(path: Path) -> list[tuple[str, str, str | None, bool, str]]:
    """(sheet file, cell, type attribute, has a formula, text) for every cell, from the XML."""
    with zipfile.ZipFile(path) as archive:
        shared: list[str] = []
        if "xl/sharedStrings.xml" in archive.namelist():
            root = ElementTree.fromstring(archive.read("xl/sharedStrings.xml"))
            for item in root.iter(f"{{{MAIN}}}si"):
                shared.append("".join(t.text or "" for t in item.iter(f"{{{MAIN}}}t")))
        found = []
        for name in archive.namelist():
            if not re.fullmatch(r"xl/worksheets/sheet\d+\.xml", name):
                continue
            for cell in ElementTree.fromstring(archive.read(name)).iter(f"{{{MAIN}}}c"):
                kind = cell.get("t")
                value = cell.find(f"{{{MAIN}}}v")
                inline = cell.find(f"{{{MAIN}}}is")
                if kind == "s" and value is not None and value.text is not None:
                    text = shared[int(value.text)]
                elif inline is not None:
                    text = "".join(t.text or "" for t in inline.iter(f"{{{MAIN}}}t"))
                else:
                    text = value.text or "" if value is not None else ""
                has_formula = cell.find(f"{{{MAIN}}}f") is not None
                found.append((name, cell.get("r", ""), kind, has_formula, text))
        return found


def is_number(cell: tuple[str, str, str | None, bool, str]) -> bool:
    """A numeric cell (a negative agreement statistic, say), not text that could be run."""
    _sheet, _ref, kind, has_formula, text = cell
    if kind not in (None, "n") or has_formula:
        return False
    try:
        float(text)
    except ValueError:
        return False
    return True


# -- A tender of our own --------------------------------------------------------------------


def small_tender(
    folder: Path, *, method: str = "consensus", tie_break: str = "social-value", name: str = ""
) -> Database:
    """The test pack's tender (lot 1: B01, B02; lot 2: B02), with B02's price score for lot 1
    at 38.67, lot 2's SV2 unanswered, three evaluators, and Cy Evaluator conflicted with B02."""
    sheets = valid_sheets()
    set_cell(sheets, "Bids", 3, "Price score", 38.67)
    sheets["Tender"].append(["Scoring method", method])
    sheets["Tender"].append(["Tie-break", tie_break])
    if name:
        set_cell(sheets, "Bidders", 3, "Name", name)
    sheets["Responses"] = [r for r in sheets["Responses"] if r[:3] != ["B02", "2", "SV2"]]
    db = open_database(folder / "t.sqlite")
    import_pack(db, write_pack(folder / "pack.xlsx", sheets))
    for evaluator in ("Ann Evaluator", "Ben Evaluator", "Cy Evaluator"):
        add_member(db, REF, evaluator)
    add_member(db, REF, "Mo Derator", PanelRole.MODERATOR)
    return db


def score(
    db: Database, evaluator: str, scores: dict[tuple[str, str, str], int], why: str = WHY
) -> None:
    conflicted = evaluator == "Cy Evaluator"
    declarations = [
        Declaration("B01", False),
        Declaration("B02", conflicted, "Former employee of Beta Services until 2024"),
    ]
    entries = [
        ScoreEntry(lot, bidder, code, value, why)
        for (lot, bidder, code), value in scores.items()
        if not (conflicted and bidder == "B02")
    ]
    submit_scores(db, REF, evaluator, entries, declarations)


# Lot 1 under `average`: B01 = 35 + 30 + (75 + 50 + 100)/3/100 x 12 + (25 + 50 + 100)/3/100 x 8
# = 78.666..., social value 13.666...; B02 = 38.67 + 28 + 50/100 x 12 + 75/100 x 8 = 78.67,
# social value 12. B02's total is higher, but both are 78.67 to 2 decimal places: the
# tie-break decides. Lot 2: B02's SV1 mean (25 + 50) / 2 = 37.5; its SV2 is unanswered and
# unscored: MinScore.
PANEL_SCORES = {
    "Ann Evaluator": {
        ("1", "B01", "SV1"): 75,
        ("1", "B01", "SV2"): 25,
        ("1", "B02", "SV1"): 50,
        ("1", "B02", "SV2"): 75,
        ("2", "B02", "SV1"): 25,
    },
    "Ben Evaluator": {
        ("1", "B01", "SV1"): 50,
        ("1", "B01", "SV2"): 50,
        ("1", "B02", "SV1"): 50,
        ("1", "B02", "SV2"): 75,
        ("2", "B02", "SV1"): 50,
    },
    "Cy Evaluator": {("1", "B01", "SV1"): 100, ("1", "B01", "SV2"): 100},
}


def score_everything(db: Database) -> None:
    for evaluator, scores in PANEL_SCORES.items():
        score(db, evaluator, scores)


# -- Fixtures -------------------------------------------------------------------------------


@pytest.fixture
def demo(tmp_path: Path) -> Database:
    db = open_database(tmp_path / "demo.sqlite")
    create_demo(db)
    return db


@pytest.fixture
def demo_workbook(demo: Database, tmp_path: Path) -> Path:
    return write_evaluation_workbook(demo, demo_reference(), tmp_path / "evaluation.xlsx")


# -- Sheets and formulas --------------------------------------------------------------------


def test_the_sheets_and_their_headings(demo_workbook: Path) -> None:
    book = load_workbook(demo_workbook)
    assert book.sheetnames == list(SHEETS)
    assert header(book["Criteria"])[:7] == [
        "Lot", "Code", "Title", "Model criterion", "Weight", "Word limit", "Minimum score"
    ]  # fmt: skip
    assert header(book["Panel"])[:2] == ["Name", "Role"]
    assert header(book["Declarations"]) == [
        "Evaluator", "Bidder", "Bidder name", "Conflict", "Details", "Declared on"
    ]  # fmt: skip
    assert header(book["Scores"]) == [
        "Lot", "Bidder", "Bidder name", "Criterion", "Evaluator", "Score", "Justification",
        "Submitted",
    ]  # fmt: skip
    consensus = header(book["Consensus"])
    assert consensus[5:8] == ["Andrew Fairclough", "Siobhán Doherty", "Rebecca Thornton"]
    assert consensus[8:] == [
        "Spread (points)", "Steps apart", "Flagged for discussion", "Consensus score",
        "Rationale", "Reconciliation",
    ]  # fmt: skip
    results = header(book["Results"])
    for heading in ("Price score", "SV1 counted score", "SV1 weight", "SV1 weighted"):
        assert heading in results
    for heading in ("Social value", "Total", "Rank", "svdesk total", "Check"):
        assert heading in results
    tender = {row[0].value: row[1].value for row in book["Tender"].iter_rows(min_row=2, max_row=25)}
    assert tender["Reference"] == "NBC-2026-0417"
    assert tender["Tie-break"].startswith("social-value")
    assert book["Tender"].freeze_panes == "A2"
    assert book["Results"]["A1"].font.b
    # 3 evaluators x 20 responses of compliant bids, less Rebecca Thornton's 4 of B04.
    assert len(list(book["Scores"].iter_rows(min_row=2))) == 3 * 20 - 4


def test_figures_are_live_formulas(demo_workbook: Path) -> None:
    book = load_workbook(demo_workbook)
    sheet = book["Results"]
    names = header(sheet)
    column = {name: i for i, name in enumerate(names)}
    first = next(iter(sheet.iter_rows(min_row=2, max_row=2)))
    formulas = {name: first[i].value for name, i in column.items()}
    for name in ("SV1 counted score", "SV1 weight", "SV1 weighted", "Social value", "Total"):
        assert first[column[name]].data_type == "f", name
    for name in ("Ranked on total (2 dp)", "Rank", "Check", "Lot complete"):
        assert first[column[name]].data_type == "f", name
    assert formulas["SV1 counted score"] == '=IF(ISNUMBER(Consensus!$L$2),Consensus!$L$2,"")'
    assert formulas["SV1 weight"] == "=Criteria!$E$2"
    assert formulas["SV1 weighted"] == '=IF(ISNUMBER(G2),G2/MaxScore*H2,"")'
    assert formulas["Social value"] == "=SUM(I2,L2,O2,R2)"
    assert formulas["Total"] == "=E2+F2+S2"
    assert "ROUND(T2,2)" in formulas["Ranked on total (2 dp)"]
    assert "RANK(X2," in formulas["Rank"]
    assert book.defined_names["MaxScore"].attr_text == "Tender!$B$18"
    assert book["Tender"]["B18"].value == 100
    assert book["Criteria"]["B2"].value == "SV1"
    # B03 did not answer SV3: until the panel records a score, it counts the lowest one.
    b03 = next(r for r in sheet.iter_rows(min_row=2) if r[1].value == "B03")
    assert b03[column["SV3 counted score"]].value.endswith(",MinScore)")


@needs_libreoffice
def test_the_recalculated_demo_matches_svdesk_results(
    demo: Database, demo_workbook: Path, tmp_path: Path
) -> None:
    book = recalculated(demo_workbook, tmp_path)
    compared = assert_matches_results(book, results_document(demo, demo_reference()))
    assert compared == 6 * (4 * 2 + 3)
    spreads = [r[8].value for r in book["Consensus"].iter_rows(min_row=2) if r[0].value]
    assert all(isinstance(s, int | float) or s == "" for s in spreads)
    assert book["Tender"]["B13"].value == 100  # the total weighting


@needs_libreoffice
@pytest.mark.parametrize(
    ("tie_break", "ranks", "winner"),
    [("social-value", {"B01": 1, "B02": 2}, "B01"), ("none", {"B01": 1, "B02": 1}, None)],
)
def test_the_average_method_recalculated(
    tmp_path: Path, tie_break: str, ranks: dict[str, int], winner: str | None
) -> None:
    db = small_tender(tmp_path, method="average", tie_break=tie_break)
    score_everything(db)
    open_moderation(db, REF)
    output = write_evaluation_workbook(db, REF, tmp_path / "average.xlsx")
    written = load_workbook(output)["Results"]
    counted = [r[6].value for r in written.iter_rows(min_row=2, max_row=4)]
    assert counted == [
        '=IF(COUNT(Consensus!$F$2:$H$2)>0,AVERAGE(Consensus!$F$2:$H$2),"")',
        '=IF(COUNT(Consensus!$F$4:$H$4)>0,AVERAGE(Consensus!$F$4:$H$4),"")',
        '=IF(COUNT(Consensus!$F$6:$H$6)>0,AVERAGE(Consensus!$F$6:$H$6),"")',
    ]

    book = recalculated(output, tmp_path)
    document = results_document(db, REF)
    assert assert_matches_results(book, document) == 3 * (2 * 2 + 3)
    rows = {(str(r["Lot"]), r["Bidder"]): r for r in bid_rows(book["Results"])}
    assert {b: rows[("1", b)]["Rank"] for b in ranks} == ranks
    assert rows[("1", "B01")]["Total"] == pytest.approx(78 + 2 / 3, abs=1e-12)
    assert rows[("1", "B02")]["Total"] == pytest.approx(78.67, abs=1e-12)
    assert (
        rows[("1", "B01")]["Ranked on total (2 dp)"] == rows[("1", "B02")]["Ranked on total (2 dp)"]
    )
    assert rows[("1", "B01")]["SV2 counted score"] == pytest.approx(175 / 3, abs=1e-12)
    assert rows[("2", "B02")]["SV1 counted score"] == pytest.approx(37.5)
    assert rows[("2", "B02")]["SV2 counted score"] == 0  # unanswered: MinScore
    assert lot_summary(book["Results"])["1"][0] in (winner, "")
    consensus = book["Consensus"]
    assert [c.value for c in consensus[4][5:8]] == [50, 50, "conflict"]
    assert consensus[2][8].value == 50  # spread: 100 - 50


@needs_libreoffice
def test_the_recalculation_replaces_stale_results(tmp_path: Path) -> None:
    """The recalculation this file relies on: a result saved in the file is not trusted."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet["A1"], sheet["A2"], sheet["A3"] = 2, 3, "=A1*A2"
    plain = tmp_path / "plain.xlsx"
    book.save(plain)
    stale = tmp_path / "stale.xlsx"
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(stale, "w") as target:
        for info in source.infolist():
            data = source.read(info.filename)
            data = data.replace(b"<f>A1*A2</f><v></v>", b"<f>A1*A2</f><v>99</v>")
            data = data.replace(b"Openpyxl", b"Excel")
            target.writestr(info, data)
    assert b"<v>99</v>" in zipfile.ZipFile(stale).read("xl/worksheets/sheet1.xml")
    assert recalculated(stale, tmp_path)["Sheet"]["A3"].value == 6


# -- Text stays text ------------------------------------------------------------------------


def test_text_that_looks_like_a_formula_stays_text(tmp_path: Path) -> None:
    db = small_tender(tmp_path, name="+cmd|' /C calc'!A0 Services plc")
    scores = PANEL_SCORES["Ann Evaluator"]
    for evaluator, why in zip(("Ann Evaluator", "Ben Evaluator"), INJECTIONS, strict=False):
        score(db, evaluator, scores, why)
    score(db, "Cy Evaluator", PANEL_SCORES["Cy Evaluator"], INJECTIONS[2])
    open_moderation(db, REF)
    record_consensus(
        db,
        REF,
        [
            ConsensusEntry(lot, bidder, code, value, INJECTIONS[3], INJECTIONS[2])
            for (lot, bidder, code), value in scores.items()
        ],
    )
    output = write_evaluation_workbook(db, REF, tmp_path / "injection.xlsx")

    dangerous = [
        c
        for c in cells_as_written(output)
        if c[4].startswith(("=", "+", "-", "@")) and not is_number(c)
    ]
    texts = {c[4] for c in dangerous}
    for text in (*INJECTIONS, "+cmd|' /C calc'!A0 Services plc"):
        assert text in texts, text
    for sheet, cell, kind, has_formula, text in dangerous:
        assert kind in ("s", "inlineStr"), f"{sheet} {cell}: {text}"
        assert not has_formula, f"{sheet} {cell}: {text}"
    book = load_workbook(output)
    justification = next(
        c for c in book["Scores"]["G"] if isinstance(c.value, str) and c.value.startswith("=")
    )
    assert justification.data_type == "s"
    assert justification.quotePrefix


# -- Privacy before moderation --------------------------------------------------------------


def test_scores_stay_out_until_moderation_opens(tmp_path: Path) -> None:
    db = small_tender(tmp_path, method="average")
    secret = "Distinctive secret justification words that nobody else may read yet."
    for evaluator, scores in PANEL_SCORES.items():
        score(db, evaluator, scores, secret)
    output = write_evaluation_workbook(db, REF, tmp_path / "early.xlsx")
    book = load_workbook(output)
    for name in ("Scores", "Consensus"):
        assert "has not opened" in book[name]["A2"].value
        assert book[name].max_row == 2
    everything = [c[4] for c in cells_as_written(output)]
    assert not any(secret in text for text in everything)
    audit = book["Audit"]
    score_changes = [r for r in audit.iter_rows(min_row=3, values_only=True) if r[4] == "score"]
    assert score_changes
    assert all(r[6:] == ("private until moderation opens",) * 2 for r in score_changes)
    # The counted scores are svdesk's means, as values: the panel's scores are not here.
    first = book["Results"]["G2"]
    assert (book["Results"]["B2"].value, first.data_type) == ("B01", "n")
    assert first.value == pytest.approx(75)


# -- Refusals and the file itself -----------------------------------------------------------


def test_refusals_say_every_reason_and_write_nothing(demo: Database, tmp_path: Path) -> None:
    with pytest.raises(Refused) as refused:
        write_evaluation_workbook(demo, "NOPE-1", tmp_path / "out.csv")
    assert len(refused.value.reasons) == 2
    assert "does not end in .xlsx" in refused.value.reasons[0]
    assert "no tender with the reference NOPE-1" in refused.value.reasons[1]
    with pytest.raises(Refused, match="does not exist"):
        write_evaluation_workbook(demo, demo_reference(), tmp_path / "missing" / "out.xlsx")
    folder = tmp_path / "folder.xlsx"
    folder.mkdir()
    with pytest.raises(Refused, match="is a folder"):
        write_evaluation_workbook(demo, demo_reference(), folder)
    folder.rmdir()
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        if not os.access(locked, os.W_OK):  # root can write anywhere
            with pytest.raises(Refused, match="cannot be written"):
                write_evaluation_workbook(demo, demo_reference(), locked / "out.xlsx")
    finally:
        locked.chmod(0o700)
    assert not [p for p in tmp_path.rglob("*") if "xlsx" in p.name or "out" in p.name]


def test_the_workbook_replaces_a_file_whole(demo: Database, tmp_path: Path) -> None:
    output = tmp_path / "evaluation.xlsx"
    output.write_bytes(b"an older export")
    write_evaluation_workbook(demo, demo_reference().lower(), output)
    assert load_workbook(io.BytesIO(output.read_bytes())).sheetnames == list(SHEETS)
    assert [p.name for p in tmp_path.iterdir() if p.suffix == ".xlsx"] == ["evaluation.xlsx"]
