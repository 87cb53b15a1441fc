"""What the shared screen shows: one response in moderation, a lot's board in brief, or a
calm page while there is nothing to show. Every text is plain text (an answer or a
justification is hostile), in the presentation's large type."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from svdesk.domain.moderation_rules import ConsensusState, outside_words, within_short
from svdesk.services.moderation_board import BoardCell, ModerationBoard
from svdesk.services.moderation_consensus import ResponseInModeration
from svdesk.ui.formatting import count
from svdesk.ui.presentation.presentation_style import (
    ACCENT,
    AGREED,
    DISCUSS,
    SECONDARY,
    TEXT,
    PresentationStyle,
)

MOST_TO_DISCUSS = 4  # listed on the board's page; more are counted
MOST_BIDDERS = 8  # rows of the board's grid; more are counted
LEGEND = (
    (AGREED, "agreed"),
    (ACCENT, "proposed"),
    (DISCUSS, "discuss first"),
    (TEXT, "the panel's range"),
)


def _rule(parent: QWidget, thickness: int) -> QFrame:
    line = QFrame(parent)
    line.setObjectName("rule")
    line.setFixedHeight(max(2, thickness))
    return line


def _score_text(score: int | None) -> str:
    return "–" if score is None else str(score)


class WaitingSlide(QWidget):
    """Nothing to show yet: the tender, and what will appear."""

    def __init__(self, style: PresentationStyle, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = style.label("title", self, bold=True)
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message = style.label("heading", self, colour=SECONDARY)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout = QVBoxLayout(self)
        layout.addStretch(2)
        layout.addWidget(self.title)
        layout.addSpacing(style.body_pixels)
        layout.addWidget(self.message)
        layout.addStretch(3)

    def show_waiting(self, title: str, message: str) -> None:
        self.title.setText(title)
        self.message.setText(message)


class BoardSlide(QWidget):
    """A lot's moderation in brief: how far it has gone, and what to discuss first."""

    def __init__(self, style: PresentationStyle, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._style = style
        self.title = style.label("title", self, bold=True)
        self.counts = style.label("heading", self, colour=SECONDARY)
        self.grid = QWidget(self)
        self._grid = QGridLayout(self.grid)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._grid.setHorizontalSpacing(style.body_pixels * 2)
        self._grid.setVerticalSpacing(style.body_pixels // 4)
        self.legend = QWidget(self)
        legend = QHBoxLayout(self.legend)
        legend.setContentsMargins(0, 0, 0, 0)
        legend.setSpacing(style.body_pixels)
        for colour, meaning in LEGEND:
            key = style.label("small", self.legend, colour=colour, bold=True, wrap=False)
            key.setText(f"■ {meaning}")
            legend.addWidget(key)
        legend.addStretch(1)
        self.discuss_heading = style.label("heading", self, colour=DISCUSS, bold=True)
        self.items = QWidget(self)
        self._items = QVBoxLayout(self.items)
        self._items.setContentsMargins(0, 0, 0, 0)
        self._items.setSpacing(style.body_pixels // 3)
        self.more = style.label("body", self, colour=SECONDARY)
        layout = QVBoxLayout(self)
        layout.setSpacing(style.body_pixels // 2)
        layout.addWidget(self.title)
        layout.addWidget(self.counts)
        layout.addWidget(_rule(self, style.body_pixels // 12))
        layout.addWidget(self.grid, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.legend)
        layout.addSpacing(style.body_pixels // 2)
        layout.addWidget(self.discuss_heading)
        layout.addWidget(self.items)
        layout.addWidget(self.more)
        layout.addStretch(1)

    def show_board(self, board: ModerationBoard) -> None:
        title = f"Lot {board.lot}" + (f"  ·  {board.lot_title}" if board.lot_title else "")
        self.title.setText(title + ("  (signed off)" if board.signed_off else ""))
        states = board.counts()
        self.counts.setText(
            f"{count(len(board.cells), 'response')}  ·  "
            f"{states[ConsensusState.CONFIRMED]} agreed  ·  "
            f"{states[ConsensusState.DRAFT]} being drafted  ·  "
            f"{states[ConsensusState.NOT_STARTED]} not started"
        )
        for layout in (self._items, self._grid):
            while layout.count():
                item = layout.takeAt(0)
                widget = item.widget() if item is not None else None
                if widget is not None:
                    widget.deleteLater()
        self._show_grid(board)
        labels = {b.key: b.label for b in board.bidders}
        titles = {c.code: c.title for c in board.criteria}
        outside = [c for c in board.by_spread() if c.outside_tolerance]
        if not outside:
            self.discuss_heading.setText(
                f"The panel's scores are {within_short(board.tolerance)} everywhere"
            )
        else:
            self.discuss_heading.setText(
                f"To discuss first: {count(len(outside), 'response')} with scores "
                f"{outside_words(board.tolerance)}"
            )
        for cell in outside[:MOST_TO_DISCUSS]:
            line = self._style.label("body", self.items)
            scores = "  ".join(_score_text(s) for s in cell.scores)
            line.setText(
                f"{labels.get(cell.bidder, cell.bidder)}, {cell.criterion} "
                f"{titles.get(cell.criterion, '')}:  {scores}  ({cell.spread} steps apart)"
            )
            self._items.addWidget(line)
        hidden = len(outside) - MOST_TO_DISCUSS
        self.more.setText(f"and {count(hidden, 'more')}" if hidden > 0 else "")
        self.more.setVisible(hidden > 0)

    def _show_grid(self, board: ModerationBoard) -> None:
        """Bidders by criteria: where each response's consensus stands, by colour."""
        for column, criterion in enumerate(board.criteria, start=1):
            code = self._style.label("body", self.grid, colour=SECONDARY, bold=True, wrap=False)
            code.setText(criterion.code)
            code.setAlignment(Qt.AlignmentFlag.AlignCenter)
            self._grid.addWidget(code, 0, column)
        for row, bidder in enumerate(board.bidders[:MOST_BIDDERS], start=1):
            name = self._style.label("body", self.grid, bold=True, wrap=False)
            name.setText(bidder.label)
            self._grid.addWidget(name, row, 0)
            for column, criterion in enumerate(board.criteria, start=1):
                cell = board.cell(bidder.key, criterion.code)
                if cell is None:
                    continue
                text, colour = _cell_text(cell)
                shown = self._style.label("body", self.grid, colour=colour, bold=True, wrap=False)
                shown.setText(text)
                shown.setAlignment(Qt.AlignmentFlag.AlignCenter)
                self._grid.addWidget(shown, row, column)
        hidden = len(board.bidders) - MOST_BIDDERS
        if hidden > 0:
            more = self._style.label("small", self.grid, colour=SECONDARY, wrap=False)
            more.setText(f"and {count(hidden, 'more bidder')}")
            self._grid.addWidget(more, MOST_BIDDERS + 1, 0)


def _cell_text(cell: BoardCell) -> tuple[str, str]:
    """What a cell of the board's grid says, and in which colour."""
    if cell.state is ConsensusState.CONFIRMED and cell.consensus is not None:
        return f"✓ {cell.consensus}", AGREED
    if cell.state is ConsensusState.DRAFT and cell.draft_score is not None:
        return f"{cell.draft_score}?", ACCENT
    given = cell.given
    if not given:
        return "–", SECONDARY
    low, high = min(given), max(given)
    text = str(low) if low == high else f"{low}–{high}"
    return text, DISCUSS if cell.outside_tolerance else TEXT


class ResponseSlide(QWidget):
    """One response: the answer on the left; on the right the panel's scores, the
    consensus and, beneath, each evaluator's justification."""

    def __init__(self, style: PresentationStyle, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._style = style
        unit = style.body_pixels
        self.where = style.label("heading", self, colour=SECONDARY)
        self.state = style.label("heading", self, bold=True, wrap=False)
        self.criterion = style.label("title", self, colour=ACCENT, bold=True)
        self.question = style.label("small", self, colour=SECONDARY)
        self.answer = QTextBrowser(self)
        self.answer.setFont(style.font("reading"))
        self.answer.setOpenLinks(False)
        self.answer.setAccessibleName("Answer")
        self.answer.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Esc stays with the window
        self.answer.document().setDocumentMargin(0)

        self.scores = QWidget(self)
        self._scores = QGridLayout(self.scores)
        self._scores.setContentsMargins(0, 0, 0, 0)
        self._scores.setHorizontalSpacing(unit)
        self._scores.setVerticalSpacing(unit // 6)
        self.spread = style.label("body", self, colour=SECONDARY)
        self.consensus_heading = style.label("heading", self, bold=True)
        self.consensus = style.label("score", self, colour=ACCENT, bold=True, wrap=False)
        self.rationale = style.label("reading", self)
        self.justifications = QWidget(self)
        self._justifications = QVBoxLayout(self.justifications)
        self._justifications.setContentsMargins(0, 0, unit // 2, 0)
        self._justifications.setSpacing(unit // 3)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.justifications)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

        top = QHBoxLayout()
        top.addWidget(self.where, 1)
        top.addWidget(self.state, 0, Qt.AlignmentFlag.AlignTop)
        right = QVBoxLayout()
        right.setSpacing(unit // 3)
        right.addWidget(self._caption("The panel's scores"))
        right.addWidget(self.scores)
        right.addWidget(self.spread)
        right.addWidget(_rule(self, unit // 12))
        consensus_row = QHBoxLayout()
        consensus_row.addWidget(self.consensus_heading, 1, Qt.AlignmentFlag.AlignVCenter)
        consensus_row.addWidget(self.consensus, 0, Qt.AlignmentFlag.AlignVCenter)
        right.addLayout(consensus_row)
        right.addWidget(self.rationale)
        right.addWidget(_rule(self, unit // 12))
        right.addWidget(self._caption("Why they scored so"))
        right.addWidget(scroll, 1)
        left = QVBoxLayout()
        left.setSpacing(unit // 3)
        left.addWidget(self._caption("The answer"))
        left.addWidget(self.answer, 1)
        body = QHBoxLayout()
        body.setSpacing(unit * 2)
        body.addLayout(left, 11)
        body.addLayout(right, 9)
        layout = QVBoxLayout(self)
        layout.setSpacing(unit // 3)
        layout.addLayout(top)
        layout.addWidget(self.criterion)
        layout.addWidget(self.question)
        layout.addWidget(_rule(self, unit // 12))
        layout.addSpacing(unit // 3)
        layout.addLayout(body, 1)

    def _caption(self, text: str) -> QLabel:
        caption = self._style.label("small", self, colour=SECONDARY, bold=True)
        caption.setText(text.upper())
        return caption

    def show_response(self, response: ResponseInModeration) -> None:
        self.where.setText(f"Lot {response.lot}  ·  {response.bidder_name}")
        self.criterion.setText(f"{response.criterion}  {response.criterion_title}")
        self.question.setText(first_sentence(response.question))
        self.question.setVisible(bool(response.question.strip()))
        if response.missing_response:
            self.answer.setPlainText("No answer was given.")
        else:
            self.answer.setPlainText(response.answer)
        # Room between the text and the scroll bar.
        root = self.answer.document().rootFrame()
        frame = root.frameFormat()
        frame.setRightMargin(self._style.body_pixels // 2)
        root.setFrameFormat(frame)
        self._show_panel(response)
        median = "" if response.median is None else f"  ·  median {response.median.normalize():f}"
        self.spread.setText(f"{count(response.spread, 'step')} apart{median}")
        self._show_consensus(response)

    def _show_panel(self, response: ResponseInModeration) -> None:
        for layout in (self._scores, self._justifications):
            while layout.count():
                item = layout.takeAt(0)
                widget = item.widget() if item is not None else None
                if widget is not None:
                    widget.deleteLater()
        labels = {level.score: level.label for level in response.scale}
        for row, view in enumerate(response.panel):
            name = self._style.label("heading", self.scores, bold=True, wrap=False)
            name.setText(view.evaluator)
            score = self._style.label("heading", self.scores, colour=ACCENT, bold=True, wrap=False)
            score.setText(_score_text(view.score))
            score.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            level = self._style.label("heading", self.scores, colour=ACCENT, wrap=False)
            level.setText(labels.get(view.score, "") if view.score is not None else "")
            self._scores.addWidget(name, row, 0)
            self._scores.addWidget(score, row, 1)
            self._scores.addWidget(level, row, 2)
            why = self._style.label("small", self.justifications)
            why.setText(f"{view.evaluator}: {view.justification or 'no score submitted.'}")
            self._justifications.addWidget(why)
        self._scores.setColumnStretch(2, 1)
        self._justifications.addStretch(1)

    def _show_consensus(self, response: ResponseInModeration) -> None:
        draft = response.draft
        if response.consensus is not None and (draft is None or draft.confirmed):
            heading, score, colour = "Agreed consensus", response.consensus, AGREED
            rationale = response.consensus_rationale
            if response.consensus_reconciliation.strip():
                rationale += f"\n\nHow the panel agreed: {response.consensus_reconciliation}"
        elif draft is not None and draft.score is not None:
            heading, score, colour = "Proposed consensus", draft.score, ACCENT
            rationale = draft.rationale or "\n".join(draft.sub_rationales)
        else:
            heading, score, colour = "Consensus: not yet discussed", None, SECONDARY
            rationale = ""
        self.consensus_heading.setText(heading)
        self.consensus.setText("" if score is None else str(score))
        self.consensus.setStyleSheet(f"color: {colour}; background: transparent;")
        self.rationale.setText(rationale)
        self.rationale.setVisible(bool(rationale))
        if heading == "Agreed consensus":
            self.state.setText("Agreed")
            self._style.chip(self.state, AGREED)
        elif response.outside_tolerance:
            self.state.setText("Discuss first")
            self._style.chip(self.state, DISCUSS)
        else:
            self.state.setText("Scores close" if response.spread else "Scores the same")
            self._style.chip(self.state, SECONDARY)


def first_sentence(text: str, most: int = 180) -> str:
    """The question's opening, for a reminder: the panel has the whole of it."""
    text = " ".join(text.split())
    end = text.find(". ")
    if 0 < end < most:
        return text[: end + 1] + (" …" if end + 2 < len(text) else "")
    return text if len(text) <= most else text[:most].rsplit(" ", 1)[0] + " …"
