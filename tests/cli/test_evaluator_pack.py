"""The offline evaluator pack on the command line: ``svdesk sheet … -o FILE.zip`` writes it
from the panel's database, the evaluator works on it in a database of their own, and
``svdesk scores FILE.zip`` imports it back, all or nothing."""

from __future__ import annotations

import hashlib
import json
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from svdesk.cli import main
from svdesk.packs.source import EVALUATOR_MANIFEST
from svdesk.services.drafts import save_draft, submit_lot
from svdesk.services.moderation import open_moderation
from svdesk.services.panel import Declaration, declare
from svdesk.services.passphrases import set_passphrase
from svdesk.services.scoring import my_responses
from svdesk.services.workspace import evaluator_workspace
from svdesk.sheets.evaluator_pack import read_evaluator_pack
from svdesk.sheets.evaluator_pack_work import open_working_copy, save_into_pack
from svdesk.store.database import Database
from tests.support.evaluator_packs import (
    ANN,
    ATTACHED,
    ATTACHED_TEXT,
    BEN,
    REF,
    WHY,
    panel_database,
    tender_zip,
)
from tests.support.snapshot import snapshot

DECLARED = [Declaration("B01", False), Declaration("B02", False)]


def svdesk(capsys: pytest.CaptureFixture[str], db: Path, *args: str) -> tuple[int, str, str]:
    code = main(["--db", str(db), *args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def panel(tmp_path: Path) -> Iterator[tuple[Database, Path]]:
    db, path = panel_database(tmp_path / "panel")
    declare(db, REF, ANN, DECLARED)
    yield db, path
    db.close()


def score_offline(pack: Path, folder: Path, score: int = 75, lot: str | None = "1") -> None:
    """The evaluator's laptop: score every response in the pack's own database, submit
    ``lot``, and save into the pack."""
    copy = open_working_copy(pack, folder)
    try:
        for item in evaluator_workspace(copy.db, REF, ANN).items:
            save_draft(
                copy.db, REF, ANN, item.lot, item.bidder, item.criterion, score=score,
                justification=f"{WHY} ({item.bidder} {item.criterion})", notes="Quokka note",
            )  # fmt: skip
        if lot is not None:
            submit_lot(copy.db, REF, ANN, lot)
        assert save_into_pack(copy)
    finally:
        copy.close()


def test_a_pack_goes_out_is_scored_on_another_database_and_comes_back(
    tmp_path: Path, panel: tuple[Database, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    db, path = panel
    save_draft(db, REF, ANN, "1", "B01", "SV1", score=50, justification="Half a thought")
    pack = tmp_path / "ann.zip"
    code, out, err = svdesk(
        capsys, path, "sheet", "--tender", REF, "--evaluator", ANN, "-o", str(pack)
    )
    assert (code, err) == (0, "")
    assert "svdesk gui ann.zip" in out
    assert "svdesk scores ann.zip" in out

    written = read_evaluator_pack(pack)
    assert written.manifest.tender == REF
    assert written.manifest.member == ANN
    assert written.manifest.panel.trail_tip
    assert written.manifest.panel.database
    assert set(written.manifest.parts) == {
        "score-sheet.xlsx", "tender.json", "work.json", "attachments/0001.txt"
    }  # fmt: skip
    assert written.parts["attachments/0001.txt"] == ATTACHED_TEXT.encode()
    assert [(w.criterion, w.score, w.justification) for w in written.copy.work] == [
        ("SV1", 50, "Half a thought")
    ]

    # On the evaluator's laptop: the draft is there, and the attached file.
    copy = open_working_copy(pack, tmp_path / "laptop")
    try:
        items = evaluator_workspace(copy.db, REF, ANN).items
        first = items[0]
        assert (first.score, first.justification, first.attachment) == (
            50,
            "Half a thought",
            ATTACHED,
        )
        assert ATTACHED_TEXT in first.answer
        assert copy.db.location != str(path)
    finally:
        copy.close()
    score_offline(pack, tmp_path / "laptop")

    code, out, err = svdesk(capsys, path, "scores", str(pack))
    assert (code, err) == (0, "")
    assert "6 score(s) submitted" in out
    scores = {
        (r.lot, r.bidder, r.criterion): (r.score, r.submitted) for r in my_responses(db, REF, ANN)
    }
    assert set(scores.values()) == {(75, True)}
    assert len(scores) == 6


def test_the_same_pack_returned_twice_changes_nothing_the_second_time(
    tmp_path: Path, panel: tuple[Database, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    _db, path = panel
    pack = tmp_path / "ann.zip"
    svdesk(capsys, path, "sheet", "--tender", REF, "--evaluator", ANN, "-o", str(pack))
    score_offline(pack, tmp_path / "laptop")
    assert svdesk(capsys, path, "scores", str(pack))[0] == 0
    before = snapshot(path)
    code, out, err = svdesk(capsys, path, "scores", str(pack))
    assert code == 1
    assert out == ""
    assert "'ann.zip' was already imported on" in err
    assert "there is nothing new in it for Ann Evaluator" in err
    assert snapshot(path) == before

    # More work on the same pack afterwards is new: it is imported.
    score_offline(pack, tmp_path / "laptop", score=100, lot=None)
    code, out, _err = svdesk(capsys, path, "scores", str(pack))
    assert code == 0
    assert "6 changed" in out


def test_a_returned_pack_keeps_the_evaluators_notes_out_of_the_panels_database(
    tmp_path: Path, panel: tuple[Database, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    _db, path = panel
    pack = tmp_path / "ann.zip"
    svdesk(capsys, path, "sheet", "--tender", REF, "--evaluator", ANN, "-o", str(pack))
    score_offline(pack, tmp_path / "laptop")
    assert svdesk(capsys, path, "scores", str(pack))[0] == 0
    assert b"Quokka" not in path.read_bytes()


# -- Bad input ------------------------------------------------------------------------------


def written_pack(
    tmp_path: Path, path: Path, capsys: pytest.CaptureFixture[str], *more: str
) -> Path:
    pack = tmp_path / "ann.zip"
    args = ("sheet", "--tender", REF, "--evaluator", ANN, "-o", str(pack), *more)
    assert svdesk(capsys, path, *args)[0] == 0
    score_offline(pack, tmp_path / "laptop")
    return pack


def rewritten(pack: Path, change: dict[str, bytes | None]) -> None:
    """Rewrite the zip with some entries replaced (or, for None, removed)."""
    with zipfile.ZipFile(pack) as archive:
        entries = {name: archive.read(name) for name in archive.namelist()}
    for name, data in change.items():
        if data is None:
            entries.pop(name, None)
        else:
            entries[name] = data
    with zipfile.ZipFile(pack, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)


def refused(capsys: pytest.CaptureFixture[str], path: Path, *args: str) -> str:
    before = snapshot(path)
    code, out, err = svdesk(capsys, path, *args)
    assert (code, out) == (1, "")
    assert "Traceback" not in err
    assert snapshot(path) == before
    return err


def test_a_part_edited_by_hand_is_refused(
    tmp_path: Path, panel: tuple[Database, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    _db, path = panel
    pack = written_pack(tmp_path, path, capsys)
    with zipfile.ZipFile(pack) as archive:
        work = json.loads(archive.read("work.json"))
    work["work"][0]["score"] = 0
    rewritten(pack, {"work.json": json.dumps(work).encode()})
    err = refused(capsys, path, "scores", str(pack))
    assert "'ann.zip' was changed outside svdesk ('work.json' no longer as svdesk wrote it)" in err


def test_a_damaged_zip_is_refused(
    tmp_path: Path, panel: tuple[Database, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    _db, path = panel
    pack = written_pack(tmp_path, path, capsys)
    pack.write_bytes(pack.read_bytes()[: pack.stat().st_size // 2])
    err = refused(capsys, path, "scores", str(pack))
    assert "'ann.zip' is damaged or is not a zip file" in err


def test_a_tender_pack_given_instead_is_refused_and_an_evaluator_pack_is_not_a_tender_pack(
    tmp_path: Path, panel: tuple[Database, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    _db, path = panel
    tender = tender_zip(tmp_path)
    err = refused(capsys, path, "scores", str(tender))
    assert "'tender pack.zip' is not an evaluator pack" in err
    assert "svdesk import" in err
    pack = written_pack(tmp_path, path, capsys)
    err = refused(capsys, path, "import", str(pack), "--replace")
    assert "'ann.zip' is an evaluator pack, not a tender pack" in err


def test_a_pack_of_another_database_is_refused(
    tmp_path: Path, panel: tuple[Database, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    _db, path = panel
    pack = written_pack(tmp_path, path, capsys)
    other, other_path = panel_database(tmp_path / "other")
    declare(other, REF, ANN, DECLARED)
    other.close()
    err = refused(capsys, other_path, "scores", str(pack))
    assert "'ann.zip' was written from another svdesk database than this one" in err


def test_a_pack_for_another_tender_is_refused(
    tmp_path: Path, panel: tuple[Database, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    _db, path = panel
    pack = written_pack(tmp_path, path, capsys)
    empty = tmp_path / "empty.sqlite"
    assert svdesk(capsys, empty, "tenders")[0] == 0
    err = refused(capsys, empty, "scores", str(pack))
    assert f"there is no tender with the reference {REF}" in err


def test_a_pack_whose_parts_are_for_another_member_is_refused(
    tmp_path: Path, panel: tuple[Database, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    _db, path = panel
    pack = written_pack(tmp_path, path, capsys)
    with zipfile.ZipFile(pack) as archive:
        manifest = json.loads(archive.read(EVALUATOR_MANIFEST))
    manifest["member"] = BEN  # the manifest's own hashes cannot tell this edit
    rewritten(pack, {EVALUATOR_MANIFEST: json.dumps(manifest).encode()})
    err = refused(capsys, path, "scores", str(pack))
    assert "'ann.zip' is damaged: its parts are for another tender or member" in err


def test_a_pack_over_scores_submitted_since_it_was_written_is_refused(
    tmp_path: Path, panel: tuple[Database, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    db, path = panel
    pack = written_pack(tmp_path, path, capsys)
    for lot, bidder, criterion in (("1", b, c) for b in ("B01", "B02") for c in ("SV1", "SV2")):
        save_draft(db, REF, ANN, lot, bidder, criterion, score=25, justification=WHY)
    submit_lot(db, REF, ANN, "1")
    err = refused(capsys, path, "scores", str(pack))
    assert (
        "Ann Evaluator's submitted scores in this database changed after 'ann.zip' was written"
        in err
    )
    assert "write Ann Evaluator a fresh evaluator pack instead" in err


def test_a_pack_returned_after_moderation_opened_is_refused(
    tmp_path: Path, panel: tuple[Database, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    db, path = panel
    pack = written_pack(tmp_path, path, capsys)
    open_moderation(db, REF)
    err = refused(capsys, path, "scores", str(pack))
    assert "moderation of this tender has begun" in err


def test_a_zip_bomb_is_refused(
    tmp_path: Path, panel: tuple[Database, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    _db, path = panel
    pack = written_pack(tmp_path, path, capsys)
    with zipfile.ZipFile(pack, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("attachments/0002.txt", b"\0" * (200 * 1024 * 1024))
    err = refused(capsys, path, "scores", str(pack))
    assert "'zip bombs'" in err


def test_a_passphrase_is_asked_before_a_pack_is_imported(
    tmp_path: Path, panel: tuple[Database, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    db, path = panel
    set_passphrase(db, REF, ANN, "correct horse battery")
    secret = tmp_path / "secret.txt"
    secret.write_text("correct horse battery\n", encoding="utf-8")
    pack = written_pack(tmp_path, path, capsys, "--passphrase-file", str(secret))
    assert "scrypt$" in read_evaluator_pack(pack).copy.passphrase_hash  # type: ignore[operator]
    assert b"correct horse" not in pack.read_bytes()
    err = refused(capsys, path, "scores", str(pack))
    assert "Ann Evaluator has a passphrase" in err
    code, out, _err = svdesk(capsys, path, "scores", str(pack), "--passphrase-file", str(secret))
    assert code == 0
    assert "submitted" in out


def test_svdesk_gui_opens_an_evaluator_pack_in_the_scoring_view_and_a_tender_pack_as_before(
    tmp_path: Path,
    panel: tuple[Database, Path],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from svdesk.ui import app
    from svdesk.ui.workspace import pack_session

    _db, path = panel
    pack = written_pack(tmp_path, path, capsys)
    opened: list[tuple[str, Path | None]] = []
    monkeypatch.setattr(
        pack_session, "run_pack", lambda file, _folder: opened.append(("pack", file)) or 0
    )
    monkeypatch.setattr(app, "run", lambda _db, file, **_k: opened.append(("window", file)) or 0)
    tender = tender_zip(tmp_path)
    assert main(["gui", str(pack)]) == 0
    assert main(["gui", str(tender)]) == 0
    assert opened == [("pack", pack), ("window", tender)]


def test_a_pack_whose_hashes_were_recomputed_to_cite_a_program_is_refused(
    tmp_path: Path, panel: tuple[Database, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    _db, path = panel
    pack = written_pack(tmp_path, path, capsys)
    with zipfile.ZipFile(pack) as archive:
        manifest = json.loads(archive.read(EVALUATOR_MANIFEST))
        tender = json.loads(archive.read("tender.json"))
    attached = next(r["attachment"] for r in tender["responses"] if r["attachment"])
    attached["path"] = "answers/run me.exe"
    data = json.dumps(tender).encode()
    manifest["parts"]["tender.json"] = hashlib.sha256(data).hexdigest()
    rewritten(pack, {"tender.json": data, EVALUATOR_MANIFEST: json.dumps(manifest).encode()})
    err = refused(capsys, path, "scores", str(pack))
    assert "'ann.zip' is damaged: an answer cites 'answers/run me.exe'" in err


def test_a_pack_whose_bidder_name_hides_characters_is_refused(
    tmp_path: Path, panel: tuple[Database, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    _db, path = panel
    pack = written_pack(tmp_path, path, capsys)
    with zipfile.ZipFile(pack) as archive:
        manifest = json.loads(archive.read(EVALUATOR_MANIFEST))
        tender = json.loads(archive.read("tender.json"))
    tender["bidders"][0]["name"] = "Acme \u202eLtd"
    data = json.dumps(tender).encode()
    manifest["parts"]["tender.json"] = hashlib.sha256(data).hexdigest()
    rewritten(pack, {"tender.json": data, EVALUATOR_MANIFEST: json.dumps(manifest).encode()})
    err = refused(capsys, path, "scores", str(pack))
    assert "'ann.zip' is damaged: its 'name' 'Acme \\u202eLtd' holds a hidden character" in err
