"""Never lose work: each change is kept as a draft (``save_draft``) half a second after
typing pauses, and never later than a second after it was typed, however long the typing
goes on; a score chosen is kept at once, as is everything when the evaluator moves on or
closes. There is no Save button."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSettings, QTimer, Signal, Slot

from svdesk.ui.typing_pause import LONGEST_WAIT_MS, TypingPause

if TYPE_CHECKING:
    from svdesk.store.database import Database

Key = tuple[str, str, str]  # lot, bidder, criterion
SAVING = "Saving…"
SAVED = "All changes saved"


@dataclass(frozen=True, slots=True)
class Work:
    score: int | None
    justification: str
    notes: str


class DraftKeeper(QObject):
    status = Signal(str)  # Saving…, All changes saved, or the refusal in words
    saved = Signal(object)  # the keys of the drafts kept (a list), when any was

    def __init__(self, db: Database, reference: str, evaluator: str, parent: QObject) -> None:
        super().__init__(parent)
        self._db = db
        self._reference = reference
        self._evaluator = evaluator
        self._pending: dict[Key, Work] = {}
        self.pause = TypingPause(self)
        self.pause.due.connect(self._on_pause_due)

    def changed(self, key: Key, work: Work, *, at_once: bool = False) -> None:
        """``key``'s work changed: kept once typing pauses, within a second in any case,
        or ``at_once`` (a score chosen)."""
        self._pending[key] = work
        if at_once:
            self.flush()
            return
        self.status.emit(SAVING)
        self.pause.typed()

    def pending(self) -> bool:
        return bool(self._pending)

    def flush(self) -> bool:
        """Keep every change now; False when one was refused (the status says why)."""
        from svdesk.services.drafts import save_draft
        from svdesk.services.refusals import Refused
        from svdesk.store.errors import DatabaseError

        self.pause.stop()
        if not self._pending:
            return True
        pending, self._pending = self._pending, {}
        problems = []
        for key, work in pending.items():
            lot, bidder, criterion = key
            try:
                save_draft(
                    self._db,
                    self._reference,
                    self._evaluator,
                    lot,
                    bidder,
                    criterion,
                    score=work.score,
                    justification=work.justification,
                    notes=work.notes,
                )
            except Refused as refused:
                problems.append(f"Lot {lot}, {bidder}, {criterion}: " + "; ".join(refused.reasons))
                self._pending.setdefault(key, work)  # tried again with the next change
            except DatabaseError as exc:
                problems.append(f"Lot {lot}, {bidder}, {criterion}: {exc}")
                self._pending.setdefault(key, work)
        if problems:
            self.status.emit("Not saved: " + " · ".join(problems))
        else:
            self.status.emit(SAVED)
        kept = [key for key in pending if key not in self._pending]
        if kept:
            self.saved.emit(kept)
        return not problems

    @Slot()
    def _on_pause_due(self) -> None:
        self.flush()


class PositionKeeper(QObject):
    """Where the evaluator is, kept in their settings a moment after they stop moving (a
    write of the settings file for each of a run of moves would slow every move), and at
    once when the window closes."""

    def __init__(self, settings: QSettings, name: str, parent: QObject) -> None:
        super().__init__(parent)
        self._settings = settings
        self._name = name
        self._key: Key | None = None
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(LONGEST_WAIT_MS)
        self.timer.timeout.connect(self.flush)

    def remember(self, key: Key) -> None:
        self._key = key
        self.timer.start()

    def remembered(self) -> Key | None:
        value = self._settings.value(self._name)
        parts = str(value).split("\t") if value else []
        return (parts[0], parts[1], parts[2]) if len(parts) == 3 else None

    @Slot()
    def flush(self) -> None:
        self.timer.stop()
        if self._key is not None:
            self._settings.setValue(self._name, "\t".join(self._key))
            self._key = None
