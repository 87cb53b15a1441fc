"""The answer being scored, laid out as the response reader lays it out (words past the
limit struck through, the attached file's text below), in a column of about 80 characters,
with find in answer; an attached PDF's pages in a tab beside it, and the attached file's
original a click away."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QTextCursor, QTextDocument
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QStyle,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from svdesk.services.workspace import ItemState
from svdesk.ui.plain_text import plain_label
from svdesk.ui.theme import (
    PAGE_MARGIN,
    SPACING,
    Banner,
    BannerKind,
    Heading,
    keep_scaled_font,
    muted_label,
)
from svdesk.ui.views.answer_document import write_answer
from svdesk.ui.views.response_reader import over_limit_text, word_count_text
from svdesk.ui.workspace.attachment_view import PDF_MEDIA_TYPE, AttachmentView, Drawing

if TYPE_CHECKING:
    from svdesk.services.tenders import ResponseView
    from svdesk.services.workspace import WorkItem

LINE_CHARACTERS = 80
Fetch = Callable[[int], tuple[str, bytes]]  # an attachment's id: its name and bytes


class AnswerPane(QWidget):
    open_attachment_requested = Signal(int)  # the attachment's id

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._response: ResponseView | None = None
        self.fetch: Fetch | None = None  # how the pages' bytes are read, when looked at
        self._shown_attachment: int | None = None
        self.bidder = Heading("", 2, self)
        self.context = muted_label("", self)
        self.word_count = plain_label("", self)
        self.over_limit = Banner(BannerKind.WARNING, "", self)
        self.notice = Banner(BannerKind.INFO, "", self)
        self.find_box = QLineEdit(self)
        self.find_box.setPlaceholderText("Find in answer (Enter: next, Shift+Enter: previous)")
        self.find_box.setAccessibleName("Find in answer")
        self.find_box.setClearButtonEnabled(True)
        self.find_box.hide()
        self.find_result = muted_label("", self, wrap=False)
        self.browser = QTextBrowser(self)
        self.browser.setOpenLinks(False)
        keep_scaled_font(self.browser, 1.1)
        self.browser.document().setDocumentMargin(PAGE_MARGIN)
        self.browser.setAccessibleName("Answer")
        self.open_original = QPushButton("&Open the original file", self)
        self.open_original.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_FileIcon))
        self.open_original.setToolTip("Open the file the bidder sent, in its own program")
        self.attachment_name = muted_label("", self)
        self.attachment = AttachmentView(self)
        self.tabs = QTabWidget(self)
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.browser, "&Answer")
        self.tabs.addTab(self.attachment, "Attached &PDF")
        self.tabs.setTabToolTip(1, "The pages of the PDF the bidder attached to this answer")
        self.tabs.tabBar().hide()

        column = QWidget(self)
        column.setMaximumWidth(self._column_width())
        inner = QVBoxLayout(column)
        inner.setContentsMargins(0, 0, 0, 0)
        inner.setSpacing(SPACING)
        inner.addWidget(self.bidder)
        inner.addWidget(self.context)
        inner.addWidget(self.word_count)
        inner.addWidget(self.over_limit)
        inner.addWidget(self.notice)
        finder = QHBoxLayout()
        finder.addWidget(self.find_box, 1)
        finder.addWidget(self.find_result)
        inner.addLayout(finder)
        inner.addWidget(self.tabs, 1)
        attachment = QHBoxLayout()
        attachment.addWidget(self.attachment_name, 1)
        attachment.addWidget(self.open_original)
        inner.addLayout(attachment)
        outer = QHBoxLayout(self)
        outer.setContentsMargins(SPACING, SPACING, SPACING, SPACING)
        outer.addStretch(1)
        outer.addWidget(column, 100)
        outer.addStretch(1)

        self.find_box.returnPressed.connect(self._on_find_return_pressed)
        self.find_box.textChanged.connect(self._on_find_text_changed)
        self.open_original.clicked.connect(self._on_open_original_clicked)
        self.tabs.currentChanged.connect(self._on_tabs_current_changed)
        self.attachment.wanted.connect(self._on_attachment_wanted)

    def _column_width(self) -> int:
        metrics = self.browser.fontMetrics()
        scroll_bar = self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)
        return metrics.averageCharWidth() * LINE_CHARACTERS + 2 * PAGE_MARGIN + scroll_bar + 8

    def show_item(self, item: WorkItem, response: ResponseView | None) -> None:
        """Show ``item``'s answer; never the answer of a bidder the evaluator declared a
        conflict with (the workspace lists those without their answer)."""
        if item.state is not ItemState.CONFLICT and response is not None:
            self.show_response(response)
            return
        self._clear(item.bidder_name, item.bidder, item.lot, item.criterion, item.criterion_title)
        self._response = None
        self.notice.set_text(
            "You declared a conflict of interest with this bidder: their answer is not "
            "shown to you, and you do not score it."
        )
        self.notice.show()

    def show_response(self, response: ResponseView) -> None:
        """Show ``response``'s answer (the workspace's, and the moderation meeting's)."""
        r = response
        self._clear(r.bidder_name, r.bidder, r.lot, r.criterion, r.criterion_title)
        self._response = response
        if response.missing:
            self.notice.set_text(f"{response.bidder_name} gave no answer to {response.criterion}.")
            self.notice.show()
            return
        write_answer(self.browser.document(), response)
        self.browser.moveCursor(QTextCursor.MoveOperation.Start)
        self.word_count.setText(word_count_text(response))
        if response.over_limit:
            self.over_limit.set_text(over_limit_text(response))
            self.over_limit.show()
        if response.attachment is not None:
            self._show_attachment(response)
        if self.find_box.isVisible() and self.find_box.text():
            self._find(backward=False)

    def _clear(self, name: str, bidder: str, lot: str, criterion: str, title: str) -> None:
        self.bidder.setText(f"{name} ({bidder})")
        self.context.setText(f"Lot {lot}  ·  {criterion} {title}")
        self.over_limit.hide()
        self.notice.hide()
        self.open_original.hide()
        self.attachment_name.hide()
        self._show_pdf_tab(False)
        self.browser.clear()
        self.word_count.setText("")

    def _show_attachment(self, response: ResponseView) -> None:
        attachment = response.attachment
        assert attachment is not None
        name = attachment.path.rsplit("/", 1)[-1]
        self.attachment_name.setText(f"Attached file: {attachment.path}")
        self.attachment_name.show()
        self.open_original.show()
        pdf = attachment.media_type == PDF_MEDIA_TYPE
        self._show_pdf_tab(pdf)
        if pdf and not attachment.text.strip():
            self.notice.set_text(
                f"No text could be read from the attached PDF {name} (a scanned document, "
                "perhaps): read its pages in the Attached PDF tab."
            )
            self.notice.show()
        elif not attachment.text.strip():
            self.notice.set_text(
                f"No text could be read from the attached file {name}: open the original "
                "file to read it."
            )
            self.notice.show()

    def _show_pdf_tab(self, shown: bool) -> None:
        self.tabs.setCurrentIndex(0)
        self.tabs.setTabEnabled(1, shown)
        self.tabs.tabBar().setVisible(shown)
        self.attachment.clear()
        self._shown_attachment = None

    def show_pages(self) -> None:
        """Show the attached PDF's pages (read now, the first time they are looked at)."""
        self.tabs.setCurrentIndex(1)

    @Slot(int)
    def _on_tabs_current_changed(self, index: int) -> None:
        response = self._response
        if index != 1 or response is None or response.attachment is None:
            return
        attachment = response.attachment
        if self.fetch is None or (
            self._shown_attachment == attachment.id and self.attachment.state is not Drawing.NOTHING
        ):
            return
        self._shown_attachment = attachment.id
        try:
            name, data = self.fetch(attachment.id)
        except LookupError:
            self.attachment.show_note(
                "The attached file is no longer in the database: it cannot be shown."
            )
            return
        self.attachment.show_pdf(
            name.rsplit("/", 1)[-1], data, has_text=bool(attachment.text.strip())
        )

    @Slot()
    def _on_attachment_wanted(self) -> None:
        self._on_tabs_current_changed(self.tabs.currentIndex())

    def start_find(self) -> None:
        self.tabs.setCurrentIndex(0)
        self.find_box.show()
        self.find_box.selectAll()
        self.find_box.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def _find(self, *, backward: bool) -> bool:
        text = self.find_box.text()
        if not text:
            self.find_result.setText("")
            return False
        flags = QTextDocument.FindFlag.FindBackward if backward else QTextDocument.FindFlag(0)
        found = self.browser.find(text, flags)
        if not found:  # wrap round once
            self.browser.moveCursor(
                QTextCursor.MoveOperation.End if backward else QTextCursor.MoveOperation.Start
            )
            found = self.browser.find(text, flags)
        self.find_result.setText("" if found else "Not found")
        return found

    @Slot()
    def _on_find_return_pressed(self) -> None:
        from PySide6.QtWidgets import QApplication

        shift = bool(QApplication.keyboardModifiers() & Qt.KeyboardModifier.ShiftModifier)
        self._find(backward=shift)

    @Slot(str)
    def _on_find_text_changed(self, _text: str) -> None:
        self.browser.moveCursor(QTextCursor.MoveOperation.Start)
        self._find(backward=False)

    @Slot()
    def _on_open_original_clicked(self) -> None:
        if self._response is not None and self._response.attachment is not None:
            self.open_attachment_requested.emit(self._response.attachment.id)
