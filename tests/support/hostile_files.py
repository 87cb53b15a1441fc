"""Small attachments built to cost a reader a great deal of time or memory.

Each is written from raw XML or PDF syntax, so that the test does not depend on a
library being willing to write something this odd.
"""

from __future__ import annotations

import io
import zipfile
import zlib

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.wordprocessingml.document.main+xml"/></Types>'
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="word/document.xml"/></Relationships>'
)


def docx_from_body(body: bytes | list[bytes]) -> bytes:
    """A minimal .docx whose document body is ``body`` (pieces joined, streamed to the zip)."""
    pieces = body if isinstance(body, list) else [body]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _RELS)
        with archive.open("word/document.xml", "w", force_zip64=True) as part:
            part.write(
                f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                f'<w:document xmlns:w="{_W}"><w:body>'.encode()
            )
            for piece in pieces:
                part.write(piece)
            part.write(b"</w:body></w:document>")
    return out.getvalue()


def _cell(text: str, merge: str | None) -> str:
    merged = f'<w:tcPr><w:vMerge w:val="{merge}"/></w:tcPr>' if merge == "restart" else ""
    if merge == "continue":
        merged = "<w:tcPr><w:vMerge/></w:tcPr>"
    return f"{'<w:tc>'}{merged}<w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:tc>"


def merged_tables_docx(tables: int = 6, rows: int = 800, columns: int = 4) -> bytes:
    """Tables whose every column is one cell merged down all ``rows`` rows.

    python-docx finds the cell of each merged position by walking up the table, so
    reading such a table row by row takes time that grows with the cube of its size.
    """
    first = "".join(_cell(f"Column {n}", "restart") for n in range(columns))
    rest = "".join(_cell("", "continue") for _ in range(columns))
    grid = "<w:tblGrid>" + '<w:gridCol w:w="2000"/>' * columns + "</w:tblGrid>"
    table = f"<w:tbl>{grid}<w:tr>{first}</w:tr>{f'<w:tr>{rest}</w:tr>' * (rows - 1)}</w:tbl>"
    body = "<w:p><w:r><w:t>Our social value tables</w:t></w:r></w:p>" + table * tables
    return docx_from_body(body.encode())


def expanding_docx(megabytes: int = 190) -> bytes:
    """About ``megabytes`` MB of empty paragraphs, squeezed by zip into a few hundred KB.

    It stays under the 200 MB that the .docx check refuses, yet a reader that builds the
    whole document in memory needs gigabytes for it.
    """
    chunk = b"<w:p/>" * (1024 * 1024 // 6)
    return docx_from_body([chunk] * megabytes)


def shared_stream_pdf(pages: int = 2_000, lines: int = 4_000) -> bytes:
    """A PDF of ``pages`` pages that all draw one long content stream.

    The file stays small (the stream is stored once, compressed), but a reader that
    reads every page in turn reads the same long stream ``pages`` times.
    """
    text = b"".join(
        b"BT /F1 9 Tf %d %d Td (Line %d of our social value offer) Tj ET\n"
        % (40 + (n % 3) * 180, 800 - (n // 3 % 90) * 9, n)
        for n in range(lines)
    )
    stream = zlib.compress(text, 9)
    first_page = 5
    objects: list[bytes] = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids ["
        + b" ".join(b"%d 0 R" % (first_page + n) for n in range(pages))
        + b"] /Count %d >>" % pages,
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    page = (
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 3 0 R >> >> /Contents 4 0 R >>"
    )
    objects += [page] * pages
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def slow_pdf() -> bytes:
    """One page of 100,000 lines: tens of seconds to read, long past any test's budget."""
    return shared_stream_pdf(pages=1, lines=100_000)
