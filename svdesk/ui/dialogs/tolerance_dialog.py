"""The tender's moderation tolerance: how many steps of the scale the evaluators' scores of
a response may lie apart before the meeting discusses it first. Changed with a reason,
which the audit trail keeps with the name of whoever is working; refused while a lot is
signed off."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from svdesk.domain.moderation_rules import outside_words
from svdesk.services.moderation_tolerance import (
    ToleranceSetting,
    moderation_tolerance,
    set_moderation_tolerance,
)
from svdesk.services.refusals import Refused
from svdesk.ui.plain_text import plain_label
from svdesk.ui.theme import SPACING, Banner, BannerKind, Heading, muted_label, set_margins

if TYPE_CHECKING:
    from svdesk.store.database import Database


class ToleranceDialog(QDialog):
    def __init__(
        self, db: Database, reference: str, parent: QWidget | None = None, *, actor: str | None
    ) -> None:
        super().__init__(parent)
        self._db, self._reference, self._actor = db, reference, actor
        self.kept: ToleranceSetting | None = None
        self.setWindowTitle(f"Moderation tolerance for {reference}")
        self.setMinimumWidth(560)
        setting = moderation_tolerance(db, reference)
        self._was = setting.steps
        self.steps = QSpinBox(self)
        self.steps.setRange(0, max(setting.widest, setting.steps))
        self.steps.setValue(setting.steps)
        self.steps.setAccessibleName("Tolerance in steps of the scale")
        self.meaning = muted_label("", self)
        self.reason = QPlainTextEdit(self)
        self.reason.setAccessibleName("Why the tolerance changes")
        self.reason.setPlaceholderText(
            "For example: the scale has few scores, so the panel agreed to discuss every "
            "difference between the evaluators first."
        )
        self.reason.setTabChangesFocus(True)
        # A sentence or two: a few lines of the application's text, not a page.
        self.reason.setMaximumHeight(self.reason.fontMetrics().lineSpacing() * 6)
        self.locked = Banner(BannerKind.INFO, "", self)
        self.message = Banner(BannerKind.ERROR, "", self)
        self.message.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.save = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)
        self.steps.valueChanged.connect(self._on_steps_value_changed)

        steps_label = plain_label("&Tolerance, in steps of the scale", self)
        steps_label.setBuddy(self.steps)
        reason_label = plain_label("&Why it changes (required, kept in the audit trail)", self)
        reason_label.setBuddy(self.reason)
        layout = QVBoxLayout(self)
        set_margins(layout)
        layout.addWidget(Heading("Moderation tolerance", 2, self))
        layout.addWidget(
            muted_label(
                "The board, the shared screen and the results discuss first the responses "
                "whose evaluators' scores lie further apart than the tolerance; the agreement "
                "statistics count each evaluator's scores outside it. It changes no score. "
                f"The scale has {setting.widest} steps from its lowest score to its highest; "
                "0 puts every difference first.",
                self,
            )
        )
        layout.addSpacing(SPACING)
        layout.addWidget(steps_label)
        steps_row = QHBoxLayout()
        steps_row.addWidget(self.steps)
        steps_row.addStretch(1)
        layout.addLayout(steps_row)
        layout.addWidget(self.meaning)
        layout.addSpacing(SPACING)
        layout.addWidget(reason_label)
        layout.addWidget(self.reason)
        layout.addWidget(self.locked)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self._show_meaning()
        if setting.signed_off:
            lots = ", ".join(setting.signed_off)
            self.locked.set_text(
                f"Lot {lots} is signed off: its record reports the tolerance the meeting used. "
                "Reopen the lot (Reopen… on its board) to change the tolerance."
            )
            for widget in (self.steps, self.reason, self.save):
                widget.setEnabled(False)
        else:
            self.locked.hide()

    def _show_meaning(self) -> None:
        steps = self.steps.value()
        self.meaning.setText(f"Discussed first: responses with scores {outside_words(steps)}.")

    @Slot(int)
    def _on_steps_value_changed(self, _value: int) -> None:
        self._show_meaning()

    @Slot()
    def _on_buttons_accepted(self) -> None:
        if self.steps.value() == self._was:
            self.reject()  # nothing changes, so nothing goes into the trail
            return
        try:
            self.kept = set_moderation_tolerance(
                self._db,
                self._reference,
                self.steps.value(),
                self.reason.toPlainText(),
                actor=self._actor,
            )
        except Refused as refused:
            text = "; ".join(refused.reasons)
            self.message.set_text(text[:1].upper() + text[1:] + ".")
            self.message.show()
            return
        self.accept()
