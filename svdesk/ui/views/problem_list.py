"""A list of sentences for someone to act on: what stops the letters, why they were refused."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QStyle, QTreeWidget, QTreeWidgetItem, QWidget

from svdesk.ui.plain_text import literal
from svdesk.ui.theme import roomy_tree


class ProblemList(QTreeWidget):
    """One wrapped line per problem, each with an icon (a warning unless told otherwise)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setColumnCount(1)
        self.setHeaderHidden(True)
        self.setRootIsDecorated(False)
        self.setUniformRowHeights(False)
        self.setWordWrap(True)
        self.setAlternatingRowColors(True)
        self.setSelectionMode(QTreeWidget.SelectionMode.ExtendedSelection)
        self.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        roomy_tree(self)
        self._problems: list[str] = []

    def set_problems(
        self,
        problems: Iterable[str],
        icon: QStyle.StandardPixmap = QStyle.StandardPixmap.SP_MessageBoxWarning,
    ) -> None:
        self._problems = [p for p in problems if p.strip()]
        self.clear()
        shown = self.style().standardIcon(icon)
        for problem in self._problems:
            item = QTreeWidgetItem([_sentence(problem)])
            item.setIcon(0, shown)
            item.setToolTip(0, literal(problem))
            self.addTopLevelItem(item)

    def problems(self) -> list[str]:
        return list(self._problems)

    def as_text(self) -> str:
        """Every problem on its own line, for the clipboard."""
        return "\n".join(self._problems)


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text
