"""Writing a tender's award letters: the choices (``LetterOptions``), a preview of any one
letter, and then the whole batch on a worker thread, with how it went."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtCore import QUrl, Signal, Slot
from PySide6.QtGui import QCloseEvent, QDesktopServices, QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLayout,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from svdesk.domain.model import Regime
from svdesk.ui.background import Progress, TaskHandle, background_tasks
from svdesk.ui.formatting import count
from svdesk.ui.plain_text import literal, plain_label
from svdesk.ui.theme import MARGIN, SPACING, Banner, BannerKind, Heading, muted_label
from svdesk.ui.views.letter_options import LetterOptions
from svdesk.ui.views.problem_list import ProblemList

if TYPE_CHECKING:
    from svdesk.documents.letter_batch import LetterBatch
    from svdesk.documents.letter_preview import LetterChoice
    from svdesk.services.refusals import Refused
    from svdesk.store.database import Database
    from svdesk.ui.dialogs.confidentiality_review_dialog import ConfidentialityReviewDialog
    from svdesk.ui.dialogs.letter_preview_dialog import LetterPreviewDialog

NOTHING_WRITTEN = "Nothing was written."


class LettersDialog(QDialog):
    """Asks ``write_letters`` for the batch on a worker thread and shows how it went."""

    written = Signal(object)  # the LetterBatch
    refused = Signal(object)  # the Refused, once its reasons are on show

    def __init__(
        self,
        db: Database,
        reference: str,
        parent: QWidget | None = None,
        *,
        today: dt.date | None = None,
        actor: str | None = None,
    ) -> None:
        from svdesk.documents.letter_preview import letter_choices
        from svdesk.services.tenders import tender_overview

        super().__init__(parent)
        self._db = db
        self._reference = reference
        self._actor = actor
        tender = tender_overview(db, reference).tender
        self._regime = Regime(tender.regime)
        self._choices: list[LetterChoice] = letter_choices(db, reference)
        # None while the readiness check (which verifies the audit trail) is on its way.
        self._problems: list[str] | None = None
        self._checker: TaskHandle[list[str]] | None = None
        self._check_again = False
        self._writer: TaskHandle[LetterBatch] | None = None
        self._replace = False
        self._ask_to_replace = False
        self._preview: LetterPreviewDialog | None = None
        self.batch: LetterBatch | None = None
        self.refusal: Refused | None = None
        self.setWindowTitle(f"Letters · {reference}")
        self.setMinimumWidth(680)

        self.heading = Heading("Award letters", 2, self)
        self.subtitle = muted_label(f"{tender.reference}  ·  {tender.title}", self)
        lots = len({c.lot for c in self._choices})
        self.options = LetterOptions(
            self._regime,
            reference,
            len(self._choices),
            lots,
            today or dt.date.today(),
            self,
            holidays=tender.holidays,
        )
        self.banner = Banner(BannerKind.INFO, "", self)
        self.messages = ProblemList(self)
        self.progress_label = plain_label("", self)
        self.progress = QProgressBar(self)
        self.progress.setTextVisible(True)

        self.buttons = QDialogButtonBox(self)
        self.preview_button = QPushButton("Preview…", self)
        self.preview_button.setToolTip("See any one letter as it will be written")
        self.review_button = QPushButton("Confidentiality review…", self)
        self.review_button.setToolTip(
            "Approve, edit or redact what the letters quote of the winners' tenders"
        )
        self.copy_button = QPushButton("Copy", self)
        self.copy_button.setToolTip("Copy the list to the clipboard")
        self.open_folder_button = QPushButton("Open folder", self)
        self.write_button = QPushButton("Write letters", self)
        self.write_button.setDefault(True)
        role = QDialogButtonBox.ButtonRole
        self.buttons.addButton(self.review_button, role.ActionRole)
        self.buttons.addButton(self.preview_button, role.ActionRole)
        self.buttons.addButton(self.copy_button, role.ActionRole)
        self.buttons.addButton(self.open_folder_button, role.ActionRole)
        self.close_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.buttons.addButton(self.write_button, role.ApplyRole)

        layout = QVBoxLayout(self)
        layout.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        layout.setContentsMargins(MARGIN * 2, MARGIN * 2, MARGIN * 2, MARGIN)
        layout.setSpacing(SPACING)
        layout.addWidget(self.heading)
        layout.addWidget(self.subtitle)
        layout.addSpacing(SPACING)
        layout.addWidget(self.options)
        layout.addSpacing(SPACING)
        layout.addWidget(self.banner)
        layout.addWidget(self.messages, 1)
        layout.addWidget(self.progress_label)
        layout.addWidget(self.progress)
        layout.addStretch(0)
        layout.addSpacing(SPACING)
        layout.addWidget(self.buttons)

        self.preview_button.clicked.connect(self._on_preview_button_clicked)
        self.review_button.clicked.connect(self._on_review_button_clicked)
        self.copy_button.clicked.connect(self._on_copy_button_clicked)
        self.open_folder_button.clicked.connect(self._on_open_folder_button_clicked)
        self.write_button.clicked.connect(self._on_write_button_clicked)
        self.close_button.clicked.connect(self.reject)
        self._show_progress(False)
        self.open_folder_button.hide()
        self.options.changed.connect(self._on_options_changed)
        self._show_readiness()
        self._update_buttons()
        self._check_readiness()

    # -- state ------------------------------------------------------------------------------
    def is_ready(self) -> bool:
        return self._problems == []

    def is_checking(self) -> bool:
        """Whether the readiness check is still on its way."""
        return self._problems is None

    def _check_readiness(self) -> None:
        """Run the readiness check, audit trail and all, on a worker thread."""
        from svdesk.services.readiness import readiness_problems

        db, reference = self._db, self._reference

        def task(_progress: Progress) -> list[str]:
            return readiness_problems(db, reference)

        self._checker = background_tasks().run(
            task,
            owner=self,
            what=f"checking that {reference} is ready for letters",
            on_done=self._checked,
            on_refused=self._on_checker_refused,
            on_failed=self._on_checker_failed,
        )

    def open_review(self) -> ConfidentialityReviewDialog:
        """The confidentiality review; the readiness check runs again when it closes."""
        from svdesk.ui.dialogs.confidentiality_review_dialog import (
            ConfidentialityReviewDialog,
        )

        dialog = ConfidentialityReviewDialog(self._db, self._reference, self, actor=self._actor)
        dialog.finished.connect(self._on_review_finished)
        dialog.open()
        return dialog

    @Slot()
    def _on_review_button_clicked(self) -> None:
        self.open_review()

    @Slot(int)
    def _on_review_finished(self, _result: int) -> None:
        if self.is_running():
            return
        if self.is_checking():
            self._check_again = True  # this reading may predate the officer's decisions
            return
        self._problems = None
        self._show_readiness()
        self._update_buttons()
        self._check_readiness()

    def _on_checker_refused(self, refused: Refused) -> None:
        self._checked(list(refused.reasons))

    def _on_checker_failed(self, message: str) -> None:
        self._checked([f"The readiness check could not be run: {message}"])

    def _checked(self, problems: list[str]) -> None:
        self._checker = None
        if self._check_again:
            self._check_again = False
            self._check_readiness()
            return
        self._problems = problems
        self._show_readiness()
        self._update_buttons()
        (self.write_button if self.is_ready() else self.close_button).setFocus()

    def is_running(self) -> bool:
        """Whether a batch is being written (until the dialog has shown how it went)."""
        return self._writer is not None and self._writer.running

    # -- keeping the dialog up to date --------------------------------------------------------
    def _update_buttons(self) -> None:
        running = self.is_running()
        o = self.options
        can_preview = self.is_ready() and o.standstill_ok() and not running
        can_write = can_preview and bool(o.formats()) and o.folder() is not None
        self.write_button.setEnabled(can_write)
        self.preview_button.setEnabled(can_preview)
        o.set_editable(not running)
        self.close_button.setText("Cancel" if running else "Close")

    def _show_readiness(self) -> None:
        if self._problems is None:
            self._show_message(
                BannerKind.INFO,
                "Checking that the tender is ready for letters, and that its audit trail is "
                "intact…",
                [],
            )
            return
        if self.is_ready():
            self._show_message(BannerKind.INFO, "", [])
            return
        self._show_message(
            BannerKind.WARNING,
            f"{self._reference} is not ready for letters: {count(len(self._problems), 'problem')} "
            "to put right first. The letters cannot be written until then.",
            self._problems,
        )

    def _show_message(
        self,
        kind: BannerKind,
        text: str,
        items: list[str],
        icon: QStyle.StandardPixmap = QStyle.StandardPixmap.SP_MessageBoxWarning,
    ) -> None:
        self._show_progress(False)  # the outcome replaces the progress
        self.banner.set_kind(kind)
        self.banner.set_text(text)
        self.banner.setVisible(bool(text))
        self.messages.set_problems(items, icon)
        self.messages.setVisible(bool(items))
        self.copy_button.setVisible(bool(items))
        self.copy_button.setText("Copy")
        self._grow_to_fit(with_list=bool(items))

    def _grow_to_fit(self, *, with_list: bool) -> None:
        """Grow (never shrink) to show everything, and give a list of problems room."""
        layout = self.layout()
        if layout is None:
            return
        width = max(self.width(), 760 if with_list else self.minimumWidth())
        if layout.hasHeightForWidth():  # a wrapped banner: as tall as it is at this width
            needed = layout.totalHeightForWidth(width)
        else:
            needed = layout.totalSizeHint().height()
        needed = max(needed, 640 if with_list else 0)
        if needed > self.height() or width > self.width():
            self.resize(width, max(needed, self.height()))

    def _show_progress(self, visible: bool) -> None:
        self.progress_label.setVisible(visible)
        self.progress.setVisible(visible)

    # -- writing ----------------------------------------------------------------------------
    def write(self, *, replace: bool = False) -> None:
        """Write the batch on a worker thread; the dialog follows it through its signals."""
        from svdesk.documents.letter_batch import write_letters

        folder = self.options.folder()
        if folder is None or self.is_running():
            return
        letter, notice = self.options.dates()
        db, reference, formats = self._db, self._reference, self.options.formats()
        templates, logo = self.options.template_folder(), self.options.logo()
        sent, holidays = self.options.sent_on(), self.options.holidays()
        language = self.options.language()

        def task(progress: Progress) -> LetterBatch:
            return write_letters(
                db,
                reference,
                folder,
                letter_date=letter,
                notice_date=notice,
                formats=formats,
                template_folder=templates,
                logo=logo,
                progress=progress,
                replace=replace,
                send_date=sent,
                holidays=holidays,
                language=language,
            )

        self._replace = replace
        self.batch = None
        self.refusal = None
        self.open_folder_button.hide()
        self._show_message(BannerKind.INFO, "", [])
        self.progress.setRange(0, 0)
        self.progress_label.setText("Preparing the letters…")
        self._show_progress(True)
        self._grow_to_fit(with_list=False)
        self._writer = background_tasks().run(
            task,
            owner=self,
            what=f"writing the letters of {reference}",
            on_progress=self._on_writer_progress,
            on_done=self._on_writer_done,
            on_refused=self._on_writer_refused,
            on_failed=self._on_writer_failed,
            on_cancelled=self._on_writer_cancelled,
            on_finished=self._on_writer_finished,
        )
        self._update_buttons()

    def _on_writer_progress(self, done: int, total: int, message: str) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)
        if done >= total:
            self.progress_label.setText("Writing index.csv and putting the batch in place…")
        else:
            self.progress_label.setText(f"Wrote {message} ({done} of {total})")

    def _on_writer_done(self, batch: LetterBatch) -> None:
        self.batch = batch
        files = len(batch.paths)
        wrote = count(len(batch.letters), "letter")
        if files != len(batch.letters):
            wrote += f" ({count(files, 'file')})"
        text = f"✓  Wrote {wrote} to {batch.folder}; standstill ends at {batch.standstill_ends}."
        if batch.superseded is not None:
            text += f"\nThe earlier batch was moved to {batch.superseded}."
        self._show_message(
            BannerKind.SUCCESS,
            text,
            list(batch.notes),
            QStyle.StandardPixmap.SP_MessageBoxInformation,
        )
        self.open_folder_button.show()
        self.open_folder_button.setDefault(True)
        self.written.emit(batch)

    def _on_writer_refused(self, refused: Refused) -> None:
        from svdesk.services.refusals import LettersExist

        if isinstance(refused, LettersExist) and not self._replace:
            self._ask_to_replace = True  # asked once the batch's work has finished
            return
        self.refusal = refused
        self._show_message(
            BannerKind.ERROR,
            f"The letters were not written. {NOTHING_WRITTEN} "
            f"{count(len(refused.reasons), 'reason')}:",
            refused.reasons,
            QStyle.StandardPixmap.SP_MessageBoxCritical,
        )
        self.refused.emit(refused)

    def _on_writer_failed(self, message: str) -> None:
        self._show_message(
            BannerKind.ERROR,
            f"Something went wrong that svdesk did not expect: {message}\n{NOTHING_WRITTEN}",
            [],
        )

    def _on_writer_cancelled(self) -> None:
        self._show_message(BannerKind.INFO, f"Cancelled. {NOTHING_WRITTEN}", [])

    def _on_writer_finished(self) -> None:
        self._show_progress(False)
        self._update_buttons()
        if self._ask_to_replace:
            self._ask_to_replace = False
            if self._confirm_replace():
                self.write(replace=True)
            else:
                self._show_message(
                    BannerKind.INFO,
                    f"{NOTHING_WRITTEN} The folder still holds the earlier batch; choose "
                    "another folder to keep both.",
                    [],
                )

    def _confirm_replace(self) -> bool:
        folder = self.options.folder()
        answer = QMessageBox.question(
            self,
            "Replace the earlier batch?",
            literal(
                f"{folder} already holds a batch of letters. Replace the earlier batch?\n\n"
                "It is not deleted: it is moved into a folder named superseded-<date and time> "
                "inside the same folder."
            ),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        return answer == QMessageBox.StandardButton.Yes

    # -- the user ----------------------------------------------------------------------------
    @Slot()
    def _on_options_changed(self) -> None:
        self._update_buttons()

    @Slot()
    def _on_write_button_clicked(self) -> None:
        self.write()

    @Slot()
    def _on_copy_button_clicked(self) -> None:
        QGuiApplication.clipboard().setText(self.messages.as_text())
        self.copy_button.setText("Copied")

    @Slot()
    def _on_open_folder_button_clicked(self) -> None:
        if self.batch is None:
            return
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.batch.folder))):
            QMessageBox.warning(
                self,
                "The folder cannot be opened",
                literal(f"The letters are in {self.batch.folder}"),
            )

    @Slot()
    def _on_preview_button_clicked(self) -> None:
        self.open_preview()

    def open_preview(self) -> LetterPreviewDialog:
        """Show one letter as it would be written, with the dates, templates and logo chosen."""
        from svdesk.ui.dialogs.letter_preview_dialog import LetterPreviewDialog

        if self._preview is not None:
            self._preview.deleteLater()
        letter, notice = self.options.dates()
        dialog = LetterPreviewDialog(
            self._db,
            self._reference,
            self._choices,
            letter,
            notice,
            self.options.template_folder(),
            self.options.logo(),
            self,
            send_date=self.options.sent_on(),
            holidays=self.options.holidays(),
            language=self.options.language(),
        )
        self._preview = dialog
        dialog.open()
        dialog.start()
        return dialog

    def reject(self) -> None:
        if self.is_running():
            if self._writer is not None:
                self._writer.cancel()
            self.progress_label.setText("Cancelling: stopping before anything is put in place…")
            return
        super().reject()

    def done(self, result: int) -> None:
        if self._checker is not None:
            self._checker.wait()  # the check is brief
        super().done(result)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.is_running():
            event.ignore()
            self.reject()
            return
        super().closeEvent(event)
