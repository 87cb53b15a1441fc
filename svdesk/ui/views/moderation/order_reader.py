"""The lot's discussion order for the consensus page (its Previous and Next): read at once
for an ordinary tender, on a worker thread for a large one, where reading the lot's whole
board takes longer than a click may (a tenth of a second at 200 bidders x 30 criteria,
more than a third at a thousand). The response itself shows meanwhile."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from svdesk.ui.background import Progress
from svdesk.ui.views.moderation.consensus_reads import Key, discussion_order
from svdesk.ui.views.page_readings import PageReadings

if TYPE_CHECKING:
    from svdesk.ui.tender_context import TenderContext

# Above this many responses in the tender, the order is read on a worker thread (as the
# board, the Results and the Agreement pages read theirs).
READ_IN_BACKGROUND_ABOVE = 2000


class OrderReader(QObject):
    """The discussion order of the lot last asked for; ``read`` says a reading has
    finished."""

    read = Signal()

    def __init__(self, context: TenderContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self.keys: list[Key] = []  # the lot's responses in discussion order
        self._lot: str | None = None  # the lot of ``keys``, or of the reading on its way
        self._readings = PageReadings(self)
        self.read_in_background_above = READ_IN_BACKGROUND_ABOVE

    def is_reading(self) -> bool:
        return self._readings.running()

    def wait_for_reading(self) -> None:
        self._readings.wait()

    def forget(self) -> None:
        """Another tender or database: the order read is no longer its own."""
        self.keys, self._lot = [], None  # (a reading on its way is then dropped)

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
            return

        def task(_progress: Progress) -> tuple[str, list[Key]]:
            return lot, discussion_order(db, reference, lot)

        self._readings.run(
            task,
            f"reading the discussion order of lot {lot}",
            self._on_read,
            on_finished=self.read.emit,  # (once it is no longer on its way)
        )

    def _on_read(self, read: tuple[str, list[Key]]) -> None:
        lot, keys = read
        if lot != self._lot:
            return  # another lot was asked for meanwhile
        self.keys = keys
