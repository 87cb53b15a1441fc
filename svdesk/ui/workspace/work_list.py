"""The evaluator's responses, by lot then bidder then criterion (or lot, criterion,
bidder), each with its state as the workspace service says, and each lot's progress."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import QTreeWidget, QTreeWidgetItem, QWidget

from svdesk.services.workspace import ItemState
from svdesk.ui.theme import BAD_COLOUR, GOOD_COLOUR, MUTED_COLOUR, WARN_COLOUR, dot_icon, roomy_tree

if TYPE_CHECKING:
    from svdesk.services.workspace import WorkItem, Workspace

Key = tuple[str, str, str]  # lot, bidder, criterion
KEY_ROLE = Qt.ItemDataRole.UserRole

STATE_COLOURS = {
    ItemState.NOT_STARTED: None,
    ItemState.DRAFT: WARN_COLOUR,
    ItemState.SUBMITTED: GOOD_COLOUR,
    ItemState.CONFLICT: BAD_COLOUR,
    ItemState.NO_ANSWER: MUTED_COLOUR,
}


def key_of(item: WorkItem) -> Key:
    return (item.lot, item.bidder, item.criterion)


class WorkList(QTreeWidget):
    chosen = Signal(object)  # the Key of the response chosen

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.by_criterion = False
        self._leaves: dict[Key, QTreeWidgetItem] = {}
        self.setColumnCount(2)
        self.setHeaderLabels(["Response", "State"])
        self.setAccessibleName("Responses to score")
        self.setUniformRowHeights(True)
        roomy_tree(self)
        self.currentItemChanged.connect(self._on_current_item_changed)

    def show_workspace(self, workspace: Workspace, lot_titles: dict[str, str]) -> None:
        """Fill the list again (states and progress change), keeping the current response."""
        current = self.current_key()
        self.blockSignals(True)
        try:
            self.clear()
            self._leaves.clear()
            for progress in workspace.progress:
                title = lot_titles.get(progress.lot, f"Lot {progress.lot}")
                lot = QTreeWidgetItem(self, [title, progress.summary()])
                lot.setFirstColumnSpanned(False)
                font = lot.font(0)
                font.setBold(True)
                lot.setFont(0, font)
                groups: dict[str, QTreeWidgetItem] = {}
                for item in workspace.items:
                    if item.lot != progress.lot:
                        continue
                    group_key, group_text, leaf_text = self._texts(item)
                    group = groups.get(group_key)
                    if group is None:
                        group = groups[group_key] = QTreeWidgetItem(lot, [group_text, ""])
                    leaf = QTreeWidgetItem(group, [leaf_text, str(item.state)])
                    leaf.setIcon(1, dot_icon(STATE_COLOURS[item.state]))
                    leaf.setData(0, KEY_ROLE, key_of(item))
                    leaf.setToolTip(0, "")  # names are shown as plain item text only
                    self._leaves[key_of(item)] = leaf
            self.expandAll()
            self.resizeColumnToContents(1)
        finally:
            self.blockSignals(False)
        if current is not None:
            self.select(current)

    def _texts(self, item: WorkItem) -> tuple[str, str, str]:
        bidder = f"{item.bidder_name} ({item.bidder})"
        criterion = f"{item.criterion} {item.criterion_title}"
        if self.by_criterion:
            return item.criterion, criterion, bidder
        return item.bidder, bidder, criterion

    def keys(self) -> list[Key]:
        """Every response in the order shown (the leaves are made in that order)."""
        return list(self._leaves)

    def current_key(self) -> Key | None:
        item = self.currentItem()
        key = item.data(0, KEY_ROLE) if item is not None else None
        return (key[0], key[1], key[2]) if key else None

    def select(self, key: Key) -> bool:
        leaf = self._leaves.get(key)
        if leaf is None:
            return False
        self.setCurrentItem(leaf)
        self.scrollToItem(leaf)
        return True

    @Slot(QTreeWidgetItem, QTreeWidgetItem)
    def _on_current_item_changed(
        self, current: QTreeWidgetItem | None, _previous: QTreeWidgetItem | None
    ) -> None:
        if current is None:
            return
        key = current.data(0, KEY_ROLE)
        if key:
            self.chosen.emit(tuple(key))
