"""Opening tender packs: workbooks, zips and folders, and refusing unsafe ones clearly."""

from __future__ import annotations

import io
import os
import stat
import struct
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from svdesk.packs import source
from svdesk.packs.source import PackAttachmentError, PackFileError, PackSource, open_pack

OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def workbook_bytes() -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Tender"
    sheet.append(["Field", "Value"])
    sheet.append(["Reference", "CCS-2026-0142"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def write_zip(path: Path, entries: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> Path:
    with zipfile.ZipFile(path, "w", method) as archive:
        for name, data in entries.items():
            archive.writestr(zipfile.ZipInfo(name), data, compress_type=method)
    return path


def refused(path: Path) -> str:
    """Open ``path`` expecting PackFileError; its message, checked to be one line."""
    with pytest.raises(PackFileError) as caught:
        open_pack(path)
    message = str(caught.value)
    assert "\n" not in message
    assert message.strip() == message
    return message


def patch_zip_header(
    path: Path, name: str, offset_local: int, offset_central: int, fmt: str, value: int
) -> None:
    """Overwrite one field of ``name``'s local header and central directory record."""
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        local = archive.getinfo(name).header_offset
    struct.pack_into(fmt, data, local + offset_local, value)
    central = data.find(b"PK\x01\x02")
    while central >= 0:
        name_length = struct.unpack_from("<H", data, central + 28)[0]
        if data[central + 46 : central + 46 + name_length] == name.encode():
            struct.pack_into(fmt, data, central + offset_central, value)
        central = data.find(b"PK\x01\x02", central + 4)
    path.write_bytes(bytes(data))


# -- Workbooks ----------------------------------------------------------------------------------


def test_xlsx_opens_and_has_no_attachments(tmp_path: Path) -> None:
    data = workbook_bytes()
    (tmp_path / "Pack.XLSX").write_bytes(data)

    pack = open_pack(tmp_path / "Pack.XLSX")

    assert (pack.name, pack.kind, pack.workbook_name) == ("Pack.XLSX", "xlsx", "Pack.XLSX")
    assert pack.workbook == data
    assert pack.attachment_names() == []
    problem = pack.attachment_problem("answers/B01.pdf")
    assert problem is not None
    assert "'answers/B01.pdf'" in problem
    assert "workbook alone" in problem
    with pytest.raises(PackFileError, match="workbook alone"):
        pack.read_attachment("answers/B01.pdf")


def test_text_file_renamed_xlsx_is_not_a_workbook(tmp_path: Path) -> None:
    (tmp_path / "bids.xlsx").write_text("Bidder,Name\nB01,Acme\n")
    message = refused(tmp_path / "bids.xlsx")
    assert message.startswith("'bids.xlsx' is not an Excel workbook (.xlsx)")
    assert "text file" in message


def test_empty_file_is_not_a_workbook(tmp_path: Path) -> None:
    (tmp_path / "empty.xlsx").write_bytes(b"")
    message = refused(tmp_path / "empty.xlsx")
    assert "'empty.xlsx' is not an Excel workbook (.xlsx)" in message
    assert "empty" in message


def test_pdf_renamed_xlsx_is_named_as_pdf(tmp_path: Path) -> None:
    (tmp_path / "pack.xlsx").write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj")
    message = refused(tmp_path / "pack.xlsx")
    assert "not an Excel workbook" in message
    assert "PDF" in message


def test_ole_file_is_password_protected_or_old_xls(tmp_path: Path) -> None:
    (tmp_path / "pack.xlsx").write_bytes(OLE_SIGNATURE + os.urandom(2048))
    message = refused(tmp_path / "pack.xlsx")
    assert message == (
        "'pack.xlsx' is password-protected or an old Excel 97-2003 .xls file; "
        "remove the password / save it as .xlsx and import again"
    )


def test_really_encrypted_xlsx_is_refused(tmp_path: Path) -> None:
    ooxml = pytest.importorskip("msoffcrypto.format.ooxml")
    encrypted = io.BytesIO()
    ooxml.OOXMLFile(io.BytesIO(workbook_bytes())).encrypt("secret", encrypted)
    (tmp_path / "locked.xlsx").write_bytes(encrypted.getvalue())

    message = refused(tmp_path / "locked.xlsx")

    assert message.startswith("'locked.xlsx' is password-protected or an old Excel 97-2003")


def test_zip_without_workbook_part_is_not_a_workbook(tmp_path: Path) -> None:
    write_zip(tmp_path / "pack.xlsx", {"readme.txt": b"hello"})
    message = refused(tmp_path / "pack.xlsx")
    assert "'pack.xlsx' is not an Excel workbook (.xlsx)" in message
    assert "no workbook inside" in message


def test_zip_pack_renamed_xlsx_is_told_to_rename(tmp_path: Path) -> None:
    write_zip(tmp_path / "pack.xlsx", {"pack.xlsx": workbook_bytes(), "a.txt": b"x"})
    assert "rename it to .zip" in refused(tmp_path / "pack.xlsx")


def test_missing_path_does_not_exist(tmp_path: Path) -> None:
    message = refused(tmp_path / "nowhere.xlsx")
    assert message.endswith("does not exist")
    assert "nowhere.xlsx" in message


@pytest.mark.parametrize("suffix", [".csv", ".xls", ".ods", ".docx", ""])
def test_unsupported_suffix_lists_accepted_formats(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"pack{suffix}"
    path.write_bytes(b"Field,Value\n")
    message = refused(path)
    assert message.startswith(f"'pack{suffix}' is ")
    for accepted in (".xlsx", ".zip", "folder", ".json"):
        assert accepted in message
    if suffix in (".xls", ".ods", ".csv"):
        assert "save it as an Excel Workbook (.xlsx)" in message


def test_json_is_returned_unparsed_as_ocds(tmp_path: Path) -> None:
    data = b'{"releases": [ not even valid json'
    (tmp_path / "release.json").write_bytes(data)
    pack = open_pack(tmp_path / "release.json")
    assert (pack.kind, pack.name, pack.workbook_name, pack.workbook) == (
        "ocds",
        "release.json",
        "release.json",
        data,
    )


def test_oversized_workbook_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(source, "MAX_WORKBOOK_SIZE", 100)
    (tmp_path / "pack.xlsx").write_bytes(workbook_bytes())
    assert "larger than" in refused(tmp_path / "pack.xlsx")


# -- Zip packs -----------------------------------------------------------------------------------


def test_zip_with_one_workbook_and_attachment(tmp_path: Path) -> None:
    book = workbook_bytes()
    write_zip(
        tmp_path / "bids.zip",
        {
            "pack.xlsx": book,
            "answers/B01-SV1.txt": b"We will hire 12 apprentices.",
            "answers/": b"",
        },
    )

    pack = open_pack(tmp_path / "bids.zip")

    assert (pack.name, pack.kind, pack.workbook_name) == ("bids.zip", "zip", "pack.xlsx")
    assert pack.workbook == book
    assert pack.attachment_names() == ["answers/B01-SV1.txt"]
    assert pack.attachment_problem("answers/B01-SV1.txt") is None
    assert pack.read_attachment("answers/B01-SV1.txt") == b"We will hire 12 apprentices."
    assert pack.read_attachment("answers\\B01-SV1.txt") == b"We will hire 12 apprentices."
    assert pack.read_attachment("./answers//B01-SV1.txt") == b"We will hire 12 apprentices."


def test_zip_of_a_folder_uses_that_folder_as_root(tmp_path: Path) -> None:
    write_zip(
        tmp_path / "bids.zip",
        {
            "Pack/pack.xlsx": workbook_bytes(),
            "Pack/answers/a.txt": b"answer A",
            "Pack/.DS_Store": b"junk",
            "Pack/~$pack.xlsx": b"lock",
            "__MACOSX/Pack/._pack.xlsx": b"resource fork",
        },
    )

    pack = open_pack(tmp_path / "bids.zip")

    assert pack.workbook_name == "pack.xlsx"
    assert pack.attachment_names() == ["answers/a.txt"]
    assert pack.read_attachment("answers/a.txt") == b"answer A"
    assert pack.attachment_problem("Pack/answers/a.txt") is not None


def test_zip_made_on_windows_with_backslashes(tmp_path: Path) -> None:
    write_zip(
        tmp_path / "bids.zip",
        {
            "Pack\\pack.xlsx": workbook_bytes(),
            "Pack\\answers\\a.txt": b"answer A",
        },
    )
    pack = open_pack(tmp_path / "bids.zip")
    assert pack.attachment_names() == ["answers/a.txt"]
    assert pack.read_attachment("answers/a.txt") == b"answer A"


def test_names_zipped_on_a_mac_match_names_typed_in_excel(tmp_path: Path) -> None:
    decomposed = "Caf\u0065\u0301 plan.txt"  # macOS stores accents as separate marks
    write_zip(tmp_path / "bids.zip", {"pack.xlsx": workbook_bytes(), decomposed: b"menu"})
    pack = open_pack(tmp_path / "bids.zip")
    assert pack.read_attachment("caf\u00e9 plan.txt") == b"menu"


def test_workbook_renamed_zip_is_explained(tmp_path: Path) -> None:
    (tmp_path / "pack.zip").write_bytes(workbook_bytes())
    assert "an Excel workbook renamed: rename it to .xlsx" in refused(tmp_path / "pack.zip")


def test_zip_with_two_workbooks_names_both(tmp_path: Path) -> None:
    write_zip(tmp_path / "bids.zip", {"lot1.xlsx": workbook_bytes(), "Lot2.XLSX": workbook_bytes()})
    message = refused(tmp_path / "bids.zip")
    assert message.startswith("'bids.zip' holds 2 Excel workbooks")
    assert "'Lot2.XLSX'" in message
    assert "'lot1.xlsx'" in message
    assert "exactly one" in message


def test_zip_without_workbook(tmp_path: Path) -> None:
    write_zip(tmp_path / "bids.zip", {"answers/a.txt": b"A", "notes.txt": b"n"})
    message = refused(tmp_path / "bids.zip")
    assert message == "'bids.zip' holds no Excel workbook (.xlsx) at the top of the zip"


def test_zip_with_workbook_only_in_a_sub_folder_says_where(tmp_path: Path) -> None:
    write_zip(tmp_path / "bids.zip", {"docs/pack.xlsx": workbook_bytes(), "notes.txt": b"n"})
    message = refused(tmp_path / "bids.zip")
    assert "'docs/pack.xlsx' is in a sub-folder" in message


def test_workbook_inside_zip_is_checked_too(tmp_path: Path) -> None:
    write_zip(tmp_path / "bids.zip", {"pack.xlsx": OLE_SIGNATURE + b"\x00" * 600})
    message = refused(tmp_path / "bids.zip")
    assert message.startswith("'pack.xlsx' in 'bids.zip' is password-protected or an old Excel")


@pytest.mark.parametrize(
    "entry", ["../x.txt", "/etc/passwd", "C:\\x", "c:/windows/x.txt", "answers/../../x.txt"]
)
def test_zip_slip_entries_refuse_the_whole_pack(tmp_path: Path, entry: str) -> None:
    write_zip(tmp_path / "bids.zip", {"pack.xlsx": workbook_bytes(), entry: b"evil"})
    message = refused(tmp_path / "bids.zip")
    assert message.startswith("'bids.zip' is refused:")
    assert f"'{entry}'" in message
    assert "outside the pack" in message


def test_entry_name_with_line_break_stays_on_one_line(tmp_path: Path) -> None:
    write_zip(tmp_path / "bids.zip", {"pack.xlsx": workbook_bytes(), "../a\nb.txt": b"x"})
    assert "'../a?b.txt'" in refused(tmp_path / "bids.zip")


def test_symlink_entry_is_refused(tmp_path: Path) -> None:
    link = zipfile.ZipInfo("answers/a.txt")
    link.create_system = 3
    link.external_attr = (stat.S_IFLNK | 0o777) << 16
    with zipfile.ZipFile(tmp_path / "bids.zip", "w") as archive:
        archive.writestr("pack.xlsx", workbook_bytes())
        archive.writestr(link, "/etc/passwd")
    message = refused(tmp_path / "bids.zip")
    assert "'answers/a.txt'" in message
    assert "is a link" in message


def test_zip_bomb_is_refused_by_ratio_before_inflating(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "bids.zip"
    zeros = bytes(1024 * 1024)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("pack.xlsx", workbook_bytes())
        with archive.open("answers/bomb.txt", "w", force_zip64=True) as stream:
            for _ in range(200):
                stream.write(zeros)
    opened: list[str] = []
    real_open = zipfile.ZipFile.open

    def spy(self: zipfile.ZipFile, name: str | zipfile.ZipInfo, *args: object, **kw: object):  # type: ignore[no-untyped-def]
        opened.append(name.filename if isinstance(name, zipfile.ZipInfo) else name)
        return real_open(self, name, *args, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(zipfile.ZipFile, "open", spy)
    started = time.perf_counter()
    message = refused(path)
    assert time.perf_counter() - started < 2.0
    assert "answers/bomb.txt" in message
    assert "over 100 times its compressed size" in message
    assert "200.0 MB" in message
    assert "answers/bomb.txt" not in opened


def test_lying_size_header_cannot_inflate_past_it(tmp_path: Path) -> None:
    path = write_zip(
        tmp_path / "bids.zip",
        {
            "pack.xlsx": workbook_bytes(),
            "answers/big.txt": bytes(5 * 1024 * 1024),
        },
    )
    # uncompressed size: local header offset 22, central directory record offset 24
    patch_zip_header(path, "answers/big.txt", 22, 24, "<I", 1000)

    pack = open_pack(path)
    assert pack.attachment_problem("answers/big.txt") is None  # the header says 1000 bytes
    with pytest.raises(PackAttachmentError) as caught:
        pack.read_attachment("answers/big.txt")
    assert "'answers/big.txt' in 'bids.zip'" in str(caught.value)
    assert isinstance(caught.value, ValueError)


def test_bytes_are_counted_even_if_the_zip_reader_trusts_the_data(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_zip(tmp_path / "bids.zip", {"pack.xlsx": workbook_bytes(), "a.txt": b"x" * 10})
    pack = open_pack(path)
    produced: list[int] = []

    class Endless(io.RawIOBase):
        """Inflated data that does not stop at the size the header declares."""

        def readable(self) -> bool:
            return True

        def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
            produced.append(len(buffer))
            buffer[:] = bytes(len(buffer))
            return len(buffer)

    monkeypatch.setattr(zipfile.ZipFile, "open", lambda *args, **kwargs: Endless())
    with pytest.raises(
        PackAttachmentError, match=r"'a\.txt' in 'bids\.zip' is larger than the zip"
    ):
        pack.read_attachment("a.txt")
    assert sum(produced) <= 2 * 1024 * 1024  # stopped after the first chunk, not at the end


def test_encrypted_entry_is_refused(tmp_path: Path) -> None:
    path = write_zip(tmp_path / "bids.zip", {"pack.xlsx": workbook_bytes(), "a.txt": b"secret"})
    # general purpose flag: local header offset 6, central directory record offset 8
    patch_zip_header(path, "a.txt", 6, 8, "<H", 0x1)
    message = refused(path)
    assert "'a.txt'" in message
    assert "password-protected" in message


def test_unusual_compression_method_is_refused(tmp_path: Path) -> None:
    write_zip(tmp_path / "bids.zip", {"pack.xlsx": workbook_bytes()}, zipfile.ZIP_BZIP2)
    assert "compressed in a way svdesk cannot read" in refused(tmp_path / "bids.zip")


def test_total_size_and_file_count_limits(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    entries = {"pack.xlsx": workbook_bytes(), **{f"a{n}.txt": b"x" * 100 for n in range(5)}}
    write_zip(tmp_path / "bids.zip", entries, zipfile.ZIP_STORED)
    monkeypatch.setattr(source, "MAX_FILE_COUNT", 4)
    assert "6 files" in refused(tmp_path / "bids.zip")
    monkeypatch.setattr(source, "MAX_FILE_COUNT", 2000)
    monkeypatch.setattr(source, "MAX_TOTAL_UNCOMPRESSED", 1000)
    assert "add up to over" in refused(tmp_path / "bids.zip")


def test_same_file_twice_is_refused(tmp_path: Path) -> None:
    write_zip(
        tmp_path / "bids.zip", {"pack.xlsx": workbook_bytes(), "a/b.txt": b"1", "a\\b.txt": b"2"}
    )
    assert "two files named 'a/b.txt'" in refused(tmp_path / "bids.zip")


@pytest.mark.parametrize(
    ("content", "expected"),
    [(b"", "empty"), (b"just some text", "not a zip file"), (b"PK\x03\x04broken", "damaged")],
)
def test_damaged_or_fake_zip(tmp_path: Path, content: bytes, expected: str) -> None:
    (tmp_path / "bids.zip").write_bytes(content)
    message = refused(tmp_path / "bids.zip")
    assert message.startswith("'bids.zip' ")
    assert expected in message


def test_zip_attachment_problems(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_zip(
        tmp_path / "bids.zip",
        {
            "pack.xlsx": workbook_bytes(),
            "Answers/B01.PDF": b"%PDF-1.4",
            "answers2/x.txt": b"1",
            "answers2/X.txt": b"2",
            "data/prices.xlsx": b"",
            "docs/deep/notes.md": b"# Notes",
        },
    )
    pack = open_pack(tmp_path / "bids.zip")

    assert pack.attachment_problem("answers/b01.pdf") is None  # Windows users' capitals
    assert pack.read_attachment("answers/b01.pdf") == b"%PDF-1.4"
    assert pack.read_attachment("answers2/X.txt") == b"2"  # exact case wins
    problems = {
        "answers2/x.TXT": "differ only in capitals: 'answers2/X.txt', 'answers2/x.txt'",
        "answers/B02.pdf": "is not in the pack 'bids.zip'",
        "notes.md": "(did you mean 'docs/deep/notes.md'?)",
        "docs/deep": "is a folder, not a file",
        "data/prices.xlsx": "is a .xlsx file; attachments must be .txt, .md, .pdf or .docx",
        "../pack.xlsx": "contains '..'",
        "/etc/passwd": "is an absolute path",
        "C:\\answers\\a.txt": "starts with a drive letter",
        "  ": "is empty",
    }
    for path, expected in problems.items():
        problem = pack.attachment_problem(path)
        assert problem is not None, path
        assert expected in problem, (path, problem)
        assert problem.startswith(f"the attachment '{path}' ") or path.strip() == ""
        with pytest.raises(PackFileError, match="the attachment"):
            pack.read_attachment(path)

    monkeypatch.setattr(source, "MAX_ATTACHMENT_SIZE", 5)
    problem = pack.attachment_problem("docs/deep/notes.md")
    assert problem is not None
    assert "attachments over" in problem


# -- Folder packs --------------------------------------------------------------------------------


def make_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "Pack folder"
    (folder / "Answers").mkdir(parents=True)
    (folder / "pack.xlsx").write_bytes(workbook_bytes())
    (folder / "~$pack.xlsx").write_bytes(b"lock file")
    (folder / "Answers" / "B01.txt").write_bytes(b"answer one")
    return folder


def test_folder_pack_opens_and_reads_attachments(tmp_path: Path) -> None:
    pack = open_pack(make_folder(tmp_path))
    assert (pack.name, pack.kind, pack.workbook_name) == ("Pack folder", "folder", "pack.xlsx")
    assert pack.attachment_names() == ["Answers/B01.txt"]
    assert pack.read_attachment("Answers/B01.txt") == b"answer one"
    assert pack.read_attachment("answers\\b01.TXT") == b"answer one"  # case-insensitive
    assert pack.attachment_problem("Answers") == "the attachment 'Answers' is a folder, not a file"
    problem = pack.attachment_problem("Answers/B02.txt")
    assert problem == "the attachment 'Answers/B02.txt' is not in the pack folder 'Pack folder'"
    problem = pack.attachment_problem("../pack.xlsx")
    assert problem is not None
    assert "contains '..'" in problem


def test_folder_with_two_or_no_workbooks(tmp_path: Path) -> None:
    folder = make_folder(tmp_path)
    (folder / "old.xlsx").write_bytes(workbook_bytes())
    message = refused(folder)
    assert "2 Excel workbooks ('old.xlsx', 'pack.xlsx')" in message
    (folder / "old.xlsx").unlink()
    (folder / "pack.xlsx").unlink()
    assert "holds 0 Excel workbooks directly in it" in refused(folder)


def test_folder_refuses_links_out_of_the_pack(tmp_path: Path) -> None:
    folder = make_folder(tmp_path)
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_bytes(b"secret")
    try:
        (folder / "Answers" / "leak.txt").symlink_to(outside / "secret.txt")
        (folder / "linked").symlink_to(outside, target_is_directory=True)
    except OSError:
        pytest.skip("this system does not allow symbolic links")
    pack = open_pack(folder)

    for path in ("Answers/leak.txt", "linked/secret.txt", "LINKED/secret.txt"):
        problem = pack.attachment_problem(path)
        assert problem is not None, path
        assert "is a link" in problem, (path, problem)
        with pytest.raises(PackAttachmentError, match="is a link"):
            pack.read_attachment(path)
    assert pack.attachment_names() == ["Answers/B01.txt"]


def test_folder_attachment_size_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pack = open_pack(make_folder(tmp_path))
    monkeypatch.setattr(source, "MAX_ATTACHMENT_SIZE", 4)
    problem = pack.attachment_problem("Answers/B01.txt")
    assert problem == (
        "the attachment 'Answers/B01.txt' is 10 bytes; attachments over 4 bytes are refused "
        "(a PDF can often be made smaller by reducing its images)"
    )
    with pytest.raises(PackAttachmentError):
        pack.read_attachment("Answers/B01.txt")


def test_pack_source_can_be_built_without_files() -> None:
    pack = PackSource("x.json", "ocds", "x.json", b"{}")
    assert pack.attachment_names() == []


def test_packs_do_not_import_qt() -> None:
    code = (
        "import sys, svdesk.packs.source, svdesk.packs.attachments; "
        "sys.exit(any(name.split('.')[0] == 'PySide6' for name in sys.modules))"
    )
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0
