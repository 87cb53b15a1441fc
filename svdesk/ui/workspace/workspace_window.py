"""An evaluator's own window: their declarations first, then three panes to score in (the
responses, the answer, the criterion with their score and justification).

What is shown comes from ``evaluator_workspace``; what is kept goes through ``save_draft``
and ``submit_lot``. Work is never lost: it is kept as a draft as it is typed (see
``DraftKeeper``), and undo covers the whole session."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QSettings, Qt, Signal, Slot
from PySide6.QtGui import QCloseEvent, QKeyEvent, QKeySequence, QUndoStack
from PySide6.QtWidgets import QMainWindow, QSplitter, QStackedWidget, QVBoxLayout, QWidget

from svdesk.services.workspace import ItemState
from svdesk.ui.plain_text import plain_label
from svdesk.ui.workspace.answer_pane import AnswerPane
from svdesk.ui.workspace.attachment_opener import AttachmentOpener
from svdesk.ui.workspace.declarations_form import DeclarationsForm
from svdesk.ui.workspace.draft_keeper import SAVED, DraftKeeper, PositionKeeper, Work
from svdesk.ui.workspace.edit_command import EditCommand, Value
from svdesk.ui.workspace.scoring_pane import ScoringPane
from svdesk.ui.workspace.submit_problems import SubmitProblems
from svdesk.ui.workspace.work_list import Key, WorkList, key_of
from svdesk.ui.workspace.workspace_actions import WorkspaceActions

if TYPE_CHECKING:
    from svdesk.services.workspace import WorkItem, Workspace
    from svdesk.store.database import Database

SPLITTER_KEY = "workspace/panes"
BY_CRITERION_KEY = "workspace/by_criterion"


class WorkspaceWindow(QMainWindow):
    submitted = Signal(str)  # a lot's scores were submitted: the lot
    drafts_saved = Signal()  # some of the evaluator's work was kept as drafts
    work_kept = Signal()  # a draft, a declaration or a submission was kept in the database
    closed = Signal()  # the window closed, its work kept

    def __init__(
        self,
        db: Database,
        reference: str,
        evaluator: str,
        parent: QWidget | None = None,
        *,
        settings: QSettings | None = None,
    ) -> None:
        from svdesk.services.tenders import tender_overview

        super().__init__(parent)
        self._db = db
        self._reference = reference
        self._evaluator = evaluator
        self._settings = settings or QSettings("svdesk", "svdesk")
        self.attachments = AttachmentOpener(db, self)
        overview = tender_overview(db, reference)
        self._scale = overview.scale
        self._responses = {(r.lot, r.bidder, r.criterion): r for r in overview.responses}
        self._criteria = {(c.lot, c.code): c for c in overview.criteria}
        self._lot_titles = {lot.key: lot.display_name for lot in overview.lots}
        self._items: dict[Key, WorkItem] = {}
        self._work: dict[Key, Work] = {}
        self._current: Key | None = None
        self.workspace: Workspace | None = None
        self.setWindowTitle(f"Scoring {reference} as {evaluator} · svdesk")
        self.resize(1366, 800)
        self.setMinimumSize(1000, 600)

        self.undo_stack = QUndoStack(self)
        self.commands = WorkspaceActions(self, self.undo_stack)
        self.keeper = DraftKeeper(db, reference, evaluator, self)
        self.position = PositionKeeper(self._settings, self._position_key(), self)
        self.declarations = DeclarationsForm(db, self)
        self.list = WorkList(self)
        self.answer = AnswerPane(self)
        self.answer.fetch = self.attachments.file
        self.scoring = ScoringPane(self._scale, self)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setChildrenCollapsible(False)
        for pane in (self.list, self.answer, self.scoring):
            self.splitter.addWidget(pane)
        for index, stretch in enumerate((1, 2, 1)):  # a wider screen widens every pane
            self.splitter.setStretchFactor(index, stretch)
        self.splitter.setSizes([300, 640, 420])
        state = self._settings.value(SPLITTER_KEY)
        if state is not None:
            self.splitter.restoreState(state)
        self.problems = SubmitProblems(self)
        scoring_page = QWidget(self)
        page = QVBoxLayout(scoring_page)
        page.setContentsMargins(0, 0, 0, 0)
        page.addWidget(self.splitter, 1)
        page.addWidget(self.problems)
        self.pages = QStackedWidget(self)
        self.pages.addWidget(self.declarations)
        self.pages.addWidget(scoring_page)
        self.scoring_page = scoring_page
        self.setCentralWidget(self.pages)
        self.progress = plain_label("", self)
        self.save_state = plain_label(SAVED, self)  # Saving…, All changes saved, Not saved
        self.save_state.setAccessibleName("Save state")
        self.save_state.setContentsMargins(0, 0, 24, 0)  # apart from the progress
        self.statusBar().addPermanentWidget(self.save_state)
        self.statusBar().addPermanentWidget(self.progress)
        self._connect()
        by_criterion = self._settings.value(BY_CRITERION_KEY, False, type=bool)
        self.commands.by_criterion_action.setChecked(bool(by_criterion))
        self.reload()

    def _connect(self) -> None:
        c = self.commands
        c.previous_action.triggered.connect(self._on_previous_action_triggered)
        c.next_action.triggered.connect(self._on_next_action_triggered)
        c.next_unscored_action.triggered.connect(self._on_next_unscored_action_triggered)
        c.compare_action.triggered.connect(self._on_compare_action_triggered)
        c.find_action.triggered.connect(self.answer.start_find)
        c.submit_action.triggered.connect(self._on_submit_action_triggered)
        c.by_criterion_action.toggled.connect(self._on_by_criterion_action_toggled)
        c.close_action.triggered.connect(self.close)
        c.passphrase_action.triggered.connect(self._on_passphrase_action_triggered)
        self.declarations.declared.connect(self.reload)
        self.declarations.declared.connect(self.work_kept)
        self.list.chosen.connect(self._on_list_chosen)
        self.problems.chosen.connect(self.go_to)
        self.answer.open_attachment_requested.connect(self.attachments.open)
        self.scoring.score_picked.connect(self._on_score_picked)
        self.scoring.justification_edited.connect(self._on_justification_edited)
        self.scoring.notes_edited.connect(self._on_notes_edited)
        self.keeper.status.connect(self._on_keeper_status)
        self.keeper.saved.connect(self._on_keeper_saved)
        self.keeper.saved.connect(self.drafts_saved)
        for widget in (self.list, self.answer.browser):
            widget.installEventFilter(self)
        for editor in (self.scoring.justification, self.scoring.notes):
            editor.installEventFilter(self)

    # -- what is shown ------------------------------------------------------------------------
    @Slot()
    def reload(self) -> None:
        """Read the workspace again: states and progress, after a save or a submission."""
        from svdesk.services.workspace import evaluator_workspace

        workspace = evaluator_workspace(self._db, self._reference, self._evaluator)
        self.workspace = workspace
        self._items = {key_of(item): item for item in workspace.items}
        for key, item in self._items.items():
            if key not in self._work:  # this session's values are the latest
                self._work[key] = Work(item.score, item.justification, item.notes)
        self._show_progress()
        if workspace.undeclared:
            self.declarations.show_workspace(workspace)
            self.pages.setCurrentWidget(self.declarations)
            self.commands.set_scoring(False)
            return
        if workspace.moderation_open:
            from svdesk.services.drafts import DRAFTS_FROZEN

            self.statusBar().showMessage(DRAFTS_FROZEN[:1].upper() + DRAFTS_FROZEN[1:] + ".")
        first_time = self.pages.currentWidget() is not self.scoring_page
        self.pages.setCurrentWidget(self.scoring_page)
        self.commands.set_scoring(True)
        self.list.show_workspace(workspace, self._lot_titles)
        if first_time or self._current not in self._items:
            remembered = self.position.remembered()
            keys = self.list.keys()
            if keys:
                self.go_to(remembered if remembered in self._items else keys[0])

    def _show_progress(self) -> None:
        if self.workspace is not None:
            self.progress.setText(
                "   ".join(f"Lot {p.lot}: {p.summary()}" for p in self.workspace.progress)
            )

    def go_to(self, key: Key) -> None:
        if key == self._current:
            return
        if self.list.current_key() != key:
            self.list.select(key)  # shows it, through the list's signal
            return
        self._show(key)

    def _show(self, key: Key) -> None:
        self.keeper.flush()  # moving on keeps the work at once
        self._current = key
        item = self._items[key]
        self.answer.show_item(item, self._responses.get(key))
        self.scoring.show_criterion(self._criteria.get((key[0], key[2])))
        work = self._work[key]
        workspace = self.workspace
        editable = item.state is not ItemState.CONFLICT and not (
            workspace is not None and workspace.moderation_open
        )
        self.scoring.show_work(work.score, work.justification, work.notes, editable)
        self.position.remember(key)

    def current_key(self) -> Key | None:
        return self._current

    def _position_key(self) -> str:
        # Settings keys treat "/" as a group: keep the reference and name whole.
        return f"workspace/{self._reference.replace('/', '_')}/{self._evaluator.replace('/', '_')}"

    # -- edits ------------------------------------------------------------------------------------
    def _edit(self, field: str, new: Value) -> None:
        key = self._current
        if key is None:
            return
        old = getattr(self._work[key], field)
        if old != new:
            self.undo_stack.push(EditCommand(self._apply, key, field, old, new))

    def _apply(self, key: Key, field: str, value: Value) -> None:
        """Show and keep one value: from an edit, an undo or a redo."""
        if key != self._current:
            self.go_to(key)
        work = self._work[key]
        if field == "score":
            work = dataclasses.replace(work, score=value if isinstance(value, int) else None)
        elif field == "justification":
            work = dataclasses.replace(work, justification=str(value or ""))
        else:
            work = dataclasses.replace(work, notes=str(value or ""))
        self._work[key] = work
        if key == self._current:
            if field == "score":
                self.scoring.set_score(work.score)
            else:
                editor = getattr(self.scoring, field)
                self.scoring.set_text(editor, str(value or ""))
        self.keeper.changed(key, work, at_once=field == "score")

    @Slot(object)
    def _on_score_picked(self, score: int) -> None:
        self._edit("score", score)

    @Slot(str)
    def _on_justification_edited(self, text: str) -> None:
        self._edit("justification", text)

    @Slot(str)
    def _on_notes_edited(self, text: str) -> None:
        self._edit("notes", text)

    @Slot(str)
    def _on_keeper_status(self, text: str) -> None:
        # The state stays in sight; a refusal's reasons are the message beside it.
        problem = text.startswith("Not saved")
        self.save_state.setText("Not saved" if problem else text)
        self.save_state.setToolTip(text)
        if problem:
            self.statusBar().showMessage(text)

    @Slot(object)
    def _on_keeper_saved(self, keys: list[Key]) -> None:
        """Bring the saved responses' states and the progress up to date, reading those
        responses only (reading the whole workspace again took a third of a second for
        each key pressed on a large tender)."""
        from svdesk.services.workspace import progress_of, response_state

        self.work_kept.emit()
        workspace = self.workspace
        if workspace is None:
            self.reload()
            return
        for key in keys:
            now = response_state(self._db, self._reference, self._evaluator, *key)
            if now is None or key not in self._items:
                self.reload()
                return
            self._items[key] = dataclasses.replace(
                self._items[key],
                state=now.state,
                score=now.score,
                justification=now.justification,
                notes=now.notes,
            )
        items = list(self._items.values())
        self.workspace = dataclasses.replace(
            workspace, items=items, progress=progress_of(workspace.progress, items)
        )
        self._show_progress()
        self.list.show_states([self._items[k] for k in keys], self.workspace.progress)

    # -- moving --------------------------------------------------------------------------------
    @Slot(object)
    def _on_list_chosen(self, key: Key) -> None:
        self._show(key)

    def _step(self, step: int) -> None:
        key = self.list.step_from(self._current, step)
        if key is not None:
            self.go_to(key)

    @Slot()
    def _on_previous_action_triggered(self) -> None:
        self._step(-1)

    @Slot()
    def _on_next_action_triggered(self) -> None:
        self._step(1)

    @Slot()
    def _on_next_unscored_action_triggered(self) -> None:
        keys = self.list.keys()
        at = keys.index(self._current) if self._current in keys else -1
        for key in keys[at + 1 :] + keys[: at + 1]:
            if self._items[key].state is not ItemState.CONFLICT and self._work[key].score is None:
                self.go_to(key)
                return
        self.statusBar().showMessage("Every response you score has a score.")

    @Slot(bool)
    def _on_by_criterion_action_toggled(self, by_criterion: bool) -> None:
        self.list.by_criterion = by_criterion
        self._settings.setValue(BY_CRITERION_KEY, by_criterion)
        if self.workspace is not None:
            self.list.show_workspace(self.workspace, self._lot_titles, rebuild=True)

    # -- submitting and comparing ------------------------------------------------------------
    @Slot()
    def _on_submit_action_triggered(self) -> None:
        from svdesk.services.drafts import submit_lot
        from svdesk.services.refusals import DatabaseRefused, Refused
        from svdesk.store.errors import DatabaseError

        key = self._current
        if key is None or not self.keeper.flush():
            return
        lot = key[0]
        try:
            outcome = submit_lot(self._db, self._reference, self._evaluator, lot)
        except Refused as refused:
            self.problems.show_refusal(lot, refused)
            self.statusBar().showMessage(f"Lot {lot} was not submitted.")
            return
        except DatabaseError as exc:
            self.problems.show_refusal(lot, DatabaseRefused(exc))
            return
        self.problems.clear_refusal()
        self.reload()
        self.statusBar().showMessage(f"Lot {lot} submitted: {outcome.summary().splitlines()[0]}")
        self.submitted.emit(lot)

    @Slot()
    def _on_compare_action_triggered(self) -> None:
        from svdesk.ui.workspace.compare_dialog import CompareDialog

        key = self._current
        if key is None:
            return
        self.keeper.flush()
        items = [
            dataclasses.replace(
                i,
                score=self._work[k].score,
                justification=self._work[k].justification,
            )
            for k, i in self._items.items()
            if (k[0], k[2]) == (key[0], key[2])
        ]
        self.compare = CompareDialog(items, self._responses, self._scale, key[1], self)
        self.compare.show()

    @Slot()
    def _on_passphrase_action_triggered(self) -> None:
        from svdesk.ui.workspace.passphrase_dialog import PassphraseDialog

        self.passphrase_dialog = PassphraseDialog(self._db, self._reference, self._evaluator, self)
        self.passphrase_dialog.accepted.connect(self._on_passphrase_dialog_accepted)
        self.passphrase_dialog.open()

    @Slot()
    def _on_passphrase_dialog_accepted(self) -> None:
        self.statusBar().showMessage(self.passphrase_dialog.outcome)

    def _close_unkept(self) -> bool:
        """Whether to close although some work could not be kept (the status says why)."""
        from PySide6.QtWidgets import QMessageBox

        from svdesk.ui.plain_text import plain_box

        box = plain_box(QMessageBox(self))
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle("Some work is not kept")
        box.setText("Some of your work could not be kept, and is lost if you close now.")
        box.setInformativeText(self.save_state.toolTip())
        box.setStandardButtons(QMessageBox.StandardButton.Close | QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        return box.exec() == QMessageBox.StandardButton.Close

    # -- keys -----------------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind not in (QEvent.Type.KeyPress, QEvent.Type.ShortcutOverride):
            return super().eventFilter(watched, event)
        assert isinstance(event, QKeyEvent)
        if watched in (self.scoring.justification, self.scoring.notes):
            # The editors would take Ctrl+Z for their own undo: the window's covers them.
            if kind == QEvent.Type.ShortcutOverride and (
                event.matches(QKeySequence.StandardKey.Undo)
                or event.matches(QKeySequence.StandardKey.Redo)
            ):
                event.ignore()
                return True
            return False
        plain = event.modifiers() in (
            Qt.KeyboardModifier.NoModifier,
            Qt.KeyboardModifier.KeypadModifier,
        )
        if kind == QEvent.Type.KeyPress and plain and Qt.Key.Key_1 <= event.key() <= Qt.Key.Key_9:
            return self.scoring.pick(event.key() - Qt.Key.Key_0)
        # The list and the answer take Alt+arrows as plain arrows: the window's moves win.
        pressed = QKeySequence(event.keyCombination())
        for action in (self.commands.previous_action, self.commands.next_action):
            if action.isEnabled() and pressed in action.shortcuts():
                if kind == QEvent.Type.KeyPress:
                    action.trigger()
                return True
        return super().eventFilter(watched, event)

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.keeper.flush() and not self._close_unkept():  # the last typing is kept
            event.ignore()
            return
        self.position.flush()
        self._settings.setValue(SPLITTER_KEY, self.splitter.saveState())
        self._settings.sync()
        self.attachments.clean_up()
        super().closeEvent(event)
        self.closed.emit()
