"""The look of the shared screen: type sized from the screen's height, so that it reads
from the back of a room whatever the projector, and colours of high contrast throughout
(white and yellow on black: each pair well above the 7:1 of WCAG's AAA)."""

from __future__ import annotations

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QLabel, QWidget

from svdesk.ui.plain_text import plain_label

BACKGROUND = "#000000"
TEXT = "#FFFFFF"  # 21:1 on black
SECONDARY = "#D9D9D9"  # 15:1
ACCENT = "#FFD400"  # scores and the criterion: 14:1
AGREED = "#7CF29A"  # 14:1
DISCUSS = "#FF8A65"  # 9:1, apart from the yellow of a proposal
RULE = "#8C8C8C"  # lines only, never text

# The body type is this fraction of the screen's height: 36 pixels at 1080, which a
# projected image two metres high makes about seven centimetres, readable at twenty metres.
BODY_OF_HEIGHT = 1 / 30
SIZES = {"title": 1.35, "heading": 1.1, "body": 1.0, "reading": 0.8, "small": 0.68, "score": 2.0}


class PresentationStyle:
    """Fonts and the style sheet for a screen ``height`` pixels high."""

    def __init__(self, height: int) -> None:
        app_font = QApplication.font()
        # Never smaller than twice the window's own text, on a small screen.
        app_pixels = app_font.pixelSize()
        if app_pixels <= 0:
            app_pixels = round(app_font.pointSizeF() * 96 / 72)
        self.body_pixels = max(round(height * BODY_OF_HEIGHT), 2 * app_pixels)

    def pixels(self, role: str) -> int:
        return round(self.body_pixels * SIZES[role])

    def font(self, role: str, *, bold: bool = False) -> QFont:
        font = QFont(QApplication.font())
        font.setPixelSize(self.pixels(role))
        font.setBold(bold)
        return font

    def label(
        self,
        role: str,
        parent: QWidget,
        *,
        colour: str = TEXT,
        bold: bool = False,
        wrap: bool = True,
    ) -> QLabel:
        label = plain_label("", parent)
        label.setFont(self.font(role, bold=bold))
        label.setWordWrap(wrap)
        label.setStyleSheet(f"color: {colour}; background: transparent;")
        return label

    def sheet(self) -> str:
        """The window's style sheet: black, white text, thick visible focus and borders."""
        small = self.pixels("small")
        return (
            f"QWidget#presentation {{ background: {BACKGROUND}; }}"
            f" QWidget {{ color: {TEXT}; background: {BACKGROUND}; }}"
            f" QTextBrowser {{ border: none; color: {TEXT}; background: {BACKGROUND}; }}"
            f" QScrollArea {{ border: none; }}"
            f" QScrollBar:vertical {{ background: {BACKGROUND}; width: {small // 2}px; }}"
            f" QScrollBar::handle:vertical {{ background: {SECONDARY}; border-radius: 4px;"
            f" min-height: {small}px; }}"
            " QScrollBar::add-line, QScrollBar::sub-line { height: 0; }"
            f" QFrame#rule {{ background: {RULE}; }}"
        )

    def chip(self, label: QLabel, colour: str) -> None:
        """``label`` as black text on a coloured chip (a state to see from afar)."""
        pad = self.body_pixels // 4
        label.setStyleSheet(
            f"color: {BACKGROUND}; background: {colour}; border-radius: {pad}px;"
            f" padding: {pad // 2}px {pad}px;"
        )
