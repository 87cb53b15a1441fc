"""Two to four bidders' answers to one criterion side by side, each with this evaluator's
own score and justification (read-only here): scores stay against the criterion, and
comparing only helps read them consistently."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from svdesk.services.workspace import ItemState
from svdesk.ui.plain_text import plain_label
from svdesk.ui.theme import SPACING, Banner, BannerKind, Heading, muted_label
from svdesk.ui.views.answer_document import write_answer
from svdesk.ui.views.response_reader import word_count_text

if TYPE_CHECKING:
    from svdesk.domain.scale import Scale
    from svdesk.services.tenders import ResponseView
    from svdesk.services.workspace import WorkItem

FEWEST, MOST = 2, 4


class CompareDialog(QDialog):
    def __init__(
        self,
        items: list[WorkItem],
        responses: dict[tuple[str, str, str], ResponseView],
        scale: Scale,
        first: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        # Only answers the evaluator may read: never one of a declared conflict.
        self._items = [i for i in items if i.state is not ItemState.CONFLICT]
        self._responses = responses
        self._scale = scale
        criterion = items[0] if items else None
        title = f"{criterion.criterion} {criterion.criterion_title}" if criterion else ""
        self.setWindowTitle(f"Compare answers: {title}")
        self.resize(1200, 700)
        self.bidders = QListWidget(self)
        self.bidders.setAccessibleName("Bidders to compare")
        self.bidders.setMaximumWidth(260)
        for item in self._items:
            row = QListWidgetItem(f"{item.bidder_name} ({item.bidder})", self.bidders)
            row.setFlags(row.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            row.setData(Qt.ItemDataRole.UserRole, item.bidder)
            row.setCheckState(Qt.CheckState.Unchecked)
        self._check_first(first)
        self.columns = QSplitter(Qt.Orientation.Horizontal, self)
        self.columns.setChildrenCollapsible(False)
        self.hint = Banner(
            BannerKind.INFO,
            "Score each answer against the criterion and the scale, not against the others.",
            self,
        )
        choose = plain_label(f"&Bidders ({FEWEST} to {MOST})", self)
        choose.setBuddy(self.bidders)
        side = QVBoxLayout()
        side.addWidget(choose)
        side.addWidget(self.bidders, 1)
        body = QHBoxLayout()
        body.addLayout(side)
        body.addWidget(self.columns, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.setSpacing(SPACING)
        layout.addWidget(Heading(title, 2, self))
        layout.addWidget(self.hint)
        layout.addLayout(body, 1)
        layout.addWidget(buttons)
        self.bidders.itemChanged.connect(self._on_bidders_item_changed)
        self._fill()

    def _check_first(self, first: str) -> None:
        rows = [self.bidders.item(i) for i in range(self.bidders.count())]
        start = next(
            (i for i, row in enumerate(rows) if row.data(Qt.ItemDataRole.UserRole) == first), 0
        )
        for row in (rows[start:] + rows[:start])[:FEWEST]:
            row.setCheckState(Qt.CheckState.Checked)

    def chosen(self) -> list[str]:
        rows = [self.bidders.item(i) for i in range(self.bidders.count())]
        return [
            row.data(Qt.ItemDataRole.UserRole)
            for row in rows
            if row.checkState() == Qt.CheckState.Checked
        ]

    def choose(self, bidders: list[str]) -> None:
        self.bidders.blockSignals(True)
        for i in range(self.bidders.count()):
            row = self.bidders.item(i)
            on = row.data(Qt.ItemDataRole.UserRole) in bidders
            row.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
        self.bidders.blockSignals(False)
        self._fill()

    @Slot(QListWidgetItem)
    def _on_bidders_item_changed(self, _row: QListWidgetItem) -> None:
        self._fill()

    def _fill(self) -> None:
        chosen = self.chosen()
        full = len(chosen) >= MOST
        self.bidders.blockSignals(True)
        for i in range(self.bidders.count()):
            row = self.bidders.item(i)
            checked = row.checkState() == Qt.CheckState.Checked
            flags = row.flags()
            if full and not checked:
                flags &= ~Qt.ItemFlag.ItemIsEnabled
            else:
                flags |= Qt.ItemFlag.ItemIsEnabled
            row.setFlags(flags)
        self.bidders.blockSignals(False)
        while self.columns.count():
            widget = self.columns.widget(0)
            if widget is None:
                break
            widget.setParent(None)
            widget.deleteLater()
        for item in self._items:
            if item.bidder in chosen:
                self.columns.addWidget(self._column(item))
        if len(chosen) < FEWEST:
            self.columns.addWidget(muted_label(f"Choose at least {FEWEST} bidders.", self))

    def _column(self, item: WorkItem) -> QWidget:
        column = QWidget(self.columns)
        column.setObjectName(f"column-{item.bidder}")
        layout = QVBoxLayout(column)
        layout.addWidget(Heading(f"{item.bidder_name} ({item.bidder})", 3, column))
        response = self._responses.get((item.lot, item.bidder, item.criterion))
        answer = QTextBrowser(column)
        answer.setAccessibleName(f"Answer of {item.bidder_name}")
        if response is not None and not response.missing:
            write_answer(answer.document(), response)
            layout.addWidget(muted_label(word_count_text(response), column))
        else:
            answer.setPlainText("No answer was given.")
        layout.addWidget(answer, 3)
        level = self._scale.level(item.score) if item.score is not None else None
        score = (
            f"Your score: {item.score} {level.label if level else ''}"
            if item.score is not None
            else "Your score: not yet scored"
        )
        layout.addWidget(plain_label(score, column))
        justification = QPlainTextEdit(column)
        justification.setReadOnly(True)
        justification.setPlainText(item.justification)
        justification.setPlaceholderText("No justification yet")
        justification.setAccessibleName(f"Your justification for {item.bidder_name}")
        layout.addWidget(justification, 1)
        return column
