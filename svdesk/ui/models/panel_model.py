"""The evaluation panel as a table: each member, their role, and what they have declared."""

from __future__ import annotations

from svdesk.domain.evaluation_rules import PanelRole
from svdesk.services.panel import PanelMember
from svdesk.ui.formatting import NOTHING, count
from svdesk.ui.models.row_table_model import RowTableModel
from svdesk.ui.theme import BAD_COLOUR


class PanelModel(RowTableModel):
    NAME = 0
    ROLE = 1
    DECLARATIONS = 2

    HEADERS = ("Name", "Role", "Declarations of interest")

    def __init__(self, bidders: int = 0, parent: object = None) -> None:
        super().__init__(parent)
        self._bidders = bidders

    def set_bidders(self, bidders: int) -> None:
        """How many bidders each evaluator must declare for."""
        self._bidders = bidders

    def cell(self, row: PanelMember, column: int) -> str:
        if column == self.NAME:
            return row.name
        if column == self.ROLE:
            return "Evaluator" if row.role is PanelRole.EVALUATOR else "Moderator"
        if row.role is not PanelRole.EVALUATOR:
            return NOTHING  # a moderator scores nothing, and declares nothing here
        declared = f"{row.declared} of {count(self._bidders, 'bidder')}"
        if row.conflicts:
            return f"{declared}; conflict with {', '.join(row.conflicts)}"
        return declared

    def colour(self, row: PanelMember, column: int) -> str | None:
        if column == self.DECLARATIONS and row.conflicts:
            return BAD_COLOUR
        return None

    def tooltip(self, row: PanelMember, column: int) -> str | None:
        if column == self.DECLARATIONS and row.role is PanelRole.EVALUATOR:
            return (
                "An evaluator declares any conflict of interest with each bidder, in their "
                "score sheet, before scoring; a conflict takes them off that bidder."
            )
        return None
