"""What the dialogs that change a lot's moderation share: a heading, what the step does,
the fields, the refusals in plain words, and the buttons.

Each dialog calls its service itself; a refusal keeps the dialog open with every reason
listed, so that nothing typed is lost.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from svdesk.services.refusals import Refused
from svdesk.ui.theme import MARGIN, SPACING, Banner, BannerKind, Heading, muted_label

if TYPE_CHECKING:
    from svdesk.services.moderation_lots import LotModeration
    from svdesk.store.database import Database


NOBODY = (
    "nobody has said who is working: choose File > Change who is working… and choose the "
    "panel's moderator"
)


class LotDialog(QDialog):
    """A dialog that asks, then calls ``submit``; ``outcome`` is the lot as it now stands."""

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
        super().__init__(parent)
        self._db, self._reference, self._lot, self._actor = db, reference, lot, actor
        self.outcome: LotModeration | None = None
        self.setWindowTitle(f"{title}: Lot {lot.lot}")
        self.setMinimumWidth(560)
        self.heading = Heading(f"{title}: Lot {lot.lot}", 2, self)
        self.explanation = muted_label(explanation, self)
        self.refusal_title = Heading("", 3, self)
        self.refusals = Banner(BannerKind.ERROR, "", self)
        self.refusals.setAccessibleName("Why it was refused")
        self.reasons: list[str] = []  # the refusal's reasons, as the service gave them
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText(action)
        self.fields = QVBoxLayout()
        self.fields.setSpacing(SPACING)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(MARGIN * 2, MARGIN * 2, MARGIN * 2, MARGIN * 2)
        layout.setSpacing(SPACING)
        layout.addWidget(self.heading)
        layout.addWidget(self.explanation)
        layout.addSpacing(SPACING)
        layout.addLayout(self.fields)
        layout.addWidget(self.refusal_title)
        layout.addWidget(self.refusals)
        layout.addWidget(self.buttons)
        self._show_refusals([])
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)

    def reason_edit(self, name: str, example: str) -> QPlainTextEdit:
        """A field for the written reason a step needs, with an example of one."""
        edit = QPlainTextEdit(self)
        edit.setAccessibleName(name)
        edit.setPlaceholderText(example)
        edit.setTabChangesFocus(True)
        return edit

    def add_field(self, label: QLabel | None, field: QWidget) -> None:
        if label is not None:
            label.setBuddy(field)
            self.fields.addWidget(label)
        self.fields.addWidget(field)

    def submit(self) -> LotModeration:
        """Call the service; raises ``Refused``."""
        raise NotImplementedError

    def refusal_text(self) -> str:
        return "\n".join(self.reasons)

    def _show_refusals(self, reasons: list[str]) -> None:
        self.reasons = list(reasons)
        if len(reasons) == 1:
            self.refusals.set_text(_sentence(reasons[0]))
        else:
            self.refusals.set_text("\n".join(f"•  {_sentence(r)}" for r in reasons))
        self.refusal_title.setText(
            "Not done:" if len(reasons) == 1 else f"Not done, for {len(reasons)} reasons:"
        )
        self.refusal_title.setVisible(bool(reasons))
        self.refusals.setVisible(bool(reasons))

    @Slot()
    def _on_buttons_accepted(self) -> None:
        if self._actor is None:
            # The services would take the panel's only moderator: never act in a name
            # nobody chose.
            self._show_refusals([NOBODY])
            return
        try:
            self.outcome = self.submit()
        except Refused as refused:
            self._show_refusals(refused.reasons)
            return
        self.accept()


def _sentence(reason: str) -> str:
    return reason[:1].upper() + reason[1:] + ("" if reason.endswith((".", ")")) else ".")
