"""Asks who is working when a tender is opened: a panel member (with their passphrase if
they set one, checked by ``verify_passphrase`` with its pause after three wrong tries, as
when an evaluator starts scoring) or someone not on the panel, who gives a name and role.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from svdesk.ui.plain_text import plain_label
from svdesk.ui.theme import SPACING, Banner, BannerKind, muted_label
from svdesk.ui.who_is_working import Actor
from svdesk.ui.workspace.tries_pause import TriesPause

if TYPE_CHECKING:
    from svdesk.services.passphrases import Lockout
    from svdesk.store.database import Database

ROLE_DATA = Qt.ItemDataRole.UserRole


class WhoDialog(QDialog):
    def __init__(
        self,
        db: Database,
        reference: str,
        parent: QWidget | None = None,
        *,
        last: Actor | None = None,
        lockout: Lockout | None = None,
    ) -> None:
        from svdesk.services.panel import list_members

        super().__init__(parent)
        self._db = db
        self._reference = reference
        self._lockout = lockout
        self.actor: Actor | None = None
        self.setWindowTitle(f"Who is working on {reference}?")
        self.setMinimumWidth(460)

        self.member_choice = QRadioButton("A &panel member", self)
        self.members = QListWidget(self)
        self.members.setAccessibleName("Members of the panel")
        for member in list_members(db, reference):
            item = QListWidgetItem(f"{member.name} ({member.role.value})", self.members)
            item.setData(ROLE_DATA, (member.name, member.role.value))
        self.passphrase_label = plain_label("Pass&phrase", self)
        self.passphrase = QLineEdit(self)
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setAccessibleName("Passphrase")
        self.passphrase_label.setBuddy(self.passphrase)
        self.forgotten = muted_label(
            "Forgotten it? A moderator of the panel can reset it: Evaluation > Panel…, "
            "choose your name, Reset passphrase…",
            self,
        )
        self.other_choice = QRadioButton("&Someone not on the panel", self)
        self.other_name = QLineEdit(self)
        self.other_name.setAccessibleName("Your name")
        self.other_role = QLineEdit(self)
        self.other_role.setAccessibleName("Your role")
        self.other_role.setPlaceholderText("for example, procurement officer")
        self.message = Banner(BannerKind.ERROR, "", self)
        self.message.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText("&Start working")
        self.pause = TriesPause(self.ok, self.message, self._can_go, self)

        layout = QVBoxLayout(self)
        layout.setSpacing(SPACING)
        layout.addWidget(
            muted_label("What you change in this tender is recorded in your name.", self)
        )
        layout.addWidget(self.member_choice)
        layout.addWidget(self.members, 1)
        layout.addWidget(self.passphrase_label)
        layout.addWidget(self.passphrase)
        layout.addWidget(self.forgotten)
        layout.addWidget(self.other_choice)
        form = QFormLayout()
        form.addRow("&Name", self.other_name)
        form.addRow("&Role", self.other_role)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)

        self.member_choice.toggled.connect(self._on_choice_toggled)
        self.members.currentRowChanged.connect(self._on_members_current_row_changed)
        self.other_name.textChanged.connect(self._on_other_text_changed)
        self.other_role.textChanged.connect(self._on_other_text_changed)
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)

        if self.members.count() == 0:
            self.member_choice.setEnabled(False)
            self.member_choice.setToolTip("The panel has nobody yet")
        self._preselect(last)

    def _preselect(self, last: Actor | None) -> None:
        if last is not None and last.on_panel:
            for row in range(self.members.count()):
                if self.members.item(row).data(ROLE_DATA)[0] == last.name:
                    self.member_choice.setChecked(True)
                    self.members.setCurrentRow(row)
                    self._on_choice_toggled()
                    return
        if last is not None and not last.on_panel:
            self.other_name.setText(last.name)
            self.other_role.setText(last.role)
        if last is None and self.members.count():
            self.member_choice.setChecked(True)
            self.members.setCurrentRow(0)
        else:
            self.other_choice.setChecked(True)
        self._on_choice_toggled()

    def chosen_member(self) -> tuple[str, str] | None:
        item = self.members.currentItem()
        if not self.member_choice.isChecked() or item is None:
            return None
        name, role = item.data(ROLE_DATA)
        return str(name), str(role)

    def _can_go(self) -> bool:
        if self.member_choice.isChecked():
            return self.chosen_member() is not None
        return bool(self.other_name.text().strip() and self.other_role.text().strip())

    def _asks_passphrase(self) -> bool:
        from svdesk.services.passphrases import has_passphrase

        chosen = self.chosen_member()
        return chosen is not None and has_passphrase(self._db, self._reference, chosen[0])

    @Slot()
    def _on_choice_toggled(self) -> None:
        on_panel = self.member_choice.isChecked()
        self.members.setEnabled(on_panel)
        self.other_name.setEnabled(not on_panel)
        self.other_role.setEnabled(not on_panel)
        self._on_members_current_row_changed(self.members.currentRow())

    @Slot(int)
    def _on_members_current_row_changed(self, _row: int) -> None:
        asked = self._asks_passphrase()
        self.passphrase_label.setVisible(asked)
        self.passphrase.setVisible(asked)
        self.forgotten.setVisible(asked)
        self.passphrase.clear()
        self.message.hide()
        self.pause.stop()
        self.ok.setEnabled(self._can_go())

    @Slot()
    def _on_other_text_changed(self) -> None:
        if not self.pause.active():
            self.ok.setEnabled(self._can_go())

    @Slot()
    def _on_buttons_accepted(self) -> None:
        if not self.ok.isEnabled() or not self._can_go():
            return
        chosen = self.chosen_member()
        if chosen is None:
            name = " ".join(self.other_name.text().split())
            role = " ".join(self.other_role.text().split())
            self.actor = Actor(name, role, on_panel=False)
            self.accept()
            return
        if not self.pause.passphrase_passes(
            self._db, self._reference, chosen[0], self.passphrase, self._lockout
        ):
            return
        self.actor = Actor(chosen[0], chosen[1], on_panel=True)
        self.accept()
