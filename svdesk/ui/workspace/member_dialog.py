"""Who is working: one of the panel's evaluators, with their passphrase when they have one.

Every decision is the services': who evaluates (``list_members``), whether a passphrase is
asked (``has_passphrase``), whether it is right and how long tries pause
(``verify_passphrase``). The dialog only counts a pause down. A member sets or changes
their passphrase from here too (``PassphraseDialog``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from svdesk.ui.plain_text import plain_label
from svdesk.ui.theme import SPACING, Banner, BannerKind, muted_label
from svdesk.ui.workspace.tries_pause import TriesPause

if TYPE_CHECKING:
    from svdesk.services.passphrases import Lockout
    from svdesk.store.database import Database


class MemberDialog(QDialog):
    def __init__(
        self,
        db: Database,
        reference: str,
        parent: QWidget | None = None,
        *,
        lockout: Lockout | None = None,
    ) -> None:
        from svdesk.domain.evaluation_rules import PanelRole
        from svdesk.services.panel import list_members

        super().__init__(parent)
        self._db = db
        self._reference = reference
        self._lockout = lockout
        self.member: str | None = None
        self.setWindowTitle("Score as a panel member")
        self.setMinimumWidth(440)

        self.members = QListWidget(self)
        self.members.setAccessibleName("Evaluators of the panel")
        for member in list_members(db, reference):
            if member.role is PanelRole.EVALUATOR:
                QListWidgetItem(member.name, self.members)  # item text is always plain
        self.passphrase_label = plain_label("Pass&phrase", self)
        self.passphrase = QLineEdit(self)
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setAccessibleName("Passphrase")
        self.passphrase_label.setBuddy(self.passphrase)
        self.message = Banner(BannerKind.ERROR, "", self)
        self.message.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText("&Start scoring")
        self.set_passphrase = QPushButton("Set or change the &passphrase…", self)
        self.set_passphrase.setToolTip(
            "Set a passphrase that svdesk asks for before showing or changing this member's "
            "work, or change the one they have"
        )
        self.buttons.addButton(self.set_passphrase, QDialogButtonBox.ButtonRole.ActionRole)
        self.pause = TriesPause(self.ok, self.message, lambda: self.chosen() is not None, self)

        layout = QVBoxLayout(self)
        layout.setSpacing(SPACING)
        who = plain_label("&Which evaluator are you?", self)
        who.setBuddy(self.members)
        layout.addWidget(who)
        layout.addWidget(self.members, 1)
        if self.members.count() == 0:
            layout.addWidget(
                muted_label(
                    "The panel has no evaluators yet. Add them first: Evaluation > Panel…", self
                )
            )
        layout.addWidget(self.passphrase_label)
        layout.addWidget(self.passphrase)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)

        self.members.currentRowChanged.connect(self._on_members_current_row_changed)
        self.members.itemActivated.connect(self._on_members_item_activated)
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)
        self.set_passphrase.clicked.connect(self._on_set_passphrase_clicked)
        if self.members.count():
            self.members.setCurrentRow(0)
        else:
            self._on_members_current_row_changed(-1)

    def chosen(self) -> str | None:
        item = self.members.currentItem()
        return item.text() if item is not None else None

    @Slot(int)
    def _on_members_current_row_changed(self, _row: int) -> None:
        from svdesk.services.passphrases import has_passphrase

        name = self.chosen()
        asked = name is not None and has_passphrase(self._db, self._reference, name)
        self.passphrase_label.setVisible(asked)
        self.passphrase.setVisible(asked)
        self.passphrase.clear()
        self.message.hide()
        self.pause.stop()
        self.ok.setEnabled(name is not None)
        self.set_passphrase.setEnabled(name is not None)

    @Slot(QListWidgetItem)
    def _on_members_item_activated(self, _item: QListWidgetItem) -> None:
        if self.passphrase.isVisible():
            self.passphrase.setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            self._on_buttons_accepted()

    @Slot()
    def _on_buttons_accepted(self) -> None:
        name = self.chosen()
        if name is None or not self.ok.isEnabled():
            return
        if not self.pause.passphrase_passes(
            self._db, self._reference, name, self.passphrase, self._lockout
        ):
            return
        self.member = name
        self.accept()

    @Slot()
    def _on_set_passphrase_clicked(self) -> None:
        from svdesk.ui.workspace.passphrase_dialog import PassphraseDialog

        name = self.chosen()
        if name is None:
            return
        self.passphrase_dialog = PassphraseDialog(
            self._db, self._reference, name, self, lockout=self._lockout
        )
        self.passphrase_dialog.accepted.connect(self._on_passphrase_dialog_accepted)
        self.passphrase_dialog.open()

    @Slot()
    def _on_passphrase_dialog_accepted(self) -> None:
        self._on_members_current_row_changed(self.members.currentRow())
        self.message.set_kind(BannerKind.SUCCESS)
        self.message.set_text(self.passphrase_dialog.outcome)
        self.message.show()
