"""The panel's work on one response, for the moderator to compare: a card per evaluator
(their score and justification, with an action that puts their words into the consensus
rationale to edit), then the scale's descriptors with who gave each score.

Evaluators' names and justifications are shown as plain text: they were typed by people,
and a name that looks like markup is shown as it was typed."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFrame, QHBoxLayout, QMenu, QPushButton, QVBoxLayout, QWidget

from svdesk.ui.plain_text import plain_label
from svdesk.ui.theme import SPACING, Heading, muted_label

if TYPE_CHECKING:
    from svdesk.domain.scale import ScaleLevel
    from svdesk.services.moderation_consensus import PanelView

CARD_STYLE = (
    "QFrame#card { border: 1px solid palette(mid); border-radius: 6px; background: palette(base); }"
)
INSERT = "Use in rationale"
NO_SCORE = "no score"  # a conflict, or moderation went on without them


def level_name(score: int | None, scale: tuple[ScaleLevel, ...]) -> str:
    """``75 · Good``; the number alone for a score the scale does not name."""
    if score is None:
        return NO_SCORE
    label = next((level.label for level in scale if level.score == score), "")
    return f"{score} · {label}" if label else str(score)


class EvaluatorCard(QFrame):
    """One evaluator's score and justification."""

    # The words to insert (the justification, or the part of it selected), and the field
    # of the rationale to insert them into (-1: the one the moderator was last in).
    insert_requested = Signal(str, int)

    def __init__(
        self, view: PanelView, scale: tuple[ScaleLevel, ...], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        self.setStyleSheet(CARD_STYLE)
        self.view = view
        # Headings follow the application's text size; a name may look like markup, and a
        # heading shows it as typed.
        self.name = Heading(view.evaluator, 3, self)
        self.score = Heading(level_name(view.score, scale), 2, self)
        self.score.setWordWrap(False)
        self.score.setAccessibleName(f"{view.evaluator}'s score")
        self.justification = plain_label(view.justification or "(no justification)", self)
        self.justification.setWordWrap(True)
        self.justification.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.justification.setAccessibleName(f"{view.evaluator}'s justification")
        self.insert = QPushButton(INSERT, self)
        self.insert.setToolTip(
            "Put these words (or the part of them you selected) into the consensus rationale, "
            "to edit there"
        )
        self.insert.setEnabled(bool(view.justification.strip()))
        self._menu: QMenu | None = None

        top = QHBoxLayout()
        top.addWidget(self.name, 1)
        top.addWidget(self.score, 0, Qt.AlignmentFlag.AlignTop)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(self.insert)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(SPACING + 4, SPACING + 2, SPACING + 4, SPACING + 2)
        layout.setSpacing(SPACING)
        layout.addLayout(top)
        layout.addWidget(self.justification)
        layout.addLayout(bottom)
        self.insert.clicked.connect(self._on_insert_clicked)

    def set_fields(self, fields: tuple[str, ...]) -> None:
        """The rationale's fields by name: with more than one, the action asks which (a
        card is made afresh for each response, so its fields are set once)."""
        if len(fields) < 2 or self._menu is not None:
            return
        self._menu = QMenu(self)
        for n, name in enumerate(fields):
            # A menu item's text is plain, but an ampersand would underline the next letter.
            action = QAction(f"Into {name}".replace("&", "&&"), self._menu)
            action.setData(n)
            action.triggered.connect(self._on_field_action_triggered)
            self._menu.addAction(action)
        self.insert.setMenu(self._menu)

    def field_actions(self) -> list[QAction]:
        return [] if self._menu is None else self._menu.actions()

    def words(self) -> str:
        """The part of the justification selected, or all of it."""
        if self.justification.hasSelectedText():
            return self.justification.selectedText().replace("\u2029", "\n")
        return self.view.justification

    def set_editable(self, editable: bool) -> None:
        self.insert.setVisible(editable)

    @Slot()
    def _on_insert_clicked(self) -> None:
        if self._menu is None:  # with a menu, the click shows it instead
            self.insert_requested.emit(self.words(), -1)

    @Slot()
    def _on_field_action_triggered(self) -> None:
        action = self.sender()
        if isinstance(action, QAction):
            self.insert_requested.emit(self.words(), int(action.data()))


class PanelColumn(QWidget):
    """The evaluators' cards, their spread and median, and the scale."""

    insert_requested = Signal(str, int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = Heading("The panel's scores", 2, self)
        self.summary = plain_label("", self)
        self.summary.setWordWrap(True)
        self.cards: list[EvaluatorCard] = []
        self._cards_box = QVBoxLayout()
        self._cards_box.setSpacing(SPACING)
        self.scale_title = Heading("The scale", 3, self)
        self._scale_box = QVBoxLayout()
        self._scale_box.setSpacing(SPACING // 2)
        self.levels: list[QWidget] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(SPACING)
        layout.addWidget(self.title)
        layout.addWidget(self.summary)
        layout.addLayout(self._cards_box)
        layout.addSpacing(SPACING)
        layout.addWidget(self.scale_title)
        layout.addLayout(self._scale_box)
        layout.addStretch(1)

    def show_panel(
        self, panel: tuple[PanelView, ...], scale: tuple[ScaleLevel, ...], summary: str
    ) -> None:
        self.summary.setText(summary)
        for widget in (*self.cards, *self.levels):
            widget.hide()
            widget.deleteLater()
        self.cards, self.levels = [], []
        for view in panel:
            card = EvaluatorCard(view, scale, self)
            card.insert_requested.connect(self.insert_requested)
            self._cards_box.addWidget(card)
            self.cards.append(card)
        for level in reversed(scale):  # the best first, as a moderator reads a scale
            given = [p.evaluator for p in panel if p.score == level.score]
            self.levels.append(self._level(level, given))
            self._scale_box.addWidget(self.levels[-1])

    def _level(self, level: ScaleLevel, given: list[str]) -> QWidget:
        row = QWidget(self)
        name = Heading(f"{level.score} · {level.label}", 3, row)
        name.setWordWrap(False)
        descriptor = muted_label(level.descriptor, row)
        layout = QVBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, SPACING // 2)
        layout.setSpacing(2)
        header = QHBoxLayout()
        header.addWidget(name)
        if given:
            who = plain_label("given by " + ", ".join(given), row)
            who.setWordWrap(True)
            header.addWidget(who, 1)
        else:
            header.addStretch(1)
        layout.addLayout(header)
        layout.addWidget(descriptor)
        return row

    def set_fields(self, fields: tuple[str, ...]) -> None:
        for card in self.cards:
            card.set_fields(fields)

    def set_editable(self, editable: bool) -> None:
        for card in self.cards:
            card.set_editable(editable)
