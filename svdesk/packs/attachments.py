"""The text of a bidder's attachment (.txt, .md, .pdf or .docx), for evaluators to read.

The text is kept with the answer, so that evaluators can search and quote it; the
file itself is kept for viewing. A PDF without a text layer (a scanned document)
gives an empty text, and the caller warns about it. Reading stays within a budget
(``text_budget``): past it only the first part of the text is kept, and the result
says why. ``text_readers`` runs this in worker processes, which bound time and memory.
"""

from __future__ import annotations

import io
import os
import re
import zipfile
from collections.abc import Callable

from svdesk.packs.text_budget import BUDGET, TextBudget, too_long
from svdesk.packs.text_result import AttachmentText, Unreadable

SUPPORTED_SUFFIXES = (".txt", ".md", ".pdf", ".docx")

_MEDIA_TYPES = {
    ".txt": "text/plain",
    ".md": "text/markdown",
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
_OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_MAX_DOCX_EXPANDED = 200 * 1024 * 1024  # a .docx is a zip: what its parts may declare
_BLANK_RUNS = re.compile(r"\n{3,}")


class AttachmentError(Exception):
    """An attachment's text cannot be read; str(exc) is one line naming the attachment."""


def media_type(path: str) -> str:
    """The media (MIME) type of a supported attachment; AttachmentError for any other."""
    suffix = _suffix(path)
    if suffix not in _MEDIA_TYPES:
        raise AttachmentError(_unsupported(path, suffix))
    return _MEDIA_TYPES[suffix]


def needs_worker(path: str) -> bool:
    """Whether reading this attachment's text can cost more than its size suggests: PDF
    and Word files are read in a worker process, plain text here."""
    return _suffix(path) in (".pdf", ".docx")


def extract_text(path: str, data: bytes, budget: TextBudget = BUDGET) -> AttachmentText:
    """The readable text of the attachment ``path`` whose bytes are ``data``, tidied.

    Lines lose their trailing spaces, line endings become ``\\n``, and runs of blank
    lines become one blank line; at most ``budget.characters`` are kept. Raises
    AttachmentError when the file cannot be read. Time and memory are not bounded
    here: ``text_readers`` does that.
    """
    suffix = _suffix(path)
    shortfall = ""
    if suffix in (".txt", ".md"):
        text = _text_file(path, data)
    elif suffix == ".pdf":
        # pypdf is loaded only when a PDF is read (the fork server of text_readers has it
        # loaded already): a command that reads no attachment does not pay for it.
        from svdesk.packs.pdf_text import pdf_text

        text, shortfall = _read(path, "a PDF", pdf_text, data, budget)
    elif suffix == ".docx":
        text, shortfall = _docx_text(path, data, budget)
    else:
        raise AttachmentError(_unsupported(path, suffix))
    text = tidy_text(text)
    if len(text) > budget.characters:
        text = text[: budget.characters]
        shortfall = too_long(budget)
    return AttachmentText(text, shortfall)


def tidy_text(text: str) -> str:
    """Line endings as ``\\n``, no trailing spaces, never more than one blank line in a row."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = "\n".join(line.rstrip() for line in text.split("\n"))
    return _BLANK_RUNS.sub("\n\n", text).strip("\n")


def _suffix(path: str) -> str:
    return os.path.splitext(path.replace("\\", "/"))[1].lower()


def _unsupported(path: str, suffix: str) -> str:
    kind = f"a {suffix} file" if suffix else "a file without an extension"
    return f"the attachment '{path}' is {kind}; attachments must be .txt, .md, .pdf or .docx files"


def _cannot(path: str, kind: str, reason: str) -> AttachmentError:
    return AttachmentError(f"the attachment '{path}' cannot be read as {kind}: {reason}")


def _text_file(path: str, data: bytes) -> str:
    """Decode UTF-8 (with or without BOM), UTF-16 or UTF-32 with a BOM, else Windows-1252."""
    if data.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        encoding = "utf-32"
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encoding = "utf-16"
    elif data.startswith(b"\xef\xbb\xbf"):
        encoding = "utf-8-sig"
    else:
        encoding = ""
    if encoding:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError as exc:
            raise _cannot(
                path, "text", f"it is not valid {encoding.upper()} ({exc.reason})"
            ) from exc
    if b"\x00" in data:
        raise _cannot(path, "text", "it holds binary data, not text; was it renamed?")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")  # Windows' usual encoding for English


def _read(
    path: str,
    kind: str,
    reader: Callable[[bytes, TextBudget], tuple[str, str]],
    data: bytes,
    budget: TextBudget,
) -> tuple[str, str]:
    try:
        return reader(data, budget)
    except Unreadable as exc:
        raise _cannot(path, kind, str(exc)) from exc


def _docx_text(path: str, data: bytes, budget: TextBudget) -> tuple[str, str]:
    kind = "a Word document"
    if data[:8] == _OLE_SIGNATURE:
        raise _cannot(
            path,
            kind,
            "it is password-protected or an old Word 97-2003 .doc file; remove the password "
            "or save it as .docx",
        )
    try:  # (NotImplementedError, a RuntimeError, is a zip version that cannot be read)
        with zipfile.ZipFile(io.BytesIO(data)) as parts:
            expanded = sum(info.file_size for info in parts.infolist())
    except (zipfile.BadZipFile, OSError, ValueError, RuntimeError) as exc:
        raise _cannot(path, kind, "it is damaged or is not a .docx file") from exc
    if expanded > _MAX_DOCX_EXPANDED:
        raise _cannot(path, kind, "it expands to more than 200 MB and is refused")
    from svdesk.packs.docx_text import docx_text  # loaded when first needed, as pdf_text

    return _read(path, kind, docx_text, data, budget)
