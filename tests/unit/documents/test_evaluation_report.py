"""The evaluation report: every section, figures that match the results, the panel's record,
charts, embedded fonts and page numbers; what stays private before moderation; and the
output paths it refuses."""

from __future__ import annotations

import copy
import datetime as dt
import os
import re
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from reportlab.lib.rl_accel import fp_str

from svdesk.documents import evaluation_report
from svdesk.documents.evaluation_report import write_evaluation_report
from svdesk.documents.report_moderation import FLAG_MARK
from svdesk.documents.report_sections import SECTIONS
from svdesk.domain.evaluation_rules import PanelRole
from svdesk.domain.scoring import shown
from svdesk.services.demo import (
    demo_evaluation,
    demo_reference,
    record_demo_evaluation,
    write_demo_pack,
)
from svdesk.services.imports import import_pack
from svdesk.services.moderation import moderation_items
from svdesk.services.panel import Declaration, add_member, declarations_record, list_members
from svdesk.services.refusals import Refused
from svdesk.services.results import tender_results
from svdesk.services.scoring import ScoreEntry, submit_scores
from svdesk.store.database import Database, open_database
from tests.support.packs import valid_sheets, write_pack

REF = demo_reference()
REPORT_DATE = dt.date(2026, 12, 1)
WHY = "Clear commitments with numbers, dates and a credible reporting plan."


def demo_database(
    path: Path, *, moderated: bool = True, evaluation: dict[str, Any] | None = None
) -> Database:
    """The demo tender; without ``moderated`` the panel has scored but moderation is closed."""
    db = open_database(path)
    with tempfile.TemporaryDirectory() as folder:
        import_pack(db, write_demo_pack(Path(folder) / "pack"))
    evaluation = evaluation or demo_evaluation()
    if moderated:
        record_demo_evaluation(db, REF, evaluation)
        return db
    for member in evaluation["panel"]:
        add_member(db, REF, member["name"], PanelRole(member["role"]))
    for member in evaluation["panel"]:
        if member["role"] != PanelRole.EVALUATOR:
            continue
        name = member["name"]
        submit_scores(
            db,
            REF,
            name,
            [
                ScoreEntry(s["lot"], s["bidder"], s["criterion"], s["score"], s["justification"])
                for s in evaluation["scores"]
                if s["evaluator"] == name
            ],
            [
                Declaration(
                    d["bidder"], d["conflict"], d["details"], dt.date.fromisoformat(d["date"])
                )
                for d in evaluation["declarations"]
                if d["evaluator"] == name
            ],
        )
    return db


class Report:
    """A written report, read back: its pages' text and the reader for the rest."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.reader = PdfReader(path)
        self.pages = [page.extract_text() for page in self.reader.pages]
        self.text = flat("\n".join(self.pages))

    def content(self, index: int) -> bytes:
        """The drawing operators of page ``index`` (from 0)."""
        stream = self.reader.pages[index].get_contents()
        assert stream is not None
        return bytes(stream.get_data())

    def section(self, number: int) -> str:
        """The text of section ``number`` (1-7): from its heading to the next one."""
        start = self.heading_at(SECTIONS[number - 1])
        end = self.heading_at(SECTIONS[number]) if number < len(SECTIONS) else len(self.text)
        return self.text[start:end]

    def heading_at(self, heading: str) -> int:
        """Where the section's own heading is: not its entry in the contents list, which
        comes after its leader dots and page number."""
        for found in re.finditer(re.escape(heading), self.text):
            if not re.search(r"\.\s*\d+\s*$", self.text[: found.start()]):
                return found.start()
        raise AssertionError(f"no heading {heading!r}")


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@pytest.fixture(scope="module")
def moderated(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Database, Report]]:
    folder = tmp_path_factory.mktemp("moderated")
    db = demo_database(folder / "demo.sqlite")
    path = write_evaluation_report(db, REF, folder / "report.pdf", report_date=REPORT_DATE)
    yield db, Report(path)
    db.close()


@pytest.fixture(scope="module")
def private(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Database, Report]]:
    folder = tmp_path_factory.mktemp("private")
    db = demo_database(folder / "demo.sqlite", moderated=False)
    path = write_evaluation_report(db, REF, folder / "report.pdf", report_date=REPORT_DATE)
    yield db, Report(path)
    db.close()


def test_every_section_is_there_in_order(moderated: tuple[Database, Report]) -> None:
    _, report = moderated
    positions = [report.heading_at(heading) for heading in SECTIONS]
    assert positions == sorted(positions)
    assert "Contents" in report.pages[0]


def test_the_summary_names_the_tender_regime_date_and_status(
    moderated: tuple[Database, Report],
) -> None:
    _, report = moderated
    summary = report.section(1)
    assert REF in summary
    assert "Northmoor Borough Council" in summary
    assert "Procurement Act 2023" in summary
    assert "Tuesday 1 December 2026" in summary
    assert "Status: ready for award letters" in summary
    # The demo opens moderation, as its moderator, when it is made.
    assert re.search(
        r"Moderation Opened by Mark Hollingworth on \w+day \d{1,2} \w+ 20\d\d", summary
    )


def test_each_lot_winner_and_every_total_match_the_results(
    moderated: tuple[Database, Report],
) -> None:
    db, report = moderated
    results = tender_results(db, REF)
    scores, result, summary = report.section(4), report.section(7), report.section(1)
    for lot in results.lots:
        assert lot.winner is not None
        winner = next(b for b in lot.bids if b.bidder == lot.winner)
        label = f"{winner.bidder} {winner.name}"
        total = f"{shown(winner.total):.2f}"
        assert f"{label} is the highest-scoring eligible bid" in result
        assert f"with a total of {total}" in result
        assert total in summary
        for bid in lot.bids:
            if bid.excluded:
                continue
            for value in (bid.price, bid.quality, bid.social_value, bid.total):
                assert f"{shown(value):.2f}" in scores, (bid.bidder, value)
            for criterion in bid.criteria:
                assert criterion.weighted is not None
                assert f"{shown(criterion.weighted):.2f}" in scores


def test_an_excluded_bid_keeps_its_row_with_its_reason(moderated: tuple[Database, Report]) -> None:
    _, report = moderated
    scores = report.section(4)
    assert "Excl." in scores
    assert "B05 Three Dales Accessible Transport Trust: excluded." in scores
    assert "public liability insurance of at least £10 million" in scores


def test_the_method_gives_weightings_scale_and_criteria(moderated: tuple[Database, Report]) -> None:
    _, report = moderated
    method = report.section(2)
    for text in ("Price 40%", "Quality 40%", "Social value 20%", "Scoring method: consensus"):
        assert text in method
    assert "the higher social value score" in method
    for label in ("Excellent", "Good", "Acceptable", "Poor", "Unacceptable"):
        assert label in method
    assert "MAC 4.1" in method
    assert "Fleet decarbonisation and efficient use of vehicles" in method


def test_every_declaration_and_the_conflict_with_its_consequence(
    moderated: tuple[Database, Report],
) -> None:
    db, report = moderated
    panel = report.section(3)
    for member in list_members(db, REF):
        assert member.name in panel
    declarations = declarations_record(db, REF)
    assert panel.count("No conflict of interest") == sum(1 for d in declarations if not d.conflict)
    conflicts = [d for d in declarations if d.conflict]
    assert conflicts
    for d in conflicts:
        assert flat(d.details) in panel
        assert f"{d.evaluator} did not score {d.bidder}'s responses" in panel


def test_the_moderation_record_holds_every_score_reason_and_reconciliation(
    moderated: tuple[Database, Report],
) -> None:
    db, report = moderated
    record = report.section(5)
    items = moderation_items(db, REF)
    for member in list_members(db, REF):
        if member.role == PanelRole.EVALUATOR:
            assert member.name in record
    for item in items:
        assert flat(item.rationale) in record
        assert flat(item.reconciliation) in record
        scores = " · ".join(f"{s.evaluator}: {s.score}" for s in item.scores)
        if len(item.scores) == 3:
            assert scores in record
    # Rebecca Thornton declared a conflict with B04, so she has no score for it.
    assert "Rebecca Thornton: conflict" in record


def test_flagged_responses_are_marked(moderated: tuple[Database, Report]) -> None:
    db, report = moderated
    record = report.section(5)
    flagged = [i for i in moderation_items(db, REF) if i.flagged]
    assert flagged
    assert record.count(f"{FLAG_MARK}: discussed first") == len(flagged)
    for item in flagged:
        title = f"{item.bidder} {item.bidder_name} · {item.criterion} {item.criterion_title}"
        assert f"{title} {FLAG_MARK}: discussed first" in record


def test_the_charts_are_drawn_with_labels_legends_and_the_house_colours(
    moderated: tuple[Database, Report],
) -> None:
    _, report = moderated
    charts = report.section(6)
    for text in (
        "Total score per bid",
        "Points (out of 100)",
        "Price",
        "Quality",
        "Social value",
        "86.45",
        "Spread of the evaluators' scores per criterion",
        "Score",
        "Evaluators' range",
        "An evaluator's score",
        "Consensus score",
        "Flagged: more than one step apart",
    ):
        assert text in charts, text
    first = next(i for i, page in enumerate(report.pages) if "6. Charts" in page and i > 1)
    totals, spread = (report.content(i) for i in (first, first + 1))
    assert totals.count(b" re") > 10  # the stacked bars
    assert spread.count(b" re") > 5  # the panels and ranges
    # Price, quality and social value in the colours the window uses.
    for colour in ("#4A6FA5", "#8C6BB1", "#2E8B57"):
        rgb = (int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
        assert f"{fp_str(*rgb)} rg".encode() in totals, colour


def test_fonts_are_embedded_and_pages_numbered(moderated: tuple[Database, Report]) -> None:
    _, report = moderated
    fonts: dict[str, bool] = {}
    for pdf_page in report.reader.pages:
        resources: Any = pdf_page["/Resources"]
        for reference in resources["/Font"].values():
            font = reference.get_object()
            descriptor = font["/FontDescriptor"].get_object()
            fonts[str(font["/BaseFont"])] = "/FontFile2" in descriptor
    assert fonts
    assert all(fonts.values()), fonts
    assert all("DejaVuSans" in name for name in fonts)
    n = len(report.pages)
    for number, page in enumerate(report.pages, start=1):
        assert f"Page {number} of {n}" in page
        if number > 1:
            assert f"Northmoor Borough Council · {REF} · Evaluation report" in page


def test_the_metadata_names_the_report(moderated: tuple[Database, Report]) -> None:
    _, report = moderated
    info = report.reader.metadata
    assert info is not None
    assert info.title is not None
    assert REF in info.title
    assert info.author == "Northmoor Borough Council"


def test_before_moderation_no_individual_score_is_shown(
    private: tuple[Database, Report], moderated: tuple[Database, Report]
) -> None:
    _, report = private
    assert "scores are private until moderation opens" in report.section(4)
    assert "Moderation has not opened" in report.section(5)
    assert "private until moderation opens" in report.section(6)
    assert "No result yet" in report.section(7)
    assert FLAG_MARK not in report.text
    assert "Consensus and reasons" not in report.text
    db, _ = moderated
    for item in moderation_items(db, REF):
        for score in item.scores:
            assert f"{score.evaluator}: {score.score}" not in report.text
            assert flat(score.justification)[:60] not in report.text
    # Not even the totals the scores would make.
    for lot in tender_results(db, REF).lots:
        for bid in lot.bids:
            if not bid.excluded:
                assert f"{shown(bid.social_value):.2f}" not in report.text
    # What is not secret is still there: the panel, the declarations, price and quality.
    assert "Unpaid member of the board" in report.section(3)
    assert "34.20" in report.section(4)


def test_before_moderation_the_mean_of_the_scores_is_not_shown_either(tmp_path: Path) -> None:
    sheets = valid_sheets()
    sheets["Tender"].append(["Scoring method", "average"])
    db = open_database(tmp_path / "avg.sqlite")
    import_pack(db, write_pack(tmp_path / "avg.xlsx", sheets))
    ref = "TST-2026-0001"
    add_member(db, ref, "Ann Evaluator")
    none = [Declaration("B01", False), Declaration("B02", False)]
    scores = {("1", "B01", "SV1"): 75, ("1", "B01", "SV2"): 50, ("1", "B02", "SV1"): 25}
    scores |= {("1", "B02", "SV2"): 100, ("2", "B02", "SV1"): 25, ("2", "B02", "SV2"): 25}
    submit_scores(
        db, ref, "Ann Evaluator", [ScoreEntry(*k, v, WHY) for k, v in scores.items()], none
    )
    lot1 = tender_results(db, ref, "1").lots[0]
    assert lot1.winner is not None  # the mean of one evaluator's scores would name one
    report = Report(write_evaluation_report(db, ref, tmp_path / "avg.pdf"))
    for bid in lot1.bids:
        assert f"{shown(bid.total):.2f}" not in report.text
        assert f"{shown(bid.social_value):.2f}" not in report.text
    assert "No winner: not yet moderated" in report.section(1)
    db.close()


def test_an_ineligible_bid_shows_the_minimum_it_failed(tmp_path: Path) -> None:
    evaluation = copy.deepcopy(demo_evaluation())
    for consensus in evaluation["consensus"]:
        if (consensus["lot"], consensus["bidder"], consensus["criterion"]) == ("1", "B03", "SV2"):
            consensus["score"] = 0
    db = demo_database(tmp_path / "demo.sqlite", evaluation=evaluation)
    report = Report(write_evaluation_report(db, REF, tmp_path / "report.pdf"))
    scores = report.section(4)
    assert "Inelig." in scores
    assert (
        "B03 Castlegate Transport Group plc: not eligible for award: SV2 scored 0, below its "
        "minimum score of 25" in scores
    )
    assert "not ranked: B03 (not eligible)" in report.section(7)
    db.close()


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("report.docx", "is a PDF file"),
        ("report", "is a PDF file"),
        ("missing/report.pdf", "does not exist"),
    ],
)
def test_bad_output_paths_are_refused(
    moderated: tuple[Database, Report], tmp_path: Path, name: str, reason: str
) -> None:
    db, _ = moderated
    with pytest.raises(Refused) as refused:
        write_evaluation_report(db, REF, tmp_path / name)
    assert any(reason in r for r in refused.value.reasons)
    assert list(tmp_path.iterdir()) == []


def test_a_folder_as_output_is_refused(moderated: tuple[Database, Report], tmp_path: Path) -> None:
    db, _ = moderated
    (tmp_path / "out.pdf").mkdir()
    with pytest.raises(Refused, match="is a folder"):
        write_evaluation_report(db, REF, tmp_path / "out.pdf")


def test_a_folder_that_cannot_be_written_is_refused(
    moderated: tuple[Database, Report], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db, _ = moderated
    monkeypatch.setattr("svdesk.documents.evaluation_report.os.access", lambda *_a, **_k: False)
    with pytest.raises(Refused, match="cannot be written to"):
        write_evaluation_report(db, REF, tmp_path / "report.pdf")


def test_a_failed_temporary_file_is_refused(
    moderated: tuple[Database, Report], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db, _ = moderated

    def refuse(*_args: object, **_kw: object) -> int:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("svdesk.documents.evaluation_report.os.open", refuse)
    with pytest.raises(Refused, match="Permission denied"):
        write_evaluation_report(db, REF, tmp_path / "report.pdf")


def test_an_unknown_tender_is_refused_with_every_reason(
    moderated: tuple[Database, Report], tmp_path: Path
) -> None:
    db, _ = moderated
    with pytest.raises(Refused) as refused:
        write_evaluation_report(db, "NOPE-1", tmp_path / "report.txt")
    reasons = refused.value.reasons
    assert any("NOPE-1" in r for r in reasons)
    assert any("is a PDF file" in r for r in reasons)
    assert list(tmp_path.iterdir()) == []


def test_the_report_is_written_whole_or_not_at_all(
    moderated: tuple[Database, Report], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db, _ = moderated
    output = tmp_path / "report.pdf"
    output.write_bytes(b"the earlier report")

    def fail(*_args: object) -> None:
        raise RuntimeError("the build broke")

    monkeypatch.setattr(evaluation_report, "_build", fail)
    with pytest.raises(RuntimeError):
        write_evaluation_report(db, REF, output)
    assert output.read_bytes() == b"the earlier report"
    assert [p.name for p in tmp_path.iterdir()] == ["report.pdf"]
    monkeypatch.undo()
    write_evaluation_report(db, REF, output)
    assert output.read_bytes().startswith(b"%PDF")
    assert [p.name for p in tmp_path.iterdir()] == ["report.pdf"]


def test_a_new_report_gets_the_usual_file_permissions(
    moderated: tuple[Database, Report], tmp_path: Path
) -> None:
    db, _ = moderated
    mask = os.umask(0o022)
    try:
        output = write_evaluation_report(db, REF, tmp_path / "report.pdf")
    finally:
        os.umask(mask)
    assert stat.S_IMODE(output.stat().st_mode) == 0o644
