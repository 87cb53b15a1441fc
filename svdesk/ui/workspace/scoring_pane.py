"""The criterion and the evaluator's own work on one response: the scale as radio buttons
with their descriptors, the justification and private notes. It shows and reports; what
is kept, and whether it may be, is the services' to say."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import (
    QAbstractButton,
    QButtonGroup,
    QCheckBox,
    QFrame,
    QPlainTextEdit,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from svdesk.services.drafts import TEXT_LIMIT
from svdesk.ui.plain_text import plain_label
from svdesk.ui.theme import SPACING, Banner, BannerKind, Heading, muted_label
from svdesk.ui.workspace.limited_editor import LimitedEditor

if TYPE_CHECKING:
    from svdesk.domain.model import Criterion
    from svdesk.domain.scale import Scale

JUSTIFICATION_PROMPT = (
    "Why this score: the answer's strengths, its weaknesses, and why it does not earn the "
    "next score up."
)
NOTES_PROMPT = "Reminders for yourself."


class ScoringPane(QScrollArea):
    score_picked = Signal(object)  # int
    justification_edited = Signal(str)
    notes_edited = Signal(str)

    def __init__(self, scale: Scale, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        host = QWidget(self)
        self.setWidget(host)
        self.title = Heading("", 2, host)
        self.question = plain_label("", host)
        self.question.setWordWrap(True)
        self.guidance = muted_label("", host)
        self.checklist_host = QWidget(host)
        self.checklist = QVBoxLayout(self.checklist_host)
        self.checklist.setContentsMargins(0, 0, 0, 0)
        self.checklist_label = muted_label(
            "Sub-criteria (a checklist for your reading only: not saved)", host
        )
        self.scores = QButtonGroup(host)
        self.buttons: list[QRadioButton] = []
        scale_box = QVBoxLayout()
        scale_box.setSpacing(2)
        for number, level in enumerate(scale.levels, start=1):
            button = QRadioButton(f"{level.score}  {level.label}", host)
            button.setAccessibleName(f"Score {level.score}, {level.label}")
            button.setToolTip(f"Press {number} in the answer or the list to choose it")
            self.scores.addButton(button, level.score)
            self.buttons.append(button)
            descriptor = muted_label(level.descriptor, host)
            descriptor.setContentsMargins(24, 0, 0, SPACING // 2)
            scale_box.addWidget(button)
            scale_box.addWidget(descriptor)
        self.justification = LimitedEditor("a justification", TEXT_LIMIT, host)
        self.justification.setPlaceholderText(JUSTIFICATION_PROMPT)
        self.justification.setAccessibleName("Justification")
        self.justification.setUndoRedoEnabled(False)  # the window's undo covers it
        self.justification.setMinimumHeight(110)
        self.notes = LimitedEditor("the private notes", TEXT_LIMIT, host)
        self.notes.setPlaceholderText(NOTES_PROMPT)
        self.notes.setAccessibleName("Private notes")
        self.notes.setUndoRedoEnabled(False)
        self.notes.setMinimumHeight(64)
        self.paste_refused = Banner(BannerKind.WARNING, "", host)
        self.paste_refused.hide()

        layout = QVBoxLayout(host)
        layout.setSpacing(SPACING)
        layout.addWidget(self.title)
        layout.addWidget(self.question)
        layout.addWidget(self.guidance)
        layout.addWidget(self.checklist_label)
        layout.addWidget(self.checklist_host)
        layout.addWidget(Heading("Score", 3, host))
        layout.addLayout(scale_box)
        justification_label = Heading("&Justification", 3, host)
        justification_label.setBuddy(self.justification)
        layout.addWidget(justification_label)
        layout.addWidget(self.justification, 3)
        layout.addWidget(self.paste_refused)
        notes_label = Heading("Private &notes", 3, host)
        notes_label.setBuddy(self.notes)
        layout.addWidget(notes_label)
        layout.addWidget(
            muted_label("Only in your own record: never in an export, a report or a letter.", host)
        )
        layout.addWidget(self.notes, 1)

        self.scores.buttonClicked.connect(self._on_scores_button_clicked)
        self.justification.textChanged.connect(self._on_justification_text_changed)
        self.notes.textChanged.connect(self._on_notes_text_changed)
        for editor in (self.justification, self.notes):
            editor.refused.connect(self._on_editor_refused)
            editor.accepted_paste.connect(self.paste_refused.hide)

    def show_criterion(self, criterion: Criterion | None) -> None:
        self.title.setText(f"{criterion.code} {criterion.title}" if criterion else "")
        self.question.setText(criterion.question if criterion else "")
        guidance = criterion.guidance if criterion else ""
        self.guidance.setText(f"Guidance: {guidance}" if guidance else "")
        self.guidance.setVisible(bool(guidance))
        while self.checklist.count():
            item = self.checklist.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        subs = criterion.sub_criteria if criterion else ()
        for sub in subs:
            self.checklist.addWidget(QCheckBox(sub, self.checklist_host))  # plain text
        self.checklist_label.setVisible(bool(subs))

    def show_work(self, score: int | None, justification: str, notes: str, editable: bool) -> None:
        self.paste_refused.hide()
        self.set_score(score)
        self.set_text(self.justification, justification)
        self.set_text(self.notes, notes)
        for widget in (*self.buttons, self.justification, self.notes):
            widget.setEnabled(editable)

    def set_score(self, score: int | None) -> None:
        self.scores.setExclusive(False)  # so that no score can be shown too
        for button in self.buttons:
            button.setChecked(self.scores.id(button) == score)
        self.scores.setExclusive(True)

    def set_text(self, editor: QPlainTextEdit, text: str) -> None:
        """Show ``text`` without reporting it as an edit; the cursor stays where it was."""
        if editor.toPlainText() == text:
            return
        position = editor.textCursor().position()
        editor.blockSignals(True)
        editor.setPlainText(text)
        cursor = editor.textCursor()
        cursor.setPosition(min(position, len(text)))
        editor.setTextCursor(cursor)
        editor.blockSignals(False)

    def pick(self, number: int) -> bool:
        """Choose the ``number``-th score of the scale (from 1); False when there is none."""
        if not 1 <= number <= len(self.buttons) or not self.buttons[number - 1].isEnabled():
            return False
        self.buttons[number - 1].click()
        return True

    @Slot(QAbstractButton)
    def _on_scores_button_clicked(self, button: QAbstractButton) -> None:
        self.score_picked.emit(self.scores.id(button))

    @Slot(str)
    def _on_editor_refused(self, reason: str) -> None:
        self.paste_refused.set_text(reason)
        self.paste_refused.show()

    @Slot()
    def _on_justification_text_changed(self) -> None:
        self.justification_edited.emit(self.justification.toPlainText())

    @Slot()
    def _on_notes_text_changed(self) -> None:
        self.notes_edited.emit(self.notes.toPlainText())
