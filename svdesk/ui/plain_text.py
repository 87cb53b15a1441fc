"""Showing a tender's text as it was written: never as HTML.

Qt reads the text of a label, a message box or a tooltip as HTML whenever it looks like HTML
(``Qt.mightBeRichText``): a bidder named ``<font size=40 color=red>X</font><img src=x>``
would be drawn huge, red and with an image. Every label of the window is plain text (the
label helpers of ``theme`` and :func:`plain_label`); a label built as HTML on purpose says so
(:func:`rich_label`) and escapes every value it holds; a message box is plain text
(:func:`plain_box`); and text handed to a tooltip or to one of QMessageBox's ready-made boxes,
which always guess, goes through :func:`literal`.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import Qt as TextQt  # where Qt's text functions are
from PySide6.QtWidgets import QLabel, QMessageBox, QProgressDialog, QWidget


def plain(label: QLabel) -> QLabel:
    """``label``, showing its text as it is."""
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


def plain_label(text: str = "", parent: QWidget | None = None) -> QLabel:
    return plain(QLabel(text, parent))


def rich_label(parent: QWidget | None = None) -> QLabel:
    """A label whose text is HTML made by svdesk: every value in it must be escaped."""
    label = QLabel("", parent)
    label.setTextFormat(Qt.TextFormat.RichText)
    return label


def literal(text: str) -> str:
    """``text`` for a tooltip or a ready-made message box, which guess whether text is HTML:
    unchanged where Qt would show it as it is, escaped where Qt would take it for HTML."""
    if not TextQt.mightBeRichText(text):
        return text
    return TextQt.convertFromPlainText(text, Qt.WhiteSpaceMode.WhiteSpaceNormal)


def plain_box(box: QMessageBox) -> QMessageBox:
    """``box`` showing its text and informative text as they are."""
    box.setTextFormat(Qt.TextFormat.PlainText)
    for label in box.findChildren(QLabel):  # the informative text, on any Qt version
        if label.objectName() == "qt_msgbox_informativelabel":
            plain(label)
    return box


def plain_progress(dialog: QProgressDialog) -> QProgressDialog:
    """``dialog`` showing its label (which may name a file or a person) as it is."""
    label = plain_label(dialog.labelText(), dialog)
    dialog.setLabel(label)
    return dialog
