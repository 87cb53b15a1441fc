"""The main window: a navigator of the tender on the left, the chosen page on the right.

The window asks the services (``svdesk.services``) for what it shows and never
queries the database itself. It paints before the database is opened: the heavy
imports (SQLAlchemy, the services, the pages, even Qt's large ``Qt`` namespace and
the style's icons) happen in ``set_database``, after the first frame is on screen.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Slot
from PySide6.QtGui import QAction, QCloseEvent
from PySide6.QtWidgets import QMainWindow, QWidget

from svdesk import __version__
from svdesk.ui.plain_text import literal, plain_label
from svdesk.ui.presentation.presenter import Presenter
from svdesk.ui.tender_context import TenderContext
from svdesk.ui.tender_settings import TenderSettings
from svdesk.ui.text_size import TextSizer
from svdesk.ui.who_is_working import WhoAsker
from svdesk.ui.window_actions import WindowActions
from svdesk.ui.window_files import WindowFiles
from svdesk.ui.workspace.workspace_opener import WorkspaceOpener

if TYPE_CHECKING:
    import tempfile

    from svdesk.store.database import Database
    from svdesk.ui.dialogs.confidentiality_review_dialog import ConfidentialityReviewDialog
    from svdesk.ui.dialogs.import_dialog import ImportDialog
    from svdesk.ui.dialogs.letters_dialog import LettersDialog
    from svdesk.ui.views.navigator import Navigator, Target
    from svdesk.ui.views.tender_pages import TenderPages
    from svdesk.ui.who_is_working import Actor

PACK_FILTER = "Tender packs (*.xlsx *.zip *.json);;All files (*)"
DATABASE_FILTER = "svdesk databases (*.sqlite *.sqlite3 *.db);;All files (*)"
NAVIGATOR_WIDTH = 280
STATUS_PADDING = 8
GEOMETRY_KEY = "main_window/geometry"  # where the window was last closed


class MainWindow(QMainWindow):
    def __init__(self, db: Database | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # The database and the tender on show, and the news of every change to them.
        self.context = TenderContext(self)
        self._import_dialog: ImportDialog | None = None
        self._letters_dialog: LettersDialog | None = None
        self._attachments: tempfile.TemporaryDirectory[str] | None = None
        self.navigator: Navigator | None = None
        self.pages: TenderPages | None = None
        self.setWindowTitle("svdesk")
        self.resize(1280, 800)
        self.setMinimumSize(960, 600)
        self.commands = WindowActions(self)
        # The whole window's text size, chosen in View > Text size and kept between runs.
        self.text_size = TextSizer(self)
        self.text_size.size_changed.connect(self.commands.show_text_size)
        self.text_size.size_changed.connect(self._on_text_size_size_changed)
        self.commands.show_text_size(self.text_size.size)
        # The shared screen of the moderation meeting (View > Present to the room).
        self.presenter = Presenter(self.context, self.commands.present_action, self)
        self.files = WindowFiles(self)
        self.settings = TenderSettings(self)  # the moderation meeting's, of the tender on show
        self.workspaces = WorkspaceOpener(self)
        # Who is working: asked whenever another tender comes on show.
        self.who = WhoAsker(self.context, self)
        self._connect_commands()
        self.actor_label = plain_label("", self)
        self.actor_label.setContentsMargins(STATUS_PADDING, 0, STATUS_PADDING, 0)
        self.statusBar().addPermanentWidget(self.actor_label)
        self.database_label = plain_label("", self)
        self.database_label.setContentsMargins(STATUS_PADDING, 0, STATUS_PADDING, 0)
        self.statusBar().addPermanentWidget(self.database_label)
        self.context.actor_changed.connect(self._on_context_actor_changed)
        # Until the database is open (just after the first paint), say what is happening.
        opening = plain_label("Opening the database…", self)
        # A style sheet rather than Qt.AlignmentFlag: the Qt namespace is slow to load, and
        # this label is painted before anything else.
        opening.setStyleSheet("qproperty-alignment: AlignCenter;")
        opening.setEnabled(False)
        self.setCentralWidget(opening)
        if db is not None:
            self.set_database(db)

    def show_fitted(self) -> None:
        """Show the window where it was last closed; the first time, at its usual size, or
        filling a screen too small for it."""
        from svdesk.ui.window_geometry import restore_geometry

        self.text_size.restore()
        if restore_geometry(self, GEOMETRY_KEY):
            self.show()
            return
        screen = self.screen()
        available = screen.availableGeometry() if screen is not None else None
        if available is None or (
            available.width() >= self.width() + 40 and available.height() >= self.height() + 80
        ):
            frame = self.frameGeometry()
            frame.moveCenter(available.center() if available is not None else frame.center())
            self.move(frame.topLeft())
            self.show()
            return
        self.resize(available.size())
        self.move(available.topLeft())
        self.showMaximized()

    # -- building ----------------------------------------------------------------------
    def _connect_commands(self) -> None:
        c = self.commands
        c.import_action.triggered.connect(self._on_import_action_triggered)
        c.import_folder_action.triggered.connect(self._on_import_folder_action_triggered)
        c.open_database_action.triggered.connect(self._on_open_database_action_triggered)
        c.letters_action.triggered.connect(self._on_letters_action_triggered)
        c.review_action.triggered.connect(self._on_review_action_triggered)
        self.files.connect_actions(c)
        c.score_action.triggered.connect(self.workspaces.ask)
        c.who_action.triggered.connect(self.who.ask)
        c.quit_action.triggered.connect(self.close)
        c.about_action.triggered.connect(self._on_about_action_triggered)
        for action in c.go_actions.values():
            action.triggered.connect(self._on_go_action_triggered)
        c.larger_action.triggered.connect(self._on_larger_action_triggered)
        c.smaller_action.triggered.connect(self._on_smaller_action_triggered)
        c.normal_size_action.triggered.connect(self._on_normal_size_action_triggered)
        c.text_size_group.triggered.connect(self._on_text_size_group_triggered)
        c.larger_answer_action.triggered.connect(self._on_larger_answer_action_triggered)
        c.smaller_answer_action.triggered.connect(self._on_smaller_answer_action_triggered)
        self.settings.connect_actions(c)
        c.navigator_action.toggled.connect(self._on_navigator_action_toggled)
        c.tender_chooser.activated.connect(self._on_tender_chooser_activated)

    def _build_pages(self) -> None:
        from PySide6.QtCore import Qt
        from PySide6.QtWidgets import QSplitter

        from svdesk.ui.views.navigator import Navigator
        from svdesk.ui.views.tender_pages import TenderPages

        self.commands.finish()

        self.navigator = Navigator(self)
        self.navigator.follow(self.context)
        self.pages = TenderPages(self.context, self)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.navigator)
        self.splitter.addWidget(self.pages)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([NAVIGATOR_WIDTH, max(self.width() - NAVIGATOR_WIDTH, 400)])
        self.setCentralWidget(self.splitter)
        self.commands.add_reading_actions(self.pages.reader.navigation_actions())
        self.navigator.target_chosen.connect(self._on_navigator_target_chosen)
        self.pages.navigate_requested.connect(self._on_pages_navigate_requested)
        self.pages.reader.response_shown.connect(self._on_reader_response_shown)
        self.pages.reader.open_attachment_requested.connect(
            self._on_reader_open_attachment_requested
        )
        self.pages.empty.import_file_requested.connect(self._on_import_action_triggered)
        self.pages.empty.import_folder_requested.connect(self._on_import_folder_action_triggered)
        self.pages.letters_requested.connect(self.commands.letters_action.trigger)
        self.context.tender_imported.connect(self._on_context_tender_imported)

    # -- the database and the tender ---------------------------------------------------------
    @property
    def database(self) -> Database | None:
        return self.context.database

    @property
    def current_reference(self) -> str | None:
        return self.context.reference

    def set_database(self, db: Database) -> None:
        """Show the tenders of ``db`` (the most recently imported first)."""
        if self.pages is None:
            self._build_pages()
        previous = self.context.database
        if previous is not None and previous is not db:
            self.workspaces.close()  # its work is kept before the database closes
            from svdesk.ui.background import background_tasks

            background_tasks().wait_all()  # nothing may still be reading it
            previous.close()
        if db.read_only:
            self.database_label.setText(f"Database: {db.location} (read-only)")
            self.database_label.setToolTip(literal(f"{db.location}\n{read_only_line(db)}"))
        else:
            self.database_label.setText(f"Database: {db.location}")
            self.database_label.setToolTip(literal(db.location))
        self.context.set_database(db)
        self.reload()

    def reload(self, reference: str | None = None) -> None:
        """List the tenders again and show ``reference`` (or the one already shown)."""
        from svdesk.services.tenders import list_tenders

        db = self.context.database
        if db is None or self.pages is None or self.navigator is None:
            return
        tenders = list_tenders(db)
        self.commands.tender_chooser.clear()
        for t in tenders:
            self.commands.tender_chooser.addItem(f"{t.reference} — {t.title}", t.reference)
        self.commands.show_tender_chooser(len(tenders) > 1)
        known = {t.reference for t in tenders}
        wanted = reference or self.context.reference
        if wanted not in known:
            wanted = tenders[0].reference if tenders else None
        if wanted is None:
            self.context.show_tender(None)  # the pages and the navigator empty themselves
            self.navigator.hide()
            self.setWindowTitle(self._titled("svdesk"))
            self.commands.set_tender_actions_enabled(False)
            return
        self.show_tender(wanted)

    def show_tender(self, reference: str) -> None:
        from svdesk.ui.views.navigator import Page, Target

        if self.pages is None or self.navigator is None:
            return
        if not self.context.show_tender(reference):  # the pages follow the context
            self.reload()  # removed meanwhile
            return
        overview = self.context.overview
        assert overview is not None
        self.commands.tender_chooser.setCurrentIndex(
            self.commands.tender_chooser.findData(reference)
        )
        self.navigator.setVisible(self.commands.navigator_action.isChecked())
        self._show_title()
        self.commands.set_tender_actions_enabled(True)
        self.go_to(Target(Page.SUMMARY))

    def _show_title(self) -> None:
        overview = self.context.overview
        if overview is None:
            return
        self.setWindowTitle(
            self._titled(f"{overview.tender.reference} — {overview.tender.title} · svdesk")
        )

    @Slot(object)
    def _on_context_actor_changed(self, actor: Actor | None) -> None:
        self.actor_label.setText(
            "Working: nobody chosen" if actor is None else f"Working: {actor.label()}"
        )
        self.actor_label.setToolTip(
            "What is changed in this tender is recorded in this name. "
            "File > Change who is working… to change it"
        )

    def _titled(self, title: str) -> str:
        db = self.context.database
        return f"{title} (read-only)" if db is not None and db.read_only else title

    def refuse_if_read_only(self) -> bool:
        """Say, in one line, that the database cannot be changed; True when it cannot."""
        from PySide6.QtWidgets import QMessageBox

        db = self.context.database
        if db is None or not db.read_only:
            return False
        QMessageBox.information(self, "The database is read-only", read_only_line(db))
        return True

    def go_to(self, target: Target) -> None:
        """Show ``target`` and select it in the navigator."""
        if self.pages is None or self.navigator is None:
            return
        self.pages.show_target(target)
        self.navigator.select_target(target)

    # -- importing --------------------------------------------------------------------------
    def start_import(self, path: Path) -> ImportDialog | None:
        """Import the pack at ``path`` in a dialog that shows how it goes."""
        from svdesk.ui.dialogs.import_dialog import ImportDialog

        db = self.context.database
        if db is None or self.refuse_if_read_only():
            return None
        if self._import_dialog is not None and not self._import_dialog.is_running():
            self._import_dialog.deleteLater()
        dialog = ImportDialog(db, Path(path), self, actor=self.context.actor_name)
        dialog.imported.connect(self.context.tender_imported)
        self._import_dialog = dialog
        dialog.open()
        dialog.start()
        return dialog

    @Slot()
    def _on_import_action_triggered(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        if self.refuse_if_read_only():
            return
        path, _ = QFileDialog.getOpenFileName(
            self, "Import a tender pack", str(Path.home()), PACK_FILTER
        )
        if path:
            self.start_import(Path(path))

    @Slot()
    def _on_import_folder_action_triggered(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        if self.refuse_if_read_only():
            return
        path = QFileDialog.getExistingDirectory(
            self, "Import a tender pack folder", str(Path.home())
        )
        if path:
            self.start_import(Path(path))

    @Slot(str)
    def _on_context_tender_imported(self, reference: str) -> None:
        self.reload(reference)  # listed, and read afresh: it may have replaced the one on show

    # -- letters ------------------------------------------------------------------------------
    def open_letters(self) -> LettersDialog | None:
        """The Letters dialog for the tender on show (the one already open, if writing)."""
        from svdesk.ui.dialogs.letters_dialog import LettersDialog

        tender = self.context.tender()
        if tender is None:
            return None
        dialog = self._letters_dialog
        if dialog is not None and dialog.is_running():
            dialog.raise_()
            return dialog
        if dialog is not None:
            dialog.deleteLater()
        dialog = LettersDialog(*tender, self, actor=self.context.actor_name)
        self._letters_dialog = dialog
        dialog.open()
        return dialog

    @Slot()
    def _on_letters_action_triggered(self) -> None:
        self.open_letters()

    def open_review(self) -> ConfidentialityReviewDialog | None:
        """The confidentiality review of the tender on show, before letters."""
        from PySide6.QtCore import Qt

        from svdesk.ui.dialogs.confidentiality_review_dialog import (
            ConfidentialityReviewDialog,
        )

        tender = self.context.tender()
        if tender is None:
            return None
        dialog = ConfidentialityReviewDialog(*tender, self, actor=self.context.actor_name)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.decided.connect(self.context.announce_consensus)
        dialog.open()
        return dialog

    @Slot()
    def _on_review_action_triggered(self) -> None:
        self.open_review()

    @Slot()
    def _on_open_database_action_triggered(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        path, _ = QFileDialog.getOpenFileName(
            self, "Open a database", str(Path.home()), DATABASE_FILTER
        )
        if path:
            self.open_database_at(path)

    def open_database_at(self, location: str) -> bool:
        """Open the database at ``location`` and show it; say why not if it cannot be opened."""
        from PySide6.QtWidgets import QMessageBox

        from svdesk.store.database import open_database
        from svdesk.store.errors import DatabaseError

        try:
            db = open_database(location)
        except DatabaseError as exc:
            QMessageBox.critical(self, "The database cannot be opened", literal(str(exc)))
            return False
        self.set_database(db)
        return True

    # -- navigating -----------------------------------------------------------------------------
    @Slot(object)
    def _on_navigator_target_chosen(self, target: Target) -> None:
        assert self.pages is not None
        self.pages.show_target(target)

    @Slot(object)
    def _on_pages_navigate_requested(self, target: Target) -> None:
        self.go_to(target)

    @Slot(int)
    def _on_reader_response_shown(self, response_id: int) -> None:
        assert self.navigator is not None
        target = self.navigator.response_target(response_id)
        if target is not None:
            self.navigator.select_target(target)

    @Slot()
    def _on_go_action_triggered(self) -> None:
        from svdesk.ui.views.navigator import Page, Target

        action = self.sender()
        if isinstance(action, QAction):
            self.go_to(Target(Page(action.data())))

    @Slot(bool)
    def _on_navigator_action_toggled(self, checked: bool) -> None:
        if self.navigator is not None:
            self.navigator.setVisible(checked)

    # -- text size -------------------------------------------------------------------------
    @Slot()
    def _on_larger_action_triggered(self) -> None:
        self.text_size.step(1)

    @Slot()
    def _on_smaller_action_triggered(self) -> None:
        self.text_size.step(-1)

    @Slot()
    def _on_normal_size_action_triggered(self) -> None:
        from svdesk.ui.text_size import TextSize

        self.text_size.choose(TextSize.NORMAL)

    @Slot(object)
    def _on_text_size_size_changed(self, _size: object) -> None:
        from svdesk.ui.theme import scaled

        if self.pages is not None:  # the navigator as much wider as its text
            wide = scaled(NAVIGATOR_WIDTH)
            self.splitter.setSizes([wide, max(self.width() - wide, 400)])

    @Slot(QAction)
    def _on_text_size_group_triggered(self, action: QAction) -> None:
        self.text_size.choose(action.data())

    @Slot()
    def _on_larger_answer_action_triggered(self) -> None:
        if self.pages is not None:
            self.pages.reader.zoom(2)

    @Slot()
    def _on_smaller_answer_action_triggered(self) -> None:
        if self.pages is not None:
            self.pages.reader.zoom(-2)

    @Slot(int)
    def _on_tender_chooser_activated(self, index: int) -> None:
        reference = self.commands.tender_chooser.itemData(index)
        if reference and reference != self.context.reference:
            self.show_tender(reference)

    # -- attachments and about -------------------------------------------------------------------
    @Slot(int)
    def _on_reader_open_attachment_requested(self, attachment_id: int) -> None:
        from PySide6.QtCore import QUrl
        from PySide6.QtGui import QDesktopServices
        from PySide6.QtWidgets import QMessageBox

        from svdesk.services.tenders import attachment_file

        db = self.context.database
        assert db is not None
        name, data = attachment_file(db, attachment_id)
        if self._attachments is None:
            import tempfile

            self._attachments = tempfile.TemporaryDirectory(prefix="svdesk-attachments-")
        folder = Path(self._attachments.name) / str(attachment_id)
        folder.mkdir(exist_ok=True)
        path = folder / Path(name).name
        path.write_bytes(data)
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))):
            QMessageBox.warning(
                self,
                "The file cannot be opened",
                literal(
                    f"No program on this computer opens {path.suffix or 'such'} files. "
                    f"A copy of the file is at:\n{path}"
                ),
            )

    @Slot()
    def _on_about_action_triggered(self) -> None:
        import platform

        from PySide6 import __version__ as pyside_version
        from PySide6.QtCore import qVersion
        from PySide6.QtWidgets import QMessageBox

        db = self.context.database
        location = db.location if db is not None else "not open"
        QMessageBox.about(
            self,
            "About svdesk",
            f"<h3>svdesk {__version__}</h3>"
            "<p>Social value bid evaluation for UK public-sector panels: score bidders' "
            "answers, moderate, and write award letters.</p>"
            f"<p><b>Database:</b> {_escape(location)}</p>"
            f"<p style='color:gray'>Qt {qVersion()} · PySide6 {pyside_version} · "
            f"Python {platform.python_version()}</p>",
        )

    def closeEvent(self, event: QCloseEvent) -> None:
        busy = (self._import_dialog, self._letters_dialog, self.files.task)
        if any(dialog is not None and dialog.is_running() for dialog in busy):
            event.ignore()
            return
        self.workspaces.close()
        self.presenter.close()
        if self.pages is not None:
            self.pages.finish_reading()  # a reading of the results takes a moment
        from svdesk.ui.background import background_tasks

        background_tasks().wait_all()  # nothing may use the database once it is closed
        from svdesk.ui.window_geometry import save_geometry

        save_geometry(self, GEOMETRY_KEY)
        if self._attachments is not None:
            self._attachments.cleanup()
            self._attachments = None
        super().closeEvent(event)


def read_only_line(db: Database) -> str:
    from svdesk.store.errors import DatabaseReadOnly

    return str(DatabaseReadOnly(db.location))


def _escape(text: str) -> str:

    return html.escape(text)
