"""``svdesk consensus --template`` on a full disk: the workbook is not written, so
moderation does not open either: the scores stay open to change, and nothing is left."""

from __future__ import annotations

import errno
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook

import svdesk.sheets.sheet_format as sheet_format
from svdesk.cli import main
from svdesk.domain.evaluation_rules import PanelRole
from svdesk.services.audit_trail import audit_entries
from svdesk.services.imports import import_pack
from svdesk.services.moderation import moderation_opened
from svdesk.services.panel import Declaration, add_member
from svdesk.services.scoring import ScoreEntry, my_responses, submit_scores
from svdesk.store.database import open_database
from tests.support.packs import VALID_SCORES, write_pack
from tests.support.snapshot import snapshot

REF = "TST-2026-0001"
ANN = "Ann Evaluator"
WHY = "Specific local jobs with dates, but thin on how they will be measured."
NO_CONFLICT = [Declaration("B01", False), Declaration("B02", False)]


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    path = tmp_path / "t.sqlite"
    db = open_database(path)
    import_pack(db, write_pack(tmp_path / "pack.xlsx"))
    add_member(db, REF, ANN)
    add_member(db, REF, "Mo Derator", PanelRole.MODERATOR)
    entries = [ScoreEntry(*key, score, WHY) for key, score in VALID_SCORES.items()]
    submit_scores(db, REF, ANN, entries, NO_CONFLICT)
    db.close()
    return path


def disk_full(_book: Workbook, filename: Any) -> None:
    # Part of the file is written before the disk fills up.
    Path(filename).write_bytes(b"PK\x03\x04 half a workbook")
    raise OSError(errno.ENOSPC, "No space left on device")


def test_a_full_disk_leaves_moderation_closed_and_nothing_behind(
    db_path: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    out = tmp_path / "moderation"
    out.mkdir()
    before = snapshot(db_path)
    monkeypatch.setattr(sheet_format, "save_workbook", disk_full)

    code = main(
        [
            "--db",
            str(db_path),
            "consensus",
            "--template",
            "--tender",
            REF,
            "-o",
            str(out / "c.xlsx"),
        ]
    )

    _out, err = capsys.readouterr()
    assert code == 1
    assert err.splitlines() == [
        f"the disk is full: svdesk could not write {out / 'c.xlsx'}; nothing was written; "
        f"moderation of {REF} was not opened"
    ]
    assert list(out.iterdir()) == []
    assert snapshot(db_path) == before
    db = open_database(db_path)
    try:
        assert moderation_opened(db, REF) is None
        assert [e for e in audit_entries(db, REF) if e.entity == "moderation"] == []
        # The scores are not frozen: Ann can still change one.
        changed = ScoreEntry("1", "B01", "SV1", 25, WHY)
        assert submit_scores(db, REF, ANN, [changed]).changed == 1
        mine = {(r.lot, r.bidder, r.criterion): r.score for r in my_responses(db, REF, ANN)}
        assert mine[("1", "B01", "SV1")] == 25
    finally:
        db.close()


def test_once_the_disk_has_room_the_workbook_is_written_and_moderation_opens(
    db_path: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    output = tmp_path / "c.xlsx"
    with monkeypatch.context() as patched:
        patched.setattr(sheet_format, "save_workbook", disk_full)
        assert (
            main(
                [
                    "--db",
                    str(db_path),
                    "consensus",
                    "--template",
                    "--tender",
                    REF,
                    "-o",
                    str(output),
                ]
            )
            == 1
        )
    capsys.readouterr()
    assert (
        main(["--db", str(db_path), "consensus", "--template", "--tender", REF, "-o", str(output)])
        == 0
    )
    assert capsys.readouterr().out == f"Wrote {output}; moderation of {REF} is open\n"
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix == ".xlsx") == [
        "c.xlsx",
        "pack.xlsx",
    ]
    db = open_database(db_path)
    try:
        assert moderation_opened(db, REF) is not None
    finally:
        db.close()
