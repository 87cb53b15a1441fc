"""Why a lot was not submitted: every response ``submit_lot`` named, one line each;
choosing a line goes to that response."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from svdesk.ui.theme import SPACING, Banner, BannerKind

if TYPE_CHECKING:
    from svdesk.services.refusals import Refused

SHOWN_LINES = 5  # more scroll: the panes above stay usable

Key = tuple[str, str, str]  # lot, bidder, criterion


class SubmitProblems(QWidget):
    chosen = Signal(object)  # the Key of the response a line names

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.banner = Banner(BannerKind.ERROR, "", self)
        self.lines = QListWidget(self)
        self.lines.setAccessibleName("Responses not ready to submit")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(SPACING, SPACING, SPACING, SPACING)
        layout.addWidget(self.banner)
        layout.addWidget(self.lines)
        self.hide()
        self.lines.currentItemChanged.connect(self._on_lines_current_item_changed)
        self.lines.itemActivated.connect(self._on_lines_item_activated)

    def show_refusal(self, lot: str, refused: Refused) -> None:
        """Every reason the service gave, one line each; a line that names a response not
        ready (``ResponsesNotReady``) leads to it."""
        from svdesk.services.refusals import ResponsesNotReady

        keys: list[Key | None] = [None] * len(refused.reasons)
        if isinstance(refused, ResponsesNotReady):
            keys = list(refused.responses)  # in the order of its reasons
        self.lines.clear()
        for reason, key in zip(refused.reasons, keys, strict=True):
            line = QListWidgetItem(reason, self.lines)  # item text is plain
            if key is not None:
                line.setData(Qt.ItemDataRole.UserRole, key)
        count = self.lines.count()
        rows = max(1, min(count, SHOWN_LINES))
        row_height = self.lines.sizeHintForRow(0) if count else self.fontMetrics().height()
        self.lines.setFixedHeight(rows * row_height + 2 * self.lines.frameWidth() + 4)
        self.banner.set_text(
            f"Lot {lot} was not submitted: {count} response{'' if count == 1 else 's'} "
            "not ready. Choose a line to go to it; nothing was submitted."
        )
        self.show()

    def clear_refusal(self) -> None:
        self.lines.clear()
        self.hide()

    @Slot(QListWidgetItem, QListWidgetItem)
    def _on_lines_current_item_changed(
        self, current: QListWidgetItem | None, _previous: QListWidgetItem | None
    ) -> None:
        if current is not None:
            self._on_lines_item_activated(current)

    @Slot(QListWidgetItem)
    def _on_lines_item_activated(self, line: QListWidgetItem) -> None:
        key = line.data(Qt.ItemDataRole.UserRole)
        if key:
            self.chosen.emit(tuple(key))
