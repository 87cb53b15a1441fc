"""Drawing a PDF's pages in a process of their own, with QtPdf.

A bidder's PDF is hostile input, and PDFium can take seconds to draw one crafted page
while it holds a lock every QtPdf call waits for: drawn in the window's process, such a
page would freeze the window. Drawn here, in a child process the window can stop at any
moment, it costs the evaluator nothing but the wait for that page.

    python -m svdesk --draw-pdf-pages WIDTH MOST_PAGES  < file.pdf

writes frames to standard output, each a kind byte, a 4-byte big-endian length and the
payload: ``E`` and the reason the file cannot be shown, ``N`` and the number of pages (in
ASCII), then ``P`` and each page drawn WIDTH pixels wide, as PNG, up to MOST_PAGES.
"""

from __future__ import annotations

import struct
import sys
from typing import BinaryIO

HEADER = struct.Struct(">cI")
ERROR, PAGE_COUNT, PAGE = b"E", b"N", b"P"
# Why a PDF cannot be shown, by the name of QtPdf's error.
WHY_NOT_SHOWN = {
    "IncorrectPassword": "is protected by a password",
    "UnsupportedSecurityScheme": "is protected in a way svdesk cannot open",
    "InvalidFileFormat": "is damaged, or is not a PDF",
}
UNREADABLE = "cannot be read as a PDF"
NO_PAGES = "has no pages"


def frame(kind: bytes, payload: bytes) -> bytes:
    return HEADER.pack(kind, len(payload)) + payload


def draw(data: bytes, width: int, most: int, out: BinaryIO) -> None:
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize
    from PySide6.QtGui import QColor, QImage, QPainter
    from PySide6.QtPdf import QPdfDocument

    source = QBuffer()
    source.setData(QByteArray(data))
    source.open(QIODevice.OpenModeFlag.ReadOnly)
    document = QPdfDocument()
    document.load(source)
    if document.status() is not QPdfDocument.Status.Ready:
        why = WHY_NOT_SHOWN.get(document.error().name, UNREADABLE)
        out.write(frame(ERROR, why.encode()))
        return
    count = document.pageCount()
    if count == 0:
        out.write(frame(ERROR, NO_PAGES.encode()))
        return
    out.write(frame(PAGE_COUNT, str(count).encode()))
    out.flush()
    for page in range(min(count, most)):
        points = document.pagePointSize(page)
        height = round(width * points.height() / points.width()) if points.width() > 0 else width
        drawn = document.render(page, QSize(width, max(1, min(height, width * 20))))
        image = QImage(drawn.size(), QImage.Format.Format_RGB32)
        image.fill(QColor("white"))  # PDFium leaves the paper transparent
        painter = QPainter(image)
        painter.drawImage(0, 0, drawn)
        painter.end()
        png = QBuffer()
        png.open(QIODevice.OpenModeFlag.WriteOnly)
        image.save(png, "PNG")  # type: ignore[call-overload]  # PySide6 takes str, not bytes
        out.write(frame(PAGE, bytes(png.data().data())))
        out.flush()


def main(argv: list[str]) -> int:
    width, most = (max(1, min(int(a), 10_000)) for a in argv[:2])
    draw(sys.stdin.buffer.read(), width, most, sys.stdout.buffer)
    sys.stdout.buffer.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
