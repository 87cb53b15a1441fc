"""The tender's weightings: a small table and a horizontal bar of price, quality, social value."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QGridLayout, QSizePolicy, QVBoxLayout, QWidget

from svdesk.domain.model import Tender
from svdesk.ui.formatting import percent
from svdesk.ui.plain_text import plain_label
from svdesk.ui.theme import (
    PRICE_COLOUR,
    QUALITY_COLOUR,
    SOCIAL_VALUE_COLOUR,
    SPACING,
    bold_font,
    muted_label,
)

Part = tuple[str, Decimal, str]  # name, percent, colour


def weighting_parts(tender: Tender) -> list[Part]:
    """The parts of the total score; a tender scored on social value alone has only that."""
    if tender.social_value_only:
        return [("Social value", Decimal(100), SOCIAL_VALUE_COLOUR)]
    return [
        ("Price", tender.price_weighting, PRICE_COLOUR),
        ("Quality", tender.quality_weighting, QUALITY_COLOUR),
        ("Social value", tender.social_value_weighting, SOCIAL_VALUE_COLOUR),
    ]


class WeightingBar(QWidget):
    """A horizontal bar split in proportion to the weightings, each part labelled if it fits."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._parts: list[Part] = []
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMinimumWidth(160)

    def set_parts(self, parts: list[Part]) -> None:
        self._parts = [p for p in parts if p[1] > 0]
        self.setToolTip(", ".join(f"{name} {percent(value)}" for name, value, _ in parts))
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(320, self.fontMetrics().height() * 2 + 8)

    def paintEvent(self, event: QPaintEvent) -> None:
        total = sum((value for _, value, _ in self._parts), start=Decimal(0))
        if total <= 0:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        area = QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5)
        x = area.left()
        metrics = self.fontMetrics()
        for index, (name, value, colour) in enumerate(self._parts):
            width = area.width() * float(value / total)
            if index == len(self._parts) - 1:
                width = area.right() - x
            segment = QRectF(x, area.top(), width, area.height())
            painter.fillRect(segment, QColor(colour))
            if index:
                painter.setPen(QPen(QColor("white"), 2))
                painter.drawLine(segment.topLeft(), segment.bottomLeft())
            label = f"{name} {percent(value)}"
            if metrics.horizontalAdvance(label) + 12 > width:
                label = percent(value)
            if metrics.horizontalAdvance(label) + 8 <= width:
                painter.setPen(QColor("white"))
                painter.drawText(segment, Qt.AlignmentFlag.AlignCenter, label)
            x += width
        painter.end()


class WeightingsPanel(QWidget):
    """The weightings as a legend table (colour, name, percent) above the bar."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bar = WeightingBar(self)
        self._grid = QGridLayout()
        self._grid.setHorizontalSpacing(SPACING * 2)
        self._grid.setVerticalSpacing(SPACING // 2)
        self._grid.setColumnStretch(3, 1)
        self.note = muted_label("", self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(SPACING)
        layout.addLayout(self._grid)
        layout.addWidget(self.bar)
        layout.addWidget(self.note)

    def set_tender(self, tender: Tender) -> None:
        while self._grid.count():
            item = self._grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        rows: list[Part] = [
            ("Price", tender.price_weighting, PRICE_COLOUR),
            ("Quality", tender.quality_weighting, QUALITY_COLOUR),
            ("Social value", tender.social_value_weighting, SOCIAL_VALUE_COLOUR),
        ]
        for row, (name, value, colour) in enumerate(rows):
            self._add_row(row, name, percent(value), colour)
        total_row = len(rows)
        self._add_row(total_row, "Total", percent(tender.total_weighting), None, bold=True)
        self.bar.set_parts(weighting_parts(tender))
        if tender.social_value_only:
            self.note.setText(
                "No price or quality weighting was given: the tender is scored on social "
                "value alone, and the social value weighting is the whole score."
            )
            self.note.show()
        else:
            self.note.hide()

    def _add_row(
        self, row: int, name: str, value: str, colour: str | None, *, bold: bool = False
    ) -> None:
        swatch = plain_label("", self)
        size = self.fontMetrics().height() - 4
        swatch.setFixedSize(size, size)
        if colour:
            swatch.setStyleSheet(f"background: {colour}; border-radius: 2px;")
        name_label = plain_label(name, self)
        value_label = plain_label(value, self)
        value_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        value_label.setMinimumWidth(self.fontMetrics().horizontalAdvance("100.25%"))
        if bold:
            for label in (name_label, value_label):
                label.setFont(bold_font())
        self._grid.addWidget(swatch, row, 0)
        self._grid.addWidget(name_label, row, 1)
        self._grid.addWidget(value_label, row, 2)
