"""The board's legend: what each colour means, and the order of the scores in a cell."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from svdesk.domain.moderation_rules import outside_short, within_short
from svdesk.ui.plain_text import plain_label
from svdesk.ui.theme import SPACING, muted_label
from svdesk.ui.views.moderation.board_model import TINTS, Agreement


class Swatch(QLabel):
    """A word on its colour, as a cell of the board shows it."""

    def __init__(self, agreement: Agreement, parent: QWidget | None = None) -> None:
        super().__init__(TINTS[agreement].label, parent)
        tint = TINTS[agreement]
        self.agreement = agreement
        self.setTextFormat(Qt.TextFormat.PlainText)  # every label says what its text is
        self.setObjectName("swatch")
        self.setStyleSheet(
            f"QLabel#swatch {{ background: {tint.background}; color: {tint.text};"
            " border: 1px solid rgba(0, 0, 0, 40); border-radius: 3px; padding: 3px 10px; }"
        )


class BoardLegend(QFrame):
    """The three colours with their meaning at this tender's tolerance, and a line saying
    whose score comes where in a cell."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.swatches = [Swatch(kind, self) for kind in Agreement]
        self.meanings: dict[Agreement, QLabel] = {}
        self.order = muted_label("", self)
        row = QHBoxLayout()
        row.setSpacing(SPACING)
        for swatch in self.swatches:
            row.addWidget(swatch, 0, Qt.AlignmentFlag.AlignTop)
            meaning = plain_label("", self)
            # Wrapped when the page is narrow: the meanings say the tolerance in words, and
            # must not widen the window past a laptop's screen.
            meaning.setWordWrap(True)
            self.meanings[swatch.agreement] = meaning
            row.addWidget(meaning, 0, Qt.AlignmentFlag.AlignTop)
            row.addSpacing(SPACING * 2)
        row.addStretch(1)
        # Below the colours, not beside them: the page must fit a laptop's screen.
        draft = muted_label("Italic: a draft consensus, not yet confirmed.", self)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(SPACING // 2)
        column.addLayout(row)
        column.addWidget(draft)
        column.addWidget(self.order)
        self.set_board((), 1)

    def set_board(self, evaluators: tuple[str, ...], tolerance: int) -> None:
        for kind, label in self.meanings.items():
            label.setText(
                TINTS[kind].meaning.format(
                    within=f"scores {within_short(tolerance)}",
                    outside=(
                        f"scores {outside_short(tolerance)}"
                        if tolerance
                        else "any difference in the scores"
                    ),
                )
            )
        if evaluators:
            self.order.setText(
                "Each cell: the scores of "
                + ", ".join(evaluators)
                + " in that order (– where one gave none), then the spread in steps of the "
                "scale and the consensus."
            )
        else:
            self.order.setText("")

    def text(self) -> str:
        """The legend as it reads, for tests and the clipboard."""
        parts = [f"{s.text()}: {self.meanings[s.agreement].text()}" for s in self.swatches]
        return "; ".join(parts) + ". " + self.order.text()
