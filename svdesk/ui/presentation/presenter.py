"""Opening and closing the shared screen (View > Present to the room, Ctrl+Shift+P).

With a second screen (a projector beside the laptop) the presentation goes full screen on
it and the moderator keeps the window, with its controls, on the laptop. With one screen
the presentation takes it; Esc, or the same key again, gives it back.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Slot
from PySide6.QtGui import QAction, QGuiApplication, QScreen
from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    from svdesk.ui.presentation.presentation_window import PresentationWindow
    from svdesk.ui.tender_context import TenderContext


def screen_for_room(window: QWidget) -> QScreen | None:
    """A screen other than the one ``window`` is on, when there is one; else that one."""
    own = window.screen()
    others = [s for s in QGuiApplication.screens() if s is not own]
    return others[0] if others else (own or QGuiApplication.primaryScreen())


class Presenter(QObject):
    """Keeps ``action`` (checkable) and the presentation window in step."""

    def __init__(self, context: TenderContext, action: QAction, window: QWidget) -> None:
        super().__init__(window)
        self._context = context
        self._action = action
        self._window = window
        self.presentation: PresentationWindow | None = None
        action.toggled.connect(self._on_action_toggled)

    def open(self) -> PresentationWindow:
        # Imported when first used: the window paints before the services are loaded.
        from svdesk.ui.presentation.presentation_window import PresentationWindow

        if self.presentation is not None:
            self.presentation.raise_()
            return self.presentation
        screen = screen_for_room(self._window)
        height = screen.geometry().height() if screen is not None else 1080
        presentation = PresentationWindow(self._context, height)
        if screen is not None:
            presentation.setScreen(screen)
            presentation.setGeometry(screen.geometry())
        presentation.closed.connect(self._on_presentation_closed)
        # Its key works on the shared screen too (with one screen, that is where focus is).
        presentation.addAction(self._action)
        self.presentation = presentation
        presentation.showFullScreen()
        if screen is not None and screen is not self._window.screen():
            self._window.activateWindow()  # the moderator's keys stay on the laptop
        self._action.setChecked(True)
        return presentation

    @Slot()
    def refresh(self) -> None:
        """Read again what the shared screen shows (the tender's choices changed)."""
        if self.presentation is not None:
            self.presentation.refresh()

    def close(self) -> None:
        if self.presentation is not None:
            self.presentation.close()

    @Slot(bool)
    def _on_action_toggled(self, checked: bool) -> None:
        if checked:
            self.open()
        else:
            self.close()

    @Slot()
    def _on_presentation_closed(self) -> None:
        presentation, self.presentation = self.presentation, None
        if presentation is not None:
            presentation.deleteLater()
        self._action.setChecked(False)
