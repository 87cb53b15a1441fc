"""``svdesk panel --withdraw NAME --reason TEXT``, and the panel fixed once moderation has
opened, from the command line."""

from __future__ import annotations

from pathlib import Path

import pytest

from svdesk.cli import main
from tests.support.packs import write_pack
from tests.support.snapshot import snapshot

REF = "TST-2026-0001"
REASON = "Moved to another department before scoring began."


def svdesk(capsys: pytest.CaptureFixture[str], db: Path, *args: str) -> tuple[int, str, str]:
    code = main(["--db", str(db), *args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def db(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    path = tmp_path / "t.sqlite"
    assert svdesk(capsys, path, "import", str(write_pack(tmp_path / "p.xlsx")))[0] == 0
    for name in ("Ann Lee", "Raj Patel"):
        assert svdesk(capsys, path, "panel", "--tender", REF, "--add", name)[0] == 0
    return path


def test_a_member_is_withdrawn_with_the_reason_and_the_trail_verifies(
    db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = svdesk(
        capsys, db, "panel", "--tender", REF, "--withdraw", "raj patel", "--reason", REASON
    )
    assert code == 0, err
    assert out == (
        f"Withdrew Raj Patel from the panel of {REF}: 0 declaration(s) withdrawn, "
        "0 draft(s) discarded\n"
    )
    code, out, _ = svdesk(capsys, db, "panel", "--tender", REF, "--list")
    assert out == "Ann Lee  evaluator  declared for 0 bidder(s)\n"
    code, out, _ = svdesk(capsys, db, "audit", "--tender", REF)
    assert f"recorded withdrawal reason Raj Patel: {REASON}" in out
    assert "withdrawn panel member Raj Patel: name=Raj Patel, role=evaluator" in out
    code, out, err = svdesk(capsys, db, "audit", "--tender", REF, "--verify")
    assert code == 0, err
    assert out.startswith(f"The audit trail of {REF} is complete and intact")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("--withdraw", "Raj Patel"),
            '--withdraw needs --reason "…": say why Raj Patel leaves the panel (it is kept in '
            "the audit trail)",
        ),
        (
            ("--withdraw", "Raj Patel", "--reason", "Left"),
            "say why Raj Patel is withdrawn from the panel, in a few words (3 or more): the "
            "reason is kept in the audit trail",
        ),
        (
            ("--list", "--reason", REASON),
            '--reason goes with --withdraw or --reset-passphrase: svdesk panel --withdraw NAME --reason "…"',
        ),
    ],
)
def test_a_withdrawal_without_its_reason_is_refused(
    db: Path, capsys: pytest.CaptureFixture[str], args: tuple[str, ...], message: str
) -> None:
    before = snapshot(db)
    code, _out, err = svdesk(capsys, db, "panel", "--tender", REF, *args)
    assert code == 1
    assert err == message + "\n"
    assert snapshot(db) == before


def test_no_one_joins_the_panel_once_moderation_has_opened(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _out, err = svdesk(
        capsys, db, "consensus", "--template", "--tender", REF, "-o", str(tmp_path / "c.xlsx")
    )
    assert code == 0, err
    before = snapshot(db)
    code, _out, err = svdesk(capsys, db, "panel", "--tender", REF, "--add", "Cy New")
    assert code == 1
    assert err.startswith(f"moderation of {REF} has opened, so Cy New cannot join the panel")
    assert snapshot(db) == before
