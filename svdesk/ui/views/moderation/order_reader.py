"""The lot's discussion order for the consensus page (its Previous and Next): read at once
for an ordinary tender, on a worker thread for a large one, where reading the lot's whole
board takes longer than a click may (a tenth of a second at 200 bidders x 30 criteria,
more than a third at a thousand). The response itself shows meanwhile."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from svdesk.ui.background import Progress, TaskHandle, background_tasks
from svdesk.ui.views.moderation.consensus_reads import Key, discussion_order

if TYPE_CHECKING:
    from svdesk.ui.tender_context import TenderContext

# Above this many responses in the tender, the order is read on a worker thread (as the
# board, the Results and the Agreement pages read theirs).
READ_IN_BACKGROUND_ABOVE = 2000


class OrderReader(QObject):
    """The discussion order of the lot last asked for; ``read`` says it has arrived."""

    read = Signal()

    def __init__(self, context: TenderContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self.keys: list[Key] = []  # the lot's responses in discussion order
        self._lot: str | None = None  # the lot of ``keys``, or of the reading on its way
        self._reading: TaskHandle[tuple[str, list[Key]]] | None = None
        self.read_in_background_above = READ_IN_BACKGROUND_ABOVE

    def is_reading(self) -> bool:
        return self._reading is not None and self._reading.running

    def wait_for_reading(self) -> None:
        if self._reading is not None:
            self._reading.wait()

    def forget(self) -> None:
        """Another tender or database: the order read is no longer its own."""
        self.keys, self._lot, self._reading = [], None, None

    def ensure(self, lot: str, key: Key) -> None:
        """Have the order of ``lot`` read, unless it is read (or on its way) with ``key``
        in it."""
        if self._lot == lot and (key in self.keys or self.is_reading()):
            return
        tender = self._context.tender()
        overview = self._context.overview
        self._lot, self.keys = lot, []
        if tender is None or overview is None:
            return
        db, reference = tender
        if len(overview.responses) <= self.read_in_background_above:
            self.keys = discussion_order(db, reference, lot)
            self._reading = None
            return

        def task(_progress: Progress) -> tuple[str, list[Key]]:
            return lot, discussion_order(db, reference, lot)

        self._reading = background_tasks().run(
            task,
            owner=self,
            what=f"reading the discussion order of lot {lot}",
            on_done=self._on_read,
        )

    def _on_read(self, read: tuple[str, list[Key]]) -> None:
        lot, keys = read
        if lot != self._lot:
            return  # another lot was asked for meanwhile
        self.keys = keys
        self.read.emit()
