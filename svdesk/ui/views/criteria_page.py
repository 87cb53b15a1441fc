"""The award criteria of a lot (or of every lot), with the chosen criterion in full below."""

from __future__ import annotations

import html
from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelection, Qt, Slot
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QFrame,
    QHeaderView,
    QSplitter,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from svdesk.domain.model import Criterion
from svdesk.ui.formatting import NOTHING, number, percent
from svdesk.ui.models.criteria_model import WEIGHT_TOLERANCE, CriteriaModel
from svdesk.ui.theme import (
    PAGE_MARGIN,
    SPACING,
    Banner,
    BannerKind,
    Heading,
    muted_label,
    style_table,
)
from svdesk.ui.views.navigator import Page, Target

if TYPE_CHECKING:
    from svdesk.services.tenders import TenderOverview


class CriteriaPage(QWidget):
    kinds = (Page.CRITERIA,)  # the navigator's targets it shows

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = CriteriaModel(self)
        self.title = Heading("Award criteria", 1, self)
        self.subtitle = muted_label("", self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        style_table(self.table)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(CriteriaModel.TITLE, QHeaderView.ResizeMode.Stretch)
        self.total = Banner(BannerKind.SUCCESS, "", self)
        self.detail = QTextBrowser(self)
        self.detail.setFrameShape(QFrame.Shape.StyledPanel)
        self.detail.setOpenExternalLinks(False)
        self.detail.document().setDocumentMargin(PAGE_MARGIN)

        top = QWidget(self)
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.setSpacing(SPACING)
        top_layout.addWidget(self.table, 1)
        top_layout.addWidget(self.total)
        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(top)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([300, 300])

        layout = QVBoxLayout(self)
        layout.setContentsMargins(PAGE_MARGIN, PAGE_MARGIN, PAGE_MARGIN, PAGE_MARGIN)
        layout.setSpacing(SPACING)
        layout.addWidget(self.title)
        layout.addWidget(self.subtitle)
        layout.addSpacing(SPACING // 2)
        layout.addWidget(self.splitter, 1)

        self.table.selectionModel().selectionChanged.connect(self._on_selection_changed)

    def set_criteria(
        self,
        criteria: Sequence[Criterion],
        lot_names: dict[str, str],
        social_value_weighting: Decimal,
        lot: str | None = None,
    ) -> None:
        """Show ``criteria`` (all of one ``lot``, or of every lot when ``lot`` is None)."""
        self.model.set_rows(criteria)
        self.table.setColumnHidden(CriteriaModel.LOT, lot is not None)
        if lot is not None:
            self.subtitle.setText(
                f"{lot_names.get(lot, lot)}  ·  weights are percentages of the total tender score"
            )
        else:
            self.subtitle.setText(
                f"All {len(lot_names)} lots  ·  weights are percentages of the total tender score"
            )
        self._show_totals(lot_names, social_value_weighting)
        if self.model.rowCount():
            self.table.selectRow(0)
        else:
            self.detail.setHtml("<p>This lot has no criteria.</p>")
        self._fit_table()

    def show_target(self, target: Target, o: TenderOverview) -> bool:
        """Every criterion, or a lot's, with the target's criterion chosen."""
        criteria = o.criteria_of(target.lot) if target.lot else o.criteria
        lot_names = {lot.key: lot.display_name for lot in o.lots}
        self.set_criteria(criteria, lot_names, o.tender.social_value_weighting, target.lot)
        if target.criterion and target.lot:
            self.select_criterion(target.lot, target.criterion)
        return True

    def _fit_table(self) -> None:
        """Give the table the room its rows need (up to half), the rest to the detail."""
        total = self.splitter.height()
        if total <= 0:
            return
        table = self.table
        needed = (
            table.horizontalHeader().sizeHint().height()
            + self.model.rowCount() * table.verticalHeader().defaultSectionSize()
            + 2 * table.frameWidth()
            + (self.total.sizeHint().height() + SPACING if self.total.isVisibleTo(self) else 0)
            + 4
        )
        top = max(min(needed, total // 2), total // 4)
        self.splitter.setSizes([top, total - top])

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._fit_table()

    def select_criterion(self, lot: str, code: str) -> None:
        row = self.model.find_row(lambda c: c.lot == lot and c.code == code)
        if row >= 0:
            self.table.selectRow(row)
            self.table.scrollTo(self.model.index(row, 0))

    def selected_criterion(self) -> Criterion | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.criterion(rows[0].row()) if rows else None

    def _show_totals(self, lot_names: dict[str, str], target: Decimal) -> None:
        lots = self.model.lots()
        wrong = [
            lot for lot in lots if abs(self.model.total_weight(lot) - target) > WEIGHT_TOLERANCE
        ]
        if not lots:
            self.total.hide()
            return
        self.total.show()
        if not wrong:
            self.total.set_kind(BannerKind.SUCCESS)
            scope = "the weights" if len(lots) == 1 else "each lot's weights"
            self.total.set_text(
                f"✓  Total weight {percent(self.model.total_weight(lots[0]))}: {scope} add up "
                f"to the social value weighting ({percent(target)})."
            )
            return
        self.total.set_kind(BannerKind.ERROR)
        lines = [
            f"{lot_names.get(lot, lot)}: the weights add up to "
            f"{percent(self.model.total_weight(lot))}, not {percent(target)}"
            for lot in wrong
        ]
        self.total.set_text(
            "⚠  The weights do not add up to the social value weighting. " + "; ".join(lines) + "."
        )

    @Slot(QItemSelection, QItemSelection)
    def _on_selection_changed(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        criterion = self.selected_criterion()
        if criterion is not None:
            self.detail.setHtml(criterion_html(criterion))


def criterion_html(c: Criterion) -> str:
    """The question, guidance and sub-criteria of one criterion, for reading."""
    e = html.escape
    parts = [
        f"<h2 style='margin-top:0'>{e(c.code)} · {e(c.title)}</h2>",
        "<p style='color:#666'>"
        f"Weight <b>{percent(c.weight)}</b> &nbsp;·&nbsp; "
        f"Word limit <b>{number(c.word_limit)}</b> &nbsp;·&nbsp; "
        f"Minimum score <b>{number(c.minimum_score)}</b> &nbsp;·&nbsp; "
        f"Model criterion <b>{e(c.model_criterion or NOTHING)}</b></p>",
        "<h3>Question</h3>",
        _paragraphs(c.question),
    ]
    if c.guidance:
        parts += ["<h3>Guidance for evaluators</h3>", _paragraphs(c.guidance)]
    if c.sub_criteria:
        items = "".join(f"<li>{e(line)}</li>" for line in c.sub_criteria)
        parts += ["<h3>Sub-criteria</h3>", f"<ul>{items}</ul>"]
    return "".join(parts)


def _paragraphs(text: str) -> str:
    blocks = [b.strip() for b in text.split("\n\n") if b.strip()]
    return "".join(
        "<p style='line-height: 130%'>"
        + "<br>".join(html.escape(line) for line in block.splitlines())
        + "</p>"
        for block in blocks
    )
