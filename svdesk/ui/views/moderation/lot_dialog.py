"""What the dialogs that change a lot's moderation share: the step dialog, titled with the
lot, calling the lot's service in the name of the moderator at work."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from svdesk.ui.step_dialog import StepDialog

if TYPE_CHECKING:
    from svdesk.services.moderation_lots import LotModeration
    from svdesk.store.database import Database


NOBODY = (
    "nobody has said who is working: choose File > Change who is working… and choose the "
    "panel's moderator"
)


class LotDialog(StepDialog["LotModeration"]):
    """A step on one lot; ``outcome`` is the lot as it now stands."""

    def __init__(
        self,
        db: Database,
        reference: str,
        lot: LotModeration,
        actor: str | None,
        *,
        title: str,
        explanation: str,
        action: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            actor,
            title=f"{title}: Lot {lot.lot}",
            explanation=explanation,
            action=action,
            nobody=NOBODY,
            parent=parent,
        )
        self._db, self._reference, self._lot = db, reference, lot
