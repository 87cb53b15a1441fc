"""When to keep what is being typed: a moment after typing pauses, and never later than a
longest wait after the first change not yet kept, however long the typing goes on (a kill
then loses at most that much). Both the evaluator's drafts and the moderator's consensus
are kept this way."""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal, Slot

PAUSE_MS = 500  # a pause in typing
LONGEST_WAIT_MS = 1000  # a kill loses at most this much typing


class TypingPause(QObject):
    """``typed()`` at each change; ``due`` fires once when it is time to keep them."""

    due = Signal()

    def __init__(
        self,
        parent: QObject | None = None,
        *,
        pause_ms: int = PAUSE_MS,
        longest_ms: int = LONGEST_WAIT_MS,
    ) -> None:
        super().__init__(parent)
        self._pause = QTimer(self)
        self._pause.setSingleShot(True)
        self._pause.setInterval(pause_ms)
        self._pause.timeout.connect(self._on_timer_timeout)
        # Started by the first change not yet kept, never restarted by the ones after it.
        self._longest = QTimer(self)
        self._longest.setSingleShot(True)
        self._longest.setInterval(longest_ms)
        self._longest.timeout.connect(self._on_timer_timeout)

    def typed(self) -> None:
        """A change: wait for a pause, but no longer than the longest wait since the first."""
        self._pause.start()
        if not self._longest.isActive():
            self._longest.start()

    def stop(self) -> None:
        """What was typed is kept (or dropped): nothing is due."""
        self._pause.stop()
        self._longest.stop()

    def waiting(self) -> bool:
        return self._pause.isActive() or self._longest.isActive()

    @Slot()
    def _on_timer_timeout(self) -> None:
        self.stop()
        self.due.emit()
