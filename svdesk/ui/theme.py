"""The look shared by every screen: spacing, headings, banners and small icons.

Headings, labels and banners show their text as plain text (``plain_text``): what they
show is often a bidder's name or a tender's title.

Colours come from the palette where they can, so that the window follows the
system's light or dark theme; the few fixed colours (banners, the weighting bar,
status dots) are chosen to read well on a projector.
"""

from __future__ import annotations

from enum import StrEnum

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QColor, QFont, QIcon, QPainter, QPalette, QPixmap
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLayout,
    QTableView,
    QTreeView,
    QWidget,
)

from svdesk import palette
from svdesk.ui.plain_text import plain_label

MARGIN = 12
SPACING = 8
PAGE_MARGIN = 16
READING_WIDTH = 860  # pixels at the normal text size: about 90 characters

# The parts of a score have one colour everywhere (svdesk.palette).
PRICE_COLOUR, QUALITY_COLOUR, SOCIAL_VALUE_COLOUR = (
    palette.PRICE_COLOUR,
    palette.QUALITY_COLOUR,
    palette.SOCIAL_VALUE_COLOUR,
)
GOOD_COLOUR = "#2E7D32"
BAD_COLOUR = "#C62828"
WARN_COLOUR = "#B26A00"
MUTED_COLOUR = "#7D838B"  # what does not count (an excluded bid), readable on light and dark
WINNER_TINT = (46, 125, 50, 38)  # a translucent green behind a winning row (RGBA)

_HEADING_SCALE = {1: 1.6, 2: 1.25, 3: 1.05}


def set_margins(layout: QLayout, margin: int = MARGIN, spacing: int = SPACING) -> QLayout:
    layout.setContentsMargins(margin, margin, margin, margin)
    layout.setSpacing(spacing)
    return layout


def scaled_font(base: QFont, scale: float, *, bold: bool = False) -> QFont:
    font = QFont(base)
    if base.pointSizeF() > 0:
        font.setPointSizeF(base.pointSizeF() * scale)
    else:
        font.setPixelSize(round(base.pixelSize() * scale))
    font.setBold(bold)
    return font


def bold_font() -> QFont:
    """Bold, and otherwise the widget's own font: it follows View > Text size (a copy of a
    whole font, with its size, would keep the size it had when copied)."""
    font = QFont()
    font.setBold(True)
    return font


def text_scale() -> float:
    """How much larger the application font is than the normal text size (1.0 at Normal)."""
    from svdesk.ui.text_size import current_scale

    return current_scale()


def scaled(pixels: int) -> int:
    """``pixels`` at the normal text size, grown with View > Text size."""
    return round(pixels * text_scale())


class _ScaledFont(QObject):
    """Keeps a widget's font a multiple of the application font, as that changes."""

    def __init__(self, widget: QWidget, scale: float, bold: bool) -> None:
        super().__init__(widget)
        self._widget, self._scale, self._bold = widget, scale, bold
        widget.installEventFilter(self)
        self.apply()

    def apply(self) -> None:
        self._widget.setFont(scaled_font(QApplication.font(), self._scale, bold=self._bold))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ApplicationFontChange:
            self.apply()
        return False


class _ScaledWidth(QObject):
    """Keeps a widget's fixed or greatest width in step with the text size."""

    def __init__(self, widget: QWidget, pixels: int, fixed: bool) -> None:
        super().__init__(widget)
        self._widget, self._pixels, self._fixed = widget, pixels, fixed
        widget.installEventFilter(self)
        self.apply()

    def apply(self) -> None:
        width = scaled(self._pixels)
        if self._fixed:
            self._widget.setFixedWidth(width)
        else:
            self._widget.setMaximumWidth(width)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ApplicationFontChange:
            self.apply()
        return False


def keep_width(widget: QWidget, pixels: int, *, fixed: bool = False) -> None:
    """A greatest (or, ``fixed``, an exact) width of ``pixels`` at the normal text size,
    grown in proportion when the user chooses larger text (a reading column, a card)."""
    _ScaledWidth(widget, pixels, fixed)


def keep_scaled_font(widget: QWidget, scale: float, *, bold: bool = False) -> None:
    """Give ``widget`` a font ``scale`` times the application's, now and whenever the
    user chooses another text size."""
    _ScaledFont(widget, scale, bold)


class Heading(QLabel):
    """A bold heading, larger than the text; it follows changes of the application font."""

    def __init__(self, text: str = "", level: int = 1, parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self._level = level
        self.setTextFormat(Qt.TextFormat.PlainText)  # a heading may be a bidder's name
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.setWordWrap(True)
        self._apply_font()

    def _apply_font(self) -> None:
        self.setFont(scaled_font(QApplication.font(), _HEADING_SCALE[self._level], bold=True))

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ApplicationFontChange:
            self._apply_font()
        return super().event(event)


def muted_label(text: str = "", parent: QWidget | None = None, *, wrap: bool = True) -> QLabel:
    """Secondary text (a subtitle, a hint), in the palette's placeholder colour."""
    label = plain_label(text, parent)
    label.setWordWrap(wrap)
    label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
    palette = label.palette()
    palette.setColor(
        QPalette.ColorRole.WindowText, palette.color(QPalette.ColorRole.PlaceholderText)
    )
    label.setPalette(palette)
    return label


def value_label(text: str = "", parent: QWidget | None = None) -> QLabel:
    """A value that people may want to copy (a reference, an email address)."""
    label = plain_label(text, parent)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class BannerKind(StrEnum):
    INFO = "info"
    SUCCESS = "success"
    WARNING = "warning"
    ERROR = "error"


# background, border, text
_BANNER_COLOURS = {
    BannerKind.INFO: ("#E8F1FB", "#8DB4E2", "#0B3A66"),
    BannerKind.SUCCESS: ("#EAF5EA", "#86C38A", "#1E4620"),
    BannerKind.WARNING: ("#FFF4E0", "#E8B04B", "#5A3A00"),
    BannerKind.ERROR: ("#FDECEA", "#E57373", "#611A15"),
}


class Banner(QFrame):
    """A strip of coloured text that tells the reader something they must not miss."""

    def __init__(
        self, kind: BannerKind = BannerKind.INFO, text: str = "", parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("banner")
        self._label = plain_label(text, self)
        self._label.setWordWrap(True)
        self._label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(MARGIN, SPACING + 2, MARGIN, SPACING + 2)
        layout.addWidget(self._label, 1)
        self.set_kind(kind)

    def set_kind(self, kind: BannerKind) -> None:
        self._kind = kind
        background, border, text = _BANNER_COLOURS[kind]
        self.setStyleSheet(
            f"QFrame#banner {{ background: {background}; border: 1px solid {border};"
            f" border-left: 5px solid {border}; border-radius: 4px; }}"
            f" QFrame#banner QLabel {{ color: {text}; background: transparent; }}"
        )

    def set_text(self, text: str) -> None:
        self._label.setText(text)

    def text(self) -> str:
        return self._label.text()

    def kind(self) -> BannerKind:
        return self._kind


def horizontal_rule(parent: QWidget | None = None) -> QFrame:
    line = QFrame(parent)
    line.setFrameShape(QFrame.Shape.HLine)
    line.setFrameShadow(QFrame.Shadow.Sunken)
    return line


def dot_icon(colour: str | None, size: int = 12) -> QIcon:
    """A filled circle (or, with no colour, a blank of the same size to keep text aligned)."""
    pixmap = QPixmap(size * 2, size * 2)
    pixmap.setDevicePixelRatio(2)
    pixmap.fill(Qt.GlobalColor.transparent)
    if colour:
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(colour))
        painter.drawEllipse(2, 2, size - 4, size - 4)
        painter.end()
    return QIcon(pixmap)


RESIZE_SAMPLE_ROWS = 60


def style_table(table: QTableView) -> None:
    """The one look of every table: whole-row selection, no editing, roomy rows."""
    table.setAlternatingRowColors(True)
    table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
    table.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
    table.setWordWrap(False)
    table.setShowGrid(False)
    table.setCornerButtonEnabled(False)
    # Room between columns, so that a right-aligned number never touches the next text.
    table.setStyleSheet(
        "QTableView::item { padding-left: 8px; padding-right: 8px; }"
        " QHeaderView::section { padding: 5px 11px; border: none;"
        " border-bottom: 1px solid palette(mid); background: palette(window);"
        " font-weight: bold; }"
    )
    table.verticalHeader().setVisible(False)
    _RowHeights(table)
    header = table.horizontalHeader()
    header.setHighlightSections(False)
    header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    header.setMinimumSectionSize(48)
    # Columns fit their contents as sampled from this many rows (the visible ones always
    # count): measuring every row of a large tender would hold the window up.
    header.setResizeContentsPrecision(RESIZE_SAMPLE_ROWS)


class _RowHeights(QObject):
    """A table's rows as tall as its text needs, again whenever the text size changes."""

    def __init__(self, table: QTableView) -> None:
        super().__init__(table)
        self._table = table
        table.installEventFilter(self)
        self.apply()

    def apply(self) -> None:
        self._table.verticalHeader().setDefaultSectionSize(self._table.fontMetrics().height() + 14)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FontChange:
            self.apply()
        return False


def roomy_tree(tree: QTreeView) -> None:
    """Rows tall enough to hit with a mouse on a projector, and to read from the back."""
    tree.setStyleSheet("QTreeView::item { padding-top: 3px; padding-bottom: 3px; }")
