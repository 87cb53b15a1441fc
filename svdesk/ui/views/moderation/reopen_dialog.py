"""Reopening a signed-off lot so that its consensus can change: the reason is required and
goes into the audit trail with who reopened it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from svdesk.ui.plain_text import plain_label
from svdesk.ui.views.moderation.lot_dialog import LotDialog
from svdesk.ui.views.moderation.lots_model import signed_off_text

if TYPE_CHECKING:
    from svdesk.services.moderation_lots import LotModeration
    from svdesk.store.database import Database


class ReopenLotDialog(LotDialog):
    def __init__(
        self,
        db: Database,
        reference: str,
        lot: LotModeration,
        actor: str | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            db,
            reference,
            lot,
            actor,
            title="Reopen moderation",
            explanation=(
                f"Signed off by {signed_off_text(lot)}. Reopening unlocks the lot's "
                "consensus so that it can change; the sign-off is undone and the reason is "
                "kept in the audit trail. The lot must be signed off again afterwards."
            ),
            action="Reopen",
            parent=parent,
        )
        self.reason = self.reason_edit(
            "Why the lot is reopened",
            "For example: the panel found that the consensus rationale for SV3 quoted the "
            "wrong part of the bidder's answer.",
        )
        self.add_field(plain_label("&Why it is reopened (required)"), self.reason)
        self.reason.setFocus()

    def submit(self) -> LotModeration:
        from svdesk.services.moderation_lots import reopen_lot

        return reopen_lot(
            self._db,
            self._reference,
            self._lot.lot,
            self.reason.toPlainText(),
            actor=self._actor,
        )
