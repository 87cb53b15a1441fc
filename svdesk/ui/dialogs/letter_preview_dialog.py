"""One award letter, drawn as it will be written, to read before the batch is sent."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QMargins, QUrl, Signal, Slot
from PySide6.QtGui import QCloseEvent, QDesktopServices
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLayout,
    QPushButton,
    QStackedWidget,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from svdesk.ui.background import Progress, TaskHandle, background_tasks
from svdesk.ui.formatting import count
from svdesk.ui.plain_text import plain_label
from svdesk.ui.theme import MARGIN, SPACING, Banner, BannerKind, muted_label
from svdesk.ui.views.problem_list import ProblemList

if TYPE_CHECKING:
    from svdesk.documents.letter_preview import LetterChoice
    from svdesk.domain.model import Holidays, LetterLanguage
    from svdesk.services.refusals import Refused
    from svdesk.store.database import Database

PREFERRED_SIZE = (860, 1000)


class LetterPreviewDialog(QDialog):
    """Draws the chosen letter with ``preview_letter`` on a worker thread and shows it."""

    rendered = Signal(str)  # the PDF now on show
    refused = Signal(object)  # the Refused, once its reasons are on show

    def __init__(
        self,
        db: Database,
        reference: str,
        choices: Sequence[LetterChoice],
        letter_date: dt.date,
        notice_date: dt.date | None = None,
        template_folder: Path | None = None,
        logo: Path | None = None,
        parent: QWidget | None = None,
        *,
        send_date: dt.date | None = None,
        holidays: Holidays | None = None,
        language: LetterLanguage | None = None,
    ) -> None:
        super().__init__(parent)
        self._db = db
        self._reference = reference
        self._choices = list(choices)
        self._letter_date = letter_date
        self._notice_date = notice_date
        self._template_folder = template_folder
        self._logo = logo
        # The dialog's choices not yet written: the preview shows the letter they would make.
        self._send_date, self._holidays, self._language = send_date, holidays, language
        self._drawing: TaskHandle[Path] | None = None
        self._pending = False
        self.path: Path | None = None
        self.setWindowTitle(f"Letter preview · {reference}")
        self.setMinimumSize(560, 420)

        self.choice_box = QComboBox(self)
        self.choice_box.setAccessibleName("Letter to preview")
        self.choice_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        for choice in self._choices:
            self.choice_box.addItem(choice.label, (choice.lot, choice.bidder))
        self.status = muted_label("", self, wrap=False)
        self.open_button = QPushButton("Open in PDF viewer", self)
        self.open_button.setEnabled(False)

        self.document = QPdfDocument(self)
        self.view = QPdfView(self)
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setPageSpacing(SPACING * 2)
        self.view.setDocumentMargins(QMargins(MARGIN, MARGIN, MARGIN, MARGIN))
        self.banner = Banner(BannerKind.ERROR, "", self)
        self.messages = ProblemList(self)
        refusal = QWidget(self)
        refusal_layout = QVBoxLayout(refusal)
        refusal_layout.setContentsMargins(0, 0, 0, 0)
        refusal_layout.addWidget(self.banner)
        refusal_layout.addWidget(self.messages, 1)
        self.pages = QStackedWidget(self)
        self.pages.addWidget(self.view)
        self.pages.addWidget(refusal)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.buttons.addButton(self.open_button, QDialogButtonBox.ButtonRole.ActionRole)

        top = QHBoxLayout()
        top.setSpacing(SPACING)
        top.addWidget(plain_label("Letter:", self))
        top.addWidget(self.choice_box)
        top.addSpacing(SPACING)
        top.addWidget(self.status, 1)
        layout = QVBoxLayout(self)
        # The status and the chosen letter change the layout's minimum width as they go;
        # the window's minimum size is not changed with it (some platforms cannot pass it on).
        layout.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        layout.setContentsMargins(MARGIN, MARGIN, MARGIN, MARGIN)
        layout.setSpacing(SPACING)
        layout.addLayout(top)
        layout.addWidget(self.pages, 1)
        layout.addWidget(self.buttons)
        self._fit_to_screen()

        self.choice_box.currentIndexChanged.connect(self._on_choice_box_current_index_changed)
        self.open_button.clicked.connect(self._on_open_button_clicked)
        self.buttons.rejected.connect(self.reject)

    def _fit_to_screen(self) -> None:
        width, height = PREFERRED_SIZE
        screen = self.screen()
        if screen is not None:
            available = screen.availableGeometry()
            width = min(width, available.width() - 80)
            height = min(height, available.height() - 80)
        self.resize(width, height)

    def choice(self) -> LetterChoice | None:
        index = self.choice_box.currentIndex()
        return self._choices[index] if 0 <= index < len(self._choices) else None

    def is_running(self) -> bool:
        """Whether a letter is being drawn (until the dialog has shown it)."""
        return self._drawing is not None and self._drawing.running

    # -- drawing ---------------------------------------------------------------------------
    def start(self) -> None:
        """Draw the chosen letter on a worker thread (after the one being drawn, if any)."""
        from svdesk.documents.letter_preview import preview_letter

        choice = self.choice()
        if choice is None:
            return
        if self.is_running():
            self._pending = True
            return
        db, reference = self._db, self._reference
        letter_date, notice_date = self._letter_date, self._notice_date
        template_folder, logo = self._template_folder, self._logo
        send_date, holidays, language = self._send_date, self._holidays, self._language

        def task(_progress: Progress) -> Path:
            return preview_letter(
                db,
                reference,
                choice.lot,
                choice.bidder,
                letter_date,
                notice_date,
                template_folder,
                logo,
                send_date=send_date,
                holidays=holidays,
                language=language,
            )

        self._pending = False
        self.status.setText("Drawing the letter…")
        self._drawing = background_tasks().run(
            task,
            owner=self,
            what=f"previewing the letter to {choice.bidder}",
            on_done=self._on_drawing_done,
            on_refused=self._on_drawing_refused,
            on_failed=self._on_drawing_failed,
            on_finished=self._on_drawing_finished,
            discard=_discard,  # drawn for a dialog that has gone
        )

    def _on_drawing_done(self, path: Path) -> None:
        if not self.isVisible() or self._pending:
            _discard(path)
            return
        self._forget_document()
        error = self.document.load(str(path))
        if error != QPdfDocument.Error.None_:
            _discard(path)
            self._show_refusal(f"The preview could not be shown ({error.name}).", [])
            return
        self.path = path
        self.pages.setCurrentWidget(self.view)
        self.open_button.setEnabled(True)
        self.status.setText(f"{path.name}  ·  {count(self.document.pageCount(), 'page')}")
        self.rendered.emit(str(path))

    def _on_drawing_refused(self, refused: Refused) -> None:
        self._show_refusal("This letter cannot be drawn yet:", refused.reasons)
        self.refused.emit(refused)

    def _on_drawing_failed(self, message: str) -> None:
        self._show_refusal(f"Something went wrong that svdesk did not expect: {message}", [])

    def _on_drawing_finished(self) -> None:
        if self._pending and self.isVisible():
            self.start()

    def _show_refusal(self, text: str, reasons: list[str]) -> None:
        self._forget_document()
        self.banner.set_text(text)
        self.messages.set_problems(reasons, QStyle.StandardPixmap.SP_MessageBoxCritical)
        self.messages.setVisible(bool(reasons))
        self.pages.setCurrentIndex(1)
        self.status.setText("")

    def _forget_document(self) -> None:
        self.document.close()
        self.open_button.setEnabled(False)
        if self.path is not None:
            _discard(self.path)
            self.path = None

    # -- the user --------------------------------------------------------------------------
    @Slot(int)
    def _on_choice_box_current_index_changed(self, _index: int) -> None:
        self.start()

    @Slot()
    def _on_open_button_clicked(self) -> None:
        if self.path is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.path)))

    def done(self, result: int) -> None:
        # Drawing one letter takes a moment: wait for it, so that nothing is left behind.
        self._pending = False
        if self._drawing is not None:
            self._drawing.wait()  # what it drew is handed over, then forgotten here
        self._forget_document()
        super().done(result)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.reject()
        event.accept()


def _discard(path: Path) -> None:
    from svdesk.documents.letter_preview import discard_preview

    discard_preview(path)
