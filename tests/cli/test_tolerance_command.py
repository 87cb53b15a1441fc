"""``svdesk moderation tolerance``: the tender's moderation tolerance, shown and changed
with a reason; the board marks what lies outside it."""

from __future__ import annotations

from pathlib import Path

import pytest

from svdesk.cli import main
from svdesk.services.scoring import submit_scores
from svdesk.store.database import open_database
from tests.unit.services.test_evaluation_flow import CONSENSUS, NONE_DECLARED, REF, entries, tender

__all__ = ["tender"]
BECAUSE = "The panel agreed to discuss every difference, the scale being coarse."


def svdesk(capsys: pytest.CaptureFixture[str], db: Path, *args: str) -> tuple[int, str, str]:
    code = main(["--db", str(db), *args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def db(tender: object, tmp_path: Path) -> Path:
    path = tmp_path / "t.sqlite"
    database = open_database(path)
    near = dict(CONSENSUS)
    near[("1", "B01", "SV1")] = 100  # Ann 75, Ben 100: one step apart
    submit_scores(database, REF, "Ann Evaluator", entries(CONSENSUS), NONE_DECLARED)
    submit_scores(database, REF, "Ben Evaluator", entries(near), NONE_DECLARED)
    database.close()
    return path


def test_shown_changed_with_a_reason_and_recorded(
    capsys: pytest.CaptureFixture[str], db: Path
) -> None:
    code, out, _ = svdesk(capsys, db, "moderation", "tolerance", "--tender", REF)
    assert (code, out) == (
        0,
        "Moderation tolerance: 1 of the scale's 4 steps (responses with scores more than "
        "one step of the scale apart are discussed first)\n",
    )
    args = ("moderation", "tolerance", "--tender", REF, "--steps", "0")
    code, out, err = svdesk(capsys, db, *args, "--as", "Mo Derator")
    assert code != 0
    assert "say why the tolerance changes" in err
    code, out, _ = svdesk(capsys, db, *args, "--reason", BECAUSE, "--as", "Mo Derator")
    assert (code, out) == (
        0,
        "Moderation tolerance: 0 of the scale's 4 steps (responses with scores that differ "
        "at all are discussed first)\n",
    )
    _, out, _ = svdesk(capsys, db, "audit", "--tender", REF)
    assert "Mo Derator  set moderation tolerance moderation tolerance" in out
    assert "steps=1 -> reason=The panel agreed to discuss" in out


def test_off_the_scale_is_refused_in_words(capsys: pytest.CaptureFixture[str], db: Path) -> None:
    args = ("moderation", "tolerance", "--tender", REF, "--steps", "9", "--reason", BECAUSE)
    code, _out, err = svdesk(capsys, db, *args)
    assert code != 0
    assert "the moderation tolerance of 9 steps is more than the scale has" in err
    assert "Traceback" not in err


def test_the_board_marks_what_lies_outside_the_tolerance(
    capsys: pytest.CaptureFixture[str], db: Path
) -> None:
    svdesk(capsys, db, "moderation", "open", "--tender", REF, "--lot", "1")
    board = ("moderation", "board", "--tender", REF, "--lot", "1")
    _, out, _ = svdesk(capsys, db, *board)
    assert "0 of 4 responses with scores more than one step of the scale apart" in out
    svdesk(
        capsys, db, "moderation", "tolerance", "--tender", REF, "--steps", "0", "--reason", BECAUSE
    )
    _, out, _ = svdesk(capsys, db, *board)
    assert "1 of 4 responses with scores that differ at all (marked !)" in out
    assert "1 !" in out
