"""Workbooks the panel fills in outside svdesk: the evaluator's score sheet and the
moderation's consensus workbook, written from a tender and imported back.

No Qt here: the command line and the window both call these functions.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

# Loaded when first asked for: a command that writes a workbook with ``sheet_format``
# alone would otherwise load the readers of both sheets, and through them the readers of
# every kind of attachment.
_MODULES = {
    "import_consensus_sheet": "consensus_sheet",
    "read_consensus_sheet": "consensus_sheet",
    "write_consensus_template": "consensus_sheet",
    "ScoreSheet": "score_sheet",
    "import_score_sheet": "score_sheet",
    "read_score_sheet": "score_sheet",
    "write_score_sheet": "score_sheet",
}

__all__ = sorted(_MODULES)


def __getattr__(name: str) -> Any:
    module = _MODULES.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(f"{__name__}.{module}"), name)
