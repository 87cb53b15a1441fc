"""Problems found in a pack, listed where to find them: errors first, then warnings."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QStyle, QTreeWidget, QTreeWidgetItem, QWidget

from svdesk.ui.plain_text import literal
from svdesk.ui.theme import roomy_tree

if TYPE_CHECKING:
    from svdesk.domain.issues import PackIssue


class IssueList(QTreeWidget):
    """Two columns, Where (``Criteria!F7``) and Problem, one row per issue."""

    WHERE = 0
    PROBLEM = 1

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setColumnCount(2)
        self.setHeaderLabels(["Where", "Problem"])
        self.setRootIsDecorated(False)
        self.setUniformRowHeights(False)
        self.setWordWrap(True)
        self.setAlternatingRowColors(True)
        self.setSelectionMode(QTreeWidget.SelectionMode.ExtendedSelection)
        self.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.header().setStretchLastSection(True)
        roomy_tree(self)
        self.setColumnWidth(
            self.WHERE, self.fontMetrics().horizontalAdvance("Responses!AB123") + 48
        )
        self._issues: list[PackIssue] = []

    def set_issues(self, issues: Iterable[PackIssue]) -> None:
        """Show ``issues``, errors first, each group in the order they were found."""
        ordered = sorted(issues, key=lambda issue: not issue.is_error)
        self._issues = ordered
        self.clear()
        style = self.style()
        error_icon = style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxCritical)
        warning_icon = style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        for issue in ordered:
            item = QTreeWidgetItem([issue.location or "(the pack)", _sentence(issue.message)])
            item.setIcon(self.WHERE, error_icon if issue.is_error else warning_icon)
            kind = "Error" if issue.is_error else "Warning"
            item.setToolTip(self.WHERE, kind)
            item.setToolTip(self.PROBLEM, literal(f"{kind}: {issue}"))
            self.addTopLevelItem(item)

    def issues(self) -> list[PackIssue]:
        return list(self._issues)

    def as_text(self) -> str:
        """Every issue on its own line, as ``error: Criteria!F7: ...``, for the clipboard."""
        return "\n".join(
            f"{'error' if issue.is_error else 'warning'}: {issue}" for issue in self._issues
        )


def _sentence(message: str) -> str:
    """``weight must be a number`` -> ``Weight must be a number``, for a list read by people."""
    return message[:1].upper() + message[1:] if message else message
