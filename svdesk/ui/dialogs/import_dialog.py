"""Importing a tender pack: progress, then what came in, or every reason it did not."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QCloseEvent, QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLayout,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from svdesk.ui.background import Progress, TaskHandle, background_tasks
from svdesk.ui.formatting import count
from svdesk.ui.plain_text import literal, plain_label
from svdesk.ui.theme import (
    MARGIN,
    SPACING,
    Banner,
    BannerKind,
    Heading,
    muted_label,
    value_label,
)
from svdesk.ui.views.issue_list import IssueList

if TYPE_CHECKING:
    from svdesk.services.imports import EvaluationAtStake, ImportRefused, ImportSummary
    from svdesk.services.refusals import Refused
    from svdesk.store.database import Database

NOTHING_CHANGED = "Nothing was imported; the database is unchanged."


def existing_reference(refused: ImportRefused) -> str | None:
    """The reference of the tender already in the database, when that is the only error."""
    from svdesk.services.imports import TenderExists

    if isinstance(refused, TenderExists) and len(refused.errors) == 1:
        return refused.reference
    return None


class ImportDialog(QDialog):
    """Runs ``import_pack`` on a worker thread and shows how it went.

    ``imported`` is emitted with the tender's reference as soon as the import is saved;
    ``refused`` when the pack was refused and its problems are listed.
    """

    imported = Signal(str)
    refused = Signal(object)  # the ImportRefused, once its problems are on show
    progressed = Signal(int, int, str)  # done, total, what the import is doing

    def __init__(
        self, db: Database, path: Path, parent: QWidget | None = None, *, actor: str | None = None
    ) -> None:
        super().__init__(parent)
        self._db = db
        self._actor = actor  # who the audit trail records; the login when None
        self._path = Path(path)
        self._importing: TaskHandle[ImportSummary] | None = None
        self._saving = False
        self.summary: ImportSummary | None = None
        self.refusal: ImportRefused | None = None
        self.setWindowTitle("Import a tender pack")
        self.setMinimumSize(600, 220)

        self.heading = Heading("", 2, self)
        self.pages = QStackedWidget(self)
        self.pages.addWidget(self._working_page())
        self.pages.addWidget(self._result_page())

        self.buttons = QDialogButtonBox(self)
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.copy_button = QPushButton("Copy all", self)
        self.copy_button.setToolTip("Copy every problem, with where it is, to the clipboard")
        self.buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.close_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.copy_button.hide()
        self.close_button.hide()

        layout = QVBoxLayout(self)
        # The dialog grows when the results come in; its layout does not also change the
        # window's minimum size each time (which some platforms cannot pass on).
        layout.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        layout.setContentsMargins(MARGIN * 2, MARGIN * 2, MARGIN * 2, MARGIN)
        layout.setSpacing(SPACING * 2)
        layout.addWidget(self.heading)
        layout.addWidget(self.pages, 1)
        layout.addWidget(self.buttons)

        self.cancel_button.clicked.connect(self._on_cancel_button_clicked)
        self.copy_button.clicked.connect(self._on_copy_button_clicked)
        self.close_button.clicked.connect(self.accept)

    def _working_page(self) -> QWidget:
        page = QWidget(self)
        self.message = plain_label("Starting…", page)
        self.progress = QProgressBar(page)
        self.progress.setRange(0, 100)
        self.progress.setTextVisible(True)
        note = muted_label(
            "The whole pack is checked before anything is saved. If anything needs "
            "fixing, nothing is imported.",
            page,
        )
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(SPACING)
        layout.addWidget(self.message)
        layout.addWidget(self.progress)
        layout.addSpacing(SPACING)
        layout.addWidget(note)
        return page

    def _result_page(self) -> QWidget:
        page = QWidget(self)
        self.banner = Banner(BannerKind.SUCCESS, "", page)
        self.counts = QFormLayout()
        self.counts.setHorizontalSpacing(MARGIN * 2)
        self.counts.setVerticalSpacing(SPACING // 2)
        self.issues_title = Heading("", 3, page)
        self.issues = IssueList(page)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(SPACING)
        layout.addWidget(self.banner)
        layout.addSpacing(SPACING // 2)
        layout.addLayout(self.counts)
        layout.addWidget(self.issues_title)
        layout.addWidget(self.issues, 100)
        layout.addStretch(1)  # takes the room when there is no list to show
        return page

    # -- running -----------------------------------------------------------------------
    def start(self, *, replace: bool = False, discard_evaluation: bool = False) -> None:
        """Begin importing on a worker thread; the dialog follows it as it goes."""
        self.summary = None
        self.refusal = None
        self._saving = False
        verb = "Replacing the tender from" if replace else "Importing"
        self.heading.setText(f"{verb} {self._path.name}")
        self.message.setText("Starting…")
        self.progress.setValue(0)
        self._turn_to(0)
        self._show_buttons(cancel=True)
        self.cancel_button.setEnabled(True)
        self.cancel_button.setText("Cancel")

        from svdesk.services.imports import import_pack

        db, path, actor = self._db, self._path, self._actor

        def task(progress: Progress) -> ImportSummary:
            return import_pack(
                db,
                path,
                replace=replace,
                discard_evaluation=discard_evaluation,
                progress=progress,
                actor=actor,
            )

        self._importing = background_tasks().run(
            task,
            owner=self,
            what=f"importing {path}",
            on_progress=self._on_import_progress,
            on_done=self._on_import_done,
            on_refused=self._on_import_refused,
            on_failed=self._on_import_failed,
            on_cancelled=self.reject,
        )

    def is_running(self) -> bool:
        return self._importing is not None and self._importing.running

    def _show_buttons(self, *, cancel: bool = False, copy: bool = False) -> None:
        self.cancel_button.setVisible(cancel)
        self.copy_button.setVisible(copy)
        self.close_button.setVisible(not cancel)
        if not cancel:
            self.close_button.setDefault(True)
            self.close_button.setFocus()

    # -- what the worker says --------------------------------------------------------------
    def _on_import_progress(self, done: int, total: int, message: str) -> None:
        from svdesk.services.imports import SAVING

        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)
        self.message.setText(message)
        if message == SAVING:
            # One transaction from here: it completes or changes nothing, uninterrupted.
            self._saving = True
            self.cancel_button.setEnabled(False)
            self.cancel_button.setToolTip("Saving cannot be interrupted; it takes a moment.")
        self.progressed.emit(done, total, message)

    def _on_import_done(self, summary: ImportSummary) -> None:
        self.summary = summary
        verb = "Replaced" if summary.replaced else "Imported"
        self.heading.setText(f"{verb} {summary.reference}: {summary.title}")
        self.banner.set_kind(BannerKind.SUCCESS)
        self.banner.set_text(
            f"✓  {self._path.name} was imported. The window now shows this tender."
        )
        self._set_counts(summary)
        warnings = summary.warnings
        self.issues_title.setText(count(len(warnings), "warning") + " (the import went ahead)")
        self.issues_title.setVisible(bool(warnings))
        self.issues.set_issues(warnings)
        self.issues.setVisible(bool(warnings))
        self._show_results(with_list=bool(warnings))
        self._show_buttons()
        self.imported.emit(summary.reference)

    def _on_import_refused(self, refused: Refused) -> None:
        from svdesk.services.imports import EvaluationAtStake, ImportRefused
        from svdesk.services.refusals import DatabaseRefused

        if isinstance(refused, DatabaseRefused) or not isinstance(refused, ImportRefused):
            # The database refused (busy, read-only): nothing is wrong with the pack.
            self._show_not_imported("\n".join(refused.reasons))
            return
        if isinstance(refused, EvaluationAtStake):
            if self._confirm_discard(refused):
                self.start(replace=True, discard_evaluation=True)
            else:
                self.reject()
            return
        reference = existing_reference(refused)
        if reference is not None and self._confirm_replace(reference):
            self.start(replace=True)
            return
        if reference is not None:
            self.reject()
            return
        self.refusal = refused
        errors, warnings = refused.errors, refused.warnings
        self.heading.setText(f"{refused.source} was not imported")
        self.banner.set_kind(BannerKind.ERROR)
        self.banner.set_text(
            f"{count(len(errors), 'problem')} to fix in the pack. {NOTHING_CHANGED}"
        )
        self._set_counts(None)
        title = count(len(errors), "problem")
        if warnings:
            title += f" and {count(len(warnings), 'warning')}"
        self.issues_title.setText(title + ", with where to find each one")
        self.issues_title.show()
        self.issues.set_issues(refused.issues)
        self.issues.show()
        self._show_results(with_list=True)
        self._show_buttons(copy=True)
        self.refused.emit(refused)

    def _on_import_failed(self, message: str) -> None:
        self._show_not_imported(f"Something went wrong that svdesk did not expect: {message}")

    def _show_not_imported(self, reason: str) -> None:
        self.heading.setText(f"{self._path.name} could not be imported")
        self.banner.set_kind(BannerKind.ERROR)
        self.banner.set_text(f"{reason}\n\n{NOTHING_CHANGED}")
        self._set_counts(None)
        self.issues_title.hide()
        self.issues.hide()
        self._show_results(with_list=False)
        self._show_buttons()

    def _confirm_replace(self, reference: str) -> bool:
        answer = QMessageBox.question(
            self,
            "Replace tender?",
            literal(f"Replace tender {reference} with the tender in {self._path.name}?"),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        return answer == QMessageBox.StandardButton.Yes

    def _confirm_discard(self, refused: EvaluationAtStake) -> bool:
        """The second question, when the tender holds an evaluation: what would be lost."""
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            "Discard the evaluation?",
            f"Tender {refused.reference} holds an evaluation: {refused.held.describe()}.",
            QMessageBox.StandardButton.Cancel,
            self,
        )
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setInformativeText(
            "Replacing the tender discards all of it. A copy of the database as it is now is "
            "kept beside it first, and the audit trail records the replacement."
        )
        discard = box.addButton("Discard and replace", QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        return box.clickedButton() is discard

    def _turn_to(self, index: int) -> None:
        """Show page ``index``; only the page on show counts towards the dialog's size."""
        for i in range(self.pages.count()):
            policy = QSizePolicy.Policy.Preferred if i == index else QSizePolicy.Policy.Ignored
            page = self.pages.widget(i)
            if page is not None:
                page.setSizePolicy(policy, policy)
        self.pages.setCurrentIndex(index)
        self.pages.adjustSize()
        if index == 0:
            self.adjustSize()

    def _show_results(self, *, with_list: bool) -> None:
        """Turn to the results page, grown to give a list of problems room."""
        self._turn_to(1)
        if with_list:
            self.resize(max(self.width(), 780), max(self.height(), 520))
        else:
            self.resize(max(self.width(), 640), self.sizeHint().height())
        parent = self.parentWidget()
        if parent is not None and self.isVisible():  # grown from the middle, not the corner
            frame = self.frameGeometry()
            frame.moveCenter(parent.window().frameGeometry().center())
            self.move(frame.topLeft())

    def _set_counts(self, summary: ImportSummary | None) -> None:
        while self.counts.rowCount():
            self.counts.removeRow(0)
        if summary is None:
            return
        answers = f"{summary.responses:,}"
        if summary.missing_responses:
            answers += f" ({summary.missing_responses:,} missing)"
        rows = [
            ("Tender", f"{summary.reference}: {summary.title}"),
            ("Lots", f"{summary.lots:,}"),
            ("Criteria", f"{summary.criteria:,}"),
            ("Bidders", f"{summary.bidders:,}"),
            ("Bids", f"{summary.bids:,}"),
            ("Answers", answers),
            ("Attached files", f"{summary.attachments:,}"),
        ]
        for name, value in rows:
            self.counts.addRow(muted_label(name, wrap=False), value_label(value))

    # -- the user --------------------------------------------------------------------------
    @Slot()
    def _on_cancel_button_clicked(self) -> None:
        if not self.is_running() or self._importing is None:
            self.reject()
            return
        if self._saving:
            return
        self._importing.cancel()
        self.cancel_button.setEnabled(False)
        self.cancel_button.setText("Cancelling…")
        self.message.setText("Cancelling: stopping before anything is saved…")

    @Slot()
    def _on_copy_button_clicked(self) -> None:
        QGuiApplication.clipboard().setText(self.issues.as_text())
        self.copy_button.setText("Copied")

    def reject(self) -> None:
        if self.is_running():
            self._on_cancel_button_clicked()  # closes once the worker has stopped
            return
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.is_running():
            event.ignore()
            self._on_cancel_button_clicked()
            return
        super().closeEvent(event)
