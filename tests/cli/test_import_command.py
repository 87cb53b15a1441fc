"""``svdesk import``: whole packs in, or every reason out and the database unchanged."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from svdesk.cli import main
from tests.support.packs import Sheets, set_cell, valid_sheets, write_pack
from tests.support.snapshot import file_digest, snapshot


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def populated(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """A database that already holds one tender, so that 'unchanged' means something."""
    db = tmp_path / "db.sqlite"
    sheets = valid_sheets()
    set_cell(sheets, "Tender", 2, "Value", "EXISTING-1")
    code, _out, err = run(
        capsys, "--db", str(db), "import", str(write_pack(tmp_path / "e.xlsx", sheets))
    )
    assert code == 0, err
    return db


def broken(tmp_path: Path, change) -> Path:  # type: ignore[no-untyped-def]
    sheets: Sheets = valid_sheets()
    change(sheets)
    return write_pack(tmp_path / "broken.xlsx", sheets)


def zip_pack(tmp_path: Path, entries: dict[str, bytes], name: str = "pack.zip") -> Path:
    path = tmp_path / name
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for entry, data in entries.items():
            archive.writestr(entry, data)
    return path


def workbook_bytes(tmp_path: Path, sheets: Sheets | None = None) -> bytes:
    return write_pack(tmp_path / "inner.xlsx", sheets or valid_sheets()).read_bytes()


def test_import_prints_a_summary(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(
        capsys, "--db", str(tmp_path / "a.sqlite"), "import", str(write_pack(tmp_path / "p.xlsx"))
    )
    assert code == 0, err
    assert out.splitlines()[:2] == [
        "Imported TST-2026-0001: Grounds Maintenance",
        "  2 lot(s), 4 criteria, 2 bidders, 3 bids, 6 responses",
    ]
    code, out, _ = run(capsys, "--db", str(tmp_path / "a.sqlite"), "tenders")
    assert code == 0
    assert out.startswith(
        "TST-2026-0001  Grounds Maintenance  (Testshire County Council; 2 lot(s), 2 bidders"
    )


def with_attachment(tmp_path: Path) -> dict[str, bytes]:
    sheets = valid_sheets()
    set_cell(sheets, "Responses", 2, "Attachment", "docs/plan.txt")
    return {"pack.xlsx": workbook_bytes(tmp_path, sheets), "docs/plan.txt": b"Our plan."}


def bomb() -> bytes:
    buffer = io.BytesIO()
    chunk = b"\0" * (1024 * 1024)
    with (
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive,
        archive.open("huge.txt", "w", force_zip64=True) as handle,
    ):
        for _ in range(200):
            handle.write(chunk)
    return buffer.getvalue()


BAD_PACKS = {
    "weight of ten": (
        lambda tmp: broken(tmp, lambda s: set_cell(s, "Criteria", 2, "Weight", "ten")),
        ["Criteria!H2: Weight must be a number, got 'ten'"],
    ),
    "weights do not add up": (
        lambda tmp: broken(tmp, lambda s: set_cell(s, "Criteria", 3, "Weight", 9)),
        [
            "Criteria!H:H: the weights of lot 1's criteria add up to 21, but must add up to the social value weighting, 20"
        ],
    ),
    "duplicate bidder": (
        lambda tmp: broken(tmp, lambda s: s["Bidders"].append(["B02", "Beta Again"])),
        [
            "Bidders!A4: bidder 'B02' appears twice (rows 3 and 4); each bidder needs its own identifier"
        ],
    ),
    "criterion of another lot": (
        lambda tmp: broken(tmp, lambda s: set_cell(s, "Responses", 7, "Lot", "9")),
        ["Responses!B7: lot '9' is not in the Lots sheet (the lots are 1, 2)"],
    ),
    "not a workbook": (
        lambda tmp: (tmp / "notes.xlsx").write_text("just some notes") and tmp / "notes.xlsx",
        ["'notes.xlsx' is not an Excel workbook (.xlsx)"],
    ),
    "password-protected": (
        lambda tmp: (
            (tmp / "locked.xlsx").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 1024)
            and tmp / "locked.xlsx"
        ),
        ["'locked.xlsx' is password-protected or an old Excel 97-2003 .xls file"],
    ),
    "empty workbook": (
        lambda tmp: write_pack(tmp / "empty.xlsx", {"Sheet1": []}),
        ["empty.xlsx: the workbook has no sheet named 'Tender'; it is required"],
    ),
    "zip with two workbooks": (
        lambda tmp: zip_pack(tmp, {"a.xlsx": workbook_bytes(tmp), "b.xlsx": workbook_bytes(tmp)}),
        ["a.xlsx", "b.xlsx"],
    ),
    "zip slip": (
        lambda tmp: zip_pack(tmp, {"pack.xlsx": workbook_bytes(tmp), "../evil.txt": b"x"}),
        ["../evil.txt"],
    ),
    "zip bomb": (
        lambda tmp: (tmp / "bomb.zip").write_bytes(bomb()) and tmp / "bomb.zip",
        ["bomb.zip"],
    ),
    "missing attachment": (
        lambda tmp: zip_pack(
            tmp, {k: v for k, v in with_attachment(tmp).items() if k != "docs/plan.txt"}
        ),
        ["Responses!E2:", "docs/plan.txt"],
    ),
}


@pytest.mark.parametrize("case", list(BAD_PACKS))
def test_bad_pack_is_refused_with_reasons_and_changes_nothing(
    case: str, tmp_path: Path, populated: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    make, expected = BAD_PACKS[case]
    pack = make(tmp_path)
    before, before_file = snapshot(populated), file_digest(populated)
    code, _out, err = run(capsys, "--db", str(populated), "import", str(pack))
    assert code == 1
    assert "Traceback" not in err
    assert "nothing was changed" in err.splitlines()[0] or len(err.splitlines()) == 1
    for text in expected:
        assert text in err, err
    assert snapshot(populated) == before
    assert file_digest(populated) == before_file


def test_zip_pack_with_attachment_keeps_the_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from svdesk.services.tenders import attachment_file, tender_overview
    from svdesk.store.database import open_database

    db_path = tmp_path / "z.sqlite"
    code, out, err = run(
        capsys, "--db", str(db_path), "import", str(zip_pack(tmp_path, with_attachment(tmp_path)))
    )
    assert code == 0, err
    assert "1 attachment(s)" in out
    db = open_database(db_path)
    overview = tender_overview(db, "TST-2026-0001")
    response = overview.responses[0]
    assert response.attachment is not None
    assert response.attachment.path == "docs/plan.txt"
    assert response.text.endswith("Our plan.")
    assert attachment_file(db, response.attachment.id) == ("docs/plan.txt", b"Our plan.")
    db.close()


def test_folder_pack(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "pack"
    (folder / "docs").mkdir(parents=True)
    for name, data in with_attachment(tmp_path).items():
        (folder / name).write_bytes(data)
    code, out, err = run(capsys, "--db", str(tmp_path / "f.sqlite"), "import", str(folder))
    assert code == 0, err
    assert "Imported TST-2026-0001" in out


def test_existing_reference_is_refused_unless_replaced(
    tmp_path: Path, populated: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sheets = valid_sheets()
    set_cell(sheets, "Tender", 2, "Value", "existing-1")  # references match regardless of case
    set_cell(sheets, "Tender", 3, "Value", "New title")
    pack = write_pack(tmp_path / "again.xlsx", sheets)
    before = snapshot(populated)
    code, _out, err = run(capsys, "--db", str(populated), "import", str(pack))
    assert code == 1
    assert "a tender with the reference EXISTING-1 is already in the database" in err
    assert snapshot(populated) == before

    code, out, err = run(capsys, "--db", str(populated), "import", str(pack), "--replace")
    assert code == 0, err
    assert out.startswith("Replaced existing-1: New title")
    _digest, counts = snapshot(populated)
    assert counts["tender"] == 1
    assert counts["response"] == 6


def test_references_beyond_ascii_match_regardless_of_case_too(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    database = str(tmp_path / "u.sqlite")
    first, second = valid_sheets(), valid_sheets()
    set_cell(first, "Tender", 2, "Value", "ÉCOLE-ŁÓDŹ-1")
    set_cell(second, "Tender", 2, "Value", "école-łódź-1")
    code, _out, err = run(
        capsys, "--db", database, "import", str(write_pack(tmp_path / "a.xlsx", first))
    )
    assert code == 0, err
    again = str(write_pack(tmp_path / "b.xlsx", second))
    code, _out, err = run(capsys, "--db", database, "import", again)
    assert code == 1
    assert "a tender with the reference ÉCOLE-ŁÓDŹ-1 is already in the database" in err
    code, out, err = run(capsys, "--db", database, "import", again, "--replace")
    assert code == 0, err
    assert out.startswith("Replaced école-łódź-1")


def test_warnings_are_printed_after_a_successful_import(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sheets = valid_sheets()
    del sheets["Responses"][2]
    code, out, _err = run(
        capsys,
        "--db",
        str(tmp_path / "w.sqlite"),
        "import",
        str(write_pack(tmp_path / "w.xlsx", sheets)),
    )
    assert code == 0
    assert "6 responses" not in out
    assert "5 responses (1 missing)" in out
    assert (
        "  warning: Responses: bidder B01 gave no answer to SV2 in lot 1; it is imported as a missing response"
        in out
    )


def test_missing_pack_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _out, err = run(
        capsys, "--db", str(tmp_path / "m.sqlite"), "import", str(tmp_path / "nope.xlsx")
    )
    assert code == 1
    assert "nope.xlsx' does not exist" in err
    assert "Traceback" not in err
