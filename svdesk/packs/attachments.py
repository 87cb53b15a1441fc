"""The text of a bidder's attachment (.txt, .md, .pdf or .docx), for evaluators to read.

The text is kept with the answer, so that evaluators can search and quote it; the
file itself is kept for viewing. A PDF without a text layer (a scanned document)
gives an empty text, and the caller warns about it.
"""

from __future__ import annotations

import io
import os
import re
import zipfile

from docx import Document
from docx.table import Table
from docx.text.paragraph import Paragraph
from pypdf import PdfReader
from pypdf.errors import DependencyError, FileNotDecryptedError

SUPPORTED_SUFFIXES = (".txt", ".md", ".pdf", ".docx")

_MEDIA_TYPES = {
    ".txt": "text/plain",
    ".md": "text/markdown",
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
_OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_MAX_DOCX_EXPANDED = 200 * 1024 * 1024  # a .docx is a zip: what its parts may expand to
_BLANK_RUNS = re.compile(r"\n{3,}")


class AttachmentError(Exception):
    """An attachment's text cannot be read; str(exc) is one line naming the attachment."""


def media_type(path: str) -> str:
    """The media (MIME) type of a supported attachment; AttachmentError for any other."""
    suffix = _suffix(path)
    if suffix not in _MEDIA_TYPES:
        raise AttachmentError(_unsupported(path, suffix))
    return _MEDIA_TYPES[suffix]


def extract_text(path: str, data: bytes) -> str:
    """The readable text of the attachment ``path`` whose bytes are ``data``, tidied.

    Lines lose their trailing spaces, line endings become ``\\n``, and runs of blank
    lines become one blank line. Raises AttachmentError when the file cannot be read.
    """
    suffix = _suffix(path)
    if suffix in (".txt", ".md"):
        text = _text_file(path, data)
    elif suffix == ".pdf":
        text = _pdf_text(path, data)
    elif suffix == ".docx":
        text = _docx_text(path, data)
    else:
        raise AttachmentError(_unsupported(path, suffix))
    return tidy_text(text)


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


def _pdf_text(path: str, data: bytes) -> str:
    if b"%PDF-" not in data[:1024]:  # the header may follow a little junk
        raise _cannot(path, "a PDF", "it is not a PDF file (was it renamed?)")
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise _cannot(path, "a PDF", "it is password-protected; send it without a password")
        pages = reader.pages
        if len(pages) == 0:
            raise _cannot(path, "a PDF", "it has no pages")
    except AttachmentError:
        raise
    except (DependencyError, FileNotDecryptedError, NotImplementedError) as exc:
        raise _cannot(path, "a PDF", f"its encryption cannot be opened ({exc})") from exc
    except Exception as exc:  # pypdf raises many kinds of error on a damaged file
        raise _cannot(path, "a PDF", f"it is damaged ({type(exc).__name__}: {exc})") from exc
    texts: list[str] = []
    for number, page in enumerate(pages, start=1):
        try:
            texts.append(page.extract_text() or "")
        except Exception as exc:  # as above: a damaged page must not lose text silently
            raise _cannot(path, "a PDF", f"page {number} is damaged ({exc})") from exc
    texts = [text.strip("\n") for text in texts]
    return "\n\n".join(text for text in texts if text.strip())


def _docx_text(path: str, data: bytes) -> str:
    if data[:8] == _OLE_SIGNATURE:
        raise _cannot(
            path,
            "a Word document",
            "it is password-protected or an old Word 97-2003 .doc file; remove the password "
            "or save it as .docx",
        )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as parts:
            expanded = sum(info.file_size for info in parts.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise _cannot(path, "a Word document", "it is damaged or is not a .docx file") from exc
    if expanded > _MAX_DOCX_EXPANDED:
        raise _cannot(path, "a Word document", "it expands to more than 200 MB and is refused")
    try:
        document = Document(io.BytesIO(data))
        lines: list[str] = []
        for block in document.iter_inner_content():
            if isinstance(block, Paragraph):
                lines.append(block.text)
            elif isinstance(block, Table):
                lines.extend(["", *_table_rows(block), ""])
    except Exception as exc:  # python-docx raises many kinds of error on a damaged file
        raise _cannot(
            path, "a Word document", f"it is damaged ({type(exc).__name__}: {exc})"
        ) from exc
    return "\n".join(lines)


def _table_rows(table: Table) -> list[str]:
    """Each row as one line of its cells joined by ' | '; a merged cell appears once."""
    rows: list[str] = []
    for row in table.rows:
        cells: list[str] = []
        previous: object = None
        for cell in row.cells:
            if cell._tc is previous:  # a cell merged across columns is repeated by python-docx
                continue
            previous = cell._tc
            cells.append(cell.text.strip())
        if any(cells):
            rows.append(" | ".join(cells))
    return rows
