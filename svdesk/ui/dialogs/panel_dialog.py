"""The evaluation panel of a tender: who is on it, adding a member, and resetting a
member's forgotten passphrase.

The same use cases as ``svdesk panel``: ``list_members``, ``add_member`` and
``reset_passphrase``. A name the
services refuse (already on the panel, blank) is said under the form, and nothing changes.
Adding runs on a worker thread: when another svdesk is writing to the database, the dialog
says it is waiting instead of freezing, then says why it could not add.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QTimer, Signal, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from svdesk.domain.evaluation_rules import PanelRole
from svdesk.ui.formatting import count, local_time
from svdesk.ui.models.panel_model import PanelModel
from svdesk.ui.plain_text import plain_label
from svdesk.ui.theme import MARGIN, SPACING, Banner, BannerKind, Heading, muted_label, style_table

if TYPE_CHECKING:
    from svdesk.services.panel import PanelMember
    from svdesk.services.refusals import Refused
    from svdesk.services.tenders import TenderOverview
    from svdesk.store.database import Database
    from svdesk.ui.background import TaskHandle
    from svdesk.ui.dialogs.passphrase_reset_dialog import PassphraseResetDialog

# After this long, an addition still on its way is waiting for another svdesk to finish.
WAITING_AFTER_MS = 1000
WAITING = (
    "Waiting for the database: another svdesk (or another window) is writing to it. "
    "The member is added as soon as it has finished."
)


class PanelDialog(QDialog):
    """Lists the panel and adds members; ``changed`` is emitted after each addition."""

    changed = Signal()
    added = Signal(bool)  # an addition has finished: True when the member was added

    def __init__(
        self,
        db: Database,
        reference: str,
        parent: QWidget | None = None,
        *,
        actor: str | None = None,
        overview: TenderOverview | None = None,
    ) -> None:
        """``overview``: the tender as the window already holds it (read when not given)."""
        from svdesk.services.tenders import tender_overview

        super().__init__(parent)
        self._db = db
        self._actor = actor  # who the audit trail records; the login when None
        self._reference = reference
        self._adding: TaskHandle[PanelMember] | None = None
        self._waiting = QTimer(self)
        self._waiting.setSingleShot(True)
        self._waiting.setInterval(WAITING_AFTER_MS)
        self._waiting.timeout.connect(self._on_waiting_timeout)
        if overview is None or overview.tender.reference != reference:
            overview = tender_overview(db, reference)
        self.setWindowTitle(f"Panel · {reference}")
        self.setMinimumSize(640, 420)

        self.heading = Heading("Evaluation panel", 2, self)
        self.subtitle = muted_label(f"{reference}  ·  {overview.tender.title}", self)
        self.note = muted_label(
            "Evaluators score every answer on their own, in their score sheet, after "
            "declaring any conflict of interest. The moderator runs the moderation meeting "
            "and records the agreed scores.",
            self,
        )
        self.model = PanelModel(len(overview.bidders), self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        style_table(self.table)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)

        self.name_edit = QLineEdit(self)
        self.name_edit.setPlaceholderText("Full name, as it will appear in the record")
        self.name_edit.setAccessibleName("Name of the new panel member")
        self.role_box = QComboBox(self)
        self.role_box.addItem("Evaluator", PanelRole.EVALUATOR)
        self.role_box.addItem("Moderator", PanelRole.MODERATOR)
        self.role_box.setAccessibleName("Role of the new panel member")
        self.add_button = QPushButton("Add to the panel", self)
        self.add_button.setEnabled(False)
        self.reset_button = QPushButton("Reset passphrase…", self)
        self.reset_button.setToolTip(
            "For a member who has forgotten their passphrase: a moderator removes it, "
            "saying why, and the member sets a new one"
        )
        self.reset_button.setEnabled(False)
        self.moderation = muted_label("", self)
        self.banner = Banner(BannerKind.INFO, "", self)
        self.banner.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.buttons.addButton(self.reset_button, QDialogButtonBox.ButtonRole.ActionRole)

        form = QHBoxLayout()
        form.setSpacing(SPACING)
        form.addWidget(plain_label("Add", self))
        form.addWidget(self.name_edit, 1)
        form.addWidget(self.role_box)
        form.addWidget(self.add_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(MARGIN * 2, MARGIN * 2, MARGIN * 2, MARGIN)
        layout.setSpacing(SPACING)
        layout.addWidget(self.heading)
        layout.addWidget(self.subtitle)
        layout.addWidget(self.note)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.moderation)
        layout.addLayout(form)
        layout.addWidget(self.banner)
        layout.addWidget(self.buttons)

        self.name_edit.textChanged.connect(self._on_name_edit_text_changed)
        self.name_edit.returnPressed.connect(self.add_button.click)
        self.add_button.clicked.connect(self._on_add_button_clicked)
        self.buttons.rejected.connect(self.reject)
        self.reset_button.clicked.connect(self._on_reset_button_clicked)
        self.table.selectionModel().currentRowChanged.connect(self._on_current_row_changed)
        self.refresh()
        self.name_edit.setFocus()

    def refresh(self) -> None:
        from svdesk.services.panel_summary import tender_panel
        from svdesk.ui.views.tender_summary import moderation_line

        panel = tender_panel(self._db, self._reference)
        members, opened = panel.members, panel.opened
        if opened is not None:
            text = (
                f"Moderation opened on {local_time(opened.at)}"
                + (f" by {opened.by}" if opened.by else "")
                + ": the evaluators' scores are frozen and seen side by side."
            )
        elif any(lot.opened for lot in panel.lots):
            # Lot by lot, as the tender summary says it.
            text = (
                f"Moderation: {moderation_line(None, panel.lots)}. The evaluators' scores of "
                "a lot whose moderation has opened are frozen and seen side by side."
            )
        else:
            text = "Moderation has not opened: each evaluator's scores are seen by nobody else."
        self.moderation.setText(text)
        self.model.set_rows(members)
        evaluators = sum(1 for m in members if m.role is PanelRole.EVALUATOR)
        self.heading.setText(
            f"Evaluation panel: {count(evaluators, 'evaluator')}"
            if members
            else "Evaluation panel: nobody yet"
        )
        self.reset_button.setEnabled(self.chosen_member() is not None)

    def chosen_member(self) -> PanelMember | None:
        index = self.table.currentIndex()
        return self.model.row_at(index.row()) if index.isValid() else None

    def reset_passphrase(self) -> PassphraseResetDialog | None:
        """Ask the moderator at work to reset the chosen member's passphrase; the dialog,
        left open while it asks (for tests), or None when nobody is chosen."""
        from svdesk.ui.dialogs.passphrase_reset_dialog import PassphraseResetDialog

        member = self.chosen_member()
        if member is None:
            return None
        dialog = PassphraseResetDialog(self._db, self._reference, member.name, self._actor, self)
        dialog.accepted.connect(
            lambda: self._say(
                BannerKind.SUCCESS,
                f"✓  The passphrase of {member.name} was reset: they can set a new one when "
                "they next work.",
            )
        )
        dialog.open()
        return dialog

    def add(self, name: str, role: PanelRole) -> None:
        """Add ``name`` as ``role`` on a worker thread; ``added`` says how it went, and the
        banner says why not when the services refuse."""
        from svdesk.services.panel import add_member
        from svdesk.ui.background import Progress, background_tasks

        if self.is_adding():
            return
        db, reference, actor = self._db, self._reference, self._actor

        def task(_progress: Progress) -> PanelMember:
            return add_member(db, reference, name, role, actor=actor)

        self.add_button.setEnabled(False)
        self._adding = background_tasks().run(
            task,
            owner=self,
            what=f"adding {name} to the panel of {reference}",
            on_done=self._on_adder_done,
            on_refused=self._on_adder_refused,
            on_failed=self._on_adder_failed,
        )
        self._waiting.start()

    def is_adding(self) -> bool:
        return self._adding is not None and self._adding.running

    def _finish_adding(self) -> None:
        self._waiting.stop()
        self._adding = None
        self.add_button.setEnabled(bool(self.name_edit.text().strip()))

    def _say(self, kind: BannerKind, text: str) -> None:
        self.banner.set_kind(kind)
        self.banner.set_text(text)
        self.banner.show()

    @Slot()
    def _on_waiting_timeout(self) -> None:
        if self.is_adding():
            self._say(BannerKind.INFO, WAITING)

    def _on_adder_done(self, member: PanelMember) -> None:
        self._finish_adding()
        self._say(BannerKind.SUCCESS, f"✓  {member.name} is on the panel as {member.role}.")
        self.name_edit.clear()
        self.refresh()
        self.changed.emit()
        self.added.emit(True)

    def _on_adder_refused(self, refused: Refused) -> None:
        self._finish_adding()
        self._say(BannerKind.ERROR, "\n".join(refused.reasons))
        self.added.emit(False)

    def _on_adder_failed(self, message: str) -> None:
        self._finish_adding()
        self._say(BannerKind.ERROR, message)
        self.added.emit(False)

    def done(self, result: int) -> None:
        if self._adding is not None:
            self._adding.wait()  # an addition takes a moment: its outcome is shown first
        super().done(result)

    @Slot()
    def _on_reset_button_clicked(self) -> None:
        self.reset_passphrase()

    def _on_current_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self.reset_button.setEnabled(current.isValid())

    @Slot(str)
    def _on_name_edit_text_changed(self, text: str) -> None:
        self.add_button.setEnabled(bool(text.strip()))

    @Slot()
    def _on_add_button_clicked(self) -> None:
        role = self.role_box.currentData()
        self.add(self.name_edit.text(), PanelRole(role))
