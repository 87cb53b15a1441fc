"""A window's size and place, kept between runs (as users expect of a desktop tool)."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtWidgets import QWidget


def restore_geometry(window: QWidget, key: str, settings: QSettings | None = None) -> bool:
    """Put ``window`` where it was when last closed; False when there is nothing kept.

    Qt moves a window kept on a screen that is no longer there back onto one."""
    kept = (settings or QSettings("svdesk", "svdesk")).value(key)
    return isinstance(kept, QByteArray) and not kept.isEmpty() and window.restoreGeometry(kept)


def save_geometry(window: QWidget, key: str, settings: QSettings | None = None) -> None:
    (settings or QSettings("svdesk", "svdesk")).setValue(key, window.saveGeometry())
