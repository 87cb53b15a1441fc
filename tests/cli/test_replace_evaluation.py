"""``svdesk import --replace`` never discards an evaluation without being asked to.

Before, replacing a scored and moderated tender wiped its panel, declarations, scores and
consensus without a word, and ``audit --verify`` then raised a false alarm for every one.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from svdesk.cli import main
from svdesk.services.audit_trail import audit_entries, verify
from svdesk.store.database import open_database
from tests.support.packs import set_cell, valid_sheets, write_pack
from tests.support.snapshot import snapshot
from tests.unit.services.test_evaluation_flow import REF, agree, score_everything, tender

__all__ = ["tender"]


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def evaluated(tender: object, tmp_path: Path) -> Path:
    from svdesk.store.database import Database

    assert isinstance(tender, Database)
    score_everything(tender)
    agree(tender)
    tender.close()
    return tmp_path / "t.sqlite"


def new_version(tmp_path: Path) -> Path:
    sheets = valid_sheets()
    set_cell(sheets, "Tender", 3, "Value", "Grounds Maintenance (corrected)")
    return write_pack(tmp_path / "corrected.xlsx", sheets)


def test_replacing_an_evaluated_tender_is_refused_naming_what_would_be_lost(
    evaluated: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = snapshot(evaluated)
    pack = new_version(tmp_path)
    code, out, err = run(capsys, "--db", str(evaluated), "import", str(pack), "--replace")
    assert code == 1
    assert out == ""
    assert (
        f"the tender {REF} in the database holds an evaluation that replacing it would "
        "discard (3 panel members, 4 declarations, 12 individual scores, 6 consensus scores; "
        "moderation has opened)"
    ) in err
    assert "--discard-evaluation" in err
    assert snapshot(evaluated) == before
    assert not list(tmp_path.glob("t.sqlite.bak-*"))


def test_discarding_it_keeps_a_copy_records_the_replacement_and_verifies_clean(
    evaluated: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pack = new_version(tmp_path)
    code, out, err = run(
        capsys,
        "--db",
        str(evaluated),
        "import",
        str(pack),
        "--replace",
        "--discard-evaluation",
    )
    assert code == 0, err
    copies = list(tmp_path.glob("t.sqlite.bak-before-replacing-*"))
    assert len(copies) == 1
    assert f"A copy of the database as it was before is kept at {copies[0]}" in out
    assert "The evaluation it held was discarded: 3 panel members" in out
    # The copy holds the evaluation as it was.
    with sqlite3.connect(copies[0]) as connection:
        assert connection.execute("SELECT COUNT(*) FROM evaluator_score").fetchone() == (12,)
        assert connection.execute("SELECT COUNT(*) FROM consensus").fetchone() == (6,)
    connection.close()
    _digest, counts = snapshot(evaluated)
    assert counts["evaluator_score"] == counts["consensus"] == counts["panel_member"] == 0

    db = open_database(evaluated)
    assert verify(db, REF) == []  # no false alarms for the discarded evaluation
    replaced = [e for e in audit_entries(db, REF) if e.action == "replaced"]
    assert len(replaced) == 1
    assert replaced[0].new["discarded"].startswith("3 panel members, 4 declarations")
    assert replaced[0].new["copy_kept"] == copies[0].name
    db.close()
    code, out, _err = run(capsys, "--db", str(evaluated), "audit", "--tender", REF, "--verify")
    assert code == 0
    assert "complete and intact" in out


def test_a_tender_with_no_evaluation_is_replaced_without_a_copy(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "plain.sqlite"
    assert run(capsys, "--db", str(db), "import", str(write_pack(tmp_path / "p.xlsx")))[0] == 0
    code, out, err = run(capsys, "--db", str(db), "import", str(new_version(tmp_path)), "--replace")
    assert code == 0, err
    assert "discarded" not in out
    assert not list(tmp_path.glob("plain.sqlite.bak-*"))
