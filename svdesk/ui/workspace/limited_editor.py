"""A text editor that refuses a paste (or a drop) that would take its text past what a
draft may hold, saying so, rather than showing text that could never be kept."""

from __future__ import annotations

from PySide6.QtCore import QMimeData, Signal
from PySide6.QtWidgets import QPlainTextEdit, QWidget


class LimitedEditor(QPlainTextEdit):
    refused = Signal(str)  # why a paste was refused, in words
    accepted_paste = Signal()  # a paste went in: any earlier refusal no longer applies

    def __init__(self, what: str, limit: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._what = what  # "a justification"
        self.limit = limit

    def insertFromMimeData(self, source: QMimeData) -> None:
        pasted = source.text() if source.hasText() else ""
        kept = len(self.toPlainText()) - len(self.textCursor().selectedText())
        if kept + len(pasted) > self.limit:
            self.refused.emit(
                f"Nothing was pasted: the text has {len(pasted):,} characters, and "
                f"{self._what} holds at most {self.limit:,} "
                f"({max(self.limit - kept, 0):,} more here). The text is still on the "
                "clipboard, to shorten before pasting it again."
            )
            return
        self.accepted_paste.emit()
        super().insertFromMimeData(source)
