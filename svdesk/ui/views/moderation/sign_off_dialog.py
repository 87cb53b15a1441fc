"""Signing off a lot: the moderator names who was present, and the lot's consensus is then
locked. The panel's members are offered to tick; anyone else present is typed."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QCheckBox, QLineEdit, QWidget

from svdesk.ui.plain_text import plain_label
from svdesk.ui.views.moderation.lot_dialog import LotDialog

if TYPE_CHECKING:
    from svdesk.services.moderation_lots import LotModeration
    from svdesk.store.database import Database


class SignOffLotDialog(LotDialog):
    def __init__(
        self,
        db: Database,
        reference: str,
        lot: LotModeration,
        actor: str | None,
        parent: QWidget | None = None,
    ) -> None:
        from svdesk.services.panel import list_members

        super().__init__(
            db,
            reference,
            lot,
            actor,
            title="Sign off moderation",
            explanation=(
                "Signing off records that the panel has agreed the consensus of every "
                "response of this lot. The consensus is then locked: changing it needs the "
                "lot reopened, with a reason."
            ),
            action="Sign off",
            parent=parent,
        )
        self.present_label = plain_label("Who was present (required)", self)
        self.fields.addWidget(self.present_label)
        self.members: list[QCheckBox] = []
        for member in list_members(db, reference):
            box = QCheckBox(f"{member.name} ({member.role.value})", self)
            box.setProperty("member", member.name)
            self.members.append(box)
            self.fields.addWidget(box)
        self.others = QLineEdit(self)
        self.others.setAccessibleName("Others present")
        self.others.setPlaceholderText("For example: Jo Price (procurement officer, observing)")
        self.add_field(plain_label("&Others present, not on the panel"), self.others)

    def present(self) -> str:
        """Who was present, as the sign-off records it."""
        names = [str(box.property("member")) for box in self.members if box.isChecked()]
        others = " ".join(self.others.text().split())
        return ", ".join([*names, others] if others else names)

    def submit(self) -> LotModeration:
        from svdesk.services.moderation_lots import sign_off_lot

        return sign_off_lot(
            self._db, self._reference, self._lot.lot, self.present(), actor=self._actor
        )
