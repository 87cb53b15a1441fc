"""Resetting a panel member's forgotten passphrase: the moderator at work says why, and
the member sets a new one when they next work (``services.passphrase_reset``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from svdesk.ui.plain_text import plain_label
from svdesk.ui.step_dialog import StepDialog

if TYPE_CHECKING:
    from svdesk.store.database import Database

NOBODY = (
    "nobody has said who is working: choose File > Change who is working… and choose a "
    "moderator of the panel"
)


class PassphraseResetDialog(StepDialog[str]):
    """``outcome`` is the member's name as the panel spells it, once reset."""

    def __init__(
        self,
        db: Database,
        reference: str,
        member: str,
        actor: str | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            actor,
            title=f"Reset the passphrase of {member}",
            explanation=(
                f"For when {member} has forgotten their passphrase. Resetting removes it: "
                f"{member} then works without one until they set a new one. Only a "
                "moderator of the panel can reset another member's passphrase; who reset "
                "it and why are kept in the audit trail, never a passphrase."
            ),
            action="Reset passphrase",
            nobody=NOBODY,
            parent=parent,
        )
        self._db, self._reference, self._member = db, reference, member
        self.reason = self.reason_edit(
            "Why the passphrase is reset",
            f"For example: {member} forgot it while on leave and asked in person.",
        )
        self.add_field(plain_label("&Why it is reset (required)"), self.reason)
        self.reason.setFocus()

    def submit(self) -> str:
        from svdesk.services.passphrase_reset import reset_passphrase

        return reset_passphrase(
            self._db,
            self._reference,
            self._member,
            self.reason.toPlainText(),
            actor=self._actor,
        )
