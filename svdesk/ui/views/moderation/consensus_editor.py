"""The consensus editor: the score (only the scale's), the rationale (one field per
sub-criterion where the criterion has any, else one), the reconciliation note, whether a
note is needed and why, the rationale check's warnings, and Agree.

It shows and reports; what is kept, what is needed and what the check finds are the
services' to say (``show_check``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QSize, Qt, Signal, Slot
from PySide6.QtGui import QAction, QKeySequence, QTextCursor
from PySide6.QtWidgets import (
    QAbstractButton,
    QButtonGroup,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from svdesk.documents.letter_reasons import split_rationale
from svdesk.services.moderation_consensus import TEXT_LIMIT
from svdesk.ui.plain_text import plain_label
from svdesk.ui.theme import SPACING, Banner, BannerKind, Heading, muted_label
from svdesk.ui.views.moderation.consensus_keeper import ConsensusWork
from svdesk.ui.workspace.limited_editor import LimitedEditor

if TYPE_CHECKING:
    from svdesk.domain.rationale_check import RationaleFlag
    from svdesk.domain.scale import ScaleLevel

RATIONALE_HINT = (
    "Quoted in the letters. Assess the answer against the criterion alone: what it offers, "
    "what it lacks, and why this score rather than the one above or below."
)
RECONCILIATION_PROMPT = "How the panel resolved the difference, and who was present."
NO_SCORE_YET = "Choose a score: svdesk then says whether a reconciliation note is needed."
NOT_NEEDED = "Not needed for this score: it matches the evaluators' scores. You may add one."
CHECK_WAITING = "The rationale check reads the rationale as it is saved."
# The chosen score must be plain from across a room: filled, not merely pressed.
SCORE_STYLE = (
    "QPushButton { padding: 6px 4px; }"
    " QPushButton:checked { background: palette(highlight); color: palette(highlighted-text);"
    " font-weight: bold; border: 1px solid palette(highlight); border-radius: 4px; }"
)
CHECK_CLEAN = "✓  No warnings: the rationale refers to the answer and explains its score."


class TextField(LimitedEditor):
    """A field at least as tall as the lines it is given (a text editor's own wish is about
    eleven), so that three sub-criteria and the note fit on one screen; they share any room
    left over."""

    def __init__(self, what: str, lines: int, parent: QWidget | None = None) -> None:
        super().__init__(what, TEXT_LIMIT, parent)
        self.lines = lines

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        frame = 2 * self.frameWidth() + 2 * int(self.document().documentMargin()) + 4
        return QSize(hint.width(), self.fontMetrics().lineSpacing() * self.lines + frame)

    def minimumSizeHint(self) -> QSize:
        return self.sizeHint()


def needed_text(reason: str) -> str:
    return (
        f"A reconciliation note is needed: {reason}. Say how the panel resolved the "
        "difference and who was present."
    )


def flag_text(flag: RationaleFlag) -> str:
    return f"{flag.why[:1].upper()}{flag.why[1:]}.\nWrite instead: {flag.instead}."


def field_parts(
    subs: tuple[str, ...], rationale: str, parts: tuple[str, ...]
) -> tuple[str, tuple[str, ...]]:
    """The rationale as the editor's fields hold it: the words before the sub-criteria, and
    one part per sub-criterion. A consensus recorded in one piece (from the workbook) is
    split at its ``Sub-criterion N:`` markers; words of no sub-criterion go to the first."""
    if not subs or any(p.strip() for p in parts) or not rationale.strip():
        return rationale, tuple(parts[n] if n < len(parts) else "" for n in range(len(subs)))
    found = [""] * len(subs)
    for part in split_rationale(rationale, subs):
        n = next(
            (i for i in range(len(subs)) if part.label.startswith(f"Sub-criterion {i + 1}:")), 0
        )
        found[n] = "\n".join(t for t in (found[n], part.text) if t)
    return "", tuple(found)


class ConsensusEditor(QWidget):
    edited = Signal(bool)  # something changed; True: keep it at once (a score chosen)
    agree_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._scale: tuple[ScaleLevel, ...] = ()
        self._subs: tuple[str, ...] | None = None
        self._intro = ""  # words before the sub-criteria, kept though not shown
        self._last_field = 0
        self._editable = True
        self.fields: list[TextField] = []
        self.field_labels: list[QLabel] = []
        self.field_names: tuple[str, ...] = ()

        form = QWidget(self)
        self.paste_refused = Banner(BannerKind.WARNING, "", form)
        self.paste_refused.hide()
        self.title = Heading("The consensus", 2, form)
        self.scores = QButtonGroup(form)
        self.score_buttons: list[QPushButton] = []
        self._score_row = QHBoxLayout()
        self._score_row.setSpacing(SPACING // 2)
        self.descriptor = muted_label("", form)
        self._fields_box = QVBoxLayout()
        self._fields_box.setSpacing(SPACING // 2)
        self.need = Banner(BannerKind.WARNING, "", form)
        self.not_needed = muted_label(NO_SCORE_YET, form)
        self.reconciliation = self._editor(
            "the reconciliation note", "Reconciliation note", 3, form
        )
        self.reconciliation.setPlaceholderText(RECONCILIATION_PROMPT)
        self.check_note = muted_label(CHECK_WAITING, form)
        self.flags: list[Banner] = []
        self._flags_box = QVBoxLayout()
        self._flags_box.setSpacing(SPACING // 2)

        layout = QVBoxLayout(form)
        layout.setContentsMargins(0, 0, SPACING, 0)
        layout.setSpacing(SPACING)
        layout.addWidget(self.title)
        layout.addWidget(Heading("Score", 3, form))
        layout.addLayout(self._score_row)
        layout.addWidget(self.descriptor)
        layout.addSpacing(SPACING // 2)
        layout.addWidget(Heading("Rationale", 3, form))
        layout.addWidget(muted_label(RATIONALE_HINT, form))
        layout.addLayout(self._fields_box, 3)  # the fields share what room there is
        layout.addWidget(self.paste_refused)
        layout.addSpacing(SPACING // 2)
        note_label = Heading("Reconciliation &note", 3, form)
        note_label.setBuddy(self.reconciliation)
        layout.addWidget(note_label)
        layout.addWidget(self.need)
        layout.addWidget(self.not_needed)
        layout.addWidget(self.reconciliation, 1)
        layout.addSpacing(SPACING // 2)
        layout.addWidget(Heading("Rationale check", 3, form))
        layout.addWidget(self.check_note)
        layout.addLayout(self._flags_box)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(form)
        self._form = form

        self.status = muted_label("", self, wrap=True)
        self.agree = QPushButton("&Agree consensus", self)
        # As the workspace's Submit: an action, so that Ctrl+Enter works from a text field
        # and from anywhere else in the window while the editor is on show.
        self.agree_action = QAction("Agree consensus", self)
        self.agree_action.setShortcuts([QKeySequence("Ctrl+Return"), QKeySequence("Ctrl+Enter")])
        self.agree_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.addAction(self.agree_action)
        self.agree.setToolTip(
            "Record this as the consensus that counts (Ctrl+Enter): it goes into the results "
            "and the audit trail"
        )
        self.agree.setDefault(True)
        bar = QHBoxLayout()
        bar.setSpacing(SPACING)
        bar.addWidget(self.status, 1)
        bar.addWidget(self.agree)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(SPACING)
        outer.addWidget(scroll, 1)
        outer.addLayout(bar)
        self.need.hide()

        self.scores.buttonClicked.connect(self._on_scores_button_clicked)
        self.agree.clicked.connect(self.agree_requested)
        self.agree_action.triggered.connect(self._on_agree_action_triggered)

    def _editor(self, what: str, name: str, lines: int, parent: QWidget) -> TextField:
        editor = TextField(what, lines, parent)
        editor.setAccessibleName(name)
        editor.setTabChangesFocus(True)
        editor.textChanged.connect(self._on_text_changed)
        editor.refused.connect(self._on_editor_refused)
        editor.accepted_paste.connect(self.paste_refused.hide)
        return editor

    # -- filling ------------------------------------------------------------------------
    def show_work(
        self,
        scale: tuple[ScaleLevel, ...],
        subs: tuple[str, ...],
        work: ConsensusWork,
    ) -> None:
        """Show ``work`` without reporting it as an edit."""
        if scale != self._scale:
            self._build_scores(scale)
        if subs != self._subs:
            self._build_fields(subs)
        self.paste_refused.hide()
        self.set_score(work.score)
        self._intro, parts = field_parts(subs, work.rationale, work.sub_rationales)
        texts = parts if subs else (work.rationale,)
        for editor, text in zip(self.fields, texts, strict=True):
            _set_text(editor, text)
        _set_text(self.reconciliation, work.reconciliation)

    def _build_scores(self, scale: tuple[ScaleLevel, ...]) -> None:
        self._scale = scale
        for button in self.score_buttons:
            self.scores.removeButton(button)
            button.deleteLater()
        self.score_buttons = []
        for level in scale:
            button = QPushButton(f"{level.score}\n{level.label}".replace("&", "&&"), self._form)
            button.setCheckable(True)
            button.setStyleSheet(SCORE_STYLE)
            button.setAccessibleName(f"Consensus score {level.score}, {level.label}")
            button.setToolTip(level.descriptor)  # plain text (a scale's words, no markup)
            self.scores.addButton(button, level.score)
            self.score_buttons.append(button)
            self._score_row.addWidget(button, 1)
        for button in self.score_buttons:
            button.setEnabled(self._editable)

    def _build_fields(self, subs: tuple[str, ...]) -> None:
        self._subs = subs
        for widget in (*self.fields, *self.field_labels):
            widget.hide()
            widget.deleteLater()
        self.fields, self.field_labels = [], []
        names = [f"sub-criterion {n}: {sub}" for n, sub in enumerate(subs, start=1)]
        self.field_names = tuple(names) if subs else ("the rationale",)
        lines = 6 if len(self.field_names) == 1 else 4 if len(self.field_names) == 2 else 3
        for n, name in enumerate(self.field_names):
            editor = self._editor(
                f"the rationale for {name}" if subs else "a rationale",
                f"Rationale for {name}" if subs else "Rationale",
                lines,
                self._form,
            )
            editor.setReadOnly(not self._editable)
            editor.installEventFilter(self)
            if subs:
                label = plain_label(name[:1].upper() + name[1:], self._form)
                label.setWordWrap(True)
                self.field_labels.append(label)
                self._fields_box.addWidget(label)
            self._fields_box.addWidget(editor, 1)
            self.fields.append(editor)
            editor.setProperty("field", n)
        self._last_field = 0

    def set_score(self, score: int | None) -> None:
        self.scores.setExclusive(False)  # so that no score can be shown too
        for button in self.score_buttons:
            button.setChecked(self.scores.id(button) == score)
        self.scores.setExclusive(True)
        level = next((lv for lv in self._scale if lv.score == score), None)
        self.descriptor.setText(f"{level.label}: {level.descriptor}" if level else "")

    def set_editable(self, editable: bool) -> None:
        self._editable = editable
        for button in self.score_buttons:
            button.setEnabled(editable)
        for editor in (*self.fields, self.reconciliation):
            editor.setReadOnly(not editable)
        self.agree.setVisible(editable)

    # -- what the services said -----------------------------------------------------------
    def show_check(self, flags: tuple[RationaleFlag, ...], needed: str | None) -> None:
        """The rationale check's flags, and why a reconciliation note is needed (None: it
        is not), as the services found them on the consensus last saved."""
        score = self.score()
        self.need.set_text(needed_text(needed) if needed else "")
        self.need.setVisible(needed is not None)
        self.not_needed.setText(NO_SCORE_YET if score is None else NOT_NEEDED)
        self.not_needed.setVisible(needed is None)
        for banner in self.flags:
            banner.hide()
            banner.deleteLater()
        self.flags = []
        for flag in flags:
            banner = Banner(BannerKind.WARNING, flag_text(flag), self._form)
            banner.setAccessibleName(str(flag.kind))
            self._flags_box.addWidget(banner)
            self.flags.append(banner)
        written = any(f.toPlainText().strip() for f in self.fields)
        self.check_note.setText(CHECK_CLEAN if written and not flags else CHECK_WAITING)
        self.check_note.setVisible(not flags)

    def flag_texts(self) -> list[str]:
        return [banner.text() for banner in self.flags]

    # -- what the moderator typed -----------------------------------------------------------
    def score(self) -> int | None:
        checked = self.scores.checkedButton()
        return None if checked is None else self.scores.id(checked)

    def work(self) -> ConsensusWork:
        texts = tuple(f.toPlainText() for f in self.fields)
        if self._subs:
            return ConsensusWork(
                self.score(), self._intro, texts, self.reconciliation.toPlainText()
            )
        return ConsensusWork(self.score(), texts[0], (), self.reconciliation.toPlainText())

    def insert(self, words: str, field: int = -1) -> None:
        """Put ``words`` at the end of a rationale field (``-1``: the one last in use),
        selected, to be edited there."""
        if not self._editable or not words.strip() or not self.fields:
            return
        editor = self.fields[field if 0 <= field < len(self.fields) else self._last_field]
        cursor = editor.textCursor()
        cursor.movePosition(QTextCursor.MoveOperation.End)
        if editor.toPlainText().strip():
            cursor.insertText("\n")
        start = cursor.position()
        cursor.insertText(words.strip())  # reported as typing: kept like it
        cursor.setPosition(start, QTextCursor.MoveMode.KeepAnchor)
        editor.setTextCursor(cursor)
        editor.setFocus(Qt.FocusReason.OtherFocusReason)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FocusIn and watched in self.fields:
            self._last_field = int(watched.property("field"))
        return super().eventFilter(watched, event)

    @Slot()
    def _on_agree_action_triggered(self) -> None:
        if self._editable:
            self.agree_requested.emit()

    @Slot(QAbstractButton)
    def _on_scores_button_clicked(self, button: QAbstractButton) -> None:
        self.set_score(self.scores.id(button))
        self.edited.emit(True)

    @Slot()
    def _on_text_changed(self) -> None:
        self.edited.emit(False)

    @Slot(str)
    def _on_editor_refused(self, reason: str) -> None:
        self.paste_refused.set_text(reason)
        self.paste_refused.show()


def _set_text(editor: LimitedEditor, text: str) -> None:
    """Show ``text`` without reporting it as an edit."""
    if editor.toPlainText() == text:
        return
    editor.blockSignals(True)
    editor.setPlainText(text)
    editor.blockSignals(False)
