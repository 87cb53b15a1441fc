"""The evaluator's responses, by lot then bidder then criterion (or lot, criterion,
bidder), each with its state as the workspace service says, and each lot's progress."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import QHeaderView, QTreeWidget, QTreeWidgetItem, QWidget

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
        self._lots: dict[str, QTreeWidgetItem] = {}
        self.setColumnCount(2)
        self.setHeaderLabels(["Response", "State"])
        self.setAccessibleName("Responses to score")
        self.setUniformRowHeights(True)
        roomy_tree(self)
        header = self.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.currentItemChanged.connect(self._on_current_item_changed)

    def show_workspace(
        self, workspace: Workspace, lot_titles: dict[str, str], *, rebuild: bool = False
    ) -> None:
        """Show the workspace's states and progress, keeping the current response; the rows
        are made again only when they change (or ``rebuild``, for another grouping)."""
        if not rebuild and set(self._leaves) == {key_of(i) for i in workspace.items}:
            self._update(workspace)
            return
        current = self.current_key()
        self.blockSignals(True)
        try:
            self.clear()
            self._leaves.clear()
            self._lots.clear()
            for progress in workspace.progress:
                title = lot_titles.get(progress.lot, f"Lot {progress.lot}")
                lot = QTreeWidgetItem(self, [title, progress.summary()])
                self._lots[progress.lot] = lot
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
                    leaf = QTreeWidgetItem(group, [leaf_text, ""])
                    leaf.setData(0, KEY_ROLE, key_of(item))
                    self._leaves[key_of(item)] = leaf
            self._update(workspace)
            self.expandAll()
        finally:
            self.blockSignals(False)
        if current is not None:
            self.select(current)

    def _update(self, workspace: Workspace) -> None:
        for progress in workspace.progress:
            lot = self._lots.get(progress.lot)
            if lot is not None:
                lot.setText(1, progress.summary())
        for item in workspace.items:
            leaf = self._leaves.get(key_of(item))
            if leaf is not None and leaf.text(1) != str(item.state):
                leaf.setText(1, str(item.state))
                leaf.setIcon(1, dot_icon(STATE_COLOURS[item.state]))

    def _texts(self, item: WorkItem) -> tuple[str, str, str]:
        bidder = f"{item.bidder_name} ({item.bidder})"
        criterion = f"{item.criterion} {item.criterion_title}"
        if self.by_criterion:
            return item.criterion, criterion, bidder
        return item.bidder, bidder, criterion

    def keys(self) -> list[Key]:
        """Every response in the order shown."""
        keys: list[Key] = []
        for lot in _children(self.invisibleRootItem()):
            for group in _children(lot):
                for leaf in _children(group):
                    key = leaf.data(0, KEY_ROLE)
                    if key:
                        keys.append((key[0], key[1], key[2]))
        return keys

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


def _children(item: QTreeWidgetItem) -> list[QTreeWidgetItem]:
    children = (item.child(i) for i in range(item.childCount()))
    return [child for child in children if child is not None]
