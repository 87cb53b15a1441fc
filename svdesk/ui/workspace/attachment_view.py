"""The pages of a PDF a bidder attached, shown where the answer is read.

The file is read only when the evaluator looks at it, so that moving through responses
never waits for a PDF, and its pages are drawn by QtPdf in a process of its own
(``pdf_pages``), which is stopped when the evaluator moves on or it takes too long. A file
that cannot be shown (damaged, protected by a password, not a PDF at all) is never an
error: a note says why, and where its text is, if any could be read.
"""

from __future__ import annotations

import sys
from enum import StrEnum

from PySide6.QtCore import QByteArray, QProcess, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QHideEvent, QImage, QPalette, QPixmap, QShowEvent
from PySide6.QtWidgets import (
    QLabel,
    QScrollArea,
    QStackedWidget,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from svdesk.ui.theme import SPACING, Banner, BannerKind, muted_label
from svdesk.ui.workspace import pdf_pages

PDF_MEDIA_TYPE = "application/pdf"
MOST_PAGES = 60  # drawn in place; the original has them all
LONGEST_DRAWING_MS = 30_000
TOO_SLOW = "took too long to draw"
NOT_DRAWN = "could not be drawn (the drawing of its pages stopped)"


class Drawing(StrEnum):
    NOTHING = "nothing"
    DRAWING = "drawing"
    SHOWN = "shown"  # every page asked for has been drawn
    NOT_SHOWN = "not shown"


def _drawer() -> list[str]:
    """The arguments that make svdesk draw pages (``svdesk.cli.main``): an installed build
    is itself the program, a checkout runs it with Python."""
    here = [] if getattr(sys, "frozen", False) else ["-m", "svdesk"]
    return [*here, "--draw-pdf-pages"]


def not_shown_note(name: str, why: str, has_text: bool) -> str:
    """What the evaluator reads instead of the pages of ``name``."""
    where = (
        "Its text, as far as svdesk could read it, is under the answer in the Answer tab."
        if has_text
        else "No text could be read from it either."
    )
    return (
        f"The pages of {name} cannot be shown here: the file {why}. {where} "
        "Open the original file to see it as the bidder sent it."
    )


class AttachmentView(QWidget):
    """A PDF's pages, one under another, or a note saying why they cannot be shown."""

    wanted = Signal()  # shown again after a drawing was stopped: it should start again

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Pages of the attached file")
        self.state = Drawing.NOTHING
        self.page_count = 0
        self._name = ""
        self._has_text = False
        self._process: QProcess | None = None
        self._received = QByteArray()
        self.status = muted_label("", self)
        self.page_host = QWidget(self)
        self.page_list = QVBoxLayout(self.page_host)
        self.page_list.setSpacing(SPACING * 2)
        self.page_list.addStretch(1)
        self.scroller = QScrollArea(self)
        self.scroller.setWidgetResizable(True)
        # Pages stand out on a darker ground, in a light theme or a dark one.
        self.scroller.setBackgroundRole(QPalette.ColorRole.Mid)
        self.scroller.setWidget(self.page_host)
        self.scroller.setAccessibleName("Pages of the attached file")
        self.note = Banner(BannerKind.INFO, "", self)
        note_page = QWidget(self)
        note_layout = QVBoxLayout(note_page)
        note_layout.addWidget(self.note)
        note_layout.addStretch(1)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.scroller)
        self.stack.addWidget(note_page)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.status)
        layout.addWidget(self.stack, 1)
        self._deadline = QTimer(self)
        self._deadline.setSingleShot(True)
        self._deadline.setInterval(LONGEST_DRAWING_MS)
        self._deadline.timeout.connect(self._on_deadline_timeout)

    def pages(self) -> list[QLabel]:
        return [w for w in self.page_host.findChildren(QLabel) if w.pixmap() is not None]

    def clear(self) -> None:
        """Stop drawing, and show nothing."""
        self._stop()
        while self.page_list.count() > 1:
            item = self.page_list.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.state = Drawing.NOTHING
        self.page_count = 0
        self.status.setText("")
        self.stack.setCurrentWidget(self.scroller)

    def show_pdf(self, name: str, data: bytes, *, has_text: bool) -> None:
        """Start drawing the pages of the PDF ``name``; they appear as they are drawn."""
        self.clear()
        self._name, self._has_text = name, has_text
        ratio = self.devicePixelRatioF()
        # The width the pages have once the vertical scroll bar shows: no sideways scrolling.
        margins = self.page_list.contentsMargins()
        bar = self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)
        inside = self.scroller.width() - 2 * self.scroller.frameWidth() - bar
        width = max(inside - margins.left() - margins.right(), 400)
        process = QProcess(self)
        process.setProcessChannelMode(QProcess.ProcessChannelMode.SeparateChannels)
        process.readyReadStandardOutput.connect(self._on_process_ready_read)
        process.finished.connect(self._on_process_finished)
        process.errorOccurred.connect(self._on_process_error)
        self._process = process
        self._received = QByteArray()
        self.state = Drawing.DRAWING
        self.status.setText(f"Drawing the pages of {name}…")
        process.start(sys.executable, [*_drawer(), str(round(width * ratio)), str(MOST_PAGES)])
        process.write(QByteArray(data))
        process.closeWriteChannel()
        self._deadline.start()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.state is Drawing.NOTHING:
            self.wanted.emit()

    def hideEvent(self, event: QHideEvent) -> None:
        # Another tab, or the window closing: a drawing half done starts again when shown.
        if self.state is Drawing.DRAWING:
            self.clear()
        super().hideEvent(event)

    def show_note(self, text: str) -> None:
        self._stop()
        self.state = Drawing.NOT_SHOWN
        self.status.setText("")
        self.note.set_text(text)
        self.stack.setCurrentIndex(1)

    def _stop(self) -> None:
        self._deadline.stop()
        process, self._process = self._process, None
        if process is not None:
            for signal in (process.readyReadStandardOutput, process.finished):
                signal.disconnect()
            process.errorOccurred.disconnect()
            process.kill()
            process.waitForFinished(1000)
            process.deleteLater()

    @Slot()
    def _on_process_ready_read(self) -> None:
        if self._process is None:
            return
        self._received.append(self._process.readAllStandardOutput())
        data = bytes(self._received.data())
        at = 0
        while len(data) - at >= pdf_pages.HEADER.size:
            kind, length = pdf_pages.HEADER.unpack_from(data, at)
            end = at + pdf_pages.HEADER.size + length
            if len(data) < end:
                break
            self._take(kind, data[at + pdf_pages.HEADER.size : end])
            at = end
            if self._process is None:  # a note stopped it
                return
        self._received = QByteArray(data[at:])

    def _take(self, kind: bytes, payload: bytes) -> None:
        if kind == pdf_pages.ERROR:
            self.show_note(not_shown_note(self._name, payload.decode(), self._has_text))
        elif kind == pdf_pages.PAGE_COUNT:
            self.page_count = int(payload.decode())
        elif kind == pdf_pages.PAGE:
            self._add_page(payload)

    def _add_page(self, png: bytes) -> None:
        image = QImage.fromData(png)
        if image.isNull():
            return
        pixmap = QPixmap.fromImage(image)
        pixmap.setDevicePixelRatio(self.devicePixelRatioF())
        page = QLabel(self.page_host)
        page.setPixmap(pixmap)
        page.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        shown = len(self.pages()) + 1
        page.setAccessibleName(f"Page {shown} of {self.page_count}")
        self.page_list.insertWidget(self.page_list.count() - 1, page)
        self.status.setText(self._summary(shown))

    def _summary(self, shown: int) -> str:
        count = self.page_count
        if shown < min(count, MOST_PAGES):
            return f"{self._name}: drawing page {shown + 1} of {count}…"
        if count > MOST_PAGES:
            return (
                f"{self._name}: the first {MOST_PAGES} of its {count:,} pages; open the "
                "original file for the rest."
            )
        return f"{self._name}: {count} page{'' if count == 1 else 's'}."

    @Slot(int, QProcess.ExitStatus)
    def _on_process_finished(self, _code: int, _status: QProcess.ExitStatus) -> None:
        self._on_process_ready_read()
        if self._process is None:
            return
        self._stop()
        if self.pages():
            self.state = Drawing.SHOWN
            self.status.setText(self._summary(len(self.pages())))
        else:
            self.show_note(not_shown_note(self._name, NOT_DRAWN, self._has_text))

    @Slot(QProcess.ProcessError)
    def _on_process_error(self, error: QProcess.ProcessError) -> None:
        if error is QProcess.ProcessError.FailedToStart and self._process is not None:
            self.show_note(not_shown_note(self._name, NOT_DRAWN, self._has_text))

    @Slot()
    def _on_deadline_timeout(self) -> None:
        if self.pages():
            self._stop()
            self.state = Drawing.SHOWN
            self.status.setText(
                f"{self._name}: {len(self.pages())} of its {self.page_count:,} pages drawn "
                "in time; open the original file for the rest."
            )
            return
        self.show_note(not_shown_note(self._name, TOO_SLOW, self._has_text))
