"""A list of sentences for someone to act on: what stops the letters, why they were refused."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeWidget,
    QTreeWidgetItem,
    QWidget,
)

from svdesk.ui.plain_text import literal
from svdesk.ui.theme import roomy_tree


class _WrappingDelegate(QStyledItemDelegate):
    """Rows as tall as their wrapped text at the column's width.

    A tree asks its delegate for a row's size with no width in the option, so word wrap
    alone leaves a long problem on one line, cut at the edge; the width is given here.
    """

    def __init__(self, tree: QTreeWidget) -> None:
        super().__init__(tree)
        self._tree = tree

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        sized = QStyleOptionViewItem(option)
        self.initStyleOption(sized, index)
        sized.rect = QRect(0, 0, max(self._tree.columnWidth(index.column()), 1), 1 << 20)
        sized.features |= QStyleOptionViewItem.ViewItemFeature.WrapText
        style = self._tree.style()
        return style.sizeFromContents(
            QStyle.ContentsType.CT_ItemViewItem, sized, QSize(), self._tree
        )


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
        self.setItemDelegate(_WrappingDelegate(self))
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

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self.doItemsLayout()  # a new width wraps the rows anew

    def problems(self) -> list[str]:
        return list(self._problems)

    def as_text(self) -> str:
        """Every problem on its own line, for the clipboard."""
        return "\n".join(self._problems)


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text
