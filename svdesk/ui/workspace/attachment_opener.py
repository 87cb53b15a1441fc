"""The file a bidder attached, opened in its own program from a temporary copy that goes
when the workspace closes."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMessageBox, QWidget

from svdesk.ui.plain_text import literal

if TYPE_CHECKING:
    from svdesk.store.database import Database


class AttachmentOpener(QObject):
    def __init__(self, db: Database, parent: QWidget) -> None:
        super().__init__(parent)
        self._db = db
        self._parent = parent
        self._folder: tempfile.TemporaryDirectory[str] | None = None

    def file(self, attachment_id: int) -> tuple[str, bytes]:
        """The attached file's path in the pack and its bytes."""
        from svdesk.services.tenders import attachment_file

        return attachment_file(self._db, attachment_id)

    def open(self, attachment_id: int) -> None:
        name, data = self.file(attachment_id)
        if self._folder is None:
            self._folder = tempfile.TemporaryDirectory(prefix="svdesk-attachments-")
        folder = Path(self._folder.name) / str(attachment_id)
        folder.mkdir(exist_ok=True)
        path = folder / Path(name).name  # the name only: never a path out of the folder
        path.write_bytes(data)
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))):
            QMessageBox.warning(
                self._parent,
                "The file cannot be opened",
                literal(
                    f"No program on this computer opens {path.suffix or 'such'} files. "
                    f"A copy of the file is at:\n{path}"
                ),
            )

    def clean_up(self) -> None:
        if self._folder is not None:
            self._folder.cleanup()
            self._folder = None
