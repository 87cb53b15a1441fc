"""Following a change of the window's font (View > Text size) in widgets that have a style
sheet: Qt leaves their font as it was until the style sheet is applied again."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtWidgets import QWidget


def restyle(widgets: Iterable[QWidget]) -> None:
    """Apply each widget's style sheet again, so that it takes the application's font."""
    for widget in widgets:
        widget.setStyleSheet(widget.styleSheet())
