"""``svdesk panel``, ``results``, ``check`` and ``audit`` from the command line."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from svdesk.cli import main
from svdesk.services.moderation import ConsensusEntry, open_moderation, record_consensus
from svdesk.services.panel import Declaration
from svdesk.services.scoring import ScoreEntry, submit_scores
from svdesk.store.database import open_database
from tests.support.packs import VALID_SCORES, write_pack

REF = "TST-2026-0001"
WHY = "Specific, measurable commitments with a clear delivery plan and KPIs."


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def db_path(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    path = tmp_path / "t.sqlite"
    assert main(["--db", str(path), "import", str(write_pack(tmp_path / "p.xlsx"))]) == 0
    capsys.readouterr()
    return path


def test_panel_add_and_list(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(db_path)
    assert run(capsys, "--db", db, "panel", "--tender", REF, "--add", "Ann Lee")[1] == (
        f"Added Ann Lee to the panel of {REF} as evaluator\n"
    )
    run(capsys, "--db", db, "panel", "--tender", REF, "--add", "Mo Derator", "--role", "moderator")
    code, _out, err = run(capsys, "--db", db, "panel", "--tender", REF, "--add", "ann  LEE")
    assert code == 1
    assert err.strip() == f"Ann Lee is already on the panel of {REF} as evaluator"
    code, out, _ = run(capsys, "--db", db, "panel", "--tender", REF, "--list")
    assert code == 0
    assert out.splitlines() == [
        "Ann Lee     evaluator  declared for 0 bidder(s)",
        "Mo Derator  moderator",
    ]


def test_panel_for_an_unknown_tender(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _out, err = run(capsys, "--db", str(db_path), "panel", "--tender", "NOPE", "--add", "X")
    assert code == 1
    assert err.strip() == "there is no tender with the reference NOPE in the database"


def test_results_check_and_audit(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db_arg = str(db_path)
    code, out, _ = run(capsys, "--db", db_arg, "results", "--tender", REF, "--json")
    assert code == 0
    document = json.loads(out)
    assert document["complete"] is False
    assert document["lots"][0]["winner"] is None

    code, _out, err = run(capsys, "--db", db_arg, "check", "--tender", REF)
    assert code == 1
    lines = err.splitlines()
    assert lines[0].startswith(f"{REF} is not ready for letters:")
    assert "Panel: the tender has no evaluators" in lines

    run(capsys, "--db", db_arg, "panel", "--tender", REF, "--add", "Ann Lee")
    db = open_database(db_path)
    scores = VALID_SCORES
    submit_scores(
        db,
        REF,
        "Ann Lee",
        [ScoreEntry(*k, v, WHY) for k, v in scores.items()],
        [Declaration("B01", False), Declaration("B02", False)],
    )
    open_moderation(db, REF)
    record_consensus(
        db, REF, [ConsensusEntry(*k, v, f"Scored {v}. {WHY}") for k, v in scores.items()]
    )
    db.close()

    code, out, _ = run(capsys, "--db", db_arg, "results", "--tender", REF, "--lot", "1")
    assert code == 0
    assert "Lot 1 (complete; winner B02)" in out
    assert "B02 Beta Services plc" in out
    assert "80.00" in out

    code, _out, err = run(capsys, "--db", db_arg, "check", "--tender", REF)
    # The pack names no signatory: letters would be unsigned.
    assert code == 1
    assert err.splitlines()[1:] == ["Tender: no Signatory is given; the letters need one"]

    code, out, _ = run(capsys, "--db", db_arg, "audit", "--tender", REF)
    assert code == 0
    assert "imported tender TST-2026-0001" in out
    assert "added panel member Ann Lee" in out
    assert "agreed consensus lot 1 / B01 / SV1" in out
    code, out, _ = run(capsys, "--db", db_arg, "audit", "--tender", REF, "--verify")
    assert code == 0
    assert out.startswith(f"The audit trail of {REF} is complete and intact")

    with sqlite3.connect(db_path) as connection:
        connection.execute("UPDATE consensus SET score = 100 WHERE id = 1")
    connection.close()
    code, _out, err = run(capsys, "--db", db_arg, "audit", "--tender", REF, "--verify")
    assert code == 1
    assert err.splitlines()[0] == f"The audit trail of {REF} is NOT intact:"
    assert "changed outside svdesk" in err


def test_results_for_an_unknown_lot(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _out, err = run(capsys, "--db", str(db_path), "results", "--tender", REF, "--lot", "9")
    assert code == 1
    assert err.strip() == f"{REF} has no lot '9' (its lots: 1, 2)"
