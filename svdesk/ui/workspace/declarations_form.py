"""Declarations of interest, before any scoring: one row per bidder, No, or Yes with the
details. ``declare`` decides what is enough; a conflict hides that bidder's answers."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import (
    QButtonGroup,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from svdesk.ui.plain_text import plain_label
from svdesk.ui.theme import (
    PAGE_MARGIN,
    READING_WIDTH,
    SPACING,
    Banner,
    BannerKind,
    Heading,
    keep_width,
    muted_label,
)

if TYPE_CHECKING:
    from svdesk.services.workspace import Workspace
    from svdesk.store.database import Database

NO, YES = 0, 1


class DeclarationsForm(QWidget):
    declared = Signal()  # saved: the workspace reads itself again

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._db = db
        self._workspace: Workspace | None = None
        self.rows: dict[str, tuple[QButtonGroup, QLineEdit]] = {}
        self.heading = Heading("Declare your interests first", 1, self)
        self.intro = muted_label(
            "Before you read any answer, say for each bidder whether you have a conflict of "
            "interest. With a conflict, give its details: that bidder's answers are then "
            "hidden from you and you do not score them.",
            self,
        )
        self.message = Banner(BannerKind.ERROR, "", self)
        self.message.hide()
        self.grid_host = QWidget(self)
        self.grid = QGridLayout()
        self.grid.setHorizontalSpacing(SPACING * 2)
        self.grid.setColumnStretch(3, 1)
        self.grid.setColumnMinimumWidth(0, 260)
        scroll = QScrollArea(self)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.grid_host)
        self.save = QPushButton("&Save declarations", self)
        self.save.setDefault(True)
        self.save.setAccessibleName("Save declarations")
        column = QWidget(self)
        keep_width(column, READING_WIDTH)
        inner = QVBoxLayout(column)
        inner.setSpacing(SPACING)
        inner.addWidget(self.heading)
        inner.addWidget(self.intro)
        inner.addWidget(self.message)
        inner.addWidget(scroll, 1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.save)
        body = QVBoxLayout(self.grid_host)  # the button just under the rows, not far below
        body.addLayout(self.grid)
        body.addSpacing(SPACING)
        body.addLayout(buttons)
        body.addStretch(1)
        outer = QHBoxLayout(self)
        outer.setContentsMargins(PAGE_MARGIN, PAGE_MARGIN, PAGE_MARGIN, PAGE_MARGIN)
        outer.addStretch(1)
        outer.addWidget(column, 100)
        outer.addStretch(1)
        self.save.clicked.connect(self._on_save_clicked)

    def show_workspace(self, workspace: Workspace) -> None:
        self._workspace = workspace
        while self.grid.count():
            item = self.grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.rows.clear()
        for column, title in enumerate(("Bidder", "", "", "Details of the interest")):
            if title:
                self.grid.addWidget(plain_label(title, self.grid_host), 0, column)
        for row, (key, name) in enumerate(workspace.bidders.items(), start=1):
            self._add_row(row, key, name, workspace)
        self.message.hide()

    def _add_row(self, row: int, key: str, name: str, workspace: Workspace) -> None:
        host = self.grid_host
        label = plain_label(f"{name} ({key})", host)
        label.setWordWrap(True)
        no = QRadioButton("No", host)
        yes = QRadioButton("Yes", host)
        no.setAccessibleName(f"No conflict with {name}")
        yes.setAccessibleName(f"A conflict with {name}")
        group = QButtonGroup(host)
        group.addButton(no, NO)
        group.addButton(yes, YES)
        details = QLineEdit(host)
        details.setPlaceholderText("Required for Yes: what the interest is")
        details.setAccessibleName(f"Details of the interest in {name}")
        declared = workspace.declarations.get(key)
        if declared is not None:
            (yes if declared.conflict else no).setChecked(True)
            details.setText(declared.details)
        details.setEnabled(yes.isChecked())
        yes.toggled.connect(details.setEnabled)
        self.grid.addWidget(label, row, 0)
        self.grid.addWidget(no, row, 1)
        self.grid.addWidget(yes, row, 2)
        self.grid.addWidget(details, row, 3)
        self.rows[key] = (group, details)

    @Slot()
    def _on_save_clicked(self) -> None:
        from svdesk.services.panel import Declaration, declare
        from svdesk.services.refusals import Refused

        workspace = self._workspace
        if workspace is None:
            return
        declarations = [
            Declaration(
                key,
                group.checkedId() == YES,
                details.text() if group.checkedId() == YES else "",
                where=workspace.bidders[key],
            )
            for key, (group, details) in self.rows.items()
            if group.checkedId() in (NO, YES)
        ]
        try:
            declare(self._db, workspace.reference, workspace.evaluator, declarations)
        except Refused as refused:
            self.message.set_text("Nothing was saved:\n" + "\n".join(refused.reasons))
            self.message.show()
            return
        self.declared.emit()
