"""Importing a pack on a worker thread, reporting through signals only.

The worker never touches a widget: the import service's progress callback becomes
the ``progressed`` signal, delivered to the window's thread by Qt. A cancel is
honoured while the pack is being read and checked (nothing is written then); once
saving begins it is one database transaction, which is not interrupted.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject, Signal, Slot

if TYPE_CHECKING:
    from svdesk.store.database import Database

log = logging.getLogger(__name__)


class ImportCancelled(Exception):
    """The user cancelled before anything was written."""


class ImportWorker(QObject):
    progressed = Signal(int, int, str)  # done, total, what is happening
    saving = Signal()  # from here on the import cannot be cancelled
    succeeded = Signal(object)  # an ImportSummary
    refused = Signal(object)  # an ImportRefused
    failed = Signal(str)  # an unexpected error, in words
    cancelled = Signal()
    finished = Signal()  # after any one of the four above

    def __init__(self, db: Database, path: Path, *, replace: bool = False) -> None:
        super().__init__()
        self._db = db
        self._path = path
        self._replace = replace
        self._cancel = threading.Event()

    def cancel(self) -> None:
        """Ask the import to stop; safe to call from any thread."""
        self._cancel.set()

    @Slot()
    def run(self) -> None:
        try:
            from svdesk.services.imports import ImportRefused, import_pack

            try:
                summary = import_pack(
                    self._db, self._path, replace=self._replace, progress=self._report
                )
            except ImportCancelled:
                self.cancelled.emit()
            except ImportRefused as refused:
                self.refused.emit(refused)
            else:
                self.succeeded.emit(summary)
        except Exception as exc:
            log.exception("importing %s failed", self._path)
            self.failed.emit(str(exc) or type(exc).__name__)
        finally:
            # Hand the worker back to the window's thread, where it is deleted.
            app = QCoreApplication.instance()
            if app is not None:
                self.moveToThread(app.thread())
            self.finished.emit()

    def _report(self, done: int, total: int, message: str) -> None:
        if self._cancel.is_set():
            raise ImportCancelled
        if message.lower().startswith("saving"):
            self.saving.emit()
        self.progressed.emit(done, total, message)
