"""What stands before the letters, on the Results page: the readiness check, in two steps.

The check's quick problems are shown with the results, as soon as the record is read. Its
slow part follows from a worker thread and is added when it arrives: each moderated
rationale checked against its answer (every answer's text is read) and the audit trail
verified (all of it is read and hashed). Until it has, the section never says the tender
is ready: letters are only ever written from a verified trail (the Letters dialog and
``svdesk check`` run the whole check again themselves).

The section keeps its shape while a new reading replaces the last one (a line's text
changes, nothing jumps), so that the page does not flicker as consensus scores arrive.
"""

from __future__ import annotations

from PySide6.QtCore import Slot
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from svdesk.ui.formatting import count
from svdesk.ui.theme import SPACING, Banner, BannerKind, Heading, muted_label
from svdesk.ui.views.problem_list import ProblemList
from svdesk.ui.views.results_status import show_banner

READY = "✓  Ready for letters: every check has passed."
BEFORE_LETTERS = "Before letters can be sent"
CHECKING = f"{BEFORE_LETTERS}: checking the record…"
VERIFYING = "Checking the rationales and verifying the audit trail…"
VERIFIED = "The audit trail is intact: nothing in the record was changed outside svdesk."
NOT_VERIFIED = "The audit trail has problems: see the list above."
ALL_BUT_TRAIL = (
    "Every other check has passed; the letters' texts, the rationales and the audit trail "
    "are being checked…"
)
TRAIL = "Audit trail: "  # how the trail's own problems begin


class ReadinessSection(QWidget):
    """The readiness check's problems, the trail's verdict, and the banner when ready."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._record: list[str] | None = None  # None: not read yet
        self._checked: list[str] | None = None  # rationales and trail; None: not checked yet
        self.title = Heading(BEFORE_LETTERS, 2, self)
        self.note = muted_label(
            "These concern the whole tender; each must be put right before any letter is written.",
            self,
        )
        self.problems = ProblemList(self)
        self.copy_button = QPushButton("Copy", self)
        self.copy_button.setToolTip("Copy every problem to the clipboard")
        self.trail_line = muted_label("", self)
        self.ready = Banner(BannerKind.SUCCESS, READY, self)

        header = QHBoxLayout()
        header.addWidget(self.title, 1)
        header.addWidget(self.copy_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(SPACING)
        layout.addLayout(header)
        layout.addWidget(self.note)
        layout.addWidget(self.problems, 1)
        layout.addWidget(self.ready)
        layout.addWidget(self.trail_line)
        self.copy_button.clicked.connect(self._on_copy_button_clicked)
        self.show_checking()

    # -- what was read ------------------------------------------------------------------
    def show_checking(self) -> None:
        """Nothing read yet (a tender just opened)."""
        self._record = self._checked = None
        self._update()

    def verify_again(self) -> None:
        """A new reading is on its way: what is on show stays until it replaces it, but
        the trail must be verified again before the tender can be called ready."""
        self._checked = None
        self._update()

    def show_record(self, problems: list[str]) -> None:
        """The check's problems less the trail's (before or after the trail's verdict)."""
        self._record = list(problems)
        self._update()

    def show_checked(self, problems: list[str]) -> None:
        """The slow part's problems: the rationales', then the trail's (``Audit trail: …``
        lines); empty when both are sound."""
        self._checked = list(problems)
        self._update()

    def all_problems(self) -> list[str]:
        """Every problem found so far, in the order ``svdesk check`` lists them."""
        return [*(self._record or ()), *(self._checked or ())]

    def has_problems(self) -> bool:
        return bool(self.all_problems())

    def verified(self) -> bool:
        return self._checked is not None

    # -- showing ------------------------------------------------------------------------
    def _update(self) -> None:
        if self._record is None:
            self.title.setText(CHECKING)
            for widget in (self.note, self.problems, self.copy_button, self.ready):
                widget.setVisible(False)
            self.trail_line.setText(VERIFYING)
            self.trail_line.setVisible(True)
            return
        problems = self.all_problems()
        self.problems.set_problems(problems)
        self.title.setText(
            f"{BEFORE_LETTERS} ({count(len(problems), 'problem')})" if problems else BEFORE_LETTERS
        )
        for widget in (self.title, self.note, self.problems, self.copy_button):
            widget.setVisible(bool(problems))
        self.ready.setVisible(not problems)
        if self._checked is None:
            show_banner(self.ready, BannerKind.INFO, ALL_BUT_TRAIL)
            self.trail_line.setText(VERIFYING)
        else:
            show_banner(self.ready, BannerKind.SUCCESS, READY)
            broken = any(p.startswith(TRAIL) for p in self._checked)
            self.trail_line.setText(NOT_VERIFIED if broken else VERIFIED)
        self.trail_line.setVisible(bool(problems) or self._checked is None)

    @Slot()
    def _on_copy_button_clicked(self) -> None:
        QGuiApplication.clipboard().setText(self.problems.as_text())
