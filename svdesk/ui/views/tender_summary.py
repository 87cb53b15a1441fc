"""The tender at a glance: who, what, how it is weighted and scored, its panel, and what
it holds."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from svdesk.domain.evaluation_rules import PanelRole
from svdesk.ui import formatting as fmt
from svdesk.ui.plain_text import plain_label
from svdesk.ui.theme import (
    BAD_COLOUR,
    PAGE_MARGIN,
    SPACING,
    Heading,
    horizontal_rule,
    keep_scaled_font,
    muted_label,
    value_label,
)
from svdesk.ui.views.navigator import Page, Target
from svdesk.ui.views.weighting_bar import WeightingsPanel

if TYPE_CHECKING:
    from svdesk.services.moderation import ModerationOpened
    from svdesk.services.panel import PanelMember
    from svdesk.services.panel_summary import LotStage
    from svdesk.services.tenders import TenderOverview
    from svdesk.ui.tender_context import TenderContext


class StatTile(QFrame):
    """A count in large type with what it counts beneath it."""

    def __init__(self, caption: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("tile")
        self.setStyleSheet(
            "QFrame#tile { background: palette(base); border: 1px solid palette(mid);"
            " border-radius: 6px; }"
        )
        self.value = plain_label("0", self)
        keep_scaled_font(self.value, 1.8, bold=True)
        self.caption = muted_label(caption, self, wrap=False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(PAGE_MARGIN, SPACING + 2, PAGE_MARGIN, SPACING + 2)
        layout.setSpacing(2)
        layout.addWidget(self.value)
        layout.addWidget(self.caption)

    def set_value(self, value: int, *, alert: bool = False) -> None:
        self.value.setText(f"{value:,}")
        self.value.setStyleSheet(f"color: {BAD_COLOUR};" if alert else "")


def _form() -> QFormLayout:
    form = QFormLayout()
    form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
    form.setFormAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
    form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    form.setHorizontalSpacing(PAGE_MARGIN + SPACING)
    form.setVerticalSpacing(SPACING + 2)
    return form


class TenderSummaryView(QScrollArea):
    """Title, reference and authority; counts; details; weightings; where it came from."""

    kinds = (Page.SUMMARY,)  # the navigator's targets it shows

    DETAILS = (
        ("reference", "Reference"),
        ("authority", "Authority"),
        ("address", "Address"),
        ("regime", "Regime"),
        ("estimated_value", "Estimated value"),
        ("contact", "Contact"),
        ("signatory", "Signatory"),
        ("documents", "Tender documents"),
    )
    SCORING = (
        ("scoring_method", "Scoring method"),
        ("tie_break", "Tie-break"),
        ("scale", "Scores allowed"),
    )
    PANEL = (
        ("evaluators", "Evaluators"),
        ("moderator", "Moderator"),
        ("moderation", "Moderation"),
    )
    TILES = (
        ("lots", "Lots"),
        ("criteria", "Criteria"),
        ("bidders", "Bidders"),
        ("bids", "Bids"),
        ("responses", "Answers"),
        ("missing", "Missing answers"),
    )

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context: TenderContext | None = None
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        page = QWidget(self)
        page.setObjectName("summaryPage")
        self.title = Heading("", 1, page)
        self.subtitle = muted_label("", page)
        self.tiles = {key: StatTile(caption, page) for key, caption in self.TILES}
        self.fields: dict[str, QLabel] = {}
        self._captions: dict[str, QLabel] = {}
        self.weightings = WeightingsPanel(page)
        self.imported = muted_label("", page)

        tiles = QHBoxLayout()
        tiles.setSpacing(SPACING + 4)
        for tile in self.tiles.values():
            tiles.addWidget(tile, 1)

        left = QVBoxLayout()
        left.setSpacing(SPACING + 4)
        left.addWidget(Heading("Tender", 2, page))
        left.addLayout(self._fields(page, self.DETAILS))
        left.addStretch(1)

        right = QVBoxLayout()
        right.setSpacing(SPACING + 4)
        right.addWidget(Heading("Weightings", 2, page))
        right.addWidget(self.weightings)
        right.addSpacing(SPACING * 2)
        right.addWidget(Heading("Scoring", 2, page))
        right.addLayout(self._fields(page, self.SCORING))
        right.addSpacing(SPACING * 2)
        right.addWidget(Heading("Panel", 2, page))
        right.addLayout(self._fields(page, self.PANEL))
        right.addStretch(1)
        # The two forms of the right-hand column line their values up with each other.
        captions = [self._captions[key] for key, _ in (*self.SCORING, *self.PANEL)]
        widest = max(caption.sizeHint().width() for caption in captions)
        for caption in captions:
            caption.setMinimumWidth(widest)

        columns = QHBoxLayout()
        columns.setSpacing(PAGE_MARGIN * 3)
        columns.addLayout(left, 3)
        columns.addLayout(right, 2)

        layout = QVBoxLayout(page)
        layout.setContentsMargins(PAGE_MARGIN + 8, PAGE_MARGIN, PAGE_MARGIN + 8, PAGE_MARGIN)
        layout.setSpacing(SPACING)
        layout.addWidget(self.title)
        layout.addWidget(self.subtitle)
        layout.addSpacing(SPACING)
        layout.addLayout(tiles)
        layout.addSpacing(SPACING * 2)
        layout.addLayout(columns)
        layout.addStretch(1)
        layout.addWidget(horizontal_rule(page))
        layout.addWidget(self.imported)
        self.setWidget(page)

    def _fields(self, page: QWidget, names: tuple[tuple[str, str], ...]) -> QFormLayout:
        form = _form()
        for key, caption in names:
            self.fields[key] = value_label("", page)
            self._captions[key] = muted_label(caption, page, wrap=False)
            form.addRow(self._captions[key], self.fields[key])
        return form

    # -- following the tender --------------------------------------------------------------
    def follow(self, context: TenderContext) -> None:
        """Show the tender on show in ``context``, and its panel as it changes."""
        self._context = context
        context.tender_changed.connect(self._on_context_tender_changed)
        context.panel_changed.connect(self._on_context_panel_changed)
        context.consensus_changed.connect(self._on_context_panel_changed)

    def show_target(self, _target: Target, _overview: TenderOverview) -> bool:
        return True  # filled as the tender and its panel change

    def refresh_panel(self) -> None:
        """Read the panel and the state of each lot's moderation again."""
        from svdesk.services.panel_summary import tender_panel

        tender = None if self._context is None else self._context.tender()
        if tender is not None:
            panel = tender_panel(*tender)
            self.set_panel(panel.members, panel.opened, panel.lots)

    @Slot(object)
    def _on_context_tender_changed(self, overview: TenderOverview | None) -> None:
        if overview is not None:
            self.set_overview(overview)
            self.refresh_panel()

    @Slot()
    def _on_context_panel_changed(self) -> None:
        self.refresh_panel()

    def set_panel(
        self,
        members: Sequence[PanelMember],
        opened: ModerationOpened | None,
        lots: Sequence[LotStage] = (),
    ) -> None:
        """Who evaluates and moderates, and where each lot's moderation stands."""
        evaluators = [m.name for m in members if m.role is PanelRole.EVALUATOR]
        moderators = [m.name for m in members if m.role is PanelRole.MODERATOR]
        self.fields["evaluators"].setText(", ".join(evaluators) or "none yet")
        self.fields["moderator"].setText(", ".join(moderators) or "none yet")
        self.fields["moderation"].setText(moderation_line(opened, lots))

    def set_overview(self, overview: TenderOverview) -> None:
        t = overview.tender
        self.title.setText(t.title)
        self.subtitle.setText(f"{t.reference}  ·  {t.authority}")
        missing = sum(1 for r in overview.responses if r.missing)
        counts = {
            "lots": len(overview.lots),
            "criteria": len(overview.criteria),
            "bidders": len(overview.bidders),
            "bids": len(overview.bids),
            "responses": len(overview.responses) - missing,
            "missing": missing,
        }
        for key, number in counts.items():
            self.tiles[key].set_value(number, alert=key == "missing" and number > 0)
        contact = " · ".join(part for part in (t.contact_name, t.contact_email) if part)
        values = {
            "reference": t.reference,
            "authority": t.authority,
            "address": t.authority_address.strip(),
            "regime": fmt.regime_title(t.regime),
            "estimated_value": fmt.money(t.estimated_value, t.currency),
            "contact": contact,
            "signatory": t.signatory,
            "documents": t.tender_documents,
            "scoring_method": fmt.scoring_method(t.scoring_method),
            "tie_break": fmt.tie_break(t.tie_break),
            "scale": overview.scale.describe(),
        }
        for key, value in values.items():
            self.fields[key].setText(value or fmt.NOTHING)
        self.weightings.set_tender(t)
        self.imported.setText(
            f"Imported from {overview.source_name} on {fmt.local_time(overview.imported_at)}"
        )


# Up to this many lots, the Moderation row names each; past it, it counts them.
LOTS_NAMED = 4


def moderation_line(opened: ModerationOpened | None, lots: Sequence[LotStage]) -> str:
    """Where moderation stands in one line: the same for every lot, or lot by lot."""
    started = [lot.opened_at for lot in lots if lot.opened_at is not None]
    if not started and opened is None:
        return "not yet open: each evaluator's scores are theirs alone"
    signed = [lot for lot in lots if lot.signed_off]
    if len(started) == len(lots) and not signed:
        since = opened.at if opened is not None else min(started)
        return f"open since {fmt.local_time(since)}"
    stages = [
        "signed off" if lot.signed_off else "open" if lot.opened else "not yet open" for lot in lots
    ]
    if len(lots) <= LOTS_NAMED:
        return " · ".join(f"Lot {lot.lot} {stage}" for lot, stage in zip(lots, stages, strict=True))
    counted = [(stage, stages.count(stage)) for stage in ("signed off", "open", "not yet open")]
    parts = [f"{number} {stage}" for stage, number in counted if number]
    return f"{len(lots)} lots: " + " · ".join(parts)
