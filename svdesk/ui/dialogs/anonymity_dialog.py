"""The tender's anonymity choices for the moderation meeting: Bidder 1, 2, 3 on the shared
screen, and Evaluator A, B, C in the consensus workbook. Kept with the tender, each change
recorded in the audit trail in the name of whoever is working."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QCheckBox, QDialog, QDialogButtonBox, QVBoxLayout, QWidget

from svdesk.services.anonymity_setting import AnonymityChoices, anonymity_choices, set_anonymity
from svdesk.services.refusals import Refused
from svdesk.ui.theme import SPACING, Banner, BannerKind, Heading, muted_label, set_margins

if TYPE_CHECKING:
    from svdesk.store.database import Database


class AnonymityDialog(QDialog):
    def __init__(
        self, db: Database, reference: str, parent: QWidget | None = None, *, actor: str | None
    ) -> None:
        super().__init__(parent)
        self._db, self._reference, self._actor = db, reference, actor
        self.kept: AnonymityChoices | None = None
        self.setWindowTitle(f"Anonymity choices for {reference}")
        chosen = anonymity_choices(db, reference)
        self.hide_bidders = QCheckBox("Hide bidders' names on the shared screen", self)
        self.hide_bidders.setChecked(chosen.hide_bidders_on_screen)
        self.anonymous_evaluators = QCheckBox(
            "Name evaluators as Evaluator A, B, C in the consensus workbook", self
        )
        self.anonymous_evaluators.setChecked(chosen.anonymous_evaluators)
        self.message = Banner(BannerKind.ERROR, "", self)
        self.message.hide()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self._on_buttons_accepted)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        set_margins(layout)
        layout.addWidget(Heading("Anonymity in the moderation meeting", 2, self))
        layout.addWidget(self.hide_bidders)
        layout.addWidget(
            muted_label(
                "The shared screen (View > Present to the room) always names the evaluators "
                "Evaluator A, B, C. Chosen, it also shows the bidders as Bidder 1, 2, 3, in "
                "the tender's order, and takes their names out of the answers.",
                self,
            )
        )
        layout.addSpacing(SPACING)
        layout.addWidget(self.anonymous_evaluators)
        layout.addWidget(
            muted_label(
                "For a workbook that leaves the panel: the evaluators' columns are headed "
                "Evaluator A, B, C, in the panel's order, instead of their names.",
                self,
            )
        )
        layout.addWidget(self.message)
        layout.addWidget(buttons)

    @Slot()
    def _on_buttons_accepted(self) -> None:
        try:
            self.kept = set_anonymity(
                self._db,
                self._reference,
                hide_bidders_on_screen=self.hide_bidders.isChecked(),
                anonymous_evaluators=self.anonymous_evaluators.isChecked(),
                actor=self._actor,
            )
        except Refused as refused:
            self.message.set_text("; ".join(refused.reasons))
            self.message.show()
            return
        self.accept()
