"""What the window shows before there is a tender: how to get one."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QPushButton, QStyle, QVBoxLayout, QWidget

from svdesk.ui.theme import PAGE_MARGIN, SPACING, Heading, keep_width, muted_label

INTRODUCTION = (
    "Import the tender pack your procurement team prepared: an Excel workbook (.xlsx), "
    "a .zip or a folder holding the workbook and its attachments, or an OCDS .json file. "
    "svdesk checks the whole pack first, and imports nothing if anything needs fixing."
)


class EmptyState(QWidget):
    """ "No tender yet", with buttons to import a pack, or a note while the database opens."""

    import_file_requested = Signal()
    import_folder_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        card = QFrame(self)
        card.setObjectName("card")
        card.setStyleSheet(
            "QFrame#card { background: palette(base); border: 1px solid palette(mid);"
            " border-radius: 8px; }"
        )
        keep_width(card, 640, fixed=True)
        self.title = Heading("No tender yet", 1, card)
        self.text = muted_label(INTRODUCTION, card)
        self.import_file = QPushButton("Import a tender pack…", card)
        self.import_file.setIcon(
            self.style().standardIcon(QStyle.StandardPixmap.SP_DialogOpenButton)
        )
        self.import_file.setDefault(True)
        self.import_folder = QPushButton("Import a pack folder…", card)
        self.import_folder.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_DirOpenIcon))
        self.hint = muted_label(
            "To look around first, create an example tender: run <b>svdesk demo</b> in a "
            "terminal, then open svdesk again.",
            card,
        )
        self.hint.setTextFormat(Qt.TextFormat.RichText)

        buttons = QHBoxLayout()
        buttons.setSpacing(SPACING)
        buttons.addWidget(self.import_file)
        buttons.addWidget(self.import_folder)
        buttons.addStretch(1)

        self._actions = QWidget(card)
        actions = QVBoxLayout(self._actions)
        actions.setContentsMargins(0, 0, 0, 0)
        actions.setSpacing(SPACING * 2)
        actions.addLayout(buttons)
        actions.addWidget(self.hint)

        inner = QVBoxLayout(card)
        inner.setContentsMargins(PAGE_MARGIN * 2, PAGE_MARGIN * 2, PAGE_MARGIN * 2, PAGE_MARGIN * 2)
        inner.setSpacing(SPACING * 2)
        inner.addWidget(self.title)
        inner.addWidget(self.text)
        inner.addWidget(self._actions)

        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(card)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(PAGE_MARGIN, PAGE_MARGIN, PAGE_MARGIN, PAGE_MARGIN)
        layout.addStretch(1)
        layout.addLayout(row)
        layout.addStretch(2)

        self.import_file.clicked.connect(self.import_file_requested)
        self.import_folder.clicked.connect(self.import_folder_requested)

    def show_no_tender(self) -> None:
        self.title.setText("No tender yet")
        self.text.setText(INTRODUCTION)
        self._actions.show()
