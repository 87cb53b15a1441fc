"""Starting the window: the application, its icon, the database, and a file to open.

Start-up is kept quick: the window is shown first, and the database (with
SQLAlchemy and the migrations) is opened just after it has painted.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from svdesk import __version__

if TYPE_CHECKING:
    from types import TracebackType

    from PySide6.QtGui import QIcon

# How start-up is timed: set to "window" to quit as soon as the window has first painted,
# or to "tender" to quit once the tender read from the database has been painted.
QUIT_AFTER_FIRST_PAINT = "SVDESK_QUIT_AFTER_FIRST_PAINT"
PACK_SUFFIXES = frozenset({".xlsx", ".zip", ".json"})
DATABASE_SUFFIXES = frozenset({".sqlite", ".sqlite3", ".db"})
ICON = Path(__file__).resolve().parent.parent / "resources" / "icons" / "svdesk.svg"


def app_icon() -> QIcon:
    """The svdesk icon, from the installed resources (or the source tree)."""
    from PySide6.QtGui import QIcon

    try:
        from importlib.resources import files

        path = Path(str(files("svdesk.resources") / "icons" / "svdesk.svg"))
    except (ModuleNotFoundError, TypeError):
        path = ICON
    return QIcon(str(path)) if path.exists() else QIcon()


def make_application(argv: list[str] | None = None) -> QApplication:
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    app = QApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationName("svdesk")
    app.setApplicationDisplayName("svdesk")
    app.setApplicationVersion(__version__)
    app.setOrganizationName("svdesk")
    app.setDesktopFileName("svdesk")
    from svdesk.ui.main_thread_gc import MainThreadCollector

    # Worker threads must never collect the window's objects.
    MainThreadCollector(app)
    return app


class _AfterFirstPaint(QObject):
    """Calls ``callback`` once, as soon as ``window`` has painted (its children with it).

    Only the window's own events are watched. A filter on the whole application would see
    every event of every object, and turning each new kind into a Python object costs more
    than everything else before the first frame.
    """

    def __init__(self, window: QWidget, callback: Callable[[], None]) -> None:
        super().__init__(window)
        self._window = window
        self._callback = callback
        self._done = False
        self._scheduled = False
        window.installEventFilter(self)
        # Should no paint event arrive (an unusual platform), go on anyway.
        QTimer.singleShot(1000, self._fire)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if not self._scheduled and event.type() == QEvent.Type.Paint:
            self._scheduled = True
            # The children paint in the same pass, before the timer's turn comes.
            QTimer.singleShot(0, self._fire)
        return False

    def _fire(self) -> None:
        if self._done:
            return
        self._done = True
        self._window.removeEventFilter(self)
        self._callback()


def _report_painted() -> None:
    """For the start-up benchmark: print when the paint happened, and stop at once.

    Tearing down Qt and the interpreter is not part of starting up, so it is skipped.
    """
    import time

    print(f"painted {time.time():.6f}", flush=True)
    os._exit(0)


def classify(file: Path) -> str:
    """``"database"``, ``"pack"`` or ``"unknown"``: what the user asked the window to open."""
    suffix = file.suffix.lower()
    if suffix in DATABASE_SUFFIXES:
        return "database"
    if suffix in PACK_SUFFIXES or file.is_dir():
        return "pack"
    return "unknown"


def run(
    db_location: str, file: Path | None = None, *, journal: Callable[[], Path] | None = None
) -> int:
    """Open the window on the database at ``db_location`` (or on ``file``); the exit code.

    ``journal`` gives where to note the folders written into (``services.written_files``),
    so that what a killed run left there is removed now and next time."""
    app = make_application()

    from svdesk.ui.main_window import MainWindow

    window = MainWindow()
    kind = classify(file) if file is not None else None
    location = str(file) if kind == "database" and file is not None else db_location
    window.database_label.setText(f"Database: {location}")
    window.show_fitted()
    outcome = {"code": 0}

    def open_database() -> None:
        # Imported after the first frame, as everything not needed to paint it.
        from PySide6.QtWidgets import QMessageBox

        from svdesk.ui.plain_text import literal

        app.setWindowIcon(app_icon())  # after the first frame: loading the SVG takes a moment
        if journal is not None:
            from svdesk.services.written_files import start_journal

            start_journal(journal())  # and remove what killed runs left behind
        window.who.hold()  # who is working is asked once the tender is on screen
        if not window.open_database_at(location):
            outcome["code"] = 1
            window.close()
            app.exit(1)
            return
        from svdesk.ui.main_thread_gc import settle_start_up

        settle_start_up()
        _AfterFirstPaint(window, after_tender_painted)
        window.update()
        if kind == "pack" and file is not None:
            if not file.exists():
                QMessageBox.warning(window, "Nothing to import", literal(f"{file} does not exist."))
            else:
                window.start_import(file)
        elif kind == "unknown" and file is not None:
            QMessageBox.warning(
                window,
                "svdesk cannot open this file",
                literal(
                    f"{file.name} is neither a tender pack (.xlsx, .zip, .json or a folder) "
                    "nor an svdesk database (.sqlite)."
                ),
            )

    def after_tender_painted() -> None:
        from svdesk.ui.main_thread_gc import settle_start_up

        window.who.release()  # (loading SQLAlchemy for the panel's question)
        settle_start_up()  # and put what that loaded out of the collector's sight too

    def open_then_report() -> None:
        open_database()
        _AfterFirstPaint(window, _report_painted)
        window.update()

    timing = os.environ.get(QUIT_AFTER_FIRST_PAINT, "")
    if timing == "tender":
        _AfterFirstPaint(window, open_then_report)
    elif timing:
        _AfterFirstPaint(window, _report_painted)
    else:
        _AfterFirstPaint(window, open_database)
    previous_hook = sys.excepthook
    sys.excepthook = _report_unexpected
    try:
        code = app.exec()
    finally:
        sys.excepthook = previous_hook
        from svdesk.ui.background import background_tasks

        background_tasks().wait_all()  # (the window waited already, unless it never closed)
        if window.database is not None:
            window.database.close()
    return outcome["code"] or code


def _report_unexpected(
    kind: type[BaseException], error: BaseException, tb: TracebackType | None
) -> None:
    """An error nobody expected: say so in a box rather than vanish, and keep running."""
    import logging
    import traceback

    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QMessageBox

    from svdesk.store.errors import DatabaseError, plain_reason
    from svdesk.ui.plain_text import literal, plain_box

    parent = QApplication.activeWindow()
    if isinstance(error, DatabaseError):
        # Busy, read-only, a full disk: said in one sentence, as the command line says it.
        QMessageBox.warning(parent, "svdesk cannot use the database", literal(str(error)))
        return
    log = logging.getLogger(__name__)
    log.error("unexpected error", exc_info=(kind, error, tb))
    traceback.print_exception(kind, error, tb)
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Critical)
    box.setWindowTitle("Something went wrong")
    box.setText(f"Something went wrong that svdesk did not expect:\n{plain_reason(error)}")
    box.setInformativeText(
        "svdesk keeps running. If this happens again, please report it with the details."
    )
    # Where it happened, for a report; the statement and values a database error carries
    # are left out (they can hold bidders' text).
    box.setDetailedText(
        "".join(traceback.format_tb(tb)) + f"{kind.__name__}: {plain_reason(error)}"
    )
    plain_box(box)  # the error may quote anything the tender holds
    box.setWindowModality(Qt.WindowModality.ApplicationModal)
    box.exec()
