"""Python's cyclic garbage collector, run only on the window's thread.

Python collects cycles on whichever thread happens to allocate when a threshold is crossed.
When that is a worker thread (reading the results, checking the audit trail), it can
destroy the wrapper of a Qt object that lives on the window's thread, and Qt does not
allow that: the process crashes. So automatic collection is switched off, and a timer on
the window's thread collects instead, each generation when its threshold says so, as the
collector itself would (the approach long used by large PyQt applications such as calibre).
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer, Slot

# How often the window's thread looks whether a collection is due.
INTERVAL_MS = 500


def settle_start_up() -> None:
    """Put what start-up made (modules, classes, the first tender read) out of the
    collector's sight, as it lives as long as the process.

    The timer cannot tell, as Python's own collector does, that few of the oldest
    objects are new, so it would walk every module SQLAlchemy and Qt loaded in a full
    collection just as the first tender is to be painted (80 ms for a thousand bidders).
    Frozen objects are still freed when nothing refers to them.
    """
    gc.freeze()


class MainThreadCollector(QObject):
    """While it lives (until ``stop``), cycles are collected on the window's thread only."""

    def __init__(self, parent: QObject, interval_ms: int = INTERVAL_MS) -> None:
        super().__init__(parent)
        self._thresholds = gc.get_threshold()
        self._was_enabled = gc.isenabled()
        gc.disable()
        self._timer = QTimer(self)
        self._timer.timeout.connect(self._on_timer_timeout)
        self._timer.start(interval_ms)

    @Slot()
    def _on_timer_timeout(self) -> None:
        self.collect_if_due()

    def collect_if_due(self) -> int | None:
        """Collect the generation that is due, as automatic collection would; which one."""
        first, second, third = gc.get_count()
        if first <= self._thresholds[0]:
            return None
        generation = 0
        if second > self._thresholds[1]:
            generation = 1
            if third > self._thresholds[2]:
                generation = 2
        gc.collect(generation)
        return generation

    def stop(self) -> None:
        """Collect once, here, and give collection back to Python."""
        self._timer.stop()
        gc.unfreeze()
        gc.collect()
        if self._was_enabled:
            gc.enable()
