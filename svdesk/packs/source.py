"""Opening a tender pack safely: an .xlsx workbook, a .zip, a folder, or an OCDS .json file.

Nothing in a pack is trusted. Every zip entry is checked (no path out of the pack, no
links, no passwords, sizes and compression ratios within limits) before any is read,
and each is inflated counting its real bytes, so a zip whose headers lie cannot fill memory.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import stat
import unicodedata
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from svdesk.packs.attachments import SUPPORTED_SUFFIXES
from svdesk.packs.ordinary_files import MB
from svdesk.packs.ordinary_files import PackFileError as PackFileError
from svdesk.packs.ordinary_files import describe_special as _special
from svdesk.packs.ordinary_files import open_ordinary as _open_regular
from svdesk.packs.ordinary_files import quoted as _q
from svdesk.packs.ordinary_files import read_ordinary as _read_file
from svdesk.packs.ordinary_files import shown_size as _size

MAX_TOTAL_UNCOMPRESSED = 500 * MB  # all the files of a zip (or parts of a workbook) together
MAX_FILE_COUNT = 2_000  # entries in a zip pack
MAX_COMPRESSION_RATIO = 100  # refused above this, for entries larger than RATIO_CHECK_FROM
RATIO_CHECK_FROM = 1 * MB
MAX_ATTACHMENT_SIZE = 50 * MB
MAX_WORKBOOK_SIZE = 100 * MB
MAX_OCDS_SIZE = 100 * MB
MAX_WORKBOOK_PARTS = 10_000  # entries inside the .xlsx file itself

_OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_CHUNK = 1 * MB
_DRIVE = re.compile(r"^[A-Za-z]:")
_JUNK_NAMES = frozenset({".DS_Store", "Thumbs.db", "desktop.ini"})
_ACCEPTED = (
    "a tender pack must be an Excel workbook (.xlsx), a .zip or a folder holding one, "
    "or an OCDS .json file"
)
_SAVE_AS_XLSX = "open it in Excel and save it as an Excel Workbook (.xlsx)"
# The file at the top of an evaluator pack (``sheets.evaluator_pack``) that says what it is:
# a tender pack never holds it, so neither kind of pack is taken for the other.
EVALUATOR_MANIFEST = "svdesk-evaluator-pack.json"


class PackAttachmentError(PackFileError, ValueError):
    """An attachment named by the workbook cannot be read; the message names it."""


@dataclass(frozen=True)
class PackSource:
    """An opened pack: its workbook's bytes, and safe access to its attachment files."""

    name: str
    kind: str  # "xlsx", "zip", "folder" or "ocds"
    workbook_name: str
    workbook: bytes = field(repr=False)
    _store: _ZipStore | _FolderStore | None = field(default=None, repr=False, compare=False)

    def attachment_problem(self, relative_path: str) -> str | None:
        """Why ``relative_path`` cannot be used as an attachment, in plain words, or None."""
        shown = f"the attachment {_q(relative_path)}"
        problem = _path_problem(relative_path)
        if problem:
            return f"{shown} {problem}; give a path inside the pack, such as 'answers/B01.pdf'"
        if self._store is None:
            return (
                f"{shown} cannot be used: {_q(self.name)} is a workbook alone, with no other "
                "files; send the workbook and its attachments together in a .zip or a folder"
            )
        _, problem, size = self._store.locate(relative_path)
        if problem:
            return problem
        suffix = os.path.splitext(relative_path)[1].lower()
        if suffix not in SUPPORTED_SUFFIXES:
            return f"{shown} is {_kind(suffix)}; attachments must be .txt, .md, .pdf or .docx files"
        if size > MAX_ATTACHMENT_SIZE:
            return (
                f"{shown} is {_size(size)}; attachments over {_size(MAX_ATTACHMENT_SIZE)} "
                "are refused (a PDF can often be made smaller by reducing its images)"
            )
        return None

    def read_attachment(self, relative_path: str) -> bytes:
        """The attachment's bytes; raises PackAttachmentError, worded as attachment_problem."""
        problem = self.attachment_problem(relative_path)
        if problem or self._store is None:
            raise PackAttachmentError(problem)
        return self._store.read(relative_path)

    def attachment_names(self) -> list[str]:
        """Every file in the pack other than the workbook, as relative paths with '/'."""
        return [] if self._store is None else self._store.names()

    def digest(self) -> str:
        """The SHA-256 of the pack as opened: of its file, or of its workbook for a folder."""
        if not isinstance(self._store, _ZipStore):
            return hashlib.sha256(self.workbook).hexdigest()
        digest = hashlib.sha256()
        try:
            with _open_regular(self._store.path, _q(self.name), follow_links=True) as stream:
                while chunk := stream.read(_CHUNK):
                    digest.update(chunk)
        except OSError as exc:
            message = f"{_q(self.name)} cannot be read again (was it moved?): {exc.strerror or exc}"
            raise PackFileError(message) from exc
        return digest.hexdigest()


def open_pack(path: Path) -> PackSource:
    """Open the pack at ``path``; raises PackFileError saying what is wrong with the file."""
    path = Path(path)
    try:
        mode = os.stat(path).st_mode  # a link the user chose is followed, to a file or folder
    except FileNotFoundError:
        raise PackFileError(f"{_q(str(path))} does not exist") from None
    except OSError as exc:
        raise PackFileError(f"{_q(str(path))} cannot be read: {exc.strerror or exc}") from exc
    if stat.S_ISDIR(mode):
        return _open_folder(path)
    if not stat.S_ISREG(mode):
        raise PackFileError(
            f"{_q(path.name)} is not an ordinary file ({_special(mode)}), so it was not "
            f"opened: {_ACCEPTED}"
        )
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        data = _read_file(path, MAX_WORKBOOK_SIZE)
        _check_workbook(data, _q(path.name))
        return PackSource(path.name, "xlsx", path.name, data)
    if suffix == ".zip":
        return _open_zip(path)
    if suffix == ".json":
        return PackSource(path.name, "ocds", path.name, _read_file(path, MAX_OCDS_SIZE))
    hint = f"; {_SAVE_AS_XLSX}" if suffix in {".xls", ".xlsm", ".xlsb", ".ods", ".csv"} else ""
    raise PackFileError(
        f"{_q(path.name)} is {_kind(suffix)}, which cannot be imported: {_ACCEPTED}{hint}"
    )


# -- Checks shared by every kind of pack ------------------------------------------------------


def _kind(suffix: str) -> str:
    return f"a {suffix} file" if suffix else "a file without an extension"


def _parts(relative: str) -> list[str]:
    return [part for part in relative.replace("\\", "/").split("/") if part not in ("", ".")]


def _path_problem(relative: str) -> str | None:
    """Why a path written in the pack does not stay inside the pack, or None."""
    path = relative.replace("\\", "/")
    if not _parts(path) or not path.strip():
        return "is empty"
    if "\x00" in path:
        return "contains an invalid character"
    if path.startswith("/"):
        return "is an absolute path"
    if _DRIVE.match(path):
        return "starts with a drive letter"
    return "contains '..'" if ".." in path.split("/") else None


def _is_junk(relative: str) -> bool:
    """Files that operating systems and Excel leave behind, ignored in a pack."""
    parts = relative.split("/")
    return parts[0] == "__MACOSX" or parts[-1] in _JUNK_NAMES or parts[-1].startswith(("~$", "._"))


def _describe(data: bytes) -> str:
    if data.startswith(b"%PDF"):
        return "it is a PDF document"
    if data[:8] == _OLE_SIGNATURE:
        return "it is an old Office 97-2003 file or a password-protected one"
    if b"\x00" not in data[:4096]:
        return "it is a text file (a CSV file renamed, perhaps)"
    return "its contents are in another format"


def _check_workbook(data: bytes, shown: str) -> None:
    """Refuse bytes that openpyxl should not be given, saying what they are instead."""
    if data[:8] == _OLE_SIGNATURE:
        raise PackFileError(
            f"{shown} is password-protected or an old Excel 97-2003 .xls file; "
            "remove the password / save it as .xlsx and import again"
        )
    not_xlsx = f"{shown} is not an Excel workbook (.xlsx)"
    if not data:
        raise PackFileError(f"{not_xlsx}: the file is empty (0 bytes)")
    if not data.startswith(b"PK"):
        raise PackFileError(f"{not_xlsx}: {_describe(data)}; {_SAVE_AS_XLSX}")
    try:
        stream = io.BytesIO(data)
        if (_declared_entry_count(stream) or 0) > MAX_WORKBOOK_PARTS:
            raise PackFileError(f"{shown} is refused: it holds far too many parts")
        with zipfile.ZipFile(stream) as book:
            names = set(book.namelist())
            declared = sum(info.file_size for info in book.infolist())
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError) as exc:
        raise PackFileError(f"{not_xlsx}: it is damaged or was only partly copied ({exc})") from exc
    if "xl/workbook.xml" not in names:
        if any(name.lower().endswith(".xlsx") for name in names):
            raise PackFileError(f"{not_xlsx}: it is a zip of several files; rename it to .zip")
        raise PackFileError(f"{not_xlsx}: it is a zip archive with no workbook inside")
    if declared > MAX_TOTAL_UNCOMPRESSED:
        raise PackFileError(f"{shown} is refused: it expands to {_size(declared)}, too much")


# -- Zip packs --------------------------------------------------------------------------------


def _declared_entry_count(stream: BinaryIO) -> int | None:
    """The entry count from the zip's end record, read before zipfile lists every entry."""
    size = stream.seek(0, os.SEEK_END)
    tail_size = min(size, 22 + 0xFFFF + 20)
    stream.seek(size - tail_size)
    tail = stream.read(tail_size)
    stream.seek(0)
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or at + 22 > len(tail):
        return None
    count = int.from_bytes(tail[at + 10 : at + 12], "little")
    if count == 0xFFFF and at >= 20 and tail[at - 20 : at - 16] == b"PK\x06\x07":  # zip64
        stream.seek(int.from_bytes(tail[at - 12 : at - 4], "little"))
        record = stream.read(56)
        stream.seek(0)
        if record[:4] == b"PK\x06\x06" and len(record) == 56:
            count = int.from_bytes(record[32:40], "little")
    return count


@contextmanager
def _checked_zip(path: Path) -> Iterator[tuple[zipfile.ZipFile, dict[str, zipfile.ZipInfo]]]:
    """The zip at ``path`` and its checked entries (no path out of it, no links, no
    passwords, not too many files); a damaged zip, here or while the caller reads it, is
    refused in one line naming the file."""
    pack = path.name
    try:
        with _open_regular(path, _q(pack), follow_links=True) as stream:
            head = stream.read(8)
            if not head.startswith(b"PK"):
                what = _describe(head) if head else "the file is empty (0 bytes)"
                raise PackFileError(f"{_q(pack)} is not a zip file: {what}")
            count = _declared_entry_count(stream) or 0
            if count > MAX_FILE_COUNT:
                raise PackFileError(f"{_q(pack)} is refused: it holds {count:,} files, too many")
            with zipfile.ZipFile(stream) as archive:
                yield archive, _index_zip(archive, pack)
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as exc:
        raise PackFileError(f"{_q(pack)} is damaged or is not a zip file ({exc})") from exc


def _open_zip(path: Path) -> PackSource:
    pack = path.name
    with _checked_zip(path) as (archive, entries):
        if EVALUATOR_MANIFEST in entries:
            raise PackFileError(
                f"{_q(pack)} is an evaluator pack, not a tender pack: the evaluator "
                "opens it with svdesk gui, and the panel imports it once filled in "
                "with svdesk scores (or Evaluation > Import score sheets…)"
            )
        workbook = _find_workbook(entries, pack)
        data = _read_member(archive, entries[workbook], MAX_WORKBOOK_SIZE, pack)
    _check_workbook(data, f"{_q(workbook)} in {_q(pack)}")
    return PackSource(pack, "zip", workbook, data, _ZipStore(path, pack, entries, workbook))


def read_zip_files(path: Path, limit: int) -> dict[str, bytes]:
    """Every file of the zip at ``path`` by its path inside it, each at most ``limit`` bytes,
    with the checks of a tender pack's zip (no path out of it, no links, no passwords, no
    'zip bombs'); raises PackFileError saying what is wrong with the file."""
    with _checked_zip(path) as (archive, entries):
        return {key: _read_member(archive, info, limit, path.name) for key, info in entries.items()}


def _entry_problem(info: zipfile.ZipInfo) -> str | None:
    """Why one zip entry makes the whole pack unsafe to open, or None."""
    problem = _path_problem(info.filename)
    if problem:
        return f"{problem}, which leads outside the pack; make the zip again from the pack's folder"
    if stat.S_ISLNK(info.external_attr >> 16):
        return "is a link, not a file; zip the file itself"
    if info.flag_bits & 0x1:
        return "is password-protected; make the zip again without a password"
    if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        return "is compressed in a way svdesk cannot read; make the zip with Windows or macOS"
    if info.file_size > RATIO_CHECK_FROM and (
        info.file_size > MAX_COMPRESSION_RATIO * max(info.compress_size, 1)
    ):
        return (
            f"would expand from {_size(info.compress_size)} to {_size(info.file_size)}, over "
            f"{MAX_COMPRESSION_RATIO} times its compressed size, as harmful 'zip bombs' do"
        )
    return None


def _index_zip(archive: zipfile.ZipFile, pack: str) -> dict[str, zipfile.ZipInfo]:
    """Check every entry, and map each file's path inside the pack to its entry."""
    infos, refused = archive.infolist(), f"{_q(pack)} is refused:"
    if len(infos) > MAX_FILE_COUNT:
        raise PackFileError(f"{refused} it holds {len(infos):,} files, over {MAX_FILE_COUNT:,}")
    if sum(info.file_size for info in infos) > MAX_TOTAL_UNCOMPRESSED:
        raise PackFileError(f"{refused} its files add up to over {_size(MAX_TOTAL_UNCOMPRESSED)}")
    entries: dict[str, zipfile.ZipInfo] = {}
    for info in infos:
        problem = _entry_problem(info)
        if problem:
            raise PackFileError(f"{refused} the entry {_q(info.filename)} {problem}")
        key = "/".join(_parts(info.filename))
        if info.filename.replace("\\", "/").endswith("/"):
            continue  # a folder
        if key in entries:
            raise PackFileError(f"{refused} it holds two files named {_q(key)}")
        entries[key] = info
    kept = {key: info for key, info in entries.items() if not _is_junk(key)}
    tops = {key.split("/")[0] for key in kept}
    if len(tops) == 1 and all("/" in key for key in kept):  # a zipped folder: use it as root
        cut = len(tops.pop()) + 1
        kept = {key[cut:]: info for key, info in kept.items()}
    return kept


def _find_workbook(entries: dict[str, zipfile.ZipInfo], pack: str) -> str:
    books = sorted(key for key in entries if "/" not in key and key.lower().endswith(".xlsx"))
    if len(books) == 1:
        return books[0]
    if books:
        raise PackFileError(
            f"{_q(pack)} holds {len(books)} Excel workbooks ({', '.join(map(_q, books))}); "
            "a pack must hold exactly one at the top of the zip"
        )
    deeper = sorted(key for key in entries if key.lower().endswith(".xlsx"))
    hint = f"; {_q(deeper[0])} is in a sub-folder: move it to the top" if deeper else ""
    if "xl/workbook.xml" in entries:
        hint = "; it looks like an Excel workbook renamed: rename it to .xlsx"
    raise PackFileError(f"{_q(pack)} holds no Excel workbook (.xlsx) at the top of the zip{hint}")


def _read_member(
    archive: zipfile.ZipFile,
    info: zipfile.ZipInfo,
    limit: int,
    pack: str,
    error: type[PackFileError] = PackFileError,
) -> bytes:
    """Inflate one entry, counting the bytes that really come out, not those declared."""
    entry = f"{_q(info.filename)} in {_q(pack)}"
    if info.file_size > limit:
        raise error(f"{entry} is {_size(info.file_size)}; over {_size(limit)} is refused")
    out = bytearray()
    try:
        with archive.open(info) as stream:
            while chunk := stream.read(_CHUNK):
                out += chunk
                if len(out) > info.file_size or len(out) > limit:
                    raise error(f"{entry} is larger than the zip says; it is refused")
                if len(out) > max(RATIO_CHECK_FROM, MAX_COMPRESSION_RATIO * info.compress_size):
                    raise error(f"{entry} expands too much (a 'zip bomb'); it is refused")
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, RuntimeError) as exc:
        raise error(f"{entry} is damaged and cannot be read ({exc})") from exc
    return bytes(out)


def _fold(name: str) -> str:
    """A name for loose matching: capitals ignored, accents composed as Windows does (macOS
    decomposes them, so 'Café' typed in Excel must match 'Café' zipped on a Mac)."""
    return unicodedata.normalize("NFC", name).casefold()


def _unique_match(wanted: str, candidates: list[str]) -> tuple[str | None, list[str]]:
    """Case-sensitive match first, then case-insensitive if only one name matches."""
    if wanted in candidates:
        return wanted, []
    folded = [name for name in candidates if _fold(name) == _fold(wanted)]
    return (folded[0], []) if len(folded) == 1 else (None, folded)


def _clash(shown: str, clashes: list[str]) -> str:
    names = ", ".join(map(_q, sorted(clashes)))
    return f"{shown} matches several files whose names differ only in capitals: {names}"


@dataclass(frozen=True)
class _ZipStore:
    path: Path
    pack: str
    entries: dict[str, zipfile.ZipInfo]
    workbook: str

    def locate(self, relative: str) -> tuple[str | None, str | None, int]:
        """(the entry's key, None, its size), or (None, why it cannot be used, 0)."""
        wanted, shown = "/".join(_parts(relative)), f"the attachment {_q(relative)}"
        key, clashes = _unique_match(wanted, list(self.entries))
        if key is not None:
            return key, None, self.entries[key].file_size
        if clashes:
            return None, _clash(shown, clashes), 0
        if any(_fold(name).startswith(_fold(wanted) + "/") for name in self.entries):
            return None, f"{shown} is a folder, not a file", 0
        base = _fold(wanted.rsplit("/", 1)[-1])
        near = [name for name in self.entries if _fold(name.rsplit("/", 1)[-1]) == base]
        hint = f" (did you mean {_q(near[0])}?)" if len(near) == 1 else ""
        return None, f"{shown} is not in the pack {_q(self.pack)}{hint}", 0

    def read(self, relative: str) -> bytes:
        key, problem, _ = self.locate(relative)
        if key is None:
            raise PackAttachmentError(problem)
        try:
            with (
                _open_regular(self.path, _q(self.pack), follow_links=True) as stream,
                zipfile.ZipFile(stream) as archive,
            ):
                info, pack = self.entries[key], self.pack
                return _read_member(archive, info, MAX_ATTACHMENT_SIZE, pack, PackAttachmentError)
        except (zipfile.BadZipFile, OSError) as exc:
            message = f"{_q(self.pack)} cannot be read again (was it moved or changed?): {exc}"
            raise PackAttachmentError(message) from exc

    def names(self) -> list[str]:
        return sorted(key for key in self.entries if key != self.workbook)


# -- Folder packs -----------------------------------------------------------------------------


def _open_folder(path: Path) -> PackSource:
    root = path.resolve()
    pack, shown = root.name or str(root), f"the folder {_q(root.name or str(root))}"
    try:
        books = sorted(
            n for n in os.listdir(root) if n.lower().endswith(".xlsx") and not _is_junk(n)
        )
    except OSError as exc:
        raise PackFileError(f"{shown} cannot be read: {exc.strerror or exc}") from exc
    if len(books) != 1:
        found = f" ({', '.join(map(_q, books))})" if books else ""
        raise PackFileError(
            f"{shown} holds {len(books)} Excel workbooks{found} directly in it; "
            "a pack folder must hold exactly one"
        )
    workbook = f"{_q(books[0])} in {shown}"
    data = _read_file(root / books[0], MAX_WORKBOOK_SIZE, workbook, follow_links=False)
    _check_workbook(data, workbook)
    return PackSource(pack, "folder", books[0], data, _FolderStore(root, pack, books[0]))


@dataclass(frozen=True)
class _FolderStore:
    root: Path  # resolved
    pack: str
    workbook: str

    def locate(self, relative: str) -> tuple[Path | None, str | None, int]:
        """(the file, None, its size), or (None, why it cannot be used, 0)."""
        shown = f"the attachment {_q(relative)}"
        missing = f"{shown} is not in the pack folder {_q(self.pack)}"
        current, parts = self.root, _parts(relative)
        try:
            for index, part in enumerate(parts):
                names = [part] if os.path.lexists(current / part) else os.listdir(current)
                found, clashes = _unique_match(part, names)
                if found is None:
                    return None, _clash(shown, clashes) if clashes else missing, 0
                current = current / found
                info = os.lstat(current)
                if stat.S_ISLNK(info.st_mode):
                    return None, f"{shown} is a link (shortcut); put the file itself there", 0
                if index < len(parts) - 1 and not stat.S_ISDIR(info.st_mode):
                    return None, missing, 0
            if stat.S_ISDIR(info.st_mode):
                return None, f"{shown} is a folder, not a file", 0
            if not stat.S_ISREG(info.st_mode):
                return (
                    None,
                    f"{shown} is not an ordinary file ({_special(info.st_mode)})",
                    0,
                )
            if not current.resolve().is_relative_to(self.root):
                return None, f"{shown} leads outside the pack folder {_q(self.pack)}", 0
        except OSError as exc:
            return None, f"{shown} cannot be read: {exc.strerror or exc}", 0
        return current, None, info.st_size

    def read(self, relative: str) -> bytes:
        found, problem, _ = self.locate(relative)
        if found is None:
            raise PackAttachmentError(problem)
        try:
            return _read_file(found, MAX_ATTACHMENT_SIZE, follow_links=False)
        except PackFileError as exc:
            raise PackAttachmentError(f"the attachment {_q(relative)}: {exc}") from exc

    def names(self) -> list[str]:
        found: list[str] = []
        for folder, dirs, files in os.walk(self.root):  # os.walk does not follow links
            dirs[:] = [name for name in dirs if not Path(folder, name).is_symlink()]
            files = [name for name in files if not Path(folder, name).is_symlink()]
            found += [Path(folder, name).relative_to(self.root).as_posix() for name in files]
            if len(found) > 2 * MAX_FILE_COUNT:
                break
        found = [name for name in found if name != self.workbook and not _is_junk(name)]
        return sorted(found)[:MAX_FILE_COUNT]
