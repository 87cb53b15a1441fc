"""A panel member sets their passphrase, or changes it (which needs the current one: a
wrong one counts as a wrong try, and three pause the tries as when signing in).

What a passphrase may be, whether the current one is right and how long tries pause are
the service's to say (``set_passphrase``); the dialog only checks that the new one was
typed the same twice, which the service never sees."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from svdesk.ui.theme import SPACING, Banner, BannerKind, muted_label
from svdesk.ui.workspace.tries_pause import TriesPause

if TYPE_CHECKING:
    from svdesk.services.passphrases import Lockout
    from svdesk.store.database import Database


def _secret(parent: QWidget, name: str) -> QLineEdit:
    field = QLineEdit(parent)
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setAccessibleName(name)
    return field


class PassphraseDialog(QDialog):
    def __init__(
        self,
        db: Database,
        reference: str,
        member: str,
        parent: QWidget | None = None,
        *,
        lockout: Lockout | None = None,
    ) -> None:
        from svdesk.services.passphrases import SHORTEST, has_passphrase

        super().__init__(parent)
        self._db = db
        self._reference = reference
        self._member = member
        self._lockout = lockout
        self.outcome = ""
        self.changing = has_passphrase(db, reference, member)
        verb = "Change" if self.changing else "Set"
        self.setWindowTitle(f"{verb} the passphrase of {member}")
        self.setMinimumWidth(460)
        self.current = _secret(self, "Current passphrase")
        self.new = _secret(self, "New passphrase")
        self.again = _secret(self, "New passphrase again")
        self.message = Banner(BannerKind.ERROR, "", self)
        self.message.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText(f"{verb} passphrase")
        self.pause = TriesPause(self.ok, self.message, lambda: True, self)

        form = QFormLayout()
        if self.changing:
            form.addRow("&Current passphrase", self.current)
        else:
            self.current.hide()
        form.addRow("&New passphrase", self.new)
        form.addRow("New passphrase &again", self.again)
        layout = QVBoxLayout(self)
        layout.setSpacing(SPACING)
        layout.addWidget(
            muted_label(
                f"svdesk asks for it before showing or changing the work of {member}, here "
                f"and on the command line. At least {SHORTEST} characters: a few words "
                "together are easy to remember and hard to guess. svdesk keeps only a "
                "scrambled form of it, so it cannot tell you it if it is forgotten.",
                self,
            )
        )
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)
        (self.current if self.changing else self.new).setFocus()

    def _say(self, reason: str) -> None:
        self.message.set_text(reason[:1].upper() + reason[1:] + ".")
        self.message.show()

    @Slot()
    def _on_buttons_accepted(self) -> None:
        from svdesk.services.passphrases import (
            LOCKOUT,
            TriesPaused,
            WrongPassphrase,
            set_passphrase,
        )
        from svdesk.services.refusals import Refused
        from svdesk.store.errors import DatabaseError

        if not self.ok.isEnabled():
            return
        if self.new.text() != self.again.text():
            self._say("the two new passphrases typed differ: type the same one twice")
            self.again.selectAll()
            self.again.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        try:
            changed = set_passphrase(
                self._db,
                self._reference,
                self._member,
                self.new.text(),
                current=self.current.text() if self.changing else None,
                actor=self._member,
                lockout=self._lockout or LOCKOUT,
            )
        except (WrongPassphrase, TriesPaused) as refused:
            self._say(refused.reasons[0])
            self.current.selectAll()
            self.current.setFocus(Qt.FocusReason.OtherFocusReason)
            if refused.seconds:
                self.pause.start(refused.seconds)
            return
        except Refused as refused:
            self._say("; ".join(refused.reasons))
            return
        except DatabaseError as exc:
            self._say(str(exc))
            return
        self.outcome = (
            f"The passphrase of {self._member} is changed."
            if changed
            else f"{self._member} now has a passphrase: svdesk asks for it from now on."
        )
        self.accept()
