"""A dialog for one recorded step: a heading, what the step does, its fields, the
refusals in plain words, and the buttons.

The dialog calls its service itself (``submit``); a refusal keeps it open with every
reason listed, so that nothing typed is lost. Nothing is done in the name of nobody: with
no one at work, the dialog says who to choose instead of letting the services pick.
"""

from __future__ import annotations

from typing import Generic, TypeVar

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

T = TypeVar("T")


class StepDialog(QDialog, Generic[T]):
    """Asks, then calls ``submit``; ``outcome`` is what it returned once accepted."""

    def __init__(
        self,
        actor: str | None,
        *,
        title: str,
        explanation: str,
        action: str,
        nobody: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._actor = actor
        self._nobody = nobody  # what to say when nobody has said who is working
        self.outcome: T | None = None
        self.setWindowTitle(title)
        self.setMinimumWidth(560)
        self.heading = Heading(title, 2, self)
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

    def submit(self) -> T:
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
            # The services would take a default person: never act in a name nobody chose.
            self._show_refusals([self._nobody])
            return
        try:
            self.outcome = self.submit()
        except Refused as refused:
            self._show_refusals(refused.reasons)
            return
        self.accept()


def _sentence(reason: str) -> str:
    return reason[:1].upper() + reason[1:] + ("" if reason.endswith((".", ")")) else ".")
