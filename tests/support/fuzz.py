"""What the fuzz tests share: values a person could type into a cell, attachments a
bidder could send, the settings for tests that write files, and a database to import into."""

from __future__ import annotations

import datetime as dt
import io
import tempfile
import zipfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from svdesk.store.database import Database, open_database

# Each example writes and reads files; the workspace fixtures are shared on purpose.
FILE_FUZZ = settings(
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def cell_values(typical: Iterable[str] = ()) -> st.SearchStrategy[Any]:
    """Anything a cell could hold, with ``typical`` values of the sheet at hand mixed in."""
    return st.one_of(
        st.none(),
        st.booleans(),
        st.integers(min_value=-(10**20), max_value=10**20),
        st.floats(allow_nan=False, allow_infinity=False),
        # Excel cells cannot hold control characters; openpyxl refuses to write them.
        st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=40),
        st.sampled_from(["", "   ", "#DIV/0!", "#N/A", "#NAME?", "Yes", "no", "0", "1", "10%"]),
        st.sampled_from(list(typical) or [""]),
        st.dates(min_value=dt.date(1900, 3, 1), max_value=dt.date(2100, 1, 1)),
    )


@contextmanager
def fuzz_workspace() -> Iterator[tuple[Path, Database]]:
    """A temporary folder, and a database in it that the examples import into."""
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        db = open_database(folder / "fuzz.sqlite")
        try:
            yield folder, db
        finally:
            db.close()


# -- Attachments ---------------------------------------------------------------------------------

ATTACHMENT_NAMES = st.sampled_from(["a.pdf", "b.docx", "c.txt", "d.md", "E.PDF"])


def _pdf() -> bytes:
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    pdf = canvas.Canvas(out, pageCompression=0)  # uncompressed: changes reach the text
    for page in range(2):
        pdf.drawString(72, 780, f"Page {page + 1}: we will hire 12 apprentices.")
        pdf.drawString(72, 760, "Café – £5 a week, “quoted”.")
        pdf.showPage()
    pdf.save()
    return out.getvalue()


def _docx_xml() -> bytes:
    return (
        b'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.'
        b'openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>Our offer'
        b"</w:t><w:tab/><w:br/></w:r></w:p><w:tbl><w:tr><w:tc><w:tcPr><w:vMerge "
        b'w:val="restart"/></w:tcPr><w:p><w:r><w:t>Cell</w:t></w:r></w:p></w:tc></w:tr>'
        b"<w:tr><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc></w:tr></w:tbl>"
        b"<w:p><w:ins><w:r><w:t>Inserted</w:t></w:r></w:ins></w:p></w:body></w:document>"
    )


def docx_around(xml: bytes) -> bytes:
    """A .docx whose document part is ``xml``."""
    from tests.support.hostile_files import docx_from_body

    data = docx_from_body(b"")
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            content = xml if info.filename == "word/document.xml" else source.read(info)
            target.writestr(info.filename, content, zipfile.ZIP_DEFLATED)
    return out.getvalue()


SAMPLES = {
    ".pdf": _pdf(),
    ".docx": docx_around(_docx_xml()),
    ".txt": "Apprentices: 12\r\nCafé – £5\n".encode("cp1252"),
}


@st.composite
def mutated(draw: st.DrawFn, original: bytes) -> bytes:
    """``original`` with a few bytes changed, removed or added, or cut short."""
    data = bytearray(original)
    for _ in range(draw(st.integers(min_value=1, max_value=4))):
        at = draw(st.integers(min_value=0, max_value=max(len(data) - 1, 0)))
        change = draw(st.sampled_from(["replace", "delete", "insert", "cut"]))
        noise = draw(st.binary(min_size=1, max_size=8))
        if change == "replace":
            data[at : at + len(noise)] = noise
        elif change == "delete":
            del data[at : at + len(noise)]
        elif change == "insert":
            data[at:at] = noise
        else:
            del data[at:]
    return bytes(data)


@st.composite
def attachment_files(draw: st.DrawFn) -> tuple[str, bytes]:
    """An attachment's name and bytes: random bytes, or a real PDF, Word or text file
    damaged (a Word file's XML damaged inside an intact zip, too)."""
    name = draw(ATTACHMENT_NAMES)
    suffix = "." + name.rsplit(".", 1)[1].lower()
    sample = SAMPLES.get(suffix, SAMPLES[".txt"])
    kinds = [st.binary(max_size=2048), mutated(sample)]
    if suffix == ".docx":
        kinds.append(mutated(_docx_xml()).map(docx_around))
    if suffix == ".pdf":
        kinds.append(st.binary(max_size=512).map(lambda noise: b"%PDF-1.4\n" + noise))
    return name, draw(st.one_of(kinds))
