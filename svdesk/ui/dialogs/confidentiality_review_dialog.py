"""The confidentiality review: each passage of the winners' letter reasons (and of their
price and quality explanations) that quotes their tender, with what it quotes highlighted,
approved, edited or redacted by the officer.

The passage is the bidder's text, hostile: ``views.passage_document`` sets it as plain
text and marks the quoted parts with character formats, never through HTML made from it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QInputDialog,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from svdesk.ui.background import Progress, background_tasks
from svdesk.ui.formatting import count
from svdesk.ui.plain_text import literal, plain_label
from svdesk.ui.theme import MARGIN, SPACING, Banner, BannerKind, Heading, muted_label
from svdesk.ui.views.passage_document import LEGEND, marked_runs, write_passage

if TYPE_CHECKING:
    from collections.abc import Callable

    from svdesk.services.confidentiality_review import (
        ConfidentialityReview,
        PassageRef,
        ReviewPassage,
    )
    from svdesk.services.refusals import Refused
    from svdesk.store.database import Database


class ConfidentialityReviewDialog(QDialog):
    """Reads the review (``confidentiality_review``) and records each decision through the
    services, each on a worker thread; ``decided`` after every decision recorded."""

    decided = Signal()

    def __init__(
        self,
        db: Database,
        reference: str,
        parent: QWidget | None = None,
        *,
        actor: str | None = None,
    ) -> None:
        super().__init__(parent)
        self._db = db
        self._reference = reference
        self._actor = actor
        self._running: set[int] = set()  # the readings and decisions on their way
        self._next_task = 0
        self._last_decision = ""  # what the last decision did, until the next reading
        self.review: ConfidentialityReview | None = None
        self.setWindowTitle(f"Confidentiality review · {reference}")
        self.setMinimumWidth(760)

        self.heading = Heading("Confidentiality review", 2, self)
        self.subtitle = muted_label(
            "Every unsuccessful bidder's letter quotes the winning bid's reasons and its price "
            "and quality explanations. These "
            "sentences quote the winner's own tender: approve each as it stands, edit it, or "
            "redact it before the letters go out.",
            self,
        )
        self.banner = Banner(BannerKind.INFO, "Reading the review…", self)
        self.passages = QListWidget(self)
        self.passages.setAccessibleName("Passages")
        self.passages.setSpacing(2)
        self.where = Heading("", 3, self)
        self.where.setTextFormat(Qt.TextFormat.PlainText)
        self.text = QTextEdit(self)
        self.text.setReadOnly(True)
        self.text.setAcceptRichText(False)
        self.text.setAccessibleName("Passage")
        self.quotes = plain_label("", self)
        self.quotes.setWordWrap(True)
        self.why = plain_label("", self)
        self.why.setWordWrap(True)
        self.legend = muted_label(LEGEND, self)
        self.state = plain_label("", self)
        self.approve_button = QPushButton("Approve", self)
        self.approve_button.setToolTip("The passage may be quoted to the other bidders as it is")
        self.edit_button = QPushButton("Edit…", self)
        self.edit_button.setToolTip("Rewrite the passage; what you write is quoted instead")
        self.redact_button = QPushButton("Redact", self)
        self.redact_button.setToolTip("Withhold the passage as commercially confidential")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)

        detail = QWidget(self)
        detail_layout = QVBoxLayout(detail)
        detail_layout.setContentsMargins(MARGIN, 0, 0, 0)
        detail_layout.setSpacing(SPACING)
        detail_layout.addWidget(self.where)
        detail_layout.addWidget(self.state)
        detail_layout.addWidget(self.text, 1)
        detail_layout.addWidget(self.quotes)
        detail_layout.addWidget(self.why)
        detail_layout.addWidget(self.legend)
        decisions = QHBoxLayout()
        decisions.addWidget(self.approve_button)
        decisions.addWidget(self.edit_button)
        decisions.addWidget(self.redact_button)
        decisions.addStretch(1)
        detail_layout.addLayout(decisions)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self.passages)
        splitter.addWidget(detail)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([320, 680])

        layout = QVBoxLayout(self)
        layout.setContentsMargins(MARGIN * 2, MARGIN * 2, MARGIN * 2, MARGIN)
        layout.setSpacing(SPACING)
        layout.addWidget(self.heading)
        layout.addWidget(self.subtitle)
        layout.addWidget(self.banner)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.buttons)
        self.resize(1000, 640)

        self.passages.currentRowChanged.connect(self._on_passages_current_row_changed)
        self.approve_button.clicked.connect(self._on_approve_button_clicked)
        self.edit_button.clicked.connect(self._on_edit_button_clicked)
        self.redact_button.clicked.connect(self._on_redact_button_clicked)
        self.buttons.rejected.connect(self.reject)
        self._show_passage(None)
        self.reload()

    # -- reading ----------------------------------------------------------------------------
    def is_busy(self) -> bool:
        """Whether a reading or a decision is on its way."""
        return bool(self._running)

    def reload(self, keep: tuple[str, str, str, int] | None = None) -> None:
        from svdesk.services.confidentiality_review import confidentiality_review

        db, reference = self._db, self._reference

        def task(_progress: Progress) -> ConfidentialityReview:
            return confidentiality_review(db, reference)

        self._run(task, lambda review: self._show_review(review, keep))

    def _run(self, task: Callable[[Progress], object], on_done: Callable[[object], None]) -> None:
        self._next_task += 1
        number = self._next_task
        self._running.add(number)
        self._update_buttons()

        def finished() -> None:
            self._running.discard(number)
            self._update_buttons()

        background_tasks().run(
            task,
            owner=self,
            what=f"the confidentiality review of {self._reference}",
            on_done=on_done,
            on_refused=self._on_task_refused,
            on_failed=self._on_task_failed,
            on_finished=finished,
        )

    def _on_task_refused(self, refused: Refused) -> None:
        self._say(BannerKind.WARNING, "\n".join(refused.reasons))

    def _on_task_failed(self, message: str) -> None:
        self._say(BannerKind.ERROR, f"The review could not be read or saved: {message}")

    def _say(self, kind: BannerKind, text: str) -> None:
        self.banner.set_kind(kind)
        self.banner.set_text(text)
        self.banner.setVisible(bool(text))

    def _show_review(self, review: object, keep: tuple[str, str, str, int] | None) -> None:
        from svdesk.services.confidentiality_review import ConfidentialityReview

        assert isinstance(review, ConfidentialityReview)
        self.review = review
        last, self._last_decision = self._last_decision, ""
        kind, text = _summary(review)
        self._say(kind, f"{last}\n{text}" if last else text)
        self.passages.blockSignals(True)
        self.passages.clear()
        chosen = 0
        first_open = None
        for row, passage in enumerate(review.passages):
            state = "approved" if passage.approved else "open"
            item = QListWidgetItem(f"{'✓' if passage.approved else '•'}  {passage.where} · {state}")
            item.setToolTip(literal(passage.text))
            self.passages.addItem(item)
            key = (passage.lot, passage.bidder, passage.criterion, passage.sentence)
            if keep == key:
                chosen = row
            if first_open is None and not passage.approved:
                first_open = row
        if keep is None and first_open is not None:
            chosen = first_open
        self.passages.blockSignals(False)
        if review.passages:
            self.passages.setCurrentRow(chosen)
            self._show_passage(review.passages[chosen])
        else:
            self._show_passage(None)

    def current(self) -> ReviewPassage | None:
        row = self.passages.currentRow()
        if self.review is None or not 0 <= row < len(self.review.passages):
            return None
        return self.review.passages[row]

    @Slot(int)
    def _on_passages_current_row_changed(self, _row: int) -> None:
        self._show_passage(self.current())

    def _show_passage(self, passage: ReviewPassage | None) -> None:
        document = self.text.document()
        if passage is None:
            self.where.setText("")
            self.state.setText("")
            document.setPlainText("")
            self.quotes.setText("")
            self.why.setText("")
            self._update_buttons()
            return
        self.where.setText(f"{passage.where} · {passage.bidder_name}")
        self.state.setText(
            f"{passage.subject} · "
            + ("approved as it stands" if passage.approved else "open: to decide")
        )
        shown = QTextCursor(document)
        shown.setPosition(write_passage(document, passage, self.palette().text()))
        self.text.setTextCursor(shown)
        self.text.ensureCursorVisible()
        self.quotes.setText(f"Quotes {passage.what}.")
        self.why.setText(passage.why)
        self._update_buttons()

    def highlighted(self) -> list[tuple[str, str]]:
        """The marked runs of the letter reason on show, with their colours."""
        return marked_runs(self.text.document())

    def _update_buttons(self) -> None:
        passage = self.current()
        enabled = passage is not None and not self.is_busy()
        self.approve_button.setEnabled(enabled and passage is not None and not passage.approved)
        self.edit_button.setEnabled(enabled)
        self.redact_button.setEnabled(enabled)

    # -- deciding ---------------------------------------------------------------------------
    def _ref(self, passage: ReviewPassage) -> PassageRef:
        from svdesk.services.confidentiality_review import PassageRef

        return PassageRef(
            passage.lot, passage.bidder, passage.criterion, passage.sentence, passage.text
        )

    def _decide(self, passage: ReviewPassage, decision: Callable[[], str]) -> None:
        keep = (passage.lot, passage.bidder, passage.criterion, passage.sentence)

        def task(_progress: Progress) -> str:
            return decision()

        def done(message: object) -> None:
            self._last_decision = f"{message}."
            self.decided.emit()
            self.reload(keep)

        self._run(task, done)

    @Slot()
    def _on_approve_button_clicked(self) -> None:
        from svdesk.services.confidentiality_review import approve_passage

        passage = self.current()
        if passage is None:
            return
        db, reference, ref, actor = self._db, self._reference, self._ref(passage), self._actor
        self._decide(passage, lambda: approve_passage(db, reference, ref, actor))

    @Slot()
    def _on_edit_button_clicked(self) -> None:
        from svdesk.services.confidentiality_review import edit_passage

        passage = self.current()
        if passage is None:
            return
        text, ok = QInputDialog.getMultiLineText(
            self,
            "Edit the passage",
            "What the other bidders' letters quote instead:",
            passage.text,
        )
        if not ok or text.strip() == passage.text.strip():
            return
        db, reference, ref, actor = self._db, self._reference, self._ref(passage), self._actor
        self._decide(passage, lambda: edit_passage(db, reference, ref, text, actor))

    @Slot()
    def _on_redact_button_clicked(self) -> None:
        from svdesk.services.confidentiality_review import REDACTED, redact_passage

        passage = self.current()
        if passage is None:
            return
        answer = QMessageBox.question(
            self,
            "Redact the passage",
            literal(f"{passage.text}\n\nThe letters will say instead: {REDACTED}"),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        db, reference, ref, actor = self._db, self._reference, self._ref(passage), self._actor
        self._decide(passage, lambda: redact_passage(db, reference, ref, actor))


def _summary(review: ConfidentialityReview) -> tuple[BannerKind, str]:
    """How far the review has got, in a sentence or two, and how it is to be shown."""
    opened, total = len(review.open), len(review.passages)
    waiting = [f"{review.waiting()}."] if review.undecided else []
    if opened:
        lines = [
            f"{count(opened, 'passage')} of {total} still to decide; the letters wait for them."
        ]
    elif total:
        lines = [f"✓  Every passage is decided ({total}): the review is complete."]
    elif review.winners:
        lines = [
            "No sentence of the winners' letter reasons or explanations quotes their tenders: "
            "nothing to review."
        ]
    else:
        lines = []
    kind = BannerKind.WARNING if opened or waiting else BannerKind.SUCCESS
    return kind, "\n".join([*lines, *waiting])
