"""One undoable change to an evaluator's work: a score chosen, or text typed.

Typing into the same field of the same response merges into one step, so that Undo takes
back a run of typing rather than one character."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QUndoCommand

Key = tuple[str, str, str]  # lot, bidder, criterion
Value = int | str | None
Apply = Callable[[Key, str, Value], None]  # the window shows and keeps a value
TEXT_ID = 1

FIELD_NAMES = {"score": "score", "justification": "justification", "notes": "notes"}


class EditCommand(QUndoCommand):
    def __init__(self, apply: Apply, key: Key, field: str, old: Value, new: Value) -> None:
        super().__init__(f"{FIELD_NAMES[field]} of {key[1]} {key[2]}")
        self._apply = apply
        self.key = key
        self.field = field
        self.old = old
        self.new = new

    def id(self) -> int:
        return TEXT_ID if self.field != "score" else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, EditCommand) or (other.key, other.field) != (
            self.key,
            self.field,
        ):
            return False
        self.new = other.new
        return True

    def redo(self) -> None:
        self._apply(self.key, self.field, self.new)

    def undo(self) -> None:
        self._apply(self.key, self.field, self.old)
