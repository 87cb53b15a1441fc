"""The window's dialogs for the moderation meeting's settings of the tender on show: the
anonymity on the shared screen and in the consensus workbook, and the tolerance. Each is
changed with a reason in the audit trail; the shared screen, and the pages that follow
the change, read afresh."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QObject, Slot

if TYPE_CHECKING:
    from PySide6.QtWidgets import QDialog, QWidget

    from svdesk.store.database import Database
    from svdesk.ui.main_window import MainWindow
    from svdesk.ui.window_actions import WindowActions


class SettingDialog(Protocol):
    def __call__(
        self, db: Database, reference: str, parent: QWidget, *, actor: str | None
    ) -> QDialog: ...


class TenderSettings(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._window = window

    def connect_actions(self, c: WindowActions) -> None:
        c.anonymity_action.triggered.connect(self._on_anonymity_action_triggered)
        c.tolerance_action.triggered.connect(self._on_tolerance_action_triggered)

    @Slot()
    def _on_anonymity_action_triggered(self) -> None:
        from svdesk.ui.dialogs.anonymity_dialog import AnonymityDialog

        self._open(AnonymityDialog, self._window.presenter.refresh)

    @Slot()
    def _on_tolerance_action_triggered(self) -> None:
        from svdesk.ui.dialogs.tolerance_dialog import ToleranceDialog

        # What is discussed first changes on the board, the results and the statistics
        # (the pages that follow the consensus read afresh) and the consensus page.
        self._open(
            ToleranceDialog, self._window.context.announce_tolerance, self._window.presenter.refresh
        )

    def _open(self, make: SettingDialog, *accepted: Callable[[], None]) -> None:
        from PySide6.QtCore import Qt

        window = self._window
        tender = window.context.tender()
        if tender is None or window.refuse_if_read_only():
            return
        dialog = make(*tender, window, actor=window.context.actor_name)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        for then in accepted:
            dialog.accepted.connect(then)
        dialog.open()
