"""``svdesk demo`` and ``svdesk template`` from the command line."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from svdesk.cli import main
from svdesk.services.tenders import tender_overview
from svdesk.store.database import open_database
from tests.support.snapshot import snapshot


def test_demo_creates_a_realistic_tender(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db_path = tmp_path / "demo.sqlite"
    assert main(["--db", str(db_path), "demo"]) == 0
    assert capsys.readouterr().out.startswith("Created the demo tender NBC-2026-0417")
    db = open_database(db_path)
    overview = tender_overview(db, "NBC-2026-0417")
    db.close()
    assert len(overview.lots) >= 2
    assert len(overview.bidders) >= 5
    answered = [r for r in overview.responses if not r.missing]
    assert len(answered) >= 20
    # Realistic answers: a few hundred words each, one past its word limit.
    assert min(r.word_count for r in answered) >= 80
    assert max(r.word_count for r in answered) >= 300
    assert any(r.over_limit for r in answered)
    attached = [r for r in answered if r.attachment is not None]
    assert len(attached) == 1
    assert "Carbon Reduction Plan" in attached[0].text
    assert any(b.status.value == "excluded" for b in overview.bids)
    assert any(r.missing for r in overview.responses)
    names = " ".join(b.contact + b.name for b in overview.bidders)
    assert "Ó Súilleabháin" in names or "Łukasz" in names


def test_demo_twice_keeps_the_existing_tender(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db_path = tmp_path / "demo.sqlite"
    assert main(["--db", str(db_path), "demo"]) == 0
    before = snapshot(db_path)
    assert main(["--db", str(db_path), "demo"]) == 0
    assert "already in the database" in capsys.readouterr().out
    assert snapshot(db_path) == before
    assert main(["--db", str(db_path), "demo", "--reset"]) == 0
    after = snapshot(db_path)[1]
    # The same tender again; the audit trail keeps the first demo's entries and adds the
    # reset's (the replaced tender and its new panel, scores and consensus).
    assert after["audit_event"] == 2 * before[1]["audit_event"]
    assert {k: v for k, v in after.items() if k != "audit_event"} == {
        k: v for k, v in before[1].items() if k != "audit_event"
    }


def test_template_has_instructions_and_drop_downs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "t.xlsx"
    assert main(["template", "-o", str(out)]) == 0
    assert capsys.readouterr().out.strip() == f"Wrote {out}"
    book = load_workbook(out)
    assert book.sheetnames[0] == "Instructions"
    assert {"Tender", "Criteria", "Bidders", "Responses", "Model criteria"} <= set(book.sheetnames)
    choices = " ".join(str(v.formula1) for v in book["Bidders"].data_validations.dataValidation)
    assert '"Yes,No"' in choices


def test_template_prefilled_from_the_demo_reimports(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db_path = tmp_path / "demo.sqlite"
    assert main(["--db", str(db_path), "demo"]) == 0
    out = tmp_path / "prefilled.xlsx"
    assert (
        main(["--db", str(db_path), "template", "--tender", "NBC-2026-0417", "-o", str(out)]) == 0
    )
    book = load_workbook(out)
    assert book["Bidders"]["B2"].value
    capsys.readouterr()


def test_template_for_an_unknown_tender_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(
        [
            "--db",
            str(tmp_path / "e.sqlite"),
            "template",
            "--tender",
            "NOPE",
            "-o",
            str(tmp_path / "x.xlsx"),
        ]
    )
    assert code == 1
    assert "there is no tender with the reference NOPE in the database" in capsys.readouterr().err
    assert not (tmp_path / "x.xlsx").exists()


def test_template_needs_an_xlsx_name(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["template", "-o", str(tmp_path / "x.csv")]) == 1
    assert ".xlsx" in capsys.readouterr().err


def test_demo_is_scored_moderated_and_ready(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from svdesk.services.audit_trail import verify
    from svdesk.services.panel import list_members
    from svdesk.services.readiness import readiness_problems
    from svdesk.services.results import tender_results

    db_path = tmp_path / "demo.sqlite"
    assert main(["--db", str(db_path), "demo"]) == 0
    db = open_database(db_path)
    members = list_members(db, "NBC-2026-0417")
    assert [m.role.value for m in members].count("evaluator") == 3
    assert [m.role.value for m in members].count("moderator") == 1
    assert sum(1 for m in members if m.conflicts) == 1
    results = tender_results(db, "NBC-2026-0417")
    assert results.complete
    assert [lot.winner for lot in results.lots] == ["B01", "B04"]
    assert readiness_problems(db, "NBC-2026-0417") == []
    assert verify(db, "NBC-2026-0417") == []
    db.close()


def test_demo_at_the_scoring_stage_leaves_one_evaluator_to_score(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from svdesk.services.panel import list_members
    from svdesk.services.readiness import readiness_problems
    from svdesk.services.workspace import evaluator_workspace

    db_path = tmp_path / "demo.sqlite"
    assert main(["--db", str(db_path), "demo", "--stage", "scoring"]) == 0
    said = capsys.readouterr().out
    assert "3 evaluators, with one evaluator still to score" in said
    assert "Rebecca Thornton has still to declare and score" in said
    db = open_database(db_path)
    try:
        assert [m.name for m in list_members(db, "NBC-2026-0417")] == [
            "Andrew Fairclough",
            "Siobhán Doherty",
            "Rebecca Thornton",
            "Mark Hollingworth",
        ]
        problems = readiness_problems(db, "NBC-2026-0417")
        rebecca = [p for p in problems if p.startswith("Panel: Rebecca Thornton")]
        assert rebecca == [
            "Panel: Rebecca Thornton has not declared their interests for B01, B02, B03, B04, B05"
        ]
        assert not any(p.startswith("Panel: Andrew") for p in problems)
        # She can start at once: nothing of hers is there yet, and moderation is not open.
        workspace = evaluator_workspace(db, "NBC-2026-0417", "Rebecca Thornton")
        assert workspace.items
        assert all(item.score is None for item in workspace.items)
        assert not workspace.frozen_lots
    finally:
        db.close()


def test_demo_at_the_moderation_stage_is_scored_but_not_moderated(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from svdesk.services.moderation_lots import lot_moderation
    from svdesk.services.readiness import readiness_problems

    db_path = tmp_path / "demo.sqlite"
    assert main(["--db", str(db_path), "demo", "--stage", "moderation"]) == 0
    assert "scored by every evaluator and ready to moderate" in capsys.readouterr().out
    db = open_database(db_path)
    try:
        problems = readiness_problems(db, "NBC-2026-0417")
        assert not any(p.startswith("Panel:") for p in problems)
        assert any(p.endswith("no moderated score and rationale yet") for p in problems)
        assert not any(lot.opened for lot in lot_moderation(db, "NBC-2026-0417"))
    finally:
        db.close()
