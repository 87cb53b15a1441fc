"""``svdesk moderation``: a lot taken from opening to sign-off on the command line."""

from __future__ import annotations

from pathlib import Path

import pytest

from svdesk.cli import main
from svdesk.services.scoring import submit_scores
from svdesk.store.database import open_database
from tests.support.snapshot import snapshot
from tests.unit.services.test_evaluation_flow import CONSENSUS, NONE_DECLARED, REF, entries, tender

__all__ = ["tender"]
SOUND = (
    "The answer commits to recruit four local residents into permanent roles, with "
    "quarterly KPI reports; it gives no start date for recruitment."
)
NOTE = "Ann gave 75 and Ben 50; the panel agreed 75 on the KPI evidence. Present: all three."


def svdesk(capsys: pytest.CaptureFixture[str], db: Path, *args: str) -> tuple[int, str, str]:
    code = main(["--db", str(db), *args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def db(tender: object, tmp_path: Path) -> Path:
    path = tmp_path / "t.sqlite"
    database = open_database(path)
    ben = dict(CONSENSUS)
    ben[("1", "B01", "SV1")] = 50
    ben[("1", "B02", "SV1")] = 0
    submit_scores(database, REF, "Ann Evaluator", entries(CONSENSUS), NONE_DECLARED)
    submit_scores(database, REF, "Ben Evaluator", entries(ben), NONE_DECLARED)
    database.close()
    return path


def test_a_lot_from_opening_to_sign_off(capsys: pytest.CaptureFixture[str], db: Path) -> None:
    code, out, _ = svdesk(capsys, db, "moderation", "status", "--tender", REF)
    assert (code, out) == (0, "Lot 1: not open (ready to open)\nLot 2: not open (ready to open)\n")
    code, _, err = svdesk(capsys, db, "moderation", "board", "--tender", REF, "--lot", "1")
    assert code == 1
    assert err == (
        "moderation of lot 1 has not opened: the evaluators' scores are private until it does\n"
    )
    code, out, _ = svdesk(capsys, db, "moderation", "open", "--tender", REF, "--lot", "1")
    assert code == 0
    assert "Lot 1: open since" in out
    assert "(Mo Derator)" in out

    code, out, _ = svdesk(
        capsys,
        db,
        "moderation",
        "board",
        "--tender",
        REF,
        "--lot",
        "1",
        "--sort",
        "spread",
        "--presentation",
        "--hide-bidders",
    )
    assert code == 0
    lines = out.splitlines()
    assert (
        lines[0]
        == f"{REF} Lot 1: 1 of 4 responses with scores more than one step of the scale apart (marked !)"
    )
    assert lines[1].split() == [
        "Bidder",
        "Criterion",
        "Evaluator",
        "A",
        "Evaluator",
        "B",
        "Spread",
        "Median",
        "Consensus",
        "State",
    ]
    assert lines[2].split() == [
        "Bidder",
        "2",
        "SV1",
        "50",
        "0",
        "2",
        "!",
        "25",
        "-",
        "not",
        "started",
    ]
    for name in ("Ann", "Ben", "Alpha", "Beta"):
        assert name not in out

    code, _, err = svdesk(
        capsys,
        db,
        "moderation",
        "agree",
        "--tender",
        REF,
        "--lot",
        "1",
        "--bidder",
        "B01",
        "--criterion",
        "SV1",
        "--score",
        "75",
        "--sub-rationale",
        SOUND,
        "--sub-rationale",
        "Two roles are ring-fenced for care leavers, with training for each new starter.",
    )
    assert code == 1
    assert err.startswith("the reconciliation note is required: the evaluators' scores differed")
    code, out, _ = svdesk(
        capsys,
        db,
        "moderation",
        "agree",
        "--tender",
        REF,
        "--lot",
        "1",
        "--bidder",
        "B01",
        "--criterion",
        "SV1",
        "--score",
        "75",
        "--sub-rationale",
        SOUND,
        "--sub-rationale",
        "Two roles are ring-fenced for care leavers, with training for each new starter.",
        "--reconciliation",
        NOTE,
    )
    assert (code, out) == (0, "Lot 1, B01, SV1: consensus 75 confirmed\n")

    before = snapshot(db)
    code, _, err = svdesk(
        capsys,
        db,
        "moderation",
        "sign-off",
        "--tender",
        REF,
        "--lot",
        "1",
        "--present",
        "Mo Derator, Ann Evaluator, Ben Evaluator",
    )
    assert code == 1
    assert (
        err.splitlines()[0] == "lot 1 cannot be signed off: 3 responses have no confirmed consensus"
    )
    assert snapshot(db) == before


def test_statistics_and_the_rationale_check(capsys: pytest.CaptureFixture[str], db: Path) -> None:
    svdesk(capsys, db, "moderation", "open", "--tender", REF, "--lot", "1")
    code, out, _ = svdesk(capsys, db, "moderation", "stats", "--tender", REF)
    assert code == 0
    assert out.splitlines()[0] == "Lot 1 (North)"
    assert out.splitlines()[1].startswith("  Agreement (Krippendorff's alpha, ordinal): ")
    assert "Ann Evaluator: no confirmed consensus to compare with yet" in out
    code, out, _ = svdesk(capsys, db, "moderation", "check", "--tender", REF)
    assert (code, out) == (0, f"{REF}: every moderated rationale passes the rationale check.\n")


def test_check_reports_a_rationale_that_compares_bids(
    capsys: pytest.CaptureFixture[str], db: Path
) -> None:
    svdesk(capsys, db, "moderation", "open", "--tender", REF, "--lot", "2")
    code, out, _ = svdesk(
        capsys,
        db,
        "moderation",
        "agree",
        "--tender",
        REF,
        "--lot",
        "2",
        "--bidder",
        "B02",
        "--criterion",
        "SV2",
        "--score",
        "25",
        "--rationale",
        "Four local residents in permanent roles with quarterly KPI reports, better than the "
        "other bids.",
    )
    assert code == 0
    assert out.splitlines()[1] == (
        'warning: the rationale compares bids ("better than the other"); assess this answer '
        "against the criterion and the scale alone: say what it offers and what it lacks, "
        "without reference to other bids"
    )
    code, _, err = svdesk(capsys, db, "check", "--tender", REF)
    assert code == 1
    assert (
        'Lot 2, B02, SV2: the rationale compares bids ("better than the other"); assess this '
        "answer" in err
    )
    code, out, _ = svdesk(capsys, db, "moderation", "check", "--tender", REF)
    assert code == 0
    assert out.splitlines()[0] == f"{REF}: 1 flag(s) on 1 rationale(s); letters wait for them:"
