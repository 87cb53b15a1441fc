"""``svdesk moderation anonymity``: the tender's anonymity choices, shown and changed; a
presentation board follows the tender's choice to hide bidders."""

from __future__ import annotations

from pathlib import Path

import pytest

from svdesk.cli import main
from svdesk.services.scoring import submit_scores
from svdesk.store.database import open_database
from tests.unit.services.test_evaluation_flow import CONSENSUS, NONE_DECLARED, REF, entries, tender

__all__ = ["tender"]


def svdesk(capsys: pytest.CaptureFixture[str], db: Path, *args: str) -> tuple[int, str]:
    code = main(["--db", str(db), *args])
    out, _err = capsys.readouterr()
    return code, out


@pytest.fixture
def db(tender: object, tmp_path: Path) -> Path:
    path = tmp_path / "t.sqlite"
    database = open_database(path)
    submit_scores(database, REF, "Ann Evaluator", entries(CONSENSUS), NONE_DECLARED)
    submit_scores(database, REF, "Ben Evaluator", entries(CONSENSUS), NONE_DECLARED)
    database.close()
    return path


def test_choices_shown_changed_and_recorded(capsys: pytest.CaptureFixture[str], db: Path) -> None:
    code, out = svdesk(capsys, db, "moderation", "anonymity", "--tender", REF)
    assert (code, out) == (
        0,
        "Shared screen: bidders by name\nConsensus workbook: evaluators by name\n",
    )
    code, out = svdesk(
        capsys,
        db,
        "moderation",
        "anonymity",
        "--tender",
        REF,
        "--hide-bidders",
        "yes",
        "--as",
        "Mo Derator",
    )
    assert (code, out) == (
        0,
        "Shared screen: bidders as Bidder 1, 2, 3\nConsensus workbook: evaluators by name\n",
    )
    _, out = svdesk(capsys, db, "audit", "--tender", REF)
    assert "Mo Derator  set anonymity choice hide bidders on shared screen: no -> yes" in out


def test_a_presentation_board_hides_bidders_where_the_tender_chose(
    capsys: pytest.CaptureFixture[str], db: Path
) -> None:
    svdesk(capsys, db, "moderation", "open", "--tender", REF, "--lot", "1")
    svdesk(capsys, db, "moderation", "anonymity", "--tender", REF, "--hide-bidders", "yes")
    args = ("moderation", "board", "--tender", REF, "--lot", "1")
    _, working = svdesk(capsys, db, *args)
    _, presented = svdesk(capsys, db, *args, "--presentation")
    assert "Bidder 1" not in working
    assert "Bidder 1" in presented
    assert "Ann Evaluator" not in presented
    assert "Evaluator A" in presented
