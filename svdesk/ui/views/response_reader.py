"""One bidder's answer to one criterion, laid out for reading, with the bidders side by side.

The panel reads every bidder's answer to a criterion in turn, so Previous and Next
bidder (Alt+Left, Alt+Right) stay on the criterion; Alt+Up and Alt+Down move to
the previous or next criterion of the same bidder.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QAction, QKeySequence, QTextCursor
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QPushButton,
    QStackedWidget,
    QStyle,
    QTextBrowser,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from svdesk.domain.model import BidStatus
from svdesk.ui.formatting import count, file_size
from svdesk.ui.plain_text import plain_label, rich_label
from svdesk.ui.theme import (
    BAD_COLOUR,
    PAGE_MARGIN,
    READING_WIDTH,
    SPACING,
    Banner,
    BannerKind,
    Heading,
    bold_font,
    keep_scaled_font,
    keep_width,
    muted_label,
    scaled_font,
)
from svdesk.ui.views.answer_document import write_answer
from svdesk.ui.views.navigator import Page, Target

if TYPE_CHECKING:
    from svdesk.services.tenders import ResponseView, TenderOverview


def over_limit_text(response: ResponseView) -> str:
    """``87 words past the 500-word limit are not evaluated``."""
    past = response.word_count - (response.word_limit or 0)
    verb = "is" if past == 1 else "are"
    return (
        f"{count(past, 'word')} past the {response.word_limit}-word limit {verb} not "
        "evaluated. They are struck through below."
    )


def word_count_text(response: ResponseView) -> str:
    """``412 words (limit 500)``."""
    limit = f"limit {response.word_limit:,}" if response.word_limit is not None else "no limit"
    return f"{count(response.word_count, 'word')} ({limit})"


class ResponseReader(QWidget):
    kinds = (Page.RESPONSE,)  # the navigator's targets it shows

    response_shown = Signal(int)  # the response's id
    open_attachment_requested = Signal(int)  # the attachment's id

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._overview: TenderOverview | None = None
        self._response: ResponseView | None = None
        self._active = True
        self._can_move = (False, False, False, False)

        self.context = muted_label("", self)
        self.bidder = Heading("", 1, self)
        self.position = muted_label("", self, wrap=False)
        self.previous_bidder = self._action("Previous bidder", "Alt+Left", "SP_ArrowBack")
        self.next_bidder = self._action("Next bidder", "Alt+Right", "SP_ArrowForward")
        self.previous_criterion = self._action("Previous criterion", "Alt+Up", "SP_ArrowUp")
        self.next_criterion = self._action("Next criterion", "Alt+Down", "SP_ArrowDown")

        self.question_title = plain_label("", self)
        self.question_title.setFont(bold_font())
        self.question = plain_label("", self)
        self.question.setWordWrap(True)
        self.question.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        question_box = QFrame(self)
        question_box.setObjectName("question")
        question_box.setStyleSheet(
            "QFrame#question { background: palette(alternate-base); border-radius: 6px; }"
        )
        box = QVBoxLayout(question_box)
        box.setContentsMargins(PAGE_MARGIN, SPACING + 4, PAGE_MARGIN, SPACING + 4)
        box.setSpacing(4)
        box.addWidget(self.question_title)
        box.addWidget(self.question)

        self.word_count = plain_label("", self)
        self.over_limit = Banner(BannerKind.WARNING, "", self)
        self.excluded = Banner(BannerKind.ERROR, "", self)

        self.attachment = QFrame(self)
        self.attachment_name = rich_label(self.attachment)  # every value in it escaped
        self.attachment_name.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.open_original = QPushButton("Open original", self.attachment)
        self.open_original.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_FileIcon))
        self.open_original.setToolTip("Open the file the bidder sent, in its own program")
        bar = QHBoxLayout(self.attachment)
        bar.setContentsMargins(0, 0, 0, 0)
        bar.setSpacing(SPACING)
        bar.addWidget(self.attachment_name, 1)
        bar.addWidget(self.open_original)

        self.browser = QTextBrowser(self)
        self.browser.setReadOnly(True)
        self.browser.setOpenLinks(False)
        keep_scaled_font(self.browser, 1.1)  # the answer's own zoom comes on top
        self.browser.document().setDocumentMargin(PAGE_MARGIN + 4)
        self.missing = self._missing_panel()
        self.body = QStackedWidget(self)
        self.body.addWidget(self.browser)
        self.body.addWidget(self.missing)

        self._lay_out(question_box)
        self.open_original.clicked.connect(self._on_open_original_clicked)
        self.previous_bidder.triggered.connect(self._on_previous_bidder_triggered)
        self.next_bidder.triggered.connect(self._on_next_bidder_triggered)
        self.previous_criterion.triggered.connect(self._on_previous_criterion_triggered)
        self.next_criterion.triggered.connect(self._on_next_criterion_triggered)

    # -- building ----------------------------------------------------------------------
    def _action(self, text: str, shortcut: str, icon: str) -> QAction:
        action = QAction(text, self)
        action.setShortcut(QKeySequence(shortcut))
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.setIcon(self.style().standardIcon(getattr(QStyle.StandardPixmap, icon)))
        action.setToolTip(
            f"{text} ({QKeySequence(shortcut).toString(QKeySequence.SequenceFormat.NativeText)})"
        )
        self.addAction(action)
        return action

    def _button(self, action: QAction) -> QToolButton:
        button = QToolButton(self)
        button.setDefaultAction(action)
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        return button

    def _missing_panel(self) -> QFrame:
        panel = QFrame(self)
        panel.setObjectName("missing")
        panel.setStyleSheet(
            "QFrame#missing { border: 2px dashed palette(mid); border-radius: 8px; }"
        )
        self.missing_title = Heading("No answer was given", 2, panel)
        self.missing_title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.missing_title.setStyleSheet(f"color: {BAD_COLOUR};")
        self.missing_text = muted_label("", panel)
        self.missing_text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout = QVBoxLayout(panel)
        layout.setContentsMargins(PAGE_MARGIN * 2, PAGE_MARGIN * 2, PAGE_MARGIN * 2, PAGE_MARGIN)
        layout.addStretch(1)
        layout.addWidget(self.missing_title)
        layout.addSpacing(SPACING)
        layout.addWidget(self.missing_text)
        layout.addStretch(2)
        return panel

    def _lay_out(self, question_box: QFrame) -> None:
        header = QHBoxLayout()
        header.setSpacing(SPACING)
        header.addWidget(self.bidder, 1)
        header.addWidget(self._button(self.previous_bidder))
        header.addWidget(self.position)
        header.addWidget(self._button(self.next_bidder))

        counts = QHBoxLayout()
        counts.setSpacing(SPACING)
        counts.addWidget(self.word_count, 1)
        counts.addWidget(self._button(self.previous_criterion))
        counts.addWidget(self._button(self.next_criterion))

        column = QWidget(self)
        keep_width(column, READING_WIDTH + 2 * PAGE_MARGIN)
        inner = QVBoxLayout(column)
        inner.setContentsMargins(0, 0, 0, 0)
        inner.setSpacing(SPACING)
        inner.addWidget(self.context)
        inner.addLayout(header)
        inner.addWidget(question_box)
        inner.addLayout(counts)
        inner.addWidget(self.over_limit)
        inner.addWidget(self.excluded)
        inner.addWidget(self.attachment)
        inner.addWidget(self.body, 1)

        outer = QHBoxLayout(self)
        outer.setContentsMargins(PAGE_MARGIN, PAGE_MARGIN, PAGE_MARGIN, PAGE_MARGIN)
        outer.addStretch(0)
        outer.addWidget(column, 100)
        outer.addStretch(0)

    # -- what it shows -----------------------------------------------------------------
    def set_overview(self, overview: TenderOverview) -> None:
        self._overview = overview
        self._response = None

    def show_target(self, target: Target, _overview: TenderOverview) -> bool:
        if target.response_id is None:
            return False
        self.show_response(target.response_id)
        return True

    def current(self) -> ResponseView | None:
        return self._response

    def show_response(self, response_id: int) -> None:
        overview = self._overview
        if overview is None:
            return
        response = next((r for r in overview.responses if r.id == response_id), None)
        if response is None:
            return
        self._response = response
        criterion = next(
            (
                c
                for c in overview.criteria
                if c.lot == response.lot and c.code == response.criterion
            ),
            None,
        )
        lot = next((lot for lot in overview.lots if lot.key == response.lot), None)
        lot_name = lot.display_name if lot is not None else f"Lot {response.lot}"
        self.context.setText(
            f"{lot_name}  ·  {response.criterion} {response.criterion_title}"
            + (
                f"  ·  {criterion.model_criterion}"
                if criterion and criterion.model_criterion
                else ""
            )
        )
        self.bidder.setText(f"{response.bidder_name} ({response.bidder})")
        self.question_title.setText(f"{response.criterion} · {response.criterion_title}")
        self.question.setText(criterion.question if criterion is not None else "")
        self._show_excluded(response)
        self._show_navigation(response)
        if response.missing:
            self._show_missing(response)
        else:
            self._show_answer(response)
        self.response_shown.emit(response.id)

    def _show_answer(self, response: ResponseView) -> None:
        self.body.setCurrentWidget(self.browser)
        write_answer(self.browser.document(), response)
        self.browser.moveCursor(QTextCursor.MoveOperation.Start)  # read from the top
        self.word_count.setText(word_count_text(response))
        self.word_count.setStyleSheet(
            f"color: {BAD_COLOUR}; font-weight: bold;" if response.over_limit else ""
        )
        self.over_limit.setVisible(response.over_limit)
        if response.over_limit:
            self.over_limit.set_text(over_limit_text(response))
        attachment = response.attachment
        self.attachment.setVisible(attachment is not None)
        if attachment is not None:
            kind = attachment.path.rsplit(".", 1)[-1].upper() if "." in attachment.path else "file"
            name = html.escape(attachment.path)
            self.attachment_name.setText(
                f"Attached file: <b>{name}</b>  ·  {html.escape(kind)}  ·  "
                f"{file_size(attachment.size)}"
            )

    def _show_missing(self, response: ResponseView) -> None:
        self.body.setCurrentWidget(self.missing)
        self.word_count.setText("")
        self.word_count.setStyleSheet("")
        self.over_limit.hide()
        self.attachment.hide()
        lowest = self._overview.scale.min_score if self._overview is not None else 0
        self.missing_text.setText(
            f"{response.bidder_name} gave no answer to {response.criterion} "
            f"({response.criterion_title}).\nA missing answer scores the lowest score on the "
            f"scale ({lowest}) unless the panel decides otherwise."
        )

    def _show_excluded(self, response: ResponseView) -> None:
        overview = self._overview
        bid = None
        if overview is not None:
            bid = next(
                (b for b in overview.bids if b.lot == response.lot and b.bidder == response.bidder),
                None,
            )
        excluded = bid is not None and bid.status is BidStatus.EXCLUDED
        self.excluded.setVisible(excluded)
        if bid is not None and excluded:
            reason = bid.excluded_reason.rstrip(". ") or "no reason was given"
            self.excluded.set_text(f"This bid is excluded from lot {bid.lot}: {reason}.")

    # -- moving between answers ----------------------------------------------------------
    def _same_criterion(self, response: ResponseView) -> list[ResponseView]:
        assert self._overview is not None
        return [
            r
            for r in self._overview.responses
            if r.lot == response.lot and r.criterion == response.criterion
        ]

    def _same_bidder(self, response: ResponseView) -> list[ResponseView]:
        assert self._overview is not None
        return list(self._overview.responses_of(response.lot, response.bidder))

    def _show_navigation(self, response: ResponseView) -> None:
        bidders = self._same_criterion(response)
        at = next(i for i, r in enumerate(bidders) if r.id == response.id)
        self.position.setText(f"Bidder {at + 1} of {len(bidders)}")
        criteria = self._same_bidder(response)
        at_criterion = next(i for i, r in enumerate(criteria) if r.id == response.id)
        self._can_move = (
            at > 0,
            at < len(bidders) - 1,
            at_criterion > 0,
            at_criterion < len(criteria) - 1,
        )
        self._refresh_actions()

    def set_active(self, active: bool) -> None:
        """Only the reader on show answers to its keys (Alt+arrows) and menu items."""
        self._active = active
        self._refresh_actions()

    def _refresh_actions(self) -> None:
        actions = (
            self.previous_bidder,
            self.next_bidder,
            self.previous_criterion,
            self.next_criterion,
        )
        for action, can in zip(actions, self._can_move, strict=True):
            action.setEnabled(self._active and can)

    def navigation_actions(self) -> list[QAction]:
        return [
            self.previous_bidder,
            self.next_bidder,
            self.previous_criterion,
            self.next_criterion,
        ]

    def _step(self, responses: list[ResponseView], step: int) -> None:
        if self._response is None:
            return
        at = next(i for i, r in enumerate(responses) if r.id == self._response.id)
        if 0 <= at + step < len(responses):
            self.show_response(responses[at + step].id)

    @Slot()
    def _on_previous_bidder_triggered(self) -> None:
        if self._response is not None:
            self._step(self._same_criterion(self._response), -1)

    @Slot()
    def _on_next_bidder_triggered(self) -> None:
        if self._response is not None:
            self._step(self._same_criterion(self._response), 1)

    @Slot()
    def _on_previous_criterion_triggered(self) -> None:
        if self._response is not None:
            self._step(self._same_bidder(self._response), -1)

    @Slot()
    def _on_next_criterion_triggered(self) -> None:
        if self._response is not None:
            self._step(self._same_bidder(self._response), 1)

    @Slot()
    def _on_open_original_clicked(self) -> None:
        if self._response is not None and self._response.attachment is not None:
            self.open_attachment_requested.emit(self._response.attachment.id)

    # -- reading size ----------------------------------------------------------------------
    def zoom(self, steps: int) -> None:
        """Larger (positive) or smaller (negative) answer text; 0 resets it."""
        if steps == 0:
            self.browser.setFont(scaled_font(QApplication.font(), 1.1))
        elif steps > 0:
            self.browser.zoomIn(steps)
        else:
            self.browser.zoomOut(-steps)
