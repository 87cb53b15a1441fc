"""The size of the window's text, chosen by the user (View > Text size) and kept between
runs.

The choice changes the application font; every page, table, heading, banner and dialog
derives its type from that font (``theme.scaled_font``, ``keep_scaled_font``, partial
fonts such as ``theme.bold_font``), so one change reaches them all. A moderator puts the
window on a projector at Larger or Largest and the back of the room can read it.
"""

from __future__ import annotations

from enum import Enum

from PySide6.QtCore import QEvent, QObject, QSettings, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication

SETTING_KEY = "view/text_size"


class TextSize(Enum):
    """Each size, with how much larger than the system's normal text it is."""

    NORMAL = ("Normal", 1.0)
    LARGE = ("Large", 1.25)
    LARGER = ("Larger", 1.5)
    LARGEST = ("Largest", 2.0)

    @property
    def label(self) -> str:
        return self.value[0]

    @property
    def scale(self) -> float:
        return self.value[1]

    def step(self, steps: int) -> TextSize:
        """The size ``steps`` larger (negative: smaller), kept within the sizes there are."""
        sizes = list(TextSize)
        index = min(max(sizes.index(self) + steps, 0), len(sizes) - 1)
        return sizes[index]


# The system's font, as it was before any size was chosen: the sizes are multiples of it.
_normal_font: QFont | None = None
_current = TextSize.NORMAL


def normal_font() -> QFont:
    global _normal_font
    if _normal_font is None:
        _normal_font = QFont(QApplication.font())
    return QFont(_normal_font)


def current_size() -> TextSize:
    return _current


def current_scale() -> float:
    return _current.scale


def apply_size(size: TextSize) -> None:
    """Make the application font ``size``; every widget following it changes at once."""
    global _current
    base = normal_font()
    font = QFont(base)
    if base.pointSizeF() > 0:
        font.setPointSizeF(base.pointSizeF() * size.scale)
    else:
        font.setPixelSize(round(base.pixelSize() * size.scale))
    _current = size
    QApplication.setFont(font)
    # A widget with a style sheet of its own keeps the font it had when the sheet was
    # applied (Qt's style-sheet style fixes it then): applying the sheet again lets it
    # take the new one, from its parent, as every other widget does.
    # Qt tells only windows that the application font changed (their children inherit it);
    # the widgets sized as a multiple of it (headings, ``theme.keep_scaled_font``) are told
    # too, so that they follow.
    changed = QEvent(QEvent.Type.ApplicationFontChange)
    for widget in QApplication.allWidgets():
        sheet = widget.styleSheet()
        if sheet:
            widget.setStyleSheet(sheet)
        if not widget.isWindow():
            QApplication.sendEvent(widget, changed)


def kept_size(settings: QSettings | None = None) -> TextSize:
    """The size chosen last time (Normal if none, or if what is kept is not a size)."""
    kept = (settings or QSettings("svdesk", "svdesk")).value(SETTING_KEY)
    return next((size for size in TextSize if size.name.lower() == str(kept)), TextSize.NORMAL)


class TextSizer(QObject):
    """The window's text size: chosen, stepped, kept."""

    size_changed = Signal(object)  # the TextSize now in use

    def __init__(self, parent: QObject | None = None, settings: QSettings | None = None) -> None:
        super().__init__(parent)
        self._settings = settings

    @property
    def size(self) -> TextSize:
        return current_size()

    def restore(self) -> TextSize:
        """Use the size chosen last time (as the window opens)."""
        size = kept_size(self._settings)
        if size is not current_size():
            apply_size(size)
            self.size_changed.emit(size)
        return size

    def choose(self, size: TextSize) -> None:
        """Use ``size`` now, and from now on."""
        (self._settings or QSettings("svdesk", "svdesk")).setValue(SETTING_KEY, size.name.lower())
        if size is not current_size():
            apply_size(size)
        self.size_changed.emit(size)

    def step(self, steps: int) -> None:
        self.choose(current_size().step(steps))
