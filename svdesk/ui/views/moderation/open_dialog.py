"""Opening a lot's moderation: the scores freeze and the moderator sees them side by side.

When an evaluator has not submitted the lot, the dialog says who and how many responses
they have left, and the panel may go on without them only with a written reason (kept in
the audit trail).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from svdesk.ui.plain_text import plain_label
from svdesk.ui.theme import Banner, BannerKind
from svdesk.ui.views.moderation.lot_dialog import LotDialog
from svdesk.ui.views.moderation.lots_model import waiting_text

if TYPE_CHECKING:
    from svdesk.services.moderation_lots import LotModeration
    from svdesk.store.database import Database

FREEZES = (
    "Once moderation opens, the evaluators' scores of this lot are frozen: nobody can submit "
    "or change one. You will see every evaluator's score side by side on the board."
)


class OpenLotDialog(LotDialog):
    def __init__(
        self,
        db: Database,
        reference: str,
        lot: LotModeration,
        actor: str | None,
        parent: QWidget | None = None,
    ) -> None:
        waiting = bool(lot.waiting_for)
        super().__init__(
            db,
            reference,
            lot,
            actor,
            title="Open moderation",
            explanation=FREEZES,
            action="Open without them" if waiting else "Open moderation",
            parent=parent,
        )
        self.waiting = Banner(BannerKind.WARNING, "", self)
        self.reason = self.reason_edit(
            "Why the panel goes on without them",
            "For example: Rebecca Thornton is on leave until after the award decision; the "
            "panel agreed to moderate with the other two evaluators' scores.",
        )
        if waiting:
            self.waiting.set_text(
                "Not every evaluator has submitted their scores of this lot: "
                f"{waiting_text(lot)} still to submit. You can wait for them, or go on "
                "without them by saying why."
            )
            self.add_field(None, self.waiting)
            self.add_field(
                plain_label("&Why the panel goes on without them (kept in the audit trail)"),
                self.reason,
            )
            self.reason.setFocus()
        else:
            self.waiting.hide()
            self.reason.hide()

    def submit(self) -> LotModeration:
        from svdesk.services.moderation_lots import open_lot

        return open_lot(
            self._db,
            self._reference,
            self._lot.lot,
            actor=self._actor,
            without_reason=self.reason.toPlainText() if self._lot.waiting_for else "",
        )
