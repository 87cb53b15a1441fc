"""Workbooks the panel fills in outside svdesk: the evaluator's score sheet and the
moderation's consensus workbook, written from a tender and imported back.

No Qt here: the command line and the window both call these functions.
"""

from __future__ import annotations

from svdesk.sheets.consensus_sheet import (
    import_consensus_sheet,
    read_consensus_sheet,
    write_consensus_template,
)
from svdesk.sheets.score_sheet import (
    ScoreSheet,
    import_score_sheet,
    read_score_sheet,
    write_score_sheet,
)

__all__ = [
    "ScoreSheet",
    "import_consensus_sheet",
    "import_score_sheet",
    "read_consensus_sheet",
    "read_score_sheet",
    "write_consensus_template",
    "write_score_sheet",
]
