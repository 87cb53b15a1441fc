"""The evaluator's responses, by lot then bidder then criterion (or lot, criterion,
bidder), each with its state as the workspace service says, and each lot's progress."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSize, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeWidget,
    QTreeWidgetItem,
    QWidget,
)

from svdesk.services.workspace import ItemState
from svdesk.ui.theme import BAD_COLOUR, GOOD_COLOUR, MUTED_COLOUR, WARN_COLOUR, dot_icon

if TYPE_CHECKING:
    from svdesk.services.workspace import LotProgress, WorkItem, Workspace

Key = tuple[str, str, str]  # lot, bidder, criterion
KEY_ROLE = Qt.ItemDataRole.UserRole

STATE_COLOURS = {
    ItemState.NOT_STARTED: None,
    ItemState.DRAFT: WARN_COLOUR,
    ItemState.SUBMITTED: GOOD_COLOUR,
    ItemState.CONFLICT: BAD_COLOUR,
    ItemState.NO_ANSWER: MUTED_COLOUR,
}


ROW_PADDING = 6  # pixels added to each row, as the other lists have them


class RoomyRows(QStyledItemDelegate):
    """Rows tall enough to hit with a mouse, as ``theme.roomy_tree`` makes them, without its
    style sheet: a style sheet makes Qt draw every row through its slowest path, which at
    thousands of rows slowed every move down the list several times over."""

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        size = super().sizeHint(option, index)
        return QSize(size.width(), size.height() + ROW_PADDING)


def key_of(item: WorkItem) -> Key:
    return (item.lot, item.bidder, item.criterion)


class WorkList(QTreeWidget):
    chosen = Signal(object)  # the Key of the response chosen

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.by_criterion = False
        self._leaves: dict[Key, QTreeWidgetItem] = {}
        self._lots: dict[str, QTreeWidgetItem] = {}
        # The responses in the order shown, and where each is: read at every move, so kept
        # rather than walked from the tree.
        self._order: list[Key] = []
        self._positions: dict[Key, int] = {}
        self.setColumnCount(2)
        self.setHeaderLabels(["Response", "State"])
        self.setAccessibleName("Responses to score")
        self.setUniformRowHeights(True)
        self.setItemDelegate(RoomyRows(self))
        header = self.header()
        header.setAccessibleName("Columns of the responses")
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        # As wide as the widest state, once: sized to its contents, the column would be
        # measured again at every move.
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Fixed)
        widest = max(self.fontMetrics().horizontalAdvance(str(s)) for s in ItemState)
        header.resizeSection(1, widest + self.iconSize().width() + 40)
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
                        group.setFirstColumnSpanned(True)  # the whole name, not cut short
                    leaf = QTreeWidgetItem(group, [leaf_text, ""])
                    leaf.setData(0, KEY_ROLE, key_of(item))
                    self._leaves[key_of(item)] = leaf
            self._update(workspace)
            self.expandAll()
            self._order = self._walk()
            self._positions = {key: at for at, key in enumerate(self._order)}
        finally:
            self.blockSignals(False)
        if current is not None:
            self.select(current)

    def _update(self, workspace: Workspace) -> None:
        self.show_states(workspace.items, workspace.progress)

    def show_states(self, items: list[WorkItem], progress: list[LotProgress]) -> None:
        """Show the states of ``items`` (some or all of them) and each lot's progress."""
        for lot_progress in progress:
            lot = self._lots.get(lot_progress.lot)
            if lot is not None:
                lot.setText(1, lot_progress.summary())
        for item in items:
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
        return list(self._order)

    def step_from(self, key: Key | None, step: int) -> Key | None:
        """The response ``step`` rows of responses from ``key`` (from before the first when
        ``key`` is not listed); None past either end."""
        at = self._positions.get(key, -1) if key is not None else -1
        return self._order[at + step] if 0 <= at + step < len(self._order) else None

    def _walk(self) -> list[Key]:
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
        if not self.viewport().rect().contains(self.visualItemRect(leaf)):
            # Centred, so that the next dozen moves need no scrolling: redrawing the whole
            # list at every move made moving several times slower.
            self.scrollToItem(leaf, QAbstractItemView.ScrollHint.PositionAtCenter)
        self.setCurrentItem(leaf)
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
